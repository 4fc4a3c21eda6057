// The library in workers. (1) A module worker that imports the default
// entry (/pkg/index.js) and validates without calling init. (2) A module
// service worker, which may not use top-level await: it imports
// idtoken/manual (/pkg/manual.js), starts init() at the top level and awaits
// it in its message handler; a call before that is ERR_NOT_READY. (3) The
// main suite: a plain page on 127.0.0.1 starts a module worker
// (`new Worker(url, { type: 'module' })`) that imports /pkg/manual.js
// and instantiates the wasm with initSync from bytes it fetched itself. In
// the worker there is no window and no document. It validates jose-minted
// tokens synchronously, and runs discover + validateAsync against the local
// OpenID Provider (www/provider) with a token from a real sign-in: fetch from
// the worker's global scope, not the page's.
// In every engine of BROWSERS (tests/support/browser.mjs), one browser each.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { engines, launch } from '../support/browser.mjs';
import { serveStatic } from '../../scripts/static-server.mjs';
import { startProvider } from '../../www/provider/provider.mjs';
import { idClaims, mintKey, mintToken, tamperPayload } from '../support/mint.mjs';
import { signInForToken } from '../support/signin.mjs';

const WWW = fileURLToPath(new URL('../../www/', import.meta.url));
const PKG = fileURLToPath(new URL('../../pkg/', import.meta.url));

// The worker: one message handler, registered before anything is awaited;
// every request waits for the wasm. Errors come back as plain data (code,
// name, message), since structured cloning keeps no own properties of an Error.
const WORKER = `
import { initSync, IdTokenValidator, isIdTokenError } from '/pkg/manual.js';

const ready = (async () => {
  const response = await fetch('/pkg/idtoken_bg.wasm');
  if (!response.ok) throw new Error('idtoken_bg.wasm: HTTP ' + response.status);
  const exports = initSync({ module: await response.arrayBuffer() });
  return {
    window: typeof window,
    document: typeof document,
    dedicatedWorker: typeof DedicatedWorkerGlobalScope === 'function' && self instanceof DedicatedWorkerGlobalScope,
    wasmMemory: exports.memory instanceof WebAssembly.Memory,
  };
})();

const accepted = (r) => ({ ok: true, sub: r.claims.sub, iss: r.claims.iss, alg: r.alg, kid: r.kid ?? null });
const refused = (e) => ({ ok: false, code: e?.code ?? null, name: e?.name ?? null, message: String(e?.message ?? e), isIdTokenError: isIdTokenError(e) });

const ops = {
  env: () => ready,
  validate({ token, issuer, clientId, jwks, checks }) {
    const v = new IdTokenValidator({ issuer, clientId, jwks });
    try { return accepted(v.validate(token, checks)); } finally { v.free(); }
  },
  async discover({ token, issuer, clientId, checks }) {
    const v = await IdTokenValidator.discover(issuer, clientId);
    try { return { ...accepted(await v.validateAsync(token, checks)), jwksUri: v.jwksUri }; } finally { v.free(); }
  },
  async jwksUri({ token, issuer, clientId, jwksUri, checks }) {
    const v = new IdTokenValidator({ issuer, clientId, jwksUri });
    try { return accepted(await v.validateAsync(token, checks)); } finally { v.free(); }
  },
};

self.onmessage = async ({ data: { id, op, args } }) => {
  let result;
  try {
    await ready;
    result = await ops[op](args);
  } catch (e) {
    result = refused(e);
  }
  self.postMessage({ id, result });
};

ready.then(() => self.postMessage({ ready: 'ok' }), (e) => self.postMessage({ ready: 'init failed: ' + e }));
`;

// The page never imports the library; it only talks to the worker.
const PAGE = `<!doctype html>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>idtoken in a Web Worker</title>
<script type="module">
  const worker = new Worker('/worker-test/worker.mjs', { type: 'module' });
  const pending = new Map();
  let next = 0;
  worker.onmessage = ({ data }) => {
    if (data.ready) { window.workerReady = data.ready; return; }
    pending.get(data.id)?.(data.result);
    pending.delete(data.id);
  };
  worker.onerror = (e) => { window.workerReady = 'worker error: ' + (e.message || 'script failed to load'); };
  window.callWorker = (op, args) => new Promise((resolve) => {
    next += 1;
    pending.set(next, resolve);
    worker.postMessage({ id: next, op, args });
  });
</script>`;

