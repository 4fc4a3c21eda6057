// The checks every bundled copy of tests/package/app/ must pass in headless
// Chromium (Vite dev, Vite build, webpack 5): jose-minted tokens accepted
// without init, a tampered one and one for another request refused with
// their codes, ERR_NOT_READY after free(), the wasm fetched once with its
// MIME type, and no console errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { watchErrors } from '../support/chromium.mjs';
import { idClaims, mintKey, mintToken, tamperPayload } from '../support/mint.mjs';

const ISSUER = 'https://issuer.example.com';
const CLIENT_ID = 'bundled-app-client';

/** Opens the app at `url` with `input` in the fragment; returns what it shows. */
async function openApp(context, url, input) {
  const page = await context.newPage();
  const errors = watchErrors(page);
  const wasmResponses = [];
  page.on('response', (r) => {
    if (new URL(r.url()).pathname.endsWith('.wasm')) wasmResponses.push({ status: r.status(), type: r.headers()['content-type'] });
  });
  try {
    await page.goto(`${url}#${encodeURIComponent(JSON.stringify(input))}`);
    const out = page.locator('#result[data-status]');
    await out.waitFor({ timeout: 60_000 });
    const shown = await out.evaluate((el) => ({ ...el.dataset, text: el.textContent }));
    return { shown, errors, wasmResponses };
  } finally {
    await page.close();
  }
}

/** Registers the checks; `env()` returns { context, url } once set up. */
export function appChecks(label, env) {
  for (const alg of ['ES256', 'RS256', 'EdDSA']) {
    test(`${label}: ${alg} token accepted without init; ERR_NOT_READY after free()`, async () => {
      const { context, url } = env();
      const key = await mintKey(alg);
      const sub = `user-${alg}`;
      const nonce = `n-${Math.random().toString(36).slice(2)}`;
      const token = await mintToken(key, idClaims({ issuer: ISSUER, clientId: CLIENT_ID, sub, nonce }));
      const { shown, errors, wasmResponses } = await openApp(context, url, {
        token, jwks: { keys: [key.jwk] }, issuer: ISSUER, clientId: CLIENT_ID, nonce,
      });
      assert.equal(shown.status, 'ok', `app reported ${JSON.stringify(shown)}`);
      assert.equal(shown.text, `valid: sub=${sub} alg=${alg}`);
      assert.equal(shown.kid, key.kid);
      assert.equal(shown.freed, 'ERR_NOT_READY');
      assert.deepEqual(wasmResponses, [{ status: 200, type: 'application/wasm' }]);
      assert.deepEqual(errors, []);
    });
  }

  test(`${label}: a tampered token is ERR_BAD_SIGNATURE, another request's is ERR_NONCE`, async () => {
    const { context, url } = env();
    const key = await mintKey('ES256');
    const claims = idClaims({ issuer: ISSUER, clientId: CLIENT_ID, sub: 'alice', nonce: 'first' });
    const token = await mintToken(key, claims);
    const base = { jwks: { keys: [key.jwk] }, issuer: ISSUER, clientId: CLIENT_ID };

    const tampered = await openApp(context, url, { ...base, token: tamperPayload(token, { ...claims, sub: 'mallory' }), nonce: 'first' });
    assert.equal(tampered.shown.status, 'error', JSON.stringify(tampered.shown));
    assert.equal(tampered.shown.code, 'ERR_BAD_SIGNATURE');
    assert.equal(tampered.shown.name, 'IdTokenError');
    assert.deepEqual(tampered.errors, []);

    const nonce = await openApp(context, url, { ...base, token, nonce: 'second' });
    assert.equal(nonce.shown.code, 'ERR_NONCE', JSON.stringify(nonce.shown));
  });
}
