// End to end: the Manifest V3 extension (www/extension, assembled by
// scripts/build-extension.mjs) loaded unpacked into Debian's Chromium,
// headless, through playwright-core. A real ID token comes from signing in
// through the demo at the local provider; the popup checks it (and a
// tampered copy) with the demo's per-check report; the service worker
// validates it on chrome.runtime.sendMessage and through the "Check ID
// token" context menu handler, with the wasm instantiated by initSync from
// the bundled bytes, in a global scope without window or document.
//
// Headless extensions: playwright's `headless: true` passes `--headless`,
// which in Chromium >= 132 is the new headless mode (the full browser), and
// that mode loads unpacked extensions given by --disable-extensions-except
// and --load-extension. playwright also passes --disable-extensions by
// default; `ignoreDefaultArgs: ['--disable-extensions']` drops it (the
// --disable-extensions-except switch would win anyway, but this way the
// command line says what is meant).
//
// Then the same build in Firefox ESR (when BROWSERS has firefox), installed
// as a temporary add-on over WebDriver BiDi (webExtension.install, which
// puppeteer-core calls browser.installExtension): the popup checks a token
// from a real sign-in and a tampered copy, and the background script (an
// event page in Firefox, which ignores service_worker) answers
// chrome.runtime.sendMessage. Firefox's BiDi refuses to navigate to
// moz-extension:// pages unless started with --remote-allow-system-access,
// and the add-on's internal UUID is fixed with the extensions.webextensions.uuids
// preference so that the test knows the popup's URL.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { CHROMIUM, watchErrors } from '../support/chromium.mjs';
import { engines, launch as launchEngine } from '../support/browser.mjs';
import { idClaims, mintKey, mintToken, tamperPayload } from '../support/mint.mjs';
import { signInForToken } from '../support/signin.mjs';
import { startDemo } from '../../www/serve.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const CLIENT = 'spa-es256';
const GECKO_ID = 'idtoken-checker@idtoken.github.io';
const CHROMIUM_SKIP = engines().includes('chromium') ? false : 'BROWSERS leaves out chromium';
const FIREFOX_SKIP = engines().includes('firefox') ? false : 'BROWSERS leaves out firefox';

let work;
let extDir;
let buildOutput;
let demo;
let context;
let extensionId;
let signedIn;
const pageErrors = [];

/** Chromium with the unpacked extension at `dir`, headless, on a fresh profile. */
async function launchWithExtension(dir, profile) {
  return chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM,
    headless: true,
    ignoreDefaultArgs: ['--disable-extensions'],
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync',
      `--disable-extensions-except=${dir}`,
      `--load-extension=${dir}`,
    ],
  });
}

/** The extension's service worker (woken up by a message if Chromium stopped it). */
async function serviceWorker() {
  const mine = () => context.serviceWorkers().find((w) => w.url() === `chrome-extension://${extensionId}/background.js`);
  if (mine()) return mine();
  const waiting = context.waitForEvent('serviceworker', { predicate: (w) => w.url().startsWith(`chrome-extension://${extensionId}/`), timeout: 10_000 });
  const p = await openPopup();
  await p.evaluate(() => chrome.runtime.sendMessage({ type: 'ping' }).catch(() => {}));
  await p.close();
  return mine() ?? waiting;
}

/** popup.html opened as a tab (a popup needs a click on the toolbar, which headless has not). */
async function openPopup() {
  const page = await context.newPage();
  const errors = watchErrors(page);
  page.on('close', () => pageErrors.push(...errors.map((e) => `${page.url()}: ${e}`)));
  await page.goto(`chrome-extension://${extensionId}/popup.html`);
  await page.waitForFunction(() => window.popupReady === true, null, { timeout: 15_000 });
  return page;
}

/** Fills the popup form, presses Check, returns { report, verdict, code, statuses }. */
async function checkInPopup(page, { token, issuer = '', clientId = '', nonce = '', jwks = '' }) {
  await page.evaluate(() => { window.idtokenReport = undefined; });
  for (const [id, value] of Object.entries({ token, issuer, clientId, nonce, jwks })) await page.fill(`#${id}`, value);
  await page.click('#check');
  await page.waitForFunction(() => window.idtokenReport, null, { timeout: 15_000 });
  return {
    report: await page.evaluate(() => window.idtokenReport),
    verdict: await page.$eval('#report [data-verdict]', (el) => el.dataset.verdict),
    code: await page.$eval('#report [data-verdict]', (el) => el.dataset.code ?? null),
    statuses: await page.$$eval('#report tr[data-check]', (rows) => Object.fromEntries(rows.map((r) => [r.dataset.check, r.dataset.status]))),
  };
}

