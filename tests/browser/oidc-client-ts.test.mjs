// idtoken/oidc-client-ts (pkg/oidc-client-ts.js) in headless Chromium with
// the real oidc-client-ts (npm, ESM build): a page runs UserManager's
// signinCallback against a small provider in Node (discovery, JWKS and a
// token endpoint that returns the jose-minted token the test queues). Each
// broken token is run twice: oidc-client-ts alone signs the user in,
// verifyUserManager() refuses it with idtoken's code and stores no user.
// Also the refresh-token path and the verifier's own API.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { createServer } from 'node:http';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { launch, watchErrors } from '../support/chromium.mjs';
import { serveStatic } from '../../scripts/static-server.mjs';
import { idClaims, mintKey, mintToken } from '../support/mint.mjs';

const PKG = fileURLToPath(new URL('../../pkg/', import.meta.url));
const NODE_MODULES = fileURLToPath(new URL('../../node_modules/', import.meta.url));
const CLIENT_ID = 'app';

const PAGE = `<!doctype html><meta charset="utf-8"><title>oidc-client-ts adapter</title>
<script type="importmap">{ "imports": {
  "oidc-client-ts": "/vendor/oidc-client-ts/dist/esm/oidc-client-ts.js",
  "jwt-decode": "/vendor/jwt-decode/build/esm/index.js",
  "idtoken/oidc-client-ts": "/pkg/oidc-client-ts.js"
} }</script>
<script type="module">
import { UserManager, WebStorageStateStore, InMemoryWebStorage } from 'oidc-client-ts';
import { verifyUserManager, createIdTokenVerifier, IdTokenVerifier } from 'idtoken/oidc-client-ts';

const { issuer } = await (await fetch('/cfg.json')).json();
const memory = () => new WebStorageStateStore({ store: new InMemoryWebStorage() });
const refused = (e) => ({ ok: false, name: e?.name ?? null, code: e?.code ?? null, message: String(e?.message ?? e) });
let um;
const stored = async () => (await um.getUser()) !== null;

window.adapter = {
  /** A fresh UserManager (with the adapter when verify), and a pending sign-in request. */
  async start({ verify, nonce, keep = false }) {
    if (!keep || !um) {
      um = new UserManager({
        authority: issuer, client_id: '${CLIENT_ID}', redirect_uri: location.origin + '/cb',
        response_type: 'code', scope: 'openid', automaticSilentRenew: false,
        userStore: memory(), stateStore: memory(),
      });
      if (verify === 'spy') {
        // A real validator that also records what the adapter asked it to check.
        const real = (await createIdTokenVerifier(um)).validator;
        window.seen = [];
        const spy = { validateAsync: (token, checks) => { window.seen.push(checks); return real.validateAsync(token, checks); } };
        verifyUserManager(um, { verifier: new IdTokenVerifier(spy) });
      } else if (verify) {
        verifyUserManager(um);
      }
    }
    // What signinRedirect does before it navigates.
    const request = await um._client.createSigninRequest({ request_type: 'si:r', ...(nonce ? { nonce } : {}) });
    return { state: request.state.id };
  },
  /** The callback: the provider redirected back with a code for that state. */
  async finish(state) {
    try {
      const user = await um.signinCallback(location.origin + '/cb?code=the-code&state=' + encodeURIComponent(state));
      return { ok: true, sub: user.profile.sub, stored: await stored() };
    } catch (e) {
      return { ...refused(e), stored: await stored() };
    }
  },
  /** Silent renew with the stored user's refresh token. */
  async refresh() {
    try {
      const user = await um.signinSilent();
      return { ok: true, sub: user.profile.sub, idToken: user.id_token, stored: await stored() };
    } catch (e) {
      return { ...refused(e), stored: await stored() };
    }
  },
  /** The verifier's own API, with discovery. */
  async verifier({ idToken, accessToken, nonce }) {
    const verifier = await createIdTokenVerifier({ authority: issuer, client_id: '${CLIENT_ID}' });
    const out = { isVerifier: verifier instanceof IdTokenVerifier };
    out.user = await verifier.verifyUser({ id_token: idToken, access_token: accessToken }).then((r) => r.claims.sub, refused);
    out.response = await verifier.verifySigninResponse({ id_token: idToken, access_token: accessToken }, { nonce }).then((r) => r.claims.nonce, refused);
    out.wrongNonce = await verifier.verifySigninResponse({ id_token: idToken }, { nonce: 'not-' + nonce }).then(() => ({ ok: true }), refused);
    out.noIdToken = await verifier.verifySigninResponse({ access_token: accessToken }).then(() => ({ ok: true }), refused);
    out.notAClient = (() => { try { verifyUserManager({ settings: { authority: issuer, client_id: 'x' } }); return { ok: true }; } catch (e) { return refused(e); } })();
    return out;
  },
};
window.ready = true;
</script>`;

let op;
let app;
let browser;
let page;
let errors;
let key;
const queue = [];

