// Differential test against the browser's own WebCrypto (BoringSSL in
// Chromium, NSS in Firefox, WebKitGTK's libgcrypt-based implementation), in
// every engine of BROWSERS (tests/support/browser.mjs), through the public JS API of pkg/: for every signature
// algorithm, fresh WebCrypto keys and WebCrypto-signed ID tokens, then the
// valid signatures and thousands of mutated ones (bit flips in signature,
// message and key; r, s, S at 0, 1, n-1, n, n+1; s + n and s = n, n-1, 0, 1
// for RSA; other hashes and PSS salt lengths) judged by
// IdTokenValidator.validate and by crypto.subtle.verify. Every disagreement
// fails the test, listed with its algorithm and mutation. An algorithm the
// engine's WebCrypto lacks is not compared: its test is skipped with the
// reason in the output (generate, sign, export, import, verify: the step
// that failed).
// The page side is tests/browser/webcrypto-diff/page.mjs.
//
//   DIFF_MUTATIONS  random mutations per algorithm (default 500; make test-diff-long: 20000)
//   DIFF_SEED       PRNG seed for the mutations (default below; printed, so a failure reproduces)
//   DIFF_ALGS       comma-separated subset of algorithms (default: all)
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { engines, launch } from '../support/browser.mjs';
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

before(async () => {
  server = await serveStatic({ '/pkg/': `${ROOT}pkg`, '/tests/': `${ROOT}tests` }, { '/webcrypto-diff.html': { body: PAGE } });
  console.log(`webcrypto-diff: seed ${SEED} (DIFF_SEED), ${MUTATIONS} random mutations per algorithm (DIFF_MUTATIONS)`);
});

after(async () => {
  await server?.close();
});

// Where an engine's WebCrypto accepts what the standards refuse, and idtoken
// refuses it: known, printed with their count on every run, and not failures.
// Anything else that differs (and any case idtoken accepts while WebCrypto
// refuses) still fails.
//  - WebKitGTK 2.50 (libgcrypt) verifies RSA signatures with s >= n or one
//    byte longer than the modulus (RFC 8017 8.2.2 step 1 and 5.2.2 step 1
//    refuse both), and Ed25519 signatures with S >= L (RFC 8032 5.1.7).
const ENGINE_LAXITY = {
  webkit: [
    { mutation: /^s \+ n \(/, why: 'RSA s >= n (RFC 8017 5.2.2)' },
    { mutation: /^s with a leading zero byte \(/, why: 'RSA signature longer than the modulus (RFC 8017 8.2.2)' },
    { mutation: /^S = S\+L$/, why: 'Ed25519 S >= L (RFC 8032 5.1.7)' },
  ],
};

const laxity = (engine, d) => (d.idtoken.verdict === 'reject' && d.webcrypto === 'accept'
  ? (ENGINE_LAXITY[engine] ?? []).find((l) => l.mutation.test(d.mutation)) : undefined);

const describeCase = (d) => `  ${d.alg} [${d.category}] ${d.mutation}: idtoken ${d.idtoken.verdict}`
  + `${d.idtoken.code ? ` (${d.idtoken.code}: ${d.idtoken.message})` : ''}, WebCrypto ${d.webcrypto}\n`
  + `    jwk ${JSON.stringify(d.jwk)}\n    token ${d.token}`;

for (const engine of engines()) {
  describe(engine, () => suite(engine));
}

function suite(engine) {
  let browser;
  let page;
  let errors;
  let support = {};
  const summary = [];

  before(async () => {
    browser = await launch(engine);
    page = await browser.newPage();
    errors = page.errors;
    await page.goto(`${server.url}/webcrypto-diff.html`);
    await page.waitForFunction(() => window.ready, null, { timeout: 60_000 });
    assert.equal(await page.evaluate(() => window.ready), 'ok');
    assert.deepEqual(await page.evaluate(() => window.algs), ALL_ALGS);
    support = await page.evaluate(async (algs) => {
      const out = {};
      for (const a of algs) out[a] = await window.diff.supports(a);
      return out;
    }, ALGS);
    const lacking = ALGS.filter((a) => !support[a].ok);
    console.log(`${browser.label}: WebCrypto has ${ALGS.filter((a) => support[a].ok).join(', ') || 'none of them'}`
      + `${lacking.length ? `; LACKS ${lacking.map((a) => `${a} (${support[a].step}: ${support[a].error})`).join(', ')}: not compared` : ''}`);
  });

  after(async () => {
    if (summary.length) {
      const total = summary.reduce((n, r) => n + r.total, 0);
      const bad = summary.reduce((n, r) => n + r.disagreementCount, 0);
      const lax = summary.reduce((n, r) => n + (r.knownLaxity ?? 0), 0);
      console.log(`webcrypto-diff, ${browser.label}: ${total} cases over ${summary.length} algorithms, ${bad - lax} disagreements`
        + `${lax ? `, ${lax} signatures only the engine's WebCrypto accepts (its known laxity, above)` : ''} (seed ${SEED})`);
    }
    await browser?.close();
  });

  for (const alg of ALGS) {
    test(`${engine}: ${alg}: idtoken accepts and refuses exactly what WebCrypto does`, async (t) => {
      if (!support[alg]?.ok) {
        t.skip(`${browser.label}'s WebCrypto lacks ${alg} (${support[alg]?.step}: ${support[alg]?.error}): not compared`);
        return;
      }
      const r = await page.evaluate(([a, o]) => window.diff.runAlg(a, o), [alg, { seed: SEED, mutations: MUTATIONS }]);
      summary.push(r);
      const cats = Object.entries(r.counts)
        .map(([k, c]) => `${k} ${c.cases}${c.bothAccept ? ` (${c.bothAccept} accepted)` : ''}${c.disagree ? ` [${c.disagree} DISAGREE]` : ''}`)
        .join(', ');
      console.log(`${engine} ${alg} (${r.key}${r.keygens > 1 ? `, ${r.keygens} keys generated` : ''}): ${r.total} cases, `
        + `${r.disagreementCount} disagreements; ${cats}; mutated keys refused by importKey ${r.keyImportRefused}, `
        + `by idtoken ${r.keyRefusedByIdtoken}; ${r.ms.total} ms (keys ${r.ms.keys} ms)`);

      // Only listed disagreements (the first 20) can be known ones: more fail.
      const known = r.disagreements.filter((d) => laxity(engine, d));
      const unknown = r.disagreements.filter((d) => !laxity(engine, d));
      r.knownLaxity = known.length;
      if (known.length) {
        const whys = [...new Set(known.map((d) => laxity(engine, d).why))];
        console.log(`${engine} ${alg}: ${browser.label}'s WebCrypto ACCEPTS ${known.length} signature(s) idtoken refuses, `
          + `an engine limit, not a disagreement: ${whys.join('; ')} (${known.map((d) => d.mutation).join(', ')})`);
      }
      assert.equal(r.disagreementCount - known.length, 0,
        `${engine} ${alg}: ${r.disagreementCount - known.length} disagreements with WebCrypto (seed ${SEED}):\n`
        + unknown.map(describeCase).join('\n'));
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

  test(`${engine}: no errors in the page`, () => {
    assert.deepEqual(errors, []);
  });
}
