// Which make targets install a browser: `make build`, `make demo`,
// `make package` and `make docs` run scripts/setup.sh without --browser;
// the targets that drive a browser run it with --browser. Read from make's
// dry run (-n), which prints each target's commands without running them.
// Then the set-up's own check (--check, SETUP_DRY_RUN=1): each browser
// package is looked up with dpkg, and what is missing would be installed
// with one apt-get line, while nothing is installed (apt-get, sudo, npm,
// cargo are stubs that record any call).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdtempSync, readFileSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

function dryRun(target) {
  // Run as a top-level make even under `make test` (no inherited MAKEFLAGS
  // or MAKELEVEL, so no "Entering directory" lines and no jobserver).
  const env = { ...process.env };
  delete env.MAKEFLAGS;
  delete env.MAKELEVEL;
  delete env.MFLAGS;
  const r = spawnSync('make', ['-n', '--no-print-directory', target], { cwd: ROOT, env, encoding: 'utf8', timeout: 30_000 });
  assert.equal(r.status, 0, `make -n ${target} exited ${r.status}:\n${r.stderr}`);
  return r.stdout.split('\n').map((l) => l.trim()).filter(Boolean);
}

for (const target of ['build', 'demo', 'package', 'docs']) {
  test(`make ${target} sets up without a browser`, () => {
    const lines = dryRun(target);
    assert.ok(lines.includes('scripts/setup.sh'), `make ${target} does not run set-up:\n${lines.join('\n')}`);
    assert.equal(lines.some((l) => l.includes('--browser') || /apt-get|chromium/.test(l)), false,
      `make ${target} would install a browser:\n${lines.join('\n')}`);
  });
}

for (const target of ['test-browser', 'test-js', 'test-package', 'test-e2e', 'bench']) {
  test(`make ${target} sets up the browser engines first`, () => {
    assert.equal(dryRun(target)[0], 'scripts/setup.sh --browser');
  });
}

const BROWSER_PACKAGES = ['chromium', 'chromium-driver', 'firefox-esr', 'webkit2gtk-driver', 'xvfb'];

/** Runs scripts/setup.sh `args` with `env`, installing commands stubbed; returns { out, calls }. */
function setupCheck(args, env = {}) {
  const stubs = mkdtempSync(join(tmpdir(), 'idtoken-setup-stubs-'));
  const log = join(stubs, 'calls.log');
  try {
    for (const cmd of ['apt-get', 'sudo', 'npm', 'cargo']) {
      writeFileSync(join(stubs, cmd), `#!/bin/sh\necho "${cmd} $*" >> '${log}'\nexit 1\n`);
      chmodSync(join(stubs, cmd), 0o755);
    }
    const r = spawnSync('scripts/setup.sh', args, {
      cwd: ROOT, encoding: 'utf8', timeout: 60_000,
      env: { ...process.env, ...env, PATH: `${stubs}:${process.env.PATH}` },
    });
    assert.equal(r.status, 0, `setup.sh ${args.join(' ')} exited ${r.status}:\n${r.stdout}${r.stderr}`);
    return { out: r.stdout, calls: existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [] };
  } finally {
    rmSync(stubs, { recursive: true, force: true });
  }
}

/** Whether dpkg has `pkg` installed (what setup.sh asks). */
const installed = (pkg) => /^Status: install ok installed$/m.test(spawnSync('dpkg', ['-s', pkg], { encoding: 'utf8' }).stdout ?? '');

test('setup.sh --browser --check reports each browser package from dpkg and installs nothing', () => {
  const { out, calls } = setupCheck(['--browser', '--check']);
  console.log(out.trim());
  const missing = [];
  for (const pkg of BROWSER_PACKAGES) {
    if (installed(pkg)) assert.match(out, new RegExp(`^setup: ${pkg} present \\(`, 'm'), pkg);
    else {
      assert.match(out, new RegExp(`^setup: ${pkg} missing$`, 'm'), pkg);
      missing.push(pkg);
    }
  }
  if (missing.length) assert.match(out, new RegExp(`would run: (sudo )?env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq ${missing.join(' ')}$`, 'm'));
  else assert.match(out, /^setup: browser engines present: nothing to install$/m);
  assert.deepEqual(calls, [], 'the check ran an installing command');
});

test('SETUP_DRY_RUN=1: packages taken as missing get one apt-get line with exactly them, and nothing runs', () => {
  const { out, calls } = setupCheck(['--browser'], { SETUP_DRY_RUN: '1', SETUP_ASSUME_MISSING: 'firefox-esr xvfb' });
  assert.match(out, /^setup: firefox-esr missing \(SETUP_ASSUME_MISSING\)$/m);
  assert.match(out, /^setup: xvfb missing \(SETUP_ASSUME_MISSING\)$/m);
  assert.match(out, /^setup: would install Debian packages: firefox-esr xvfb /m);
  assert.match(out, /^setup: would run: (sudo )?apt-get update -qq$/m);
  assert.match(out, /^setup: would run: (sudo )?env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq firefox-esr xvfb$/m);
  assert.doesNotMatch(out, /chromium-driver missing|webkit2gtk-driver missing/);
  assert.deepEqual(calls, []);
});

test('without --browser the set-up checks no browser package', () => {
  const { out, calls } = setupCheck(['--check']);
  assert.doesNotMatch(out, /firefox|chromium|webkit|xvfb|apt-get/);
  assert.deepEqual(calls, []);
});
