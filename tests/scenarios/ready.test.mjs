// Initialisation and lifetime, through the package's entries in Node:
// before init (idtoken/manual) and after free() every call throws an
// IdTokenError with code ERR_NOT_READY; the default and node entries are
// ready on import; `instanceof IdTokenError` recognises the errors thrown
// inside the wasm as well as the ones made in JS. Each "fresh module" case
// runs in its own Node process, so no earlier import has initialised it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { idClaims, mintKey, mintToken } from '../support/mint.mjs';

const PKG = fileURLToPath(new URL('../../pkg/', import.meta.url));
const ERROR_RS = readFileSync(new URL('../../src/error.rs', import.meta.url), 'utf8');
const ISSUER = 'https://issuer.ready.test';
const CLIENT = 'ready-client';

/** Runs `body` (an ES module's text) in a fresh Node; returns its JSON output. */
function fresh(body) {
  assert.ok(existsSync(`${PKG}lite/manual.js`), 'pkg/ is not built: run make build');
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', body], { cwd: PKG, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.status, 0, `node exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
  return JSON.parse(r.stdout);
}

// What each call gives before initialisation: the code, or 'ok'.
const BEFORE_INIT = `
const m = await import(__URL__);
const outcome = async (f) => { try { await f(); return 'ok'; } catch (e) {
  return { code: e.code, name: e.name, instance: e instanceof m.IdTokenError, guard: m.isIdTokenError(e), message: e.message }; } };
const opts = { issuer: 'https://a.example', clientId: 'c', jwks: { keys: [] } };
const out = {
  construct: await outcome(() => new m.IdTokenValidator(opts)),
  discover: await outcome(() => m.IdTokenValidator.discover('https://a.example', 'c')),
  tokenHash: await outcome(() => m.tokenHash('RS256', 'x')),
  decodeUnverified: await outcome(() => m.decodeUnverified('a.b.c')),
};
const { readFileSync } = await import('node:fs');
m.initSync({ module: readFileSync(new URL('idtoken_bg.wasm', __URL__)) });
out.afterInit = await outcome(() => { new m.IdTokenValidator(opts).free(); m.tokenHash('RS256', 'x'); });
console.log(JSON.stringify(out));
`;

for (const dir of ['', 'lite/']) {
  test(`idtoken${dir ? '/lite' : ''}/manual before init: every entry point throws ERR_NOT_READY, then works after initSync`, () => {
    const url = new URL(`${dir}manual.js`, `file://${PKG}`).href;
    const out = fresh(BEFORE_INIT.replaceAll('__URL__', JSON.stringify(url)));
    for (const call of ['construct', 'discover', 'tokenHash', 'decodeUnverified']) {
      const e = out[call];
      assert.equal(e.code, 'ERR_NOT_READY', `${call}: ${JSON.stringify(e)}`);
      assert.equal(e.name, 'IdTokenError');
      assert.equal(e.instance, true, `${call}: not instanceof IdTokenError`);
      assert.equal(e.guard, true);
      assert.match(e.message, /not initialised yet.*init\(\)/);
    }
    assert.equal(out.afterInit, 'ok');
  });
}

