// Options, checks and JWKS objects are read from their own enumerable
// string-keyed properties only (what Object.keys lists), each once. An app
// with a prototype-pollution bug elsewhere (`Object.prototype.jwks = …`)
// must not be able to slip keys, audiences, tolerances or a clock into a
// validator. Each test pollutes Object.prototype (or Array.prototype) for
// one key, checks that the token is refused as if nothing were there, and
// cleans up; this file runs in a process of its own (node --test).
import { test, afterEach } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadPkg } from '../support/pkg.mjs';
import { mintKey, mintToken, idClaims } from '../support/mint.mjs';

const lib = await loadPkg();
const data = JSON.parse(readFileSync(new URL('data/scenarios.json', import.meta.url), 'utf8'));
const scenario = (name) => {
  const s = data.scenarios.find((x) => x.name === name);
  assert.ok(s, `scenario ${name}`);
  return s;
};
const { issuer, clientId, jwks } = data.defaultOptions;

/** Sets `Object.prototype[key]` (or another prototype's) until the test ends. */
const polluted = [];
function pollute(key, value, proto = Object.prototype) {
  Object.defineProperty(proto, key, { value, configurable: true, enumerable: true, writable: true });
  polluted.push([proto, key]);
}
afterEach(() => {
  for (const [proto, key] of polluted.splice(0)) delete proto[key];
});

test('a polluted Object.prototype.jwks is not loaded as keys', async () => {
  const attacker = await mintKey('ES256', 'attacker');
  const forged = await mintToken(attacker, idClaims({ issuer, clientId, sub: 'admin' }));
  pollute('jwks', { keys: [attacker.jwk] });
  // A validator with only jwksUri: without the fix, it took the inherited
  // keys as given ("fresh") and validate accepted the forged token.
  const v = new lib.IdTokenValidator({ issuer, clientId, jwksUri: 'https://op.example.com/jwks' });
  assert.throws(() => v.validate(forged), { code: 'ERR_NO_MATCHING_KEY', message: /found none among 0 keys; no keys are held yet/ });
  // Nor through discover's options merge (no request is made: the issuer is
  // unreachable, and the options are read first).
  const plain = new lib.IdTokenValidator({ issuer, clientId });
  assert.throws(() => plain.validate(forged), { code: 'ERR_NO_MATCHING_KEY', message: /found none among 0 keys/ });
});

test('a polluted Object.prototype.decryptionKeys is not used to decrypt', () => {
  const s = scenario('RSA-OAEP + A128GCM (jose)');
  // With its own decryptionKeys the token validates …
  assert.equal(new lib.IdTokenValidator(s.options).validate(s.token, s.checks).encrypted, true);
  // … with them only inherited, there is no decryption key.
  pollute('decryptionKeys', s.options.decryptionKeys);
  const { decryptionKeys, ...withoutKeys } = s.options;
  assert.equal(Object.hasOwn(withoutKeys, 'decryptionKeys'), false);
  assert.throws(() => new lib.IdTokenValidator(withoutKeys).validate(s.token, s.checks), { code: 'ERR_DECRYPTION' });
});

test('a polluted Object.prototype.clockToleranceSeconds does not widen the tolerance', () => {
  const s = scenario('expired beyond the tolerance');
  pollute('clockToleranceSeconds', 1e9);
  assert.throws(() => new lib.IdTokenValidator(data.defaultOptions).validate(s.token, s.checks), { code: 'ERR_EXPIRED' });
  // The same value given as an own option is read (the test can fail).
  assert.equal(new lib.IdTokenValidator({ ...data.defaultOptions, clockToleranceSeconds: 1e9 }).validate(s.token, s.checks).alg, 'ES256');
});

test('a polluted Object.prototype.trustedAudiences does not trust an extra audience', () => {
  const s = scenario('aud holds an untrusted extra audience');
  const extra = JSON.parse(Buffer.from(s.token.split('.')[1], 'base64url')).aud.find((a) => a !== clientId);
  pollute('trustedAudiences', [extra]);
  assert.throws(() => new lib.IdTokenValidator(data.defaultOptions).validate(s.token, s.checks), { code: 'ERR_AUDIENCE' });
  // As an own option it is trusted (the test can fail).
  assert.equal(new lib.IdTokenValidator({ ...data.defaultOptions, trustedAudiences: [extra] }).validate(s.token, s.checks).alg, 'ES256');
});

test('a polluted Object.prototype.now does not move the clock of checks', () => {
  const s = scenario('ES256 valid (jose)');
  const { now, ...checks } = s.checks;
  pollute('now', now);
  // The scenario token expired in 2023: only an own `now` makes it valid.
  assert.throws(() => new lib.IdTokenValidator(data.defaultOptions).validate(s.token, checks), { code: 'ERR_EXPIRED' });
  assert.equal(new lib.IdTokenValidator(data.defaultOptions).validate(s.token, { ...checks, now }).alg, 'ES256');
});

