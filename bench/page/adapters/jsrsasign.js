// Adapter: npm `jsrsasign` (pure JavaScript crypto), bundled with Vite like
// the jose adapter. Keys are converted once with KEYUTIL.getKey(jwk);
// KJUR.jws.JWS.verifyJWT checks alg, iss, aud, exp/nbf/iat at `verifyAt`
// and the signature; the nonce is compared afterwards. jsrsasign has no
// EdDSA for JWS (its JWS alg table: HS*, RS*, PS*, ES256/384/512).
import rs from 'jsrsasign';

const { KJUR, KEYUTIL, b64utoutf8 } = rs;

export const name = 'jsrsasign';
export const sync = true;
export const supports = (alg) => Object.hasOwn(KJUR.jws.JWS.jwsalg2sigalg, alg) && !alg.startsWith('HS') && alg !== 'none';

export async function prepare(jwks, { issuer, clientId, alg }) {
  if (!supports(alg)) throw new Error(`jsrsasign does not support ${alg}`);
  const key = KEYUTIL.getKey(jwks.keys[0]);
  return {
    validate(token, { nonce, now }) {
      const accept = { alg: [alg], iss: [issuer], aud: [clientId], verifyAt: now };
      if (!KJUR.jws.JWS.verifyJWT(token, key, accept)) throw new Error('verifyJWT refused the token');
      const payload = JSON.parse(b64utoutf8(token.slice(token.indexOf('.') + 1, token.lastIndexOf('.'))));
      if (payload.nonce !== nonce) throw new Error('nonce mismatch');
    },
  };
}

export async function firstValidation(jwks, options, token, checks) {
  const v = await prepare(jwks, options);
  v.validate(token, checks);
}
