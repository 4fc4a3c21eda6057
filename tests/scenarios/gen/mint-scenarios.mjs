// Mints tests/scenarios/data/scenarios.json: one scenario per error code and
// per rule of API.md, for the JS API. Tokens come from npm `jose`; what jose
// refuses to make (alg none, HS256 keyed with the RSA public key, duplicate
// members, padding, DER or zero signatures, crit, embedded keys) is built by
// hand and, where a valid signature is needed, signed with node:crypto.
// Hash claims are computed here with node:crypto, independently of ours.
//
//   node tests/scenarios/gen/mint-scenarios.mjs > tests/scenarios/data/scenarios.json
import * as jose from 'jose';
import { createCipheriv, createHash, createHmac, generateKeyPairSync, publicEncrypt, randomBytes, sign as nodeSign, constants } from 'node:crypto';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { createRequire } from 'node:module';

const joseVersion = createRequire(import.meta.url)('jose/package.json').version;
const b64u = (b) => Buffer.from(b).toString('base64url');
const enc = (o) => b64u(typeof o === 'string' ? o : JSON.stringify(o));

const ISSUER = 'https://op.example.com';
const CLIENT = 'client-123';
const NOW = 1_700_000_000;
const NONCE = 'n-0S6_WzA2Mj';

// ---- keys (node:crypto), exported as public JWKs ----
function keyPair(type, opts, kid, extra = {}) {
  const { publicKey, privateKey } = generateKeyPairSync(type, opts);
  return { privateKey, publicKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, ...extra } };
}
const K = {
  rsa: keyPair('rsa', { modulusLength: 2048 }, 'rsa-1', { use: 'sig' }),
  rsa4096: keyPair('rsa', { modulusLength: 4096 }, 'rsa-4096'),
  p256: keyPair('ec', { namedCurve: 'P-256' }, 'p256-1'),
  p384: keyPair('ec', { namedCurve: 'P-384' }, 'p384-1'),
  p521: keyPair('ec', { namedCurve: 'P-521' }, 'p521-1'),
  ed: keyPair('ed25519', {}, 'ed25519-1', { alg: 'EdDSA' }),
  weak: keyPair('rsa', { modulusLength: 1024 }, 'weak-1'),
  attacker: keyPair('rsa', { modulusLength: 2048 }, 'attacker-1'),
  attackerEc: keyPair('ec', { namedCurve: 'P-256' }, 'attacker-ec'),
};
const KEY_FOR = {
  RS256: K.rsa, RS384: K.rsa, RS512: K.rsa4096, PS256: K.rsa, PS384: K.rsa, PS512: K.rsa4096,
  ES256: K.p256, ES384: K.p384, ES512: K.p521, EdDSA: K.ed,
};
const JWKS = { keys: [K.rsa, K.rsa4096, K.p256, K.p384, K.p521, K.ed, K.weak].map((k) => k.jwk) };
const OPTIONS = { issuer: ISSUER, clientId: CLIENT, jwks: JWKS };

// ---- signing ----
const HASH = { 256: 'sha256', 384: 'sha384', 512: 'sha512' };
function rawSign(alg, key, input) {
  const bits = alg.slice(2);
  if (alg.startsWith('RS')) return nodeSign(HASH[bits], input, key);
  if (alg.startsWith('PS')) {
    return nodeSign(HASH[bits], input, { key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: Number(bits) / 8 });
  }
  if (alg.startsWith('ES')) return nodeSign(HASH[bits], input, { key, dsaEncoding: 'ieee-p1363' });
  if (alg === 'EdDSA') return nodeSign(null, input, key);
  throw new Error(alg);
}
/** A compact JWS from raw header/payload (objects or exact JSON text), signed with node:crypto. */
function handSigned(alg, key, header, payload) {
  const input = `${enc(header)}.${enc(payload)}`;
  return `${input}.${b64u(rawSign(alg, key, Buffer.from(input)))}`;
}
/** A jose-minted token. */
async function minted(alg, claims, header = {}, key = KEY_FOR[alg]) {
  return new jose.SignJWT(claims)
    .setProtectedHeader({ alg, kid: key.jwk.kid, ...header })
    .sign(key.privateKey);
}
/** OIDC hash claim, computed independently: left half of the SHA-2, base64url. */
function hashClaim(alg, value) {
  const bits = alg === 'EdDSA' ? 512 : Number(alg.slice(2));
  const d = createHash(HASH[bits]).update(value, 'ascii').digest();
  return b64u(d.subarray(0, d.length / 2));
}
const claims = (extra = {}) => ({
  iss: ISSUER, sub: 'user-1', aud: CLIENT, iat: NOW - 10, exp: NOW + 600, nonce: NONCE, ...extra,
});
const without = (o, ...names) => Object.fromEntries(Object.entries(o).filter(([k]) => !names.includes(k)));
const parts = (t) => t.split('.');

// ---- scenarios ----
const scenarios = [];
// Scenarios without `options` use the file's `defaultOptions`.
const add = (rule, name, s) => scenarios.push({ rule, name, checks: { now: NOW, nonce: NONCE }, ...s });
const fails = (code, claim, phase) => ({ code, ...(claim ? { claim } : {}), ...(phase ? { phase } : {}) });

// Valid tokens, every algorithm.
for (const alg of Object.keys(KEY_FOR)) {
  add('signature', `${alg} valid (jose)`, {
    token: await minted(alg, claims()),
    expect: { ok: true, alg, kid: KEY_FOR[alg].jwk.kid, sub: 'user-1' },
  });
}
add('key selection', 'no kid: every fitting key tried, result names the key', {
  token: await new jose.SignJWT(claims()).setProtectedHeader({ alg: 'ES384' }).sign(K.p384.privateKey),
  expect: { ok: true, alg: 'ES384', kid: 'p384-1' },
});
add('key selection', 'JWKS given as JSON text', {
  options: { ...OPTIONS, jwks: JSON.stringify(JWKS) },
  token: await minted('ES256', claims()),
  expect: { ok: true, alg: 'ES256', kid: 'p256-1' },
});
for (const typ of ['JWT', 'jwt', 'application/jwt', 'Application/JWT']) {
  add('typ', `typ ${typ} accepted`, { token: await minted('RS256', claims(), { typ }), expect: { ok: true, alg: 'RS256' } });
}

