// The app the bundler tests build (Vite, webpack 5): it imports the package
// by name, never calls init, validates the ID token handed over in the URL
// fragment as JSON, #{"token", "jwks", "issuer", "clientId", "nonce"}
// (URI-encoded), and writes the outcome into #result. It also records what
// a call on a freed validator throws (data-freed).
import { IdTokenError, IdTokenValidator } from 'idtoken';

const out = document.getElementById('result');

function show(status, fields) {
  for (const [k, v] of Object.entries(fields)) out.dataset[k] = v ?? '';
  out.textContent = status === 'ok'
    ? `valid: sub=${fields.sub} alg=${fields.alg}`
    : `invalid: ${fields.code}: ${fields.message}`;
  out.dataset.status = status;
}

function afterFree(validator, token) {
  try {
    validator.validate(token);
    return 'no error';
  } catch (e) {
    return e instanceof IdTokenError ? e.code : `not an IdTokenError: ${e}`;
  }
}

function main() {
  const { token, jwks, issuer, clientId, nonce } =
    JSON.parse(decodeURIComponent(location.hash.slice(1)));
  const validator = new IdTokenValidator({ issuer, clientId, jwks });
  try {
    const result = validator.validate(token, { nonce });
    validator.free();
    show('ok', { sub: result.claims.sub, alg: result.alg, kid: result.kid, freed: afterFree(validator, token) });
  } catch (e) {
    validator.free();
    if (!(e instanceof IdTokenError)) throw e;
    show('error', { code: e.code, name: e.name, message: e.message });
  }
}

try {
  main();
} catch (e) {
  show('crash', { code: 'CRASH', message: String((e && e.stack) || e) });
}
