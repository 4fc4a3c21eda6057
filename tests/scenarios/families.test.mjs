// Per-family builds: idtoken/rsa carries RS256…PS512 only. Tokens of the
// other families (ES*, EdDSA, Ed25519) and encrypted tokens are refused
// with ERR_ALG_NOT_ALLOWED, naming the entries that verify them; an RSA
// token validates as in the full build; keys of other families in a JWKS
// are skipped, not fatal.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadPkg } from '../support/pkg.mjs';
import { mintKey, mintToken, idClaims } from '../support/mint.mjs';

const DATA = JSON.parse(readFileSync(new URL('data/scenarios.json', import.meta.url), 'utf8'));
const byName = (name) => {
  const s = DATA.scenarios.find((x) => x.name === name);
  assert.ok(s, `scenario "${name}" is in scenarios.json`);
  return s;
};
const rsa = await loadPkg('rsa/');
const full = await loadPkg('');

test('idtoken/rsa validates an RSA token as the full build does', () => {
  for (const name of ['RS256 valid (jose)']) {
    const s = byName(name);
    const v = new rsa.IdTokenValidator(s.options ?? DATA.defaultOptions);
    assert.equal(v.validate(s.token, s.checks).alg, 'RS256');
    v.free();
  }
});

test('idtoken/rsa refuses ES256, EdDSA and Ed25519 tokens with ERR_ALG_NOT_ALLOWED naming the entries that verify them', async () => {
  const issuer = 'https://op.example.com';
  const clientId = 'client-1';
  for (const [alg, entries] of [['ES256', 'idtoken or idtoken/lite'], ['EdDSA', 'idtoken or idtoken/lite'], ['Ed25519', 'idtoken or idtoken/lite']]) {
    const key = await mintKey(alg);
    const token = await mintToken(key, idClaims({ issuer, clientId, sub: 'u' }));
    const options = { issuer, clientId, jwks: { keys: [key.jwk] } };
    // The full build accepts it (the test can fail) …
    assert.equal(new full.IdTokenValidator(options).validate(token).alg, alg);
    // … the RSA build says which entries would.
    const v = new rsa.IdTokenValidator(options);
    assert.throws(() => v.validate(token), {
      name: 'IdTokenError',
      code: 'ERR_ALG_NOT_ALLOWED',
      message: `alg ${alg}: not verified by idtoken/rsa (built without it); use ${entries}`,
    }, alg);
  }
});

test('idtoken/rsa refuses encrypted tokens and decryptionKeys, naming the full build', () => {
  const jwe = byName('RSA-OAEP + A256GCM (jose)');
  const { decryptionKeys, ...signOnly } = jwe.options;
  assert.ok(decryptionKeys);
  assert.throws(() => new rsa.IdTokenValidator(signOnly).validate(jwe.token, jwe.checks), {
    code: 'ERR_ALG_NOT_ALLOWED',
    message: 'token: found an encrypted ID token; this RSA-only build (idtoken/rsa) does not decrypt encrypted ID tokens (JWE); use the full build (idtoken)',
  });
  assert.throws(() => new rsa.IdTokenValidator(jwe.options), { code: 'ERR_INVALID_OPTIONS', message: /^decryptionKeys: this RSA-only build \(idtoken\/rsa\)/ });
});

test('idtoken/rsa skips keys of other families in a JWKS and uses its RSA keys', async () => {
  const issuer = 'https://op.example.com';
  const clientId = 'client-1';
  const rs = await mintKey('RS256', 'rs');
  const es = await mintKey('ES256', 'es');
  const v = new rsa.IdTokenValidator({ issuer, clientId, jwks: { keys: [es.jwk, rs.jwk] } });
  assert.equal(v.validate(await mintToken(rs, idClaims({ issuer, clientId, sub: 'u' }))).kid, 'rs');
  // tokenHash needs no signature family: it works for every algorithm.
  assert.equal(rsa.tokenHash('ES256', 'x'), full.tokenHash('ES256', 'x'));
});
