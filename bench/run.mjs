// The benchmark harness (issues 5 and 19): ID token validation in headless
// Chromium, Firefox and WebKit, idtoken (pkg/) against jose, jsrsasign,
// noble and a bare-WebCrypto floor, each engine's numbers side by side.
//
//   node bench/run.mjs [--browsers chromium,firefox,webkit] [--rounds N] [--quick] [--out DIR]
//
// One run: mint keys and tokens with jose (bench/mint.mjs), bundle the jose,
// jsrsasign and noble adapters with Vite (bench/build.mjs), serve pkg/, the
// bundles and bench/page/ on 127.0.0.1; then, one engine after the other
// (bench/engines.mjs, over tests/support/browser.mjs), check every adapter on
// every case (valid token accepted, every bad token refused), time them in
// rounds, measure cold starts in fresh pages, and print the tables: per
// engine, then the engines side by side and their largest differences. A
// full run writes docs/bench/results.json, chart.svg (Chromium) and
// chart-<engine>.svg (the others), and appends one line per engine to
// history.jsonl; a --quick run (a smoke test) writes results.json and the
// charts to a temp dir (or --out) and appends no history. Exits 1 when an
// adapter fails its correctness checks on a case it supports, a cold start
// fails, or an engine cannot be driven.
import { execFileSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { appendFileSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { ENGINES, openEngine } from './engines.mjs';
import { serveBench } from './serve.mjs';
import { mintCases, validatorSetup } from './mint.mjs';
import { bundleAdapters } from './build.mjs';
import { chartFile, renderChart } from './chart.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const ADAPTERS = ['idtoken', 'jose', 'webcrypto-floor', 'jsrsasign', 'noble'];
const ASYNC = new Set(['jose', 'webcrypto-floor']);
const COLD_CASE = 'RS256-2048';
const COLD_LIBS = ['idtoken', 'idtoken-streaming', 'jose', 'jsrsasign', 'webcrypto-floor'];
// noble has no RSA, so its cold start is measured on ES256, beside idtoken
// (as apps load it) and jose on the same token.
const COLD_EC_CASE = 'ES256';
const COLD_EC_LIBS = ['idtoken-streaming', 'noble', 'jose'];
// The library whose cold start the target compares with jose's: init() as an
// app calls it (streaming compile); `idtoken` takes the wasm steps one at a
// time to time each (fetch, compile, instantiate), which costs the overlap.
const COLD_TARGET_LIB = 'idtoken-streaming';
const PHASES = ['fetch', 'evaluate', 'compile', 'instantiate', 'init', 'first']; // cold-start phases, in order
const KB = 1000; // the size targets read KB as 1000 bytes (the stricter reading)

// ---------------------------------------------------------------- options

function usage(code) {
  console.log('usage: node bench/run.mjs [--browsers LIST] [--rounds N] [--quick] [--out DIR]\n'
    + `  --browsers LIST  engines, comma-separated, of ${ENGINES.join(', ')} (default: $BROWSERS, else all three)\n`
    + '  --rounds N       timing rounds per case (default 5; 2 with --quick)\n'
    + '  --quick          fast smoke run: short runs, 3 cold loads, no history line\n'
    + '  --out DIR        where results.json and the charts go (default docs/bench/; a temp dir with --quick)');
  process.exit(code);
}

const argv = process.argv.slice(2);
const opts = { quick: false, rounds: undefined, out: undefined, browsers: undefined };
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  if (a === '--quick') opts.quick = true;
  else if (a === '--rounds') opts.rounds = Number(argv[++i]);
  else if (a.startsWith('--rounds=')) opts.rounds = Number(a.slice(9));
  else if (a === '--out') opts.out = argv[++i];
  else if (a.startsWith('--out=')) opts.out = a.slice(6);
  else if (a === '--browsers') opts.browsers = argv[++i];
  else if (a.startsWith('--browsers=')) opts.browsers = a.slice(11);
  else if (a === '--help' || a === '-h') usage(0);
  else {
    console.error(`unknown argument: ${a}`);
    usage(2);
  }
}
if (opts.rounds !== undefined && !(Number.isInteger(opts.rounds) && opts.rounds >= 1)) {
  console.error('--rounds needs a positive integer');
  usage(2);
}
const browsersFrom = opts.browsers !== undefined ? '--browsers' : process.env.BROWSERS ? 'BROWSERS' : 'default';
const engines = [...new Set((opts.browsers ?? (process.env.BROWSERS || ENGINES.join(','))).split(',').map((e) => e.trim().toLowerCase()).filter(Boolean))];
const unknown = engines.filter((e) => !ENGINES.includes(e));
if (!engines.length || unknown.length) {
  console.error(`${browsersFrom === 'default' ? '--browsers' : browsersFrom}: unknown engine ${unknown.join(', ') || '(none given)'}; known: ${ENGINES.join(', ')}`);
  usage(2);
}

const P = opts.quick
  ? { rounds: opts.rounds ?? 2, warmupMs: 15, timedMs: 60, batchMs: 2, coldLoads: 3 }
  : { rounds: opts.rounds ?? 5, warmupMs: 60, timedMs: 300, batchMs: 2, coldLoads: 5 };
const OUT = opts.out ? resolve(opts.out)
  : opts.quick ? mkdtempSync(join(tmpdir(), 'idtoken-bench-quick-')) : join(ROOT, 'docs/bench');
const writeHistory = !opts.quick;

// ---------------------------------------------------------------- helpers

const sh = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
};
const quote = (s) => (/^[\w@%+=:,./-]+$/.test(s) ? s : `'${s.replace(/'/g, "'\\''")}'`);
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x, d = 2) => (x == null || !Number.isFinite(x) ? null : Number(x.toFixed(d)));
const fmtUs = (us) => (us >= 1000 ? us.toFixed(0) : us >= 100 ? us.toFixed(1) : us.toFixed(2));
const fmtInt = (n) => Math.round(n).toLocaleString('en-US');
const fmtKiB = (n) => `${(n / 1024).toFixed(1)} KiB`;
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const show = (p) => (relative(process.cwd(), p).startsWith('..') ? p : relative(process.cwd(), p));
const elapsed = (t0) => `${((performance.now() - t0) / 1000).toFixed(1)} s`;

