// idtoken/oidc-client-ts (pkg/oidc-client-ts.js) in headless Chromium with
// the real oidc-client-ts (npm, ESM build): a page runs UserManager's
// signinCallback against a small provider in Node (discovery, JWKS and a
// token endpoint that returns the jose-minted token the test queues). Each
// broken token is run twice: oidc-client-ts alone signs the user in,
// verifyUserManager() refuses it with idtoken's code and stores no user.
// Also the refresh-token path, events and onRefused, the verifier's own API,
// and an OidcClient. Everything runs against the newest oidc-client-ts 3.x
// (the devDependency) and the oldest (3.0.1, npm alias oidc-client-ts-3.0).
// This version matrix runs in Chromium only, whatever BROWSERS says (it
// prints so); tests/e2e/oidc-client-ts.test.mjs signs in with the adapter
// in every engine.
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

/** oidc-client-ts versions under test: page path -> directory in node_modules. */
const VERSIONS = { '3.x': 'oidc-client-ts', '3.0': 'oidc-client-ts-3.0' };

const page = (version) => `<!doctype html><meta charset="utf-8"><title>oidc-client-ts adapter</title>
<script type="importmap">{ "imports": {
  "oidc-client-ts": "/vendor/${VERSIONS[version]}/dist/esm/oidc-client-ts.js",
  "jwt-decode": "/vendor/jwt-decode/build/esm/index.js",
  "idtoken/oidc-client-ts": "/pkg/oidc-client-ts.js"
} }</script>
<script type="module">
import { UserManager, OidcClient, WebStorageStateStore, InMemoryWebStorage } from 'oidc-client-ts';
import { verifyUserManager, createIdTokenVerifier, IdTokenVerifier } from 'idtoken/oidc-client-ts';

const { issuer } = await (await fetch('/cfg.json')).json();
const memory = () => new WebStorageStateStore({ store: new InMemoryWebStorage() });
const refused = (e) => ({ ok: false, name: e?.name ?? null, code: e?.code ?? null, message: String(e?.message ?? e) });
let um;
let settings;
const stored = async () => (await um.getUser()) !== null;
window.events = [];

window.adapter = {
  /** A fresh UserManager (with the adapter when verify), and a pending sign-in request. */
  async start({ verify, nonce, keep = false, clockToleranceSeconds }) {
    if (!keep || !um) {
      settings = {
        authority: issuer, client_id: '${CLIENT_ID}', redirect_uri: location.origin + '/cb',
        response_type: 'code', scope: 'openid', automaticSilentRenew: false,
        userStore: memory(), stateStore: memory(),
      };
      um = new UserManager(settings);
      window.events = [];
      um.events.addUserLoaded(() => window.events.push('userLoaded'));
      um.events.addUserUnloaded(() => window.events.push('userUnloaded'));
      const options = {
        onRefused: (e) => window.events.push('onRefused:' + (e.code ?? e.name)),
        ...(clockToleranceSeconds !== undefined ? { clockToleranceSeconds } : {}),
      };
      if (verify === 'spy') {
        // A real validator that also records what the adapter asked it to check.
        const real = (await createIdTokenVerifier(um)).validator;
        window.seen = [];
        const spy = { validateAsync: (token, checks) => { window.seen.push(checks); return real.validateAsync(token, checks); } };
        verifyUserManager(um, { verifier: new IdTokenVerifier(spy), onRefused: options.onRefused });
      } else if (verify) {
        verifyUserManager(um, options);
      }
    }
    // What signinRedirect does before it navigates, through the public
    // OidcClient on the same settings (the same state store).
    const request = await new OidcClient(settings).createSigninRequest({ request_type: 'si:r', ...(nonce ? { nonce } : {}) });
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
  /** An OidcClient with the adapter: a sign-in request, then its response. */
  async client({ nonce, state: given }) {
    if (!given) {
      window.oc = verifyUserManager(new OidcClient({
        authority: issuer, client_id: '${CLIENT_ID}', redirect_uri: location.origin + '/cb',
        response_type: 'code', scope: 'openid', stateStore: memory(),
      }));
      return { state: (await window.oc.createSigninRequest({ request_type: 'si:r', ...(nonce ? { nonce } : {}) })).state.id };
    }
    try {
      const response = await window.oc.processSigninResponse(location.origin + '/cb?code=the-code&state=' + encodeURIComponent(given));
      return { ok: true, sub: response.profile.sub };
    } catch (e) {
      return refused(e);
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
const pages = {};
let key;
const queue = [];
/** Requests the provider received: { path, at } (ms). */
const requests = [];

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
    requests.push({ path: pathname, at: Date.now() });
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
  const routes = { '/cfg.json': { body: () => JSON.stringify({ issuer: op.issuer }), type: 'application/json' } };
  const vendor = {};
  for (const [version, dir] of Object.entries(VERSIONS)) {
    routes[`/${version}`] = { body: page(version) };
    vendor[`/vendor/${dir}/`] = `${NODE_MODULES}${dir}/`;
  }
  app = await serveStatic({ '/pkg/': PKG, ...vendor, '/vendor/jwt-decode/': `${NODE_MODULES}jwt-decode/` }, routes);
  browser = await launch();
  console.log('oidc-client-ts adapter, version matrix: Chromium only (the other engines: tests/e2e/oidc-client-ts.test.mjs)');
  for (const version of Object.keys(VERSIONS)) {
    const p = await browser.context.newPage();
    const errors = watchErrors(p);
    await p.goto(`${app.url}/${version}`);
    await p.waitForFunction(() => window.ready === true);
    pages[version] = { page: p, errors };
  }
});

after(async () => {
  await browser?.close();
  await app?.close();
  await op?.close();
});

/** A token response for `claims` (merged over genuine ones) signed by `signer`. */
async function tokenResponse({ nonce, claims = {}, signer = key, accessToken = `at-${Math.random()}`, edit = (t) => t, refreshToken, idToken = true }) {
  const base = idClaims({ issuer: op.issuer, clientId: CLIENT_ID, sub: 'alice', nonce: nonce ?? undefined, at_hash: halfHash(accessToken) });
  const token = edit(await mintToken(signer, { ...base, ...claims }));
  return {
    access_token: accessToken, token_type: 'Bearer', expires_in: 300,
    ...(idToken ? { id_token: token } : {}),
    ...(refreshToken ? { refresh_token: refreshToken } : {}),
  };
}

/** Signs in on the page of `version` through signinCallback with the token response `response`. */
async function signIn(version, { verify, nonce = `n-${Math.random()}`, keep = false, response, clockToleranceSeconds }) {
  const { page } = pages[version];
  const { state } = await page.evaluate((args) => window.adapter.start(args), { verify, nonce, keep, clockToleranceSeconds });
  queue.push({ grant: 'authorization_code', body: await tokenResponse({ nonce, ...response }) });
  const result = await page.evaluate((s) => window.adapter.finish(s), state);
  assert.equal(queue.length, 0, 'the token endpoint was called');
  return result;
}

/** Silent renew (refresh token) on the page of `version` with the token response `body`. */
async function refresh(version, body) {
  queue.push({ grant: 'refresh_token', body });
  const result = await pages[version].page.evaluate(() => window.adapter.refresh());
  assert.equal(queue.length, 0, 'the token endpoint was called');
  return result;
}

const events = (version) => pages[version].page.evaluate(() => window.events);

const flipSignature = (t) => {
  const at = t.lastIndexOf('.') + 10;
  return `${t.slice(0, at)}${t[at] === 'A' ? 'B' : 'A'}${t.slice(at + 1)}`;
};
const unsigned = (t) => {
  const header = Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url');
  return `${header}.${t.split('.')[1]}.`;
};
const now = () => Math.floor(Date.now() / 1000);

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

for (const version of Object.keys(VERSIONS)) {
  test(`oidc-client-ts ${version}: a genuine sign-in passes; userLoaded fires once, onRefused never`, async () => {
    const result = await signIn(version, { verify: true });
    assert.deepEqual(result, { ok: true, sub: 'alice', stored: true });
    assert.deepEqual(await events(version), ['userLoaded']);
    assert.deepEqual(pages[version].errors, []);
  });

  test(`oidc-client-ts ${version}: the adapter validates the stored token with at_hash against the access token`, async () => {
    const accessToken = 'the-access-token';
    assert.deepEqual(await signIn(version, { verify: 'spy', response: { accessToken } }), { ok: true, sub: 'alice', stored: true });
    assert.deepEqual(await pages[version].page.evaluate(() => window.seen), [{ accessToken }]);
  });

  test(`oidc-client-ts ${version}: broken ID tokens: oidc-client-ts alone signs the user in, the adapter refuses, stores no user, fires no userUnloaded and calls onRefused`, async () => {
    const attacker = await mintKey('ES256', 'attacker-key');
    for (const [name, response, code] of BROKEN) {
      const r = { ...response, ...(response.signer === 'attacker' ? { signer: attacker } : {}) };
      const alone = await signIn(version, { verify: false, response: r });
      assert.deepEqual(alone, { ok: true, sub: 'alice', stored: true }, `${name}: oidc-client-ts alone`);
      const checked = await signIn(version, { verify: true, response: r });
      assert.equal(checked.ok, false, `${name}: the adapter let it through`);
      assert.equal(checked.name, 'IdTokenError', `${name}: ${checked.message}`);
      assert.equal(checked.code, code, `${name}: ${checked.message}`);
      assert.equal(checked.stored, false, name);
      assert.deepEqual(await events(version), [`onRefused:${code}`], `${name}: no userLoaded, no userUnloaded`);
    }
    assert.deepEqual(pages[version].errors, []);
  });

  test(`oidc-client-ts ${version}: a refused sign-in removes the user already stored (fail closed), with userUnloaded`, async () => {
    assert.deepEqual(await signIn(version, { verify: true }), { ok: true, sub: 'alice', stored: true });
    const refused = await signIn(version, { verify: true, keep: true, response: { edit: flipSignature } });
    assert.equal(refused.code, 'ERR_BAD_SIGNATURE');
    assert.equal(refused.stored, false);
    assert.deepEqual(await events(version), ['userLoaded', 'onRefused:ERR_BAD_SIGNATURE', 'userUnloaded']);
  });

  test(`oidc-client-ts ${version}: refresh: no new ID token keeps the earlier (expired) one unchecked; a new one is checked against it`, async () => {
    // A token that expires 2 s after the sign-in, with no clock tolerance.
    const authTime = now() - 10;
    const signedIn = await signIn(version, {
      verify: 'spy',
      clockToleranceSeconds: 0,
      response: { refreshToken: 'rt-1', claims: { exp: now() + 2, auth_time: authTime } },
    });
    assert.deepEqual(signedIn, { ok: true, sub: 'alice', stored: true });
    await new Promise((ok) => setTimeout(ok, 3000));
    const kept = await refresh(version, await tokenResponse({ refreshToken: 'rt-2', idToken: false }));
    assert.equal(kept.ok, true, kept.message);
    assert.equal(kept.stored, true);
    assert.equal((await pages[version].page.evaluate(() => window.seen)).length, 1, 'the kept ID token is not validated again');

    // A new ID token: validated with previousClaims of the one it replaces.
    const renewed = await refresh(version, await tokenResponse({ refreshToken: 'rt-3', accessToken: 'at-3', claims: { auth_time: authTime } }));
    assert.equal(renewed.ok, true, renewed.message);
    const seen = await pages[version].page.evaluate(() => window.seen);
    assert.equal(seen.length, 2);
    assert.equal(seen[1].accessToken, 'at-3');
    assert.equal(seen[1].previousClaims.sub, 'alice');
    assert.equal(seen[1].previousClaims.auth_time, authTime);
    assert.equal(seen[1].previousClaims.iss, op.issuer);

    // A new ID token that drops auth_time: oidc-client-ts does not mind,
    // OIDC Core 12.2 does (ERR_REFRESH_MISMATCH); the user is removed.
    const mismatch = await refresh(version, await tokenResponse({ refreshToken: 'rt-4' }));
    assert.equal(mismatch.ok, false);
    assert.equal(mismatch.code, 'ERR_REFRESH_MISMATCH', mismatch.message);
    assert.equal(mismatch.stored, false);
    assert.deepEqual(await events(version), ['userLoaded', 'userLoaded', 'userLoaded', 'onRefused:ERR_REFRESH_MISMATCH', 'userUnloaded']);
  });

  test(`oidc-client-ts ${version}: a forged refresh is refused and removes the user; without the adapter it is accepted`, async () => {
    assert.deepEqual(await signIn(version, { verify: true, response: { refreshToken: 'rt-1' } }), { ok: true, sub: 'alice', stored: true });
    const forged = await refresh(version, await tokenResponse({ refreshToken: 'rt-3', edit: flipSignature }));
    assert.equal(forged.ok, false);
    assert.equal(forged.code, 'ERR_BAD_SIGNATURE', forged.message);
    assert.equal(forged.stored, false);

    assert.equal((await signIn(version, { verify: false, response: { refreshToken: 'rt-4' } })).ok, true);
    const alone = await refresh(version, await tokenResponse({ refreshToken: 'rt-5', edit: flipSignature }));
    assert.equal(alone.ok, true, alone.message);
    assert.deepEqual(pages[version].errors, []);
  });

  test(`oidc-client-ts ${version}: an OidcClient with the adapter refuses a forged response and passes a genuine one`, async () => {
    const { page } = pages[version];
    for (const [edit, expected] of [[flipSignature, 'ERR_BAD_SIGNATURE'], [(t) => t, null]]) {
      const nonce = `n-${Math.random()}`;
      const { state } = await page.evaluate((args) => window.adapter.client(args), { nonce });
      queue.push({ grant: 'authorization_code', body: await tokenResponse({ nonce, edit }) });
      const out = await page.evaluate((args) => window.adapter.client(args), { state });
      assert.equal(queue.length, 0);
      if (expected) assert.equal(out.code, expected, out.message);
      else assert.deepEqual(out, { ok: true, sub: 'alice' });
    }
  });
}

test('a wrong nonce: oidc-client-ts 3.x compares it before the user is stored, so the sign-in is still refused', async () => {
  const wrong = await signIn('3.x', { verify: true, nonce: 'the-nonce', response: { nonce: 'another-nonce' } });
  assert.equal(wrong.ok, false);
  assert.match(wrong.message, /nonce/);
  assert.equal(wrong.stored, false);
  assert.deepEqual(await events('3.x'), [], 'refused before the store: no event, onRefused not called');
  // oidc-client-ts 3.0 neither keeps the request's nonce nor compares it,
  // so nothing can refuse a wrong one there (PKCE still binds the code).
  const old = await signIn('3.0', { verify: true, nonce: 'the-nonce', response: { nonce: 'another-nonce' } });
  assert.deepEqual(old, { ok: true, sub: 'alice', stored: true });
});

test('createIdTokenVerifier: verifyUser, verifySigninResponse (nonce required when given), and a refused non-client', async () => {
  const nonce = 'the-nonce';
  const { id_token: idToken, access_token: accessToken } = await tokenResponse({ nonce });
  const out = await pages['3.x'].page.evaluate((args) => window.adapter.verifier(args), { idToken, accessToken, nonce });
  assert.equal(out.isVerifier, true);
  assert.equal(out.user, 'alice');
  assert.equal(out.response, nonce);
  assert.equal(out.wrongNonce.code, 'ERR_NONCE', out.wrongNonce.message);
  assert.equal(out.noIdToken.name, 'TypeError');
  assert.match(out.noIdToken.message, /no id_token/);
  assert.equal(out.notAClient.name, 'TypeError');
  assert.match(out.notAClient.message, /not an oidc-client-ts UserManager or OidcClient/);
});

test('a UserManager reuses oidc-client-ts\'s discovery: one discovery and one JWKS request for the callback, in parallel with the code exchange', async () => {
  const { page } = pages['3.x'];
  const nonce = 'n-discovery';
  // A new UserManager (no metadata yet); the request is made by another
  // OidcClient, as the page that started the sign-in would.
  const { state } = await page.evaluate((args) => window.adapter.start(args), { verify: true, nonce });
  queue.push({ grant: 'authorization_code', body: await tokenResponse({ nonce }) });
  requests.length = 0;
  const result = await page.evaluate((s) => window.adapter.finish(s), state);
  assert.deepEqual(result, { ok: true, sub: 'alice', stored: true });
  const count = (path) => requests.filter((r) => r.path === path).length;
  assert.equal(count('/.well-known/openid-configuration'), 1, JSON.stringify(requests));
  assert.equal(count('/jwks'), 1, JSON.stringify(requests));
  assert.equal(count('/token'), 1);
  // The keys were asked for before the code exchange finished, not after.
  const at = (path) => requests.find((r) => r.path === path).at;
  assert.ok(at('/jwks') <= at('/token') + 5, JSON.stringify(requests));
});
