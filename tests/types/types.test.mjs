// The package's TypeScript surface: a strict consumer compiles against
// pkg/idtoken.d.ts, and the public declarations never use `any`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSC = fileURLToPath(new URL('../../node_modules/.bin/tsc', import.meta.url));
const TSCONFIG = 'tests/types/tsconfig.json';
const PKG_DTS = ['pkg/idtoken.d.ts', 'pkg/idtoken_bg.wasm.d.ts'];

function tsc(...args) {
  assert.ok(existsSync(TSC), `${TSC} missing: run npm ci`);
  const r = spawnSync(TSC, ['-p', TSCONFIG, ...args], { cwd: ROOT, encoding: 'utf8', timeout: 90_000 });
  assert.equal(r.error, undefined, `tsc did not run: ${r.error}`);
  return r;
}

test('consumer.ts type-checks under --strict against pkg/idtoken.d.ts', () => {
  // The configuration really is strict, and checks the package's own .d.ts.
  const shown = tsc('--showConfig');
  assert.equal(shown.status, 0, shown.stdout + shown.stderr);
  const config = JSON.parse(shown.stdout).compilerOptions;
  assert.equal(config.strict, true, 'tsconfig must have strict: true');
  assert.equal(config.skipLibCheck, false, 'the .d.ts itself must be checked');

  const r = tsc('--noEmit', '--listFiles');
  const output = `${r.stdout}${r.stderr}`;
  assert.equal(r.status, 0, `tsc failed (exit ${r.status}):\n${output}`);
  // 'idtoken' resolved to the built package, not to something else.
  const files = r.stdout.split('\n').map((l) => l.trim());
  assert.ok(files.includes(`${ROOT}pkg/idtoken.d.ts`),
    `tsc did not load pkg/idtoken.d.ts; files:\n${r.stdout}`);
  assert.ok(files.includes(`${ROOT}tests/types/consumer.ts`));
});

/** Removes comments, and the contents of string literals, from TypeScript text. */
function stripComments(text) {
  return text.replace(
    /("(?:\\.|[^"\\\n])*"|'(?:\\.|[^'\\\n])*'|`(?:\\.|[^`\\])*`)|\/\*[\s\S]*?\*\/|\/\/[^\n]*/g,
    // A comment becomes its newlines only, so line numbers stay right.
    (m, str) => (str ? `${str[0]}${str[0]}` : m.replace(/[^\n]/g, '')),
  );
}

test('the comment stripper keeps code and drops only comments and literals', () => {
  const sample = [
    '/** returns any value */',
    'export function f(a: string): number; // any comment',
    'export type K = "any" | \'x\';',
    '/* multi',
    '   line any */ export const z: any;',
  ].join('\n');
  const out = stripComments(sample);
  assert.match(out, /export function f\(a: string\): number;/);
  assert.match(out, /export type K = "" \| '';/);
  // Only the real `any` type survives.
  assert.deepEqual(out.match(/\bany\b/g), ['any']);
  assert.match(out, /export const z: any;/);
});

test('pkg/*.d.ts use no `any` type', () => {
  for (const rel of PKG_DTS) {
    const path = `${ROOT}${rel}`;
    assert.ok(existsSync(path), `${rel} missing: run make build`);
    const code = stripComments(readFileSync(path, 'utf8'));
    // Sanity: what remains is the declarations, not nothing.
    assert.match(code, /export (const|class|function|type|interface) /, `${rel}: nothing left after stripping`);
    const hits = code.split('\n')
      .map((line, i) => ({ line: line.trim(), n: i + 1 }))
      .filter(({ line }) => /\bany\b/.test(line));
    assert.deepEqual(hits, [], `${rel} uses \`any\`:\n${hits.map((h) => `  ${h.n}: ${h.line}`).join('\n')}`);
  }
  // The main surface is all there after stripping.
  const main = stripComments(readFileSync(`${ROOT}pkg/idtoken.d.ts`, 'utf8'));
  for (const decl of [
    /export class IdTokenValidator\b/,
    /validate\(token: string, checks\?: TokenChecks\b[^)]*\): ValidatedIdToken;/,
    /export function isIdTokenError\(value: unknown\): value is IdTokenError;/,
    /export type IdTokenErrorCode\b/,
  ]) assert.match(main, decl);
});