function sizes(path) {
  const raw = readFileSync(path);
  return {
    raw: raw.length,
    gzip: gzipSync(raw, { level: 9 }).length,
    brotli: brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length,
  };
}

// ---------------------------------------------------------------- run

const T0 = performance.now();
const started = new Date();
const load0 = loadavg();
const commit = sh('git', ['rev-parse', '--short', 'HEAD']) ?? 'unknown';
const dirty = (sh('git', ['status', '--porcelain', '--untracked-files=no']) ?? '') !== '';
const command = [process.argv0, ...process.execArgv, relative(process.cwd(), process.argv[1]) || process.argv[1], ...argv]
  .map(quote).join(' ');

console.log(`$ ${command}`);

/**
 * Copies pkg/ into the run's temp dir and serves that copy, so a `make
 * build` during the run cannot swap the wasm or its glue underneath it. A
 * package written less than 3 s ago, or changing while copied, is waited for.
 */
async function snapshotPkg() {
  const dir = join(distDir, 'pkg');
  // Every file under pkg/ (pkg/lite/ included), as paths relative to it.
  const walk = (rel) => readdirSync(join(ROOT, 'pkg', rel)).flatMap((f) => {
    const r = rel ? `${rel}/${f}` : f;
    return statSync(join(ROOT, 'pkg', r)).isDirectory() ? walk(r) : [r];
  });
  const files = walk('');
  for (const f of files) mkdirSync(join(dir, f, '..'), { recursive: true });
  const state = () => files.map((f) => `${f}:${statSync(join(ROOT, 'pkg', f)).mtimeMs}:${statSync(join(ROOT, 'pkg', f)).size}`).join('|');
  for (let attempt = 0; attempt < 40; attempt++) {
    const before = state();
    const newest = Math.max(...files.map((f) => statSync(join(ROOT, 'pkg', f)).mtimeMs));
    if (Date.now() - newest > 3000) {
      for (const f of files) copyFileSync(join(ROOT, 'pkg', f), join(dir, f));
      if (state() === before) return { dir, builtAt: new Date(newest) };
    }
    if (attempt === 0) console.log('pkg/ is being written (a build is running?): waiting for it to settle...');
    await new Promise((ok) => setTimeout(ok, 1500));
  }
  throw new Error('pkg/ kept changing for a minute: run the benchmark when no build is running');
}

if (!existsSync(join(ROOT, 'pkg/idtoken_bg.wasm'))) {
  console.error('pkg/idtoken_bg.wasm is missing: run `make build` first');
  process.exit(2);
}
const distDir = mkdtempSync(join(tmpdir(), 'idtoken-bench-dist-'));
let pkgSnap;
try {
  pkgSnap = await snapshotPkg();
} catch (e) {
  console.error(e.message);
  rmSync(distDir, { recursive: true, force: true });
  process.exit(2);
}
const wasmPath = join(pkgSnap.dir, 'idtoken_bg.wasm');
const wasmSha = createHash('sha256').update(readFileSync(wasmPath)).digest('hex').slice(0, 12);
console.log(`idtoken benchmark: ${started.toISOString()}, commit ${commit}${dirty ? ' (working tree modified)' : ''}`);
console.log(`pkg/ built ${pkgSnap.builtAt.toISOString()}, idtoken_bg.wasm sha256 ${wasmSha} (a copy of pkg/ is served)`);
console.log(`node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average ${load0.map((l) => l.toFixed(2)).join(' ')}`);
console.log(`mode: ${opts.quick ? 'quick (smoke run)' : 'full'}; ${P.rounds} rounds per case, warm-up ${P.warmupMs} ms + timed ${P.timedMs} ms per adapter per round, cold start: median of ${P.coldLoads} fresh pages`);
console.log(`engines: ${engines.join(', ')} (${browsersFrom === 'default' ? 'all, the default' : `from ${browsersFrom}`}), one after the other`);

let server;
let failed = false;
const fmtRatio = (v) => (v == null ? 'n/a' : v >= 10 ? v.toFixed(1) : v.toFixed(2));

/**
 * One engine, start to end: correctness, timing rounds, cold starts. Returns
 * { info, cases, cold } (every case row and the cold record carry `engine`);
 * throws when the engine cannot be driven at all.
 */
