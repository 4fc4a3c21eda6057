// Adapter: this library (pkg/), as plain ESM in the page. One
// IdTokenValidator per case holds the parsed keys; `validate` is synchronous.
import init, { IdTokenValidator } from '/pkg/idtoken.js';

export const name = 'idtoken';
export const sync = true;
export const supports = () => true;

let ready;
/** Fetches and instantiates the wasm once per page. */
export function load() {
  ready ||= init();
  return ready;
}

export async function prepare(jwks, { issuer, clientId, alg }) {
  await load();
  const validator = new IdTokenValidator({ issuer, clientId, jwks, algorithms: [alg] });
  return {
    validate(token, checks) {
      validator.validate(token, checks);
    },
  };
}
