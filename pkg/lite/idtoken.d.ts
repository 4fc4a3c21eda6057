/* tslint:disable */
/* eslint-disable */

/** A JSON value, as claims and header members are. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [member: string]: JsonValue };

/**
 * The JWS algorithms this library verifies. `"Ed25519"` is RFC 9864's
 * fully-specified name for EdDSA with Ed25519: a separate entry of
 * `algorithms` (both are allowed by default), verified with the same keys
 * (a JWK whose `alg` is either name fits a token of either name).
 */
export type JwsAlgorithm =
| "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512"
| "ES256" | "ES384" | "ES512" | "EdDSA" | "Ed25519";

/** A JSON Web Key (RFC 7517). */
export interface Jwk {
    kty: string;
    kid?: string;
    alg?: string;
    use?: string;
    key_ops?: string[];
    crv?: string;
    n?: string;
    e?: string;
    x?: string;
    y?: string;
    [member: string]: JsonValue | undefined;
}

/** A JSON Web Key Set (RFC 7517): `{ keys: [...] }`. */
export interface Jwks {
    keys: Jwk[];
}

/**
 * Options of an `IdTokenValidator`. Only `issuer` and `clientId` are
 * required.
 *
 * Omit an option you do not use: a key present with `undefined` or `null`
 * is refused with `ERR_INVALID_OPTIONS`, never read as "not set", and so is
 * an unknown key. (With `exactOptionalPropertyTypes`, TypeScript reports
 * an explicit `undefined` too.)
 */
export interface IdTokenValidatorOptions {
    /** The issuer identifier: `iss` must equal it exactly. */
    issuer: string;
    /** The client's `client_id`: it must be in `aud`, and `azp`, when present, must equal it. */
    clientId: string;
    /**
     * The provider's public verification keys: a JWKS object or its JSON
     * text (at most 100 keys are read, and 256 KiB of JSON).
     *
     * An explicit `undefined` or `null` is refused (`ERR_INVALID_OPTIONS`): omit the key instead.
     *
     * @defaultValue none: no keys until `setKeys`, or until `validateAsync` loads them from `jwksUri`
     */
    jwks?: Jwks | string;
    /**
     * Where `validateAsync` loads the keys from (https, or http to a loopback host).
     *
     * An explicit `undefined` or `null` is refused (`ERR_INVALID_OPTIONS`): omit the key instead.
     *
     * @defaultValue none: `validateAsync` uses only the keys held, as `validate` does
     */
    jwksUri?: string;
    /**
     * Allow-list for the JWS `alg`. Naming `none` or an HMAC algorithm
     * (`HS256`...) is `ERR_INVALID_OPTIONS`.
     *
     * An explicit `undefined` or `null` is refused (`ERR_INVALID_OPTIONS`): omit the key instead.
     *
     * @defaultValue every supported algorithm (with `discover`: those the provider declares for ID tokens)
     */
    algorithms?: JwsAlgorithm[];
    /**
     * Leeway in seconds for `exp`, `nbf`, `iat` and `auth_time`.
     *
     * An explicit `undefined` or `null` is refused (`ERR_INVALID_OPTIONS`): omit the key instead.
     *
     * @defaultValue 60
     */
    clockToleranceSeconds?: number;
    /**
     * Refuse a token (`ERR_IAT`) when `now - iat` exceeds this many seconds (plus the tolerance).
     *
     * An explicit `undefined` or `null` is refused (`ERR_INVALID_OPTIONS`): omit the key instead.
     *
     * @defaultValue none: no limit on the token's age
     */
    maxTokenAgeSeconds?: number;
    /**
     * Extra `aud` values that may appear beside `clientId`; any other is `ERR_AUDIENCE`.
     *
     * An explicit `undefined` or `null` is refused (`ERR_INVALID_OPTIONS`): omit the key instead.
     *
     * @defaultValue `[]`
     */
    trustedAudiences?: string[];
    /**
     * Private keys for encrypted (JWE) ID tokens: a JWKS object or its JSON text.
     *
     * An explicit `undefined` or `null` is refused (`ERR_INVALID_OPTIONS`): omit the key instead.
     *
     * @defaultValue none: an encrypted token is `ERR_DECRYPTION`
     */
    decryptionKeys?: Jwks | string;
    /**
     * Refuse plain (unencrypted) JWS ID tokens with `ERR_ENCRYPTION_REQUIRED`.
     *
     * An explicit `undefined` or `null` is refused (`ERR_INVALID_OPTIONS`): omit the key instead.
     *
     * @defaultValue false
     */
    requireEncryption?: boolean;
    /**
     * Least time in seconds between two JWKS refetches from `jwksUri`.
     *
     * An explicit `undefined` or `null` is refused (`ERR_INVALID_OPTIONS`): omit the key instead.
     *
     * @defaultValue 30
     */
    jwksCooldownSeconds?: number;
    /**
     * Keys loaded from `jwksUri` longer ago than this many seconds are refetched before use.
     *
     * An explicit `undefined` or `null` is refused (`ERR_INVALID_OPTIONS`): omit the key instead.
     *
     * @defaultValue 600
     */
    jwksCacheMaxAgeSeconds?: number;
    /**
     * Give up on a discovery or JWKS request after this many seconds (more than 0, at most 600).
     *
     * An explicit `undefined` or `null` is refused (`ERR_INVALID_OPTIONS`): omit the key instead.
     *
     * @defaultValue 10
     */
    fetchTimeoutSeconds?: number;
}

