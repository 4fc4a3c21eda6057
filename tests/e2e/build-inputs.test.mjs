// `make build` (and so `make docs`, `make demo`, `make package`) skips the
// build when pkg/ was built from the same inputs: scripts/build-inputs.sh
// digests them (file contents, tool versions, build environment) and
// scripts/build-pkg.sh records the digest in pkg/.build-inputs. Tested on a
// copy of the inputs in a temporary git checkout, with cargo and
// wasm-bindgen replaced by stubs that log any build call: no real build.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import {
  appendFileSync, chmodSync, cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync,
  unlinkSync, utimesSync, writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
// What the copy needs: the inputs, and what is beside them in a checkout.
const COPIED = ['src', 'js', 'Cargo.toml', 'Cargo.lock', '.cargo', 'rust-toolchain.toml', 'scripts/build-pkg.sh',
  'scripts/build-inputs.sh', 'scripts/third-party.mjs', 'scripts/sizes.mjs', 'package-lock.json', 'LICENSE-MIT',
  'LICENSE-APACHE', '.gitignore', 'README.md'];

let dir;
let stubs;
let log;

function sh(cmd, args, options = {}) {
  const r = spawnSync(cmd, args, { cwd: dir, encoding: 'utf8', timeout: 60_000, ...options });
  assert.equal(r.error, undefined, `${cmd} did not run: ${r.error}`);
  return r;
}

/** The digest, as `scripts/build-inputs.sh` prints it (in the copy). */
function digest(env = {}) {
  const r = sh('scripts/build-inputs.sh', [], { env: { ...process.env, ...env } });
  assert.equal(r.status, 0, r.stderr);
  const d = r.stdout.trim();
  assert.match(d, /^[0-9a-f]{64}$/);
  return d;
}

const check = () => sh('scripts/build-inputs.sh', ['--check', 'pkg']);

/** scripts/build-pkg.sh in the copy, with stubbed cargo and wasm-bindgen; returns its result and the build calls. */
function buildPkg(env = {}) {
  writeFileSync(log, '');
  const r = sh('scripts/build-pkg.sh', [], { env: { ...process.env, PATH: `${stubs}:${process.env.PATH}`, FORCE: '', ...env } });
  return { ...r, calls: readFileSync(log, 'utf8').trim().split('\n').filter(Boolean) };
}

/** A pkg/ as a finished build leaves it: some files and the stamp of the current inputs. */
function fakeBuild() {
  rmSync(join(dir, 'pkg'), { recursive: true, force: true });
  mkdirSync(join(dir, 'pkg/lite'), { recursive: true });
  writeFileSync(join(dir, 'pkg/index.js'), 'export {};\n');
  writeFileSync(join(dir, 'pkg/idtoken_bg.wasm'), 'wasm');
  writeFileSync(join(dir, 'pkg/lite/idtoken_bg.wasm'), 'lite wasm');
  const r = sh('scripts/build-inputs.sh', ['--stamp', 'pkg', digest()]);
  assert.equal(r.status, 0, r.stderr);
}

/** Runs `fn` with `rel` (in the copy) temporarily changed by `change`, restoring it after. */
function withChange(rel, change, fn) {
  const path = join(dir, rel);
  const had = existsSync(path);
  const saved = had ? readFileSync(path) : null;
  try {
    change(path);
    return fn();
  } finally {
    if (had) writeFileSync(path, saved);
    else unlinkSync(path);
  }
}

