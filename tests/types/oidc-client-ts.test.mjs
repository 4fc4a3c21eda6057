// The adapter's TypeScript surface: a strict app using oidc-client-ts's own
// declarations compiles against pkg/oidc-client-ts.d.ts (including the
// misuses it must refuse), and the declarations never use `any`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSC = fileURLToPath(new URL('../../node_modules/.bin/tsc', import.meta.url));
const DTS = `${ROOT}pkg/oidc-client-ts.d.ts`;

test('tests/types/oidc-client-ts.ts type-checks under --strict with oidc-client-ts and pkg/oidc-client-ts.d.ts', () => {
  assert.ok(existsSync(TSC), `${TSC} missing: run npm ci`);
  assert.ok(existsSync(DTS), 'pkg/oidc-client-ts.d.ts is missing: build the package with `make build`');
  const r = spawnSync(TSC, ['-p', 'tests/types/oidc-client-ts.tsconfig.json', '--listFiles'], { cwd: ROOT, encoding: 'utf8', timeout: 90_000 });
  assert.equal(r.error, undefined, `tsc did not run: ${r.error}`);
  assert.equal(r.status, 0, `tsc failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  const files = r.stdout.split('\n').map((l) => l.trim());
  for (const f of [DTS, `${ROOT}node_modules/oidc-client-ts/dist/types/oidc-client-ts.d.ts`, `${ROOT}tests/types/oidc-client-ts.ts`]) {
    assert.ok(files.includes(f), `tsc did not load ${f}`);
  }
});

test('pkg/oidc-client-ts.d.ts has no `any`', () => {
  const text = readFileSync(DTS, 'utf8').replace(/\/\*[\s\S]*?\*\//g, '').replace(/\/\/.*$/gm, '');
  assert.doesNotMatch(text, /\bany\b/);
});
