//! The TypeScript declarations of the data the API takes and returns:
//! options, checks, results, keys and claims, with no `any`. The error
//! class, its code and claim unions, and the entry points' signatures are
//! declared by the package's hand-written entries (js/manual.d.ts).

use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TYPES: &'static str = r#"
/** A JSON value, as claims and header members are. */
export type JsonValue = string | number | boolean | null | JsonValue[] | { [member: string]: JsonValue };

/** The JWS algorithms this library verifies. */
export type JwsAlgorithm =
  | "RS256" | "RS384" | "RS512" | "PS256" | "PS384" | "PS512"
  | "ES256" | "ES384" | "ES512" | "EdDSA";

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

/** A JSON Web Key Set (RFC 7517 section 5). */
export interface Jwks {
  keys: Jwk[];
}

/** Options of an IdTokenValidator (API.md section 1). */
export interface IdTokenValidatorOptions {
  /** `iss` must equal it exactly. */
  issuer: string;
  /** Must be in `aud`; `azp`, when present, must equal it. */
  clientId: string;
  /** Public verification keys. */
  jwks?: Jwks | string;
  /** Where `validateAsync` loads keys from. */
  jwksUri?: string;
  /** Allow-list for the JWS `alg` (default: all supported). */
  algorithms?: JwsAlgorithm[];
  /** Leeway for `exp`, `nbf`, `iat`, `auth_time` (default 60). */
  clockToleranceSeconds?: number;
  /** Reject when `now - iat` exceeds it (plus tolerance). */
  maxTokenAgeSeconds?: number;
  /** Extra `aud` values that may appear beside `clientId`. */
  trustedAudiences?: string[];
  /** Private keys for encrypted (JWE) ID tokens: a JWKS or its JSON text. */
  decryptionKeys?: Jwks | string;
  /** Reject plain JWS ID tokens (default false). */
  requireEncryption?: boolean;
  /** Least time between two JWKS refetches (default 30). */
  jwksCooldownSeconds?: number;
  /** Refetch keys older than this (default 600). */
  jwksCacheMaxAgeSeconds?: number;
  /** Give up on a discovery or JWKS request after this long (default 10, at most 600). */
  fetchTimeoutSeconds?: number;
}

/** Per-token checks (API.md section 1). */
export interface TokenChecks {
  /** The nonce sent in the authorization request: the claim must be present and equal. */
  nonce?: string;
  /** If the token has `at_hash`, it must match this access token. */
  accessToken?: string;
  /** If the token has `c_hash`, it must match this code. */
  code?: string;
  /** If the token has `s_hash`, it must match this state. */
  state?: string;
  /** `at_hash` must be present (implicit and hybrid flows). */
  requireAtHash?: boolean;
  /** `c_hash` must be present (hybrid flow). */
  requireCHash?: boolean;
  /** `s_hash` must be present. */
  requireSHash?: boolean;
  /** Seconds: `auth_time` must be present and `now - auth_time <= maxAge + tolerance`. */
  maxAge?: number;
  /** The claims of the ID token this one refreshes (OIDC Core 12.2). */
  previousClaims?: IdTokenClaims;
  /** `acr` must be present and one of these. */
  acrValues?: string[];
  /** `amr` must contain every one of these. */
  requiredAmr?: string[];
  /** Seconds since the epoch to validate at (default: now). */
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

/** The claims of an ID token (OIDC Core section 2), and any others. */
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
"#;

#[wasm_bindgen]
extern "C" {
    /// `IdTokenValidatorOptions` in TypeScript.
    #[wasm_bindgen(typescript_type = "IdTokenValidatorOptions")]
    pub type IdTokenValidatorOptions;

    /// `TokenChecks` in TypeScript.
    #[wasm_bindgen(typescript_type = "TokenChecks")]
    pub type TokenChecksInput;

    /// `ValidatedIdToken` in TypeScript.
    #[wasm_bindgen(typescript_type = "ValidatedIdToken")]
    pub type ValidatedIdTokenJs;

    /// `Jwks | string` in TypeScript.
    #[wasm_bindgen(typescript_type = "Jwks | string")]
    pub type JwksInput;

    /// `DecodedToken` in TypeScript.
    #[wasm_bindgen(typescript_type = "DecodedToken")]
    pub type Decoded;
}
