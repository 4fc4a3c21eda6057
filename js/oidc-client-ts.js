// idtoken/oidc-client-ts: ID token signature checks for apps that sign in
// with oidc-client-ts (https://github.com/authts/oidc-client-ts).
//
// oidc-client-ts decodes the ID token of a sign-in response and compares its
// `sub` and `nonce`, but it does not verify the signature, `iss`, `aud`,
// `azp`, the time claims or `at_hash`. This module does, with idtoken's
// IdTokenValidator and the provider's discovered keys, before oidc-client-ts
// turns the response into a stored User.
//
// It does not import oidc-client-ts: it works on the UserManager (or
// OidcClient) instance the app hands it.
import { IdTokenValidator, decodeUnverified } from './index.js';

const OPTION_KEYS = new Set(['issuer', 'validator', 'checks']);

/**
 * Splits the adapter's own options from IdTokenValidator options.
 * @param {object} options
 */
function splitOptions(options) {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('idtoken/oidc-client-ts: options must be an object');
  }
  const validatorOptions = {};
  for (const [key, value] of Object.entries(options)) {
    if (!OPTION_KEYS.has(key)) validatorOptions[key] = value;
  }
  return { issuer: options.issuer, validator: options.validator, checks: options.checks ?? {}, validatorOptions };
}

/**
 * The oidc-client-ts settings object of `source`: a UserManager, an
 * OidcClient, their `settings`, or plain settings ({ authority, client_id }).
 * @param {object} source
 */
function settingsOf(source) {
  const settings = source && typeof source === 'object' && 'settings' in source ? source.settings : source;
  if (!settings || typeof settings.authority !== 'string' || typeof settings.client_id !== 'string') {
    throw new TypeError('idtoken/oidc-client-ts: expected a UserManager, an OidcClient or settings with `authority` and `client_id`');
  }
  return settings;
}

const nonEmpty = (v) => typeof v === 'string' && v.length > 0;

/**
 * Checks the ID tokens of one oidc-client-ts client (one provider, one
 * client_id) with an IdTokenValidator.
 */
export class IdTokenVerifier {
  /**
   * Use createIdTokenVerifier(); this constructor takes a ready validator.
   * @param {{ validateAsync: IdTokenValidator['validateAsync'] }} validator
   * @param {object} [checks] TokenChecks added to every verification
   */
  constructor(validator, checks = {}) {
    // Duck-typed, so that a validator of another idtoken entry (lite,
    // manual) is accepted too.
    if (!validator || typeof validator.validateAsync !== 'function') {
      throw new TypeError('idtoken/oidc-client-ts: IdTokenVerifier needs an IdTokenValidator');
    }
    /** The IdTokenValidator doing the work. */
    this.validator = validator;
    /** TokenChecks added to every verification (e.g. { maxAge: 300 }). */
    this.checks = { ...checks };
  }

  /**
   * Validates `idToken` (signature with the provider's keys, iss, aud, azp,
   * time claims) plus `checks` (nonce, accessToken for at_hash, ...).
   * Rejects with an IdTokenError.
   * @param {string} idToken
   * @param {object} [checks]
   */
  async verify(idToken, checks = {}) {
    return this.validator.validateAsync(idToken, { ...this.checks, ...checks });
  }

  /**
   * Validates the ID token of an oidc-client-ts SigninResponse (after the
   * code exchange): `nonce` is the nonce of the request (the `nonce` of its
   * SigninState), `at_hash` is checked against the response's access token
   * and `c_hash` against its code. A response without an ID token is refused.
   * @param {{ id_token?: string, access_token?: string, code?: string | null }} response
   * @param {{ nonce?: string }} [request]
   */
  async verifySigninResponse(response, request = {}) {
    if (!response || !nonEmpty(response.id_token)) {
      throw new TypeError('idtoken/oidc-client-ts: the sign-in response carries no id_token (request the openid scope)');
    }
    return this.verify(response.id_token, {
      ...(nonEmpty(request.nonce) ? { nonce: request.nonce } : {}),
      ...(nonEmpty(response.access_token) ? { accessToken: response.access_token } : {}),
      ...(nonEmpty(response.code) ? { code: response.code } : {}),
    });
  }

  /**
   * Validates the `id_token` of an oidc-client-ts User (with `at_hash`
   * against its `access_token`). A stored User no longer knows the nonce of
   * its request: pass `{ nonce }` when you have it, or let
   * verifyUserManager() check sign-ins as they happen.
   * @param {{ id_token?: string, access_token?: string }} user
   * @param {object} [checks]
   */
  async verifyUser(user, checks = {}) {
    if (!user || !nonEmpty(user.id_token)) {
      throw new TypeError('idtoken/oidc-client-ts: the user has no id_token');
    }
    return this.verify(user.id_token, {
      ...(nonEmpty(user.access_token) ? { accessToken: user.access_token } : {}),
      ...checks,
    });
  }

  /**
   * Validates the ID token of a refresh-token response against the one it
   * replaces (OIDC Core 12.2: same iss, sub, aud; auth_time and azp kept).
   * No nonce is expected. A response whose ID token is the previous one
   * (the provider sent none) needs no new check.
   * @param {{ id_token?: string, access_token?: string }} response
   * @param {string | undefined} previousIdToken
   */
  async verifyRefreshResponse(response, previousIdToken) {
    if (!response || !nonEmpty(response.id_token) || response.id_token === previousIdToken) return null;
    const previous = nonEmpty(previousIdToken) ? { previousClaims: decodeUnverified(previousIdToken).claims } : {};
    return this.verify(response.id_token, {
      ...previous,
      ...(nonEmpty(response.access_token) ? { accessToken: response.access_token } : {}),
    });
  }
}

