// Validates the ID token handed over in the URL fragment, as JSON:
// #{"token", "jwks", "issuer", "clientId", "nonce"} (URI-encoded), and
// writes the outcome into #result.
import init, { IdTokenValidator, isIdTokenError } from 'idtoken';

const out = document.getElementById('result');

function show(status, fields) {
  out.dataset.status = status;
  for (const [k, v] of Object.entries(fields)) out.dataset[k] = v ?? '';
  out.textContent = status === 'ok'
    ? `valid: sub=${fields.sub} alg=${fields.alg}`
    : `invalid: ${fields.code}: ${fields.message}`;
}

async function main() {
  const { token, jwks, issuer, clientId, nonce } =
    JSON.parse(decodeURIComponent(location.hash.slice(1)));
  await init();
  const validator = new IdTokenValidator({ issuer, clientId, jwks });
  try {
    const result = validator.validate(token, { nonce });
    show('ok', { sub: result.claims.sub, alg: result.alg, kid: result.kid });
  } catch (e) {
    if (!isIdTokenError(e)) throw e;
    show('error', { code: e.code, name: e.name, message: e.message });
  } finally {
    validator.free();
  }
}

main().catch((e) => show('crash', { code: 'CRASH', message: String(e && e.stack || e) }));
