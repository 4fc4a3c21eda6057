// End to end: the demo SPA signs in against the local oidc-provider in
// headless Chromium and validates the ID token in the page with the wasm
// module (discover + validateAsync). Every flow for every algorithm,
// step-up, key rotation, and broken discovery and JWKS endpoints.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, copyFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startDemo } from '../../www/serve.mjs';
import { launch, watchErrors } from '../support/chromium.mjs';

let demo;
let browser;

before(async () => {
  demo = await startDemo();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await demo?.close();
});

/**
 * Signs in through the demo UI with no provider session (so the provider
 * shows its login page) and returns the report the callback page rendered.
 */
async function signIn({ client, flow, mfa = false, stepUp = false, maxAge, screenshot } = {}) {
  await browser.context.clearCookies();
  const page = await browser.context.newPage();
  const errors = watchErrors(page);
  try {
    await page.goto(`${demo.appUrl}/?client=${client}&flow=${flow}`);
    await page.waitForFunction(() => window.demoReady === true);
    if (stepUp) await page.check('#stepup');
    if (maxAge !== undefined) await page.fill('#maxage', String(maxAge));
    await page.click('#go');
    await page.waitForURL((u) => u.href.startsWith(demo.provider.origin), { timeout: 15_000 });
    await page.waitForSelector('#login');
    if (mfa) await page.check('#mfa');
    await page.click('#login');
    await page.waitForFunction(() => window.idtokenReport?.rows, null, { timeout: 20_000 });
    const report = await page.evaluate(() => window.idtokenReport);
    const shown = await page.$eval('[data-verdict]', (el) => el.dataset.verdict);
    const statuses = await page.$$eval('tr[data-check]', (rows) => Object.fromEntries(rows.map((r) => [r.dataset.check, r.dataset.status])));
    if (screenshot) await page.screenshot({ path: screenshot, fullPage: true });
    return { report, shown, statuses, errors };
  } finally {
    await page.close();
  }
}

const ALGS = { 'spa-rs256': 'RS256', 'spa-ps256': 'PS256', 'spa-es256': 'ES256', 'spa-eddsa': 'EdDSA' };

test('every flow for every algorithm signs in and passes every check', async () => {
  const signing = demo.provider.clients.filter((c) => !c.encryption);
  assert.deepEqual(Object.fromEntries(signing.map((c) => [c.client_id, c.alg])), ALGS);
  for (const [client, alg] of Object.entries(ALGS)) {
    for (const flow of ['code', 'hybrid', 'implicit']) {
      const { report, shown, statuses, errors } = await signIn({ client, flow });
      const where = `${client} ${flow}`;
      assert.equal(report.ok, true, `${where}: ${report.verdict} ${report.error?.message ?? ''}`);
      assert.equal(shown, 'valid', where);
      assert.equal(report.header.alg, alg, where);
      assert.equal(report.claims.aud, client, where);
      for (const id of ['keys', 'shape', 'header', 'signature', 'claims', 'iss', 'aud', 'azp', 'exp', 'iat', 'nonce']) {
        assert.equal(statuses[id], 'pass', `${where}: ${id}`);
      }
      if (flow === 'implicit') assert.equal(statuses.at_hash, 'pass', `${where}: at_hash checked`);
      if (flow === 'hybrid') assert.equal(statuses.c_hash, 'pass', `${where}: c_hash checked`);
      if (flow === 'implicit') assert.ok(report.claims.at_hash, `${where}: token carries at_hash`);
      if (flow === 'hybrid') assert.ok(report.claims.c_hash, `${where}: token carries c_hash`);
      assert.ok(!Object.values(statuses).includes('fail'), where);
      assert.deepEqual(errors, [], where);
    }
  }
});

test('step-up: acr_values and max_age are requested and checked', async () => {
  const shot = join(mkdtempSync(join(tmpdir(), 'idtoken-shot-')), 'demo-result.png');
  const ok = await signIn({ client: 'spa-es256', flow: 'code', mfa: true, stepUp: true, maxAge: 300, screenshot: shot });
  assert.equal(ok.report.ok, true, ok.report.verdict);
  assert.equal(ok.statuses.acr, 'pass');
  assert.equal(ok.statuses.auth_time, 'pass');
  assert.equal(ok.report.claims.acr, 'urn:idtoken:mfa');
  assert.ok(ok.report.claims.amr.includes('otp'));
  assert.equal(typeof ok.report.claims.auth_time, 'number');
  assert.ok(statSync(shot).size > 10_000, 'a screenshot of the result page');
  if (process.env.UPDATE_DOCS) copyFileSync(shot, new URL('../../docs/demo-result.png', import.meta.url));

  // The user declines the second factor: the provider says acr pwd, the check refuses it.
  const weak = await signIn({ client: 'spa-es256', flow: 'code', mfa: false, stepUp: true });
  assert.equal(weak.report.ok, false);
  assert.equal(weak.report.error.code, 'ERR_ACR');
  assert.equal(weak.statuses.acr, 'fail');
  assert.equal(weak.report.claims.acr, 'urn:idtoken:pwd');
});