test('no inherited option or check of any name is read', () => {
  const s = scenario('ES256 valid (jose)');
  // Every option and check key, polluted with a value of the wrong type: an
  // inherited value would be read and refused with ERR_INVALID_OPTIONS.
  const keys = ['issuer', 'clientId', 'jwks', 'jwksUri', 'algorithms', 'clockToleranceSeconds', 'maxTokenAgeSeconds',
    'trustedAudiences', 'decryptionKeys', 'requireEncryption', 'jwksCooldownSeconds', 'jwksCacheMaxAgeSeconds',
    'fetchTimeoutSeconds', 'nonce', 'accessToken', 'code', 'state', 'requireAtHash', 'requireCHash', 'requireSHash',
    'maxAge', 'previousClaims', 'acrValues', 'requiredAmr', 'now'];
  for (const key of keys) pollute(key, 7n);
  const v = new lib.IdTokenValidator({ issuer, clientId, jwks });
  assert.equal(v.validate(s.token, { nonce: s.checks.nonce, now: s.checks.now }).alg, 'ES256');
  // A required option that is only inherited is missing.
  assert.throws(() => new lib.IdTokenValidator(Object.assign(Object.create({ issuer }), { clientId, jwks })), { code: 'ERR_INVALID_OPTIONS', message: 'options: "issuer" is required' });
});

test('JWKS objects are read from own properties: no inherited keys array, no toJSON, no array holes', async () => {
  const s = scenario('ES256 valid (jose)');
  const attacker = await mintKey('ES256', 'attacker');
  const forged = await mintToken(attacker, idClaims({ issuer, clientId, sub: 'admin' }));
  const own = { keys: [...jwks.keys] };

  // `keys` only inherited: not a JWKS.
  pollute('keys', [attacker.jwk]);
  assert.throws(() => new lib.IdTokenValidator({ issuer, clientId, jwks: {} }), { code: 'ERR_INVALID_OPTIONS', message: /"keys" array/ });
  delete Object.prototype.keys;

  // An inherited toJSON (JSON.stringify would call it) is never called.
  let called = false;
  pollute('toJSON', function toJSON() { called = true; return { keys: [attacker.jwk] }; });
  let v = new lib.IdTokenValidator({ issuer, clientId, jwks: own });
  assert.equal(called, false);
  assert.throws(() => v.validate(forged), { code: 'ERR_NO_MATCHING_KEY' });
  assert.equal(v.validate(s.token, s.checks).alg, 'ES256');
  v.setKeys(own);
  assert.equal(called, false);
  assert.throws(() => v.validate(forged), { code: 'ERR_NO_MATCHING_KEY' });

  // A hole in an array is null, as JSON.stringify writes it on a clean
  // realm, never filled from a polluted Array.prototype.
  pollute('0', attacker.jwk, Array.prototype);
  const holey = { keys: new Array(1 + jwks.keys.length) };
  jwks.keys.forEach((k, i) => { holey.keys[i + 1] = k; });
  v = new lib.IdTokenValidator({ issuer, clientId, jwks: holey });
  assert.throws(() => v.validate(forged), { code: 'ERR_NO_MATCHING_KEY' });
  assert.equal(v.validate(s.token, s.checks).alg, 'ES256');
  const algorithms = new Array(2);
  algorithms[1] = 'ES256';
  assert.throws(() => new lib.IdTokenValidator({ issuer, clientId, jwks, algorithms }), { code: 'ERR_INVALID_OPTIONS', message: 'options: "algorithms" expected an array of strings, found a hole at index 0' });
});

test('each option value is read once, and a JWKS document the same as JSON.stringify writes it', () => {
  const s = scenario('ES256 valid (jose)');
  const reads = {};
  const counted = (o) => new Proxy(o, { get(t, k, r) { if (typeof k === 'string') reads[k] = (reads[k] ?? 0) + 1; return Reflect.get(t, k, r); } });
  const v = new lib.IdTokenValidator(counted({ issuer, clientId, jwks, clockToleranceSeconds: 5 }));
  assert.deepEqual(reads, { issuer: 1, clientId: 1, jwks: 1, clockToleranceSeconds: 1 });
  for (const k of Object.keys(reads)) delete reads[k];
  v.validate(s.token, counted({ ...s.checks }));
  assert.deepEqual(reads, { now: 1, nonce: 1 });
  // Strings with quotes, backslashes and control characters, numbers and
  // nesting come through as JSON.stringify would write them.
  const claims = JSON.parse(Buffer.from(s.token.split('.')[1], 'base64url'));
  const previous = { ...claims, odd: 'q"b\\s\n\u0001é𝄞', n: [1.5, -0, 1e21, 12345678901234567890], deep: { a: [null, true, false, {}] } };
  const r = v.validate(s.token, { ...s.checks, previousClaims: previous });
  assert.equal(r.alg, 'ES256');
  // As with JSON.stringify, undefined, functions and symbols are left out
  // and non-finite numbers are null; a BigInt is refused.
  for (const odd of [undefined, () => 1, Symbol('x'), NaN, Infinity]) {
    assert.equal(v.validate(s.token, { ...s.checks, previousClaims: { ...claims, x: odd, y: [odd] } }).alg, 'ES256', String(odd));
  }
  assert.throws(() => v.validate(s.token, { ...s.checks, previousClaims: { ...claims, x: 1n } }), { code: 'ERR_INVALID_OPTIONS', message: 'previousClaims: expected JSON values only, found bigint' });
  // What is written is what the core reads: a changed sub is a mismatch.
  assert.throws(() => v.validate(s.token, { ...s.checks, previousClaims: { ...claims, sub: 'someone-else' } }), { code: 'ERR_REFRESH_MISMATCH' });
  // A cycle is refused (as too deep), not followed forever.
  const cycle = { keys: [] };
  cycle.keys.push(cycle);
  assert.throws(() => v.setKeys(cycle), { code: 'ERR_INVALID_OPTIONS', message: /^jwks: expected JSON nested at most 32 deep/ });
});
