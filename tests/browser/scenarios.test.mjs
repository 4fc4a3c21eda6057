// The scenarios of tests/scenarios/data through the JS API in every browser
// engine (BROWSERS, tests/support/browser.mjs), the same runner as Node:
//  - the default entry (/pkg/index.js: top-level await, no init call);
//  - the manual entry (/pkg/manual.js with `await init()`, which compiles
//    with WebAssembly.instantiateStreaming);
//  - the manual entry with the .wasm served as application/octet-stream,
//    where instantiateStreaming refuses the MIME type and the glue falls
//    back to compiling the bytes.
// Each runs every scenario with validate (sync) and with validateAsync.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { engines, launch } from '../support/browser.mjs';
import { serveStatic } from '../../scripts/static-server.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const WASM = readFileSync(new URL('../../pkg/idtoken_bg.wasm', import.meta.url));

// `load` is the page's way to the API; the rest is shared. validateAsync's
// outcome is judged by the same rules as validate's (runner.mjs judge).
const page = (load) => `<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><title>scenarios</title>
<script type="module">
  const streaming = WebAssembly.instantiateStreaming;
  window.streamingCalls = { calls: 0, settled: 'none' };
  if (streaming) {
    WebAssembly.instantiateStreaming = function (...args) {
      window.streamingCalls.calls += 1;
      const p = streaming.apply(this, args);
      p.then(() => { window.streamingCalls.settled = 'compiled'; }, (e) => { window.streamingCalls.settled = 'refused: ' + e.name; });
      return p;
    };
  }
  try {
    const { runAll, runScenario, judge } = await import('/tests/scenarios/runner.mjs');
    const lib = await (${load})();
    const data = await (await fetch('/tests/scenarios/data/scenarios.json')).json();
    const caught = (e, phase) => ({ threw: true, phase, isError: e instanceof Error, name: e && e.name,
      code: e && e.code, claim: e && e.claim, message: e && String(e.message) });
    async function runAsync() {
      const failures = [];
      const codes = new Set();
      for (const s of data.scenarios) {
        let out;
        let v;
        try { v = new lib.IdTokenValidator(s.options ?? data.defaultOptions); } catch (e) { out = caught(e, 'construct'); }
        if (!out && s.setKeys) { try { v.setKeys(s.setKeys); } catch (e) { out = caught(e, 'setKeys'); } }
        if (!out) {
          try {
            const r = await v.validateAsync(s.token, s.checks);
            out = { threw: false, isPromise: false, alg: r.alg, kid: r.kid, encrypted: r.encrypted, sub: r.claims?.sub,
              claimsArePlain: Object.getPrototypeOf(r.claims) === Object.prototype && Object.getPrototypeOf(r.header) === Object.prototype,
              headerAlg: r.header?.alg };
          } catch (e) { out = caught(e, 'validate'); }
        }
        v?.free();
        const problems = judge(s, out);
        if (problems.length) failures.push({ rule: s.rule, name: s.name, problems });
        if (out.threw && !problems.length) codes.add(out.code);
      }
      return { total: data.scenarios.length, failures, codes: [...codes].sort() };
    }
    window.run = async (mode) => (mode === 'sync' ? runAll(lib, data) : runAsync());
    window.ready = 'ok';
  } catch (e) {
    window.ready = 'load failed: ' + (e && e.stack || e);
  }
</script>`;

const ENTRIES = {
  'default entry (top-level await)': {
    path: '/default.html',
    load: "async () => import('/pkg/index.js')",
    streaming: 'compiled',
  },
  'manual entry (init())': {
    path: '/manual.html',
    load: "async () => { const m = await import('/pkg/manual.js'); await m.default(); return m; }",
    streaming: 'compiled',
  },
  'manual entry, .wasm served as application/octet-stream (the fallback)': {
    path: '/octet.html',
    load: "async () => { const m = await import('/pkg/manual.js'); await m.default({ module_or_path: '/octet/idtoken_bg.wasm' }); return m; }",
    streaming: /^refused: TypeError$/,
  },
};

for (const engine of engines()) {
  describe(engine, () => {
    let server;
    let browser;
    before(async () => {
      const routes = { '/octet/idtoken_bg.wasm': { body: WASM, type: 'application/octet-stream' } };
      for (const e of Object.values(ENTRIES)) routes[e.path] = { body: page(e.load) };
      server = await serveStatic(ROOT, routes);
      browser = await launch(engine);
      console.log(`${engine}: ${browser.label}`);
    });
    after(async () => {
      await browser?.close();
      await server?.close();
    });

    for (const [entry, { path, streaming }] of Object.entries(ENTRIES)) {
      test(`${engine}: ${entry}: every scenario with validate and with validateAsync`, async () => {
        const p = await browser.newPage();
        try {
          await p.goto(`${server.url}${path}`);
          await p.waitForFunction(() => window.ready, null, { timeout: 60_000 });
          assert.equal(await p.evaluate(() => window.ready), 'ok');
          const how = await p.evaluate(() => window.streamingCalls);
          assert.equal(how.calls, 1, 'instantiateStreaming was tried once');
          if (typeof streaming === 'string') assert.equal(how.settled, streaming);
          else assert.match(how.settled, streaming);
          for (const mode of ['sync', 'async']) {
            const started = Date.now();
            const { total, failures, codes } = await p.evaluate((m) => window.run(m), mode);
            console.log(`${browser.label}, ${entry}, ${mode === 'sync' ? 'validate' : 'validateAsync'}: `
              + `${total - failures.length}/${total} scenarios as expected, ${codes.length} error codes, ${Date.now() - started} ms`);
            assert.deepEqual(failures, [], `${engine} ${mode}`);
            assert.ok(total >= 250, `${total} scenarios`);
            assert.equal(codes.length, 26);
          }
          // The glue's fallback warns (console.warn), it does not error.
          assert.deepEqual(p.errors, []);
        } finally {
          await p.close();
        }
      });
    }
  });
}