// ERR_MALFORMED
{
  const good = await minted('ES256', claims());
  const [h, p, s] = parts(good);
  add('shape', 'two parts', { token: `${h}.${p}`, expect: fails('ERR_MALFORMED') });
  add('shape', 'four parts', { token: `${good}.x`, expect: fails('ERR_MALFORMED') });
  add('shape', 'base64url with padding', { token: `${h}.${p}.${s}==`.replace(/=+$/, '=='), expect: fails('ERR_MALFORMED') });
  add('shape', 'padding in the header part', { token: `${h}=.${p}.${s}`, expect: fails('ERR_MALFORMED') });
  add('shape', 'base64 (not url) characters', { token: `${h}.${p.replace(/-/g, '+').replace(/_/g, '/')}x+/.${s}`, expect: fails('ERR_MALFORMED') });
  add('shape', 'white space inside', { token: `${h}.${p.slice(0, 8)} ${p.slice(8)}.${s}`, expect: fails('ERR_MALFORMED') });
  add('shape', 'header is a JSON array', { token: handSigned('ES256', K.p256.privateKey, '["ES256"]', claims()), expect: fails('ERR_MALFORMED') });
  add('shape', 'payload is a JSON string', { token: handSigned('ES256', K.p256.privateKey, { alg: 'ES256' }, '"hello"'), expect: fails('ERR_MALFORMED') });
  add('shape', 'payload is not JSON', { token: handSigned('ES256', K.p256.privateKey, { alg: 'ES256' }, 'not json'), expect: fails('ERR_MALFORMED') });
  add('shape', 'duplicate header member (alg)', {
    token: handSigned('ES256', K.p256.privateKey, '{"alg":"ES256","kid":"p256-1","alg":"none"}', claims()),
    expect: fails('ERR_MALFORMED'),
  });
  const body = JSON.stringify(claims()).slice(0, -1);
  add('shape', 'duplicate claim (sub), validly signed', {
    token: handSigned('ES256', K.p256.privateKey, { alg: 'ES256', kid: 'p256-1' }, `${body},"sub":"admin"}`),
    expect: fails('ERR_MALFORMED'),
  });
  add('shape', 'duplicate claim after unescaping (\\u0073ub)', {
    token: handSigned('ES256', K.p256.privateKey, { alg: 'ES256', kid: 'p256-1' }, `${body},"\\u0073ub":"admin"}`),
    expect: fails('ERR_MALFORMED'),
  });
  add('shape', 'kid is not a string', {
    token: handSigned('ES256', K.p256.privateKey, { alg: 'ES256', kid: 7 }, claims()),
    expect: fails('ERR_MALFORMED'),
  });
  add('shape', 'token over 64 KiB (validly signed)', {
    token: await minted('ES256', claims({ pad: 'x'.repeat(70_000) })),
    expect: fails('ERR_MALFORMED'),
  });
  add('shape', 'non-canonical base64url (trailing bits set)', {
    token: (() => {
      // Change the last signature character so only its unused low bits differ.
      const last = s.at(-1);
      const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_';
      const v = alphabet.indexOf(last);
      return `${h}.${p}.${s.slice(0, -1)}${alphabet[v ^ 1]}`;
    })(),
    expect: fails('ERR_MALFORMED'),
  });
  add('shape', 'empty string', { token: '', expect: fails('ERR_MALFORMED') });
}

// ERR_INVALID_OPTIONS (constructor, setKeys and checks)
{
  const token = await minted('ES256', claims());
  const bad = (name, options) => add('options', name, { options, token, expect: fails('ERR_INVALID_OPTIONS', null, 'construct') });
  bad('algorithms names none', { ...OPTIONS, algorithms: ['RS256', 'none'] });
  bad('algorithms names HS256', { ...OPTIONS, algorithms: ['HS256'] });
  bad('algorithms is empty', { ...OPTIONS, algorithms: [] });
  bad('algorithms names an unknown alg', { ...OPTIONS, algorithms: ['XS999'] });
  bad('issuer missing', without(OPTIONS, 'issuer'));
  bad('clientId empty', { ...OPTIONS, clientId: '' });
  bad('clientId not a string', { ...OPTIONS, clientId: 42 });
  bad('jwks without keys array', { ...OPTIONS, jwks: { kty: 'RSA' } });
  bad('jwks keys not an array', { ...OPTIONS, jwks: { keys: {} } });
  bad('jwks JSON text that is not JSON', { ...OPTIONS, jwks: '{"keys":[' });
  bad('jwks a number', { ...OPTIONS, jwks: 5 });
  bad('clockToleranceSeconds negative', { ...OPTIONS, clockToleranceSeconds: -1 });
  bad('clockToleranceSeconds a string', { ...OPTIONS, clockToleranceSeconds: '60' });
  bad('maxTokenAgeSeconds negative', { ...OPTIONS, maxTokenAgeSeconds: -5 });
  bad('trustedAudiences not strings', { ...OPTIONS, trustedAudiences: [1] });
  bad('algorithms a string, not an array', { ...OPTIONS, algorithms: 'ES256' });
  bad('requireEncryption not a boolean', { ...OPTIONS, requireEncryption: 'yes' });
  bad('unknown option key (misspelt)', { ...OPTIONS, clockTolerance: 30 });
  bad('options not an object', 'https://op.example.com');
  const badChecks = (name, checks) => add('checks', name, { checks: { now: NOW, ...checks }, token, expect: fails('ERR_INVALID_OPTIONS') });
  badChecks('unknown check key (misspelt nonce)', { nonse: NONCE });
  badChecks('maxAge negative', { maxAge: -1 });
  badChecks('now not a number', { now: 'soon' });
  badChecks('acrValues empty', { acrValues: [] });
  badChecks('requireAtHash without accessToken', { requireAtHash: true });
  badChecks('nonce not a string', { nonce: 123 });
  badChecks('maxAge a string', { maxAge: '300' });
  badChecks('requireCHash not a boolean', { code: 'c', requireCHash: 'true' });
  badChecks('requiredAmr a string, not an array', { requiredAmr: 'pwd' });
  add('setKeys', 'setKeys with a non-JWKS', { token, setKeys: { keys: 'nope' }, expect: fails('ERR_INVALID_OPTIONS', null, 'setKeys') });
}