/**
 * The checks of one token: the second argument of `validate` and
 * `validateAsync`.
 * Every key is optional.
 *
 * Omit a check you do not use: a key present with `undefined` or `null` is
 * refused with `ERR_INVALID_OPTIONS`, on purpose. `{ nonce: state.nonce }`
 * with a missing `state.nonce` throws rather than silently skipping the
 * nonce check. (With `exactOptionalPropertyTypes`, TypeScript reports an
 * explicit `undefined` too.)
 */
export interface TokenChecks {
    /**
     * The nonce sent in the authorization request: the `nonce` claim must be
     * present and equal (`ERR_NONCE`).
     *
     * An explicit `undefined` or `null` is refused (`ERR_INVALID_OPTIONS`): omit the key instead.
     *
     * @defaultValue none: the `nonce` claim is not checked
     */
    nonce?: string;
    /**
     * The access token issued with the ID token: when the token has
     * `at_hash`, it must match (`ERR_AT_HASH`).
     *
     * An explicit `undefined` or `null` is refused (`ERR_INVALID_OPTIONS`): omit the key instead.
     *
     * @defaultValue none: `at_hash` is not checked
     */
    accessToken?: string;
    /**
     * The authorization code: when the token has `c_hash`, it must match (`ERR_C_HASH`).
     *
     * An explicit `undefined` or `null` is refused (`ERR_INVALID_OPTIONS`): omit the key instead.
     *
     * @defaultValue none: `c_hash` is not checked
     */
    code?: string;
    /**
     * The `state` of the request: when the token has `s_hash`, it must match (`ERR_S_HASH`).
     *
     * An explicit `undefined` or `null` is refused (`ERR_INVALID_OPTIONS`): omit the key instead.
     *
     * @defaultValue none: `s_hash` is not checked
     */
    state?: string;
    /**
     * `at_hash` must be present as well as match `accessToken` (implicit and
     * hybrid flows); needs `accessToken`, else `ERR_INVALID_OPTIONS`.
     *
     * An explicit `undefined` or `null` is refused (`ERR_INVALID_OPTIONS`): omit the key instead.
     *
     * @defaultValue false
     */
    requireAtHash?: boolean;
    /**
     * `c_hash` must be present as well as match `code` (hybrid flow); needs
     * `code`, else `ERR_INVALID_OPTIONS`.
     *
     * An explicit `undefined` or `null` is refused (`ERR_INVALID_OPTIONS`): omit the key instead.
     *
     * @defaultValue false
     */
    requireCHash?: boolean;
    /**
     * `s_hash` must be present as well as match `state`; needs `state`, else
     * `ERR_INVALID_OPTIONS`.
     *
     * An explicit `undefined` or `null` is refused (`ERR_INVALID_OPTIONS`): omit the key instead.
     *
     * @defaultValue false
     */
    requireSHash?: boolean;
    /**
     * The `max_age` of the request, in seconds: `auth_time` must be present
     * and `now - auth_time <= maxAge + tolerance` (`ERR_AUTH_TIME`). With or
     * without it, an `auth_time` later than now plus the tolerance is
     * refused.
     *
     * An explicit `undefined` or `null` is refused (`ERR_INVALID_OPTIONS`): omit the key instead.
     *
     * @defaultValue none: `auth_time` need not be present
     */
    maxAge?: number;
    /**
     * The claims of the ID token this one refreshes (OpenID Connect Core 1.0,
     * 12.2): `iss`, `sub` and `aud` must be equal, `auth_time` and `azp`
     * present and equal where the earlier token had them (`ERR_REFRESH_MISMATCH`).
     *
     * An explicit `undefined` or `null` is refused (`ERR_INVALID_OPTIONS`): omit the key instead.
     *
     * @defaultValue none: not a refresh
     */
    previousClaims?: IdTokenClaims;
    /**
     * The acceptable `acr` values (at least one): `acr` must be present and
     * one of them (`ERR_ACR`).
     *
     * An explicit `undefined` or `null` is refused (`ERR_INVALID_OPTIONS`): omit the key instead.
     *
     * @defaultValue none: `acr` is not checked
     */
    acrValues?: string[];
    /**
     * The required authentication methods: `amr` must contain every one of them (`ERR_AMR`).
     *
     * An explicit `undefined` or `null` is refused (`ERR_INVALID_OPTIONS`): omit the key instead.
     *
     * @defaultValue none: `amr` is not checked
     */
    requiredAmr?: string[];
    /**
     * The time to validate at, in seconds since the epoch.
     *
     * An explicit `undefined` or `null` is refused (`ERR_INVALID_OPTIONS`): omit the key instead.
     *
     * @defaultValue the current time
     */
    now?: number;
}

