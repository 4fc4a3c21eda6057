// Mints the JWS vectors of tests/vectors/data/jose-jws.json with npm `jose`,
// an implementation independent of ours (WebCrypto / node:crypto underneath).
//
//   node tests/vectors/gen/mint-jose.mjs > tests/vectors/data/jose-jws.json
//
// Keys are fresh on every run, so the file changes; the committed copy is
// what the tests read. For every algorithm: one valid token, and negatives
// that must fail with ERR_BAD_SIGNATURE (tampered payload, wrong key,
// truncated signature, and for ECDSA the DER form of a valid signature).
// EdDSA is minted under both of its names (RFC 8037's EdDSA and RFC 9864's
// Ed25519), and each also with a JWK whose alg is the other name.
// Plus what jose refuses to make: an RS256 token under a 1024-bit key,
// signed with node:crypto, which must fail with ERR_WEAK_KEY.
import * as jose from 'jose';
import { createRequire } from 'node:module';
import { generateKeyPairSync, sign as nodeSign } from 'node:crypto';

const joseVersion = createRequire(import.meta.url)('jose/package.json').version;
const b64u = (buf) => Buffer.from(buf).toString('base64url');
const unb64u = (s) => Buffer.from(s, 'base64url');

const ALGS = [
  ['RS256', { modulusLength: 2048 }],
  ['RS384', { modulusLength: 3072 }],
  ['RS512', { modulusLength: 4096 }],
  ['PS256', { modulusLength: 2048 }],
  ['PS384', { modulusLength: 3072 }],
  ['PS512', { modulusLength: 4096 }],
  ['ES256', {}],
  ['ES384', {}],
  ['ES512', {}],
  ['EdDSA', { crv: 'Ed25519' }],
  // RFC 9864's fully-specified name for EdDSA with Ed25519 (jose 6 signs it).
  ['Ed25519', {}],
];

const now = 1_700_000_000;
const claims = (alg) => ({
  iss: 'https://op.example.com',
  sub: `user-${alg}`,
  aud: 'client-123',
  iat: now,
  exp: now + 600,
  nonce: 'n-0S6_WzA2Mj',
});

// DER (ASN.1 SEQUENCE of two INTEGERs) of a raw r || s ECDSA signature.
function rawToDer(raw) {
  const half = raw.length / 2;
  const int = (bytes) => {
    let i = 0;
    while (i < bytes.length - 1 && bytes[i] === 0) i++;
    let v = bytes.subarray(i);
    if (v[0] & 0x80) v = Buffer.concat([Buffer.from([0]), v]);
    return Buffer.concat([Buffer.from([0x02]), derLen(v.length), v]);
  };
  const body = Buffer.concat([int(raw.subarray(0, half)), int(raw.subarray(half))]);
  return Buffer.concat([Buffer.from([0x30]), derLen(body.length), body]);
}
function derLen(n) {
  return n < 128 ? Buffer.from([n]) : Buffer.from([0x81, n]);
}

async function publicJwk(key, alg, kid) {
  const jwk = await jose.exportJWK(key);
  return { ...jwk, kid, alg, use: 'sig' };
}

const cases = [];
for (const [alg, opts] of ALGS) {
  const kp = await jose.generateKeyPair(alg, { ...opts, extractable: true });
  const other = await jose.generateKeyPair(alg, { ...opts, extractable: true });
  const kid = `${alg.toLowerCase()}-1`;
  const jwk = await publicJwk(kp.publicKey, alg, kid);
  const otherJwk = await publicJwk(other.publicKey, alg, `${alg.toLowerCase()}-2`);
  const token = await new jose.SignJWT(claims(alg))
    .setProtectedHeader({ alg, kid, typ: 'JWT' })
    .sign(kp.privateKey);
  const [h, p, s] = token.split('.');
  const sig = unb64u(s);
  cases.push({ name: `${alg} valid`, alg, jwk, token, expect: 'ok' });
  const tampered = b64u(JSON.stringify({ ...claims(alg), sub: 'admin' }));
  cases.push({ name: `${alg} tampered payload`, alg, jwk, token: `${h}.${tampered}.${s}`, expect: 'ERR_BAD_SIGNATURE' });
  cases.push({ name: `${alg} wrong key`, alg, jwk: otherJwk, token, expect: 'ERR_BAD_SIGNATURE' });
  cases.push({ name: `${alg} truncated signature`, alg, jwk, token: `${h}.${p}.${b64u(sig.subarray(0, sig.length - 2))}`, expect: 'ERR_BAD_SIGNATURE' });
  cases.push({ name: `${alg} empty signature`, alg, jwk, token: `${h}.${p}.`, expect: 'ERR_BAD_SIGNATURE' });
  if (alg === 'EdDSA' || alg === 'Ed25519') {
    // RFC 9864: a JWK with either name fits a header of either name.
    const otherName = alg === 'EdDSA' ? 'Ed25519' : 'EdDSA';
    cases.push({ name: `${alg} token, JWK alg ${otherName}`, alg, jwk: { ...jwk, alg: otherName }, token, expect: 'ok' });
  }
  if (alg.startsWith('ES')) {
    cases.push({ name: `${alg} DER signature`, alg, jwk, token: `${h}.${p}.${b64u(rawToDer(sig))}`, expect: 'ERR_BAD_SIGNATURE' });
  }
}

// RS256 under a 1024-bit key: jose will not sign it, node:crypto will.
{
  const { publicKey, privateKey } = generateKeyPairSync('rsa', { modulusLength: 1024 });
  const jwk = { ...publicKey.export({ format: 'jwk' }), kid: 'weak-1' };
  const h = b64u(JSON.stringify({ alg: 'RS256', kid: 'weak-1' }));
  const p = b64u(JSON.stringify(claims('weak')));
  const sig = nodeSign('sha256', Buffer.from(`${h}.${p}`), privateKey);
  cases.push({ name: 'RS256 1024-bit key (node:crypto)', alg: 'RS256', jwk, token: `${h}.${p}.${b64u(sig)}`, expect: 'ERR_WEAK_KEY' });
}

process.stdout.write(JSON.stringify({
  source: `Minted by npm jose ${joseVersion} (and node:crypto ${process.version} for the weak-key case) with tests/vectors/gen/mint-jose.mjs`,
  cases,
}, null, 1) + '\n');
