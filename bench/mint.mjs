// Mints the benchmark's keys and ID tokens with npm `jose` in Node,
// independently of every adapter under test. One case per algorithm: a
// public JWKS (one key), one valid token, and the bad tokens every adapter
// must reject before it is timed. Keys are fresh on every run.
//
//   node bench/mint.mjs [--now SECONDS] > cases.json    (prints the cases)
import { SignJWT, exportJWK, generateKeyPair } from 'jose';

export const ISSUER = 'https://op.bench.example';
export const CLIENT_ID = 'bench-spa';
export const NONCE = 'n-0S6_WzA2Mj';
/** The fixed validation time handed to every validator (seconds since the epoch). */
export const NOW = 1_767_225_600; // 2026-01-01T00:00:00Z

/** The cases, in table order. */
export const CASES = [
  { id: 'RS256-2048', alg: 'RS256', label: 'RS256 (RSA-2048)', gen: { modulusLength: 2048 } },
  { id: 'RS256-4096', alg: 'RS256', label: 'RS256 (RSA-4096)', gen: { modulusLength: 4096 } },
  { id: 'PS256-2048', alg: 'PS256', label: 'PS256 (RSA-2048)', gen: { modulusLength: 2048 } },
  { id: 'ES256', alg: 'ES256', label: 'ES256 (P-256)', gen: {} },
  { id: 'ES384', alg: 'ES384', label: 'ES384 (P-384)', gen: {} },
  { id: 'ES512', alg: 'ES512', label: 'ES512 (P-521)', gen: {} },
  { id: 'EdDSA', alg: 'EdDSA', label: 'EdDSA (Ed25519)', gen: { crv: 'Ed25519' } },
];

/**
 * The bad tokens of a case. `signature: true` marks the ones a bare
 * signature check must already reject (the webcrypto floor is held to
 * those only: it does no claim checks by design).
 */
export const BAD_KINDS = [
  { kind: 'tampered', signature: true, what: 'payload changed (sub), signature kept' },
  { kind: 'other-key', signature: true, what: 'signed by another key with the same kid' },
  { kind: 'expired', signature: false, what: 'exp an hour before now' },
  { kind: 'wrong-nonce', signature: false, what: 'nonce differs from the expected one' },
  { kind: 'wrong-audience', signature: false, what: 'aud is another client' },
];

function claims(now, extra = {}) {
  return { iss: ISSUER, sub: 'user-8f14e45f', aud: CLIENT_ID, iat: now - 30, exp: now + 600, nonce: NONCE, ...extra };
}

async function sign(alg, kid, privateKey, payload) {
  return new SignJWT(payload).setProtectedHeader({ alg, kid, typ: 'JWT' }).sign(privateKey);
}

/** Mints one case: { id, alg, label, jwks, token, bad: [{ kind, signature, what, token }] }. */
export async function mintCase({ id, alg, label, gen }, now = NOW) {
  const kid = `bench-${id.toLowerCase()}`;
  const { privateKey, publicKey } = await generateKeyPair(alg, gen);
  const other = await generateKeyPair(alg, gen);
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  const token = await sign(alg, kid, privateKey, claims(now));
  const [h, , s] = token.split('.');
  const tamperedPayload = Buffer.from(JSON.stringify(claims(now, { sub: 'user-mallory' }))).toString('base64url');
  const byKind = {
    tampered: `${h}.${tamperedPayload}.${s}`,
    'other-key': await sign(alg, kid, other.privateKey, claims(now)),
    expired: await sign(alg, kid, privateKey, claims(now, { iat: now - 7200, exp: now - 3600 })),
    'wrong-nonce': await sign(alg, kid, privateKey, claims(now, { nonce: 'n-replayed-elsewhere' })),
    'wrong-audience': await sign(alg, kid, privateKey, claims(now, { aud: 'another-client' })),
  };
  return {
    id, alg, label,
    jwks: { keys: [jwk] },
    token,
    bad: BAD_KINDS.map((b) => ({ ...b, token: byKind[b.kind] })),
  };
}

/** Mints every case (optionally only the ids in `only`). */
export async function mintCases({ now = NOW, only } = {}) {
  const picked = only ? CASES.filter((c) => only.includes(c.id)) : CASES;
  // Key generation is the slow part (RSA-4096): run the cases concurrently.
  return Promise.all(picked.map((c) => mintCase(c, now)));
}

/** What the validators are configured and called with. */
export function validatorSetup(c, now = NOW) {
  return {
    options: { issuer: ISSUER, clientId: CLIENT_ID, alg: c.alg },
    checks: { nonce: NONCE, now },
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const i = process.argv.indexOf('--now');
  const now = i > 0 ? Number(process.argv[i + 1]) : NOW;
  const cases = await mintCases({ now });
  process.stdout.write(`${JSON.stringify({ issuer: ISSUER, clientId: CLIENT_ID, nonce: NONCE, now, cases }, null, 2)}\n`);
}