/** A page holding one validator across sign-ins, like a long-lived SPA. */
async function harness() {
  const page = await browser.context.newPage();
  await page.goto(`${demo.appUrl}/inspector.html`);
  await page.waitForFunction(() => window.demoReady === true);
  await page.evaluate(async () => {
    window.lib = await import('/pkg/idtoken.js');
    await window.lib.default();
  });
  return page;
}

const outcome = (page, fn, ...args) => page.evaluate(async ([src, a]) => {
  try {
    const value = await (0, eval)(src)(...a);
    return { ok: true, value };
  } catch (e) {
    return { ok: false, code: e.code, message: e.message };
  }
}, [fn.toString(), args]);

test('key rotation: one refetch on a new kid, none inside the cooldown', async () => {
  const { control, issuer } = demo.provider;
  const page = await harness();
  try {
    const first = await signIn({ client: 'spa-rs256', flow: 'code' });
    control.resetStats();
    const r1 = await outcome(page, async (iss, token) => {
      window.v = await window.lib.IdTokenValidator.discover(iss, 'spa-rs256');
      const r = await window.v.validateAsync(token);
      return r.kid;
    }, issuer, first.report.token);
    assert.ok(r1.ok, r1.message);
    assert.equal(control.stats().jwksRequests, 1, 'discover fetched the JWKS once');

    const oldKids = control.kids();
    await control.rotateKeys();
    assert.notDeepEqual(control.kids(), oldKids);
    const second = await signIn({ client: 'spa-rs256', flow: 'code' });
    assert.notEqual(second.report.header.kid, first.report.header.kid, 'the new token names a new kid');
    assert.equal(control.stats().jwksRequests, 2, 'the demo page fetched the new keys for itself');
    control.resetStats();

    const r2 = await outcome(page, (token) => window.v.validateAsync(token).then((r) => r.kid), second.report.token);
    assert.ok(r2.ok, r2.message);
    assert.equal(r2.value, second.report.header.kid);
    assert.equal(control.stats().jwksRequests, 1, 'exactly one refetch for the unknown kid');

    // Another unknown kid inside the cooldown: refused without a fetch.
    const [h, p, s] = second.report.token.split('.');
    const forged = `${Buffer.from(JSON.stringify({ alg: 'RS256', kid: 'never-published' })).toString('base64url')}.${p}.${s}`;
    const r3 = await outcome(page, (token) => window.v.validateAsync(token), forged);
    assert.equal(r3.ok, false);
    assert.equal(r3.code, 'ERR_NO_MATCHING_KEY');
    assert.equal(control.stats().jwksRequests, 1, 'no second fetch inside the cooldown');
    assert.ok(h);
  } finally {
    await page.close();
  }
});

test('concurrent validations share one in-flight JWKS fetch', async () => {
  const { control, issuer } = demo.provider;
  const page = await harness();
  try {
    const t = await signIn({ client: 'spa-eddsa', flow: 'implicit' });
    control.resetStats();
    const r = await outcome(page, async (iss, token) => {
      const v = new window.lib.IdTokenValidator({ issuer: iss, clientId: 'spa-eddsa', jwksUri: `${iss}/jwks` });
      const all = await Promise.all([1, 2, 3, 4, 5].map(() => v.validateAsync(token)));
      return all.map((x) => x.kid);
    }, issuer, t.report.token);
    assert.ok(r.ok, r.message);
    assert.equal(new Set(r.value).size, 1);
    assert.equal(control.stats().jwksRequests, 1);
  } finally {
    await page.close();
  }
});

test('a discovery document for another issuer is refused with ERR_DISCOVERY', async () => {
  const { control, issuer } = demo.provider;
  const page = await harness();
  try {
    control.setDiscoveryIssuer('https://evil.example.com');
    const r = await outcome(page, (iss) => window.lib.IdTokenValidator.discover(iss, 'spa-es256'), issuer);
    assert.equal(r.ok, false);
    assert.equal(r.code, 'ERR_DISCOVERY');
    assert.match(r.message, /evil\.example\.com/);
  } finally {
    control.setDiscoveryIssuer(null);
    await page.close();
  }
});

