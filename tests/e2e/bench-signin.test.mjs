// The sign-in benchmark (make bench-signin), as a smoke test: two runs per
// variant plus the tamper check. The script must exit 0, end on its summary
// line, and write JSON that shows real sign-ins: every variant signed alice
// in through the provider's token endpoint (delayed as asked), the adapter
// variants loaded idtoken only on the callback page (nothing before the
// callback URL) and refused a forged signature that oidc-client-ts alone
// accepted, and the entry chunk carries the adapter but not idtoken's glue.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const LAST_LINE = /^sign-in added by idtoken: (-?\d+\.\d) ms \(token endpoint delay 100 ms\)$/;

test('bench/signin.mjs --runs 2 --tamper-check: real sign-ins, idtoken loaded on the callback only, the summary line, the JSON', { timeout: 120_000 }, async () => {
  for (const f of ['oidc-client-ts.js', 'manual.js', 'rsa/manual.js']) {
    assert.ok(existsSync(join(ROOT, 'pkg', f)), `pkg/${f} is missing: build the package with \`make build\``);
  }
  const dir = mkdtempSync(join(tmpdir(), 'idtoken-bench-signin-test-'));
  const out = join(dir, 'signin.json');
  try {
    const { code, stdout, stderr } = await new Promise((ok) => {
      execFile(process.execPath, ['bench/signin.mjs', '--runs', '2', '--tamper-check', '--out', out], { cwd: ROOT, timeout: 110_000 },
        (error, so, se) => ok({ code: error ? (error.code ?? error.signal) : 0, stdout: so, stderr: se }));
    });
    assert.equal(code, 0, `exit ${code}\n${stdout}\n${stderr}`);
    const lines = stdout.trimEnd().split('\n');
    const last = lines.at(-1);
    assert.match(last, LAST_LINE, stdout);
    assert.match(stdout, /idtoken files \(\.wasm or glue\) requested before the callback URL was loaded: none\n/);
    assert.match(stdout, /Entry chunk/);

    assert.ok(existsSync(out), 'the JSON was written');
    const json = JSON.parse(readFileSync(out, 'utf8'));
    assert.equal(json.meta.runs, 2);
    assert.equal(json.meta.tokenEndpointDelayMs, 100);
    assert.equal(json.meta.alg, 'RS256', 'the default client signs RS256, so the RSA build runs too');
    assert.deepEqual(Object.keys(json.variants), ['plain', 'idtoken', 'idtoken-rsa']);
    assert.deepEqual(json.problems, []);
    assert.deepEqual(json.idtokenRequestedBeforeCallback, []);

    // The summary line is median(idtoken) - median(plain), as recorded.
    const added = Number(last.match(LAST_LINE)[1]);
    assert.equal(added, json.addedMs.idtoken);
    const fromMedians = json.variants.idtoken.returnedMs.median - json.variants.plain.returnedMs.median;
    assert.ok(Math.abs(fromMedians - added) <= 0.1 + 1e-9, `${added} vs ${fromMedians} (medians rounded to 0.1 ms)`);

    for (const [variant, runs] of Object.entries(json.runs)) {
      assert.equal(runs.length, 2, variant);
      for (const r of runs) {
        const what = `${variant} run ${r.run}`;
        assert.equal(r.ok, true, `${what}: ${JSON.stringify(r.error)}`);
        assert.equal(r.sub, 'alice', what);
        assert.equal(r.stored, true, what);
        assert.ok(r.returnedMs > 0 && r.storedMs > 0 && r.storedMs <= r.returnedMs, `${what}: ${r.storedMs} ${r.returnedMs}`);
        // The code was exchanged at the delayed token endpoint, on the callback page.
        assert.equal(r.serverTokenDelayMs.length, 1, what);
        assert.ok(r.serverTokenDelayMs[0] >= 99, `${what}: delay ${r.serverTokenDelayMs}`);
        assert.ok(r.tokenRequest && r.tokenRequest.endMs - r.tokenRequest.startMs >= 100, `${what}: ${JSON.stringify(r.tokenRequest)}`);
        assert.ok(r.returnedMs >= r.tokenRequest.endMs, what);
        assert.deepEqual(r.idtokenRequestedBeforeCallback, [], what);
        assert.deepEqual(r.pageErrors, [], what);
        if (variant === 'plain') {
          assert.deepEqual(r.idtokenRequestedAfterCallback, [], `${what}: the plain app loads no idtoken`);
          assert.equal(r.wasmFetch, null, what);
        } else {
          // idtoken was loaded on the callback page, the build the variant asked for.
          assert.ok(r.wasmFetch, `${what}: idtoken's wasm was fetched`);
          assert.ok(r.idtokenRequestedAfterCallback.some((p) => p.endsWith('.wasm')), what);
          const wasm = json.bundles[variant].lazy.find((l) => l.path === r.wasmFetch.url);
          assert.ok(wasm, `${what}: ${r.wasmFetch.url} is a lazy chunk`);
          if (variant === 'idtoken-rsa') assert.ok(wasm.gzip < json.bundles.idtoken.lazy.find((l) => l.path.endsWith('.wasm')).gzip, `${what}: the RSA build's smaller wasm`);
          assert.deepEqual(r.refusals, [], what);
        }
      }
    }

    // The adapter really validates: a forged signature is refused by both
    // builds, while oidc-client-ts alone signs the user in with it.
    const t = json.tamperCheck;
    assert.equal(t.plain.tampered, true);
    assert.equal(t.plain.ok, true, 'oidc-client-ts alone accepts the forged token');
    assert.equal(t.plain.stored, true);
    for (const variant of ['idtoken', 'idtoken-rsa']) {
      assert.equal(t[variant].tampered, true, variant);
      assert.equal(t[variant].ok, false, variant);
      assert.equal(t[variant].error.code, 'ERR_BAD_SIGNATURE', `${variant}: ${t[variant].error.message}`);
      assert.equal(t[variant].stored, false, `${variant}: nothing stored`);
      assert.ok(t[variant].refusals.some((e) => e.code === 'ERR_BAD_SIGNATURE'), `${variant}: onRefused saw it`);
      assert.equal(t[variant].pass, true, variant);
    }

    // Sizes: the adapter adds a little to the entry chunk, idtoken's glue stays out.
    const { plain, idtoken } = json.bundles;
    assert.equal(idtoken.glueInEntry, false);
    assert.ok(plain.entryGzip > 0 && idtoken.entryGzip > plain.entryGzip, `${plain.entryGzip} ${idtoken.entryGzip}`);
    assert.ok(idtoken.entryGzip - plain.entryGzip < 10_000, `the adapter adds ${idtoken.entryGzip - plain.entryGzip} B gzip`);
    assert.match(stdout, new RegExp(`oidc-client-ts alone\\s+${plain.entryGzip} B`));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
