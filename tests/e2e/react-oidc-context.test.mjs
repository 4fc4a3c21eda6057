// End to end: a React app signing in with react-oidc-context (AuthProvider
// around an oidc-client-ts UserManager wrapped by idtoken's
// verifyUserManager), bundled by vite from www/react-oidc-context.html, in
// headless Chromium against the real oidc-provider. A genuine sign-in
// reaches React as the user; when the provider flips a byte of the ID
// token's signature, react-oidc-context shows the IdTokenError
// (ERR_BAD_SIGNATURE), no user is stored, and onRefused saw it. The bundle
// keeps idtoken (glue and wasm) out of the entry chunk.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '../../scripts/static-server.mjs';
import { startProvider } from '../../www/provider/provider.mjs';
import { launch, watchErrors } from '../support/chromium.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PAGE = 'react-oidc-context.html';

let out;
let app;
let provider;
let browser;

before(async () => {
  if (!existsSync(join(ROOT, 'pkg/oidc-client-ts.js'))) {
    throw new Error('pkg/oidc-client-ts.js is missing: build the package with `make build`');
  }
  out = mkdtempSync(join(tmpdir(), 'idtoken-react-'));
  const { build } = await import(join(ROOT, 'node_modules/vite/dist/node/index.js'));
  await build({
    root: join(ROOT, 'www'),
    configFile: false,
    logLevel: 'warn',
    resolve: { alias: { 'idtoken/oidc-client-ts': join(ROOT, 'pkg/oidc-client-ts.js') } },
    build: { outDir: out, emptyOutDir: true, target: 'es2022', rollupOptions: { input: join(ROOT, 'www', PAGE) } },
  });
  app = await serveStatic(out, {
    '/config.json': {
      body: () => JSON.stringify({ issuer: provider.issuer, clients: provider.clients.map((c) => ({ clientId: c.client_id, alg: c.alg })) }),
      type: 'application/json',
    },
  });
  provider = await startProvider({ appOrigin: app.url, redirectUris: [`${app.url}/${PAGE}`] });
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await provider?.close();
  await app?.close();
  if (out) rmSync(out, { recursive: true, force: true });
});

test('the bundle: the entry chunk carries the adapter, not idtoken; idtoken and its wasm are chunks of their own', () => {
  const html = readFileSync(join(out, PAGE), 'utf8');
  const entry = html.match(/<script type="module"[^>]*src="\/?([^"]+)"/)[1];
  const entrySource = readFileSync(join(out, entry), 'utf8');
  assert.match(entrySource, /verifyUserManager|onRefused/, 'the adapter is in the entry');
  assert.doesNotMatch(entrySource, /__wbg_init|WebAssembly\.instantiate/, 'no wasm-bindgen glue in the entry');
  const assets = readdirSync(join(out, 'assets'));
  assert.ok(assets.some((f) => f.endsWith('.wasm')), `a .wasm asset: ${assets}`);
  const glue = assets.filter((f) => f.endsWith('.js') && join('assets', f) !== entry
    && /WebAssembly\.instantiate/.test(readFileSync(join(out, 'assets', f), 'utf8')));
  assert.equal(glue.length, 1, `one lazy chunk with the glue: ${assets}`);
});

/** Signs in on the React page; returns the page's record and the users stored afterwards. */
async function signIn({ client, tamper }) {
  await browser.context.clearCookies();
  const page = await browser.context.newPage();
  const errors = watchErrors(page);
  try {
    await page.goto(`${app.url}/${PAGE}?client=${client}`);
    await page.waitForSelector('#go');
    await page.click(tamper ? '#go-tampered' : '#go');
    await page.waitForURL((u) => u.href.startsWith(provider.origin), { timeout: 15_000 });
    await page.waitForSelector('#login');
    await page.click('#login');
    await page.waitForSelector('[data-verdict]', { timeout: 20_000 });
    const demo = await page.evaluate(() => window.reactDemo);
    const shown = await page.$eval('[data-verdict]', (el) => ({ verdict: el.dataset.verdict, text: el.textContent }));
    const users = await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('oidc.user:')));
    return { demo, shown, users, errors };
  } finally {
    await page.close();
  }
}

test('react-oidc-context + idtoken: a genuine sign-in reaches React', async () => {
  for (const client of ['spa-es256', 'spa-rs256']) {
    const { demo, shown, users, errors } = await signIn({ client, tamper: false });
    assert.equal(shown.verdict, 'signed-in', `${client}: ${shown.text}`);
    assert.equal(demo.user.sub, 'alice', client);
    assert.equal(demo.refused, null, client);
    assert.equal(users.length, 1, `${client}: the user is stored`);
    assert.deepEqual(errors, [], client);
  }
});

test('react-oidc-context + idtoken: a tampered ID token signature is refused, shown as auth.error, nothing stored', async () => {
  const before = provider.control.tamperedIdTokens();
  try {
    const { demo, shown, users } = await signIn({ client: 'spa-es256', tamper: true });
    assert.equal(provider.control.tamperedIdTokens(), before + 1, 'the provider tampered with the token');
    assert.equal(shown.verdict, 'refused', shown.text);
    assert.match(shown.text, /ERR_BAD_SIGNATURE/);
    assert.equal(demo.error.name, 'IdTokenError');
    assert.equal(demo.error.code, 'ERR_BAD_SIGNATURE');
    assert.equal(demo.refused?.code, 'ERR_BAD_SIGNATURE', 'onRefused saw it');
    assert.deepEqual(users, [], 'no user stored');
  } finally {
    provider.control.setTamperMode('none');
  }
});