/** chrome.runtime.sendMessage from an extension page to the service worker. */
async function askWorker(message) {
  const page = await openPopup();
  try {
    return await page.evaluate((m) => chrome.runtime.sendMessage(m), message);
  } finally {
    await page.close();
  }
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'idtoken-ext-'));
  extDir = join(work, 'extension');
  buildOutput = execFileSync(process.execPath, [join(ROOT, 'scripts/build-extension.mjs'), '--out', extDir], { encoding: 'utf8' });
  demo = await startDemo();
  if (CHROMIUM_SKIP) return;
  context = await launchWithExtension(extDir, join(work, 'profile'));
  const sw = context.serviceWorkers().find((w) => w.url().endsWith('/background.js'))
    ?? await context.waitForEvent('serviceworker', { timeout: 15_000 });
  extensionId = new URL(sw.url()).host;
  const watchWorker = (w) => w.on('console', (m) => { if (m.type() === 'error') pageErrors.push(`${w.url()}: ${m.text()}`); });
  watchWorker(sw);
  context.on('serviceworker', watchWorker);
  signedIn = await signInForToken(context, { appUrl: demo.appUrl, providerOrigin: demo.provider.origin, client: CLIENT });
});

after(async () => {
  await context?.close().catch(() => {});
  await demo?.close();
  if (work) rmSync(work, { recursive: true, force: true });
});

