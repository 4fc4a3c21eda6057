// The scenarios of data/scenarios.json through the JS API of pkg/ in Node,
// and the API's own contract: error shape, sync results, setKeys,
// tokenHash, decodeUnverified.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadPkg } from '../support/pkg.mjs';
import { runAll, runScenario } from './runner.mjs';

const data = JSON.parse(readFileSync(new URL('data/scenarios.json', import.meta.url), 'utf8'));
const API_CODES = [...new Set(readFileSync(new URL('../../src/error.rs', import.meta.url), 'utf8').match(/"ERR_[A-Z_]+"/g))].map((c) => c.slice(1, -1));
const lib = await loadPkg();

test('every scenario gives its expected outcome', () => {
  const { total, failures, codes } = runAll(lib, data);
  console.log(`scenarios: ${total - failures.length}/${total} as expected; error codes produced: ${codes.length}`);
  assert.deepEqual(failures, []);
});

test('every error code except the network ones and ERR_NOT_READY is produced by a scenario', () => {
  const { codes } = runAll(lib, data);
  // ERR_NOT_READY is the JS entries' (tests/scenarios/ready.test.mjs).
  const elsewhere = ['ERR_JWKS_FETCH', 'ERR_DISCOVERY', 'ERR_NOT_READY'];
  assert.equal(API_CODES.length, 29);
  assert.deepEqual(codes, API_CODES.filter((c) => !elsewhere.includes(c)).sort());
});

const opts = data.defaultOptions;
const okScenario = data.scenarios.find((s) => s.name === 'ES256 valid (jose)');

test('validate returns the result itself with header, claims, kid, alg, encrypted', () => {
  const v = new lib.IdTokenValidator(opts);
  const r = v.validate(okScenario.token, okScenario.checks);
  assert.equal(typeof r.then, 'undefined');
  assert.deepEqual(Object.keys(r).sort(), ['alg', 'claims', 'encrypted', 'header', 'kid']);
  assert.equal(r.header.alg, 'ES256');
  assert.equal(r.claims.iss, opts.issuer);
  assert.equal(r.claims.nonce, okScenario.checks.nonce);
  assert.equal(r.kid, 'p256-1');
  assert.equal(r.encrypted, false);
  assert.ok(!(r.claims instanceof Map));
});

test('the clock is the current time unless checks.now overrides it', () => {
  const v = new lib.IdTokenValidator(opts);
  // The scenario tokens expired in 2023: without `now` they are expired today.
  const { now, ...checks } = okScenario.checks;
  assert.throws(() => v.validate(okScenario.token, checks), { code: 'ERR_EXPIRED', claim: 'exp' });
  assert.equal(v.validate(okScenario.token, { ...checks, now }).alg, 'ES256');
});

