/**
 * `idtoken/manual`: the API of `idtoken` with explicit initialisation, for
 * browser extensions, workers, service workers and strict Content Security
 * Policies. Call `init()` (or `initSync({ module })`) once before anything
 * else; until then every call throws an `IdTokenError` with code
 * `ERR_NOT_READY`.
 *
 * ```ts
 * import init, { IdTokenValidator } from 'idtoken/manual';
 *
 * await init(); // fetches idtoken_bg.wasm beside the module
 * const validator = new IdTokenValidator({ issuer, clientId, jwks });
 * ```
 *
 * Everything here is the `idtoken` entry's API, documented there.
 *
 * @module idtoken/manual
 */
export * from './index.js';
export { default } from './index.js';