// ERR_ALG_NOT_ALLOWED
{
  const c = claims();
  add('header', 'alg none, empty signature', { token: `${enc({ alg: 'none' })}.${enc(c)}.`, expect: fails('ERR_ALG_NOT_ALLOWED') });
  add('header', 'alg NONE (case variant)', { token: `${enc({ alg: 'NONE' })}.${enc(c)}.`, expect: fails('ERR_ALG_NOT_ALLOWED') });
  // The classic confusion: HMAC keyed with the RSA public key (PEM and JWK n).
  const pem = K.rsa.publicKey.export({ type: 'spki', format: 'pem' });
  for (const [what, secret] of [['PEM', pem], ['JWK JSON', JSON.stringify(K.rsa.jwk)]]) {
    const input = `${enc({ alg: 'HS256', kid: 'rsa-1' })}.${enc(c)}`;
    add('header', `HS256 keyed with the RSA public key (${what})`, {
      token: `${input}.${b64u(createHmac('sha256', secret).update(input).digest())}`,
      expect: fails('ERR_ALG_NOT_ALLOWED'),
    });
  }
  add('header', 'alg missing', { token: handSigned('ES256', K.p256.privateKey, { kid: 'p256-1' }, c), expect: fails('ERR_ALG_NOT_ALLOWED') });
  add('header', 'alg unknown (ES256K)', { token: handSigned('ES256', K.p256.privateKey, { alg: 'ES256K', kid: 'p256-1' }, c), expect: fails('ERR_ALG_NOT_ALLOWED') });
  add('header', 'alg outside the allow-list', {
    options: { ...OPTIONS, algorithms: ['RS256', 'PS256'] },
    token: await minted('ES256', c),
    expect: fails('ERR_ALG_NOT_ALLOWED'),
  });
}

// ERR_CRIT and ERR_TYP
{
  const c = claims();
  add('header', 'crit names an unprocessed extension', {
    token: handSigned('ES256', K.p256.privateKey, { alg: 'ES256', kid: 'p256-1', crit: ['http://example.com/x'], 'http://example.com/x': true }, c),
    expect: fails('ERR_CRIT'),
  });
  add('header', 'crit b64 (unencoded payload not supported)', {
    token: handSigned('ES256', K.p256.privateKey, { alg: 'ES256', kid: 'p256-1', crit: ['b64'], b64: true }, c),
    expect: fails('ERR_CRIT'),
  });
  add('header', 'crit empty array', { token: handSigned('ES256', K.p256.privateKey, { alg: 'ES256', kid: 'p256-1', crit: [] }, c), expect: fails('ERR_CRIT') });
  for (const typ of ['at+jwt', 'logout+jwt', 'JOSE', 'secevent+jwt']) {
    add('typ', `typ ${typ} refused (token confusion)`, { token: await minted('RS256', c, { typ }), expect: fails('ERR_TYP') });
  }
}

// ERR_NO_MATCHING_KEY, embedded keys never used
{
  const c = claims();
  add('key selection', 'kid no key carries', { token: await minted('ES256', c, { kid: 'unknown-kid' }), expect: fails('ERR_NO_MATCHING_KEY') });
  add('key selection', 'no key of the alg\'s type', {
    options: { ...OPTIONS, jwks: { keys: [K.rsa.jwk] } },
    token: await new jose.SignJWT(c).setProtectedHeader({ alg: 'EdDSA' }).sign(K.ed.privateKey),
    expect: fails('ERR_NO_MATCHING_KEY'),
  });
  add('key selection', 'key use is enc', {
    options: { ...OPTIONS, jwks: { keys: [{ ...K.p256.jwk, use: 'enc' }] } },
    token: await minted('ES256', c),
    expect: fails('ERR_NO_MATCHING_KEY'),
  });
  add('key selection', 'key alg differs from the header alg', {
    options: { ...OPTIONS, jwks: { keys: [{ ...K.rsa.jwk, alg: 'PS256' }] } },
    token: await minted('RS256', c),
    expect: fails('ERR_NO_MATCHING_KEY'),
  });
  add('key selection', 'key_ops lacks verify', {
    options: { ...OPTIONS, jwks: { keys: [{ ...K.p256.jwk, key_ops: ['sign'] }] } },
    token: await minted('ES256', c),
    expect: fails('ERR_NO_MATCHING_KEY'),
  });
  add('key selection', 'curve differs (P-384 key for ES256)', {
    options: { ...OPTIONS, jwks: { keys: [{ ...K.p384.jwk, kid: 'p256-1' }] } },
    token: await minted('ES256', c),
    expect: fails('ERR_NO_MATCHING_KEY'),
  });
  add('key selection', 'no keys held', { options: without(OPTIONS, 'jwks'), token: await minted('ES256', c), expect: fails('ERR_NO_MATCHING_KEY') });
  const att = K.attacker;
  const embedded = { alg: 'RS256', kid: 'attacker-1' };
  add('embedded keys', 'jwk header carries the attacker key', {
    token: handSigned('RS256', att.privateKey, { ...embedded, jwk: att.jwk }, c),
    expect: fails('ERR_NO_MATCHING_KEY'),
  });
  add('embedded keys', 'jku header points at an attacker JWKS', {
    token: handSigned('RS256', att.privateKey, { ...embedded, jku: 'https://attacker.example/jwks.json' }, c),
    expect: fails('ERR_NO_MATCHING_KEY'),
  });
  add('embedded keys', 'x5u header', {
    token: handSigned('RS256', att.privateKey, { ...embedded, x5u: 'https://attacker.example/cert.pem' }, c),
    expect: fails('ERR_NO_MATCHING_KEY'),
  });
  const der = att.publicKey.export({ type: 'spki', format: 'der' }).toString('base64');
  add('embedded keys', 'x5c header (attacker certificate material)', {
    token: handSigned('RS256', att.privateKey, { ...embedded, x5c: [der] }, c),
    expect: fails('ERR_NO_MATCHING_KEY'),
  });
  add('embedded keys', 'jwk header with the legitimate kid: verified with the held key only', {
    token: handSigned('RS256', att.privateKey, { alg: 'RS256', kid: 'rsa-1', jwk: { ...att.jwk, kid: 'rsa-1' } }, c),
    expect: fails('ERR_BAD_SIGNATURE'),
  });
  add('embedded keys', 'no kid, attacker jwk embedded: held keys tried, none verifies', {
    token: handSigned('RS256', att.privateKey, { alg: 'RS256', jwk: att.jwk }, c),
    expect: fails('ERR_BAD_SIGNATURE'),
  });
  add('key selection', 'kid injection (path and SQL text) matches nothing', {
    token: await minted('ES256', c, { kid: "../../etc/passwd' OR '1'='1" }),
    expect: fails('ERR_NO_MATCHING_KEY'),
  });
}

