// End to end: an app signs in with oidc-client-ts (npm, its ESM build) in
// headless Chromium against the real oidc-provider, through the example page
// www/oidc-client-ts.html, with and without idtoken's adapter
// (pkg/oidc-client-ts.js, verifyUserManager). A real sign-in is accepted;
// when the provider flips a byte of the ID token's signature, oidc-client-ts
// alone still signs the user in and idtoken refuses it (ERR_BAD_SIGNATURE)
// without storing a user. Both against the newest oidc-client-ts 3.x (the
// devDependency) and the oldest (3.0.1, npm alias oidc-client-ts-3.0): one
// app server each, serving that version where the page's import map points.
// That version matrix runs in Chromium only; one adapter sign-in, accepted,
// and one with a tampered signature, refused, run in every engine of
// BROWSERS (tests/support/browser.mjs) against the newest 3.x.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { createRemoteJWKSet, jwtVerify } from 'jose';
import { fileURLToPath } from 'node:url';
import { serveStatic } from '../../scripts/static-server.mjs';
import { startProvider } from '../../www/provider/provider.mjs';
import { launch, watchErrors } from '../support/chromium.mjs';
import { engines, launch as launchEngine } from '../support/browser.mjs';

const ALGS = { 'spa-rs256': 'RS256', 'spa-ps256': 'PS256', 'spa-es256': 'ES256', 'spa-eddsa': 'EdDSA' };

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
/** oidc-client-ts versions under test -> their directory in node_modules. */
const VERSIONS = { '3.x': 'oidc-client-ts', '3.0': 'oidc-client-ts-3.0' };

let demo;
let browser;
let jwks;

/** The example page's servers (one per oidc-client-ts version) and the provider. */
async function startServers() {
  let provider = null;
  const apps = {};
  for (const [version, dir] of Object.entries(VERSIONS)) {
    apps[version] = await serveStatic({
      '/': `${ROOT}www/`,
      '/pkg/': `${ROOT}pkg/`,
      '/vendor/oidc-client-ts/': `${ROOT}node_modules/${dir}/dist/esm/`,
      '/vendor/jwt-decode/': `${ROOT}node_modules/jwt-decode/build/esm/`,
    }, {
      '/config.json': {
        body: () => JSON.stringify({ issuer: provider.issuer, clients: provider.clients.map((c) => ({ clientId: c.client_id, alg: c.alg })) }),
        type: 'application/json',
      },
    });
  }
  const urls = Object.values(apps).map((a) => a.url);
  provider = await startProvider({ appOrigin: urls[0], redirectUris: urls.map((u) => `${u}/oidc-client-ts.html`) });
  return {
    provider,
    appUrl: (version) => apps[version].url,
    async close() {
      await provider.close();
      for (const a of Object.values(apps)) await a.close();
    },
  };
}

before(async () => {
  for (const file of ['index.js', 'oidc-client-ts.js']) {
    if (!existsSync(new URL(`../../pkg/${file}`, import.meta.url))) {
      throw new Error(`pkg/${file} is missing: build the package with \`make build\` (scripts/build-pkg.sh copies js/ into pkg/)`);
    }
  }
  demo = await startServers();
  if (MATRIX) browser = await launch();
  jwks = createRemoteJWKSet(new URL(`${demo.provider.issuer}/jwks`));
});

after(async () => {
  await browser?.close();
  await demo?.close();
});

/** The version matrix needs Chromium among BROWSERS. */
const MATRIX = engines().includes('chromium');
const MATRIX_SKIP = MATRIX ? false : 'the oidc-client-ts version matrix runs in Chromium only, and BROWSERS leaves it out';

/** Verifies `idToken` independently of idtoken, with npm jose and the provider's JWKS. */
async function joseVerifies(idToken, clientId) {
  try {
    await jwtVerify(idToken, jwks, { issuer: demo.provider.issuer, audience: clientId });
    return true;
  } catch (e) {
    if (e.code === 'ERR_JWS_SIGNATURE_VERIFICATION_FAILED') return false;
    throw e;
  }
}

/** The user records oidc-client-ts keeps in the page's sessionStorage ("oidc." + "user:<authority>:<client>"). */
const storedUsers = (page) => page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('oidc.user:')));

/**
 * Signs in on the example page (a fresh one unless `page` is given): the
 * provider's login page, back to the page, which runs signinCallback.
 * Returns the page's result and the users stored afterwards.
 */