test('a JWKS endpoint that is down or returns junk gives ERR_JWKS_FETCH', async () => {
  const { control, issuer } = demo.provider;
  const page = await harness();
  try {
    for (const mode of ['down', 'junk']) {
      control.setJwksMode(mode);
      const r = await outcome(page, (iss) => window.lib.IdTokenValidator.discover(iss, 'spa-es256'), issuer);
      assert.equal(r.ok, false, mode);
      assert.equal(r.code, 'ERR_JWKS_FETCH', `${mode}: ${r.message}`);
    }
    // A held validator whose refresh fails: the failure is reported, not hidden.
    control.setJwksMode('ok');
    const t = await signIn({ client: 'spa-es256', flow: 'implicit' });
    control.setJwksMode('down');
    const r = await outcome(page, async (iss, token) => {
      const v = new window.lib.IdTokenValidator({ issuer: iss, clientId: 'spa-es256', jwksUri: `${iss}/jwks` });
      return v.validateAsync(token);
    }, issuer, t.report.token);
    assert.equal(r.code, 'ERR_JWKS_FETCH', r.message);
  } finally {
    control.setJwksMode('ok');
    await page.close();
  }
});

test('the token inspector checks a pasted token with a pasted JWKS or by discovery', async () => {
  const { report: signedIn } = await signIn({ client: 'spa-ps256', flow: 'implicit' });
  const jwks = await (await fetch(`${demo.provider.issuer}/jwks`)).text();
  const page = await browser.context.newPage();
  const errors = watchErrors(page);
  try {
    const inspect = async ({ token, keysFrom, nonce }) => {
      await page.goto(`${demo.appUrl}/inspector.html`);
      await page.waitForFunction(() => window.demoReady === true);
      await page.fill('#token', token);
      await page.dispatchEvent('#token', 'change');
      assert.equal(await page.inputValue('#issuer'), demo.provider.issuer, 'issuer prefilled from the token');
      assert.equal(await page.inputValue('#clientId'), 'spa-ps256', 'client prefilled from aud');
      if (nonce) await page.fill('#nonce', nonce);
      await page.selectOption('#keysFrom', keysFrom);
      if (keysFrom === 'jwks') await page.fill('#jwks', jwks);
      await page.click('#check');
      await page.waitForFunction(() => window.idtokenReport?.rows);
      return page.evaluate(() => window.idtokenReport);
    };
    const byJwks = await inspect({ token: signedIn.token, keysFrom: 'jwks', nonce: signedIn.claims.nonce });
    assert.equal(byJwks.ok, true, byJwks.verdict);
    assert.equal(byJwks.rows.find((r) => r.id === 'nonce').status, 'pass');
    const byDiscovery = await inspect({ token: signedIn.token, keysFrom: 'discovery' });
    assert.equal(byDiscovery.ok, true, byDiscovery.verdict);
    const [h, p, s] = signedIn.token.split('.');
    const tampered = `${h}.${p}.${s.slice(0, -4)}AAAA`;
    const bad = await inspect({ token: tampered, keysFrom: 'jwks' });
    assert.equal(bad.ok, false);
    assert.equal(bad.error.code, 'ERR_BAD_SIGNATURE');
    assert.equal(bad.rows.find((r) => r.id === 'signature').status, 'fail');
    assert.equal(bad.rows.find((r) => r.id === 'iss').status, 'not reached');
    assert.deepEqual(errors, []);
  } finally {
    await page.close();
  }
});

test('encrypted ID tokens: the provider encrypts, the page decrypts and validates', async () => {
  const encrypted = demo.provider.clients.filter((c) => c.encryption);
  assert.deepEqual(encrypted.map((c) => `${c.encryption.alg} ${c.encryption.enc}`), ['RSA-OAEP-256 A256GCM', 'ECDH-ES+A256KW A128CBC-HS256']);
  for (const c of encrypted) {
    for (const flow of ['code', 'implicit']) {
      const { report, statuses, errors } = await signIn({ client: c.client_id, flow });
      const where = `${c.client_id} ${flow}`;
      assert.equal(report.ok, true, `${where}: ${report.verdict} ${report.error?.message ?? ''}`);
      assert.equal(report.token.split('.').length, 5, `${where}: the token arrived as a JWE`);
      assert.equal(statuses.encryption, 'pass', where);
      assert.match(report.rows.find((r) => r.id === 'encryption').found, new RegExp(`arrived encrypted \\(JWE ${c.encryption.alg.replace('+', '\\+')}`));
      assert.equal(report.header.alg, 'ES256', `${where}: the inner token is signed`);
      assert.equal(report.claims.aud, c.client_id, where);
      assert.ok(!Object.values(statuses).includes('fail'), where);
      assert.deepEqual(errors, [], where);
    }
  }
});
