// Adapter: a pure-JavaScript verifier on npm `@noble/curves` and
// `@noble/hashes` (what an app without WebCrypto or wasm would ship),
// bundled with Vite like the jose adapter. It verifies ES256/384/512
// (raw r || s, high S allowed as in JWS) and EdDSA/Ed25519 (strict RFC 8032,
// not ZIP-215), then checks iss, aud, exp, nbf, iat and nonce. noble's RSA
// lives in another package: this adapter has none, so RSA cases compare
// against jsrsasign only.
import { p256, p384, p521 } from '@noble/curves/nist.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha256, sha384, sha512 } from '@noble/hashes/sha2.js';

export const name = 'noble';
export const sync = true;

const ECDSA = { ES256: [p256, sha256, 32], ES384: [p384, sha384, 48], ES512: [p521, sha512, 66] };
export const supports = (alg) => Object.hasOwn(ECDSA, alg) || alg === 'EdDSA' || alg === 'Ed25519';

const b64u = (s) => {
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
};
const text = new TextEncoder();

/** The public key bytes noble takes: SEC1 uncompressed, or Ed25519's 32 bytes. */
function publicKey(jwk, alg) {
  if (!Object.hasOwn(ECDSA, alg)) return b64u(jwk.x);
  const [x, y] = [b64u(jwk.x), b64u(jwk.y)];
  const point = new Uint8Array(1 + x.length + y.length);
  point[0] = 4;
  point.set(x, 1);
  point.set(y, 1 + x.length);
  return point;
}

function verifier(jwks, { issuer, clientId, alg }) {
  if (!supports(alg)) throw new Error(`noble adapter does not support ${alg}`);
  const key = publicKey(jwks.keys[0], alg);
  const verifySignature = Object.hasOwn(ECDSA, alg)
    ? (input, sig) => {
      const [curve, hash] = ECDSA[alg];
      return curve.verify(sig, hash(input), key, { prehash: false, lowS: false, format: 'compact' });
    }
    : (input, sig) => ed25519.verify(sig, input, key, { zip215: false });
  return (token, { nonce, now }) => {
    const dot = token.lastIndexOf('.');
    const [h, p] = token.slice(0, dot).split('.');
    const header = JSON.parse(new TextDecoder().decode(b64u(h)));
    if (header.alg !== alg) throw new Error('alg mismatch');
    if (!verifySignature(text.encode(token.slice(0, dot)), b64u(token.slice(dot + 1)))) throw new Error('bad signature');
    const c = JSON.parse(new TextDecoder().decode(b64u(p)));
    if (c.iss !== issuer) throw new Error('iss');
    const aud = Array.isArray(c.aud) ? c.aud : [c.aud];
    if (!aud.includes(clientId)) throw new Error('aud');
    if (typeof c.exp !== 'number' || now >= c.exp + 60) throw new Error('exp');
    if (typeof c.nbf === 'number' && now < c.nbf - 60) throw new Error('nbf');
    if (typeof c.iat !== 'number' || c.iat > now + 60) throw new Error('iat');
    if (c.nonce !== nonce) throw new Error('nonce mismatch');
  };
}

export async function prepare(jwks, options) {
  return { validate: verifier(jwks, options) };
}

export async function firstValidation(jwks, options, token, checks) {
  verifier(jwks, options)(token, checks);
}