async function measureEngine(engine, cases) {
  const tEngine = performance.now();
  const loadStart = loadavg();
  const session = await openEngine(engine);
  try {
    const page = await session.open(`${server.url}/bench/index.html`);
    await page.waitForFunction(() => !!window.bench);
    const env = await page.evaluate(() => window.bench.load());
    // Batches of >= 250 timer steps (a step is <= 0.4% of a batch): 2 ms at
    // Chromium's 5 µs, 5 ms at Firefox's and WebKit's 20 µs.
    const batchMs = Math.max(P.batchMs, env.timerResolutionMs * 250);
    const cpu = await session.cpuSampler(page); // null where the engine has no CDP
    const cpuMetric = cpu ? Object.keys(await cpu()) : [];
    console.log(`\n=== ${engine}: ${session.version} (${session.how}), crossOriginIsolated ${env.crossOriginIsolated}, `
      + `performance.now() step ${(env.timerResolutionMs * 1000).toFixed(1)} µs, ~${Number(batchMs.toFixed(1))} ms batches, `
      + `CPU metrics: ${cpuMetric.join(', ') || 'none (no CDP in this engine)'}`);
    if (env.visibilityState !== 'visible') console.log(`  note: the timing page is ${env.visibilityState} in ${engine} (timers may be throttled)`);
    if (!env.crossOriginIsolated) console.log(`  note: the timing page is not cross-origin isolated in ${engine}: coarse timer, longer batches`);

    // ---------------------------------------------------- correctness
    console.log('correctness (valid token accepted; tampered, other-key, expired, wrong-nonce, wrong-audience refused;'
      + ' webcrypto-floor: signature only, so tampered and other-key):');
    const rows = [];
    for (const c of cases) {
      const setup = validatorSetup(c);
      const report = await page.evaluate(([cc, s]) => window.bench.prepareCase(cc, s), [c, setup]);
      const row = { engine, id: c.id, alg: c.alg, label: c.label, adapters: {} };
      const line = [];
      for (const name of ADAPTERS) {
        const r = report[name];
        row.adapters[name] = { status: r.status, reason: r.reason ?? null, checks: r.checks ?? null, rounds: [] };
        line.push(`${name} ${r.status === 'ok' ? 'ok' : r.status === 'unsupported' ? 'n/a' : 'FAILED'}`);
        if (r.status === 'failed') failed = true;
      }
      console.log(`  ${pad(c.label, 18)} ${line.join(', ')}`);
      for (const name of ADAPTERS) {
        const r = report[name];
        if (r.status === 'failed') console.log(`    ${name} FAILED: ${r.reason}`);
        else if (r.status === 'unsupported' && /engine/.test(r.reason ?? '')) console.log(`    ${name} n/a: ${r.reason}`);
      }
      rows.push(row);
    }

    // ---------------------------------------------------- timing
    console.log('timing...');
    for (const [ci, row] of rows.entries()) {
      const c = cases[ci];
      const tCase = performance.now();
      const active = ADAPTERS.filter((n) => row.adapters[n].status === 'ok');
      for (let r = 0; r < P.rounds; r++) {
        const order = active.map((_, i) => active[(i + r + ci) % active.length]);
        for (const name of order) {
          const warm = await page.evaluate(([id, n, w, b]) => window.bench.warmup(id, n, w, b), [c.id, name, P.warmupMs, batchMs]);
          const before = cpu ? await cpu() : null;
          const t = await page.evaluate(([id, n, ms]) => window.bench.timed(id, n, ms), [c.id, name, P.timedMs]);
          const after = cpu ? await cpu() : null;
          const delta = (k) => (typeof after?.[k] === 'number' && typeof before?.[k] === 'number' ? after[k] - before[k] : null);
          row.adapters[name].rounds.push({
            round: r,
            position: order.indexOf(name),
            warmupUsPerOp: warm.usPerOp,
            batch: t.batch,
            batches: t.perBatchUs.length,
            ops: t.ops,
            elapsedMs: t.elapsedMs,
            opsPerSec: (t.ops / t.elapsedMs) * 1000,
            meanUs: (t.elapsedMs * 1000) / t.ops,
            medianUs: median(t.perBatchUs),
            p90Us: [...t.perBatchUs].sort((x, y) => x - y)[Math.floor(t.perBatchUs.length * 0.9)],
            minBatchUs: Math.min(...t.perBatchUs),
            cpu: { ProcessTime: delta('ProcessTime'), ThreadTime: delta('ThreadTime'), TaskDuration: delta('TaskDuration') },
          });
        }
      }
      // Summaries: the best round per figure (lowest median µs; highest
      // ops/s, which is ops / elapsed and so takes every stall), the spread
      // of the medians over rounds, and CPU per token pooled over all rounds
      // (ProcessTime ticks are 10 ms, too coarse for one round).
      for (const name of active) {
        const a = row.adapters[name];
        const best = a.rounds.reduce((x, y) => (y.medianUs < x.medianUs ? y : x));
        const fastest = a.rounds.reduce((x, y) => (y.opsPerSec > x.opsPerSec ? y : x));
        const meds = a.rounds.map((x) => x.medianUs);
        const ops = a.rounds.reduce((sum, x) => sum + x.ops, 0);
        const pooled = (k) => {
          const vals = a.rounds.map((x) => x.cpu[k]);
          return vals.every((v) => typeof v === 'number') ? (vals.reduce((sum, v) => sum + v, 0) * 1e6) / ops : null;
        };
        a.best = { round: best.round, medianUs: best.medianUs, opsPerSec: fastest.opsPerSec, opsPerSecRound: fastest.round };
        a.spreadUs = { min: Math.min(...meds), max: Math.max(...meds) };
        a.cpuUsPerToken = { renderer: pooled('ProcessTime'), mainThread: pooled('ThreadTime'), tasks: pooled('TaskDuration') };
      }
      const jose = row.adapters.jose.best?.medianUs;
      for (const name of active) {
        const a = row.adapters[name];
        a.ratioToJose = jose ? jose / a.best.medianUs : null;
      }
      // idtoken against each of the others in the same engine: their
      // median / idtoken's (> 1: idtoken is faster), null where one of the
      // two was not timed.
      const med = (n) => (row.adapters[n]?.status === 'ok' ? row.adapters[n].best?.medianUs ?? null : null);
      const ours = med('idtoken');
      const vs = (n) => (ours && med(n) ? med(n) / ours : null);
      row.idtokenRatios = { jose: vs('jose'), jsrsasign: vs('jsrsasign'), noble: vs('noble'), webcryptoFloor: vs('webcrypto-floor') };
      console.log(`  ${pad(c.label, 18)} ${active.length} adapters × ${P.rounds} rounds (${elapsed(tCase)})`);
    }
    await page.close();

    // ---------------------------------------------------- cold starts
    // A fresh page per load (a new document and module map; everything is
    // served no-store, so nothing comes from a cache).
    console.log('cold starts...');
    const coldStarts = async (caseId, libList) => {
      const coldCase = cases.find((c) => c.id === caseId);
      const coldSetup = validatorSetup(coldCase);
      const libs = Object.fromEntries(libList.map((l) => [l, { loads: [], errors: [] }]));
      for (let i = 0; i < P.coldLoads; i++) {
        const order = libList.map((_, j) => libList[(j + i) % libList.length]);
        for (const lib of order) {
          let p;
          try {
            p = await session.open(`${server.url}/bench/cold.html`);
            await p.waitForFunction(() => !!window.cold);
            libs[lib].loads.push(await p.evaluate(([l, c, s]) => window.cold(l, c, s), [lib, coldCase, coldSetup]));
          } catch (e) {
            libs[lib].errors.push(String(e.message ?? e).split('\n')[0]);
            failed = true;
          } finally {
            await p?.close().catch(() => {});
          }
        }
      }
      for (const lib of libList) {
        const { loads } = libs[lib];
        if (!loads.length) continue;
        const totals = loads.map((l) => l.totalMs);
        libs[lib].medianMs = median(totals);
        libs[lib].minMs = Math.min(...totals);
        libs[lib].maxMs = Math.max(...totals);
        libs[lib].phasesMedianMs = Object.fromEntries(PHASES.filter((k) => k in loads[0].phases).map((k) => [k, median(loads.map((l) => l.phases[k] ?? 0))]));
      }
      return { engine, case: caseId, loads: P.coldLoads, targetLib: COLD_TARGET_LIB, libs };
    };
    const cold = await coldStarts(COLD_CASE, COLD_LIBS);
    const coldEc = await coldStarts(COLD_EC_CASE, COLD_EC_LIBS);
    const pageErrors = session.pageErrors();
    if (pageErrors.length) console.log(`page errors: ${pageErrors.join('; ')}`);

    const info = {
      engine, browser: session.version, how: session.how, userAgent: env.userAgent, visibilityState: env.visibilityState, crossOriginIsolated: env.crossOriginIsolated,
      timerResolutionUs: round(env.timerResolutionMs * 1000, 3), batchMs: round(batchMs, 1), cpuMetrics: cpuMetric,
      durationS: round((performance.now() - tEngine) / 1000, 1), loadavgStart: loadStart, loadavgEnd: loadavg(),
    };
    console.log(`${engine} done (${elapsed(tEngine)}, load average ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
    return { info, cases: rows, cold, coldEc };
  } finally {
    await session.close();
  }
}

/** The detailed tables of one engine (as the single-engine bench printed them). */
function reportEngine({ info, cases: rows, cold, coldEc }) {
  console.log(`\n${'='.repeat(100)}\n${info.engine}: ${info.browser}; ${P.rounds} rounds, best round shown, spread = min–max of the per-round medians`);
  const head = `  ${pad('adapter', 17)}${lpad('ops/s', 9)}${lpad('median µs', 11)}${lpad('CPU µs', 10)}${lpad('main µs', 10)}${lpad('× jose', 8)}   spread µs`;
  for (const row of rows) {
    console.log(`\n${row.label} (${info.engine})`);
    console.log(head);
    for (const name of ADAPTERS) {
      const a = row.adapters[name];
      const label = `${name}${ASYNC.has(name) ? '*' : ''}`;
      if (a.status === 'unsupported') {
        console.log(`  ${pad(label, 17)}${lpad('n/a', 9)}   (${a.reason})`);
      } else if (a.status === 'failed') {
        console.log(`  ${pad(label, 17)}${lpad('—', 9)}   not timed: failed correctness: ${a.reason}`);
      } else {
        const c = a.cpuUsPerToken;
        console.log(`  ${pad(label, 17)}${lpad(fmtInt(a.best.opsPerSec), 9)}${lpad(fmtUs(a.best.medianUs), 11)}`
          + `${lpad(c.renderer == null ? 'n/a' : fmtUs(c.renderer), 10)}${lpad(c.mainThread == null ? 'n/a' : fmtUs(c.mainThread), 10)}`
          + `${lpad(a.ratioToJose == null ? 'n/a' : a.ratioToJose.toFixed(2), 8)}   ${fmtUs(a.spreadUs.min)}–${fmtUs(a.spreadUs.max)}`
          + ` (${(((a.spreadUs.max - a.spreadUs.min) / a.spreadUs.min) * 100).toFixed(0)}%)`);
      }
    }
  }
  for (const c of [cold, coldEc]) {
    console.log(`\nCold start in ${info.engine} to the first validated token (${c.case}, a fresh page each, no HTTP cache; median of ${P.coldLoads}, min–max;`
      + ' phases: the median of each):');
    for (const [lib, l] of Object.entries(c.libs)) {
      if (l.medianMs == null) {
        console.log(`  ${pad(lib, 18)} FAILED: ${l.errors.join('; ')}`);
        continue;
      }
      const phases = Object.entries(l.phasesMedianMs).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(' + ');
      console.log(`  ${pad(lib, 18)}${lpad(l.medianMs.toFixed(1), 7)} ms  (${l.minMs.toFixed(1)}–${l.maxMs.toFixed(1)})  = ${phases} ms`
        + (l.errors.length ? `  [${l.errors.length} failed: ${l.errors[0]}]` : ''));
    }
  }
}

/** The largest differences between engines (needs two or more engines). */
function engineDifferences(done) {
  if (done.length < 2) return [];
  const out = [];
  const ids = done[0].cases.map((r) => r.id);
  const spread = (pairs) => {
    const ok = pairs.filter(([, v]) => v != null && v > 0);
    if (ok.length < 2) return null;
    const hi = ok.reduce((x, y) => (y[1] > x[1] ? y : x));
    const lo = ok.reduce((x, y) => (y[1] < x[1] ? y : x));
    return { hi: { engine: hi[0], value: hi[1] }, lo: { engine: lo[0], value: lo[1] }, factor: hi[1] / lo[1] };
  };
  const row = (d, id) => d.cases.find((r) => r.id === id);
  // idtoken's own speed (µs per token), per case: the slowest engine / the fastest.
  const speed = ids.map((id) => ({ case: id, ...spread(done.map((d) => [d.info.engine, row(d, id)?.adapters.idtoken.best?.medianUs ?? null])) }))
    .filter((x) => x.factor).sort((a, b) => b.factor - a.factor);
  if (speed[0]) out.push({ what: 'idtoken µs per token', unit: 'µs', ...speed[0] });
  // idtoken against a peer in the same engine: the ratio whose value moves most between engines.
  const rel = [];
  for (const id of ids) {
    for (const peer of ['jsrsasign', 'noble', 'jose']) {
      const s = spread(done.map((d) => [d.info.engine, row(d, id)?.idtokenRatios?.[peer] ?? null]));
      if (s) rel.push({ what: `idtoken × ${peer}`, unit: '×', case: id, ...s });
    }
  }
  rel.sort((a, b) => b.factor - a.factor);
  if (rel[0]) out.push(rel[0]);
  // Peers' own speed, to tell an engine's wasm from its JS or WebCrypto.
  for (const peer of ['jsrsasign', 'noble', 'jose']) {
    const p = ids.map((id) => ({ case: id, ...spread(done.map((d) => [d.info.engine, row(d, id)?.adapters[peer].best?.medianUs ?? null])) }))
      .filter((x) => x.factor).sort((a, b) => b.factor - a.factor);
    if (p[0]) out.push({ what: `${peer} µs per token`, unit: 'µs', ...p[0] });
  }
  // Cold start, idtoken as apps load it, with the phase that differs most.
  for (const lib of [COLD_TARGET_LIB, 'idtoken', 'jose']) {
    const s = spread(done.map((d) => [d.info.engine, d.cold.libs[lib]?.medianMs ?? null]));
    if (!s) continue;
    const ph = done.find((d) => d.info.engine === s.hi.engine).cold.libs[lib].phasesMedianMs;
    const pl = done.find((d) => d.info.engine === s.lo.engine).cold.libs[lib].phasesMedianMs;
    const phase = Object.keys(ph).map((k) => ({ phase: k, hiMs: ph[k], loMs: pl[k] ?? 0 })).sort((a, b) => (b.hiMs - b.loMs) - (a.hiMs - a.loMs))[0];
    out.push({ what: `cold start ${lib}`, unit: 'ms', case: COLD_CASE, ...s, phase });
  }
  return out;
}

const fmtDiff = (d) => {
  const v = (x) => (d.unit === 'µs' ? `${fmtUs(x)} µs` : d.unit === 'ms' ? `${x.toFixed(1)} ms` : `${fmtRatio(x)}×`);
  const phase = d.phase ? `; phase ${d.phase.phase} ${d.phase.hiMs.toFixed(1)} vs ${d.phase.loMs.toFixed(1)} ms` : '';
  return `${d.what}${d.case ? ` (${d.case})` : ''}: ${v(d.hi.value)} in ${d.hi.engine} vs ${v(d.lo.value)} in ${d.lo.engine}, ${d.factor.toFixed(2)}x${phase}`;
};

const done = [];
const engineErrors = {};
try {
  // Tokens and bundles, concurrently (key generation dominates).
  const tMint = performance.now();
  const [cases, { files: bundles }] = await Promise.all([mintCases(), bundleAdapters(distDir)]);
  console.log(`minted ${cases.length} cases with jose, bundled jose, jsrsasign and noble with Vite (${elapsed(tMint)})`);

  const litePath = join(pkgSnap.dir, 'lite/idtoken_bg.wasm');
  const rsaPath = join(pkgSnap.dir, 'rsa/idtoken_bg.wasm');
  const size = {
    wasm: sizes(wasmPath),
    lite: existsSync(litePath) ? sizes(litePath) : null,
    rsa: existsSync(rsaPath) ? sizes(rsaPath) : null,
    noble: sizes(bundles.noble),
    glue: sizes(join(pkgSnap.dir, 'idtoken.js')),
    jose: sizes(bundles.jose),
    jsrsasign: sizes(bundles.jsrsasign),
  };

  server = await serveBench({ '/pkg/': pkgSnap.dir, '/dist/': distDir, '/bench/': join(ROOT, 'bench/page') }, ['/bench/index.html', '/bench/cold.html']);

  for (const engine of engines) {
    try {
      const d = await measureEngine(engine, cases);
      done.push(d);
      reportEngine(d);
    } catch (e) {
      engineErrors[engine] = String(e?.stack ?? e).split('\n').slice(0, 3).join(' | ');
      console.log(`\n${engine}: FAILED, could not be driven: ${engineErrors[engine]}`);
      failed = true;
    }
  }
  await server.close();
  server = null;

  // ------------------------------------------------------ side by side
  const totalS = (performance.now() - T0) / 1000;
  const names = done.map((d) => d.info.engine);
  console.log(`\n${'='.repeat(100)}\nThe engines side by side (${names.join(', ')}); every ratio compares two libraries in the same engine.`);
  for (const d of done) console.log(`  ${pad(d.info.engine, 9)} ${d.info.browser}, timer step ${d.info.timerResolutionUs} µs, ${d.info.durationS} s`);
  console.log('\nidtoken per algorithm and engine: median µs per token (best round); × X = X\'s median / idtoken\'s (> 1: idtoken is faster)');
  console.log(`  ${pad('case', 18)}${pad('engine', 10)}${lpad('idtoken µs', 11)}${lpad('× jose', 9)}${lpad('× jsrsasign', 13)}${lpad('× noble', 10)}${lpad('× floor', 10)}`);
  for (const c of cases) {
    done.forEach((d, i) => {
      const row = d.cases.find((r) => r.id === c.id);
      const ours = row.adapters.idtoken.best?.medianUs;
      const r = row.idtokenRatios ?? {};
      console.log(`  ${pad(i ? '' : c.label, 18)}${pad(d.info.engine, 10)}${lpad(ours == null ? row.adapters.idtoken.status : fmtUs(ours), 11)}`
        + `${lpad(fmtRatio(r.jose), 9)}${lpad(fmtRatio(r.jsrsasign), 13)}${lpad(fmtRatio(r.noble), 10)}${lpad(fmtRatio(r.webcryptoFloor), 10)}`);
    });
  }
  console.log(`\nCold start to the first validated ${COLD_CASE} token, ms (median of ${P.coldLoads} fresh pages per engine; noble has no RSA: its cold start is on ES256 below):`);
  console.log(`  ${pad('library', 20)}${names.map((n) => lpad(n, 11)).join('')}`);
  const coldRow = (record, lib) => console.log(`  ${pad(lib, 20)}${done.map((d) => lpad(d[record].libs[lib].medianMs == null ? 'FAILED' : d[record].libs[lib].medianMs.toFixed(1), 11)).join('')}`);
  for (const lib of COLD_LIBS) coldRow('cold', lib);
  console.log(`  to the first validated ${COLD_EC_CASE} token (noble's cold start):`);
  for (const lib of COLD_EC_LIBS) coldRow('coldEc', lib);
  console.log('  idtoken, one step at a time (median ms per phase):');
  for (const d of done) {
    const ph = d.cold.libs.idtoken.phasesMedianMs;
    if (ph) console.log(`    ${pad(d.info.engine, 9)} ${Object.entries(ph).map(([k, v]) => `${k} ${v.toFixed(1)}`).join(' + ')}`);
  }
  console.log('  fetch: the module(s) (Resource Timing) and the wasm bytes; evaluate: parse + run the JS once fetched;');
  console.log('  compile / instantiate: the wasm, one step at a time (idtoken); init: init() as an app calls it, wasm fetch +');
  console.log('  streaming compile + instantiate overlapped (idtoken-streaming); first: new validator / key import + the first validation');

  const diffs = engineDifferences(done);
  if (diffs.length) {
    console.log('\nLargest engine differences (slowest engine vs fastest):');
    for (const d of diffs) console.log(`  ${fmtDiff(d)}`);
  }

  console.log('\nSizes (gzip -9, brotli -q 11; the same bytes in every engine):');
  const szLine = (label, sz) => console.log(`  ${pad(label, 34)}${lpad(fmtKiB(sz.raw), 11)} raw${lpad(fmtKiB(sz.gzip), 11)} gzip${lpad(fmtKiB(sz.brotli), 11)} brotli   (${sz.raw} / ${sz.gzip} / ${sz.brotli} B)`);
  szLine('pkg/idtoken_bg.wasm', size.wasm);
  if (size.lite) szLine('pkg/lite/idtoken_bg.wasm (lean)', size.lite);
  else console.log('  pkg/lite/idtoken_bg.wasm (lean)   not built');
  if (size.rsa) szLine('pkg/rsa/idtoken_bg.wasm (RSA only)', size.rsa);
  else console.log('  pkg/rsa/idtoken_bg.wasm (RSA only)   not built');
  szLine('pkg/idtoken.js (glue)', size.glue);
  szLine('idtoken total (wasm + glue)', { raw: size.wasm.raw + size.glue.raw, gzip: size.wasm.gzip + size.glue.gzip, brotli: size.wasm.brotli + size.glue.brotli });
  szLine('jose bundle (adapter, Vite, min)', size.jose);
  szLine('jsrsasign bundle (adapter, min)', size.jsrsasign);
  szLine('noble bundle (adapter, min)', size.noble);

  // ------------------------------------------------------ targets
  // The targets of the "costs nothing until sign-in" issue (noble and
  // jsrsasign are the pure-JS peers; jose and the floor are WebCrypto):
  // speed and cold start judged in each engine, sizes once.
  const perCase = (rows, key, min) => rows.map((r) => {
    const value = r.idtokenRatios?.[key] ?? null;
    return { case: r.id, value: round(value, 3), pass: value != null && value >= min };
  });
  const single = (value, pass) => [{ case: null, value, pass }];
  const sizeTarget = (id, what, sz, limitKB, file) => (sz
    ? { id, engine: null, what, limit: `<= ${limitKB * KB} B`, checks: single(sz.gzip, sz.gzip <= limitKB * KB) }
    : { id, engine: null, what, limit: `<= ${limitKB * KB} B`, checks: [], absent: `${file} not built` });
  const targets = [];
  for (const d of done) {
    const byAlg = (re) => d.cases.filter((r) => re.test(r.alg));
    // idtoken's cold start over a peer's, in one record of this engine.
    const coldVs = ({ libs }, peer) => (libs[COLD_TARGET_LIB]?.medianMs != null && libs[peer]?.medianMs ? libs[COLD_TARGET_LIB].medianMs / libs[peer].medianMs : null);
    const coldRatio = coldVs(d.cold, 'jose');
    const coldEcRatio = coldVs(d.coldEc, 'noble');
    const e = d.info.engine;
    targets.push(
      { id: 'es256-vs-noble', engine: e, what: 'ES256 at least as fast as the noble verifier', limit: '>= 1', checks: perCase(byAlg(/^ES256$/), 'noble', 1) },
      { id: 'eddsa-vs-noble', engine: e, what: 'EdDSA at least 2x faster than the noble verifier', limit: '>= 2', checks: perCase(byAlg(/^EdDSA$/), 'noble', 2) },
      { id: 'rsa-vs-jsrsasign', engine: e, what: 'RSA (RS*, PS*) at least 2x faster than jsrsasign', limit: '>= 2', checks: perCase(byAlg(/^(RS|PS)/), 'jsrsasign', 2) },
      { id: 'cold-start-vs-jose', engine: e, what: `cold start at most 1.5x jose's (${COLD_TARGET_LIB})`, limit: '<= 1.5', checks: single(round(coldRatio, 3), coldRatio != null && coldRatio <= 1.5) },
      { id: 'cold-start-vs-noble', engine: e, what: `cold start no slower than noble's (${COLD_EC_CASE}, ${COLD_TARGET_LIB})`, limit: '<= 1', checks: single(round(coldEcRatio, 3), coldEcRatio != null && coldEcRatio <= 1) },
    );
  }
  targets.push(
    sizeTarget('wasm-gzip', 'full package: idtoken_bg.wasm at most 170 KB gzip', size.wasm, 170, 'pkg/idtoken_bg.wasm'),
    sizeTarget('lite-wasm-gzip', 'lean package: lite/idtoken_bg.wasm at most 130 KB gzip', size.lite, 130, 'pkg/lite/idtoken_bg.wasm'),
    sizeTarget('rsa-wasm-gzip', 'RSA package: rsa/idtoken_bg.wasm at most 90 KB gzip', size.rsa, 90, 'pkg/rsa/idtoken_bg.wasm'),
  );
  for (const t of targets) t.pass = t.absent ? null : t.checks.length > 0 && t.checks.every((c) => c.pass);
  const met = targets.filter((t) => t.pass === true).length;
  const judged = targets.filter((t) => t.pass !== null).length;
  console.log(`\nTargets, this run${opts.quick ? ' (a quick run: short timings, indicative only)' : ''}:`);
  for (const t of targets) {
    const verdict = t.pass === null ? 'n/a ' : t.pass ? 'PASS' : 'FAIL';
    const detail = t.absent ?? t.checks.map((c) => `${c.case ? `${c.case} ` : ''}${c.value == null ? 'n/a' : t.id.endsWith('gzip') ? `${c.value} B` : `${c.value}x`}${c.pass ? '' : ' (missed)'}`).join(', ');
    console.log(`  ${verdict}  ${pad(t.engine ?? 'any', 9)}${pad(t.what, 58)} ${t.limit}: ${detail}`);
  }
  console.log(`  ${met} of ${judged} targets met${judged < targets.length ? ` (${targets.length - judged} not judged)` : ''}`);

  // ------------------------------------------------------ files
  const out = {
    meta: {
      command, date: started.toISOString(), durationS: round(totalS, 1), commit, dirty, wasmSha256: wasmSha,
      pkgBuiltAt: pkgSnap.builtAt.toISOString(),
      quick: opts.quick, params: P, node: process.version, cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null,
      loadavgStart: load0, loadavgEnd: loadavg(),
      engines: done.map((d) => d.info),
      engineErrors,
      notes: [
        'every record of cases, coldStart and targets names its engine (targets on sizes: engine null); ratios compare two libraries in the same engine',
        'best.medianUs: median over batches of batch time / batch size, in the round with the lowest median; best.opsPerSec: ops / elapsed in the round with the highest throughput; spreadUs: min-max of the per-round medians',
        'cpuUsPerToken (Chromium only, CDP Performance metrics; null in Firefox and WebKit): renderer = ProcessTime delta (renderer process, all threads, 10 ms ticks) per token, pooled over rounds; mainThread: ThreadTime; tasks: TaskDuration (threadTicks)',
        'async adapters (jose, webcrypto-floor) are awaited per token in sequence',
        'webcrypto-floor does only crypto.subtle.verify; it is held to the signature bad tokens only',
        'ratioToJose: jose medianUs / adapter medianUs (> 1 is faster than jose)',
        'idtokenRatios: per case and engine, the other adapter\'s medianUs / idtoken\'s (> 1: idtoken is faster); null where either was not timed',
        'coldStart[].libs[lib].phasesMedianMs: the median of each phase over the loads (they need not sum to medianMs); idtoken times fetch, compile and instantiate one at a time, idtoken-streaming is init() as an app calls it',
        'engineDifferences: per measure, the slowest engine against the fastest (factor = slowest / fastest)',
        'coldStartEc[]: the same on an ES256 token for idtoken-streaming, noble (which has no RSA) and jose',
        'targets: KB is 1000 bytes; cold-start-vs-jose compares coldStart[].targetLib with jose, cold-start-vs-noble coldStartEc[].targetLib with noble, in the same engine',
      ],
    },
    cases: done.flatMap((d) => d.cases),
    coldStart: done.map((d) => d.cold),
    coldStartEc: done.map((d) => d.coldEc),
    engineDifferences: diffs,
    sizes: size,
    targets,
  };
  mkdirSync(OUT, { recursive: true });
  writeFileSync(join(OUT, 'results.json'), `${JSON.stringify(out, (k, v) => (typeof v === 'number' && !Number.isInteger(v) ? round(v, 3) : v), 2)}\n`);
  const charts = done.map((d) => {
    const f = join(OUT, chartFile(d.info.engine));
    writeFileSync(f, renderChart(out, d.info.engine));
    return show(f);
  });
  console.log(`\nwrote ${show(join(OUT, 'results.json'))}${charts.length ? `, ${charts.join(', ')}` : ''}`);
  if (writeHistory) {
    for (const d of done) {
      const rows = d.cases;
      const t = targets.filter((x) => x.engine === d.info.engine || x.engine === null);
      const line = {
        timestamp: started.toISOString(), engine: d.info.engine, browser: d.info.browser, commit, dirty, wasmSha256: wasmSha, rounds: P.rounds,
        idtokenVsJose: Object.fromEntries(rows.map((r) => [r.id, round(r.adapters.idtoken.ratioToJose, 3)])), wasmGzip: size.wasm.gzip, failed,
        idtokenVsJsrsasign: Object.fromEntries(rows.map((r) => [r.id, round(r.idtokenRatios?.jsrsasign, 3)])),
        idtokenVsFloor: Object.fromEntries(rows.map((r) => [r.id, round(r.idtokenRatios?.webcryptoFloor, 3)])),
        wasmGzipLite: size.lite?.gzip ?? null,
        wasmGzipRsa: size.rsa?.gzip ?? null,
        idtokenVsNoble: Object.fromEntries(rows.map((r) => [r.id, round(r.idtokenRatios?.noble, 3)])),
        idtokenUs: Object.fromEntries(rows.map((r) => [r.id, round(r.adapters.idtoken.best?.medianUs, 1)])),
        coldStartMs: Object.fromEntries(COLD_LIBS.map((l) => [l, round(d.cold.libs[l].medianMs, 1)])),
        coldStartEs256Ms: Object.fromEntries(COLD_EC_LIBS.map((l) => [l, round(d.coldEc.libs[l].medianMs, 1)])),
        targets: Object.fromEntries(t.map((x) => [x.id, x.pass])),
      };
      appendFileSync(join(OUT, 'history.jsonl'), `${JSON.stringify(line)}\n`);
    }
    console.log(`appended ${done.length} line(s), one per engine, to ${show(join(OUT, 'history.jsonl'))}`);
  } else {
    console.log('(quick run: no history line)');
  }
  console.log(`load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')}; total ${totalS.toFixed(1)} s`);
  if (failed) console.log('\nFAILED: an adapter failed its correctness checks on a case it supports, a cold start failed, or an engine could not be driven (see above)');
} catch (e) {
  console.error(`\nbenchmark crashed: ${e.stack ?? e}`);
  failed = true;
} finally {
  if (server) await server.close();
  rmSync(distDir, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
