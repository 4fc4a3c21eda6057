// The lean build (idtoken/lite: every signature algorithm, no JWE): a
// jose-minted JWE, which the full build decrypts and validates, is refused
// with ERR_ALG_NOT_ALLOWED and a message that names the full build; the
// same options with decryptionKeys are ERR_INVALID_OPTIONS; a plain signed
// token validates as in the full build.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadPkg } from '../support/pkg.mjs';

const DATA = JSON.parse(readFileSync(new URL('data/scenarios.json', import.meta.url), 'utf8'));
const byName = (name) => {
  const s = DATA.scenarios.find((x) => x.name === name);
  assert.ok(s, `scenario "${name}" is in scenarios.json`);
  return s;
};
const jwe = byName('RSA-OAEP + A256GCM (jose)');
const { decryptionKeys, ...signOnly } = jwe.options;

test('the full build decrypts and validates the JWE scenario', async () => {
  const full = await loadPkg('');
  const v = new full.IdTokenValidator(jwe.options);
  assert.equal(v.validate(jwe.token, jwe.checks).encrypted, true);
  v.free();
});

test('the lean build refuses a JWE with ERR_ALG_NOT_ALLOWED, naming the full build', async () => {
  const lite = await loadPkg('lite/');
  assert.ok(decryptionKeys, 'the scenario carries decryption keys');
  const v = new lite.IdTokenValidator(signOnly);
  assert.throws(() => v.validate(jwe.token, jwe.checks), (e) => {
    assert.equal(e.name, 'IdTokenError');
    assert.equal(e.code, 'ERR_ALG_NOT_ALLOWED');
    assert.match(e.message, /encrypted ID token/);
    assert.match(e.message, /full build \(idtoken\)/);
    return true;
  });
  assert.throws(() => new lite.IdTokenValidator(jwe.options), (e) => {
    assert.equal(e.code, 'ERR_INVALID_OPTIONS');
    assert.match(e.message, /^decryptionKeys: .*full build \(idtoken\)/);
    return true;
  });
  // A plain signed token still validates in the lean build.
  const plain = DATA.scenarios.find((s) => s.expect?.ok === true && s.token.split('.').length === 3 && !s.options);
  assert.ok(plain, 'a plain accepted scenario exists');
  const w = new lite.IdTokenValidator({ ...DATA.defaultOptions });
  assert.ok(w.validate(plain.token, plain.checks).claims.sub);
});
