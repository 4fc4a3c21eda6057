// Adapter: npm `jose`, as an app ships it (bench/build.mjs bundles this file
// with Vite, minified; the page imports the bundle). The local JWKS imports
// the key on first use and caches the CryptoKey; prepare() triggers that.
import { createLocalJWKSet, jwtVerify } from 'jose';

export const name = 'jose';
export const sync = false;
export const supports = () => true;

export async function prepare(jwks, { issuer, clientId, alg }) {
  const keySet = createLocalJWKSet(jwks);
  await keySet({ alg, kid: jwks.keys[0].kid }); // import the key ahead of time
  const options = { issuer, audience: clientId, algorithms: [alg] };
  return {
    async validate(token, { nonce, now }) {
      const { payload } = await jwtVerify(token, keySet, { ...options, currentDate: new Date(now * 1000) });
      if (payload.nonce !== nonce) throw new Error('nonce mismatch');
    },
  };
}

/** Cold start: what an app does on its first token (the import is timed by the caller). */
export async function firstValidation(jwks, { issuer, clientId, alg }, token, { nonce, now }) {
  const keySet = createLocalJWKSet(jwks);
  const { payload } = await jwtVerify(token, keySet, {
    issuer, audience: clientId, algorithms: [alg], currentDate: new Date(now * 1000),
  });
  if (payload.nonce !== nonce) throw new Error('nonce mismatch');
}