// (1) The default entry in a module worker: no init anywhere.
const AUTO_WORKER = `
import { IdTokenValidator, IdTokenError } from '/pkg/index.js';
self.onmessage = ({ data: { token, issuer, clientId, jwks, nonce } }) => {
  const v = new IdTokenValidator({ issuer, clientId, jwks });
  let result;
  try {
    const r = v.validate(token, { nonce });
    result = { ok: true, sub: r.claims.sub, alg: r.alg };
  } catch (e) {
    result = { ok: false, code: e.code, instance: e instanceof IdTokenError };
  }
  v.free();
  try { v.validate(token); result.freed = 'no error'; } catch (e) { result.freed = e.code; }
  self.postMessage(result);
};
self.postMessage({ ready: typeof window === 'undefined' ? 'ok' : 'has window' });
`;

// (2) A module service worker: top-level await is not allowed there, so it
// starts init() without awaiting it and awaits it per message.
const SERVICE_WORKER = `
import init, { IdTokenValidator, IdTokenError, tokenHash } from '/pkg/manual.js';
let early;
try { tokenHash('RS256', 'x'); early = 'no error'; } catch (e) { early = e instanceof IdTokenError ? e.code : String(e); }
const ready = init();
self.addEventListener('install', () => self.skipWaiting());
self.addEventListener('activate', (event) => event.waitUntil(self.clients.claim()));
self.addEventListener('message', (event) => {
  event.waitUntil((async () => {
    const { id, token, issuer, clientId, jwks, nonce } = event.data;
    let result;
    try {
      await ready;
      const v = new IdTokenValidator({ issuer, clientId, jwks });
      try {
        const r = v.validate(token, { nonce });
        result = { ok: true, sub: r.claims.sub, alg: r.alg };
      } finally {
        v.free();
      }
    } catch (e) {
      result = { ok: false, code: e?.code ?? null, message: String(e?.message ?? e), instance: e instanceof IdTokenError };
    }
    event.source.postMessage({ id, early, serviceWorker: typeof ServiceWorkerGlobalScope === 'function' && self instanceof ServiceWorkerGlobalScope, result });
  })());
});
`;

// A service worker importing the default entry: its top-level await makes
// the registration fail in Chromium and Firefox (why service workers use
// idtoken/manual); WebKit 2.50 runs it.
const SERVICE_WORKER_TLA = `import { IdTokenValidator } from '/pkg/index.js';
self.addEventListener('message', (event) => event.source.postMessage({ tla: typeof IdTokenValidator }));`;

const AUTO_PAGE = `<!doctype html>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>idtoken: default entry in a worker, manual entry in a service worker</title>
<script type="module">
  window.autoWorker = (input) => new Promise((resolve) => {
    const worker = new Worker('/worker-test/auto-worker.mjs', { type: 'module' });
    worker.onerror = (e) => resolve({ error: 'worker error: ' + (e.message || 'script failed to load') });
    worker.onmessage = ({ data }) => {
      if (data.ready) { if (data.ready !== 'ok') resolve({ error: data.ready }); else worker.postMessage(input); return; }
      worker.terminate();
      resolve(data);
    };
  });
  window.serviceWorkerCall = async (input) => {
    const reg = await navigator.serviceWorker.register('/worker-test/sw.mjs', { type: 'module', scope: '/worker-test/' });
    await navigator.serviceWorker.ready;
    const worker = reg.active;
    return new Promise((resolve) => {
      navigator.serviceWorker.addEventListener('message', ({ data }) => resolve(data), { once: true });
      worker.postMessage({ id: 1, ...input });
    });
  };
  // Chromium and Firefox refuse the registration; WebKit registers and runs it.
  window.registerTla = async () => {
    let reg;
    try {
      reg = await navigator.serviceWorker.register('/worker-test/sw-tla.mjs', { type: 'module', scope: '/worker-test/tla/' });
    } catch (e) {
      return 'refused: ' + e.name;
    }
    const worker = reg.installing || reg.waiting || reg.active;
    await new Promise((resolve) => {
      if (worker.state === 'activated' || worker.state === 'redundant') return resolve();
      worker.addEventListener('statechange', () => { if (worker.state === 'activated' || worker.state === 'redundant') resolve(); });
      setTimeout(resolve, 5000);
    });
    if (worker.state !== 'activated') return 'registered, then ' + worker.state;
    // A message that arrives before the module's await settles finds no
    // handler yet: ask every 200 ms, and count the pings.
    const reply = await new Promise((resolve) => {
      let pings = 0;
      navigator.serviceWorker.addEventListener('message', ({ data }) => { if (data && 'tla' in data) resolve({ ...data, pings }); });
      const ping = () => { pings += 1; worker.postMessage('ping'); };
      ping();
      const timer = setInterval(ping, 200);
      setTimeout(() => { clearInterval(timer); resolve(null); }, 5000);
    });
    return reply ? 'registered, activated, answers ' + JSON.stringify({ tla: reply.tla }) + ' after ' + reply.pings + ' ping(s)'
      : 'registered, activated; its message handler never runs';
  };
</script>`;

