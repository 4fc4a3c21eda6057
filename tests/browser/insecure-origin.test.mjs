// The validator works where WebCrypto does not: a plain-http page on a
// made-up hostname (not localhost, not 127.0.0.1) is not a secure context,
// so `crypto.subtle` is undefined there and jose cannot verify anything.
// Tokens are minted by jose in Node and handed to the page. In every engine
// of BROWSERS: Chromium maps the name with --host-resolver-rules, Firefox and
// WebKit reach it through the browser layer's mapping proxy on 127.0.0.1
// (tests/support/browser.mjs); the page's origin is the made-up name in all.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { engines, launch } from '../support/browser.mjs';
import { serveStatic } from '../../scripts/static-server.mjs';
import { idClaims, mintKey, mintToken, tamperPayload } from '../support/mint.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const HOST = 'idtoken.test';
const ISSUER = 'https://issuer.idtoken.test';
const CLIENT_ID = 'insecure-origin-client';
const ALGS = ['ES256', 'RS256', 'EdDSA', 'ES384', 'ES512', 'PS256', 'RS512'];

// The page loads the package with the default async init() (fetching
// /pkg/idtoken_bg.wasm next to /pkg/idtoken.js), and jose's browser build.
const PAGE = `<!doctype html>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>idtoken on an insecure origin</title>
<script type="module">
  import init, * as idtoken from '/pkg/idtoken.js';
  try {
    await init();
    window.idtoken = idtoken;
    window.ready = 'ok';
  } catch (e) {
    window.ready = 'init failed: ' + e;
  }
</script>
<script type="module">
  import * as jose from '/node_modules/jose/dist/webapi/index.js';
  window.jose = jose;
</script>`;

let server;

before(async () => {
  server = await serveStatic(ROOT, { '/insecure-origin.html': { body: PAGE } });
});

after(async () => {
  await server?.close();
});

for (const engine of engines()) {
  describe(engine, () => suite(engine));
}

function suite(engine) {
  let browser;
  let page;
  let errors;

  before(async () => {
    browser = await launch(engine, { hostMap: { [HOST]: '127.0.0.1' } });
    page = await browser.newPage();
    errors = page.errors;
    await page.goto(`http://${HOST}:${server.port}/insecure-origin.html`);
    await page.waitForFunction(() => window.ready && window.jose, null, { timeout: 30_000 });
    // A module that failed to load (a 404, a refused MIME type) leaves this unset.
    assert.equal(await page.evaluate(() => window.ready), 'ok');
    console.log(`${engine}: ${browser.label}, page at http://${HOST}:${server.port}`);
  });

  after(async () => {
    await browser?.close();
  });

  test(`${engine}: the page is on a non-secure origin without WebCrypto`, async () => {
    const env = await page.evaluate(() => ({
      origin: location.origin,
      isSecureContext: window.isSecureContext,
      subtle: typeof crypto.subtle,
      subtleIsUndefined: crypto.subtle === undefined,
    }));
    assert.equal(env.origin, `http://${HOST}:${server.port}`);
    assert.equal(env.isSecureContext, false);
    assert.equal(env.subtleIsUndefined, true);
    assert.equal(env.subtle, 'undefined');
  });

  test(`${engine}: jose cannot verify there (control: the environment really lacks WebCrypto)`, async (t) => {
    const key = await mintKey('ES256');
    const token = await mintToken(key, idClaims({ issuer: ISSUER, clientId: CLIENT_ID, sub: 'u', nonce: 'n' }));
    const outcome = await page.evaluate(async ({ token, jwk }) => {
      try {
        const k = await window.jose.importJWK(jwk, 'ES256');
        await window.jose.jwtVerify(token, k);
        return 'verified';
      } catch (e) {
        return `failed: ${e && e.name}: ${e && e.message}`;
      }
    }, { token, jwk: key.jwk });
    assert.match(outcome, /^failed: TypeError: .*(subtle|importKey)/);
    t.diagnostic(`jose in the page: ${outcome}`);
  });

  test(`${engine}: control: the same page at 127.0.0.1 is a secure context with WebCrypto`, async () => {
    const p = await browser.newPage();
    try {
      await p.goto(`${server.url}/insecure-origin.html`);
      await p.waitForFunction(() => window.ready, null, { timeout: 30_000 });
      const env = await p.evaluate(() => ({ secure: window.isSecureContext, subtle: typeof crypto.subtle }));
      assert.deepEqual(env, { secure: true, subtle: 'object' });
    } finally {
      await p.close();
    }
  });

  for (const alg of ALGS) {
    test(`${engine}: ${alg}: a jose-minted token validates without WebCrypto; a tampered one is ERR_BAD_SIGNATURE`, async () => {
      const key = await mintKey(alg);
      const sub = `user-${alg}-${Date.now()}`;
      const nonce = `nonce-${Math.random().toString(36).slice(2)}`;
      const claims = idClaims({ issuer: ISSUER, clientId: CLIENT_ID, sub, nonce });
      const token = await mintToken(key, claims);
      const tampered = tamperPayload(token, { ...claims, sub: 'admin' });
      // A token with the right kid and alg, signed by another key of the same type.
      const impostor = await mintToken(await mintKey(alg, key.kid), claims);

      const out = await page.evaluate(({ token, tampered, impostor, jwk, issuer, clientId, nonce }) => {
        const { IdTokenValidator, isIdTokenError } = window.idtoken;
        const v = new IdTokenValidator({ issuer, clientId, jwks: { keys: [jwk] } });
        const attempt = (t) => {
          try {
            const r = v.validate(t, { nonce });
            return { ok: true, sub: r.claims.sub, alg: r.alg, kid: r.kid, encrypted: r.encrypted,
              headerAlg: r.header.alg, iss: r.claims.iss, nonce: r.claims.nonce };
          } catch (e) {
            return { ok: false, name: e.name, code: e.code, isError: e instanceof Error,
              isIdTokenError: isIdTokenError(e), message: String(e.message) };
          }
        };
        const result = {
          subtle: typeof crypto.subtle,
          good: attempt(token),
          tampered: attempt(tampered),
          impostor: attempt(impostor),
          wrongNonce: (() => { try { v.validate(token, { nonce: 'other' }); return null; } catch (e) { return e.code; } })(),
        };
        v.free();
        return result;
      }, { token, tampered, impostor, jwk: key.jwk, issuer: ISSUER, clientId: CLIENT_ID, nonce });

      assert.equal(out.subtle, 'undefined');
      assert.deepEqual(out.good, {
        ok: true, sub, alg, kid: key.kid, encrypted: false, headerAlg: alg, iss: ISSUER, nonce,
      });
      for (const bad of [out.tampered, out.impostor]) {
        assert.equal(bad.ok, false, `expected a failure, got ${JSON.stringify(bad)}`);
        assert.equal(bad.code, 'ERR_BAD_SIGNATURE', bad.message);
        assert.equal(bad.name, 'IdTokenError');
        assert.equal(bad.isError, true);
        assert.equal(bad.isIdTokenError, true);
      }
      assert.equal(out.wrongNonce, 'ERR_NONCE');
    });
  }

  test(`${engine}: no errors were logged by the page`, () => {
    assert.deepEqual(errors, []);
  });
}
