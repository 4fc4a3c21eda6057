// The in-page side of the benchmark. bench/run.mjs drives it in each engine
// (Chromium, Firefox, WebKit) through the browser layer's evaluate: load the
// adapters, prepare each case (keys imported ahead of time) and check
// correctness, then warm-up and timed runs per adapter.
// Sync adapters are called directly; async ones (jose, webcrypto-floor) are
// awaited per token, in sequence, as an app validates one token at a time.
import * as idtoken from './adapters/idtoken.js';
import * as webcrypto from './adapters/webcrypto-floor.js';

const adapters = new Map();
const prepared = new Map(); // `${caseId}/${adapter}` → { v, sync, token, checks, batch }

/** The smallest non-zero step of performance.now(), in ms. */
function timerResolution() {
  let min = Infinity;
  for (let i = 0; i < 200; i++) {
    const a = performance.now();
    let b = performance.now();
    while (b === a) b = performance.now();
    min = Math.min(min, b - a);
  }
  return min;
}

async function load() {
  const [jose, jsrsasign, noble] = await Promise.all([import('/dist/jose.js'), import('/dist/jsrsasign.js'), import('/dist/noble.js')]);
  await idtoken.load();
  for (const a of [idtoken, jose, webcrypto, jsrsasign, noble]) adapters.set(a.name, a);
  const resolution = timerResolution();
  return {
    adapters: [...adapters.keys()],
    crossOriginIsolated: globalThis.crossOriginIsolated === true,
    timerResolutionMs: resolution,
    userAgent: navigator.userAgent,
    visibilityState: document.visibilityState,
    hardwareConcurrency: navigator.hardwareConcurrency,
  };
}

async function outcome(v, token, checks) {
  try {
    await v.validate(token, checks);
    return { accepted: true };
  } catch (e) {
    return { accepted: false, error: `${e?.code ?? e?.name ?? 'Error'}: ${String(e?.message ?? e).slice(0, 160)}` };
  }
}

/**
 * Prepares `c` for every adapter and checks it: the valid token must be
 * accepted and every bad one refused (the webcrypto floor only does the
 * signature, so it is held to the bad tokens marked `signature`).
 * Returns { adapter: { status: 'ok'|'unsupported'|'failed', reason, checks } }.
 */
async function prepareCase(c, { options, checks }) {
  const report = {};
  for (const [name, a] of adapters) {
    if (!a.supports(c.alg)) {
      report[name] = { status: 'unsupported', reason: `${name} does not support ${c.alg}` };
      continue;
    }
    let v;
    try {
      v = await a.prepare(c.jwks, options);
    } catch (e) {
      // A WebCrypto adapter (jose, the floor) in an engine whose WebCrypto
      // lacks the algorithm (NotSupportedError, jose's ERR_JOSE_NOT_SUPPORTED)
      // is not timed there, and says so; any other throw is a failure.
      const missing = !a.sync && (e?.name === 'NotSupportedError' || e?.code === 'ERR_JOSE_NOT_SUPPORTED');
      report[name] = missing
        ? { status: 'unsupported', reason: `this engine's WebCrypto lacks ${c.alg}: ${e?.name ?? ''} ${e?.message ?? e}`.trim() }
        : { status: 'failed', reason: `prepare threw ${e?.code ?? ''} ${e?.message ?? e}` };
      continue;
    }
    const floor = name === 'webcrypto-floor';
    const results = [{ kind: 'valid', expect: 'accept', ...(await outcome(v, c.token, checks)) }];
    for (const b of c.bad) {
      const expect = floor && !b.signature ? 'n/a' : 'reject';
      results.push({ kind: b.kind, expect, ...(await outcome(v, b.token, checks)) });
    }
    const wrong = results.filter((r) => (r.expect === 'accept' && !r.accepted) || (r.expect === 'reject' && r.accepted));
    report[name] = wrong.length
      ? { status: 'failed', reason: wrong.map((r) => `${r.kind}: ${r.accepted ? 'accepted' : `refused (${r.error})`}, expected ${r.expect}`).join('; '), checks: results }
      : { status: 'ok', checks: results };
    if (!wrong.length) prepared.set(`${c.id}/${name}`, { v, sync: a.sync, token: c.token, checks, batch: 1 });
  }
  return report;
}

async function runBatch(p, k) {
  const { v, token, checks } = p;
  if (p.sync) {
    for (let i = 0; i < k; i++) v.validate(token, checks);
  } else {
    for (let i = 0; i < k; i++) await v.validate(token, checks);
  }
}

/**
 * Warms an adapter up for `ms` (at least 3 validations) and sizes its
 * batches so one lasts about `batchMs` (the timer has 5 µs steps when
 * cross-origin isolated, 100 µs otherwise). The size comes from the median
 * warm-up call, so a stall (GC, tier-up, a busy machine) does not shrink it.
 */
async function warmup(caseId, name, ms, batchMs) {
  const p = prepared.get(`${caseId}/${name}`);
  const times = [];
  const t0 = performance.now();
  let t = t0;
  while (times.length < 3 || t - t0 < ms) {
    const a = t;
    await runBatch(p, 1);
    t = performance.now();
    times.push(t - a);
  }
  times.sort((x, y) => x - y);
  const medianMs = Math.max(times[times.length >> 1], 0.001);
  p.batch = Math.max(1, Math.round(batchMs / medianMs));
  return { usPerOp: medianMs * 1000, meanUsPerOp: ((t - t0) * 1000) / times.length, batch: p.batch, n: times.length };
}

/** Runs batches for about `ms`; returns { ops, elapsedMs, batch, perBatchUs }. */
async function timed(caseId, name, ms) {
  const p = prepared.get(`${caseId}/${name}`);
  const k = p.batch;
  const perBatchUs = [];
  let ops = 0;
  const start = performance.now();
  let t = start;
  while (t - start < ms || perBatchUs.length < 3) {
    const b0 = t;
    await runBatch(p, k);
    t = performance.now();
    perBatchUs.push(((t - b0) * 1000) / k);
    ops += k;
  }
  return { ops, elapsedMs: t - start, batch: k, perBatchUs };
}

window.bench = { load, prepareCase, warmup, timed };
document.getElementById('status').textContent = 'ready';
