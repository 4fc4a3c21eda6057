// The tarball itself (what npm pack of pkg/ holds, its manifest), and a
// fresh plain Node project that installs it and validates tokens through
// every entry without calling init: the `node` export condition reads the
// wasm from disk.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ROOT, PKG, freshProject, packTarball, run } from '../support/tarball.mjs';
import { idClaims, mintKey, mintToken, tamperPayload } from '../support/mint.mjs';

const ISSUER = 'https://issuer.node.test';
const CLIENT = 'node-client';
const ADAPTER = existsSync(join(ROOT, 'js/oidc-client-ts.js'));

let tarball;
let project;
let listing;

before(() => {
  tarball = packTarball();
  listing = run('tar', ['-tzf', tarball.tgz], ROOT).stdout.trim().split('\n').map((f) => f.replace(/^package\//, '')).sort();
  project = freshProject('node', tarball.tgz);
});

after(() => {
  project?.close();
  tarball?.close();
});

test('the tarball holds the entries of the three builds, README, licenses, notices and digests, and nothing internal', () => {
  const build = ['idtoken.d.ts', 'idtoken.js', 'idtoken_bg.wasm', 'index.d.ts', 'index.js', 'manual.d.ts', 'manual.js', 'node.js'];
  const expected = [
    'LICENSE-APACHE', 'LICENSE-MIT', 'README.md', 'SECURITY.md', 'package.json',
    ...[...build, ...build.map((f) => `lite/${f}`), ...build.map((f) => `rsa/${f}`),
      ...(ADAPTER ? ['oidc-client-ts.d.ts', 'oidc-client-ts.js'] : []),
      'SHA256SUMS', 'THIRD-PARTY-NOTICES'].map((f) => `pkg/${f}`),
  ].sort();
  assert.deepEqual(listing, expected);
  // SHA256SUMS lists every other file of pkg/, with its digest.
  const sums = readFileSync(join(PKG, 'SHA256SUMS'), 'utf8').trim().split('\n').map((l) => l.split(/\s+\*?/));
  assert.deepEqual(sums.map(([, f]) => `pkg/${f}`).sort(), expected.filter((f) => f.startsWith('pkg/') && f !== 'pkg/SHA256SUMS'));
  for (const [digest, f] of sums) {
    assert.equal(createHash('sha256').update(readFileSync(join(PKG, f))).digest('hex'), digest, `pkg/${f}`);
  }
  assert.match(readFileSync(join(PKG, 'THIRD-PARTY-NOTICES'), 'utf8'), /^p256 0\.14\.\d+ {2}Apache-2\.0 OR MIT/m);
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  for (const needle of ['npm install git+', 'ERR_NOT_READY', 'idtoken/manual', 'idtoken/lite', 'server.fs.allow', 'service worker']) {
    assert.ok(readme.includes(needle), `the package README does not mention ${needle}`);
  }
});

test('package.json: metadata, engines, sideEffects, and an exports map whose every target is in the tarball', () => {
  const m = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const cargo = readFileSync(join(ROOT, 'Cargo.toml'), 'utf8');
  assert.equal(m.name, 'idtoken');
  assert.equal(m.version, cargo.match(/^version = "([^"]+)"/m)[1]);
  assert.equal(m.license, 'MIT OR Apache-2.0');
  assert.equal(m.type, 'module');
  // No invented URL: the release workflow writes the real repository.
  assert.equal(m.repository, undefined);
  assert.ok(m.keywords.includes('oidc') && m.keywords.includes('webassembly'));
  assert.deepEqual(m.engines, { node: '>=20' });
  assert.deepEqual(m.sideEffects.sort(), ['./pkg/index.js', './pkg/lite/index.js', './pkg/lite/node.js', './pkg/node.js', './pkg/rsa/index.js', './pkg/rsa/node.js']);
  assert.deepEqual(Object.keys(m.exports), [
    '.', './manual', './lite', './lite/manual', './rsa', './rsa/manual', ...(ADAPTER ? ['./oidc-client-ts'] : []),
    './idtoken_bg.wasm', './lite/idtoken_bg.wasm', './rsa/idtoken_bg.wasm', './package.json',
  ]);
  for (const entry of ['.', './lite', './rsa']) {
    // types first (TypeScript takes the first matching condition), node before default.
    assert.deepEqual(Object.keys(m.exports[entry]), ['types', 'browser', 'node', 'default']);
    assert.match(m.exports[entry].node, /\/node\.js$/);
  }
  const leaves = (v) => (typeof v === 'string' ? [v] : Object.values(v).flatMap(leaves));
  const targets = leaves(m.exports).map((t) => t.replace(/^\.\//, '')).filter((t) => t !== 'package.json');
  assert.ok(targets.length >= 14, `too few export targets: ${targets}`);
  for (const t of targets) assert.ok(listing.includes(t), `exports names ${t}, which the tarball lacks`);
});

// The app: every entry, by package name, without init. It prints JSON.
const APP = `
import { IdTokenValidator, IdTokenError, tokenHash } from 'idtoken';
import * as lite from 'idtoken/lite';
import * as rsa from 'idtoken/rsa';
import * as manual from 'idtoken/manual';

const { token, tampered, rsaToken, jwks, issuer, clientId, nonce } = JSON.parse(process.argv[2]);
const outcome = (m, t) => {
  const v = new m.IdTokenValidator({ issuer, clientId, jwks });
  try {
    const r = v.validate(t, { nonce });
    return { ok: true, sub: r.claims.sub, alg: r.alg };
  } catch (e) {
    return { ok: false, code: e.code, instance: e instanceof m.IdTokenError };
  } finally {
    v.free();
  }
};
const v = new IdTokenValidator({ issuer, clientId, jwks });
v.free();
let freed;
try { v.validate(token); freed = 'no error'; } catch (e) { freed = e instanceof IdTokenError ? e.code : String(e); }
console.log(JSON.stringify({
  resolved: { main: import.meta.resolve('idtoken'), lite: import.meta.resolve('idtoken/lite'), rsa: import.meta.resolve('idtoken/rsa') },
  full: outcome({ IdTokenValidator, IdTokenError }, token),
  lite: outcome(lite, token),
  rsa: outcome(rsa, rsaToken),
  rsaRefusesEs256: outcome(rsa, token),
  // idtoken/manual is the module the default entry initialised: ready too.
  manual: outcome(manual, token),
  tampered: outcome({ IdTokenValidator, IdTokenError }, tampered),
  freed,
  atHash: tokenHash('ES256', 'access'),
}));
`;

test('a fresh Node project validates tokens through idtoken, idtoken/lite, idtoken/rsa and idtoken/manual without init', async () => {
  writeFileSync(join(project.dir, 'app.mjs'), APP);
  const key = await mintKey('ES256');
  const rsaKey = await mintKey('RS256');
  const claims = idClaims({ issuer: ISSUER, clientId: CLIENT, sub: 'node-user', nonce: 'n-node' });
  const token = await mintToken(key, claims);
  const rsaToken = await mintToken(rsaKey, claims);
  const input = { token, rsaToken, tampered: tamperPayload(token, { ...claims, sub: 'mallory' }), jwks: { keys: [key.jwk, rsaKey.jwk] }, issuer: ISSUER, clientId: CLIENT, nonce: 'n-node' };
  const out = JSON.parse(run(process.execPath, ['app.mjs', JSON.stringify(input)], project.dir).stdout);
  const installed = join(project.dir, 'node_modules/idtoken');
  assert.equal(out.resolved.main, `file://${installed}/pkg/node.js`, 'the node condition picks node.js');
  assert.equal(out.resolved.lite, `file://${installed}/pkg/lite/node.js`);
  assert.equal(out.resolved.rsa, `file://${installed}/pkg/rsa/node.js`);
  const accepted = { ok: true, sub: 'node-user', alg: 'ES256' };
  assert.deepEqual(out.full, accepted);
  assert.deepEqual(out.lite, accepted);
  assert.deepEqual(out.rsa, { ok: true, sub: 'node-user', alg: 'RS256' });
  assert.deepEqual(out.rsaRefusesEs256, { ok: false, code: 'ERR_ALG_NOT_ALLOWED', instance: true });
  assert.deepEqual(out.manual, accepted);
  assert.deepEqual(out.tampered, { ok: false, code: 'ERR_BAD_SIGNATURE', instance: true });
  assert.equal(out.freed, 'ERR_NOT_READY');
  const { createHash } = await import('node:crypto');
  assert.equal(out.atHash, createHash('sha256').update('access').digest().subarray(0, 16).toString('base64url'));
});

test('a fresh Node project with idtoken/manual alone gets ERR_NOT_READY until it calls init', () => {
  writeFileSync(join(project.dir, 'manual-only.mjs'), `
    import init, { decodeUnverified } from 'idtoken/manual';
    import { readFileSync } from 'node:fs';
    let before;
    try { decodeUnverified('a.b.c'); } catch (e) { before = e.code; }
    await init({ module_or_path: readFileSync(new URL(import.meta.resolve('idtoken/idtoken_bg.wasm'))) });
    let after;
    try { decodeUnverified('a.b.c'); } catch (e) { after = e.code; }
    console.log(JSON.stringify({ before, after }));
  `);
  const out = JSON.parse(run(process.execPath, ['manual-only.mjs'], project.dir).stdout);
  assert.deepEqual(out, { before: 'ERR_NOT_READY', after: 'ERR_MALFORMED' });
});
