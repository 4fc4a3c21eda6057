// Installing the package straight from the repository, as an app would
// without a registry: `npm install git+file://<this repository>` in fresh
// Node and Vite projects, on a PATH without cargo or rustc (no Rust, no
// build step: what gets installed is pkg/ as committed at HEAD). The Node
// project validates the OpenID Connect Core Appendix A.2 token without
// init; the Vite project builds with the wasm as an asset.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { ROOT, run } from '../support/tarball.mjs';

const VECTORS = JSON.parse(readFileSync(join(ROOT, 'tests/vectors/data/oidc-core-appendix-a.json'), 'utf8'));
const APP = new URL('./app/', import.meta.url);
const VITE = join(ROOT, 'node_modules/.bin/vite');

// Only the directories of node, npm and git: no ~/.cargo/bin, no rustup.
const PATH = [...new Set([process.execPath, '/usr/bin/npm', run('sh', ['-c', 'command -v git'], ROOT).stdout.trim()]
  .map((p) => dirname(p)))].join(':');
const ENV = { HOME: process.env.HOME, PATH, CARGO_HOME: '/nonexistent', RUSTUP_HOME: '/nonexistent', npm_config_cache: process.env.npm_config_cache ?? join(process.env.HOME, '.npm') };

let dirs = [];
let project;

function fresh(prefix) {
  const dir = mkdtempSync(join(tmpdir(), `idtoken-git-${prefix}-`));
  dirs.push(dir);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `idtoken-git-${prefix}`, private: true, version: '0.0.0', type: 'module' }));
  const r = spawnSync('npm', ['install', '--no-audit', '--no-fund', '--offline', '--loglevel=error', `git+file://${ROOT}`],
    { cwd: dir, env: ENV, encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.status, 0, `npm install git+file:// failed:\n${r.stdout}\n${r.stderr}`);
  return dir;
}

before(() => {
  const committed = run('git', ['ls-files', '--', 'pkg/SHA256SUMS', 'pkg/idtoken_bg.wasm', 'pkg/node.js'], ROOT).stdout.trim().split('\n');
  assert.equal(committed.length, 3, 'pkg/ is not committed: git+ installs get only what HEAD holds');
  project = fresh('node');
});

after(() => {
  for (const d of dirs) rmSync(d, { recursive: true, force: true });
});

test('the PATH of these installs has no cargo and no rustc', () => {
  for (const tool of ['cargo', 'rustc', 'rustup']) {
    const r = spawnSync('sh', ['-c', `command -v ${tool}`], { env: ENV, encoding: 'utf8' });
    assert.notEqual(r.status, 0, `${tool} is on the PATH: ${r.stdout}`);
  }
});

test('npm installed pkg/ as committed, without building (no Rust, no dev dependencies)', () => {
  const installed = join(project, 'node_modules/idtoken');
  const head = (f) => spawnSync('git', ['show', `HEAD:${f}`], { cwd: ROOT, maxBuffer: 16 << 20 }).stdout;
  for (const f of ['pkg/idtoken_bg.wasm', 'pkg/rsa/idtoken_bg.wasm', 'pkg/index.js', 'pkg/SHA256SUMS']) {
    assert.ok(readFileSync(join(installed, f)).equals(head(f)), `${f} differs from HEAD's`);
  }
  assert.equal(existsSync(join(installed, 'src')), false, 'sources were installed');
  assert.equal(existsSync(join(installed, 'node_modules')), false, 'dev dependencies were installed');
  // The installed copy checks against its own digest list.
  const r = spawnSync('sha256sum', ['-c', '--quiet', 'SHA256SUMS'], { cwd: join(installed, 'pkg'), encoding: 'utf8' });
  assert.equal(r.status, 0, r.stdout + r.stderr);
});

test('Node validates the OpenID Connect Core A.2 token without init, and refuses it tampered', () => {
  const a2 = VECTORS.tokens['A.2 (response_type=id_token)'].token;
  const [h, p, s] = a2.split('.');
  const claims = JSON.parse(Buffer.from(p, 'base64url'));
  const tampered = [h, Buffer.from(JSON.stringify({ ...claims, sub: 'mallory' })).toString('base64url'), s].join('.');
  writeFileSync(join(project, 'app.mjs'), `
    import { IdTokenValidator, IdTokenError } from 'idtoken';
    const [input] = process.argv.slice(2);
    const { token, tampered, key, issuer, clientId, nonce, now } = JSON.parse(input);
    const v = new IdTokenValidator({ issuer, clientId, jwks: { keys: [key] } });
    const { claims, alg, kid } = v.validate(token, { nonce, now });
    let refused = null;
    try { v.validate(tampered, { nonce, now }); } catch (e) { refused = e instanceof IdTokenError ? e.code : String(e); }
    console.log(JSON.stringify({ sub: claims.sub, alg, kid, refused }));
  `);
  const input = { token: a2, tampered, key: VECTORS.key, issuer: VECTORS.issuer, clientId: VECTORS.clientId, nonce: VECTORS.nonce, now: VECTORS.validAt };
  const r = spawnSync(process.execPath, ['app.mjs', JSON.stringify(input)], { cwd: project, env: ENV, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), { sub: '248289761001', alg: 'RS256', kid: '1e9gdk7', refused: 'ERR_BAD_SIGNATURE' });
});

test('a Vite project installed the same way builds, with the wasm as an asset', () => {
  assert.ok(existsSync(VITE), `${VITE} missing: run npm ci`);
  const dir = fresh('vite');
  cpSync(APP, dir, { recursive: true });
  run(VITE, ['build', dir, '--logLevel', 'warn'], dir);
  const assets = readdirSync(join(dir, 'dist/assets'));
  const wasm = assets.filter((f) => f.endsWith('.wasm'));
  assert.equal(wasm.length, 1, `expected one .wasm in dist/assets: ${assets}`);
  assert.ok(readFileSync(join(dir, 'dist/assets', wasm[0])).equals(readFileSync(join(dir, 'node_modules/idtoken/pkg/idtoken_bg.wasm'))));
  assert.ok(assets.filter((f) => f.endsWith('.js')).some((f) => readFileSync(join(dir, 'dist/assets', f), 'utf8').includes(wasm[0])));
});
