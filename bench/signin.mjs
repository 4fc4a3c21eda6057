// The sign-in benchmark: what a user feels of idtoken at sign-in.
//
//   node bench/signin.mjs [--runs N] [--delay MS] [--client ID] [--tamper-check] [--out FILE]
//
// An app (bench/signin/: one page, start and callback route) signs in with
// oidc-client-ts (authorization code + PKCE: signinRedirect, the provider's
// login page, then signinCallback on the callback page) in headless
// Chromium against the local oidc-provider (www/provider/provider.mjs),
// whose token endpoint answers `--delay` ms late (default 100: the app's
// token requests go through a small 127.0.0.1 wrapper of the provider that
// waits, then forwards them; metadataSeed.token_endpoint). The app is
// bundled by vite once per variant, as an app ships it:
//   plain        oidc-client-ts alone
//   idtoken      + verifyUserManager (idtoken/oidc-client-ts), the full build
//   idtoken-rsa  + verifyUserManager with load: () => import('idtoken/rsa/manual')
//                (only when the client's ID tokens are RS* / PS*)
// Each sign-in runs in a fresh browser context (no HTTP cache, no cookies).
// Timed: from the callback page's navigation start (its performance
// timeOrigin) to the moment signinCallback returns the User (also recorded:
// when the User was stored). The variants alternate, run after run. Printed:
// the median and min–max of each, the entry chunk sizes (gzip), whether any
// idtoken file was requested before the callback URL was (it must not be),
// and, last, `sign-in added by idtoken: N ms (token endpoint delay D ms)`
// with N = median(idtoken) - median(plain). Results go to
// docs/bench/signin.json (or --out). --tamper-check adds one sign-in per
// variant whose ID token signature the provider flips: the plain app signs
// the user in, the adapters must refuse it. Exits 1 when a sign-in fails,
// an idtoken file is requested too early, or the tamper check fails.
import { execFileSync } from 'node:child_process';
import { createServer, request as httpRequest } from 'node:http';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { chromium } from 'playwright-core';
import { CHROMIUM } from '../tests/support/chromium.mjs';
import { serveStatic } from '../scripts/static-server.mjs';
import { startProvider } from '../www/provider/provider.mjs';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const APP = join(ROOT, 'bench/signin');
const VARIANTS = {
  plain: { label: 'oidc-client-ts alone', file: 'variant-plain.js' },
  idtoken: { label: '+ idtoken (full build)', file: 'variant-idtoken.js' },
  'idtoken-rsa': { label: '+ idtoken (RSA build)', file: 'variant-idtoken-rsa.js' },
};

// ---------------------------------------------------------------- options

function usage(code) {
  console.log('usage: node bench/signin.mjs [--runs N] [--delay MS] [--client ID] [--tamper-check] [--out FILE]\n'
    + '  --runs N        timed sign-ins per variant (default 15)\n'
    + '  --delay MS      the token endpoint answers MS late (default 100)\n'
    + '  --client ID     the provider\'s client, i.e. the ID token algorithm (default spa-rs256;\n'
    + '                  spa-ps256, spa-es256, spa-eddsa; the RSA build runs for RS*/PS* only)\n'
    + '  --tamper-check  also one sign-in per variant with a forged ID token signature\n'
    + '  --out FILE      the JSON results (default docs/bench/signin.json)');
  process.exit(code);
}

