/**
 * idtoken/oidc-client-ts: ID token signature checks for apps that sign in
 * with oidc-client-ts. The types below describe the parts of oidc-client-ts
 * objects this module reads, so that it does not depend on oidc-client-ts's
 * own declarations; oidc-client-ts 3.x `UserManager`, `OidcClient`, `User`
 * and `SigninResponse` values fit them.
 *
 * ```ts
 * import { UserManager } from 'oidc-client-ts';
 * import { verifyUserManager } from 'idtoken/oidc-client-ts';
 *
 * const userManager = verifyUserManager(new UserManager({ authority, client_id, redirect_uri }));
 * ```
 *
 * @module idtoken/oidc-client-ts
 */
import type {
  IdTokenValidator,
  IdTokenValidatorOptions,
  TokenChecks,
  ValidatedIdToken,
} from './index.js';

/** The oidc-client-ts settings this module reads (`UserManager.settings`). */
export interface OidcClientSettingsLike {
  /** The provider's issuer identifier (oidc-client-ts `authority`). */
  authority: string;
  /** The client's `client_id`. */
  client_id: string;
}

/** An oidc-client-ts UserManager or OidcClient, or their settings. */
export type OidcClientSource = { settings: OidcClientSettingsLike } | OidcClientSettingsLike;

/** The token fields of an oidc-client-ts `SigninResponse`. */
export interface SigninResponseLike {
  id_token?: string;
  access_token?: string;
  code?: string | null;
}

/** The token fields of an oidc-client-ts `User`. */
export interface UserLike {
  id_token?: string;
  access_token?: string;
}

/** Options of createIdTokenVerifier and verifyUserManager. */
export interface IdTokenVerifierOptions
  extends Partial<Omit<IdTokenValidatorOptions, 'issuer' | 'clientId'>> {
  /** The issuer `iss` must equal (default: the settings' `authority`). */
  issuer?: string;
  /** A ready validator to use instead of discovering the provider. */
  validator?: Pick<IdTokenValidator, 'validateAsync'>;
  /** TokenChecks added to every verification (e.g. `{ maxAge: 300 }`). */
  checks?: Omit<TokenChecks, 'nonce' | 'accessToken' | 'code' | 'previousClaims'>;
}

/** Checks the ID tokens of one oidc-client-ts client with an IdTokenValidator. */
export class IdTokenVerifier {
  /** Use createIdTokenVerifier(); this constructor takes a ready validator. */
  constructor(validator: Pick<IdTokenValidator, 'validateAsync'>, checks?: TokenChecks);
  /** The validator doing the work. */
  readonly validator: Pick<IdTokenValidator, 'validateAsync'>;
  /** TokenChecks added to every verification. */
  readonly checks: TokenChecks;
  /** Validates `idToken` (signature, iss, aud, azp, time claims) plus `checks`. Rejects with an IdTokenError. */
  verify(idToken: string, checks?: TokenChecks): Promise<ValidatedIdToken>;
  /**
   * Validates the ID token of a SigninResponse: the nonce of the request
   * (its SigninState's `nonce`) when it had one, `at_hash` against the
   * access token, `c_hash` against the code. Refuses a response without an
   * ID token.
   */
  verifySigninResponse(response: SigninResponseLike, request?: { nonce?: string }): Promise<ValidatedIdToken>;
  /** Validates a User's `id_token`, with `at_hash` against its `access_token`. */
  verifyUser(user: UserLike, checks?: TokenChecks): Promise<ValidatedIdToken>;
  /**
   * Validates the new ID token of a refresh-token response against the one
   * it replaces (OIDC Core 12.2). Resolves to null when the response brings
   * no new ID token.
   */
  verifyRefreshResponse(response: SigninResponseLike, previousIdToken: string | undefined): Promise<ValidatedIdToken | null>;
}

/**
 * Creates an IdTokenVerifier for the provider (`settings.authority`) and
 * client (`settings.client_id`) of a UserManager, an OidcClient or their
 * settings, with the keys of the provider's discovery document (unless
 * `jwks`, `jwksUri` or `validator` is given).
 */
export function createIdTokenVerifier(source: OidcClientSource, options?: IdTokenVerifierOptions): Promise<IdTokenVerifier>;

/**
 * Makes every sign-in of an oidc-client-ts UserManager (or OidcClient)
 * validate its ID token with idtoken before the User is built, stored and
 * returned: signinCallback, signinRedirectCallback, popups, silent renew
 * and refresh. On failure the sign-in rejects with the IdTokenError, no
 * User is stored, and a stored User is removed. Returns `userManager`.
 */
export function verifyUserManager<T extends { settings: OidcClientSettingsLike }>(
  userManager: T,
  options?: IdTokenVerifierOptions | { verifier: IdTokenVerifier },
): T;
