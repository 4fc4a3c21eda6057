// make release-check: the repository root is ready to publish as the npm
// package, checked without network:
//   - package.json: name and version (the crate's), no install-time scripts
//     (npm would then run a full dev install for git dependencies), no
//     runtime dependencies, no repository URL of our own invention (the
//     release workflow writes the real one);
//   - every export target exists and is packed; every file of pkg/ but the
//     build's stamp is packed;
//   - `npm pack --dry-run --json` lists exactly the expected files;
//   - `npm pack` is deterministic: the same files at another path give a
//     tarball of the same integrity;
//   - publint (packaging errors in exports/files), strict;
//   - @arethetypeswrong/cli: the types of every entry resolve under node16
//     (ESM) and bundler resolution (profile esm-only: the package is ESM
//     only, so node10 and node16-from-CJS are out of scope);
//   - the crate list of docs/supply-chain.md is current with Cargo.lock.
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const BIN = join(ROOT, 'node_modules/.bin');
const STAMP = '.build-inputs';

const pkg = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const cargo = readFileSync(join(ROOT, 'Cargo.toml'), 'utf8');
const cargoField = (name) => cargo.match(new RegExp(`^${name} = "([^"]*)"`, 'm'))[1];
const failures = [];
const check = (name, fn) => {
  try {
    fn();
    console.log(`release-check: ok   ${name}`);
  } catch (e) {
    failures.push(name);
    console.error(`release-check: FAIL ${name}\n${String(e.message ?? e).replace(/^/gm, '    ')}`);
  }
};

function walk(dir) {
  return readdirSync(dir).flatMap((f) => {
    const p = join(dir, f);
    return statSync(p).isDirectory() ? walk(p) : [relative(ROOT, p)];
  });
}

function packDryRun(cwd) {
  const out = execFileSync('npm', ['pack', '--dry-run', '--json', '--loglevel=error', '--ignore-scripts'], {
    cwd, encoding: 'utf8',
  });
  const [info] = JSON.parse(out);
  return info;
}

const pkgFiles = walk(join(ROOT, 'pkg')).filter((f) => !f.endsWith(STAMP)).sort();
const expected = [...pkgFiles, 'package.json', 'README.md', 'LICENSE-MIT', 'LICENSE-APACHE', 'SECURITY.md'].sort();

check('package.json fields', () => {
  assert.equal(pkg.name, 'idtoken');
  assert.equal(pkg.version, cargoField('version'), 'version differs from Cargo.toml');
  assert.equal(pkg.license, cargoField('license'), 'license differs from Cargo.toml');
  assert.equal(pkg.type, 'module');
  assert.ok(!pkg.private, 'private: the package could not be published');
  const banned = ['build', 'prepack', 'prepare', 'preinstall', 'install', 'postinstall', 'prepublish'];
  const found = banned.filter((s) => pkg.scripts && s in pkg.scripts);
  assert.deepEqual(found, [], `scripts npm runs at install or pack time: ${found.join(', ')}`);
  assert.equal(pkg.dependencies, undefined, 'runtime dependencies: the package ships none');
  assert.equal(pkg.repository, undefined, 'repository: the release workflow writes the real one');
  assert.ok(pkg.engines?.node, 'engines.node');
});

check('exports point at packed files', () => {
  const targets = [];
  const collect = (v) => (typeof v === 'string' ? targets.push(v) : Object.values(v).forEach(collect));
  Object.values(pkg.exports).forEach(collect);
  for (const t of [...targets, pkg.main, pkg.types]) {
    const f = t.replace(/^\.\//, '');
    assert.ok(existsSync(join(ROOT, f)), `${t} does not exist`);
    assert.ok(expected.includes(f), `${t} is not packed`);
  }
});

check('npm pack --dry-run lists exactly the package files', () => {
  const info = packDryRun(ROOT);
  const packed = info.files.map((f) => f.path).sort();
  const missing = expected.filter((f) => !packed.includes(f));
  const extra = packed.filter((f) => !expected.includes(f));
  assert.deepEqual({ missing, extra }, { missing: [], extra: [] });
});

check('npm pack is deterministic (the same files at another path)', () => {
  const a = packDryRun(ROOT);
  const copy = mkdtempSync(join(tmpdir(), 'idtoken-pack-'));
  try {
    for (const f of expected) {
      mkdirSync(join(copy, dirname(f)), { recursive: true });
      cpSync(join(ROOT, f), join(copy, f));
    }
    const b = packDryRun(copy);
    assert.equal(b.integrity, a.integrity, 'the tarball depends on where it is packed');
  } finally {
    rmSync(copy, { recursive: true, force: true });
  }
});

const tool = (name, args) => {
  const r = spawnSync(join(BIN, name), args, {
    cwd: ROOT, encoding: 'utf8', timeout: 300_000, env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  assert.equal(r.error, undefined, `${name} did not run: ${r.error}`);
  assert.equal(r.status, 0, `${name} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r.stdout;
};

check('publint --strict', () => {
  const out = tool('publint', ['--strict']);
  process.stdout.write(`${out.trimEnd().replace(/^/gm, '    ')}\n`);
});

check('attw: types resolve for every entry (node16 ESM, bundler)', () => {
  const wasm = Object.keys(pkg.exports).filter((k) => k.endsWith('.wasm') || k.endsWith('.json'));
  const out = tool('attw', ['--pack', '.', '--profile', 'esm-only', '--format', 'table-flipped',
    '--exclude-entrypoints', ...wasm]);
  process.stdout.write(`${out.trimEnd().replace(/^/gm, '    ')}\n`);
});

check('docs/supply-chain.md lists the crates of Cargo.lock', () => {
  execFileSync('node', [join(ROOT, 'scripts/third-party.mjs'), '--check'], { cwd: ROOT, stdio: 'pipe' });
});

if (failures.length) {
  console.error(`release-check: ${failures.length} failed: ${failures.join('; ')}`);
  process.exit(1);
}
console.log(`release-check: ready to publish (${expected.length} files)`);
