// make bench, smoke: one --quick run in Chromium. Every library validates
// every case (a library that refused its own token would make the numbers
// meaningless), the tables and the targets are printed, and nothing is
// written into docs/bench/ by a quick run.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

test('node bench/run.mjs --quick --browsers chromium: every adapter checks out, tables and targets printed', () => {
  const history = join(ROOT, 'docs/bench/history.jsonl');
  const before = statSync(history).mtimeMs;
  const r = spawnSync(process.execPath, ['bench/run.mjs', '--quick', '--browsers', 'chromium'], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.status, 0, `${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
  for (const alg of ['RS256', 'PS256', 'ES256', 'ES384', 'ES512', 'EdDSA']) {
    const line = r.stdout.split('\n').find((l) => l.trim().startsWith(alg) && / ok/.test(l));
    assert.ok(line, `no self-check line for ${alg}`);
    assert.doesNotMatch(line, /FAIL|refused|error/i, line);
  }
  assert.match(r.stdout, /Cold start in chromium/);
  // noble's cold start, on ES256 (it has no RSA), with a number, not FAILED.
  assert.match(r.stdout, /first validated token \(ES256[^\n]*\n(  \S+ +[\d.]+ ms[^\n]*\n){0,2}  noble +[\d.]+ ms/);
  assert.match(r.stdout, /\d+ of \d+ targets met/);
  assert.match(r.stdout, /\(quick run: no history line\)/);
  assert.equal(statSync(history).mtimeMs, before, 'a quick run wrote docs/bench/history.jsonl');
});