const argv = process.argv.slice(2);
const opts = { runs: 15, delay: 100, client: 'spa-rs256', tamperCheck: false, out: join(ROOT, 'docs/bench/signin.json') };
for (let i = 0; i < argv.length; i++) {
  const a = argv[i];
  const [flag, inline] = a.startsWith('--') && a.includes('=') ? [a.slice(0, a.indexOf('=')), a.slice(a.indexOf('=') + 1)] : [a, undefined];
  const value = () => (inline !== undefined ? inline : argv[++i]);
  if (flag === '--runs') opts.runs = Number(value());
  else if (flag === '--delay') opts.delay = Number(value());
  else if (flag === '--client') opts.client = value();
  else if (flag === '--out') opts.out = resolve(value());
  else if (flag === '--tamper-check') opts.tamperCheck = true;
  else if (flag === '--help' || flag === '-h') usage(0);
  else {
    console.error(`unknown argument: ${a}`);
    usage(2);
  }
}
if (!(Number.isInteger(opts.runs) && opts.runs >= 1)) {
  console.error('--runs needs a positive integer');
  usage(2);
}
if (!(Number.isFinite(opts.delay) && opts.delay >= 0)) {
  console.error('--delay needs a number of milliseconds >= 0');
  usage(2);
}

// ---------------------------------------------------------------- helpers