/** at_hash / c_hash for ES256: the left half of SHA-256, base64url. */
const halfHash = (value) => createHash('sha256').update(value).digest().subarray(0, 16).toString('base64url');

/** A tiny provider: discovery, JWKS, and a token endpoint answering from `queue`. */
async function startOp() {
  const server = createServer(async (req, res) => {
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*', 'access-control-allow-methods': 'GET, POST' };
    const send = (status, body) => {
      res.writeHead(status, { ...cors, 'content-type': 'application/json', 'cache-control': 'no-store' });
      res.end(JSON.stringify(body));
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors).end();
      return;
    }
    const { pathname } = new URL(req.url, 'http://x');
    if (pathname === '/.well-known/openid-configuration') {
      send(200, {
        issuer: op.issuer,
        authorization_endpoint: `${op.issuer}/auth`,
        token_endpoint: `${op.issuer}/token`,
        jwks_uri: `${op.issuer}/jwks`,
        response_types_supported: ['code'],
        subject_types_supported: ['public'],
        id_token_signing_alg_values_supported: ['ES256'],
      });
    } else if (pathname === '/jwks') {
      send(200, { keys: [key.jwk] });
    } else if (pathname === '/token' && req.method === 'POST') {
      let body = '';
      for await (const chunk of req) body += chunk;
      const grant = new URLSearchParams(body).get('grant_type');
      const next = queue.shift();
      if (!next || next.grant !== grant) send(400, { error: 'invalid_grant', error_description: `test queued ${next?.grant}, got ${grant}` });
      else send(200, next.body);
    } else {
      send(404, { error: 'not_found' });
    }
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const issuer = `http://127.0.0.1:${server.address().port}`;
  return { issuer, close: () => new Promise((ok) => { server.closeAllConnections(); server.close(ok); }) };
}

before(async () => {
  if (!existsSync(new URL('oidc-client-ts.js', `file://${PKG}`))) {
    throw new Error('pkg/oidc-client-ts.js is missing: build the package with `make build`');
  }
  key = await mintKey('ES256', 'op-key');
  op = await startOp();
  app = await serveStatic({
    '/pkg/': PKG,
    '/vendor/oidc-client-ts/': `${NODE_MODULES}oidc-client-ts/`,
    '/vendor/jwt-decode/': `${NODE_MODULES}jwt-decode/`,
  }, {
    '/': { body: PAGE },
    '/cfg.json': { body: () => JSON.stringify({ issuer: op.issuer }), type: 'application/json' },
  });
  browser = await launch();
  page = await browser.context.newPage();
  errors = watchErrors(page);
  await page.goto(`${app.url}/`);
  await page.waitForFunction(() => window.ready === true);
});

after(async () => {
  await browser?.close();
  await app?.close();
  await op?.close();
});

/** A token response for `claims` (merged over genuine ones) signed by `signer`. */
async function tokenResponse({ nonce, claims = {}, signer = key, accessToken = `at-${Math.random()}`, edit = (t) => t, refreshToken }) {
  const base = idClaims({ issuer: op.issuer, clientId: CLIENT_ID, sub: 'alice', nonce: nonce ?? undefined, at_hash: halfHash(accessToken) });
  const idToken = edit(await mintToken(signer, { ...base, ...claims }));
  return {
    access_token: accessToken, token_type: 'Bearer', expires_in: 300, id_token: idToken,
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
  };
}

/** Signs in through signinCallback with the token response `body`. */
async function signIn({ verify, nonce = `n-${Math.random()}`, keep = false, response }) {
  const { state } = await page.evaluate((args) => window.adapter.start(args), { verify, nonce, keep });
  queue.push({ grant: 'authorization_code', body: await tokenResponse({ nonce, ...response }) });
  const result = await page.evaluate((s) => window.adapter.finish(s), state);
  assert.equal(queue.length, 0, 'the token endpoint was called');
  return result;
}

const flipSignature = (t) => {
  const at = t.lastIndexOf('.') + 10;
  return `${t.slice(0, at)}${t[at] === 'A' ? 'B' : 'A'}${t.slice(at + 1)}`;
};
const unsigned = (t) => {
  const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
  return `${header}.${t.split('.')[1]}.`;
};
const now = () => Math.floor(Date.now() / 1000);

test('a genuine sign-in passes, with the nonce from the state store and at_hash against the access token', async () => {
  const result = await signIn({ verify: true });
  assert.deepEqual(result, { ok: true, sub: 'alice', stored: true });
  assert.deepEqual(errors, []);
});

test('the adapter asks idtoken for the nonce of the request, at_hash against the access token and c_hash against the code', async () => {
  const nonce = 'nonce-of-this-request';
  const accessToken = 'the-access-token';
  assert.deepEqual(await signIn({ verify: 'spy', nonce, response: { accessToken } }), { ok: true, sub: 'alice', stored: true });
  assert.deepEqual(await page.evaluate(() => window.seen), [{ nonce, accessToken, code: 'the-code' }]);
  // A request without a nonce: none is required.
  await signIn({ verify: 'spy', nonce: null, response: { accessToken } });
  assert.deepEqual(await page.evaluate(() => window.seen), [{ accessToken, code: 'the-code' }]);
});

const BROKEN = [
  ['a flipped signature byte', { edit: flipSignature }, 'ERR_BAD_SIGNATURE'],
  ['alg none', { edit: unsigned }, 'ERR_ALG_NOT_ALLOWED'],
  ['a key the provider does not publish', { signer: 'attacker' }, 'ERR_NO_MATCHING_KEY'],
  ['another issuer', { claims: { iss: 'https://evil.example' } }, 'ERR_ISSUER'],
  ['another audience', { claims: { aud: 'other-app' } }, 'ERR_AUDIENCE'],
  ['azp naming another client', { claims: { aud: [CLIENT_ID], azp: 'other-app' } }, 'ERR_AZP'],
  ['an expired token', { claims: { iat: now() - 7200, exp: now() - 3600 } }, 'ERR_EXPIRED'],
  ['iat in the future', { claims: { iat: now() + 3600, exp: now() + 7200 } }, 'ERR_IAT'],
  ['at_hash of another access token', { claims: { at_hash: halfHash('another access token') } }, 'ERR_AT_HASH'],
];

test('broken ID tokens: oidc-client-ts alone signs the user in, the adapter refuses and stores no user', async () => {
  const attacker = await mintKey('ES256', 'attacker-key');
  for (const [name, response, code] of BROKEN) {
    const r = { ...response, ...(response.signer === 'attacker' ? { signer: attacker } : {}) };
    const alone = await signIn({ verify: false, response: r });
    assert.deepEqual(alone, { ok: true, sub: 'alice', stored: true }, `${name}: oidc-client-ts alone`);
    const checked = await signIn({ verify: true, response: r });
    assert.equal(checked.ok, false, `${name}: the adapter let it through`);
    assert.equal(checked.name, 'IdTokenError', `${name}: ${checked.message}`);
    assert.equal(checked.code, code, `${name}: ${checked.message}`);
    assert.equal(checked.stored, false, name);
  }
  assert.deepEqual(errors, []);
});

test('a refused sign-in removes the user already stored (fail closed)', async () => {
  assert.deepEqual(await signIn({ verify: true }), { ok: true, sub: 'alice', stored: true });
  const refused = await signIn({ verify: true, keep: true, response: { edit: flipSignature } });
  assert.equal(refused.code, 'ERR_BAD_SIGNATURE');
  assert.equal(refused.stored, false);
});

test('refresh: a new ID token is checked against the one it replaces; a forged one removes the user', async () => {
  assert.deepEqual(await signIn({ verify: true, response: { refreshToken: 'rt-1' } }), { ok: true, sub: 'alice', stored: true });
  queue.push({ grant: 'refresh_token', body: await tokenResponse({ refreshToken: 'rt-2' }) });
  const renewed = await page.evaluate(() => window.adapter.refresh());
  assert.equal(renewed.ok, true, renewed.message);
  assert.equal(renewed.stored, true);

  queue.push({ grant: 'refresh_token', body: await tokenResponse({ refreshToken: 'rt-3', edit: flipSignature }) });
  const forged = await page.evaluate(() => window.adapter.refresh());
  assert.equal(queue.length, 0);
  assert.equal(forged.ok, false);
  assert.equal(forged.code, 'ERR_BAD_SIGNATURE', forged.message);
  assert.equal(forged.stored, false);

  // Without the adapter the same forged refresh is accepted.
  assert.equal((await signIn({ verify: false, response: { refreshToken: 'rt-4' } })).ok, true);
  queue.push({ grant: 'refresh_token', body: await tokenResponse({ refreshToken: 'rt-5', edit: flipSignature }) });
  const alone = await page.evaluate(() => window.adapter.refresh());
  assert.equal(alone.ok, true, alone.message);
  assert.deepEqual(errors, []);
});

test('createIdTokenVerifier: verifyUser, verifySigninResponse (nonce required when given), and a refused non-client', async () => {
  const nonce = 'the-nonce';
  const { id_token: idToken, access_token: accessToken } = await tokenResponse({ nonce });
  const out = await page.evaluate((args) => window.adapter.verifier(args), { idToken, accessToken, nonce });
  assert.equal(out.isVerifier, true);
  assert.equal(out.user, 'alice');
  assert.equal(out.response, nonce);
  assert.equal(out.wrongNonce.code, 'ERR_NONCE', out.wrongNonce.message);
  assert.equal(out.noIdToken.name, 'TypeError');
  assert.match(out.noIdToken.message, /no id_token/);
  assert.equal(out.notAClient.name, 'TypeError');
  assert.match(out.notAClient.message, /not an oidc-client-ts UserManager or OidcClient/);
});