/**
 * Creates an IdTokenVerifier for the provider and client of `source` (a
 * UserManager, an OidcClient or their settings): the issuer is
 * `settings.authority` (or `options.issuer`), the client is
 * `settings.client_id`, and the keys come from the provider's discovery
 * document (IdTokenValidator.discover), unless `options.jwks` or
 * `options.jwksUri` name them, or `options.validator` is a ready validator.
 * Other options are IdTokenValidator options; `options.checks` are
 * TokenChecks added to every verification.
 * @param {object} source
 * @param {object} [options]
 */
export async function createIdTokenVerifier(source, options = {}) {
  const settings = settingsOf(source);
  const { issuer = settings.authority, validator, checks, validatorOptions } = splitOptions(options);
  if (validator !== undefined) return new IdTokenVerifier(validator, checks);
  const clientId = settings.client_id;
  if (validatorOptions.jwks !== undefined || validatorOptions.jwksUri !== undefined) {
    return new IdTokenVerifier(new IdTokenValidator({ ...validatorOptions, issuer, clientId }), checks);
  }
  return new IdTokenVerifier(await IdTokenValidator.discover(issuer, clientId, validatorOptions), checks);
}

const INSTALLED = Symbol.for('idtoken.oidc-client-ts.verified');

/**
 * Makes every sign-in of `userManager` (an oidc-client-ts UserManager)
 * validate its ID token with idtoken before oidc-client-ts builds, stores
 * and returns the User: signinCallback / signinRedirectCallback, popups,
 * silent renew (iframe or refresh token) and querySessionStatus. The nonce
 * of the request is read from oidc-client-ts's state store before the
 * response is processed. A response that fails is refused (the sign-in
 * call rejects with the IdTokenError, e.g. code ERR_BAD_SIGNATURE), no User
 * is stored or loaded, and any stored User is removed (fail closed).
 *
 * `options` are those of createIdTokenVerifier, or `{ verifier }` with a
 * ready IdTokenVerifier. The verifier is created, with discovery, at the
 * first sign-in response (and again after a failed discovery). Returns
 * `userManager`. Also accepts an OidcClient (then nothing is stored or
 * removed by this module).
 * @template T
 * @param {T} userManager
 * @param {object} [options]
 * @returns {T}
 */
export function verifyUserManager(userManager, options = {}) {
  const client = userManager && typeof userManager === 'object' && '_client' in userManager
    ? userManager._client
    : userManager;
  for (const method of ['readSigninResponseState', 'processSigninResponse', 'useRefreshToken', 'processResourceOwnerPasswordCredentials']) {
    if (!client || typeof client[method] !== 'function') {
      // Fail closed: an oidc-client-ts this module does not know is refused,
      // rather than left signing users in unverified.
      throw new TypeError(`idtoken/oidc-client-ts: not an oidc-client-ts UserManager or OidcClient (no ${method}); is oidc-client-ts 3.x installed?`);
    }
  }
  if (client[INSTALLED]) return userManager;
  const { verifier: given, ...rest } = options ?? {};
  if (given !== undefined && !(given instanceof IdTokenVerifier)) {
    throw new TypeError('idtoken/oidc-client-ts: `verifier` must be an IdTokenVerifier');
  }
  const settings = settingsOf(client);
  let pending = given ? Promise.resolve(given) : null;
  const verifier = () => {
    pending ||= createIdTokenVerifier(settings, rest).catch((e) => {
      pending = null;
      throw e;
    });
    return pending;
  };
  const removeUser = userManager !== client && typeof userManager.removeUser === 'function'
    ? () => userManager.removeUser().catch(() => {})
    : async () => {};
  const refuse = async (e) => {
    await removeUser();
    throw e;
  };

  const { processSigninResponse, useRefreshToken, processResourceOwnerPasswordCredentials } = client;
  Object.defineProperty(client, INSTALLED, { value: true });

  client.processSigninResponse = async function verifiedProcessSigninResponse(url, ...more) {
    // The state (and its nonce) is removed while the response is processed:
    // read it first, without removing it.
    const { state } = await client.readSigninResponseState(url, false);
    const response = await processSigninResponse.call(client, url, ...more);
    try {
      await (await verifier()).verifySigninResponse(response, { nonce: state.nonce });
    } catch (e) {
      await refuse(e);
    }
    return response;
  };

  client.useRefreshToken = async function verifiedUseRefreshToken(args, ...more) {
    const response = await useRefreshToken.call(client, args, ...more);
    try {
      await (await verifier()).verifyRefreshResponse(response, args?.state?.id_token);
    } catch (e) {
      await refuse(e);
    }
    return response;
  };

  client.processResourceOwnerPasswordCredentials = async function verifiedPasswordCredentials(...args) {
    const response = await processResourceOwnerPasswordCredentials.apply(client, args);
    if (nonEmpty(response?.id_token)) {
      try {
        await (await verifier()).verify(response.id_token, nonEmpty(response.access_token) ? { accessToken: response.access_token } : {});
      } catch (e) {
        await refuse(e);
      }
    }
    return response;
  };

  return userManager;
}