const sh = (cmd, args) => {
  try {
    return execFileSync(cmd, args, { cwd: ROOT, encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
  } catch {
    return null;
  }
};
const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const round = (x, d = 1) => (x == null || !Number.isFinite(x) ? null : Number(x.toFixed(d)));
const pad = (s, n) => String(s).padEnd(n);
const lpad = (s, n) => String(s).padStart(n);
const show = (p) => (relative(process.cwd(), p).startsWith('..') ? p : relative(process.cwd(), p));
const gzipBytes = (file) => gzipSync(readFileSync(file), { level: 9 }).length;
const sleep = (ms) => new Promise((ok) => setTimeout(ok, ms));

/**
 * Copies pkg/ to `dir` once it has settled (nothing written for 3 s, and
 * unchanged while copied), so that a build running meanwhile cannot swap
 * the files vite bundles.
 */
async function snapshotPkg(dir) {
  const src = join(ROOT, 'pkg');
  const walk = (rel) => readdirSync(join(src, rel)).flatMap((f) => {
    const r = rel ? `${rel}/${f}` : f;
    return statSync(join(src, r)).isDirectory() ? walk(r) : [r];
  });
  const state = () => walk('').map((f) => {
    const st = statSync(join(src, f));
    return { f, mtimeMs: st.mtimeMs, size: st.size };
  });
  for (let attempt = 0; attempt < 40; attempt++) {
    const before = state();
    if (Date.now() - Math.max(...before.map((s) => s.mtimeMs)) > 3000) {
      rmSync(dir, { recursive: true, force: true });
      cpSync(src, dir, { recursive: true });
      if (JSON.stringify(state()) === JSON.stringify(before)) return;
    }
    if (attempt === 0) console.log('pkg/ is being written (a build is running?): waiting for it to settle...');
    await sleep(1500);
  }
  throw new Error('pkg/ kept changing for a minute: run the benchmark when no build is running');
}

/**
 * Bundles bench/signin/ with vite for `variant` into `outDir` (served at
 * `/${variant}/`). Returns the entry files (what the HTML loads: the
 * module script and its modulepreloads) and the lazy ones (every other JS
 * chunk and the .wasm), as paths under `/${variant}/`, with gzip sizes.
 */
async function bundle(vite, variant, outDir, pkgDir, config) {
  await vite.build({
    root: APP,
    base: `/${variant}/`,
    configFile: false,
    logLevel: 'warn',
    define: { __BENCH_SIGNIN__: JSON.stringify(config) },
    resolve: {
      alias: {
        'bench-signin-variant': join(APP, VARIANTS[variant].file),
        'idtoken/oidc-client-ts': join(pkgDir, 'oidc-client-ts.js'),
        'idtoken/rsa/manual': join(pkgDir, 'rsa/manual.js'),
      },
    },
    build: { outDir, emptyOutDir: true, rollupOptions: { input: join(APP, 'index.html') } },
  });
  const html = readFileSync(join(outDir, 'index.html'), 'utf8');
  const refs = [...html.matchAll(/<(?:script type="module"[^>]*\ssrc|link rel="modulepreload"[^>]*\shref)="([^"]+)"/g)].map((m) => m[1]);
  const prefix = `/${variant}/`;
  const entry = refs.map((url) => {
    if (!url.startsWith(prefix)) throw new Error(`${variant}: unexpected entry URL ${url}`);
    return { path: url, gzip: gzipBytes(join(outDir, url.slice(prefix.length))) };
  });
  const assets = readdirSync(join(outDir, 'assets')).map((f) => `${prefix}assets/${f}`);
  const lazy = assets.filter((p) => /\.(js|wasm)$/.test(p) && !entry.some((e) => e.path === p))
    .map((p) => ({ path: p, gzip: gzipBytes(join(outDir, p.slice(prefix.length))) }));
  const entrySource = entry.map((e) => readFileSync(join(outDir, e.path.slice(prefix.length)), 'utf8')).join('\n');
  return {
    entry,
    entryGzip: entry.reduce((s, e) => s + e.gzip, 0),
    lazy,
    // The wasm-bindgen glue must not be in the entry: only the adapter.
    glueInEntry: /__wbg_init|WebAssembly\.instantiate/.test(entrySource),
  };
}

/**
 * The provider's token endpoint, `delay` ms late: a server on 127.0.0.1
 * that forwards every request to the provider (`op`), waiting `delay` ms
 * first for POST /token (each wait is pushed to `delays`).
 */
async function startTokenProxy(op, delay, delays) {
  const target = new URL(op.origin);
  const server = createServer(async (req, res) => {
    const body = [];
    for await (const chunk of req) body.push(chunk);
    if (req.method === 'POST' && new URL(req.url, 'http://x').pathname === '/token') {
      const t0 = performance.now();
      await sleep(delay);
      delays.push(performance.now() - t0);
    }
    const upstream = httpRequest({
      host: target.hostname, port: target.port, method: req.method, path: req.url,
      headers: { ...req.headers, host: target.host },
    }, (answer) => {
      res.writeHead(answer.statusCode, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', (e) => {
      if (!res.headersSent) res.writeHead(502, { 'content-type': 'text/plain' });
      res.end(`token proxy: ${e.message}`);
    });
    upstream.end(Buffer.concat(body));
  });
  const sockets = new Set();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((ok) => {
      server.close(() => ok());
      for (const s of sockets) s.destroy();
    }),
  };
}

// ---------------------------------------------------------------- run

const started = new Date();
const load0 = loadavg();
const commit = sh('git', ['rev-parse', '--short', 'HEAD']) ?? 'unknown';
const dirty = (sh('git', ['status', '--porcelain', '--untracked-files=no']) ?? '') !== '';
console.log(`$ node bench/signin.mjs ${argv.join(' ')}`.trimEnd());
for (const f of ['oidc-client-ts.js', 'manual.js', 'idtoken_bg.wasm', 'rsa/manual.js']) {
  if (!existsSync(join(ROOT, 'pkg', f))) {
    console.error(`pkg/${f} is missing: run \`make build\` first`);
    process.exit(2);
  }
}

const work = mkdtempSync(join(tmpdir(), 'idtoken-bench-signin-'));
let app;
let op;
let tokenProxy;
let browser;
let failed = false;
const problems = [];
const fail = (msg) => {
  failed = true;
  problems.push(msg);
  console.log(`  FAILED: ${msg}`);
};

try {
  // The app server first (it serves the bundles once built), then the
  // provider, which must know the app's redirect URIs, then the bundles,
  // which carry the provider's issuer.
  const dist = join(work, 'dist');
  mkdirSync(dist);
  app = await serveStatic(dist);
  const redirectUri = (variant) => `${app.url}/${variant}/`;
  op = await startProvider({ appOrigin: app.url, redirectUris: Object.keys(VARIANTS).map(redirectUri) });
  const client = op.clients.find((c) => c.client_id === opts.client);
  if (!client) throw new Error(`--client ${opts.client}: the provider has ${op.clients.map((c) => c.client_id).join(', ')}`);
  const rsa = /^(RS|PS)\d+$/.test(client.alg);
  const variants = Object.keys(VARIANTS).filter((v) => v !== 'idtoken-rsa' || rsa);

  // The token endpoint answers `delay` ms late: the app's token requests go
  // to a wrapper of the provider (metadataSeed.token_endpoint, the only
  // setting that differs from the provider's discovery document), which
  // waits, then forwards them to the provider's /token. Every delay applied
  // is recorded. (oidc-provider composes its middleware when it starts, so
  // none can be added to a running one.)
  const tokenDelays = [];
  tokenProxy = await startTokenProxy(op, opts.delay, tokenDelays);

  console.log(`idtoken sign-in benchmark: ${started.toISOString()}, commit ${commit}${dirty ? ' (working tree modified)' : ''}`);
  console.log(`node ${process.version}, ${cpus().length} CPUs (${cpus()[0]?.model ?? '?'}), load average ${load0.map((l) => l.toFixed(2)).join(' ')}`);
  console.log(`provider ${op.issuer}, client ${client.client_id} (ID tokens ${client.alg}), token endpoint delay ${opts.delay} ms; `
    + `${opts.runs} runs per variant: ${variants.join(', ')}${rsa ? '' : ' (no RSA build: the ID tokens are not RSA)'}`);

  const pkgDir = join(work, 'pkg');
  await snapshotPkg(pkgDir);
  const vite = await import(join(ROOT, 'node_modules/vite/dist/node/index.js'));
  const bundles = {};
  const tBuild = performance.now();
  for (const v of variants) {
    bundles[v] = await bundle(vite, v, join(dist, v), pkgDir, {
      authority: op.issuer, client_id: client.client_id, redirect_uri: redirectUri(v),
      metadataSeed: { token_endpoint: `${tokenProxy.url}/token` },
    });
  }
  console.log(`bundled ${variants.length} apps with vite ${vite.version} (${((performance.now() - tBuild) / 1000).toFixed(1)} s)`);
  for (const v of variants) {
    if (bundles[v].glueInEntry) fail(`${v}: the entry chunk carries idtoken's wasm-bindgen glue`);
    if (v !== 'plain' && !bundles[v].lazy.some((l) => l.path.endsWith('.wasm'))) fail(`${v}: no lazy .wasm chunk`);
  }

  browser = await chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', '--disable-renderer-backgrounding',
      '--disable-background-timer-throttling', '--disable-backgrounding-occluded-windows',
    ],
  });

  /**
   * One sign-in with `variant`, in a fresh context. Returns the callback
   * page's record plus what the browser requested: the idtoken files (lazy
   * chunks) requested before the callback document, and after it.
   */
  async function signIn(variant, { tamper = false } = {}) {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    const requests = [];
    context.on('request', (r) => requests.push(r.url()));
    const lazy = new Set(bundles[variant].lazy.map((l) => `${app.url}${l.path}`));
    const delaysBefore = tokenDelays.length;
    try {
      await page.goto(redirectUri(variant));
      await page.waitForFunction(() => window.bench?.ready === true);
      if (tamper) op.control.setTamperMode('id-token-signature');
      await page.click('#go');
      await page.waitForURL((u) => u.href.startsWith(op.origin), { timeout: 30_000 });
      await page.waitForSelector('#login', { timeout: 30_000 });
      await page.click('#login');
      await page.waitForFunction(() => window.bench?.result, null, { timeout: 60_000 });
      const result = await page.evaluate(() => window.bench.result);
      const callbackAt = requests.findIndex((u) => u.startsWith(redirectUri(variant)) && new URL(u).searchParams.has('code'));
      if (callbackAt < 0) throw new Error('the callback URL was never requested');
      const idtokenBefore = requests.slice(0, callbackAt).filter((u) => lazy.has(u.split('?')[0]));
      const idtokenAfter = requests.slice(callbackAt).filter((u) => lazy.has(u.split('?')[0]));
      const token = result.resources.find((r) => r.url.startsWith(`${tokenProxy.url}/token`));
      const wasm = result.resources.find((r) => lazy.has(r.url) && r.url.endsWith('.wasm'));
      return {
        ok: result.ok,
        returnedMs: result.returnedMs ?? null,
        storedMs: result.storedMs ?? null,
        failedMs: result.failedMs ?? null,
        sub: result.sub ?? null,
        stored: result.stored,
        error: result.error ?? null,
        refusals: result.refusals,
        navigation: result.navigation,
        tokenRequest: token ? { startMs: token.startMs, endMs: token.endMs } : null,
        wasmFetch: wasm ? { url: wasm.url.slice(app.url.length), startMs: wasm.startMs, endMs: wasm.endMs } : null,
        serverTokenDelayMs: tokenDelays.slice(delaysBefore).map((d) => round(d, 1)),
        idtokenRequestedBeforeCallback: idtokenBefore.map((u) => u.slice(app.url.length)),
        idtokenRequestedAfterCallback: idtokenAfter.map((u) => u.slice(app.url.length)),
        pageErrors: errors,
      };
    } finally {
      if (tamper) op.control.setTamperMode('none');
      await context.close();
    }
  }

  /** Whether a run shows what it must: a sign-in, idtoken loaded lazily on the callback only (with the adapter). */
  function checkRun(variant, r, label) {
    if (!r.ok) return fail(`${label}: sign-in failed: ${r.error?.code ?? r.error?.name}: ${r.error?.message}`);
    if (r.sub !== 'alice' || !r.stored) return fail(`${label}: no User stored for alice`);
    if (r.idtokenRequestedBeforeCallback.length) fail(`${label}: idtoken requested before the callback URL: ${r.idtokenRequestedBeforeCallback.join(', ')}`);
    if (variant === 'plain' && r.idtokenRequestedAfterCallback.length) fail(`${label}: the plain app requested ${r.idtokenRequestedAfterCallback.join(', ')}`);
    if (variant !== 'plain' && !r.wasmFetch) fail(`${label}: the adapter did not load idtoken's wasm on the callback page`);
    if (!r.serverTokenDelayMs.length || r.serverTokenDelayMs.some((d) => d < opts.delay - 1)) fail(`${label}: the token endpoint was not delayed (${r.serverTokenDelayMs})`);
    if (r.pageErrors.length) fail(`${label}: page errors: ${r.pageErrors.join('; ')}`);
    return undefined;
  }

  // Warm-up: one untimed sign-in per variant (the provider's and Chromium's
  // first-use costs), then the timed runs, the variants rotating.
  console.log('\nwarm-up: one sign-in per variant (not timed)');
  for (const v of variants) checkRun(v, await signIn(v), `warm-up ${v}`);
  const runs = Object.fromEntries(variants.map((v) => [v, []]));
  console.log(`timed: ${opts.runs} sign-ins per variant`);
  for (let i = 0; i < opts.runs; i++) {
    const order = variants.map((_, j) => variants[(j + i) % variants.length]);
    const line = [];
    for (const v of order) {
      const r = await signIn(v);
      r.run = i + 1;
      r.position = order.indexOf(v);
      runs[v].push(r);
      checkRun(v, r, `run ${i + 1} ${v}`);
      line.push(`${v} ${r.ok ? `${r.returnedMs.toFixed(1)} ms` : 'FAILED'}`);
    }
    console.log(`  run ${lpad(i + 1, 2)}: ${line.join(', ')}`);
  }

  let tamperCheck = null;
  if (opts.tamperCheck) {
    console.log('\ntamper check: the provider flips one character of the ID token signature');
    tamperCheck = {};
    const before = op.control.tamperedIdTokens();
    for (const v of variants) {
      const r = await signIn(v, { tamper: true });
      const tampered = op.control.tamperedIdTokens() - before > Object.keys(tamperCheck).length;
      const expectRefusal = v !== 'plain';
      const refused = !r.ok && r.error?.code === 'ERR_BAD_SIGNATURE' && !r.stored && r.refusals.some((e) => e.code === 'ERR_BAD_SIGNATURE');
      const accepted = r.ok && r.stored && r.sub === 'alice';
      const pass = tampered && (expectRefusal ? refused : accepted);
      tamperCheck[v] = {
        tampered, ok: r.ok, stored: r.stored, error: r.error, refusals: r.refusals,
        wasmLoaded: Boolean(r.wasmFetch), expected: expectRefusal ? 'refused' : 'signed in (unverified)', pass,
      };
      console.log(`  ${pad(v, 12)} ${r.ok ? 'signed in' : `refused ${r.error?.code ?? r.error?.name}`}, user ${r.stored ? 'stored' : 'not stored'}`
        + ` (expected: ${tamperCheck[v].expected}) ${pass ? 'ok' : 'WRONG'}`);
      if (!pass) fail(`tamper check ${v}: expected ${tamperCheck[v].expected}, got ${JSON.stringify({ tampered, ok: r.ok, stored: r.stored, error: r.error })}`);
    }
  }

  await browser.close();
  browser = null;

  // ------------------------------------------------------ report
  const stats = Object.fromEntries(variants.map((v) => {
    const ok = runs[v].filter((r) => r.ok);
    const summary = (key) => {
      const xs = ok.map(key).filter((x) => typeof x === 'number');
      return xs.length ? { median: round(median(xs)), min: round(Math.min(...xs)), max: round(Math.max(...xs)) } : null;
    };
    return [v, {
      label: VARIANTS[v].label,
      runs: runs[v].length,
      ok: ok.length,
      returnedMs: summary((r) => r.returnedMs),
      storedMs: summary((r) => r.storedMs),
      // The same, from the callback document's fetchStart (after the
      // provider's redirects): the part of the callback the app controls.
      fromFetchStartMs: summary((r) => (r.navigation ? r.returnedMs - r.navigation.fetchStartMs : null)),
      tokenRequestMs: summary((r) => (r.tokenRequest ? r.tokenRequest.endMs - r.tokenRequest.startMs : null)),
      tokenResponseEndMs: summary((r) => r.tokenRequest?.endMs),
      wasmFetchEndMs: summary((r) => r.wasmFetch?.endMs),
    }];
  }));

  console.log(`\nSign-in on the callback page: its navigation start -> the User returned by signinCallback`);
  console.log(`(fresh browser context each; ${opts.runs} runs per variant; median, min–max; token endpoint delay ${opts.delay} ms)`);
  console.log(`  ${pad('variant', 26)}${lpad('median', 9)}   min–max           stored   token resp. end   wasm fetched`);
  for (const v of variants) {
    const s = stats[v];
    const f = (x) => (x ? `${x.median.toFixed(1)}` : 'n/a');
    console.log(`  ${pad(s.label, 26)}${lpad(s.returnedMs ? `${s.returnedMs.median.toFixed(1)} ms` : 'n/a', 9)}   `
      + `${pad(s.returnedMs ? `${s.returnedMs.min.toFixed(1)}–${s.returnedMs.max.toFixed(1)} ms` : '', 18)}${lpad(f(s.storedMs), 6)}`
      + `${lpad(f(s.tokenResponseEndMs), 18)}${lpad(f(s.wasmFetchEndMs), 15)}${s.ok < s.runs ? `   (${s.runs - s.ok} failed)` : ''}`);
  }
  console.log('  stored: when the User was stored; token resp. end / wasm fetched: Resource Timing responseEnd (ms on the callback page\'s clock)');

  console.log('\nEntry chunk (the JS the app loads before any sign-in response), gzip -9:');
  for (const v of variants) {
    const b = bundles[v];
    const extra = v === 'plain' ? '' : `  (+${b.entryGzip - bundles.plain.entryGzip} B); lazy chunks in the bundle: ${b.lazy.map((l) => `${l.path.split('/').pop()} ${l.gzip} B`).join(', ')}`;
    console.log(`  ${pad(VARIANTS[v].label, 26)}${lpad(b.entryGzip, 7)} B${extra}`);
  }

  const all = variants.flatMap((v) => runs[v]);
  const early = all.flatMap((r) => r.idtokenRequestedBeforeCallback);
  console.log(`\nidtoken files (.wasm or glue) requested before the callback URL was loaded: ${early.length ? `${early.length}: ${[...new Set(early)].join(', ')} (must be none)` : 'none'}`);
  if (problems.length) console.log(`\nFAILED: ${problems.length} problem(s), see above`);

  const added = (v) => (stats[v]?.returnedMs && stats.plain.returnedMs ? stats[v].returnedMs.median - stats.plain.returnedMs.median : null);
  const out = {
    meta: {
      command: `node bench/signin.mjs ${argv.join(' ')}`.trimEnd(),
      date: started.toISOString(), commit, dirty, node: process.version, chromium: sh(CHROMIUM, ['--version']),
      cpus: cpus().length, cpuModel: cpus()[0]?.model ?? null, loadavgStart: load0, loadavgEnd: loadavg(),
      vite: vite.version, runs: opts.runs, tokenEndpointDelayMs: opts.delay, client: client.client_id, alg: client.alg,
      notes: [
        'returnedMs: performance.now() on the callback page (ms since its navigation start, performance.timeOrigin) when signinCallback returned the User; storedMs: when the app\'s userStore stored it',
        'fromFetchStartMs: returnedMs minus the callback navigation\'s fetchStart (after the provider\'s redirects)',
        'each sign-in in a fresh browser context (no HTTP cache, no cookies); one untimed warm-up sign-in per variant; the variants rotate run after run',
        'entryGzip: gzip -9 bytes of the JS the bundled app\'s HTML loads (module script and modulepreloads); lazy: the other JS chunks and the .wasm',
        'addedMs: median(variant) - median(plain)',
        'the token endpoint delay: the app\'s token requests (metadataSeed.token_endpoint) go to a 127.0.0.1 wrapper that waits tokenEndpointDelayMs, then forwards them to the provider; serverTokenDelayMs: the waits applied in each run',
      ],
    },
    addedMs: { idtoken: round(added('idtoken')), 'idtoken-rsa': rsa ? round(added('idtoken-rsa')) : null },
    variants: stats,
    bundles,
    idtokenRequestedBeforeCallback: early,
    tamperCheck,
    problems,
    runs,
  };
  mkdirSync(dirname(opts.out), { recursive: true });
  writeFileSync(opts.out, `${JSON.stringify(out, (k, v) => (typeof v === 'number' && !Number.isInteger(v) ? round(v, 2) : v), 2)}\n`);
  console.log(`\nwrote ${show(opts.out)} (load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')})`);
  if (rsa && added('idtoken-rsa') != null) console.log(`sign-in added by idtoken (RSA build): ${added('idtoken-rsa').toFixed(1)} ms`);
  if (added('idtoken') != null) console.log(`sign-in added by idtoken: ${added('idtoken').toFixed(1)} ms (token endpoint delay ${opts.delay} ms)`);
  else fail('no successful sign-ins to compare');
} catch (e) {
  console.error(`\nbenchmark crashed: ${e.stack ?? e}`);
  failed = true;
} finally {
  if (browser) await browser.close().catch(() => {});
  if (tokenProxy) await tokenProxy.close();
  if (op) await op.close();
  if (app) await app.close();
  rmSync(work, { recursive: true, force: true });
}
process.exit(failed ? 1 : 0);
