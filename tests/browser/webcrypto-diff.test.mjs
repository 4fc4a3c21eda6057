// Differential test against the browser's own WebCrypto (BoringSSL in
// Chromium), through the public JS API of pkg/: for every signature
// algorithm, fresh WebCrypto keys and WebCrypto-signed ID tokens, then the
// valid signatures and thousands of mutated ones (bit flips in signature,
// message and key; r, s, S at 0, 1, n-1, n, n+1; s + n and s = n, n-1, 0, 1
// for RSA; other hashes and PSS salt lengths) judged by
// IdTokenValidator.validate and by crypto.subtle.verify. Every disagreement
// fails the test, listed with its algorithm and mutation.
// The page side is tests/browser/webcrypto-diff/page.mjs.
//
//   DIFF_MUTATIONS  random mutations per algorithm (default 500; make test-diff-long: 20000)
//   DIFF_SEED       PRNG seed for the mutations (default below; printed, so a failure reproduces)
//   DIFF_ALGS       comma-separated subset of algorithms (default: all)
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { launch, watchErrors } from '../support/chromium.mjs';
import { serveStatic } from '../../scripts/static-server.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const ALL_ALGS = ['RS256', 'RS384', 'RS512', 'PS256', 'PS384', 'PS512', 'ES256', 'ES384', 'ES512', 'EdDSA'];

const intEnv = (name, fallback) => {
  const raw = process.env[name];
  if (raw === undefined || raw === '') return fallback;
  const v = Number(raw);
  if (!Number.isInteger(v) || v < 0) throw new Error(`${name} must be a non-negative integer, got ${raw}`);
  return v;
};
const MUTATIONS = intEnv('DIFF_MUTATIONS', 500);
const SEED = intEnv('DIFF_SEED', 0x1d70c3e5) >>> 0;
const ALGS = process.env.DIFF_ALGS ? process.env.DIFF_ALGS.split(',').map((s) => s.trim()) : ALL_ALGS;
for (const a of ALGS) if (!ALL_ALGS.includes(a)) throw new Error(`DIFF_ALGS: unknown algorithm ${a}`);

const PAGE = `<!doctype html>
<meta charset="utf-8">
<link rel="icon" href="data:,">
<title>idtoken against WebCrypto</title>
<script type="module">
  try {
    const diff = await import('/tests/browser/webcrypto-diff/page.mjs');
    window.algs = await diff.load('/pkg/idtoken.js');
    window.diff = diff;
    window.ready = 'ok';
  } catch (e) {
    window.ready = 'load failed: ' + (e && e.stack || e);
  }
</script>`;

let server;
let browser;
let page;
let errors;
const summary = [];

before(async () => {
  server = await serveStatic({ '/pkg/': `${ROOT}pkg`, '/tests/': `${ROOT}tests` }, { '/webcrypto-diff.html': { body: PAGE } });
  browser = await launch();
  page = await browser.context.newPage();
  errors = watchErrors(page);
  await page.goto(`${server.url}/webcrypto-diff.html`);
  await page.waitForFunction(() => window.ready, null, { timeout: 60_000 });
  assert.equal(await page.evaluate(() => window.ready), 'ok');
  assert.deepEqual(await page.evaluate(() => window.algs), ALL_ALGS);
  console.log(`webcrypto-diff: seed ${SEED} (DIFF_SEED), ${MUTATIONS} random mutations per algorithm (DIFF_MUTATIONS)`);
});

after(async () => {
  if (summary.length) {
    const total = summary.reduce((n, r) => n + r.total, 0);
    const bad = summary.reduce((n, r) => n + r.disagreementCount, 0);
    console.log(`webcrypto-diff: ${total} cases over ${summary.length} algorithms, ${bad} disagreements (seed ${SEED})`);
  }
  await browser?.close();
  await server?.close();
});

const describe = (d) => `  ${d.alg} [${d.category}] ${d.mutation}: idtoken ${d.idtoken.verdict}`
  + `${d.idtoken.code ? ` (${d.idtoken.code}: ${d.idtoken.message})` : ''}, WebCrypto ${d.webcrypto}\n`
  + `    jwk ${JSON.stringify(d.jwk)}\n    token ${d.token}`;

for (const alg of ALGS) {
  test(`${alg}: idtoken accepts and refuses exactly what WebCrypto does`, async () => {
    const r = await page.evaluate(([a, o]) => window.diff.runAlg(a, o), [alg, { seed: SEED, mutations: MUTATIONS }]);
    summary.push(r);
    const cats = Object.entries(r.counts)
      .map(([k, c]) => `${k} ${c.cases}${c.bothAccept ? ` (${c.bothAccept} accepted)` : ''}${c.disagree ? ` [${c.disagree} DISAGREE]` : ''}`)
      .join(', ');
    console.log(`${alg} (${r.key}${r.keygens > 1 ? `, ${r.keygens} keys generated` : ''}): ${r.total} cases, `
      + `${r.disagreementCount} disagreements; ${cats}; mutated keys refused by importKey ${r.keyImportRefused}, `
      + `by idtoken ${r.keyRefusedByIdtoken}; ${r.ms.total} ms (keys ${r.ms.keys} ms)`);

    assert.equal(r.disagreementCount, 0,
      `${alg}: ${r.disagreementCount} disagreements with WebCrypto (seed ${SEED}), the first ${r.disagreements.length}:\n`
      + r.disagreements.map(describe).join('\n'));
    // The test could not pass by refusing everything: the valid signatures
    // (as signed, a second token, and for ECDSA (r, n - s)) were accepted by both.
    const valid = r.counts.valid;
    assert.ok(valid && valid.cases >= 2 && valid.bothAccept === valid.cases, `${alg}: valid signatures: ${JSON.stringify(valid)}`);
    // RSA: s + n was tried at the signature's own length, not only one byte longer.
    if (alg.startsWith('RS') || alg.startsWith('PS')) assert.equal(r.sPlusNSameLength, true, `${alg}: no signature with s + n < 2^(8k) found`);
    for (const cat of ['signature bits', 'message bits', 'key bits', 'edge values']) {
      if (cat === 'key bits' && MUTATIONS < 4) continue;
      assert.ok((r.counts[cat]?.cases ?? 0) > 0 || MUTATIONS === 0, `${alg}: no ${cat} cases ran`);
    }
  });
}

test('no errors in the page', () => {
  assert.deepEqual(errors, []);
});
