// End-to-end tests of the local OpenID Provider (www/provider/provider.mjs),
// driven by plain Node fetch: manual redirects, a tiny cookie jar, the login
// form posted like a browser would. ID tokens are verified with jose against
// the provider's own JWKS.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { createLocalJWKSet, jwtVerify, decodeProtectedHeader, decodeJwt, errors as joseErrors } from 'jose';

import { startProvider, CLIENT_ALGS, ACR_MFA, ACR_PWD } from '../../www/provider/provider.mjs';

const APP = 'http://127.0.0.1:4999'; // never contacted: redirects to it are only read
const REDIRECT_URI = `${APP}/callback.html`;
const CLIENTS = Object.entries(CLIENT_ALGS);
const PROVIDER_SCRIPT = fileURLToPath(new URL('../../www/provider/provider.mjs', import.meta.url));

const rand = () => randomBytes(16).toString('base64url');
const b64urlSha256 = (s) => createHash('sha256').update(s).digest('base64url');

/** OIDC Core 3.1.3.6 / 3.3.2.11: left half of the hash of the ASCII value. */
function halfHash(alg, value) {
  const digest = createHash(alg === 'EdDSA' ? 'sha512' : 'sha256').update(value, 'ascii').digest();
  return digest.subarray(0, digest.length / 2).toString('base64url');
}

/** A minimal cookie jar: one host, honours Path and deletion. */
class CookieJar {
  #cookies = new Map(); // `${path}\n${name}` -> { name, value, path }

  store(response, requestUrl) {
    for (const line of response.headers.getSetCookie()) {
      const [pair, ...attrs] = line.split(';').map((s) => s.trim());
      const eq = pair.indexOf('=');
      const name = pair.slice(0, eq);
      const value = pair.slice(eq + 1);
      let path = new URL(requestUrl).pathname.replace(/\/[^/]*$/, '') || '/';
      let expired = value === '';
      for (const attr of attrs) {
        const [k, v = ''] = attr.split('=');
        if (k.toLowerCase() === 'path') path = v || '/';
        if (k.toLowerCase() === 'expires' && Date.parse(v) <= Date.now()) expired = true;
        if (k.toLowerCase() === 'max-age' && Number(v) <= 0) expired = true;
      }
      const key = `${path}\n${name}`;
      if (expired) this.#cookies.delete(key);
      else this.#cookies.set(key, { name, value, path });
    }
  }

  header(url) {
    const { pathname } = new URL(url);
    const match = [...this.#cookies.values()].filter(({ path }) => pathname === path
      || pathname.startsWith(path.endsWith('/') ? path : `${path}/`));
    return match.map(({ name, value }) => `${name}=${value}`).join('; ');
  }
}

/** A user agent: fetch with the jar and manual redirects. */
function agent() {
  const jar = new CookieJar();
  async function request(url, init = {}) {
    const headers = new Headers(init.headers);
    const cookie = jar.header(url);
    if (cookie) headers.set('cookie', cookie);
    const res = await fetch(url, { ...init, headers, redirect: 'manual' });
    jar.store(res, url);
    return res;
  }
  /** Follows redirects until a non-redirect or a URL under `stopAt`. */
  async function follow(url, init, stopAt = APP) {
    let current = url;
    let res = await request(current, init);
    for (let hops = 0; hops < 20; hops += 1) {
      if (res.status < 300 || res.status >= 400) return { url: current, res };
      const next = new URL(res.headers.get('location'), current).href;
      await res.arrayBuffer();
      if (next.startsWith(stopAt)) return { url: next, res, redirected: true };
      current = next;
      res = await request(current);
    }
    throw new Error('too many redirects');
  }
  return { request, follow, jar };
}

let op;
let discovery;

before(async () => {
  op = await startProvider({ port: 0, appOrigin: APP });
  discovery = await (await fetch(`${op.issuer}/.well-known/openid-configuration`)).json();
});

