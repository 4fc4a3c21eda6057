/**
 * idtoken/oidc-client-ts: ID token signature checks for apps that sign in
 * with oidc-client-ts 3.x. The types below describe the parts of
 * oidc-client-ts objects this module reads, so that it does not depend on
 * oidc-client-ts's own declarations; oidc-client-ts 3.x `UserManager`,
 * `OidcClient`, `User` and `SigninResponse` values fit them.
 *
 * ```ts
 * import { UserManager } from 'oidc-client-ts';
 * import { verifyUserManager } from 'idtoken/oidc-client-ts';
 *
 * const userManager = verifyUserManager(new UserManager({ authority, client_id, redirect_uri }), {
 *   onRefused: (error) => console.warn('sign-in refused', error.code, error.message),
 * });
 * ```
 *
 * This module does not import idtoken's WebAssembly: it loads it with a
 * dynamic `import()` when a sign-in response is on its way (the page's URL
 * carries `code` and `state`, or a sign-in method of the UserManager is
 * called), in parallel with oidc-client-ts's code exchange and with the
 * provider's keys. An app's entry chunk carries only this module. The
 * `load` option picks the build: `{ load: () => import('idtoken/lite/manual') }`.
 *
 * @module idtoken/oidc-client-ts
 */
import type {
  IdTokenError,
  IdTokenValidator,
  IdTokenValidatorOptions,
  TokenChecks,
  ValidatedIdToken,
} from './index.js';

/**
 * What the `load` option's module must export: any idtoken entry with
 * explicit initialisation (`idtoken/manual`, `idtoken/lite/manual`,
 * `idtoken/rsa/manual`) fits. `default` is its `init()`, which this module
 * calls (and calls again at the next sign-in when it failed).
 */
export interface IdTokenEntry {
  /** Instantiates the entry's WebAssembly; rejects when it cannot be loaded. */
  default: () => Promise<unknown>;
  /** The entry's validator class. */
  IdTokenValidator: {
    /** A validator for one client of one issuer. */
    new (options: IdTokenValidatorOptions): Pick<IdTokenValidator, 'validateAsync'>;
    /** A validator for the provider's discovery document and keys. */
    discover(issuer: string, clientId: string, options?: Partial<IdTokenValidatorOptions>): Promise<Pick<IdTokenValidator, 'validateAsync'>>;
  };
  /** The entry's error class. */
  IdTokenError: abstract new (...args: never[]) => Error;
}

/**
 * Loads an idtoken entry, e.g. `() => import('idtoken/lite/manual')`: a
 * function around a static `import()`, so that bundlers see the entry and
 * put it in a chunk of its own. The default loads the full build
 * (`idtoken/manual`: every signature algorithm and encrypted ID tokens).
 */
export type IdTokenLoader = () => Promise<IdTokenEntry>;

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
  /** The ID token (absent when the `openid` scope was not granted). */
  id_token?: string;
  /** The access token, checked against the ID token's `at_hash`. */
  access_token?: string;
  /** The authorization code, checked against the ID token's `c_hash`. */
  code?: string | null;
}

/** The token fields of an oidc-client-ts `User`. */
export interface UserLike {
  /** The ID token of the sign-in (or of the last refresh that brought one). */
  id_token?: string;
  /** The access token, checked against the ID token's `at_hash`. */
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
  /**
   * Which idtoken build validates, e.g. `() => import('idtoken/lite/manual')`
   * or `() => import('idtoken/rsa/manual')` (RS256…PS512 only). Default: the
   * full build. A build that cannot load (a Content-Security-Policy without
   * `'wasm-unsafe-eval'`, an HTTP error, a wrong MIME type) refuses that
   * sign-in with an IdTokenError whose code is `ERR_NOT_READY`; the next
   * sign-in loads it again.
   */
  load?: IdTokenLoader;
}

/** Options of verifyUserManager. */
export interface VerifyUserManagerOptions extends IdTokenVerifierOptions {
  /**
   * Called with the error of every refused sign-in or refresh (an
   * IdTokenError, or a TypeError for a response without an ID token), before
   * the sign-in call rejects with it. The app's own view of refusals:
   * oidc-client-ts fires no event for them (and no `userUnloaded` when no
   * user was signed in before).
   */
  onRefused?: (error: IdTokenError | TypeError) => void;
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
 * Creates an IdTokenVerifier for the provider (`settings.authority`, or
 * `options.issuer`) and client (`settings.client_id`) of a UserManager, an
 * OidcClient or their settings. Given a UserManager or an OidcClient, it
 * reuses oidc-client-ts's metadata (its discovery result, or
 * `settings.metadata`, `metadataUrl`, `metadataSeed`) and signing keys
 * (its `jwks_uri`, or `settings.signingKeys`) through their
 * `metadataService`, and rejects with `ERR_DISCOVERY` when the metadata's
 * `issuer` is not the expected one; given settings, it fetches the
 * provider's discovery document. `jwks`, `jwksUri` or `validator` in the
 * options replace both. Loads idtoken through `options.load`; rejects with
 * `ERR_NOT_READY` when that fails.
 */
export function createIdTokenVerifier(source: OidcClientSource, options?: IdTokenVerifierOptions): Promise<IdTokenVerifier>;

/**
 * Makes every sign-in of an oidc-client-ts UserManager (or OidcClient)
 * validate its ID token with idtoken before the User is stored, loaded and
 * returned: signinCallback, signinRedirectCallback, popups, silent renew
 * (iframe or refresh token) and resource owner credentials. Returns
 * `userManager`.
 *
 * A UserManager is checked in its `userStore` (a documented setting,
 * wrapped here): oidc-client-ts stores a new User before it fires
 * `userLoaded` or returns it, so a refused token stores nothing, fires no
 * `userLoaded` and the sign-in call rejects with the IdTokenError (e.g.
 * code `ERR_BAD_SIGNATURE`). A User already signed in is then removed
 * (`removeUser()`, which fires `userUnloaded`); after a refused first
 * sign-in nothing is removed and no `userUnloaded` fires. `onRefused` sees
 * every refusal.
 *
 * The nonce is compared by oidc-client-ts (from the 3.x versions that keep
 * the request's nonce in their state) before the User is stored; this
 * module validates those same token bytes. A refresh response without a
 * new ID token keeps the earlier one, which is not validated again; a new
 * one is validated against it (OIDC Core 12.2: `iss`, `sub`, `aud`,
 * `auth_time`, `azp`). `querySessionStatus`, which stores no User and
 * returns no token, is not checked.
 *
 * An OidcClient stores nothing: its `processSigninResponse`,
 * `useRefreshToken` and `processResourceOwnerPasswordCredentials` reject
 * instead of returning a response whose ID token fails.
 *
 * `options` are those of createIdTokenVerifier and `onRefused`, or
 * `{ verifier }` with a ready IdTokenVerifier. idtoken is loaded, and the
 * provider's keys fetched, when a sign-in response is on its way.
 */
export function verifyUserManager<T extends { settings: OidcClientSettingsLike }>(
  userManager: T,
  options?: VerifyUserManagerOptions | { verifier: IdTokenVerifier; onRefused?: VerifyUserManagerOptions['onRefused'] },
): T;
