// pkg/ is committed and must be what the sources build, byte for byte, on
// any machine with the same toolchain:
//   - the wasm holds no path of the machine that built it (`strings`);
//   - a checkout of HEAD at another path (a git worktree sharing this
//     target directory) builds exactly the committed pkg/: make verify
//     passes there;
//   - one changed source byte makes make verify fail, naming the files.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, realpathSync, rmSync, symlinkSync } from 'node:fs';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { ROOT, run } from '../support/tarball.mjs';

const WASM = ['pkg/idtoken_bg.wasm', 'pkg/lite/idtoken_bg.wasm', 'pkg/rsa/idtoken_bg.wasm'];
const TARGET = realpathSync(process.env.CARGO_TARGET_DIR ?? join(ROOT, 'target'));

test('the wasm of every build names no path of the build machine', () => {
  const cargoHome = realpathSync(process.env.CARGO_HOME ?? join(homedir(), '.cargo'));
  const machine = [realpathSync(ROOT).replace(/\/$/, ''), cargoHome, realpathSync(homedir()), TARGET, realpathSync(tmpdir())];
  for (const f of WASM) {
    const strings = run('strings', ['-n', '4', join(ROOT, f)], ROOT, { maxBuffer: 64 << 20 }).stdout;
    for (const p of machine) assert.ok(!strings.includes(`${p}/`), `${f} contains ${p}/`);
    // Source paths (panic locations of the crates) are remapped or relative.
    const paths = [...new Set(strings.match(/\/?[\w.-]+(?:\/[\w.-]+)+\.rs/g) ?? [])];
    assert.ok(paths.length > 0, `${f}: no source path found, so this check would prove nothing`);
    // /rustc/<commit>/ and /rust/deps/ are the paths std was built with by the Rust project itself.
    const foreign = paths.filter((p) => p.startsWith('/') && !/^\/(cargo|target|rustc|rust\/deps)\//.test(p));
    assert.deepEqual(foreign, [], `${f}: absolute paths that are not remapped`);
  }
});

let worktree;

before(() => {
  worktree = join(mkdtempSync(join(tmpdir(), 'idtoken-verify-')), 'idtoken');
  run('git', ['worktree', 'add', '--detach', '--quiet', worktree, 'HEAD'], ROOT);
  symlinkSync(join(ROOT, 'node_modules'), join(worktree, 'node_modules'));
});

after(() => {
  if (!worktree) return;
  spawnSync('git', ['worktree', 'remove', '--force', worktree], { cwd: ROOT });
  rmSync(join(worktree, '..'), { recursive: true, force: true });
  spawnSync('git', ['worktree', 'prune'], { cwd: ROOT });
});

const verify = () => spawnSync('scripts/verify-pkg.sh', [], {
  cwd: worktree, encoding: 'utf8', timeout: 1_200_000, env: { ...process.env, CARGO_TARGET_DIR: TARGET, FORCE: '' },
});

test('a checkout of HEAD at another path builds the committed pkg/ byte for byte (make verify passes)', () => {
  const r = verify();
  assert.equal(r.status, 0, `verify failed at ${worktree}:\n${r.stdout.slice(-3000)}\n${r.stderr.slice(-3000)}`);
  assert.match(r.stdout, /verify: pkg\/ is what the sources build/);
});

test('one changed source byte makes make verify fail, with one line naming the files', () => {
  appendFileSync(join(worktree, 'js/manual.js'), '//\n');
  const r = verify();
  assert.equal(r.status, 1, `verify passed after a source change:\n${r.stdout.slice(-2000)}`);
  const line = r.stderr.trim().split('\n').at(-1);
  assert.match(line, /^verify: a fresh build differs from the committed pkg\/ in: .*; run make build and commit pkg\/$/);
  const files = line.slice(line.indexOf(' in: ') + 5, line.indexOf(';')).split(' ');
  assert.deepEqual(files.sort(), ['pkg/SHA256SUMS', 'pkg/lite/manual.js', 'pkg/manual.js', 'pkg/rsa/manual.js']);
});