after(async () => {
  await op?.close();
});

async function jwksNow(issuer = op.issuer) {
  const res = await fetch(`${issuer}/jwks`);
  assert.equal(res.status, 200);
  return res.json();
}

function authorizeUrl(issuer, params) {
  const url = new URL(`${issuer}/auth`);
  for (const [k, v] of Object.entries(params)) if (v !== undefined) url.searchParams.set(k, v);
  return url.href;
}

/**
 * Runs an authorization request through the login page. Returns the callback
 * URL's parameters (query for code, fragment for hybrid/implicit), the page
 * HTML, and the agent (its session cookie lives on).
 */
async function signIn(issuer, params, { mfa = false, ua = agent(), expectLogin = true } = {}) {
  let { url, res, redirected } = await ua.follow(authorizeUrl(issuer, params));
  let html;
  if (!redirected) {
    assert.equal(res.status, 200, `expected the login page at ${url}, got ${res.status}: ${await res.clone().text()}`);
    assert.ok(expectLogin, 'a login page was shown where none was expected');
    html = await res.text();
    assert.match(html, /<button[^>]*id="login"[^>]*>Sign in as Alice<\/button>/);
    assert.match(html, /<input[^>]*type="checkbox"[^>]*id="mfa"/);
    const action = html.match(/<form method="post" action="([^"]+)" id="login-form">/)[1];
    const body = new URLSearchParams(mfa ? { mfa: '1' } : {});
    ({ url, res, redirected } = await ua.follow(new URL(action.replace(/&amp;/g, '&'), url).href, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body,
    }));
  } else {
    assert.ok(!expectLogin, 'expected a login page, the OP answered at once');
  }
  assert.ok(redirected, `sign-in ended at ${url} (${res.status}) instead of the redirect URI`);
  const cb = new URL(url);
  assert.equal(`${cb.origin}${cb.pathname}`, params.redirect_uri ?? REDIRECT_URI);
  const query = Object.fromEntries(cb.searchParams);
  const fragment = Object.fromEntries(new URLSearchParams(cb.hash.slice(1)));
  return { query, fragment, html, ua };
}

