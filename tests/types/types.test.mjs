// The package's TypeScript surface: a strict consumer (consumer.ts) in a
// fresh project that installed the packed tarball compiles against the
// package's declarations, as resolved through its exports map (bundler and
// nodenext resolution), and the shipped declarations never use `any` nor
// name the glue's internals.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { freshProject, packTarball } from '../support/tarball.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const TSC = fileURLToPath(new URL('../../node_modules/.bin/tsc', import.meta.url));
const SHIPPED_DTS = ['idtoken.d.ts', 'index.d.ts', 'manual.d.ts'].flatMap((f) => [`pkg/${f}`, `pkg/lite/${f}`, `pkg/rsa/${f}`]);

let tarball;
let project;

before(() => {
  tarball = packTarball();
  project = freshProject('types', tarball.tgz);
  for (const f of ['consumer.ts', 'tsconfig.json', 'undefined-keys.ts', 'undefined-keys.tsconfig.json']) {
    copyFileSync(new URL(f, import.meta.url), join(project.dir, f));
  }
});

after(() => {
  project?.close();
  tarball?.close();
});

function tsc(...args) {
  return tscWith('tsconfig.json', ...args);
}

function tscWith(config, ...args) {
  assert.ok(existsSync(TSC), `${TSC} missing: run npm ci`);
  const r = spawnSync(TSC, ['-p', join(project.dir, config), ...args], { cwd: project.dir, encoding: 'utf8', timeout: 120_000 });
  assert.equal(r.error, undefined, `tsc did not run: ${r.error}`);
  return r;
}

for (const resolution of ['bundler', 'nodenext']) {
  test(`consumer.ts type-checks under --strict against the installed package (${resolution} resolution)`, () => {
    const extra = resolution === 'bundler' ? [] : ['--module', 'nodenext', '--moduleResolution', 'nodenext'];
    // The configuration really is strict, and checks the package's own .d.ts.
    const shown = tsc('--showConfig', ...extra);
    assert.equal(shown.status, 0, shown.stdout + shown.stderr);
    const config = JSON.parse(shown.stdout).compilerOptions;
    assert.equal(config.strict, true, 'tsconfig must have strict: true');
    assert.equal(config.skipLibCheck, false, 'the .d.ts itself must be checked');
    assert.equal(config.moduleResolution, resolution);

    const r = tsc('--noEmit', '--listFiles', ...extra);
    const output = `${r.stdout}${r.stderr}`;
    assert.equal(r.status, 0, `tsc failed (exit ${r.status}):\n${output}`);
    // Each entry resolved to the installed package, through its exports map.
    const files = r.stdout.split('\n').map((l) => l.trim());
    const installed = join(project.dir, 'node_modules/idtoken');
    for (const f of ['index.d.ts', 'manual.d.ts', 'idtoken.d.ts', 'lite/index.d.ts', 'lite/manual.d.ts', 'rsa/index.d.ts', 'rsa/manual.d.ts']) {
      assert.ok(files.includes(join(installed, 'pkg', f)), `tsc did not load ${f}; files:\n${r.stdout}`);
    }
    assert.ok(files.includes(join(project.dir, 'consumer.ts')));
  });
}

test('a key given `undefined` in options or checks is a type error under exactOptionalPropertyTypes (undefined-keys.ts)', () => {
  const shown = tscWith('undefined-keys.tsconfig.json', '--showConfig');
  assert.equal(shown.status, 0, shown.stdout + shown.stderr);
  const config = JSON.parse(shown.stdout).compilerOptions;
  assert.equal(config.exactOptionalPropertyTypes, true);
  assert.equal(config.strict, true);
  // Every @ts-expect-error line is an error, and the correct usage compiles.
  const r = tscWith('undefined-keys.tsconfig.json', '--listFiles');
  assert.equal(r.status, 0, `tsc failed (exit ${r.status}):\n${r.stdout}${r.stderr}`);
  const files = r.stdout.split('\n').map((l) => l.trim());
  for (const f of ['undefined-keys.ts', 'node_modules/idtoken/pkg/idtoken.d.ts', 'node_modules/idtoken/pkg/oidc-client-ts.d.ts']) {
    assert.ok(files.includes(join(project.dir, f)), `tsc did not load ${f}`);
  }
});

test('without exactOptionalPropertyTypes each of those lines compiles: the errors above come from `key?: T` members', () => {
  const source = readFileSync(new URL('undefined-keys.ts', import.meta.url), 'utf8');
  const expected = source.split('\n').flatMap((l, i) => (/^\s*\/\/ @ts-expect-error/.test(l) ? [i + 1] : []));
  assert.ok(expected.length >= 12, `only ${expected.length} @ts-expect-error lines`);
  const r = tscWith('undefined-keys.tsconfig.json', '--exactOptionalPropertyTypes', 'false', '--pretty', 'false');
  const errors = `${r.stdout}${r.stderr}`.split('\n').filter((l) => /error TS\d+/.test(l));
  // Only "Unused '@ts-expect-error' directive" (TS2578), once per directive.
  assert.deepEqual(errors.filter((l) => !/error TS2578/.test(l)), [], `other errors:\n${errors.join('\n')}`);
  const lines = errors.map((l) => Number(l.match(/undefined-keys\.ts\((\d+),/)?.[1])).sort((a, b) => a - b);
  assert.deepEqual(lines, expected);
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

test('the shipped .d.ts use no `any` type and name none of the glue\'s internals', () => {
  for (const rel of SHIPPED_DTS) {
    const path = `${ROOT}${rel}`;
    assert.ok(existsSync(path), `${rel} missing: run make build`);
    const code = stripComments(readFileSync(path, 'utf8'));
    // Sanity: what remains is the declarations, not nothing.
    assert.match(code, /export (const|class|function|type|interface|\*|\{) /, `${rel}: nothing left after stripping`);
    const hits = code.split('\n')
      .map((line, i) => ({ line: line.trim(), n: i + 1 }))
      .filter(({ line }) => /\bany\b/.test(line));
    assert.deepEqual(hits, [], `${rel} uses \`any\`:\n${hits.map((h) => `  ${h.n}: ${h.line}`).join('\n')}`);
    const internals = code.match(/__wbg_(?!init\b)\w*|__wbindgen\w*|__externref\w*|closures_+invoke\w*/g);
    assert.equal(internals, null, `${rel} names glue internals: ${internals}`);
  }
  // The main surface is all there after stripping.
  const main = stripComments(readFileSync(`${ROOT}pkg/index.d.ts`, 'utf8'));
  for (const decl of [
    /export class IdTokenValidator\b/,
    /validate\(token: string, checks\?: TokenChecks\b[^)]*\): ValidatedIdToken;/,
    /export function isIdTokenError\(value: unknown\): value is IdTokenError;/,
    /export class IdTokenError extends Error\b/,
    /static \[Symbol\.hasInstance\]\(value: unknown\): value is IdTokenError;/,
    /export type IdTokenErrorCode\b/,
    /export function tokenHash\(alg: JwsAlgorithm, value: string\): string;/,
  ]) assert.match(main, decl);
});