/** What each engine does with a module service worker whose graph has a top-level await. */
const TLA_IN_SERVICE_WORKER = {
  chromium: /^refused: TypeError$/,
  firefox: /^refused: TypeError$/,
  // WebKit registers it, but drops the messages that arrive before the
  // top-level await settles: under load (make test on 2 cores) the handler
  // may not answer within the 5 s the page waits. Either way the default
  // entry is not a usable service-worker setup there; idtoken/manual is.
  webkit: /^registered, activated(, answers \{"tla":"function"\} after \d+ ping\(s\)|; its message handler never runs)$/,
};

const MINTED_ISSUER = 'https://issuer.worker.test';
const MINTED_CLIENT = 'worker-client';

let app;
let provider;
let servedJwks = { keys: [] };

before(async () => {
  let issuer = '';
  app = await serveStatic({ '/': WWW, '/pkg/': PKG }, {
    // The demo's configuration, so that signing in through the demo works on this server.
    '/config.json': { body: () => JSON.stringify({ issuer, clients: provider.clients.map((c) => ({ clientId: c.client_id, alg: c.alg })) }), type: 'application/json' },
    '/worker-test/index.html': { body: PAGE },
    '/worker-test/worker.mjs': { body: WORKER, type: 'text/javascript; charset=utf-8' },
    '/worker-test/auto.html': { body: AUTO_PAGE },
    '/worker-test/auto-worker.mjs': { body: AUTO_WORKER, type: 'text/javascript; charset=utf-8' },
    '/worker-test/sw.mjs': { body: SERVICE_WORKER, type: 'text/javascript; charset=utf-8' },
    '/worker-test/sw-tla.mjs': { body: SERVICE_WORKER_TLA, type: 'text/javascript; charset=utf-8' },
    '/worker-test/jwks.json': { body: () => JSON.stringify(servedJwks), type: 'application/json' },
  });
  provider = await startProvider({ port: 0, appOrigin: app.url });
  issuer = provider.issuer;
});

after(async () => {
  await provider?.close();
  await app?.close();
});

for (const engine of engines()) {
  describe(engine, () => suite(engine));
}

