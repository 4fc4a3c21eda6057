/**
 * `idtoken/manual`: the API with explicit initialisation, for browser
 * extensions, workers, service workers and strict Content Security
 * Policies. Call {@link init} (or {@link initSync}) once before anything
 * else; until then every call throws an {@link IdTokenError} with code
 * `ERR_NOT_READY`.
 *
 * @module idtoken/manual
 */
import type {
  DecodedToken,
  IdTokenValidatorOptions,
  Jwks,
  JwsAlgorithm,
  TokenChecks,
  ValidatedIdToken,
} from './idtoken.js';

export type {
  DecodedToken,
  IdTokenClaims,
  IdTokenValidatorOptions,
  JoseHeader,
  JsonValue,
  Jwk,
  Jwks,
  JwsAlgorithm,
  TokenChecks,
  ValidatedIdToken,
} from './idtoken.js';

/** Every error code an {@link IdTokenError} can carry. */
export type IdTokenErrorCode =
  | "ERR_MALFORMED" | "ERR_INVALID_OPTIONS" | "ERR_ALG_NOT_ALLOWED" | "ERR_CRIT"
  | "ERR_TYP" | "ERR_NO_MATCHING_KEY" | "ERR_WEAK_KEY" | "ERR_BAD_SIGNATURE"
  | "ERR_CLAIM_MISSING" | "ERR_CLAIM_INVALID" | "ERR_ISSUER" | "ERR_AUDIENCE"
  | "ERR_AZP" | "ERR_EXPIRED" | "ERR_NOT_YET_VALID" | "ERR_IAT" | "ERR_NONCE"
  | "ERR_AT_HASH" | "ERR_C_HASH" | "ERR_S_HASH" | "ERR_AUTH_TIME" | "ERR_ACR"
  | "ERR_AMR" | "ERR_REFRESH_MISMATCH" | "ERR_ENCRYPTION_REQUIRED"
  | "ERR_DECRYPTION" | "ERR_JWKS_FETCH" | "ERR_DISCOVERY" | "ERR_NOT_READY";

/** The claims a claim failure can name in {@link IdTokenError.claim}. */
export type ClaimName =
  | "iss" | "sub" | "aud" | "exp" | "iat" | "nbf" | "auth_time" | "nonce"
  | "acr" | "amr" | "azp" | "at_hash" | "c_hash" | "s_hash";

/**
 * What every failure throws. `code` says what failed; for claim failures
 * `claim` names the claim. `instanceof IdTokenError` recognises every error
 * the library throws, including the ones raised inside the wasm.
 */
export class IdTokenError extends Error {
  /** An error as the library throws it (useful for test doubles). */
  constructor(code: IdTokenErrorCode, message: string, claim?: ClaimName);
  /** Always `"IdTokenError"`. */
  name: "IdTokenError";
  /** The stable error code. */
  code: IdTokenErrorCode;
  /** The claim a claim failure is about. */
  claim?: ClaimName;
  /** True for errors thrown by this library (`name` "IdTokenError" and a known `code`). */
  static [Symbol.hasInstance](value: unknown): value is IdTokenError;
}

/** Whether `value` is an error thrown by this library; the same test as `instanceof IdTokenError`. */
export function isIdTokenError(value: unknown): value is IdTokenError;

/** Options of {@link IdTokenValidator.discover}: `issuer` and `jwksUri` come from discovery, `clientId` from its argument. */
export type DiscoverOptions = Omit<Partial<IdTokenValidatorOptions>, "issuer" | "clientId" | "jwksUri">;

/** Where {@link init} takes the wasm from. */
export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

/** What initialisation returns: the instance's memory. */
export interface InitOutput {
  /** The wasm instance's linear memory. */
  readonly memory: WebAssembly.Memory;
}

/**
 * Instantiates the wasm asynchronously. Without an argument it is fetched
 * from `idtoken_bg.wasm` beside the module; `module_or_path` may also be a
 * URL, a Response, the bytes, or a compiled `WebAssembly.Module`. Once
 * initialised, calling it again does nothing.
 */
export default function init(input?: { module_or_path: InitInput | Promise<InitInput> }): Promise<InitOutput>;

/** Instantiates the wasm synchronously from its bytes or a compiled `WebAssembly.Module`. */
export function initSync(input: { module: BufferSource | WebAssembly.Module }): InitOutput;

/** Validates OpenID Connect ID tokens for one client of one issuer. */
export class IdTokenValidator {
  /**
   * Builds a validator; keys are parsed here, once. Throws
   * `ERR_INVALID_OPTIONS` for options of the wrong shape or value, and
   * `ERR_NOT_READY` before initialisation.
   */
  constructor(options: IdTokenValidatorOptions);
  /**
   * Fetches `{issuer}/.well-known/openid-configuration`, checks that its
   * `issuer` is exactly `issuer` and its `jwks_uri` is https (or loopback
   * http), then loads the keys from `jwks_uri`. Without `algorithms`, the
   * allow-list is the provider's declared ID token algorithms that this
   * library supports. Rejects with `ERR_DISCOVERY`, `ERR_JWKS_FETCH` or
   * `ERR_INVALID_OPTIONS`.
   */
  static discover(issuer: string, clientId: string, options?: DiscoverOptions): Promise<IdTokenValidator>;
  /**
   * Validates `token` with the keys held now: synchronous, no network.
   * Returns the result or throws an {@link IdTokenError}.
   */
  validate(token: string, checks?: TokenChecks | null): ValidatedIdToken;
  /**
   * As `validate`, but loads keys from `jwksUri` when none are held or
   * they are older than `jwksCacheMaxAgeSeconds`, and refetches once (at
   * most once per `jwksCooldownSeconds`) when no held key fits the token.
   * Without `jwksUri` it behaves like `validate`. Always returns a Promise,
   * rejecting with the same errors.
   */
  validateAsync(token: string, checks?: TokenChecks | null): Promise<ValidatedIdToken>;
  /**
   * Replaces the held keys with a JWKS object or its JSON text. Throws
   * `ERR_INVALID_OPTIONS` when it is not a JWKS; the old keys stay then.
   */
  setKeys(jwks: Jwks | string): void;
  /** The `jwksUri` keys are loaded from, if any. */
  readonly jwksUri: string | undefined;
  /** Releases the validator's wasm memory now; every later call throws `ERR_NOT_READY`. */
  free(): void;
  /** `free()`, for `using` declarations. */
  [Symbol.dispose](): void;
}

/**
 * The `at_hash` / `c_hash` / `s_hash` value for `value` under signing
 * algorithm `alg`. Throws `ERR_ALG_NOT_ALLOWED` for an unsupported `alg`.
 */
export function tokenHash(alg: JwsAlgorithm, value: string): string;

/**
 * Decodes a signed token WITHOUT any validation, for display and debugging
 * only. Throws `ERR_MALFORMED` for what is not a well-formed JWS, and
 * `ERR_DECRYPTION` for an encrypted token.
 */
export function decodeUnverified(token: string): DecodedToken;
