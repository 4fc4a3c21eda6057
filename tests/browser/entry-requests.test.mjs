// The default entry on a plain-ESM page (no bundler): the page waits for one
// module (index.js) before the wasm request; manual.js, the glue it imports
// and the wasm then load in parallel, not in a chain. Every file is served
// DELAY ms late, so a chain shows as requests DELAY apart. `idtoken` and
// `idtoken/manual` imported together share one wasm instance (manual.js's
// API works without its own init, its classes are the default entry's, and
// the wasm is fetched once). Chromium (the request timing is the browser's,
// not the engine's API).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { launch } from '../support/browser.mjs';
import { idClaims, mintKey, mintToken } from '../support/mint.mjs';

const PKG = fileURLToPath(new URL('../../pkg/', import.meta.url));
const DELAY = 300;
const ISSUER = 'https://issuer.example';
const CLIENT_ID = 'entry-requests';

const PAGE = `<!doctype html>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<script type="module">
  try {
    const [entry, manual] = await Promise.all([import('/pkg/index.js'), import('/pkg/manual.js')]);
    window.entry = entry;
    window.manual = manual;
    window.ready = 'ok';
  } catch (e) {
    window.ready = 'failed: ' + e;
  }
</script>`;

let server;
let requests = [];
let start = 0;

before(async () => {
  server = createServer(async (req, res) => {
    const path = new URL(req.url, 'http://x').pathname;
    requests.push({ path, at: Date.now() - start });
    if (path === '/') {
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store' }).end(PAGE);
      return;
    }
    const m = path.match(/^\/pkg\/([a-z_]+\.(js|wasm))$/);
    if (!m) {
      res.writeHead(404).end();
      return;
    }
    const body = await readFile(join(PKG, m[1]));
    setTimeout(() => {
      res.writeHead(200, {
        'content-type': m[2] === 'wasm' ? 'application/wasm' : 'text/javascript; charset=utf-8',
        'cache-control': 'no-store',
      }).end(body);
    }, DELAY);
  });
  await new Promise((r) => server.listen(0, '127.0.0.1', r));
});

after(async () => {
  await new Promise((r) => server?.close(r));
});

test('default entry: one module before the wasm request, one wasm instance with idtoken/manual', async (t) => {
  const browser = await launch('chromium');
  try {
    const page = await browser.newPage();
    requests = [];
    start = Date.now();
    await page.goto(`http://127.0.0.1:${server.address().port}/`);
    await page.waitForFunction(() => window.ready, null, { timeout: 30_000 });
    assert.equal(await page.evaluate(() => window.ready), 'ok');

    const pkg = requests.filter((r) => r.path.startsWith('/pkg/'));
    const at = Object.fromEntries(pkg.map((r) => [r.path, r.at]));
    t.diagnostic(`requests (ms after navigation, each served ${DELAY} ms late): ${JSON.stringify(pkg)}`);
    // Each file once: the wasm is fetched once although both entries load.
    assert.deepEqual(pkg.map((r) => r.path).sort(),
      ['/pkg/idtoken.js', '/pkg/idtoken_bg.wasm', '/pkg/index.js', '/pkg/manual.js']);
    // The wasm, manual.js and the glue are all requested within one delay
    // of index.js's arrival: index.js is the only module before them.
    const index = at['/pkg/index.js'];
    for (const f of ['/pkg/idtoken_bg.wasm', '/pkg/idtoken.js']) {
      assert.ok(at[f] - index < 1.8 * DELAY, `${f} requested ${at[f] - index} ms after index.js (a chain would be >= ${2 * DELAY})`);
    }

    // One instance: manual's API is ready without calling its init, it is
    // the default entry's, and both validate.
    const key = await mintKey('ES256');
    const token = await mintToken(key, idClaims({ issuer: ISSUER, clientId: CLIENT_ID, sub: 'u', nonce: 'n' }));
    const out = await page.evaluate(({ token, jwk, issuer, clientId }) => {
      const { entry, manual } = window;
      const options = { issuer, clientId, jwks: { keys: [jwk] } };
      return {
        sameClass: entry.IdTokenValidator === manual.IdTokenValidator,
        sameInit: entry.default === manual.default,
        sameNames: Object.keys(entry).sort().join() === Object.keys(manual).sort().join(),
        manualSub: new manual.IdTokenValidator(options).validate(token, { nonce: 'n' }).claims.sub,
        entrySub: new entry.IdTokenValidator(options).validate(token, { nonce: 'n' }).claims.sub,
      };
    }, { token, jwk: key.jwk, issuer: ISSUER, clientId: CLIENT_ID });
    assert.deepEqual(out, { sameClass: true, sameInit: true, sameNames: true, manualSub: 'u', entrySub: 'u' });
  } finally {
    await browser.close();
  }
});