async function redeem(issuer, clientId, code, codeVerifier, { origin = APP } = {}) {
  const res = await fetch(`${issuer}/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', origin },
    body: new URLSearchParams({
      grant_type: 'authorization_code',
      code,
      redirect_uri: REDIRECT_URI,
      client_id: clientId,
      code_verifier: codeVerifier,
    }),
  });
  return { res, body: await res.json() };
}

async function verifyIdToken(idToken, clientId, { issuer = op.issuer, jwks } = {}) {
  const alg = CLIENT_ALGS[clientId];
  const keys = jwks ?? await jwksNow(issuer);
  const header = decodeProtectedHeader(idToken);
  assert.equal(header.alg, alg, `${clientId}: header alg`);
  assert.ok(keys.keys.some((k) => k.kid === header.kid && k.alg === alg), `${clientId}: kid ${header.kid} not in JWKS`);
  const { payload } = await jwtVerify(idToken, createLocalJWKSet(keys), {
    issuer,
    audience: clientId,
    algorithms: [alg],
  });
  assert.equal(payload.sub, 'alice');
  return { header, payload };
}

test('discovery and JWKS publish four signing keys, CORS-readable', async () => {
  assert.equal(discovery.issuer, op.issuer);
  assert.equal(discovery.jwks_uri, `${op.issuer}/jwks`);
  assert.equal(discovery.token_endpoint, `${op.issuer}/token`);
  assert.deepEqual(discovery.id_token_signing_alg_values_supported.slice().sort(), ['ES256', 'EdDSA', 'PS256', 'RS256']);
  assert.deepEqual(discovery.response_types_supported.slice().sort(), ['code', 'code id_token', 'id_token token']);
  assert.deepEqual(discovery.code_challenge_methods_supported, ['S256']);
  assert.deepEqual(discovery.acr_values_supported, [ACR_PWD, ACR_MFA]);

  for (const path of ['/.well-known/openid-configuration', '/jwks']) {
    const res = await fetch(`${op.issuer}${path}`, { headers: { origin: APP } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), APP, path);
    assert.equal(res.headers.get('cache-control'), 'no-store', path);
    await res.arrayBuffer();
  }

  const { keys } = await jwksNow();
  assert.equal(keys.length, 4);
  assert.equal(new Set(keys.map((k) => k.kid)).size, 4, 'distinct kids');
  const byAlg = Object.fromEntries(keys.map((k) => [k.alg, k]));
  assert.equal(byAlg.RS256.kty, 'RSA');
  assert.equal(byAlg.PS256.kty, 'RSA');
  assert.equal(Buffer.from(byAlg.RS256.n, 'base64url').length * 8, 2048);
  assert.equal(byAlg.ES256.kty, 'EC');
  assert.equal(byAlg.ES256.crv, 'P-256');
  assert.equal(byAlg.EdDSA.kty, 'OKP');
  assert.equal(byAlg.EdDSA.crv, 'Ed25519');
  for (const k of keys) {
    assert.equal(k.use, 'sig');
    assert.equal(k.d, undefined, 'no private parts published');
  }
  assert.deepEqual(op.control.kids().slice().sort(), keys.map((k) => k.kid).sort());
});

for (const [clientId, alg] of CLIENTS) {
  test(`${clientId}: code flow with PKCE yields a verifiable ${alg} ID token`, async () => {
    const verifier = rand() + rand();
    const nonce = rand();
    const state = rand();
    const { query } = await signIn(op.issuer, {
      client_id: clientId,
      response_type: 'code',
      scope: 'openid profile email',
      redirect_uri: REDIRECT_URI,
      code_challenge: b64urlSha256(verifier),
      code_challenge_method: 'S256',
      nonce,
      state,
    });
    assert.equal(query.state, state);
    assert.equal(query.iss, op.issuer);
    assert.ok(query.code);

    const { res, body } = await redeem(op.issuer, clientId, query.code, verifier);
    assert.equal(res.status, 200, JSON.stringify(body));
    assert.equal(res.headers.get('access-control-allow-origin'), APP, 'token endpoint CORS');
    assert.equal(body.token_type, 'Bearer');
    assert.ok(body.access_token);
    const { payload } = await verifyIdToken(body.id_token, clientId);
    assert.equal(payload.nonce, nonce);
    assert.equal(payload.acr, ACR_PWD);
    assert.deepEqual(payload.amr, ['pwd']);
    assert.equal(payload.name, 'Alice Example');
    assert.equal(payload.email, 'alice@example.com');
    assert.equal(payload.email_verified, true);
    // oidc-provider puts no at_hash/c_hash in token-endpoint ID tokens (optional there).
    if (payload.at_hash !== undefined) assert.equal(payload.at_hash, halfHash(alg, body.access_token));
    assert.equal(payload.c_hash, undefined);

    // The access token works at the userinfo endpoint.
    const me = await fetch(discovery.userinfo_endpoint, { headers: { authorization: `Bearer ${body.access_token}` } });
    assert.equal(me.status, 200);
    assert.equal((await me.json()).sub, 'alice');

    // The code is single-use.
    const again = await redeem(op.issuer, clientId, query.code, verifier);
    assert.equal(again.res.status, 400);
    assert.equal(again.body.error, 'invalid_grant');
  });

  test(`${clientId}: hybrid flow (code id_token) returns an ID token with c_hash in the fragment`, async () => {
    const verifier = rand() + rand();
    const nonce = rand();
    const state = rand();
    const { query, fragment } = await signIn(op.issuer, {
      client_id: clientId,
      response_type: 'code id_token',
      scope: 'openid',
      redirect_uri: REDIRECT_URI,
      code_challenge: b64urlSha256(verifier),
      code_challenge_method: 'S256',
      nonce,
      state,
    });
    assert.deepEqual(query, {}, 'nothing in the query');
    assert.equal(fragment.state, state);
    assert.ok(fragment.code);
    const { payload } = await verifyIdToken(fragment.id_token, clientId);
    assert.equal(payload.nonce, nonce);
    assert.equal(payload.c_hash, halfHash(alg, fragment.code));
    assert.equal(payload.at_hash, undefined);
    assert.equal(payload.acr, ACR_PWD);
    assert.deepEqual(payload.amr, ['pwd']);

    // The front-channel code redeems too (PKCE), for a second ID token.
    const { res, body } = await redeem(op.issuer, clientId, fragment.code, verifier);
    assert.equal(res.status, 200, JSON.stringify(body));
    const second = await verifyIdToken(body.id_token, clientId);
    assert.equal(second.payload.nonce, nonce);
  });

  test(`${clientId}: implicit flow (id_token token) returns an ID token with at_hash`, async () => {
    const nonce = rand();
    const state = rand();
    const { query, fragment } = await signIn(op.issuer, {
      client_id: clientId,
      response_type: 'id_token token',
      scope: 'openid email',
      redirect_uri: REDIRECT_URI,
      nonce,
      state,
    });
    assert.deepEqual(query, {});
    assert.equal(fragment.state, state);
    assert.equal(fragment.token_type, 'Bearer');
    assert.ok(fragment.access_token);
    const { payload } = await verifyIdToken(fragment.id_token, clientId);
    assert.equal(payload.nonce, nonce);
    assert.equal(payload.at_hash, halfHash(alg, fragment.access_token));
    assert.equal(payload.c_hash, undefined);
    assert.equal(payload.email, 'alice@example.com');
  });
}

test('PKCE is required and checked; nonce is required for implicit', async () => {
  const ua = agent();
  const noPkce = await ua.follow(authorizeUrl(op.issuer, {
    client_id: 'spa-rs256', response_type: 'code', scope: 'openid', redirect_uri: REDIRECT_URI, state: 's',
  }));
  const err = new URL(noPkce.url).searchParams;
  assert.equal(err.get('error'), 'invalid_request');
  assert.match(err.get('error_description'), /PKCE/);

  const noNonce = await ua.follow(authorizeUrl(op.issuer, {
    client_id: 'spa-rs256', response_type: 'id_token token', scope: 'openid', redirect_uri: REDIRECT_URI,
  }));
  const frag = new URLSearchParams(new URL(noNonce.url).hash.slice(1));
  assert.equal(frag.get('error'), 'invalid_request');
  assert.match(frag.get('error_description'), /nonce/);

  const verifier = rand() + rand();
  const { query } = await signIn(op.issuer, {
    client_id: 'spa-es256', response_type: 'code', scope: 'openid', redirect_uri: REDIRECT_URI,
    code_challenge: b64urlSha256(verifier), code_challenge_method: 'S256',
  });
  const wrong = await redeem(op.issuer, 'spa-es256', query.code, `${verifier}x`);
  assert.equal(wrong.res.status, 400);
  assert.equal(wrong.body.error, 'invalid_grant');
});

test('token endpoint CORS refuses an unknown origin', async () => {
  const verifier = rand() + rand();
  const { query } = await signIn(op.issuer, {
    client_id: 'spa-rs256', response_type: 'code', scope: 'openid', redirect_uri: REDIRECT_URI,
    code_challenge: b64urlSha256(verifier), code_challenge_method: 'S256',
  });
  const { res, body } = await redeem(op.issuer, 'spa-rs256', query.code, verifier, { origin: 'http://127.0.0.1:1' });
  assert.equal(res.status, 400);
  assert.equal(body.error, 'invalid_request');
  assert.equal(res.headers.get('access-control-allow-origin'), null);

  const pre = await fetch(`${op.issuer}/token`, {
    method: 'OPTIONS',
    headers: { origin: APP, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type' },
  });
  assert.equal(pre.status, 204);
  assert.equal(pre.headers.get('access-control-allow-origin'), APP);
});

test('step-up: acr_values + max_age with the second factor', async () => {
  const ua = agent();
  const verifier = rand() + rand();
  const nonce = rand();
  const before = Math.floor(Date.now() / 1000);
  const { query, html } = await signIn(op.issuer, {
    client_id: 'spa-ps256', response_type: 'code', scope: 'openid', redirect_uri: REDIRECT_URI,
    code_challenge: b64urlSha256(verifier), code_challenge_method: 'S256', nonce,
    acr_values: ACR_MFA, max_age: '300',
  }, { mfa: true, ua });
  assert.match(html, new RegExp(`id="acr-values">${ACR_MFA}<`));
  const { body } = await redeem(op.issuer, 'spa-ps256', query.code, verifier);
  const { payload } = await verifyIdToken(body.id_token, 'spa-ps256');
  assert.equal(payload.acr, ACR_MFA);
  assert.deepEqual(payload.amr, ['pwd', 'otp']);
  assert.equal(typeof payload.auth_time, 'number');
  assert.ok(payload.auth_time >= before - 1 && payload.auth_time <= Math.ceil(Date.now() / 1000) + 1);

  // Same session, no max_age: signed in silently, no auth_time, same acr.
  const silent = await signIn(op.issuer, {
    client_id: 'spa-ps256', response_type: 'id_token token', scope: 'openid', redirect_uri: REDIRECT_URI, nonce,
  }, { ua, expectLogin: false });
  const s = await verifyIdToken(silent.fragment.id_token, 'spa-ps256');
  assert.equal(s.payload.acr, ACR_MFA);
  assert.equal(s.payload.auth_time, undefined);

  // max_age=0 forces a new login; without the box the acr drops to pwd.
  const again = await signIn(op.issuer, {
    client_id: 'spa-ps256', response_type: 'id_token token', scope: 'openid', redirect_uri: REDIRECT_URI, nonce,
    acr_values: ACR_MFA, max_age: '0',
  }, { ua, mfa: false });
  const a = await verifyIdToken(again.fragment.id_token, 'spa-ps256');
  assert.equal(a.payload.acr, ACR_PWD);
  assert.deepEqual(a.payload.amr, ['pwd']);
  assert.equal(typeof a.payload.auth_time, 'number');
});

test('step-up: a pwd session asked for acr_values=mfa shows the login page again', async () => {
  const ua = agent();
  const implicit = (extra) => ({
    client_id: 'spa-rs256', response_type: 'id_token token', scope: 'openid', redirect_uri: REDIRECT_URI,
    nonce: rand(), ...extra,
  });
  const first = await signIn(op.issuer, implicit({}), { ua });
  assert.equal((await verifyIdToken(first.fragment.id_token, 'spa-rs256')).payload.acr, ACR_PWD);

  // prompt=none cannot step up: acr_values is voluntary, the pwd session answers.
  const none = await signIn(op.issuer, implicit({ acr_values: ACR_MFA, prompt: 'none' }), { ua, expectLogin: false });
  assert.equal((await verifyIdToken(none.fragment.id_token, 'spa-rs256')).payload.acr, ACR_PWD);

  // Without prompt=none the login page comes back, and says why.
  const up = await signIn(op.issuer, implicit({ acr_values: `${ACR_MFA}` }), { ua, mfa: true });
  assert.match(up.html, /id="reasons">[^<]*acr_values_unmet/);
  const { payload } = await verifyIdToken(up.fragment.id_token, 'spa-rs256');
  assert.equal(payload.acr, ACR_MFA);
  assert.deepEqual(payload.amr, ['pwd', 'otp']);

  // The mfa session satisfies either value silently.
  const again = await signIn(op.issuer, implicit({ acr_values: `${ACR_PWD} ${ACR_MFA}` }), { ua, expectLogin: false });
  assert.equal((await verifyIdToken(again.fragment.id_token, 'spa-rs256')).payload.acr, ACR_MFA);

  // Declining the second factor at the step-up page still completes, with acr pwd.
  const ua2 = agent();
  await signIn(op.issuer, implicit({}), { ua: ua2 });
  const declined = await signIn(op.issuer, implicit({ acr_values: ACR_MFA }), { ua: ua2, mfa: false });
  assert.equal((await verifyIdToken(declined.fragment.id_token, 'spa-rs256')).payload.acr, ACR_PWD);
});

test('consent is automatic, also with prompt=consent', async () => {
  const ua = agent();
  const params = (extra) => ({
    client_id: 'spa-es256', response_type: 'id_token token', scope: 'openid', redirect_uri: REDIRECT_URI,
    nonce: rand(), ...extra,
  });
  await signIn(op.issuer, params({}), { ua });
  // New scopes on an existing grant: no page.
  const more = await signIn(op.issuer, params({ scope: 'openid profile email' }), { ua, expectLogin: false });
  const p1 = (await verifyIdToken(more.fragment.id_token, 'spa-es256')).payload;
  assert.equal(p1.name, 'Alice Example');
  assert.match(more.fragment.scope, /email/);
  // prompt=consent goes through the interaction URL, which grants and redirects at once.
  const forced = await signIn(op.issuer, params({ prompt: 'consent' }), { ua, expectLogin: false });
  assert.ok(forced.fragment.id_token, JSON.stringify(forced.fragment));
  // The claims parameter asks for a claim outside the scope; it is granted too.
  const claims = await signIn(op.issuer, params({ claims: JSON.stringify({ id_token: { email: null } }) }), { ua, expectLogin: false });
  assert.equal((await verifyIdToken(claims.fragment.id_token, 'spa-es256')).payload.email, 'alice@example.com');
});

test('cancel at the login page returns access_denied to the redirect URI', async () => {
  const ua = agent();
  const state = rand();
  const { url, res } = await ua.follow(authorizeUrl(op.issuer, {
    client_id: 'spa-eddsa', response_type: 'id_token token', scope: 'openid', redirect_uri: REDIRECT_URI,
    nonce: rand(), state,
  }));
  const html = await res.text();
  const action = html.match(/<form method="post" action="([^"]+)" id="cancel-form">/)[1];
  const done = await ua.follow(new URL(action, url).href, { method: 'POST' });
  const frag = new URLSearchParams(new URL(done.url).hash.slice(1));
  assert.equal(frag.get('error'), 'access_denied');
  assert.equal(frag.get('state'), state);
});

test('rotateKeys replaces every kid; new tokens carry a kid the old JWKS lacks', async () => {
  const oldJwks = await jwksNow();
  const oldKids = new Set(oldJwks.keys.map((k) => k.kid));
  const newKids = await op.control.rotateKeys();
  assert.equal(newKids.length, 4);
  for (const kid of newKids) assert.ok(!oldKids.has(kid), `kid ${kid} reused`);
  const newJwks = await jwksNow();
  assert.deepEqual(newJwks.keys.map((k) => k.kid).sort(), [...newKids].sort());

  for (const [clientId] of CLIENTS) {
    const nonce = rand();
    const { fragment } = await signIn(op.issuer, {
      client_id: clientId, response_type: 'id_token token', scope: 'openid', redirect_uri: REDIRECT_URI, nonce,
    });
    const { header } = await verifyIdToken(fragment.id_token, clientId, { jwks: newJwks });
    assert.ok(newKids.includes(header.kid));
    await assert.rejects(
      jwtVerify(fragment.id_token, createLocalJWKSet(oldJwks), { issuer: op.issuer, audience: clientId }),
      joseErrors.JWKSNoMatchingKey,
    );
  }

  // The HTTP control endpoint rotates too.
  const res = await fetch(`${op.origin}/__control/rotate`, { method: 'POST', headers: { origin: APP } });
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('access-control-allow-origin'), APP);
  const { kids } = await res.json();
  assert.deepEqual((await jwksNow()).keys.map((k) => k.kid).sort(), kids.slice().sort());
  assert.ok(kids.every((k) => !newKids.includes(k)));
});

test('stats count JWKS and discovery requests at the HTTP layer', async () => {
  op.control.resetStats();
  assert.deepEqual(op.control.stats(), { jwksRequests: 0, discoveryRequests: 0 });
  await jwksNow();
  await jwksNow();
  await (await fetch(`${op.issuer}/.well-known/openid-configuration`)).json();
  // A CORS preflight is not a fetch of the document.
  await fetch(`${op.issuer}/jwks`, { method: 'OPTIONS', headers: { origin: APP, 'access-control-request-method': 'GET' } });
  assert.deepEqual(op.control.stats(), { jwksRequests: 2, discoveryRequests: 1 });

  const viaHttp = await (await fetch(`${op.origin}/__control/stats`)).json();
  assert.deepEqual(viaHttp, { jwksRequests: 2, discoveryRequests: 1 });
  const reset = await fetch(`${op.origin}/__control/reset-stats`, { method: 'POST' });
  assert.deepEqual(await reset.json(), { jwksRequests: 0, discoveryRequests: 0 });
});

test('jwks-mode: down answers 503, junk answers 200 non-JSON, both CORS-readable', async () => {
  try {
    op.control.setJwksMode('down');
    let res = await fetch(`${op.issuer}/jwks`, { headers: { origin: APP } });
    assert.equal(res.status, 503);
    assert.equal(res.headers.get('access-control-allow-origin'), APP);
    await res.arrayBuffer();

    const set = await fetch(`${op.origin}/__control/jwks-mode?mode=junk`, { method: 'POST' });
    assert.deepEqual(await set.json(), { mode: 'junk' });
    res = await fetch(`${op.issuer}/jwks`, { headers: { origin: APP } });
    assert.equal(res.status, 200);
    assert.equal(res.headers.get('access-control-allow-origin'), APP);
    const text = await res.text();
    assert.throws(() => JSON.parse(text), SyntaxError);

    assert.throws(() => op.control.setJwksMode('sideways'), TypeError);
    const bad = await fetch(`${op.origin}/__control/jwks-mode?mode=sideways`, { method: 'POST' });
    assert.equal(bad.status, 400);
    await bad.arrayBuffer();

    await (await fetch(`${op.origin}/__control/jwks-mode?mode=ok`, { method: 'POST' })).arrayBuffer();
    const { keys } = await jwksNow();
    assert.equal(keys.length, 4);
  } finally {
    op.control.setJwksMode('ok');
  }
});

test('discovery issuer override, restored with null', async () => {
  const url = `${op.issuer}/.well-known/openid-configuration`;
  try {
    op.control.setDiscoveryIssuer('https://evil.example');
    let doc = await (await fetch(url)).json();
    assert.equal(doc.issuer, 'https://evil.example');
    assert.equal(doc.jwks_uri, `${op.issuer}/jwks`, 'only the issuer changes');

    const other = `${op.issuer}/`;
    const set = await fetch(`${op.origin}/__control/discovery-issuer?value=${encodeURIComponent(other)}`, { method: 'POST' });
    assert.deepEqual(await set.json(), { issuer: other });
    doc = await (await fetch(url)).json();
    assert.equal(doc.issuer, other);

    await (await fetch(`${op.origin}/__control/discovery-issuer`, { method: 'POST' })).arrayBuffer();
    doc = await (await fetch(url)).json();
    assert.equal(doc.issuer, op.issuer);

    op.control.setDiscoveryIssuer('x');
    op.control.setDiscoveryIssuer(null);
    doc = await (await fetch(url)).json();
    assert.equal(doc.issuer, op.issuer);
  } finally {
    op.control.setDiscoveryIssuer(null);
  }
});

test('issuerPath mounts the provider under a path', async () => {
  const sub = await startProvider({ port: 0, appOrigin: APP, issuerPath: '/oidc' });
  try {
    assert.match(sub.issuer, /^http:\/\/127\.0\.0\.1:\d+\/oidc$/);
    const doc = await (await fetch(`${sub.issuer}/.well-known/openid-configuration`)).json();
    assert.equal(doc.issuer, sub.issuer);
    assert.equal(doc.authorization_endpoint, `${sub.issuer}/auth`);
    assert.equal(doc.jwks_uri, `${sub.issuer}/jwks`);
    assert.equal((await fetch(`${sub.origin}/.well-known/openid-configuration`)).status, 404);

    const verifier = rand() + rand();
    const nonce = rand();
    const { query } = await signIn(sub.issuer, {
      client_id: 'spa-eddsa', response_type: 'code', scope: 'openid', redirect_uri: REDIRECT_URI,
      code_challenge: b64urlSha256(verifier), code_challenge_method: 'S256', nonce,
    }, { mfa: true });
    const { res, body } = await redeem(sub.issuer, 'spa-eddsa', query.code, verifier);
    assert.equal(res.status, 200, JSON.stringify(body));
    const { payload } = await verifyIdToken(body.id_token, 'spa-eddsa', { issuer: sub.issuer });
    assert.equal(payload.nonce, nonce);
    assert.equal(payload.acr, ACR_MFA);
    assert.equal(sub.control.stats().jwksRequests, 1);
  } finally {
    await sub.close();
  }
});

test('CLI starts, prints the issuer and clients, stops on SIGTERM', async () => {
  const child = spawn(process.execPath, [PROVIDER_SCRIPT, '--port', '0', '--app', APP], {
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout.setEncoding('utf8');
  child.stderr.setEncoding('utf8');
  child.stderr.on('data', (d) => { out += d; });
  const exited = new Promise((ok) => child.once('exit', (code, signal) => ok({ code, signal })));
  try {
    await new Promise((ok, fail) => {
      const timer = setTimeout(() => fail(new Error(`CLI did not start: ${out}`)), 15000);
      child.stdout.on('data', (d) => {
        out += d;
        if (/^control: /m.test(out)) { clearTimeout(timer); ok(); }
      });
      child.once('exit', () => { clearTimeout(timer); fail(new Error(`CLI exited: ${out}`)); });
    });
    const issuer = out.match(/^issuer: (\S+)$/m)[1];
    for (const id of Object.keys(CLIENT_ALGS)) assert.match(out, new RegExp(`^client: ${id} `, 'm'));
    const doc = await (await fetch(`${issuer}/.well-known/openid-configuration`)).json();
    assert.equal(doc.issuer, issuer);
  } finally {
    child.kill('SIGTERM');
  }
  const { code } = await exited;
  assert.equal(code, 0, out);
});

test('ID token claims a browser SPA relies on (decoded view)', async () => {
  const nonce = rand();
  const { fragment } = await signIn(op.issuer, {
    client_id: 'spa-rs256', response_type: 'id_token token', scope: 'openid profile email', redirect_uri: REDIRECT_URI, nonce,
  });
  const claims = decodeJwt(fragment.id_token);
  for (const k of ['iss', 'sub', 'aud', 'exp', 'iat', 'nonce', 'at_hash', 'acr', 'amr', 'name', 'email']) {
    assert.ok(k in claims, `missing ${k}`);
  }
  assert.equal(claims.aud, 'spa-rs256');
  assert.ok(claims.exp - claims.iat >= 3000);
});