before(() => {
  dir = mkdtempSync(join(tmpdir(), 'idtoken-inputs-'));
  for (const rel of COPIED) {
    if (existsSync(join(ROOT, rel))) cpSync(join(ROOT, rel), join(dir, rel), { recursive: true });
  }
  // The tools' versions come from the real node_modules (wasm-opt).
  symlinkSync(join(ROOT, 'node_modules'), join(dir, 'node_modules'));
  sh('git', ['init', '-q']);
  sh('git', ['add', '-A']);
  // Stubs: version queries go to the real tools, anything else is a build call.
  stubs = join(dir, '.stubs');
  log = join(stubs, 'calls.log');
  mkdirSync(stubs);
  for (const [tool, version] of [['cargo', '-V'], ['wasm-bindgen', '--version']]) {
    const real = sh('sh', ['-c', `command -v ${tool}`]).stdout.trim();
    assert.ok(real, `${tool} not found`);
    writeFileSync(join(stubs, tool), `#!/bin/sh\nif [ "$1" = "${version}" ]; then exec "${real}" "$@"; fi\necho "${tool} $*" >> "${log}"\nexit 3\n`);
    chmodSync(join(stubs, tool), 0o755);
  }
  // Not an input of the copy's git checkout.
  appendFileSync(join(dir, '.gitignore'), '/.stubs\n');
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

test('the digest is of contents: the same every time, whatever the file times (a fresh clone)', () => {
  const d = digest();
  assert.equal(digest(), d);
  const past = new Date('2001-01-01T00:00:00Z');
  for (const rel of ['src/lib.rs', 'Cargo.toml', 'js/index.js']) utimesSync(join(dir, rel), past, past);
  assert.equal(digest(), d, 'file times changed the digest');
  // --list shows what it hashes: the inputs, the tools, nothing else.
  const list = sh('scripts/build-inputs.sh', ['--list']).stdout;
  for (const input of ['src/lib.rs', 'js/index.d.ts', 'Cargo.lock', '.cargo/config.toml', 'rust-toolchain.toml',
    'scripts/build-pkg.sh', 'scripts/third-party.mjs']) {
    assert.match(list, new RegExp(`^file [0-9a-f]{64} ${input.replace(/\./g, '\\.')}$`, 'm'), `${input} is not an input`);
  }
  for (const tool of ['rustc: release:', 'cargo: cargo ', 'wasm-bindgen: wasm-bindgen ', 'wasm-opt: wasm-opt version', 'node: v']) {
    assert.ok(list.includes(`tool ${tool}`), `no tool line ${tool}`);
  }
  // Not inputs: docs, tests, and the lock file of the JS tooling (wasm-opt's
  // version is a tool line; the rest of the tooling changes no built byte).
  assert.doesNotMatch(list, /^file \S+ (README\.md|tests\/|www\/|package-lock\.json)/m);
});

test('one byte of an input changes the digest; files that are not inputs do not', () => {
  const d = digest();
  withChange('src/lib.rs', (p) => appendFileSync(p, ' '), () => assert.notEqual(digest(), d));
  assert.equal(digest(), d, 'restoring the byte restores the digest');
  withChange('js/manual.d.ts', (p) => writeFileSync(p, readFileSync(p, 'utf8').replace('ERR_', 'ERX')), () => assert.notEqual(digest(), d));
  withChange('Cargo.lock', (p) => appendFileSync(p, '\n'), () => assert.notEqual(digest(), d));
  // A new source file counts before it is committed; ignored files do not.
  withChange('src/new_module.rs', (p) => writeFileSync(p, '// new\n'), () => assert.notEqual(digest(), d));
  withChange('src/lib.rs.swp', (p) => writeFileSync(p, 'editor swap'), () => assert.equal(digest(), d));
  withChange('README.md', (p) => appendFileSync(p, 'more\n'), () => assert.equal(digest(), d));
});

test('the build environment is an input: RUSTFLAGS and CARGO_PROFILE_* change the digest, other variables do not', () => {
  const d = digest({ RUSTFLAGS: '', CARGO_PROFILE_RELEASE_OPT_LEVEL: '' });
  assert.notEqual(digest({ RUSTFLAGS: '-C target-cpu=mvp' }), d);
  assert.notEqual(digest({ CARGO_PROFILE_RELEASE_OPT_LEVEL: 's' }), d);
  assert.equal(digest({ IDTOKEN_UNRELATED: '1' }), digest());
});

test('--check: fresh only when the stamp has the current digest and pkg/ is as the build left it', () => {
  rmSync(join(dir, 'pkg'), { recursive: true, force: true });
  let r = check();
  assert.equal(r.status, 1);
  assert.match(r.stderr, /has no \.build-inputs/);
  fakeBuild();
  r = check();
  assert.equal(r.status, 0, r.stderr);
  withChange('src/lib.rs', (p) => appendFileSync(p, ' '), () => {
    const stale = check();
    assert.equal(stale.status, 1);
    assert.match(stale.stderr, /out of date; changed: src\/lib\.rs/);
  });
  assert.equal(check().status, 0);
  withChange('pkg/lite/idtoken_bg.wasm', (p) => writeFileSync(p, 'edited'), () => {
    assert.match(check().stderr, /was changed .* since it was built/);
  });
  withChange('pkg/extra.js', (p) => writeFileSync(p, ''), () => assert.equal(check().status, 1));
  assert.equal(check().status, 0);
  // The stamp stays out of the npm package (package.json lists the files)
  // and out of git: it describes one machine's build.
  const { files } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  assert.ok(Array.isArray(files) && files.length > 0);
  assert.equal(files.some((f) => f.includes('build-inputs')), false);
  assert.equal(sh('git', ['check-ignore', '-q', 'pkg/.build-inputs']).status, 0, 'git does not ignore pkg/.build-inputs');
});

test('scripts/build-pkg.sh calls neither cargo nor wasm-bindgen when pkg/ is up to date; FORCE=1 or a changed byte builds', () => {
  fakeBuild();
  let r = buildPkg();
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.match(r.stdout, /pkg\/ is up to date/);
  assert.deepEqual(r.calls, []);
  assert.ok(existsSync(join(dir, 'pkg/.build-inputs')), 'the skip removed pkg/');

  // FORCE=1: the build starts (the cargo stub fails it), and pkg/ is left as it was.
  r = buildPkg({ FORCE: '1' });
  assert.notEqual(r.status, 0);
  assert.match(r.calls[0] ?? '', /^cargo build --lib --release --target wasm32-unknown-unknown/);
  assert.equal(check().status, 0, 'a failed build damaged pkg/');

  // A changed input: the build starts.
  withChange('js/index.js', (p) => appendFileSync(p, '\n'), () => {
    r = buildPkg();
    assert.notEqual(r.status, 0);
    assert.match(r.stderr, /out of date; changed: js\/index\.js/);
    assert.match(r.calls[0] ?? '', /^cargo build /);
  });
  assert.equal(buildPkg().calls.length, 0);
});

test('make docs, demo and package get pkg/ through scripts/build-pkg.sh only', () => {
  const env = { ...process.env };
  delete env.MAKEFLAGS;
  delete env.MAKELEVEL;
  delete env.MFLAGS;
  for (const target of ['docs', 'demo', 'package']) {
    const r = spawnSync('make', ['-n', '--no-print-directory', target], { cwd: ROOT, env, encoding: 'utf8', timeout: 30_000 });
    assert.equal(r.status, 0, r.stderr);
    const lines = r.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
    assert.ok(lines.includes('scripts/build-pkg.sh'), `make ${target}:\n${lines.join('\n')}`);
    assert.equal(lines.some((l) => /^(cargo|wasm-bindgen|rm -rf pkg)\b/.test(l)), false, `make ${target} builds directly:\n${lines.join('\n')}`);
  }
  // FORCE given to make reaches the script's environment (a recipe's, here).
  const force = (...args) => spawnSync('make', ['--no-print-directory', '--eval', 'show-force: ; @echo "FORCE=[$$FORCE]"', 'show-force', ...args],
    { cwd: ROOT, env, encoding: 'utf8', timeout: 30_000 }).stdout.trim();
  assert.equal(force('FORCE=1'), 'FORCE=[1]');
  assert.equal(force(), 'FORCE=[]');
});
