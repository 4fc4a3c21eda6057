// The client side of the sign-in: the authorization request (with state,
// nonce and PKCE), and the code redemption at the token endpoint.

const b64u = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
export const random = (n = 32) => b64u(crypto.getRandomValues(new Uint8Array(n)));

async function s256(verifier) {
  return b64u(new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(verifier))));
}

export const FLOWS = {
  code: { responseType: 'code', label: 'Authorization code + PKCE' },
  hybrid: { responseType: 'code id_token', label: 'Hybrid (code id_token)' },
  implicit: { responseType: 'id_token token', label: 'Implicit (id_token token)' },
};

/** The provider's metadata (endpoints), fetched without credentials. */
export async function metadata(issuer) {
  const r = await fetch(`${issuer.replace(/\/$/, '')}/.well-known/openid-configuration`, { credentials: 'omit' });
  if (!r.ok) throw new Error(`discovery failed: HTTP ${r.status}`);
  return r.json();
}

/** Starts the sign-in: stores the request in sessionStorage and navigates to the provider. */
export async function signIn({ issuer, clientId, flow, redirectUri, maxAge, acrValues, prompt }) {
  const meta = await metadata(issuer);
  const request = { issuer, clientId, flow, redirectUri, state: random(), nonce: random(), verifier: random(48), maxAge, acrValues, started: Date.now() };
  sessionStorage.setItem(`idtoken-demo:${request.state}`, JSON.stringify(request));
  const url = new URL(meta.authorization_endpoint);
  const p = url.searchParams;
  p.set('client_id', clientId);
  p.set('redirect_uri', redirectUri);
  p.set('response_type', FLOWS[flow].responseType);
  p.set('scope', 'openid profile email');
  p.set('state', request.state);
  p.set('nonce', request.nonce);
  if (flow !== 'implicit') {
    p.set('code_challenge', await s256(request.verifier));
    p.set('code_challenge_method', 'S256');
  }
  if (maxAge !== undefined) p.set('max_age', String(maxAge));
  if (acrValues?.length) p.set('acr_values', acrValues.join(' '));
  if (prompt) p.set('prompt', prompt);
  location.assign(url.toString());
}

/** Reads the authorization response from the query or fragment, with its stored request. */
export function readResponse() {
  const params = new URLSearchParams(location.hash.length > 1 ? location.hash.slice(1) : location.search);
  const state = params.get('state');
  const stored = state && sessionStorage.getItem(`idtoken-demo:${state}`);
  if (!stored) throw new Error('no pending sign-in for this state (replayed or foreign response)');
  sessionStorage.removeItem(`idtoken-demo:${state}`);
  if (params.get('error')) throw new Error(`${params.get('error')}: ${params.get('error_description') ?? ''}`);
  return { request: JSON.parse(stored), params };
}

/** Redeems an authorization code (public client with PKCE). */
export async function redeem(request, code) {
  const meta = await metadata(request.issuer);
  const body = new URLSearchParams({
    grant_type: 'authorization_code',
    code,
    redirect_uri: request.redirectUri,
    client_id: request.clientId,
    code_verifier: request.verifier,
  });
  const r = await fetch(meta.token_endpoint, { method: 'POST', body, credentials: 'omit' });
  const json = await r.json();
  if (!r.ok) throw new Error(`token endpoint: ${json.error ?? r.status} ${json.error_description ?? ''}`);
  return json;
}