// ERR_WEAK_KEY
add('key selection', 'RSA key of 1024 bits', {
  token: handSigned('RS256', K.weak.privateKey, { alg: 'RS256', kid: 'weak-1' }, claims()),
  expect: fails('ERR_WEAK_KEY'),
});

// ERR_BAD_SIGNATURE
{
  for (const alg of ['RS256', 'PS384', 'ES256', 'ES512', 'EdDSA']) {
    const t = await minted(alg, claims());
    const [h, p, s] = parts(t);
    const sig = Buffer.from(s, 'base64url');
    add('signature', `${alg} tampered payload`, { token: `${h}.${enc(claims({ sub: 'admin' }))}.${s}`, expect: fails('ERR_BAD_SIGNATURE') });
    add('signature', `${alg} truncated signature`, { token: `${h}.${p}.${b64u(sig.subarray(0, sig.length - 1))}`, expect: fails('ERR_BAD_SIGNATURE') });
    add('signature', `${alg} empty signature`, { token: `${h}.${p}.`, expect: fails('ERR_BAD_SIGNATURE') });
    add('signature', `${alg} all-zero signature`, { token: `${h}.${p}.${b64u(Buffer.alloc(sig.length))}`, expect: fails('ERR_BAD_SIGNATURE') });
  }
  // Psychic signatures (CVE-2022-21449): r = s = 0, for each curve.
  for (const [alg, size] of [['ES256', 32], ['ES384', 48], ['ES512', 66]]) {
    const [h, p] = parts(await minted(alg, claims()));
    add('signature', `${alg} psychic signature r = s = 0`, { token: `${h}.${p}.${b64u(Buffer.alloc(2 * size))}`, expect: fails('ERR_BAD_SIGNATURE') });
  }
  {
    // ES256 signature in DER form.
    const t = handSigned('ES256', K.p256.privateKey, { alg: 'ES256', kid: 'p256-1' }, claims());
    const [h, p] = parts(t);
    const der = nodeSign('sha256', Buffer.from(`${h}.${p}`), { key: K.p256.privateKey, dsaEncoding: 'der' });
    add('signature', 'ES256 signature DER-encoded', { token: `${h}.${p}.${b64u(der)}`, expect: fails('ERR_BAD_SIGNATURE') });
  }
  add('signature', 'signed by another key under the same kid', {
    token: handSigned('ES256', K.attackerEc.privateKey, { alg: 'ES256', kid: 'p256-1' }, claims()),
    expect: fails('ERR_BAD_SIGNATURE'),
  });
  add('signature', 'RS256 token relabelled PS256', {
    token: (() => { const [, p, s] = parts(handSigned('RS256', K.rsa.privateKey, { alg: 'RS256' }, claims())); return `${enc({ alg: 'PS256', kid: 'rsa-1' })}.${p}.${s}`; })(),
    expect: fails('ERR_BAD_SIGNATURE'),
  });
}

// Required claims and types
for (const claim of ['iss', 'sub', 'aud', 'exp', 'iat']) {
  add('claims', `${claim} missing`, { token: await minted('ES256', without(claims(), claim)), expect: fails('ERR_CLAIM_MISSING', claim) });
}
for (const [claim, value] of [['exp', String(NOW + 600)], ['iat', null], ['sub', ''], ['aud', 7], ['aud', []], ['iss', ['x']], ['nonce', 1], ['amr', 'pwd'], ['auth_time', '1'], ['azp', false], ['at_hash', 5]]) {
  add('claims', `${claim} = ${JSON.stringify(value)}`, { token: await minted('ES256', claims({ [claim]: value })), expect: fails('ERR_CLAIM_INVALID', claim) });
}

// iss, aud, azp
{
  add('iss', 'iss with a trailing slash', { token: await minted('ES256', claims({ iss: `${ISSUER}/` })), expect: fails('ERR_ISSUER', 'iss') });
  add('iss', 'iss of another provider', { token: await minted('ES256', claims({ iss: 'https://evil.example.com' })), expect: fails('ERR_ISSUER', 'iss') });
  add('aud', 'aud is another client', { token: await minted('ES256', claims({ aud: 'client-999' })), expect: fails('ERR_AUDIENCE', 'aud') });
  add('aud', 'aud holds an untrusted extra audience', {
    token: await minted('ES256', claims({ aud: [CLIENT, 'other-api'], azp: CLIENT })),
    expect: fails('ERR_AUDIENCE', 'aud'),
  });
  add('aud', 'aud extra audience trusted, azp present', {
    options: { ...OPTIONS, trustedAudiences: ['other-api'] },
    token: await minted('ES256', claims({ aud: [CLIENT, 'other-api'], azp: CLIENT })),
    expect: { ok: true, alg: 'ES256' },
  });
  add('azp', 'several audiences, no azp', {
    options: { ...OPTIONS, trustedAudiences: ['other-api'] },
    token: await minted('ES256', claims({ aud: [CLIENT, 'other-api'] })),
    expect: fails('ERR_AZP', 'azp'),
  });
  add('azp', 'azp is another client', { token: await minted('ES256', claims({ azp: 'client-999' })), expect: fails('ERR_AZP', 'azp') });
  add('azp', 'azp equal to the client with one audience', { token: await minted('ES256', claims({ azp: CLIENT })), expect: { ok: true, alg: 'ES256' } });
}

// exp, nbf, iat with tolerance
{
  const at = (extra) => minted('ES256', claims(extra));
  add('exp', 'expired beyond the tolerance', { token: await at({ exp: NOW - 61 }), expect: fails('ERR_EXPIRED', 'exp') });
  add('exp', 'now equals exp + tolerance: expired', { token: await at({ exp: NOW - 60 }), expect: fails('ERR_EXPIRED', 'exp') });
  add('exp', 'expired but within the tolerance', { token: await at({ exp: NOW - 59 }), expect: { ok: true, alg: 'ES256' } });
  add('exp', 'tolerance 0: expired at exp', {
    options: { ...OPTIONS, clockToleranceSeconds: 0 }, token: await at({ exp: NOW }), expect: fails('ERR_EXPIRED', 'exp'),
  });
  add('nbf', 'nbf beyond the tolerance', { token: await at({ nbf: NOW + 61 }), expect: fails('ERR_NOT_YET_VALID', 'nbf') });
  add('nbf', 'nbf within the tolerance', { token: await at({ nbf: NOW + 60 }), expect: { ok: true, alg: 'ES256' } });
  add('iat', 'iat in the future beyond the tolerance', { token: await at({ iat: NOW + 61 }), expect: fails('ERR_IAT', 'iat') });
  add('iat', 'iat older than maxTokenAgeSeconds', {
    options: { ...OPTIONS, maxTokenAgeSeconds: 300 }, token: await at({ iat: NOW - 361 }), expect: fails('ERR_IAT', 'iat'),
  });
  add('iat', 'iat within maxTokenAgeSeconds plus tolerance', {
    options: { ...OPTIONS, maxTokenAgeSeconds: 300 }, token: await at({ iat: NOW - 360 }), expect: { ok: true, alg: 'ES256' },
  });
}

