// idtoken/manual: the API with explicit initialisation (`await init()` or
// `initSync({ module })`), for browser extensions, workers, service workers
// and pages whose CSP or hosting needs control over where the wasm comes
// from. The default entry (index.js) and the Node entry (node.js) are this
// module, initialised for you.
//
// It wraps the wasm-bindgen glue (./idtoken.js, internal) so that a call
// before initialisation, or on a validator after free(), throws an
// IdTokenError with code ERR_NOT_READY instead of a TypeError from deep
// inside the glue.
import glueInit, * as glue from './idtoken.js';

/** Every code an IdTokenError can carry (IdTokenErrorCode in the declarations). */
const CODES = new Set([
  'ERR_MALFORMED', 'ERR_INVALID_OPTIONS', 'ERR_ALG_NOT_ALLOWED', 'ERR_CRIT',
  'ERR_TYP', 'ERR_NO_MATCHING_KEY', 'ERR_WEAK_KEY', 'ERR_BAD_SIGNATURE',
  'ERR_CLAIM_MISSING', 'ERR_CLAIM_INVALID', 'ERR_ISSUER', 'ERR_AUDIENCE',
  'ERR_AZP', 'ERR_EXPIRED', 'ERR_NOT_YET_VALID', 'ERR_IAT', 'ERR_NONCE',
  'ERR_AT_HASH', 'ERR_C_HASH', 'ERR_S_HASH', 'ERR_AUTH_TIME', 'ERR_ACR',
  'ERR_AMR', 'ERR_REFRESH_MISMATCH', 'ERR_ENCRYPTION_REQUIRED',
  'ERR_DECRYPTION', 'ERR_JWKS_FETCH', 'ERR_DISCOVERY', 'ERR_NOT_READY',
]);

/** Whether `value` is an error thrown by this library. */
export function isIdTokenError(value) {
  return value instanceof Error && value.name === 'IdTokenError' && CODES.has(value.code);
}

/**
 * The error every failure throws. Errors raised inside the wasm are plain
 * `Error` objects with `name` "IdTokenError" and a `code`; `instanceof
 * IdTokenError` recognises them as well as the ones made here.
 */
export class IdTokenError extends Error {
  constructor(code, message, claim) {
    super(message);
    this.name = 'IdTokenError';
    this.code = code;
    if (claim !== undefined) this.claim = claim;
  }

  static [Symbol.hasInstance](value) {
    return isIdTokenError(value);
  }
}

let ready = false;

const NOT_INITIALISED =
  'idtoken is not initialised yet: import it from "idtoken" (which initialises itself), ' +
  'or with "idtoken/manual" await init() or call initSync({ module }) first';
const FREED = 'this IdTokenValidator was freed (free() or the end of a `using` block): create a new one';

function assertReady() {
  if (!ready) throw new IdTokenError('ERR_NOT_READY', NOT_INITIALISED);
}

/**
 * Instantiates the wasm asynchronously. Without an argument it is fetched
 * from `idtoken_bg.wasm` beside this module; `{ module_or_path }` may be a
 * URL, a Response, bytes or a compiled WebAssembly.Module. Calling it again
 * once initialised does nothing.
 */
export default async function init(input) {
  const out = await glueInit(input);
  ready = true;
  return out;
}

/** Instantiates the wasm synchronously from `{ module }`: bytes or a WebAssembly.Module. */
export function initSync(input) {
  const out = glue.initSync(input);
  ready = true;
  return out;
}

/** Adopting a validator the glue made (discover), not building one from options. */
const ADOPT = Symbol('adopt');

/** Validates OpenID Connect ID tokens for one client of one issuer. */
export class IdTokenValidator {
  #inner = null;

  constructor(options, inner) {
    if (options === ADOPT) {
      this.#inner = inner;
      return;
    }
    assertReady();
    this.#inner = new glue.IdTokenValidator(options);
  }

  #live() {
    if (this.#inner === null) throw new IdTokenError('ERR_NOT_READY', FREED);
    return this.#inner;
  }

  /** Fetches the discovery document and the keys; resolves to a validator. */
  static async discover(issuer, clientId, options) {
    assertReady();
    return new IdTokenValidator(ADOPT, await glue.IdTokenValidator.discover(issuer, clientId, options));
  }

  /** Validates `token` with the keys held now: synchronous, no network. */
  validate(token, checks) {
    return this.#live().validate(token, checks);
  }

  /** As validate, loading or refreshing keys from jwksUri when needed. Always a Promise. */
  validateAsync(token, checks) {
    try {
      return this.#live().validateAsync(token, checks);
    } catch (e) {
      return Promise.reject(e);
    }
  }

  /** Replaces the held keys with a JWKS object or its JSON text. */
  setKeys(jwks) {
    this.#live().setKeys(jwks);
  }

  /** The jwksUri keys are loaded from, if any. */
  get jwksUri() {
    return this.#live().jwksUri;
  }

  /** Releases the wasm memory now; every later call throws ERR_NOT_READY. Calling it again does nothing. */
  free() {
    const inner = this.#inner;
    this.#inner = null;
    inner?.free();
  }
}
if (Symbol.dispose) IdTokenValidator.prototype[Symbol.dispose] = IdTokenValidator.prototype.free;

/** The at_hash / c_hash / s_hash value for `value` under signing algorithm `alg`. */
export function tokenHash(alg, value) {
  assertReady();
  return glue.tokenHash(alg, value);
}

/** Decodes a signed token WITHOUT any validation, for display and debugging only. */
export function decodeUnverified(token) {
  assertReady();
  return glue.decodeUnverified(token);
}