// The ISO 8601 UTC form of an instant, by JavaScript's own calendar.
const iso = (seconds) => new Date(Math.floor(seconds) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

test('time messages give each instant in seconds and as an ISO 8601 UTC time', () => {
  const cases = [
    ['expired beyond the tolerance', 'ERR_EXPIRED', 'exp', (c, now) => `exp: expected a time after now less 60 s tolerance, found exp ${c.exp} (${iso(c.exp)}), expired ${now - c.exp} s before now ${now} (${iso(now)})`],
    ['nbf beyond the tolerance', 'ERR_NOT_YET_VALID', 'nbf', (c, now) => `nbf: expected a time before now plus 60 s tolerance, found nbf ${c.nbf} (${iso(c.nbf)}), ${c.nbf - now} s after now ${now} (${iso(now)})`],
    ['iat in the future beyond the tolerance', 'ERR_IAT', 'iat', (c, now) => `iat: expected a time before now plus 60 s tolerance, found iat ${c.iat} (${iso(c.iat)}), ${c.iat - now} s after now ${now} (${iso(now)})`],
    ['iat older than maxTokenAgeSeconds', 'ERR_IAT', 'iat', (c, now, s) => `iat: expected a token at most ${s.options.maxTokenAgeSeconds} s old (plus 60 s tolerance), found iat ${c.iat} (${iso(c.iat)}), ${now - c.iat} s before now ${now} (${iso(now)})`],
    ['maxAge exceeded beyond the tolerance', 'ERR_AUTH_TIME', 'auth_time', (c, now, s) => `auth_time: expected an authentication at most ${s.checks.maxAge} s ago (plus 60 s tolerance), found auth_time ${c.auth_time} (${iso(c.auth_time)}), ${now - c.auth_time} s before now ${now} (${iso(now)})`],
  ];
  for (const [name, code, claim, expected] of cases) {
    const s = data.scenarios.find((x) => x.name === name);
    assert.ok(s, name);
    const c = lib.decodeUnverified(s.token).claims;
    const v = new lib.IdTokenValidator(s.options ?? opts);
    assert.throws(() => v.validate(s.token, s.checks), { code, claim, message: expected(c, s.checks.now, s) }, name);
  }
});

test('setKeys replaces the held keys; a bad JWKS leaves them as they were', () => {
  const v = new lib.IdTokenValidator({ ...opts, jwks: { keys: [] } });
  assert.throws(() => v.validate(okScenario.token, okScenario.checks), { code: 'ERR_NO_MATCHING_KEY' });
  v.setKeys(opts.jwks);
  assert.equal(v.validate(okScenario.token, okScenario.checks).kid, 'p256-1');
  assert.throws(() => v.setKeys('{"nope":1}'), { name: 'IdTokenError', code: 'ERR_INVALID_OPTIONS' });
  assert.equal(v.validate(okScenario.token, okScenario.checks).kid, 'p256-1');
  v.setKeys(JSON.stringify({ keys: [] }));
  assert.throws(() => v.validate(okScenario.token, okScenario.checks), { code: 'ERR_NO_MATCHING_KEY' });
});

test('errors are IdTokenErrors with code, claim and a message that says expected and found', () => {
  const s = data.scenarios.find((x) => x.name === 'iss of another provider');
  const out = runScenario(lib, s, opts);
  assert.equal(out.name, 'IdTokenError');
  assert.equal(out.claim, 'iss');
  assert.match(out.message, /expected "https:\/\/op\.example\.com", found "https:\/\/evil\.example\.com"/);
  const v = new lib.IdTokenValidator(opts);
  try {
    v.validate('x.y');
    assert.fail('no throw');
  } catch (e) {
    assert.ok(lib.isIdTokenError(e));
    assert.ok(e instanceof Error);
    assert.equal(e.claim, undefined);
  }
  assert.equal(lib.isIdTokenError(new Error('x')), false);
  assert.equal(lib.isIdTokenError({ name: 'IdTokenError', code: 'ERR_MALFORMED' }), false);
});

test('tokenHash matches OIDC Core and refuses unknown algorithms', () => {
  assert.equal(lib.tokenHash('RS256', 'jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y'), '77QmUPtjPfzWtF2AnpK9RQ');
  assert.equal(lib.tokenHash('ES384', 'x').length, 32);
  assert.equal(lib.tokenHash('EdDSA', 'x'), lib.tokenHash('PS512', 'x'));
  assert.throws(() => lib.tokenHash('HS256', 'x'), { code: 'ERR_ALG_NOT_ALLOWED' });
});

test('decodeUnverified decodes without checking, and refuses what is not a JWS', () => {
  const expired = data.scenarios.find((x) => x.name === 'expired beyond the tolerance');
  const d = lib.decodeUnverified(expired.token);
  assert.equal(d.header.alg, 'ES256');
  assert.equal(d.claims.sub, 'user-1');
  const tampered = data.scenarios.find((x) => x.name === 'ES256 tampered payload');
  assert.equal(lib.decodeUnverified(tampered.token).claims.sub, 'admin');
  assert.throws(() => lib.decodeUnverified('a.b'), { code: 'ERR_MALFORMED' });
  const jwe = data.scenarios.find((x) => x.name === 'a JWE with no decryption key');
  assert.throws(() => lib.decodeUnverified(jwe.token), { code: 'ERR_DECRYPTION' });
});

test('every decryption failure says the same thing (no oracle)', () => {
  const failures = data.scenarios.filter((s) => s.expect.code === 'ERR_DECRYPTION');
  const messages = new Set(failures.map((s) => runScenario(lib, s, opts).message));
  assert.ok(failures.length >= 10, `${failures.length} decryption failures`);
  assert.equal(messages.size, 1, [...messages].join(' | '));
});

test('a check or option present with null or undefined is refused, never read as "not set"', () => {
  const v = new lib.IdTokenValidator(opts);
  const { token, checks } = okScenario;
  for (const key of ['nonce', 'accessToken', 'code', 'state', 'maxAge', 'acrValues', 'requiredAmr', 'previousClaims', 'requireAtHash', 'now']) {
    for (const empty of [null, undefined]) {
      assert.throws(() => v.validate(token, { ...checks, [key]: empty }), { name: 'IdTokenError', code: 'ERR_INVALID_OPTIONS' }, `${key}: ${empty}`);
    }
  }
  // The fail-open pattern this prevents: no nonce stored, getItem gives null.
  const stored = null;
  assert.throws(() => v.validate(token, { now: checks.now, nonce: stored }), { code: 'ERR_INVALID_OPTIONS' });
  for (const key of ['algorithms', 'requireEncryption', 'jwks', 'clockToleranceSeconds', 'trustedAudiences']) {
    assert.throws(() => new lib.IdTokenValidator({ ...opts, [key]: null }), { code: 'ERR_INVALID_OPTIONS' }, key);
  }
});

test('arguments of the wrong type give IdTokenErrors, and Promises from the async API', async () => {
  const v = new lib.IdTokenValidator(opts);
  for (const bad of [undefined, null, 123, {}, ['a.b.c']]) {
    assert.throws(() => v.validate(bad, okScenario.checks), { name: 'IdTokenError', code: 'ERR_MALFORMED' }, String(bad));
    const p = v.validateAsync(bad, okScenario.checks);
    assert.ok(p instanceof Promise);
    await assert.rejects(p, { name: 'IdTokenError', code: 'ERR_MALFORMED' });
    assert.throws(() => lib.decodeUnverified(bad), { code: 'ERR_MALFORMED' });
  }
  const d = lib.IdTokenValidator.discover(undefined, 'c');
  assert.ok(d instanceof Promise);
  await assert.rejects(d, { name: 'IdTokenError', code: 'ERR_INVALID_OPTIONS' });
  await assert.rejects(lib.IdTokenValidator.discover('https://op.example.com', 7), { code: 'ERR_INVALID_OPTIONS' });
  assert.throws(() => lib.tokenHash(5, 'x'), { code: 'ERR_ALG_NOT_ALLOWED' });
  assert.throws(() => lib.tokenHash('RS256', null), { code: 'ERR_INVALID_OPTIONS' });
  await assert.rejects(v.validateAsync(okScenario.token, { nonse: 1 }), { code: 'ERR_INVALID_OPTIONS' });
});

test('a token with a "Bearer " prefix is refused with a message that says so, without echoing the token', async () => {
  const v = new lib.IdTokenValidator(opts);
  const hint = /^token: expected the compact token alone, found a "Bearer " prefix .*: pass the token without the "Bearer " prefix$/;
  for (const prefix of ['Bearer ', 'bearer ', 'BEARER\t', 'Bearer \n ']) {
    const token = prefix + okScenario.token;
    for (const call of [() => v.validate(token, okScenario.checks), () => lib.decodeUnverified(token)]) {
      assert.throws(call, (e) => {
        assert.equal(e.code, 'ERR_MALFORMED');
        assert.match(e.message, hint);
        assert.ok(!e.message.includes(okScenario.token.split('.')[0]), e.message);
        return true;
      }, JSON.stringify(prefix));
    }
    await assert.rejects(v.validateAsync(token, okScenario.checks), { code: 'ERR_MALFORMED', message: hint });
  }
  // Without the prefix the same token is valid.
  assert.equal(v.validate(okScenario.token, okScenario.checks).alg, 'ES256');
});

test('a huge token is refused before it is copied into wasm memory', async () => {
  const { wasm } = await import('../support/pkg.mjs');
  const v = new lib.IdTokenValidator(opts);
  const before = wasm.memory.buffer.byteLength;
  for (const huge of ['é'.repeat(5_000_000), 'a'.repeat(10_000_000)]) {
    assert.throws(() => v.validate(huge), { code: 'ERR_MALFORMED' });
    await assert.rejects(v.validateAsync(huge), { code: 'ERR_MALFORMED' });
  }
  const grown = wasm.memory.buffer.byteLength - before;
  assert.ok(grown <= 1 << 20, `wasm memory grew by ${grown} bytes`);
});

test('options and checks that cannot be read give IdTokenErrors', () => {
  const v = new lib.IdTokenValidator(opts);
  const getter = { now: okScenario.checks.now, get nonce() { throw new Error('boom'); } };
  assert.throws(() => v.validate(okScenario.token, getter), { name: 'IdTokenError', code: 'ERR_INVALID_OPTIONS' });
  const list = new Proxy(['ES256'], { get(t, k) { if (k === '0') throw new Error('boom'); return t[k]; } });
  assert.throws(() => new lib.IdTokenValidator({ ...opts, algorithms: list }), { name: 'IdTokenError', code: 'ERR_INVALID_OPTIONS' });
  const proxy = new Proxy({}, { ownKeys() { throw new Error('boom'); } });
  assert.throws(() => v.validate(okScenario.token, proxy), { name: 'IdTokenError', code: 'ERR_INVALID_OPTIONS' });
  assert.throws(() => new lib.IdTokenValidator(proxy), { name: 'IdTokenError', code: 'ERR_INVALID_OPTIONS' });
});

test('a value of the wrong JS type names the key, the type expected and the type found', () => {
  const refused = (options, message) => assert.throws(() => new lib.IdTokenValidator(options), { code: 'ERR_INVALID_OPTIONS', message }, message);
  refused({ ...opts, clientId: 42 }, 'options: "clientId" expected a string, found number');
  refused({ ...opts, requireEncryption: 'yes' }, 'options: "requireEncryption" expected a boolean, found string');
  refused({ ...opts, clockToleranceSeconds: '60' }, 'options: "clockToleranceSeconds" expected a number, found string');
  refused({ ...opts, maxTokenAgeSeconds: 10n }, 'options: "maxTokenAgeSeconds" expected a number, found bigint');
  refused({ ...opts, algorithms: 'ES256' }, 'options: "algorithms" expected an array of strings, found string');
  // Arrays only: a Set (or other iterable) is not a string[].
  refused({ ...opts, algorithms: new Set(['ES256']) }, 'options: "algorithms" expected an array of strings, found object');
  refused({ ...opts, trustedAudiences: ['a', 1] }, 'options: "trustedAudiences" expected an array of strings, found number at index 1');
  refused({ clientId: 'c' }, 'options: "issuer" is required');
  refused({ ...opts, fetchTimeoutSeconds: 600.25 }, 'fetchTimeoutSeconds: expected 0 < seconds <= 600, found 600.250');
  refused({ ...opts, clockToleranceSeconds: -1.5 }, 'clockToleranceSeconds: expected a number of seconds >= 0, found -1.500');
  const v = new lib.IdTokenValidator(opts);
  const { token, checks } = okScenario;
  assert.throws(() => v.validate(token, { ...checks, now: 'soon' }), { code: 'ERR_INVALID_OPTIONS', message: 'checks: "now" expected a number, found string' });
  assert.throws(() => v.validate(token, { ...checks, now: NaN }), { code: 'ERR_INVALID_OPTIONS', message: 'now: expected seconds since the epoch, found NaN' });
  assert.throws(() => v.validate(token, { ...checks, acrValues: 'x' }), { code: 'ERR_INVALID_OPTIONS', message: 'checks: "acrValues" expected an array of strings, found string' });
  // Inherited values are never read (own enumerable properties only): an
  // inherited maxAge of the wrong type goes unseen, an own one is refused.
  const inherited = Object.assign(Object.create({ maxAge: '1' }), checks);
  assert.equal(v.validate(token, inherited).alg, 'ES256');
  assert.throws(() => v.validate(token, { ...checks, maxAge: '1' }), { code: 'ERR_INVALID_OPTIONS', message: 'checks: "maxAge" expected a number, found string' });
});

test('unknown, empty and unreadable keys of options and checks are refused with messages that name them', () => {
  const refused = (f, message) => assert.throws(f, { name: 'IdTokenError', code: 'ERR_INVALID_OPTIONS', message }, message);
  refused(() => new lib.IdTokenValidator({ ...opts, clockTolerance: 30 }), 'options: unknown key "clockTolerance"');
  refused(() => new lib.IdTokenValidator({ ...opts, jwks: null }), 'options: "jwks" expected a value, found null (omit the key to leave it unset)');
  refused(() => new lib.IdTokenValidator({ issuer: opts.issuer }), 'options: "clientId" is required');
  refused(() => new lib.IdTokenValidator([]), 'options: expected an object');
  const v = new lib.IdTokenValidator(opts);
  const { token, checks } = okScenario;
  refused(() => v.validate(token, { ...checks, nonse: 'n' }), 'checks: unknown key "nonse" (did you mean "nonce"?)');
  refused(() => v.validate(token, { ...checks, nonce: undefined }), 'checks: "nonce" expected a value, found undefined (omit the key to leave it unset)');
  // Symbol keys are not listed by Object.keys: not read, not refused.
  assert.equal(v.validate(token, { ...checks, [Symbol('s')]: 1 }).alg, 'ES256');
  // Nor are non-enumerable ones.
  assert.equal(v.validate(token, Object.defineProperty({ ...checks }, 'nonse', { value: 'n', enumerable: false })).alg, 'ES256');
  refused(() => v.validate(token, { now: checks.now, get nonce() { throw new Error('boom'); } }), 'checks: "nonce" cannot be read');
  refused(() => v.validate(token, new Proxy({}, { ownKeys() { throw new Error('boom'); } })), 'checks: its keys cannot be read');
  const list = new Proxy(['ES256'], { get(t, k) { if (k === '0') throw new Error('boom'); return t[k]; } });
  refused(() => new lib.IdTokenValidator({ ...opts, algorithms: list }), 'options: "algorithms" cannot be read');
  // A getter on an unknown key is never run: the key is refused first.
  let ran = false;
  refused(() => v.validate(token, { ...checks, get nonse() { ran = true; return 'n'; } }), 'checks: unknown key "nonse" (did you mean "nonce"?)');
  assert.equal(ran, false);
  // Every check key is declared: an own value of the wrong type is read and refused.
  for (const key of ['nonce', 'accessToken', 'code', 'state', 'requireAtHash', 'requireCHash', 'requireSHash', 'maxAge', 'previousClaims', 'acrValues', 'requiredAmr', 'now']) {
    const own = key === 'now' ? { now: 7n } : { now: checks.now, [key]: 7n };
    assert.throws(() => v.validate(token, own), { code: 'ERR_INVALID_OPTIONS', message: new RegExp(`^(checks: "${key}" expected .*, found bigint|${key}: expected an object)$`) }, key);
  }
});

test('an unknown key close to a known one names the likely key, as TypeScript does', () => {
  const refused = (f, message) => assert.throws(f, { name: 'IdTokenError', code: 'ERR_INVALID_OPTIONS', message }, message);
  const { issuer, clientId, jwks } = opts;
  refused(() => new lib.IdTokenValidator({ issuer, clientID: clientId, jwks }), 'options: unknown key "clientID" (did you mean "clientId"?)');
  refused(() => new lib.IdTokenValidator({ issuer_: issuer, clientId, jwks }), 'options: unknown key "issuer_" (did you mean "issuer"?)');
  refused(() => new lib.IdTokenValidator({ issuer, clientId, jwks_uri: 'https://op.example.com/jwks' }), 'options: unknown key "jwks_uri" (did you mean "jwksUri"?)');
  refused(() => new lib.IdTokenValidator({ issuer, clientId, jwks, algorithm: ['ES256'] }), 'options: unknown key "algorithm" (did you mean "algorithms"?)');
  refused(() => new lib.IdTokenValidator({ issuer, clientId, jwks, client_secret: 's' }), 'options: unknown key "client_secret"');
  const v = new lib.IdTokenValidator(opts);
  refused(() => v.validate(okScenario.token, { ...okScenario.checks, max_age: 60 }), 'checks: unknown key "max_age" (did you mean "maxAge"?)');
  refused(() => v.validate(okScenario.token, { ...okScenario.checks, acr_values: ['x'] }), 'checks: unknown key "acr_values" (did you mean "acrValues"?)');
});

test('key mix-ups get messages that say what to do', () => {
  const { issuer, clientId } = opts;
  // A URL given as jwks: pass it as jwksUri.
  for (const url of ['https://op.example.com/jwks', ' HTTP://127.0.0.1:4000/jwks']) {
    assert.throws(() => new lib.IdTokenValidator({ issuer, clientId, jwks: url }), { code: 'ERR_INVALID_OPTIONS', message: 'jwks: expected a JWKS object or its JSON text, found a URL: pass the URL as jwksUri (validateAsync loads the keys from it)' }, url);
    assert.throws(() => new lib.IdTokenValidator(opts).setKeys(url), { code: 'ERR_INVALID_OPTIONS', message: /found a URL: pass the URL as jwksUri/ });
  }
  // A sync validate on a validator that loads its keys from jwksUri and has none yet.
  const v = new lib.IdTokenValidator({ issuer, clientId, jwksUri: 'https://op.example.com/jwks' });
  assert.throws(() => v.validate(okScenario.token, okScenario.checks), {
    code: 'ERR_NO_MATCHING_KEY',
    message: 'key: expected a held key with kid "p256-1" that fits ES256, found none among 0 keys; no keys are held yet: '
      + 'this validator loads them from jwksUri, which the synchronous validate never fetches; call validateAsync '
      + '(or build the validator with IdTokenValidator.discover), or pass jwks',
  });
  // Once keys are held (given, or loaded), the note is gone.
  v.setKeys({ keys: [] });
  assert.throws(() => v.validate(okScenario.token, okScenario.checks), { code: 'ERR_NO_MATCHING_KEY', message: 'key: expected a held key with kid "p256-1" that fits ES256, found none among 0 keys' });
  // Without jwksUri there is nothing to fetch: no note either.
  assert.throws(() => new lib.IdTokenValidator({ issuer, clientId }).validate(okScenario.token, okScenario.checks), { code: 'ERR_NO_MATCHING_KEY', message: /found none among 0 keys$/ });
});

test('header and claims are JavaScript\'s own reading of the signed JSON: a "__proto__" member is an own property, numbers as JSON.parse reads them', () => {
  const b64 = (s) => Buffer.from(s).toString('base64url');
  const payload = '{"__proto__":{"admin":true},"big":9007199254740993,"neg":-0,"tiny":5e-324}';
  const { header, claims } = lib.decodeUnverified(`${b64('{"alg":"ES256"}')}.${b64(payload)}.AA`);
  assert.equal(Object.getPrototypeOf(claims), Object.prototype);
  assert.equal(Object.getPrototypeOf(header), Object.prototype);
  assert.ok(Object.hasOwn(claims, '__proto__'));
  assert.equal(claims.admin, undefined);
  assert.deepEqual(claims, JSON.parse(payload));
  assert.ok(Object.is(claims.neg, -0));
  assert.equal(claims.big, 9007199254740992);
  assert.equal(claims.tiny, 5e-324);
});

test('RFC 9864 Ed25519: its own entry of algorithms, allowed by default, either JWK alg name, SHA-512 hash claims', async () => {
  const { mintKey, mintToken, idClaims } = await import('../support/mint.mjs');
  const { issuer, clientId } = opts;
  const ed = await mintKey('Ed25519', 'ed-1');
  const claims = idClaims({ issuer, clientId, sub: 'u', at_hash: lib.tokenHash('Ed25519', 'access-1') });
  const token = await mintToken(ed, claims);
  const legacy = await mintToken({ ...ed, alg: 'EdDSA' }, claims);
  // The default allows both names; the result reports the header's.
  for (const [t, name] of [[token, 'Ed25519'], [legacy, 'EdDSA']]) {
    for (const jwkAlg of ['Ed25519', 'EdDSA', undefined]) {
      const jwk = { ...ed.jwk, alg: jwkAlg };
      const r = new lib.IdTokenValidator({ issuer, clientId, jwks: { keys: [jwk] } }).validate(t, { accessToken: 'access-1' });
      assert.equal(r.alg, name, `${name} with JWK alg ${jwkAlg}`);
      assert.equal(r.header.alg, name);
    }
  }
  // Separate entries of the allow-list.
  assert.throws(() => new lib.IdTokenValidator({ issuer, clientId, jwks: { keys: [ed.jwk] }, algorithms: ['EdDSA'] }).validate(token), { code: 'ERR_ALG_NOT_ALLOWED' });
  assert.throws(() => new lib.IdTokenValidator({ issuer, clientId, jwks: { keys: [ed.jwk] }, algorithms: ['Ed25519'] }).validate(legacy), { code: 'ERR_ALG_NOT_ALLOWED' });
  // Hash claims use SHA-512 under both names.
  assert.equal(lib.tokenHash('Ed25519', 'access-1'), lib.tokenHash('EdDSA', 'access-1'));
  assert.equal(lib.tokenHash('Ed25519', 'access-1'), lib.tokenHash('ES512', 'access-1'));
  assert.throws(() => new lib.IdTokenValidator({ issuer, clientId, jwks: { keys: [ed.jwk] } }).validate(token, { accessToken: 'access-2' }), { code: 'ERR_AT_HASH' });
  // A JWK of another alg does not fit.
  assert.throws(() => new lib.IdTokenValidator({ issuer, clientId, jwks: { keys: [{ ...ed.jwk, alg: 'ES256' }] } }).validate(token), { code: 'ERR_NO_MATCHING_KEY' });
});
