// The local OpenID Provider driven by a real browser (Debian's Chromium via
// playwright-core): the login page is clicked, the SPA callback page redeems
// the code with a cross-origin fetch (CORS), and reads JWKS/discovery and
// the /__control endpoints cross-origin as the demo app and browser tests will.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, randomBytes } from 'node:crypto';
import { createServer } from 'node:http';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { createLocalJWKSet, jwtVerify } from 'jose';

import { startProvider, ACR_MFA, ACR_PWD } from '../../www/provider/provider.mjs';

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

/** The SPA origin: serves /callback.html and a live /config.json. */
async function startApp(routes) {
  const server = createServer((req, res) => {
    const { pathname } = new URL(req.url, 'http://x');
    const route = routes[pathname];
    if (pathname === '/favicon.ico') { res.writeHead(204).end(); return; }
    if (!route) { res.writeHead(404).end('not found'); return; }
    const { type, body } = route();
    res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' }).end(body);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  const url = `http://127.0.0.1:${server.address().port}`;
  return { url, close: () => new Promise((ok) => { server.close(ok); server.closeAllConnections(); }) };
}

/** Debian's Chromium, headless, fresh profile, no background networking. */
async function launch() {
  const profile = mkdtempSync(join(tmpdir(), 'idtoken-op-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return {
    context,
    async close() {
      await context.close().catch(() => {});
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

const rand = () => randomBytes(16).toString('base64url');

let op;
let app;
let browser;
let page;
let errors;
const verifiers = new Map(); // state -> code_verifier, handed to the callback page

// The callback page: redeems ?code=... (code flow) or reads #id_token=...,
// then fetches discovery and JWKS, all cross-origin, and publishes a result.
const CALLBACK = String.raw`<!doctype html><meta charset="utf-8"><title>callback</title>
<script type="module">
const q = new URLSearchParams(location.search);
const f = new URLSearchParams(location.hash.slice(1));
const out = { query: Object.fromEntries(q), fragment: Object.fromEntries(f) };
try {
  const cfg = await (await fetch('/config.json')).json();
  const discovery = await (await fetch(cfg.issuer + '/.well-known/openid-configuration')).json();
  out.discoveryIssuer = discovery.issuer;
  if (q.get('code')) {
    const res = await fetch(discovery.token_endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'authorization_code', code: q.get('code'), redirect_uri: cfg.redirectUri,
        client_id: cfg.clientId, code_verifier: cfg.verifiers[q.get('state')],
      }),
    });
    out.tokenStatus = res.status;
    out.token = await res.json();
  }
  out.jwks = await (await fetch(discovery.jwks_uri)).json();
} catch (e) {
  out.error = String(e);
}
window.__result = out;
document.body.textContent = 'done';
</script>`;

let clientId = 'spa-es256';

before(async () => {
  app = await startApp({
    '/callback.html': () => ({ type: 'text/html; charset=utf-8', body: CALLBACK }),
    '/config.json': () => ({
      type: 'application/json',
      body: JSON.stringify({
        issuer: op.issuer, clientId, redirectUri: `${app.url}/callback.html`,
        verifiers: Object.fromEntries(verifiers),
      }),
    }),
  });
  op = await startProvider({ port: 0, appOrigin: app.url });
  browser = await launch();
  page = await browser.context.newPage();
  errors = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => { if (m.type() === 'error') errors.push(m.text()); });
});

after(async () => {
  await browser?.close();
  await op?.close();
  await app?.close();
});

function authorizeUrl(params) {
  const url = new URL(`${op.issuer}/auth`);
  for (const [k, v] of Object.entries(params)) url.searchParams.set(k, v);
  return url.href;
}

async function resultAfterCallback() {
  await page.waitForURL(`${app.url}/callback.html**`);
  await page.waitForFunction(() => window.__result !== undefined);
  return page.evaluate(() => window.__result);
}

test('code flow in Chromium: click the login page, redeem with a CORS fetch', async () => {
  clientId = 'spa-es256';
  const verifier = rand() + rand();
  const state = rand();
  const nonce = rand();
  verifiers.set(state, verifier);
  await page.goto(authorizeUrl({
    client_id: clientId, response_type: 'code', scope: 'openid profile', redirect_uri: `${app.url}/callback.html`,
    code_challenge: createHash('sha256').update(verifier).digest('base64url'), code_challenge_method: 'S256',
    state, nonce, acr_values: ACR_MFA, max_age: '600',
  }));
  await page.locator('#mfa').check();
  await page.locator('#login').click();
  const r = await resultAfterCallback();
  assert.equal(r.error, undefined, r.error);
  assert.equal(r.query.state, state);
  assert.equal(r.discoveryIssuer, op.issuer);
  assert.equal(r.tokenStatus, 200, JSON.stringify(r.token));
  const { payload, protectedHeader } = await jwtVerify(r.token.id_token, createLocalJWKSet(r.jwks), {
    issuer: op.issuer, audience: clientId, algorithms: ['ES256'],
  });
  assert.equal(protectedHeader.alg, 'ES256');
  assert.equal(payload.nonce, nonce);
  assert.equal(payload.acr, ACR_MFA);
  assert.deepEqual(payload.amr, ['pwd', 'otp']);
  assert.equal(typeof payload.auth_time, 'number');
  assert.deepEqual(errors, []);
});

test('implicit flow in Chromium: the fragment carries id_token and access_token', async () => {
  clientId = 'spa-eddsa';
  const nonce = rand();
  await page.goto(authorizeUrl({
    client_id: clientId, response_type: 'id_token token', scope: 'openid', redirect_uri: `${app.url}/callback.html`,
    nonce, state: 's1', prompt: 'login',
  }));
  await page.locator('#login').click(); // second factor left unchecked
  const r = await resultAfterCallback();
  assert.equal(r.error, undefined, r.error);
  assert.ok(r.fragment.access_token);
  const { payload, protectedHeader } = await jwtVerify(r.fragment.id_token, createLocalJWKSet(r.jwks), {
    issuer: op.issuer, audience: clientId, algorithms: ['EdDSA'],
  });
  assert.equal(protectedHeader.alg, 'EdDSA');
  assert.equal(payload.nonce, nonce);
  assert.equal(payload.acr, ACR_PWD);
  const digest = createHash('sha512').update(r.fragment.access_token).digest();
  assert.equal(payload.at_hash, digest.subarray(0, 32).toString('base64url'));
});

test('browser fetches see JWKS down/junk as responses and can drive /__control', async () => {
  await page.goto(`${app.url}/callback.html#nothing`);
  await page.waitForFunction(() => window.__result !== undefined);
  const seen = await page.evaluate(async ({ origin, issuer }) => {
    const post = (p) => fetch(origin + p, { method: 'POST' }).then((r) => r.json());
    const out = {};
    out.reset = await post('/__control/reset-stats');
    out.down = await post('/__control/jwks-mode?mode=down');
    const d = await fetch(issuer + '/jwks');
    out.downStatus = d.status;
    await post('/__control/jwks-mode?mode=junk');
    const j = await fetch(issuer + '/jwks');
    out.junkStatus = j.status;
    try { await j.json(); out.junkParsed = true; } catch (e) { out.junkError = e.name; }
    await post('/__control/jwks-mode?mode=ok');
    out.okKeys = (await (await fetch(issuer + '/jwks')).json()).keys.length;
    out.stats = await (await fetch(origin + '/__control/stats')).json();
    return out;
  }, { origin: op.origin, issuer: op.issuer });
  assert.deepEqual(seen.reset, { jwksRequests: 0, discoveryRequests: 0 });
  assert.deepEqual(seen.down, { mode: 'down' });
  assert.equal(seen.downStatus, 503);
  assert.equal(seen.junkStatus, 200);
  assert.equal(seen.junkError, 'SyntaxError');
  assert.equal(seen.okKeys, 4);
  assert.deepEqual(seen.stats, { jwksRequests: 3, discoveryRequests: 0 });
});
