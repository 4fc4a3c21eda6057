// The oidc-client-ts example page (www/oidc-client-ts.html): the same page
// starts the sign-in and is the redirect_uri. With "Validate with idtoken"
// on, verifyUserManager() checks the ID token before oidc-client-ts stores
// the user; off, oidc-client-ts alone decides. "The provider tampers" asks
// the demo provider to flip a byte of the ID token's signature.
//
// window.oidcDemo = { ready, result } is what the end-to-end test reads.
import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { verifyUserManager } from 'idtoken/oidc-client-ts';
import { config } from './config.mjs';

const PENDING = 'idtoken-oidc-client-ts-demo';
const $ = (id) => document.getElementById(id);
const cfg = await config();
const controlUrl = (name) => new URL(`/__control/${name}`, new URL(cfg.issuer).origin);
window.oidcDemo = { ready: false, result: null };

// oidc-client-ts cannot read encrypted ID tokens: signing clients only.
const clients = cfg.clients.filter((c) => !c.encryption);
for (const c of clients) $('client').add(new Option(`${c.clientId} (${c.alg})`, c.clientId));
$('issuer').textContent = `Provider: ${cfg.issuer}`;
const q = new URLSearchParams(location.search);
if (q.get('client')) $('client').value = q.get('client');
if (q.get('verify') === '0') $('verify').checked = false;
$('tamper').checked = (await (await fetch(controlUrl('state'))).json()).tamperMode !== 'none';

/** A UserManager for `clientId`, with idtoken's checks when `verify`. */
function userManager(clientId, verify) {
  const manager = new UserManager({
    authority: cfg.issuer,
    client_id: clientId,
    redirect_uri: `${location.origin}/oidc-client-ts.html`,
    post_logout_redirect_uri: `${location.origin}/oidc-client-ts.html`,
    response_type: 'code',
    scope: 'openid profile email',
    automaticSilentRenew: false,
    userStore: new WebStorageStateStore({ store: window.sessionStorage }),
  });
  return verify ? verifyUserManager(manager) : manager;
}

async function setTamper(on) {
  const r = await fetch(controlUrl(`tamper?mode=${on ? 'id-token-signature' : 'none'}`), { method: 'POST' });
  if (!r.ok) throw new Error(`provider control: HTTP ${r.status}`);
}

const decodePart = (part) => JSON.parse(new TextDecoder().decode(
  Uint8Array.from(atob(part.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0)),
));

function show(result) {
  const out = $('result');
  const verdict = document.createElement('div');
  verdict.className = `verdict ${result.ok ? 'ok' : 'bad'}`;
  verdict.dataset.verdict = result.ok ? 'signed-in' : 'refused';
  const by = result.verified ? 'oidc-client-ts + idtoken' : 'oidc-client-ts alone';
  // Provider-supplied text goes in as text, never as HTML.
  verdict.textContent = result.ok
    ? `Signed in as ${result.user.name ?? result.user.sub} (${by})`
    : `Refused (${by}): ${result.error.code ?? result.error.name}: ${result.error.message}`;
  const details = document.createElement('p');
  details.className = 'muted';
  details.textContent = result.ok
    ? `ID token ${result.header.alg}, kid ${result.header.kid}; nonce ${result.claims.nonce === result.nonce ? 'as sent' : 'NOT as sent'}; `
      + `at_hash ${result.claims.at_hash ? 'present' : 'absent'}; signature ${result.verified ? 'verified by idtoken' : 'not verified by anyone'}.`
    : `Stored user afterwards: ${result.storedUser ? 'yes' : 'none'}.`;
  out.replaceChildren(verdict, details);
}

async function callback() {
  const pending = JSON.parse(sessionStorage.getItem(PENDING) ?? 'null');
  if (!pending) return { ok: false, verified: false, error: { name: 'Error', message: 'no sign-in pending in this tab' } };
  const manager = userManager(pending.clientId, pending.verify);
  let result;
  try {
    const user = await manager.signinCallback();
    // Decoded for display only (oidc-client-ts's profile drops nonce and
    // at_hash); the checks were made, or not, before this point.
    const [header, claims] = user.id_token.split('.').slice(0, 2).map(decodePart);
    result = {
      ok: true,
      verified: pending.verify,
      nonce: pending.nonce,
      header,
      claims,
      user: user.profile,
      idToken: user.id_token,
      accessToken: user.access_token,
    };
  } catch (e) {
    result = {
      ok: false,
      verified: pending.verify,
      error: { name: e?.name, code: e?.code, message: e?.message ?? String(e) },
      storedUser: (await manager.getUser()) !== null,
    };
  }
  sessionStorage.removeItem(PENDING);
  history.replaceState(null, '', `/oidc-client-ts.html?client=${pending.clientId}${pending.verify ? '' : '&verify=0'}`);
  $('client').value = pending.clientId;
  $('verify').checked = pending.verify;
  return result;
}

$('signin').addEventListener('submit', async (e) => {
  e.preventDefault();
  const clientId = $('client').value;
  const verify = $('verify').checked;
  await setTamper($('tamper').checked);
  // oidc-client-ts sends a nonce when asked to, and keeps it in its state
  // store; the adapter then requires it in the ID token.
  const nonce = crypto.randomUUID();
  sessionStorage.setItem(PENDING, JSON.stringify({ clientId, verify, nonce }));
  await userManager(clientId, verify).signinRedirect({ nonce });
});

$('signout').addEventListener('click', async () => {
  await userManager($('client').value, false).removeUser();
  $('result').replaceChildren(Object.assign(document.createElement('p'), { className: 'muted', textContent: 'Not signed in.' }));
});

const params = new URLSearchParams(location.search);
if (params.has('state') && (params.has('code') || params.has('error'))) {
  const result = await callback();
  show(result);
  window.oidcDemo.result = result;
}
window.oidcDemo.ready = true;
