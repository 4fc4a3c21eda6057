// Which make targets install a browser: `make build`, `make demo`,
// `make package` and `make docs` run scripts/setup.sh without --browser;
// the targets that drive Chromium run it with --browser. Read from make's
// dry run (-n), which prints each target's commands without running them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
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
  test(`make ${target} sets up Chromium first`, () => {
    assert.equal(dryRun(target)[0], 'scripts/setup.sh --browser');
  });
}