// nonce
add('nonce', 'nonce differs', { token: await minted('ES256', claims({ nonce: 'other' })), expect: fails('ERR_NONCE', 'nonce') });
add('nonce', 'nonce missing', { token: await minted('ES256', without(claims(), 'nonce')), expect: fails('ERR_NONCE', 'nonce') });
add('nonce', 'nonce a prefix of the expected one', { token: await minted('ES256', claims({ nonce: NONCE.slice(0, -1) })), expect: fails('ERR_NONCE', 'nonce') });
add('nonce', 'no nonce expected, none present', {
  checks: { now: NOW }, token: await minted('ES256', without(claims(), 'nonce')), expect: { ok: true, alg: 'ES256' },
});

// Hash claims
{
  const AT = 'jHkWEdUXMU1BwAsC4vtUsZwnNvTIxEl0z9K3vx5KF0Y';
  const CODE = 'Qcb0Orv1zh30vL1MPRsbm-diHiMwcLyZvn1arpZv-Jxf_11jnpEX3Tgfvk';
  const STATE = 'af0ifjsldkj';
  for (const alg of ['RS256', 'ES384', 'PS512', 'EdDSA']) {
    add('hashes', `${alg}: at_hash, c_hash, s_hash match (SHA-${alg === 'EdDSA' ? 512 : alg.slice(2)})`, {
      checks: { now: NOW, nonce: NONCE, accessToken: AT, code: CODE, state: STATE, requireAtHash: true, requireCHash: true, requireSHash: true },
      token: await minted(alg, claims({ at_hash: hashClaim(alg, AT), c_hash: hashClaim(alg, CODE), s_hash: hashClaim(alg, STATE) })),
      expect: { ok: true, alg },
    });
  }
  const t = await minted('ES256', claims({ at_hash: hashClaim('ES256', AT), c_hash: hashClaim('ES256', CODE), s_hash: hashClaim('ES256', STATE) }));
  add('hashes', 'at_hash of another access token', { checks: { now: NOW, accessToken: 'other' }, token: t, expect: fails('ERR_AT_HASH', 'at_hash') });
  add('hashes', 'c_hash of another code', { checks: { now: NOW, code: 'other' }, token: t, expect: fails('ERR_C_HASH', 'c_hash') });
  add('hashes', 's_hash of another state', { checks: { now: NOW, state: 'other' }, token: t, expect: fails('ERR_S_HASH', 's_hash') });
  const bare = await minted('ES256', claims());
  add('hashes', 'at_hash required and absent', { checks: { now: NOW, accessToken: AT, requireAtHash: true }, token: bare, expect: fails('ERR_AT_HASH', 'at_hash') });
  add('hashes', 'c_hash required and absent', { checks: { now: NOW, code: CODE, requireCHash: true }, token: bare, expect: fails('ERR_C_HASH', 'c_hash') });
  add('hashes', 's_hash required and absent', { checks: { now: NOW, state: STATE, requireSHash: true }, token: bare, expect: fails('ERR_S_HASH', 's_hash') });
  add('hashes', 'hash absent and not required: accepted', { checks: { now: NOW, accessToken: AT, code: CODE }, token: bare, expect: { ok: true, alg: 'ES256' } });
  add('hashes', 'at_hash computed with SHA-512 under ES256', {
    checks: { now: NOW, accessToken: AT }, token: await minted('ES256', claims({ at_hash: hashClaim('ES512', AT) })), expect: fails('ERR_AT_HASH', 'at_hash'),
  });
}

// auth_time, acr, amr
{
  const t = await minted('ES256', claims({ auth_time: NOW - 400, acr: 'urn:mace:incommon:iap:silver', amr: ['pwd', 'otp'] }));
  add('auth_time', 'maxAge satisfied', { checks: { now: NOW, maxAge: 400 }, token: t, expect: { ok: true, alg: 'ES256' } });
  add('auth_time', 'maxAge exceeded beyond the tolerance', { checks: { now: NOW, maxAge: 300 }, token: t, expect: fails('ERR_AUTH_TIME', 'auth_time') });
  add('auth_time', 'maxAge within the tolerance', { checks: { now: NOW, maxAge: 340 }, token: t, expect: { ok: true, alg: 'ES256' } });
  add('auth_time', 'maxAge given, auth_time missing', { checks: { now: NOW, maxAge: 3600 }, token: await minted('ES256', claims()), expect: fails('ERR_AUTH_TIME', 'auth_time') });
  add('acr', 'acr among acrValues', { checks: { now: NOW, acrValues: ['urn:x', 'urn:mace:incommon:iap:silver'] }, token: t, expect: { ok: true, alg: 'ES256' } });
  add('acr', 'acr not among acrValues', { checks: { now: NOW, acrValues: ['urn:mace:incommon:iap:gold'] }, token: t, expect: fails('ERR_ACR', 'acr') });
  add('acr', 'acr missing', { checks: { now: NOW, acrValues: ['urn:x'] }, token: await minted('ES256', claims()), expect: fails('ERR_ACR', 'acr') });
  add('amr', 'amr contains every required method', { checks: { now: NOW, requiredAmr: ['otp', 'pwd'] }, token: t, expect: { ok: true, alg: 'ES256' } });
  add('amr', 'amr lacks one', { checks: { now: NOW, requiredAmr: ['pwd', 'hwk'] }, token: t, expect: fails('ERR_AMR', 'amr') });
  add('amr', 'amr missing', { checks: { now: NOW, requiredAmr: ['pwd'] }, token: await minted('ES256', claims()), expect: fails('ERR_AMR', 'amr') });
}

