// Mints keys and ID tokens with npm `jose` in Node, independently of the
// library under test, for the browser tests.
import { SignJWT, exportJWK, generateKeyPair } from 'jose';

/** A fresh key pair for `alg`: { alg, kid, privateKey, jwk } (jwk is public). */
export async function mintKey(alg, kid = `${alg.toLowerCase()}-${Math.random().toString(36).slice(2, 8)}`) {
  const { privateKey, publicKey } = await generateKeyPair(alg, alg === 'EdDSA' ? { crv: 'Ed25519' } : {});
  const jwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { alg, kid, privateKey, jwk };
}

/** Standard ID token claims issued now, valid for 10 minutes, plus `extra`. */
export function idClaims({ issuer, clientId, sub, nonce, ...extra }) {
  const now = Math.floor(Date.now() / 1000);
  return { iss: issuer, sub, aud: clientId, iat: now, exp: now + 600, nonce, ...extra };
}

/** A compact JWS of `claims` signed by `key` (header: alg, kid, typ JWT). */
export async function mintToken(key, claims) {
  return new SignJWT(claims)
    .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
    .sign(key.privateKey);
}

/** `token` with its payload replaced by `claims` and the signature kept. */
export function tamperPayload(token, claims) {
  const [header, , signature] = token.split('.');
  const payload = Buffer.from(JSON.stringify(claims)).toString('base64url');
  return `${header}.${payload}.${signature}`;
}