/** The JOSE protected header. */
export interface JoseHeader {
    alg: string;
    kid?: string;
    typ?: string;
    cty?: string;
    crit?: string[];
    [member: string]: JsonValue | undefined;
}

/** The claims of an ID token (OpenID Connect Core 1.0), and any others. */
export interface IdTokenClaims {
    iss: string;
    sub: string;
    aud: string | string[];
    exp: number;
    iat: number;
    nbf?: number;
    auth_time?: number;
    nonce?: string;
    acr?: string;
    amr?: string[];
    azp?: string;
    at_hash?: string;
    c_hash?: string;
    s_hash?: string;
    sid?: string;
    [claim: string]: JsonValue | undefined;
}

/** A validated ID token. */
export interface ValidatedIdToken {
    /** The JWS protected header. */
    header: JoseHeader;
    /** All payload claims, as plain JSON values. */
    claims: IdTokenClaims;
    /** The `kid` of the key that verified it. */
    kid?: string;
    /** The signature algorithm. */
    alg: JwsAlgorithm;
    /** Whether the token arrived encrypted. */
    encrypted: boolean;
}

/** A token decoded without validation. */
export interface DecodedToken {
    header: JoseHeader;
    claims: IdTokenClaims;
}



/**
 * Validates OpenID Connect ID tokens for one client of one issuer.
 */
export class IdTokenValidator {
    free(): void;
    [Symbol.dispose](): void;
    /**
     * Fetches `{issuer}/.well-known/openid-configuration`, checks that its
     * `issuer` is exactly `issuer` and its `jwks_uri` is https (or loopback
     * http), then loads the keys from `jwks_uri`. Without `algorithms`,
     * the allow-list is the provider's declared ID token algorithms that
     * this library supports. Rejects with `ERR_DISCOVERY`, `ERR_JWKS_FETCH`
     * or `ERR_INVALID_OPTIONS`.
     */
    static discover(issuer: string, clientId: string, options?: Partial<IdTokenValidatorOptions>): Promise<IdTokenValidator>;
    /**
     * Builds a validator; keys are parsed here, once. Throws
     * `ERR_INVALID_OPTIONS` for options of the wrong shape or value.
     */
    constructor(options: IdTokenValidatorOptions);
    /**
     * Replaces the held keys with a JWKS object or its JSON text. Throws
     * `ERR_INVALID_OPTIONS` when it is not a JWKS; the old keys stay then.
     */
    setKeys(jwks: Jwks | string): void;
    /**
     * As `validate`, but loads keys from `jwksUri` when none are held or
     * they are older than `jwksCacheMaxAgeSeconds`, and refetches once
     * (at most once per `jwksCooldownSeconds`) when no held key fits the
     * token. Without `jwksUri` it behaves like `validate`. Always returns a
     * Promise, rejecting with the same errors.
     */
    validateAsync(token: string, checks?: TokenChecks | null): Promise<ValidatedIdToken>;
    /**
     * Validates `token` with the keys held now: synchronous, no network.
     * Returns the result or throws an `IdTokenError`.
     */
    validate(token: string, checks?: TokenChecks | null): ValidatedIdToken;
    /**
     * The `jwksUri` keys are loaded from, if any.
     */
    readonly jwksUri: string | undefined;
}

/**
 * Decodes a signed token WITHOUT any validation, for display and
 * debugging only. Throws `ERR_MALFORMED` for what is not a well-formed
 * JWS, and `ERR_DECRYPTION` for an encrypted token.
 */
export function decodeUnverified(token: string): DecodedToken;

/**
 * The `at_hash` / `c_hash` / `s_hash` value for `value` under signing
 * algorithm `alg`. Throws `ERR_ALG_NOT_ALLOWED` for an unsupported `alg`.
 */
export function tokenHash(alg: string, value: string): string;

export type InitInput = RequestInfo | URL | Response | BufferSource | WebAssembly.Module;

export interface InitOutput {
    readonly memory: WebAssembly.Memory;
}

export type SyncInitInput = BufferSource | WebAssembly.Module;

/**
 * Instantiates the given `module`, which can either be bytes or
 * a precompiled `WebAssembly.Module`.
 *
 * @param {{ module: SyncInitInput }} module - Passing `SyncInitInput` directly is deprecated.
 *
 * @returns {InitOutput}
 */
export function initSync(module: { module: SyncInitInput } | SyncInitInput): InitOutput;

/**
 * If `module_or_path` is {RequestInfo} or {URL}, makes a request and
 * for everything else, calls `WebAssembly.instantiate` directly.
 *
 * @param {{ module_or_path: InitInput | Promise<InitInput> }} module_or_path - Passing `InitInput` directly is deprecated.
 *
 * @returns {Promise<InitOutput>}
 */
export default function __wbg_init (module_or_path?: { module_or_path: InitInput | Promise<InitInput> } | InitInput | Promise<InitInput>): Promise<InitOutput>;
