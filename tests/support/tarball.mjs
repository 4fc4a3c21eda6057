// The package as users get it: the repository root packed with `npm pack`
// (what `make package` runs; the built files are in pkg/), installed
// offline into fresh temporary projects.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

export const ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const PKG = join(ROOT, 'pkg');

/** Runs a command; fails the test with its output unless it exits 0. */
export function run(cmd, args, cwd, options = {}) {
  const r = spawnSync(cmd, args, { cwd, encoding: 'utf8', timeout: 180_000, ...options });
  assert.equal(r.error, undefined, `${cmd} did not run: ${r.error}`);
  assert.equal(r.status, 0, `${cmd} ${args.join(' ')} exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** Packs the root into a fresh directory; returns { tgz, dir, close }. */
export function packTarball() {
  assert.ok(existsSync(join(PKG, 'lite', 'idtoken_bg.wasm')), 'pkg/ is not built: run make build');
  const dir = mkdtempSync(join(tmpdir(), 'idtoken-tgz-'));
  const r = run('npm', ['pack', '.', '--pack-destination', dir, '--json', '--loglevel=error'], ROOT);
  const [{ filename }] = JSON.parse(r.stdout);
  const tgz = join(dir, filename);
  assert.ok(existsSync(tgz), `npm pack wrote no ${tgz}`);
  return { tgz, dir, close: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * A fresh project in a temporary directory holding `files` (name → text),
 * a package.json, and the tarball installed offline from the registry-free
 * file (a copy, as from a registry: not a link). Returns { dir, close }.
 */
export function freshProject(prefix, tgz, files = {}) {
  const dir = mkdtempSync(join(tmpdir(), `idtoken-${prefix}-`));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({
    name: `idtoken-${prefix}-test`, private: true, version: '0.0.0', type: 'module',
  }, null, 2));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  run('npm', ['install', '--no-audit', '--no-fund', '--offline', '--loglevel=error', tgz], dir);
  return { dir, close: () => rmSync(dir, { recursive: true, force: true }) };
}