// previousClaims (refresh)
{
  const prev = claims({ auth_time: NOW - 3000, azp: CLIENT, iat: NOW - 3000, exp: NOW - 2400 });
  const next = (extra) => minted('ES256', without(claims({ auth_time: NOW - 3000, azp: CLIENT, ...extra }), 'nonce'));
  const checks = { now: NOW, previousClaims: prev };
  add('refresh', 'refreshed token matches', { checks, token: await next({}), expect: { ok: true, alg: 'ES256' } });
  add('refresh', 'aud as a one-element array still matches', { checks, token: await next({ aud: [CLIENT] }), expect: { ok: true, alg: 'ES256' } });
  add('refresh', 'sub differs', { checks, token: await next({ sub: 'user-2' }), expect: fails('ERR_REFRESH_MISMATCH', 'sub') });
  add('refresh', 'auth_time differs', { checks, token: await next({ auth_time: NOW - 10 }), expect: fails('ERR_REFRESH_MISMATCH', 'auth_time') });
  add('refresh', 'azp missing where the earlier token had it', {
    checks, token: await minted('ES256', without(claims({ auth_time: NOW - 3000 }), 'nonce')), expect: fails('ERR_REFRESH_MISMATCH', 'azp'),
  });
}

// Encryption
{
  const plain = await minted('ES256', claims());
  add('encryption', 'requireEncryption refuses a plain JWS', { options: { ...OPTIONS, requireEncryption: true }, token: plain, expect: fails('ERR_ENCRYPTION_REQUIRED') });
  const { publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const jwe = await new jose.CompactEncrypt(new TextEncoder().encode(plain))
    .setProtectedHeader({ alg: 'RSA-OAEP-256', enc: 'A256GCM', cty: 'JWT' })
    .encrypt(publicKey);
  add('encryption', 'a JWE with no decryption key', { token: jwe, expect: fails('ERR_DECRYPTION') });
  add('encryption', 'a JWE with a malformed part is malformed first', { token: jwe.replace(/\.([^.]*)$/, '.$1=='), expect: fails('ERR_MALFORMED') });
}

// Encrypted ID tokens (JWE): jose encrypts a signed ID token (nested JWT)
// for every supported key-management and content algorithm.
{
  const encKey = (type, opts, kid) => keyPair(type, opts, kid, { use: 'enc' });
  const E = {
    rsa: encKey('rsa', { modulusLength: 2048 }, 'enc-rsa'),
    p256: encKey('ec', { namedCurve: 'P-256' }, 'enc-p256'),
    p384: encKey('ec', { namedCurve: 'P-384' }, 'enc-p384'),
    p521: encKey('ec', { namedCurve: 'P-521' }, 'enc-p521'),
    x25519: encKey('x25519', {}, 'enc-x25519'),
    other: encKey('rsa', { modulusLength: 2048 }, 'enc-rsa'),
    weak: encKey('rsa', { modulusLength: 1024 }, 'enc-weak'),
  };
  const privateJwk = (k) => ({ ...k.privateKey.export({ format: 'jwk' }), kid: k.jwk.kid, use: 'enc' });
  const DEC = { keys: [E.rsa, E.p256, E.p384, E.p521, E.x25519].map(privateJwk) };
  const opts = { ...OPTIONS, decryptionKeys: DEC };
  const inner = await minted('ES256', claims());
  const encrypt = (plaintext, k, header) => new jose.CompactEncrypt(new TextEncoder().encode(plaintext))
    .setProtectedHeader({ cty: 'JWT', kid: k.jwk.kid, ...header })
    .encrypt(k.publicKey);
  const okEnc = { ok: true, alg: 'ES256', kid: 'p256-1', encrypted: true };
  for (const alg of ['RSA-OAEP', 'RSA-OAEP-256', 'ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A256KW']) {
    for (const enc of ['A128GCM', 'A256GCM', 'A128CBC-HS256', 'A256CBC-HS512']) {
      const k = alg.startsWith('RSA') ? E.rsa : E.p256;
      add('jwe', `${alg} + ${enc} (jose)`, { options: opts, token: await encrypt(inner, k, { alg, enc }), expect: okEnc });
    }
  }
  for (const [name, k] of [['P-384', E.p384], ['P-521', E.p521], ['X25519', E.x25519]]) {
    for (const alg of ['ECDH-ES', 'ECDH-ES+A256KW']) {
      add('jwe', `${alg} on ${name} + A256GCM (jose)`, { options: opts, token: await encrypt(inner, k, { alg, enc: 'A256GCM' }), expect: okEnc });
    }
  }
  add('jwe', 'no kid in the JWE header: every fitting key tried', {
    options: opts,
    token: await new jose.CompactEncrypt(new TextEncoder().encode(inner)).setProtectedHeader({ alg: 'ECDH-ES', enc: 'A128GCM', cty: 'JWT' }).encrypt(E.p384.publicKey),
    expect: okEnc,
  });
  add('jwe', 'cty absent', { options: opts, token: await encrypt(inner, E.rsa, { alg: 'RSA-OAEP-256', enc: 'A256GCM', cty: undefined }), expect: okEnc });
  add('jwe', 'requireEncryption accepts a JWE', { options: { ...opts, requireEncryption: true }, token: await encrypt(inner, E.p256, { alg: 'ECDH-ES', enc: 'A256GCM' }), expect: okEnc });
  add('jwe', 'decryption keys as JSON text', { options: { ...opts, decryptionKeys: JSON.stringify(DEC) }, token: await encrypt(inner, E.rsa, { alg: 'RSA-OAEP', enc: 'A128GCM' }), expect: okEnc });

  // Tampering: every part, both content algorithm families.
  const flip = (part) => {
    const i = Math.floor(part.length / 2);
    return part.slice(0, i) + (part[i] === 'A' ? 'B' : 'A') + part.slice(i + 1);
  };
  for (const enc of ['A256GCM', 'A128CBC-HS256']) {
    const t = (await encrypt(inner, E.rsa, { alg: 'RSA-OAEP-256', enc })).split('.');
    const bad = (name, i, value) => {
      const parts = [...t];
      parts[i] = value ?? flip(parts[i]);
      add('jwe', `${enc}: ${name}`, { options: opts, token: parts.join('.'), expect: fails('ERR_DECRYPTION') });
    };
    bad('tampered ciphertext', 3);
    bad('tampered tag', 4);
    bad('tampered IV', 2);
    bad('tampered encrypted key (concealed, same error)', 1);
    bad('truncated tag', 4, b64u(Buffer.from(t[4], 'base64url').subarray(0, 8)));
    bad('header changed (AAD)', 0, b64u(JSON.stringify({ ...JSON.parse(Buffer.from(t[0], 'base64url')), x: 1 })));
  }
  add('jwe', 'wrong decryption key under the same kid', {
    options: { ...OPTIONS, decryptionKeys: { keys: [privateJwk(E.other)] } },
    token: await encrypt(inner, E.rsa, { alg: 'RSA-OAEP-256', enc: 'A256GCM' }),
    expect: fails('ERR_DECRYPTION'),
  });
  add('jwe', 'no decryption keys configured', { token: await encrypt(inner, E.rsa, { alg: 'RSA-OAEP', enc: 'A256GCM' }), expect: fails('ERR_DECRYPTION') });
  {
    // jose will not encrypt to a 1024-bit key; node:crypto builds the JWE
    // (RSA-OAEP key transport, AES-256-GCM), correct for that key.
    const header = b64u(JSON.stringify({ alg: 'RSA-OAEP', enc: 'A256GCM', cty: 'JWT', kid: 'enc-weak' }));
    const cek = randomBytes(32);
    const iv = randomBytes(12);
    const ek = publicEncrypt({ key: E.weak.publicKey, padding: constants.RSA_PKCS1_OAEP_PADDING, oaepHash: 'sha1' }, cek);
    const cipher = createCipheriv('aes-256-gcm', cek, iv);
    cipher.setAAD(Buffer.from(header));
    const ct = Buffer.concat([cipher.update(inner), cipher.final()]);
    add('jwe', 'RSA decryption key under 2048 bits is not used', {
      options: { ...OPTIONS, decryptionKeys: { keys: [privateJwk(E.weak)] } },
      token: [header, b64u(ek), b64u(iv), b64u(ct), b64u(cipher.getAuthTag())].join('.'),
      expect: fails('ERR_DECRYPTION'),
    });
  }
  {
    // ECDH-ES with an epk off the curve (y + 1): refused, same error.
    const t = (await encrypt(inner, E.p256, { alg: 'ECDH-ES', enc: 'A256GCM' })).split('.');
    const h = JSON.parse(Buffer.from(t[0], 'base64url'));
    const y = Buffer.from(h.epk.y, 'base64url');
    y[y.length - 1] ^= 1;
    h.epk.y = b64u(y);
    t[0] = b64u(JSON.stringify(h));
    add('jwe', 'ECDH-ES epk not on the curve (invalid-curve attack)', { options: opts, token: t.join('.'), expect: fails('ERR_DECRYPTION') });
  }
  // Refused algorithms and features, before any key is used.
  const junk = `${b64u('k'.repeat(32))}.${b64u('iv-iv-iv-iv-')}.${b64u('ciphertext')}.${b64u('tag-tag-tag-tag-')}`;
  const refused = (name, header, code = 'ERR_ALG_NOT_ALLOWED') => add('jwe', name, { options: opts, token: `${b64u(JSON.stringify(header))}.${junk}`, expect: fails(code) });
  refused('RSA1_5 (padding oracle) refused', { alg: 'RSA1_5', enc: 'A128CBC-HS256', kid: 'enc-rsa' });
  refused('PBES2 with a huge p2c refused before any work', { alg: 'PBES2-HS512+A256KW', enc: 'A256GCM', p2s: 'c2FsdHNhbHQ', p2c: 1e9 });
  refused('dir refused', { alg: 'dir', enc: 'A256GCM' });
  refused('A128KW alone refused', { alg: 'A128KW', enc: 'A128GCM' });
  refused('zip refused (compression bomb)', { alg: 'RSA-OAEP-256', enc: 'A256GCM', zip: 'DEF', kid: 'enc-rsa' });
  refused('enc A192GCM refused', { alg: 'RSA-OAEP-256', enc: 'A192GCM' });
  refused('crit in the JWE header', { alg: 'RSA-OAEP-256', enc: 'A256GCM', crit: ['x'], x: 1 }, 'ERR_CRIT');
  refused('cty other than JWT', { alg: 'RSA-OAEP-256', enc: 'A256GCM', cty: 'json' }, 'ERR_TYP');
  add('jwe', 'PBES2 made by jose refused', {
    options: opts,
    token: await new jose.CompactEncrypt(new TextEncoder().encode(inner)).setProtectedHeader({ alg: 'PBES2-HS256+A128KW', enc: 'A128GCM' }).encrypt(new TextEncoder().encode('password')),
    expect: fails('ERR_ALG_NOT_ALLOWED'),
  });
  add('jwe', 'dir made by jose refused', {
    options: opts,
    token: await new jose.CompactEncrypt(new TextEncoder().encode(inner)).setProtectedHeader({ alg: 'dir', enc: 'A256GCM' }).encrypt(new Uint8Array(32)),
    expect: fails('ERR_ALG_NOT_ALLOWED'),
  });
  // The plaintext must be a signed ID token, validated in full.
  add('jwe', 'plaintext is bare JSON claims, not a JWS', { options: opts, token: await encrypt(JSON.stringify(claims()), E.rsa, { alg: 'RSA-OAEP-256', enc: 'A256GCM' }), expect: fails('ERR_MALFORMED') });
  add('jwe', 'plaintext is an unsigned (alg none) token', {
    options: opts, token: await encrypt(`${enc({ alg: 'none' })}.${enc(claims())}.`, E.rsa, { alg: 'RSA-OAEP-256', enc: 'A256GCM' }), expect: fails('ERR_ALG_NOT_ALLOWED'),
  });
  add('jwe', 'a JWE inside a JWE', {
    options: opts, token: await encrypt(await encrypt(inner, E.rsa, { alg: 'RSA-OAEP-256', enc: 'A256GCM' }), E.rsa, { alg: 'RSA-OAEP-256', enc: 'A256GCM' }), expect: fails('ERR_MALFORMED'),
  });
  {
    const [h, p, s] = parts(inner);
    const forged = `${h}.${enc(claims({ sub: 'admin' }))}.${s}`;
    add('jwe', 'inner signature does not verify', { options: opts, token: await encrypt(forged, E.rsa, { alg: 'RSA-OAEP-256', enc: 'A256GCM' }), expect: fails('ERR_BAD_SIGNATURE') });
    assert(p);
  }
  add('jwe', 'inner token expired', {
    options: opts, token: await encrypt(await minted('ES256', claims({ exp: NOW - 3600 })), E.p256, { alg: 'ECDH-ES', enc: 'A128CBC-HS256' }), expect: fails('ERR_EXPIRED', 'exp'),
  });
  add('jwe', 'decryptionKeys not a JWKS', { options: { ...OPTIONS, decryptionKeys: { kty: 'RSA' } }, token: inner, expect: fails('ERR_INVALID_OPTIONS', null, 'construct') });
}

// Check order: the first failing check in contract order wins.
{
  add('order', 'bad signature before expired', {
    token: (() => { const [h, p, s] = parts(handSigned('ES256', K.p256.privateKey, { alg: 'ES256', kid: 'p256-1' }, claims({ exp: 1 }))); return `${h}.${p}.${s.slice(0, 10)}${s[10] === 'A' ? 'B' : 'A'}${s.slice(11)}`; })(),
    expect: fails('ERR_BAD_SIGNATURE'),
  });
  add('order', 'alg none before crit and typ', {
    token: `${enc({ alg: 'none', crit: ['x'], typ: 'at+jwt' })}.${enc(claims())}.`, expect: fails('ERR_ALG_NOT_ALLOWED'),
  });
  add('order', 'crit before typ', {
    token: handSigned('ES256', K.p256.privateKey, { alg: 'ES256', kid: 'p256-1', crit: ['x'], x: 1, typ: 'at+jwt' }, claims()), expect: fails('ERR_CRIT'),
  });
  add('order', 'typ before key selection', { token: await minted('ES256', claims(), { typ: 'at+jwt', kid: 'nope' }), expect: fails('ERR_TYP') });
  add('order', 'missing claim before issuer', { token: await minted('ES256', without(claims({ iss: 'x' }), 'sub')), expect: fails('ERR_CLAIM_MISSING', 'sub') });
  add('order', 'issuer before audience', { token: await minted('ES256', claims({ iss: 'x', aud: 'y' })), expect: fails('ERR_ISSUER', 'iss') });
  add('order', 'audience before azp', { token: await minted('ES256', claims({ aud: 'y', azp: 'z' })), expect: fails('ERR_AUDIENCE', 'aud') });
  add('order', 'azp before exp', { token: await minted('ES256', claims({ azp: 'z', exp: 1 })), expect: fails('ERR_AZP', 'azp') });
  add('order', 'exp before nbf', { token: await minted('ES256', claims({ exp: 1, nbf: NOW + 1000 })), expect: fails('ERR_EXPIRED', 'exp') });
  add('order', 'nbf before iat', { token: await minted('ES256', claims({ nbf: NOW + 1000, iat: NOW + 1000 })), expect: fails('ERR_NOT_YET_VALID', 'nbf') });
  add('order', 'iat before nonce', { token: await minted('ES256', claims({ iat: NOW + 1000, nonce: 'x' })), expect: fails('ERR_IAT', 'iat') });
  add('order', 'nonce before hashes', {
    checks: { now: NOW, nonce: NONCE, accessToken: 'a' }, token: await minted('ES256', claims({ nonce: 'x', at_hash: 'AAAA' })), expect: fails('ERR_NONCE', 'nonce'),
  });
  add('order', 'hashes before auth_time', {
    checks: { now: NOW, accessToken: 'a', maxAge: 1 }, token: await minted('ES256', claims({ at_hash: 'AAAA' })), expect: fails('ERR_AT_HASH', 'at_hash'),
  });
  add('order', 'auth_time before acr', { checks: { now: NOW, maxAge: 1, acrValues: ['x'] }, token: await minted('ES256', claims()), expect: fails('ERR_AUTH_TIME', 'auth_time') });
  add('order', 'acr before amr', { checks: { now: NOW, acrValues: ['x'], requiredAmr: ['y'] }, token: await minted('ES256', claims()), expect: fails('ERR_ACR', 'acr') });
  add('order', 'amr before refresh', {
    checks: { now: NOW, requiredAmr: ['y'], previousClaims: claims({ sub: 'other' }) }, token: await minted('ES256', claims()), expect: fails('ERR_AMR', 'amr'),
  });
  add('order', 'malformed before requireEncryption', { options: { ...OPTIONS, requireEncryption: true }, token: 'a.b', expect: fails('ERR_MALFORMED') });
  add('order', 'requireEncryption before header checks', {
    options: { ...OPTIONS, requireEncryption: true }, token: `${enc({ alg: 'none' })}.${enc(claims())}.`, expect: fails('ERR_ENCRYPTION_REQUIRED'),
  });
}

// OpenID Connect Core 1.0 Appendix A tokens (RS256, key A.7), through the JS API.
{
  const v = JSON.parse(readFileSync(new URL('../../vectors/data/oidc-core-appendix-a.json', import.meta.url), 'utf8'));
  const options = { issuer: v.issuer, clientId: v.clientId, jwks: { keys: [v.key] } };
  const base = { now: v.validAt, nonce: v.nonce };
  const A = v.tokens;
  const a2 = A['A.2 (response_type=id_token)'], a3 = A['A.3 (response_type=id_token token)'], a4 = A['A.4 (response_type=code id_token)'];
  const oidc = (name, s) => scenarios.push({ rule: 'oidc core appendix a', name, options, ...s });
  oidc('A.2 id_token', { checks: base, token: a2.token, expect: { ok: true, alg: 'RS256', kid: '1e9gdk7', sub: '248289761001' } });
  oidc('A.3 id_token token: at_hash', { checks: { ...base, accessToken: a3.accessToken, requireAtHash: true }, token: a3.token, expect: { ok: true, alg: 'RS256' } });
  oidc('A.4 code id_token: c_hash', { checks: { ...base, code: a4.code, requireCHash: true }, token: a4.token, expect: { ok: true, alg: 'RS256' } });
  oidc('A.3 with another access token', { checks: { ...base, accessToken: a4.code }, token: a3.token, expect: fails('ERR_AT_HASH', 'at_hash') });
  oidc('A.4 with another code', { checks: { ...base, code: a3.accessToken }, token: a4.token, expect: fails('ERR_C_HASH', 'c_hash') });
  oidc('A.2 after exp', { checks: { ...base, now: 1311281970 + 60 }, token: a2.token, expect: fails('ERR_EXPIRED', 'exp') });
  oidc('A.2 with another issuer configured', { options: { ...options, issuer: 'https://server.example.com' }, checks: base, token: a2.token, expect: fails('ERR_ISSUER', 'iss') });
}

process.stdout.write(JSON.stringify({
  source: `Minted by npm jose ${joseVersion} and node:crypto ${process.version} with tests/scenarios/gen/mint-scenarios.mjs; OIDC Core Appendix A tokens from tests/vectors/data`,
  now: NOW,
  defaultOptions: OPTIONS,
  scenarios,
}, null, 1) + '\n');