async function signIn({ version, client, verify, tamper, page }) {
  const own = !page;
  page ||= await browser.context.newPage();
  const errors = watchErrors(page);
  try {
    await browser.context.clearCookies();
    await page.goto(`${demo.appUrl(version)}/oidc-client-ts.html?client=${client}${verify ? '' : '&verify=0'}`);
    await page.waitForFunction(() => window.oidcDemo?.ready === true);
    await page.setChecked('#tamper', tamper);
    assert.equal(await page.isChecked('#verify'), verify);
    await page.click('#go');
    await page.waitForURL((u) => u.href.startsWith(demo.provider.origin), { timeout: 15_000 });
    await page.waitForSelector('#login');
    await page.click('#login');
    await page.waitForFunction(() => window.oidcDemo?.result, null, { timeout: 20_000 });
    const result = await page.evaluate(() => window.oidcDemo.result);
    const shown = await page.$eval('[data-verdict]', (el) => el.dataset.verdict);
    return { result, shown, users: await storedUsers(page), errors };
  } finally {
    if (own) await page.close();
  }
}

for (const version of Object.keys(VERSIONS)) {
  test(`chromium: oidc-client-ts ${version} + idtoken: a real sign-in is accepted, for every signing algorithm`, { skip: MATRIX_SKIP }, async () => {
    for (const [client, alg] of Object.entries(ALGS)) {
      const { result, shown, users, errors } = await signIn({ version, client, verify: true, tamper: false });
      assert.equal(result.ok, true, `${client}: ${JSON.stringify(result.error)}`);
      assert.equal(result.verified, true, client);
      assert.equal(shown, 'signed-in', client);
      assert.equal(result.header.alg, alg, client);
      assert.equal(result.claims.aud, client, client);
      assert.equal(result.claims.iss, demo.provider.issuer, client);
      assert.equal(result.user.sub, 'alice', client);
      // The nonce went through oidc-client-ts's state store to the adapter.
      assert.equal(typeof result.nonce, 'string', client);
      assert.equal(result.claims.nonce, result.nonce, client);
      // oidc-provider puts no at_hash in code-flow ID tokens; the adapter
      // checks it when present (tests/browser/oidc-client-ts.test.mjs).
      assert.equal(typeof result.accessToken, 'string', client);
      assert.equal(await joseVerifies(result.idToken, client), true, `${client}: jose agrees the token is genuine`);
      assert.equal(users.length, 1, `${client}: the user is stored`);
      assert.deepEqual(errors, [], client);
    }
  });

  test(`chromium: oidc-client-ts ${version}: a tampered ID token signature: oidc-client-ts alone signs the user in, idtoken refuses it`, { skip: MATRIX_SKIP }, async () => {
    for (const client of ['spa-es256', 'spa-rs256']) {
      const before = demo.provider.control.tamperedIdTokens();

      // Without the adapter: oidc-client-ts accepts the forged token.
      const alone = await signIn({ version, client, verify: false, tamper: true });
      assert.equal(demo.provider.control.tamperedIdTokens(), before + 1, `${client}: the provider tampered with the token`);
      assert.equal(alone.result.ok, true, `${client}: oidc-client-ts alone: ${JSON.stringify(alone.result.error)}`);
      assert.equal(alone.result.verified, false, client);
      assert.equal(alone.shown, 'signed-in', client);
      assert.equal(alone.result.user.sub, 'alice', client);
      assert.equal(alone.result.claims.nonce, alone.result.nonce, `${client}: only the signature is wrong`);
      assert.equal(await joseVerifies(alone.result.idToken, client), false, `${client}: jose agrees the signature is forged`);
      assert.equal(alone.users.length, 1, `${client}: oidc-client-ts alone stored the forged user`);
      assert.deepEqual(alone.errors, [], client);

      // With the adapter, in a tab where a genuine user is already signed in:
      // the forged response is refused and no user is left stored.
      const page = await browser.context.newPage();
      try {
        const genuine = await signIn({ version, client, verify: true, tamper: false, page });
        assert.equal(genuine.result.ok, true, `${client}: ${JSON.stringify(genuine.result.error)}`);
        assert.equal(genuine.users.length, 1, client);
        const checked = await signIn({ version, client, verify: true, tamper: true, page });
        assert.equal(demo.provider.control.tamperedIdTokens(), before + 2, client);
        assert.equal(checked.result.ok, false, `${client}: idtoken let a forged signature through`);
        assert.equal(checked.result.error.name, 'IdTokenError', client);
        assert.equal(checked.result.error.code, 'ERR_BAD_SIGNATURE', `${client}: ${checked.result.error.message}`);
        assert.equal(checked.shown, 'refused', client);
        assert.equal(checked.result.storedUser, false, `${client}: getUser() is null after the refusal`);
        assert.deepEqual(checked.users, [], `${client}: fail closed: no user left in storage`);
      } finally {
        await page.close();
      }
    }
    demo.provider.control.setTamperMode('none');
  });
}

