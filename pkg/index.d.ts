/**
 * `idtoken`: the default entry. It initialises itself on import (top-level
 * await), so `init` is not needed:
 *
 * ```ts
 * import { IdTokenValidator, IdTokenError } from 'idtoken';
 *
 * const validator = new IdTokenValidator({ issuer, clientId, jwks });
 * const { claims } = validator.validate(idToken, { nonce });
 * ```
 *
 * In Node 20+, Deno and Bun the `node` export condition loads the wasm from
 * disk synchronously instead. `idtoken/manual` is the same API with
 * explicit initialisation; `idtoken/lite` and `idtoken/lite/manual` are the
 * same API without encrypted (JWE) tokens, in a smaller wasm.
 *
 * Every failure throws an {@link IdTokenError} whose `code` is an
 * {@link IdTokenErrorCode}.
 *
 * @module idtoken
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

/**
 * Every error code an {@link IdTokenError} can carry, and what it means.
 * Checks run in a fixed order and the first failure is thrown: size and
 * shape, decryption, header, key selection, signature, required claims,
 * `iss`, `aud`, `azp`, `exp`, `nbf`, `iat`, `nonce`, hashes, `auth_time`,
 * `acr`, `amr`, `previousClaims`.
 */
export type IdTokenErrorCode =
  /** Not a compact JWS (3 parts) or JWE (5 parts), loose base64url, a header or payload that is not a JSON object, duplicate members, or over 64 KiB: not a token, or a tampered one. */
  | "ERR_MALFORMED"
  /** Options, checks, keys or arguments of the wrong shape or value (an unknown key, or a key given `undefined` or `null`): a bug in the app's configuration. */
  | "ERR_INVALID_OPTIONS"
  /** The `alg` (or the JWE `alg`/`enc`) is missing, `none`, HMAC, unknown, or outside `algorithms`, or the entry lacks it: forged, or a misconfigured provider. */
  | "ERR_ALG_NOT_ALLOWED"
  /** `crit` names an extension this library does not process: the token asks for rules it cannot apply. */
  | "ERR_CRIT"
  /** `typ` is present and not `JWT` (e.g. `at+jwt`, `logout+jwt`): another kind of token passed off as an ID token. */
  | "ERR_TYP"
  /** No held key fits the token's `kid` and `alg` (`validateAsync` refetches once first): the provider rotated its keys, or the token is foreign. */
  | "ERR_NO_MATCHING_KEY"
  /** The selected RSA key is shorter than 2048 bits: too weak to trust. */
  | "ERR_WEAK_KEY"
  /** The signature does not verify: tampered or forged. */
  | "ERR_BAD_SIGNATURE"
  /** A required claim (`iss`, `sub`, `aud`, `exp`, `iat`) is absent: not an ID token. */
  | "ERR_CLAIM_MISSING"
  /** A claim has the wrong JSON type (e.g. `exp` a string) or `sub` is empty: not a well-formed ID token. */
  | "ERR_CLAIM_INVALID"
  /** `iss` differs from the `issuer` option: issued by another provider (mix-up). */
  | "ERR_ISSUER"
  /** `aud` lacks `clientId`, or holds a value that is neither `clientId` nor in `trustedAudiences`: issued to another client. */
  | "ERR_AUDIENCE"
  /** Several audiences and no `azp`, or `azp` present and not `clientId`: obtained by another client. */
  | "ERR_AZP"
  /** `now >= exp + tolerance`: the sign-in is stale (or the device clock is wrong). */
  | "ERR_EXPIRED"
  /** `nbf` is later than `now + tolerance`: clock skew between device and provider. */
  | "ERR_NOT_YET_VALID"
  /** `iat` is in the future (beyond the tolerance), or older than `maxTokenAgeSeconds`: clock skew, or a replayed old token. */
  | "ERR_IAT"
  /** The `nonce` check was given and the claim is missing or different: a replayed or injected response. */
  | "ERR_NONCE"
  /** `at_hash` does not match `accessToken`, or `requireAtHash` and it is absent: the access token was swapped. */
  | "ERR_AT_HASH"
  /** `c_hash` does not match `code`, or `requireCHash` and it is absent: the code was swapped. */
  | "ERR_C_HASH"
  /** `s_hash` does not match `state`, or `requireSHash` and it is absent: the state was swapped. */
  | "ERR_S_HASH"
  /** `maxAge` given and `auth_time` missing or too old, or `auth_time` in the future: the user must authenticate again. */
  | "ERR_AUTH_TIME"
  /** `acrValues` given and `acr` missing or not among them: the step-up did not happen. */
  | "ERR_ACR"
  /** `requiredAmr` given and `amr` missing or lacking one of them: a required method (e.g. `otp`) was not used. */
  | "ERR_AMR"
  /** `previousClaims` given and `iss`, `sub`, `aud`, `auth_time` or `azp` differ: the refreshed token is for another user or session. */
  | "ERR_REFRESH_MISMATCH"
  /** `requireEncryption` and a plain JWS arrived: the provider did not encrypt as agreed. */
  | "ERR_ENCRYPTION_REQUIRED"
  /** No usable decryption key, or the JWE does not decrypt: a wrong key, or a tampered encrypted token. */
  | "ERR_DECRYPTION"
  /** The JWKS could not be fetched or parsed: the provider's key endpoint is down or broken. */
  | "ERR_JWKS_FETCH"
  /** The discovery document is unreachable, invalid, or names another issuer: a wrong issuer URL, or the provider is down. */
  | "ERR_DISCOVERY"
  /** A call before the wasm is initialised (`idtoken/manual` without `init`), or on a validator after `free()`: initialise first, or make a new validator. */
  | "ERR_NOT_READY";

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
 * Instantiates the wasm asynchronously: needed with `idtoken/manual` (and
 * `idtoken/lite/manual`) only, since the default entries are initialised on
 * import. Without an argument the wasm is fetched from `idtoken_bg.wasm`
 * beside the module; `module_or_path` may also be a URL, a Response, the
 * bytes, or a compiled `WebAssembly.Module`. Once initialised, calling it
 * again does nothing.
 */
export default function init(input?: { module_or_path: InitInput | Promise<InitInput> }): Promise<InitOutput>;

/**
 * Instantiates the wasm synchronously from its bytes or a compiled
 * `WebAssembly.Module` (with `idtoken/manual`; the default entries are
 * initialised on import). Once initialised, calling it again does nothing.
 */
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
