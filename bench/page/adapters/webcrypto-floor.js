// Adapter: the floor. Bare crypto.subtle.verify over the signing input with
// a CryptoKey imported ahead of time. Only splits the token and decodes the
// signature: no header or claim parsing, no claim checks. A reference for
// what the signature alone costs through WebCrypto, not a validator.
export const name = 'webcrypto-floor';
export const sync = false;
export const supports = (alg) => Object.hasOwn(PARAMS, alg);

const PARAMS = {
  RS256: { imp: { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, ver: { name: 'RSASSA-PKCS1-v1_5' } },
  PS256: { imp: { name: 'RSA-PSS', hash: 'SHA-256' }, ver: { name: 'RSA-PSS', saltLength: 32 } },
  ES256: { imp: { name: 'ECDSA', namedCurve: 'P-256' }, ver: { name: 'ECDSA', hash: 'SHA-256' } },
  ES384: { imp: { name: 'ECDSA', namedCurve: 'P-384' }, ver: { name: 'ECDSA', hash: 'SHA-384' } },
  ES512: { imp: { name: 'ECDSA', namedCurve: 'P-521' }, ver: { name: 'ECDSA', hash: 'SHA-512' } },
  EdDSA: { imp: { name: 'Ed25519' }, ver: { name: 'Ed25519' } },
};

const encoder = new TextEncoder();

function fromBase64url(s) {
  if (Uint8Array.fromBase64) return Uint8Array.fromBase64(s, { alphabet: 'base64url' });
  const bin = atob(s.replace(/-/g, '+').replace(/_/g, '/'));
  const out = new Uint8Array(bin.length);
  for (let i = 0; i < bin.length; i++) out[i] = bin.charCodeAt(i);
  return out;
}

export async function prepare(jwks, { alg }) {
  const { imp, ver } = PARAMS[alg];
  const { kty, n, e, crv, x, y } = jwks.keys[0];
  const jwk = kty === 'RSA' ? { kty, n, e } : kty === 'EC' ? { kty, crv, x, y } : { kty, crv, x };
  const key = await crypto.subtle.importKey('jwk', jwk, imp, false, ['verify']);
  return {
    async validate(token) {
      const dot = token.lastIndexOf('.');
      if (dot < 0) throw new Error('not a JWS');
      const ok = await crypto.subtle.verify(ver, key, fromBase64url(token.slice(dot + 1)), encoder.encode(token.slice(0, dot)));
      if (!ok) throw new Error('bad signature');
    },
  };
}

export async function firstValidation(jwks, options, token, checks) {
  const v = await prepare(jwks, options);
  await v.validate(token, checks);
}