/**
 * One sign-in on the example page with oidc-client-ts 3.x in a layer
 * browser (any engine), in `page`. Where the engine cannot clear cookies
 * (WebKit), the provider may pass a later sign-in on its session, without
 * the login page.
 */
async function signInEngine(browser, page, { client, verify, tamper }) {
  const cleared = (await browser.clearCookies()) !== false;
  await page.goto(`${demo.appUrl('3.x')}/oidc-client-ts.html?client=${client}${verify ? '' : '&verify=0'}`);
  await page.waitForFunction(() => window.oidcDemo?.ready === true, null, { timeout: 30_000 });
  await page.evaluate((on) => { document.getElementById('tamper').checked = on; }, tamper);
  assert.equal(await page.evaluate(() => document.getElementById('verify').checked), verify);
  await page.evaluate(() => { window.oidcDemo.ready = false; });
  await page.click('#go');
  if (cleared) {
    await page.waitForURL((u) => u.href.startsWith(demo.provider.origin), { timeout: 15_000 });
  } else {
    // Either the provider's login page, or back at the app with a result.
    await page.waitForURL((u) => u.href.startsWith(demo.provider.origin) || u.searchParams.has('state'), { timeout: 15_000 }).catch(() => {});
  }
  if ((await page.url()).startsWith(demo.provider.origin)) {
    await page.waitForSelector('#login');
    await page.click('#login');
  }
  await page.waitForFunction(() => window.oidcDemo?.result, null, { timeout: 20_000 });
  const result = await page.evaluate(() => window.oidcDemo.result);
  const shown = await page.evaluate(() => document.querySelector('[data-verdict]')?.dataset.verdict ?? null);
  return { result, shown, users: await storedUsers(page) };
}

for (const engine of engines()) {
  describe(engine, () => {
    let b;
    before(async () => {
      b = await launchEngine(engine);
      console.log(`${engine}: ${b.label}, oidc-client-ts 3.x`);
    });
    after(async () => {
      demo?.provider.control.setTamperMode('none');
      await b?.close();
    });

    test(`${engine}: oidc-client-ts 3.x + idtoken: a real sign-in is accepted; a tampered ID token signature is refused with nothing stored`, async () => {
      const client = 'spa-es256';
      const page = await b.newPage();
      try {
        const genuine = await signInEngine(b, page, { client, verify: true, tamper: false });
        assert.equal(genuine.result.ok, true, `${engine}: ${JSON.stringify(genuine.result.error)}`);
        assert.equal(genuine.result.verified, true);
        assert.equal(genuine.shown, 'signed-in');
        assert.equal(genuine.result.header.alg, 'ES256');
        assert.equal(genuine.result.claims.aud, client);
        assert.equal(genuine.result.user.sub, 'alice');
        assert.equal(genuine.result.claims.nonce, genuine.result.nonce);
        assert.equal(await joseVerifies(genuine.result.idToken, client), true, 'jose agrees the token is genuine');
        assert.equal(genuine.users.length, 1, 'the user is stored');

        const before = demo.provider.control.tamperedIdTokens();
        const forged = await signInEngine(b, page, { client, verify: true, tamper: true });
        assert.equal(demo.provider.control.tamperedIdTokens(), before + 1, 'the provider tampered with the token');
        assert.equal(forged.result.ok, false, `${engine}: idtoken let a forged signature through`);
        assert.equal(forged.result.error.name, 'IdTokenError');
        assert.equal(forged.result.error.code, 'ERR_BAD_SIGNATURE', forged.result.error.message);
        assert.equal(forged.shown, 'refused');
        assert.equal(forged.result.storedUser, false, 'getUser() is null after the refusal');
        assert.deepEqual(forged.users, [], 'fail closed: no user left in storage');
        assert.deepEqual(page.uncaught, []);
      } finally {
        demo.provider.control.setTamperMode('none');
        await page.close();
      }
    });
  });
}
