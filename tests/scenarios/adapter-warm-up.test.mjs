// The oidc-client-ts adapter validates one token that cannot pass right
// after it loads idtoken, so that the engine compiles the signature path
// while the code is being exchanged. That warm-up must reach the signature
// check itself (ERR_BAD_SIGNATURE under the provider's own key, for each
// key type), never succeed, and leave the validator working.
import { test, before } from 'node:test';
import { readFileSync } from 'node:fs';
import assert from 'node:assert/strict';
import { createIdTokenVerifier } from '../../pkg/oidc-client-ts.js';
import * as manual from '../../pkg/manual.js';
import { idClaims, mintKey, mintToken } from '../support/mint.mjs';

// In Node the wasm is read from disk (the adapter's own default load
// fetches it, as in a browser).
before(() => manual.initSync({ module: readFileSync(new URL('../../pkg/idtoken_bg.wasm', import.meta.url)) }));

const ISSUER = 'https://op.example.com';
const CLIENT = 'warm-up-client';

for (const alg of ['RS256', 'PS384', 'ES256', 'ES384', 'ES512', 'EdDSA']) {
  test(`${alg}: the warm-up token reaches the signature check and is refused; the sign-in token then passes`, async () => {
    const key = await mintKey(alg);
    const seen = [];
    class Recording extends manual.IdTokenValidator {
      validate(token, checks) {
        try {
          const r = super.validate(token, checks);
          seen.push({ token, ok: true });
          return r;
        } catch (e) {
          seen.push({ token, code: e.code });
          throw e;
        }
      }
    }
    const verifier = await createIdTokenVerifier({ authority: ISSUER, client_id: CLIENT }, {
      jwks: { keys: [key.jwk] },
      load: async () => ({ ...manual, default: async () => {}, IdTokenValidator: Recording }),
    });
    assert.equal(seen.length, 1, 'one warm-up validation');
    assert.equal(seen[0].code, 'ERR_BAD_SIGNATURE');
    const header = JSON.parse(Buffer.from(seen[0].token.split('.')[0], 'base64url'));
    assert.deepEqual(header, { alg, kid: key.jwk.kid });
    const token = await mintToken(key, idClaims({ issuer: ISSUER, clientId: CLIENT, sub: 'after-warm-up', nonce: 'n' }));
    const { claims } = await verifier.validator.validateAsync(token, { nonce: 'n' });
    assert.equal(claims.sub, 'after-warm-up');
  });
}