test('the Node entry (node.js) is ready on import, without init; init() afterwards is harmless', async () => {
  const out = fresh(`
    const m = await import(${JSON.stringify(`file://${PKG}node.js`)});
    const h = m.tokenHash('RS256', 'access-token');
    await m.default();
    console.log(JSON.stringify({ h, again: m.tokenHash('RS256', 'access-token') }));
  `);
  // An independent at_hash: left half of SHA-256, base64url.
  const { createHash } = await import('node:crypto');
  const expected = createHash('sha256').update('access-token').digest().subarray(0, 16).toString('base64url');
  assert.deepEqual(out, { h: expected, again: expected });
});

test('after free(): validate, validateAsync, setKeys and jwksUri throw ERR_NOT_READY; free() again does nothing', async () => {
  const m = await import(`${PKG}node.js`);
  const key = await mintKey('ES256');
  const token = await mintToken(key, idClaims({ issuer: ISSUER, clientId: CLIENT, sub: 'alice' }));
  const v = new m.IdTokenValidator({ issuer: ISSUER, clientId: CLIENT, jwks: { keys: [key.jwk] } });
  assert.equal(v.validate(token).claims.sub, 'alice');
  v.free();
  const freed = { code: 'ERR_NOT_READY', name: 'IdTokenError', message: /was freed/ };
  assert.throws(() => v.validate(token), freed);
  assert.throws(() => v.setKeys({ keys: [key.jwk] }), freed);
  assert.throws(() => v.jwksUri, freed);
  const pending = v.validateAsync(token);
  assert.ok(pending instanceof Promise, 'validateAsync returns a Promise even after free()');
  await assert.rejects(pending, freed);
  try {
    v.validate(token);
    assert.fail('unreachable');
  } catch (e) {
    assert.ok(e instanceof m.IdTokenError);
    assert.ok(e instanceof Error);
    assert.equal(m.isIdTokenError(e), true);
  }
  v.free();
  assert.throws(() => v.validate(token), freed);
});

test('a `using` block frees the validator at its end (Symbol.dispose)', async (t) => {
  if (!Symbol.dispose) return t.skip('this Node has no Symbol.dispose');
  const m = await import(`${PKG}node.js`);
  const key = await mintKey('EdDSA');
  const token = await mintToken(key, idClaims({ issuer: ISSUER, clientId: CLIENT, sub: 'bob' }));
  const v = new m.IdTokenValidator({ issuer: ISSUER, clientId: CLIENT, jwks: { keys: [key.jwk] } });
  assert.equal(v.validate(token).alg, 'EdDSA');
  v[Symbol.dispose]();
  assert.throws(() => v.validate(token), { code: 'ERR_NOT_READY' });
});

test('instanceof IdTokenError: true for errors thrown inside the wasm, false for look-alikes', async () => {
  const m = await import(`${PKG}node.js`);
  let wasmError;
  try {
    m.decodeUnverified('not a token');
  } catch (e) {
    wasmError = e;
  }
  assert.equal(wasmError.code, 'ERR_MALFORMED');
  assert.ok(wasmError instanceof m.IdTokenError);
  const key = await mintKey('RS256');
  const v = new m.IdTokenValidator({ issuer: ISSUER, clientId: CLIENT, jwks: { keys: [key.jwk] } });
  const expired = await mintToken(key, idClaims({ issuer: ISSUER, clientId: CLIENT, sub: 's', exp: 1000, iat: 900 }));
  await assert.rejects(v.validateAsync(expired), (e) => e instanceof m.IdTokenError && e.code === 'ERR_EXPIRED' && e.claim === 'exp');
  v.free();

  const made = new m.IdTokenError('ERR_NONCE', 'nonce: expected n-1', 'nonce');
  assert.deepEqual({ name: made.name, code: made.code, claim: made.claim, message: made.message },
    { name: 'IdTokenError', code: 'ERR_NONCE', claim: 'nonce', message: 'nonce: expected n-1' });
  assert.ok(made instanceof m.IdTokenError && made instanceof Error);

  const lookalikes = [
    Object.assign(new Error('x'), { name: 'IdTokenError', code: 'ERR_SOMETHING_ELSE' }),
    Object.assign(new Error('x'), { code: 'ERR_MALFORMED' }),
    Object.assign(new TypeError('x'), { name: 'IdTokenError' }),
    { name: 'IdTokenError', code: 'ERR_MALFORMED', message: 'a plain object' },
    null, undefined, 'ERR_MALFORMED',
  ];
  for (const v of lookalikes) {
    assert.equal(v instanceof m.IdTokenError, false, `${JSON.stringify(v)} passed instanceof`);
    assert.equal(m.isIdTokenError(v), false);
  }
});

test('the codes the JS entries recognise are exactly those of src/error.rs', async () => {
  const m = await import(`${PKG}node.js`);
  const rust = [...new Set(ERROR_RS.match(/"ERR_[A-Z_]+"/g))].map((c) => c.slice(1, -1));
  assert.equal(rust.length, 29);
  assert.ok(rust.includes('ERR_NOT_READY'));
  for (const code of rust) {
    assert.equal(m.isIdTokenError(Object.assign(new Error('x'), { name: 'IdTokenError', code })), true, code);
  }
  // And no more: the JS list, read from the entry's source.
  const js = [...new Set(readFileSync(`${PKG}manual.js`, 'utf8').match(/'ERR_[A-Z_]+'/g))].map((c) => c.slice(1, -1));
  assert.deepEqual(js.sort(), rust.sort());
});