test('the build assembles a Manifest V3 extension with the library and the relative report module', () => {
  assert.match(buildOutput, /^extension \d+\.\d+\.\d+: \d+ files/m);
  const manifest = JSON.parse(readFileSync(join(extDir, 'manifest.json'), 'utf8'));
  const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  assert.equal(manifest.manifest_version, 3);
  assert.equal(manifest.version, pkg.version);
  // One manifest for both: Chromium runs service_worker, Firefox runs scripts.
  assert.deepEqual(manifest.background, { service_worker: 'background.js', scripts: ['background.js'], type: 'module' });
  assert.equal(manifest.browser_specific_settings.gecko.id, GECKO_ID);
  assert.equal(manifest.content_security_policy.extension_pages, "script-src 'self' 'wasm-unsafe-eval'; object-src 'self'");
  assert.deepEqual(manifest.permissions.sort(), ['contextMenus', 'notifications', 'storage']);
  assert.deepEqual(manifest.host_permissions, ['http://127.0.0.1/*', 'http://localhost/*', 'https://*/*']);
  assert.equal(manifest.action.default_popup, 'popup.html');

  assert.ok(readFileSync(join(extDir, 'idtoken_bg.wasm')).equals(readFileSync(join(ROOT, 'pkg/idtoken_bg.wasm'))));
  assert.equal(readFileSync(join(extDir, 'idtoken.js'), 'utf8'), readFileSync(join(ROOT, 'pkg/idtoken.js'), 'utf8'));
  const report = readFileSync(join(extDir, 'report.mjs'), 'utf8');
  assert.match(report, /^import \{ decodeUnverified, tokenHash \} from '\.\/idtoken\.js';$/m);
  assert.doesNotMatch(report, /\/pkg\//);
  assert.equal(readFileSync(join(extDir, 'icons/icon-128.png')).subarray(1, 4).toString(), 'PNG');
  if (!CHROMIUM_SKIP) assert.match(extensionId, /^[a-p]{32}$/);
});

test('the library glue touches neither window nor document (only a typeof probe for the global object)', () => {
  const glue = readFileSync(join(ROOT, 'pkg/idtoken.js'), 'utf8');
  assert.doesNotMatch(glue, /\bdocument\b/);
  // wasm-bindgen's global-object lookup: globalThis, self, window, global, each behind typeof.
  const windows = glue.split('\n').filter((line) => /\bwindow\b/.test(line));
  for (const line of windows) assert.match(line.trim(), /^const ret = typeof window === 'undefined' \? undefined : window;$/);
});

test('chromium: the service worker: no window, no document; the wasm was instantiated with initSync from the bundled bytes', { skip: CHROMIUM_SKIP }, async () => {
  const sw = await serviceWorker();
  const env = await sw.evaluate(async () => {
    await self.idtokenExtension.ready;
    const bytes = await (await fetch(chrome.runtime.getURL('idtoken_bg.wasm'))).arrayBuffer();
    return {
      window: typeof window,
      document: typeof document,
      serviceWorker: self instanceof ServiceWorkerGlobalScope,
      bundledWasmBytes: bytes.byteLength,
    };
  });
  assert.deepEqual(env, {
    window: 'undefined',
    document: 'undefined',
    serviceWorker: true,
    bundledWasmBytes: readFileSync(join(ROOT, 'pkg/idtoken_bg.wasm')).length,
  });
  const src = readFileSync(join(extDir, 'background.js'), 'utf8');
  assert.match(src, /initSync\(\{ module: bytes \}\)/);
  assert.match(src, /chrome\.runtime\.getURL\('idtoken_bg\.wasm'\)/);
});

test('chromium: popup: a token from a real sign-in is accepted with keys by discovery, every check passing', { skip: CHROMIUM_SKIP }, async () => {
  const page = await openPopup();
  try {
    // The issuer and client are prefilled from the pasted token.
    await page.fill('#token', signedIn.token);
    assert.equal(await page.inputValue('#issuer'), demo.provider.issuer);
    assert.equal(await page.inputValue('#clientId'), CLIENT);

    const out = await checkInPopup(page, { token: signedIn.token, issuer: demo.provider.issuer, clientId: CLIENT, nonce: signedIn.nonce });
    assert.equal(out.verdict, 'valid', out.report.verdict);
    assert.equal(out.report.ok, true);
    assert.equal(out.report.claims.sub, 'alice');
    assert.equal(out.report.header.alg, 'ES256');
    for (const id of ['keys', 'shape', 'header', 'signature', 'claims', 'iss', 'aud', 'azp', 'exp', 'iat', 'nonce']) {
      assert.equal(out.statuses[id], 'pass', id);
    }
    assert.match(await page.textContent('#report .verdict'), /^Valid ID token for alice \(ES256, key /);
  } finally {
    await page.close();
  }
});

test('chromium: popup: a tampered token is refused (ERR_BAD_SIGNATURE shown), a wrong nonce is ERR_NONCE, a pasted JWKS works', { skip: CHROMIUM_SKIP }, async () => {
  const page = await openPopup();
  try {
    const forged = tamperPayload(signedIn.token, { ...signedIn.claims, sub: 'mallory' });
    const bad = await checkInPopup(page, { token: forged, issuer: demo.provider.issuer, clientId: CLIENT });
    assert.equal(bad.verdict, 'refused');
    assert.equal(bad.code, 'ERR_BAD_SIGNATURE');
    assert.equal(bad.statuses.signature, 'fail');
    assert.equal(bad.statuses.iss, 'not reached');
    assert.match(await page.textContent('#report .verdict'), /Refused: ERR_BAD_SIGNATURE/);
    assert.match(await page.textContent('#report tr[data-check="signature"] .why'), /^ERR_BAD_SIGNATURE: /);

    const nonce = await checkInPopup(page, { token: signedIn.token, issuer: demo.provider.issuer, clientId: CLIENT, nonce: 'not-the-nonce-sent' });
    assert.equal(nonce.code, 'ERR_NONCE');
    assert.equal(nonce.statuses.nonce, 'fail');

    const jwks = await (await fetch(`${demo.provider.issuer}/jwks`)).text();
    const pasted = await checkInPopup(page, { token: signedIn.token, issuer: demo.provider.issuer, clientId: CLIENT, jwks });
    assert.equal(pasted.verdict, 'valid', pasted.report.verdict);
    assert.equal(pasted.report.rows.find((r) => r.id === 'keys').expected, 'the pasted JWKS');

    const wrongClient = await checkInPopup(page, { token: signedIn.token, issuer: demo.provider.issuer, clientId: 'spa-rs256' });
    assert.equal(wrongClient.code, 'ERR_AUDIENCE');
  } finally {
    await page.close();
  }
});

test('chromium: service worker, chrome.runtime.sendMessage: verdicts for the real token, a tampered one, and jose-minted ones with a JWKS', { skip: CHROMIUM_SKIP }, async () => {
  const { control, issuer } = demo.provider;
  control.resetStats();
  const ok = await askWorker({ type: 'check', token: signedIn.token });
  assert.deepEqual(ok, {
    ok: true,
    code: null,
    message: `Valid ID token for alice (ES256, key ${signedIn.header.kid})`,
    sub: 'alice',
    alg: 'ES256',
    kid: signedIn.header.kid,
    issuer,
    clientId: CLIENT,
    keysFrom: `discovery of ${issuer}`,
  });
  // The service worker itself fetched discovery and the JWKS (host permissions, no page involved).
  assert.deepEqual(control.stats(), { discoveryRequests: 1, jwksRequests: 1 });

  const forged = await askWorker({ type: 'check', token: tamperPayload(signedIn.token, { ...signedIn.claims, sub: 'mallory' }) });
  assert.equal(forged.ok, false);
  assert.equal(forged.code, 'ERR_BAD_SIGNATURE');
  assert.equal(forged.sub, null);
  assert.equal(forged.alg, 'ES256');

  assert.equal((await askWorker({ type: 'check', token: signedIn.token, nonce: 'wrong' })).code, 'ERR_NONCE');
  assert.equal((await askWorker({ type: 'check', token: signedIn.token, nonce: signedIn.nonce })).ok, true);
  assert.equal((await askWorker({ type: 'check', token: signedIn.token, clientId: 'spa-rs256' })).code, 'ERR_AUDIENCE');
  assert.equal((await askWorker({ type: 'check', token: 'not a token' })).code, 'ERR_MALFORMED');

  // Keys given in the message: no network, the library's synchronous path.
  const key = await mintKey('RS256');
  const claims = idClaims({ issuer: 'https://issuer.extension.test', clientId: 'ext-client', sub: 'bob', nonce: 'n-7' });
  const minted = await mintToken(key, claims);
  const byJwks = await askWorker({ type: 'check', token: minted, jwks: { keys: [key.jwk] }, nonce: 'n-7' });
  assert.equal(byJwks.ok, true, byJwks.message);
  assert.equal(byJwks.sub, 'bob');
  assert.equal(byJwks.kid, key.kid);
  assert.equal(byJwks.keysFrom, 'the given JWKS');
  const byJwksText = await askWorker({ type: 'check', token: tamperPayload(minted, { ...claims, sub: 'eve' }), jwks: JSON.stringify({ keys: [key.jwk] }) });
  assert.equal(byJwksText.code, 'ERR_BAD_SIGNATURE');
  const wrongIssuer = await askWorker({ type: 'check', token: minted, jwks: { keys: [key.jwk] }, issuer: 'https://other.example' });
  assert.equal(wrongIssuer.code, 'ERR_ISSUER');

  // The same through the service worker handle (evaluate in the worker's global scope).
  const sw = await serviceWorker();
  const direct = await sw.evaluate((t) => self.idtokenExtension.check({ token: t }).then((r) => r.verdict), signedIn.token);
  assert.equal(direct.ok, true, direct.message);
});

test('chromium: context menu "Check ID token": registered for selections; its handler validates a selected token and shows the verdict', { skip: CHROMIUM_SKIP }, async () => {
  const sw = await serviceWorker();
  const menuId = await sw.evaluate(() => self.idtokenExtension.MENU_ID);
  // The item exists (update fails for an unknown id).
  const exists = await sw.evaluate((id) => new Promise((resolve) => {
    chrome.contextMenus.update(id, { title: 'Check ID token' }, () => resolve(chrome.runtime.lastError?.message ?? 'ok'));
  }), menuId);
  assert.equal(exists, 'ok');
  assert.equal(await sw.evaluate(() => chrome.contextMenus.onClicked.hasListeners()), true);

  // A page showing the token wrapped over lines after "Bearer "; the user selects it.
  const page = await context.newPage();
  await page.goto(`${demo.appUrl}/inspector.html`);
  const lines = signedIn.token.match(/.{1,60}/g).join('\n');
  await page.evaluate((text) => {
    const pre = document.createElement('pre');
    pre.id = 'tok';
    pre.textContent = `Bearer ${text}`;
    document.body.append(pre);
    getSelection().selectAllChildren(pre);
  }, lines);
  const selectionText = await page.evaluate(() => getSelection().toString());
  const pageUrl = page.url();
  await page.close();
  assert.ok(selectionText.includes('\n'), 'the selection spans several lines');

  // A popup left open follows the last verdict live (chrome.storage.onChanged).
  const popup = await openPopup();
  assert.equal(await popup.isHidden('#last'), true);

  // The click, as Chromium delivers it: the onClicked event with the menu item and the selection.
  await sw.evaluate(([id, text, url]) => chrome.contextMenus.onClicked.dispatch(
    { menuItemId: id, selectionText: text, pageUrl: url, editable: false },
    { id: -1 },
  ), [menuId, selectionText, pageUrl]);
  await popup.waitForFunction(() => window.idtokenLastCheck?.verdict?.ok === true, null, { timeout: 15_000 });
  const stored = await sw.evaluate(() => chrome.storage.session.get('lastCheck').then((r) => r.lastCheck));
  assert.equal(stored.source, 'context menu');
  assert.equal(stored.pageUrl, pageUrl);
  assert.equal(stored.verdict.ok, true);
  assert.equal(stored.verdict.sub, 'alice');
  assert.equal(stored.verdict.issuer, demo.provider.issuer);
  assert.equal(stored.report.token, signedIn.token);
  assert.equal(await popup.$eval('#last [data-verdict]', (el) => el.dataset.verdict), 'valid');
  assert.equal(await sw.evaluate(() => chrome.action.getBadgeText({})), 'ok');
  const notes = await sw.evaluate(() => new Promise((resolve) => chrome.notifications.getAll(resolve)));
  assert.deepEqual(Object.keys(notes), ['idtoken-verdict']);

  // A tampered selection, through the same handler the menu uses (called directly for its return value).
  const forged = tamperPayload(signedIn.token, { ...signedIn.claims, sub: 'mallory' });
  const verdict = await sw.evaluate(([id, t]) => self.idtokenExtension.onMenuClick({ menuItemId: id, selectionText: t }), [menuId, forged]);
  assert.equal(verdict.ok, false);
  assert.equal(verdict.code, 'ERR_BAD_SIGNATURE');
  await popup.waitForFunction(() => window.idtokenLastCheck?.verdict?.code === 'ERR_BAD_SIGNATURE', null, { timeout: 15_000 });
  assert.equal(await popup.$eval('#last [data-verdict]', (el) => el.dataset.code), 'ERR_BAD_SIGNATURE');
  assert.equal(await popup.$eval('#last tr[data-check="signature"]', (el) => el.dataset.status), 'fail');
  assert.equal(await sw.evaluate(() => chrome.action.getBadgeText({})), 'bad');
  await popup.close();

  // A popup opened afterwards shows the stored verdict, and other menu items are ignored.
  const again = await openPopup();
  assert.equal(await again.$eval('#last [data-verdict]', (el) => el.dataset.code), 'ERR_BAD_SIGNATURE');
  await again.close();
  assert.equal(await sw.evaluate(() => self.idtokenExtension.onMenuClick({ menuItemId: 'something-else', selectionText: 'x' })), null);
});

test('chromium: no errors in the extension pages or the service worker', { skip: CHROMIUM_SKIP }, () => {
  assert.deepEqual(pageErrors, []);
});

describe('firefox', () => {
  const UUID = '5d3c6a0e-9f1b-4e2a-8c7d-1b2a3c4d5e6f';
  let browser;
  let installed;
  let token;

  before(async () => {
    if (FIREFOX_SKIP) return;
    browser = await launchEngine('firefox', {
      args: ['--remote-allow-system-access'],
      prefs: { 'extensions.webextensions.uuids': JSON.stringify({ [GECKO_ID]: UUID }) },
    });
    console.log(`firefox: ${browser.label}`);
    installed = await browser.raw.installExtension(extDir);
    token = await signInForToken(browser, { appUrl: demo.appUrl, providerOrigin: demo.provider.origin, client: CLIENT });
  });

  after(async () => {
    await browser?.close();
  });

  /** popup.html in a tab (puppeteer loses the navigation into the extension's process: the page's own state is awaited). */
  async function popup() {
    const page = await browser.newPage();
    page.raw.goto(`moz-extension://${UUID}/popup.html`, { timeout: 15_000 }).catch(() => {});
    await page.waitForFunction((u) => location.href === u && window.popupReady === true, `moz-extension://${UUID}/popup.html`, { timeout: 15_000 });
    return page;
  }

  /** The popup's form, filled and checked; its report and what it shows. */
  async function check(page, fields) {
    await page.evaluate((f) => {
      window.idtokenReport = undefined;
      for (const [id, value] of Object.entries(f)) {
        const el = document.getElementById(id);
        el.value = value;
        el.dispatchEvent(new Event('input', { bubbles: true }));
      }
      document.getElementById('check').click();
    }, { token: '', issuer: '', clientId: '', nonce: '', jwks: '', ...fields });
    await page.waitForFunction(() => window.idtokenReport, null, { timeout: 15_000 });
    return page.evaluate(() => {
      const v = document.querySelector('#report [data-verdict]');
      return {
        report: window.idtokenReport,
        verdict: v.dataset.verdict,
        code: v.dataset.code ?? null,
        statuses: Object.fromEntries([...document.querySelectorAll('#report tr[data-check]')].map((r) => [r.dataset.check, r.dataset.status])),
      };
    });
  }

  test('firefox: the build installs as a temporary add-on (WebDriver BiDi webExtension.install) under its gecko id', { skip: FIREFOX_SKIP }, () => {
    assert.equal(installed, GECKO_ID);
  });

  test('firefox: popup: a token from a real sign-in is accepted by discovery, every check passing; a tampered one is ERR_BAD_SIGNATURE', { skip: FIREFOX_SKIP }, async () => {
    const page = await popup();
    try {
      const ok = await check(page, { token: token.token, issuer: demo.provider.issuer, clientId: CLIENT, nonce: token.nonce });
      assert.equal(ok.verdict, 'valid', ok.report.verdict);
      assert.equal(ok.report.claims.sub, 'alice');
      assert.equal(ok.report.header.alg, 'ES256');
      for (const id of ['keys', 'shape', 'header', 'signature', 'claims', 'iss', 'aud', 'azp', 'exp', 'iat', 'nonce']) {
        assert.equal(ok.statuses[id], 'pass', id);
      }
      const forged = tamperPayload(token.token, { ...token.claims, sub: 'mallory' });
      const bad = await check(page, { token: forged, issuer: demo.provider.issuer, clientId: CLIENT });
      assert.equal(bad.verdict, 'refused');
      assert.equal(bad.code, 'ERR_BAD_SIGNATURE');
      assert.equal(bad.statuses.signature, 'fail');
      assert.deepEqual(page.uncaught, []);
    } finally {
      await page.close();
    }
  });

  test('firefox: background script, chrome.runtime.sendMessage: the real token is valid (keys by discovery), a tampered one ERR_BAD_SIGNATURE', { skip: FIREFOX_SKIP }, async () => {
    const page = await popup();
    try {
      const ask = (m) => page.evaluate((msg) => chrome.runtime.sendMessage(msg), m);
      const { control, issuer } = demo.provider;
      control.resetStats();
      const ok = await ask({ type: 'check', token: token.token });
      assert.deepEqual(ok, {
        ok: true, code: null, message: `Valid ID token for alice (ES256, key ${token.header.kid})`, sub: 'alice', alg: 'ES256',
        kid: token.header.kid, issuer, clientId: CLIENT, keysFrom: `discovery of ${issuer}`,
      });
      assert.deepEqual(control.stats(), { discoveryRequests: 1, jwksRequests: 1 });
      const forged = await ask({ type: 'check', token: tamperPayload(token.token, { ...token.claims, sub: 'mallory' }) });
      assert.equal(forged.ok, false);
      assert.equal(forged.code, 'ERR_BAD_SIGNATURE');
      assert.equal((await ask({ type: 'check', token: token.token, nonce: 'wrong' })).code, 'ERR_NONCE');
      assert.deepEqual(page.uncaught, []);
    } finally {
      await page.close();
    }
  });
});
