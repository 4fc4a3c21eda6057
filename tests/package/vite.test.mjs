// The package as a Vite user gets it: a copy of tests/browser/vite-app/ in
// a fresh directory, pkg/ installed into it with npm (copied, as from a
// tarball: only the files its package.json lists), `vite build`, and the
// built dist/ opened in Chromium. The app validates a jose-minted token
// handed to it in the URL fragment and writes the outcome into the DOM.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, lstatSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { launch, watchErrors } from '../support/chromium.mjs';
import { serveStatic } from '../../scripts/static-server.mjs';
import { idClaims, mintKey, mintToken, tamperPayload } from '../support/mint.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const APP = fileURLToPath(new URL('./vite-app/', import.meta.url));
const PKG = join(ROOT, 'pkg');
const VITE = join(ROOT, 'node_modules/.bin/vite');
const ISSUER = 'https://issuer.example.com';
const CLIENT_ID = 'vite-app-client';

let dir;
let server;
let browser;
let dist;

function run(cmd, args, cwd) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 90_000 });
  assert.equal(r.error, undefined, `${cmd} did not run: ${r.error}`);
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

before(async () => {
  assert.ok(existsSync(join(PKG, 'idtoken_bg.wasm')), 'pkg/ is not built: run make build');
  assert.ok(existsSync(VITE), `${VITE} missing: run npm ci`);
  dir = mkdtempSync(join(tmpdir(), 'idtoken-vite-app-'));
  cpSync(APP, dir, { recursive: true, filter: (src) => !/[\/](node_modules|dist)$/.test(src) });
  // Offline: the only dependency is the local package. --install-links
  // copies it (npm packs it) instead of symlinking, as a registry install would.
  run('npm', ['install', '--no-audit', '--no-fund', '--offline', '--install-links', PKG], dir);
  dist = join(dir, 'dist');
  run(VITE, ['build', dir, '--logLevel', 'warn'], dir);
  server = await serveStatic(dist);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('npm installed the package as a user gets it', () => {
  const installed = join(dir, 'node_modules/idtoken');
  assert.equal(lstatSync(installed).isSymbolicLink(), false, 'expected a copy, not a link to pkg/');
  const manifest = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8'));
  assert.deepEqual(Object.keys(manifest.dependencies), ['idtoken']);
  for (const f of ['package.json', 'idtoken.js', 'idtoken.d.ts', 'idtoken_bg.wasm']) {
    assert.ok(existsSync(join(installed, f)), `installed package lacks ${f}`);
  }
});

test('vite build emits the wasm as an asset and references it from the bundle', () => {
  const assets = readdirSync(join(dist, 'assets'));
  const wasm = assets.filter((f) => f.endsWith('.wasm'));
  assert.equal(wasm.length, 1, `expected one .wasm in dist/assets: ${assets}`);
  const installedWasm = statSync(join(dir, 'node_modules/idtoken/idtoken_bg.wasm')).size;
  assert.equal(statSync(join(dist, 'assets', wasm[0])).size, installedWasm);
  const js = assets.filter((f) => f.endsWith('.js'));
  assert.ok(js.some((f) => readFileSync(join(dist, 'assets', f), 'utf8').includes(wasm[0])),
    `no bundle references ${wasm[0]}`);
});

/** Opens the built app with `input` in the fragment; returns what it shows. */
async function openApp(input) {
  const page = await browser.context.newPage();
  const errors = watchErrors(page);
  const wasmResponses = [];
  page.on('response', (r) => {
    if (r.url().endsWith('.wasm')) wasmResponses.push({ status: r.status(), type: r.headers()['content-type'] });
  });
  try {
    await page.goto(`${server.url}/#${encodeURIComponent(JSON.stringify(input))}`);
    const out = page.locator('#result[data-status]');
    await out.waitFor({ timeout: 30_000 });
    const shown = await out.evaluate((el) => ({ ...el.dataset, text: el.textContent }));
    return { shown, errors, wasmResponses };
  } finally {
    await page.close();
  }
}

for (const alg of ['ES256', 'RS256', 'EdDSA']) {
  test(`${alg}: the built app validates a jose-minted token`, async () => {
    const key = await mintKey(alg);
    const sub = `vite-user-${alg}`;
    const nonce = `n-${Math.random().toString(36).slice(2)}`;
    const token = await mintToken(key, idClaims({ issuer: ISSUER, clientId: CLIENT_ID, sub, nonce }));
    const { shown, errors, wasmResponses } = await openApp({
      token, jwks: { keys: [key.jwk] }, issuer: ISSUER, clientId: CLIENT_ID, nonce,
    });
    assert.equal(shown.status, 'ok', `app reported ${JSON.stringify(shown)}`);
    assert.equal(shown.sub, sub);
    assert.equal(shown.alg, alg);
    assert.equal(shown.kid, key.kid);
    assert.equal(shown.text, `valid: sub=${sub} alg=${alg}`);
    // The wasm was fetched from the build output, with the wasm MIME type.
    assert.deepEqual(wasmResponses, [{ status: 200, type: 'application/wasm' }]);
    assert.deepEqual(errors, []);
  });
}

test('the built app reports ERR_BAD_SIGNATURE for a tampered token', async () => {
  const key = await mintKey('ES256');
  const nonce = 'n-tampered';
  const claims = idClaims({ issuer: ISSUER, clientId: CLIENT_ID, sub: 'alice', nonce });
  const token = tamperPayload(await mintToken(key, claims), { ...claims, sub: 'mallory' });
  const { shown, errors, wasmResponses } = await openApp({
    token, jwks: { keys: [key.jwk] }, issuer: ISSUER, clientId: CLIENT_ID, nonce,
  });
  assert.equal(shown.status, 'error', `app reported ${JSON.stringify(shown)}`);
  assert.equal(shown.code, 'ERR_BAD_SIGNATURE');
  assert.equal(shown.name, 'IdTokenError');
  assert.equal(shown.sub, undefined);
  assert.match(shown.text, /^invalid: ERR_BAD_SIGNATURE: /);
  assert.deepEqual(wasmResponses, [{ status: 200, type: 'application/wasm' }]);
  assert.deepEqual(errors, []);
});

test('the built app reports ERR_NONCE for a token minted for another request', async () => {
  const key = await mintKey('ES256');
  const token = await mintToken(key, idClaims({ issuer: ISSUER, clientId: CLIENT_ID, sub: 'alice', nonce: 'first' }));
  const { shown } = await openApp({
    token, jwks: { keys: [key.jwk] }, issuer: ISSUER, clientId: CLIENT_ID, nonce: 'second',
  });
  assert.equal(shown.status, 'error', `app reported ${JSON.stringify(shown)}`);
  assert.equal(shown.code, 'ERR_NONCE');
});