function suite(engine) {
  let browser;
  let page;
  let errors;

  before(async () => {
    browser = await launch(engine);
    console.log(`${engine}: ${browser.label}`);
    page = await browser.newPage();
    errors = page.errors;
    await page.goto(`${app.url}/worker-test/index.html`);
    await page.waitForFunction(() => window.workerReady, null, { timeout: 30_000 });
    assert.equal(await page.evaluate(() => window.workerReady), 'ok');
  });

  after(async () => {
    await browser?.close();
  });

  const call = (op, args) => page.evaluate(([o, a]) => window.callWorker(o, a), [op, args]);

  test(`${engine}: a module worker instantiates the wasm with initSync from fetched bytes; it has no window and no document`, async () => {
    const env = await call('env');
    assert.deepEqual(env, { window: 'undefined', document: 'undefined', dedicatedWorker: true, wasmMemory: true });
    // The page itself never loaded the library.
    assert.equal(await page.evaluate(() => typeof window.IdTokenValidator), 'undefined');
  });

  for (const alg of ['ES256', 'RS256', 'EdDSA']) {
    test(`${engine}: ${alg}: validate() in the worker accepts a jose-minted token; tampered and wrong-nonce ones are refused with their codes`, async () => {
      const key = await mintKey(alg);
      const claims = idClaims({ issuer: MINTED_ISSUER, clientId: MINTED_CLIENT, sub: `worker-${alg}`, nonce: 'n-1' });
      const token = await mintToken(key, claims);
      const base = { issuer: MINTED_ISSUER, clientId: MINTED_CLIENT, jwks: { keys: [key.jwk] } };

      const ok = await call('validate', { ...base, token, checks: { nonce: 'n-1' } });
      assert.deepEqual(ok, { ok: true, sub: `worker-${alg}`, iss: MINTED_ISSUER, alg, kid: key.kid });

      const tampered = await call('validate', { ...base, token: tamperPayload(token, { ...claims, sub: 'admin' }), checks: { nonce: 'n-1' } });
      assert.equal(tampered.ok, false);
      assert.equal(tampered.code, 'ERR_BAD_SIGNATURE', tampered.message);
      assert.equal(tampered.name, 'IdTokenError');
      assert.equal(tampered.isIdTokenError, true);

      const nonce = await call('validate', { ...base, token, checks: { nonce: 'another' } });
      assert.equal(nonce.code, 'ERR_NONCE', nonce.message);
    });
  }

  test(`${engine}: validateAsync in the worker loads keys from a jwksUri (loopback http) for a jose-minted token`, async () => {
    const key = await mintKey('ES384');
    servedJwks = { keys: [key.jwk] };
    const token = await mintToken(key, idClaims({ issuer: MINTED_ISSUER, clientId: MINTED_CLIENT, sub: 'by-jwks-uri' }));
    const ok = await call('jwksUri', { token, issuer: MINTED_ISSUER, clientId: MINTED_CLIENT, jwksUri: `${app.url}/worker-test/jwks.json` });
    assert.deepEqual(ok, { ok: true, sub: 'by-jwks-uri', iss: MINTED_ISSUER, alg: 'ES384', kid: key.kid });

    servedJwks = { keys: [(await mintKey('ES384', key.kid)).jwk] }; // same kid, another key
    const other = await call('jwksUri', { token, issuer: MINTED_ISSUER, clientId: MINTED_CLIENT, jwksUri: `${app.url}/worker-test/jwks.json` });
    assert.equal(other.code, 'ERR_BAD_SIGNATURE', other.message);
  });

  for (const client of ['spa-es256', 'spa-eddsa']) {
    test(`${engine}: ${client}: discover + validateAsync in the worker accept a token from a real sign-in at the local provider`, async () => {
      const signedIn = await signInForToken(browser, { appUrl: app.url, providerOrigin: provider.origin, client, flow: 'code' });
      assert.deepEqual(signedIn.errors, []);
      const { control, issuer } = provider;
      const args = { issuer, clientId: client, checks: { nonce: signedIn.nonce } };

      control.resetStats();
      const ok = await call('discover', { ...args, token: signedIn.token });
      assert.equal(ok.ok, true, ok.message);
      assert.equal(ok.sub, 'alice');
      assert.equal(ok.iss, issuer);
      assert.equal(ok.alg, signedIn.header.alg);
      assert.equal(ok.kid, signedIn.header.kid);
      assert.equal(ok.jwksUri, `${issuer}/jwks`);
      // The worker itself fetched discovery and the keys.
      assert.deepEqual(control.stats(), { discoveryRequests: 1, jwksRequests: 1 });

      const tampered = await call('discover', { ...args, token: tamperPayload(signedIn.token, { ...signedIn.claims, sub: 'mallory' }) });
      assert.equal(tampered.code, 'ERR_BAD_SIGNATURE', tampered.message);

      const nonce = await call('discover', { ...args, token: signedIn.token, checks: { nonce: 'not-the-one-sent' } });
      assert.equal(nonce.code, 'ERR_NONCE', nonce.message);

      const otherClient = await call('discover', { ...args, clientId: 'spa-rs256', token: signedIn.token });
      assert.equal(otherClient.code, 'ERR_AUDIENCE', otherClient.message);
    });
  }

  test(`${engine}: provider failures reach the worker as error codes (ERR_JWKS_FETCH, ERR_DISCOVERY)`, async () => {
    const { control, issuer } = provider;
    const signedIn = await signInForToken(browser, { appUrl: app.url, providerOrigin: provider.origin, client: 'spa-rs256', flow: 'code' });
    const args = { token: signedIn.token, issuer, clientId: 'spa-rs256' };
    try {
      control.setJwksMode('down');
      const down = await call('discover', args);
      assert.equal(down.code, 'ERR_JWKS_FETCH', down.message);
      control.setJwksMode('ok');

      control.setDiscoveryIssuer('http://127.0.0.1:1/someone-else');
      const mixUp = await call('discover', args);
      assert.equal(mixUp.code, 'ERR_DISCOVERY', mixUp.message);
      control.setDiscoveryIssuer(null);

      const ok = await call('discover', args);
      assert.equal(ok.ok, true, ok.message);
      assert.equal(ok.alg, 'RS256');
    } finally {
      control.setJwksMode('ok');
      control.setDiscoveryIssuer(null);
    }
  });

  /** A jose-minted token and the validator input for it. */
  async function mintedInput(alg, sub) {
    const key = await mintKey(alg);
    const claims = idClaims({ issuer: MINTED_ISSUER, clientId: MINTED_CLIENT, sub, nonce: 'n-sw' });
    const token = await mintToken(key, claims);
    return { claims, input: { token, issuer: MINTED_ISSUER, clientId: MINTED_CLIENT, jwks: { keys: [key.jwk] }, nonce: 'n-sw' } };
  }

  test(`${engine}: a module worker importing the default entry validates without init; ERR_NOT_READY after free()`, async () => {
    const other = await browser.newPage();
    const otherErrors = other.errors;
    try {
      await other.goto(`${app.url}/worker-test/auto.html`);
      const { input } = await mintedInput('ES256', 'auto-worker');
      const ok = await other.evaluate((i) => window.autoWorker(i), input);
      assert.deepEqual(ok, { ok: true, sub: 'auto-worker', alg: 'ES256', freed: 'ERR_NOT_READY' });
      const wrongNonce = await other.evaluate((i) => window.autoWorker(i), { ...input, nonce: 'other' });
      assert.deepEqual(wrongNonce, { ok: false, code: 'ERR_NONCE', instance: true, freed: 'ERR_NOT_READY' });
      assert.deepEqual(otherErrors, []);
    } finally {
      await other.close();
    }
  });

  test(`${engine}: a module service worker with idtoken/manual: ERR_NOT_READY before init, then validates; the default entry is refused there (Chromium, Firefox) or runs (WebKit)`, async () => {
    const other = await browser.newPage();
    const otherErrors = other.errors;
    try {
      await other.goto(`${app.url}/worker-test/auto.html`);
      const { input, claims } = await mintedInput('EdDSA', 'service-worker');
      const ok = await other.evaluate((i) => window.serviceWorkerCall(i), input);
      assert.deepEqual(ok, { id: 1, early: 'ERR_NOT_READY', serviceWorker: true, result: { ok: true, sub: 'service-worker', alg: 'EdDSA' } });
      const tampered = await other.evaluate((i) => window.serviceWorkerCall(i),
        { ...input, token: tamperPayload(input.token, { ...claims, sub: 'mallory' }) });
      assert.equal(tampered.result.code, 'ERR_BAD_SIGNATURE', tampered.result.message);
      assert.equal(tampered.result.instance, true);
      // Top-level await is not allowed in service workers: the default entry
      // cannot be used there in Chromium and Firefox, which refuse the
      // registration; WebKit runs it (a difference the README's runtime
      // table gives: service workers take idtoken/manual).
      const tla = await other.evaluate(() => window.registerTla());
      console.log(`${browser.label}: a module service worker importing the default entry: ${tla}`);
      assert.match(tla, TLA_IN_SERVICE_WORKER[engine]);
      // Chromium logs the refused registration's evaluation failure; nothing else.
      assert.deepEqual(otherErrors.filter((e) => !/sw-tla\.mjs|top-level await|ServiceWorker/i.test(e)), []);
    } finally {
      await other.close();
    }
  });

  test(`${engine}: no errors in the page or the worker`, () => {
    assert.deepEqual(errors, []);
  });
}
