// idtoken/oidc-client-ts: ID token signature checks for apps that sign in
// with oidc-client-ts (https://github.com/authts/oidc-client-ts).
//
// oidc-client-ts decodes the ID token of a sign-in response and compares its
// `sub` (and, from 3.x versions that keep it in their state, the `nonce`),
// but it does not verify the signature, `iss`, `aud`, `azp`, the time claims
// or `at_hash`. This module does, with idtoken's IdTokenValidator and the
// provider's keys, before oidc-client-ts stores or returns a User.
//
// It does not import oidc-client-ts, and it uses only oidc-client-ts's
// public API: the documented `userStore` setting, the public methods of
// UserManager / OidcClient and their public `metadataService`.
//
// It does not import idtoken's WebAssembly either: the validator is loaded
// with a dynamic import() (the `load` option, default the full build's
// manual entry) when a sign-in response is on its way, so an app's entry
// chunk carries only this file.

/** The adapter's own option keys; every other key is an IdTokenValidator option. */
const OPTION_KEYS = new Set(['issuer', 'validator', 'checks', 'load']);

/** The default build: every algorithm and JWE, initialised here (init()). */
const loadFull = () => import('./manual.js');

const PREFIX = 'idtoken/oidc-client-ts';
const nonEmpty = (v) => typeof v === 'string' && v.length > 0;

/**
 * An error with idtoken's shape (name "IdTokenError", a code): what every
 * entry's `IdTokenError` recognises with instanceof, also when no entry
 * could be loaded to build one.
 * @param {string} code
 * @param {string} message
 * @param {unknown} [cause]
 */
function idTokenError(code, message, cause) {
  const e = new Error(message, cause === undefined ? undefined : { cause });
  e.name = 'IdTokenError';
  e.code = code;
  return e;
}

const messageOf = (e) => (e instanceof Error ? e.message : String(e));

/**
 * Modules loaded (or loading) per loader function. A failed load is
 * forgotten, so that the next sign-in tries again: the manual entries'
 * init() can be retried, unlike a top-level await that rejected.
 * @type {Map<Function, Promise<object>>}
 */
const modules = new Map();

/**
 * Loads and initialises an idtoken entry through `load` (a function
 * returning import() of an entry that exports `default` init,
 * IdTokenValidator and IdTokenError). Rejects with an IdTokenError whose
 * code is ERR_NOT_READY when the module or its WebAssembly cannot be loaded.
 * @param {() => Promise<object>} load
 */
function loadIdToken(load) {
  let pending = modules.get(load);
  if (!pending) {
    pending = (async () => {
      let mod;
      try {
        mod = await load();
      } catch (e) {
        throw idTokenError('ERR_NOT_READY', `${PREFIX}: the idtoken module could not be loaded: ${messageOf(e)}`, e);
      }
      if (!mod || typeof mod.IdTokenValidator !== 'function') {
        throw idTokenError('ERR_NOT_READY', `${PREFIX}: the \`load\` option must resolve to an idtoken entry (e.g. import('idtoken/manual')): it has no IdTokenValidator`);
      }
      if (typeof mod.default === 'function') {
        try {
          await mod.default();
        } catch (e) {
          throw idTokenError('ERR_NOT_READY',
            `${PREFIX}: idtoken's WebAssembly could not be loaded, so this sign-in cannot be checked: ${messageOf(e)} `
            + '(the page\'s Content-Security-Policy must allow \'wasm-unsafe-eval\' in script-src, and the .wasm must be '
            + 'served with HTTP 200 and Content-Type application/wasm); the next sign-in tries again', e);
        }
      }
      return mod;
    })();
    modules.set(load, pending);
    pending.catch(() => {
      if (modules.get(load) === pending) modules.delete(load);
    });
  }
  return pending;
}

/**
 * Splits the adapter's own options from IdTokenValidator options.
 * @param {object} options
 */
function splitOptions(options) {
  if (options === null || typeof options !== 'object') {
    throw new TypeError(`${PREFIX}: options must be an object`);
  }
  const validatorOptions = {};
  for (const key of Object.keys(options)) {
    if (!OPTION_KEYS.has(key)) validatorOptions[key] = options[key];
  }
  const load = options.load ?? loadFull;
  if (typeof load !== 'function') {
    throw new TypeError(`${PREFIX}: \`load\` must be a function returning import() of an idtoken entry, e.g. () => import('idtoken/lite/manual')`);
  }
  return { issuer: options.issuer, validator: options.validator, checks: options.checks ?? {}, load, validatorOptions };
}

/**
 * The oidc-client-ts settings object of `source`: a UserManager, an
 * OidcClient, their `settings`, or plain settings ({ authority, client_id }).
 * @param {object} source
 */
function settingsOf(source) {
  const settings = source && typeof source === 'object' && 'settings' in source ? source.settings : source;
  if (!settings || typeof settings.authority !== 'string' || typeof settings.client_id !== 'string') {
    throw new TypeError(`${PREFIX}: expected a UserManager, an OidcClient or settings with \`authority\` and \`client_id\``);
  }
  return settings;
}

/**
 * The payload of a compact JWS, decoded without any check: only for a token
 * this module (or the app) accepted before, as `previousClaims`.
 * @param {string} token
 */
function claimsOf(token) {
  const part = token.split('.')[1] ?? '';
  try {
    const bin = atob(part.replace(/-/g, '+').replace(/_/g, '/'));
    const claims = JSON.parse(new TextDecoder().decode(Uint8Array.from(bin, (c) => c.charCodeAt(0))));
    if (claims && typeof claims === 'object' && !Array.isArray(claims)) return claims;
  } catch {
    // Reported below.
  }
  throw idTokenError('ERR_MALFORMED', `${PREFIX}: the previous ID token (the one being refreshed) cannot be decoded`);
}

/**
 * The keys of the provider from oidc-client-ts's own metadata service: the
 * discovery document it fetched (or `settings.metadata` / `metadataUrl` /
 * `metadataSeed`), and the JWKS of its `jwks_uri` (or `settings.signingKeys`).
 * The metadata's `issuer`, when present, must be `issuer`.
 * @param {{ getMetadata(): Promise<object>, getSigningKeys(): Promise<object[] | null> }} metadataService
 * @param {string} issuer
 */
async function providerKeys(metadataService, issuer) {
  let metadata;
  try {
    metadata = await metadataService.getMetadata();
  } catch (e) {
    throw idTokenError('ERR_DISCOVERY', `${PREFIX}: the provider's metadata could not be read: ${messageOf(e)}`, e);
  }
  if (!metadata || typeof metadata !== 'object') {
    throw idTokenError('ERR_DISCOVERY', `${PREFIX}: oidc-client-ts returned no provider metadata`);
  }
  if (metadata.issuer !== undefined && metadata.issuer !== issuer) {
    throw idTokenError('ERR_DISCOVERY',
      `${PREFIX}: the provider metadata names issuer ${JSON.stringify(metadata.issuer)}, expected ${JSON.stringify(issuer)} `
      + '(the settings\' authority, or the `issuer` option)');
  }
  let keys;
  try {
    keys = await metadataService.getSigningKeys();
  } catch (e) {
    throw idTokenError('ERR_JWKS_FETCH', `${PREFIX}: the provider's keys could not be fetched: ${messageOf(e)}`, e);
  }
  const jwksUri = typeof metadata.jwks_uri === 'string' ? { jwksUri: metadata.jwks_uri } : {};
  return Array.isArray(keys) ? { jwks: { keys }, ...jwksUri } : jwksUri;
}

/**
 * Checks the ID tokens of one oidc-client-ts client (one provider, one
 * client_id) with an IdTokenValidator.
 */
export class IdTokenVerifier {
  /**
   * Use createIdTokenVerifier(); this constructor takes a ready validator.
   * @param {{ validateAsync: Function }} validator
   * @param {object} [checks] TokenChecks added to every verification
   */
  constructor(validator, checks = {}) {
    // Duck-typed, so that a validator of any idtoken entry (full, lite,
    // RSA-only, manual or not) is accepted.
    if (!validator || typeof validator.validateAsync !== 'function') {
      throw new TypeError(`${PREFIX}: IdTokenVerifier needs an IdTokenValidator`);
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
      throw new TypeError(`${PREFIX}: the sign-in response carries no id_token (request the openid scope)`);
    }
    return this.verify(response.id_token, {
      ...(nonEmpty(request?.nonce) ? { nonce: request.nonce } : {}),
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
      throw new TypeError(`${PREFIX}: the user has no id_token`);
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
   * (the provider sent none) needs no new check: resolves to null.
   * @param {{ id_token?: string, access_token?: string }} response
   * @param {string | undefined} previousIdToken
   */
  async verifyRefreshResponse(response, previousIdToken) {
    if (!response || !nonEmpty(response.id_token) || response.id_token === previousIdToken) return null;
    const previous = nonEmpty(previousIdToken) ? { previousClaims: claimsOf(previousIdToken) } : {};
    return this.verify(response.id_token, {
      ...previous,
      ...(nonEmpty(response.access_token) ? { accessToken: response.access_token } : {}),
    });
  }
}

/**
 * Creates an IdTokenVerifier for the provider and client of `source` (a
 * UserManager, an OidcClient or their settings). See oidc-client-ts.d.ts.
 * @param {object} source
 * @param {object} [options]
 */
export async function createIdTokenVerifier(source, options = {}) {
  const settings = settingsOf(source);
  const { issuer = settings.authority, validator, checks, load, validatorOptions } = splitOptions(options);
  if (validator !== undefined) return new IdTokenVerifier(validator, checks);
  const clientId = settings.client_id;
  const metadataService = source && typeof source === 'object' ? source.metadataService : undefined;
  const given = validatorOptions.jwks !== undefined || validatorOptions.jwksUri !== undefined;
  const reuse = !given && metadataService && typeof metadataService.getMetadata === 'function'
    && typeof metadataService.getSigningKeys === 'function';
  // The WebAssembly and the provider's keys load in parallel.
  const loading = loadIdToken(load);
  const keys = reuse ? providerKeys(metadataService, issuer) : Promise.resolve({});
  const [mod, found] = await Promise.allSettled([loading, keys]);
  if (mod.status === 'rejected') throw mod.reason;
  if (found.status === 'rejected') throw found.reason;
  const { IdTokenValidator } = mod.value;
  if (given || reuse) {
    const options = { ...validatorOptions, ...found.value, issuer, clientId };
    const v = new IdTokenValidator(options);
    warmUp(v, options.jwks);
    return new IdTokenVerifier(v, checks);
  }
  return new IdTokenVerifier(await IdTokenValidator.discover(issuer, clientId, validatorOptions), checks);
}

/**
 * Runs the signature check once before the token arrives. WebAssembly
 * engines compile a function when it is first called (V8 and SpiderMonkey
 * compile lazily), so the first validation pays that compile: done here,
 * it happens while oidc-client-ts is still exchanging the code. The token
 * cannot pass: it is signed with zeros (for ECDSA and EdDSA, values that
 * reach the curve arithmetic before they fail) under the first of the
 * provider's own keys. Its result is discarded, and nothing is kept: the
 * validator caches keys, not outcomes.
 * @param {{ validate(token: string): unknown }} validator
 * @param {{ keys?: object[] } | string | undefined} jwks
 */
function warmUp(validator, jwks) {
  const key = typeof jwks === 'object' && Array.isArray(jwks?.keys) ? jwks.keys.find((k) => k && typeof k === 'object') : undefined;
  if (!key) return;
  const ec = { 'P-256': ['ES256', 32], 'P-384': ['ES384', 48], 'P-521': ['ES512', 66] }[key.crv];
  let alg;
  let sig;
  if (key.kty === 'RSA' && typeof key.n === 'string') {
    alg = /^(RS|PS)(256|384|512)$/.test(key.alg) ? key.alg : 'RS256';
    sig = new Uint8Array(Math.floor((key.n.length * 6) / 8));
  } else if (key.kty === 'EC' && ec) {
    [alg] = ec;
    sig = new Uint8Array(2 * ec[1]);
    sig[ec[1] - 1] = 1; // r = 1
    sig[2 * ec[1] - 1] = 1; // s = 1
  } else if (key.kty === 'OKP' && key.crv === 'Ed25519') {
    alg = 'EdDSA';
    sig = new Uint8Array(64);
    sig.set([0x58], 0); // R: the base point's encoding (0x5866…66), S = 0
    sig.fill(0x66, 1, 32);
  } else {
    return;
  }
  const b64 = (bytes) => btoa(String.fromCharCode(...bytes)).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
  const json = (o) => b64(new TextEncoder().encode(JSON.stringify(o)));
  const header = typeof key.kid === 'string' ? { alg, kid: key.kid } : { alg };
  try {
    validator.validate(`${json(header)}.${json({})}.${b64(sig)}`);
  } catch {
    // Refused, as it must be.
  }
}

/**
 * Whether the page's URL carries an authorization response (`state` with
 * `code`), in its query or fragment: the callback route of a sign-in.
 */
function isCallbackUrl() {
  const loc = globalThis.location;
  if (!loc || typeof loc.search !== 'string') return false;
  for (const raw of [loc.search, loc.hash]) {
    const params = new URLSearchParams(raw.replace(/^[?#]/, ''));
    if (params.has('state') && params.has('code')) return true;
  }
  return false;
}

const INSTALLED = Symbol.for('idtoken.oidc-client-ts.verified');

/** UserManager methods that begin or finish a sign-in: the load starts when they are called. */
const SIGNIN_METHODS = ['signinCallback', 'signinRedirectCallback', 'signinPopup', 'signinSilent', 'signinResourceOwnerCredentials'];

/**
 * Makes every sign-in of `userManager` (an oidc-client-ts UserManager, or
 * an OidcClient) validate its ID token with idtoken before oidc-client-ts
 * stores and returns the User. See oidc-client-ts.d.ts for the contract.
 * @template T
 * @param {T} userManager
 * @param {object} [options]
 * @returns {T}
 */
export function verifyUserManager(userManager, options = {}) {
  const isObject = userManager !== null && typeof userManager === 'object';
  const isManager = isObject && typeof userManager.getUser === 'function' && typeof userManager.removeUser === 'function'
    && typeof userManager.settings?.userStore?.set === 'function';
  const isClient = isObject && !isManager && typeof userManager.processSigninResponse === 'function'
    && typeof userManager.readSigninResponseState === 'function' && typeof userManager.useRefreshToken === 'function';
  if (!isManager && !isClient) {
    // Fail closed: an object this module does not know is refused, rather
    // than left signing users in unverified.
    throw new TypeError(`${PREFIX}: not an oidc-client-ts UserManager or OidcClient (no settings.userStore, getUser and removeUser, nor processSigninResponse); is oidc-client-ts 3.x installed?`);
  }
  if (userManager[INSTALLED]) return userManager;
  const { verifier: given, onRefused, ...rest } = options ?? {};
  if (given !== undefined && !(given instanceof IdTokenVerifier)) {
    throw new TypeError(`${PREFIX}: \`verifier\` must be an IdTokenVerifier`);
  }
  if (onRefused !== undefined && typeof onRefused !== 'function') {
    throw new TypeError(`${PREFIX}: \`onRefused\` must be a function`);
  }
  if (given === undefined) splitOptions(rest); // option errors now, not at the first sign-in
  const settings = settingsOf(userManager);
  const metadataService = userManager.metadataService;

  // oidc-client-ts caches its metadata once fetched, but two calls made
  // before the first answer both fetch it. The verifier asks for it while
  // oidc-client-ts exchanges the code: share one request between them.
  if (metadataService && typeof metadataService.getMetadata === 'function') {
    const getMetadata = metadataService.getMetadata;
    let inFlight = null;
    metadataService.getMetadata = function sharedGetMetadata(...args) {
      if (!inFlight) {
        inFlight = getMetadata.apply(this, args);
        inFlight.catch(() => { inFlight = null; });
      }
      return inFlight;
    };
  }

  // The verifier: created (module loaded, keys fetched) once, when a sign-in
  // response is on its way. A failed creation fails the sign-in that waits
  // for it and is then forgotten, so that the next sign-in tries again.
  let pending = given ? Promise.resolve(given) : null;
  const start = () => {
    const p = createIdTokenVerifier(userManager, rest);
    p.catch(() => { p.failed = true; });
    pending = p;
    return p;
  };
  const preload = () => {
    if (!pending) start();
  };
  const forgetFailure = () => {
    if (pending?.failed) pending = null;
  };
  const verifier = async () => {
    const p = pending ?? start();
    try {
      return await p;
    } catch (e) {
      if (pending === p) pending = null;
      throw e;
    }
  };
  const report = (e) => {
    if (onRefused) {
      try {
        onRefused(e);
      } catch {
        // The app's callback must not turn a refusal into another error.
      }
    }
  };
  Object.defineProperty(userManager, INSTALLED, { value: true });

  if (isClient) {
    installOnClient(userManager, verifier, report);
  } else {
    installOnManager(userManager, verifier, preload, forgetFailure, report);
  }
  // The callback route: the response is here, load while oidc-client-ts
  // exchanges the code.
  if (isCallbackUrl()) preload();
  return userManager;
}

/**
 * A UserManager: validation happens in its `userStore` (a documented
 * setting). oidc-client-ts stores a new User (storeUser -> userStore.set)
 * before it fires `userLoaded` or returns the User, in every path that
 * makes one (signinCallback, signinRedirectCallback, popup, silent renew by
 * iframe or refresh token, resource owner credentials): a `set` that
 * rejects stops that sign-in, with nothing stored, loaded or returned.
 */
function installOnManager(userManager, verifier, preload, forgetFailure, report) {
  const inner = userManager.settings.userStore;
  // signinSilent calls in flight without forceIframeAuth: oidc-client-ts
  // uses the refresh token when the stored User has one, so a new ID token
  // stored meanwhile over a User with a refresh token is a refresh (OIDC
  // Core 12.2), checked against the one it replaces.
  let refreshing = 0;

  const check = async (key, value) => {
    let user;
    try {
      user = JSON.parse(value);
    } catch {
      throw new TypeError(`${PREFIX}: the user being stored is not oidc-client-ts's JSON`);
    }
    const before = await inner.get(key);
    let previous = null;
    try {
      previous = before ? JSON.parse(before) : null;
    } catch {
      previous = null;
    }
    // The same ID token as the stored User: a refresh response without a
    // new ID token (oidc-client-ts keeps the earlier one), a revocation, or
    // the app storing the User again. It was checked when it arrived and is
    // not checked again (it may have expired since).
    if (nonEmpty(previous?.id_token) && user?.id_token === previous.id_token) return;
    try {
      if (!user || !nonEmpty(user.id_token)) {
        throw new TypeError(`${PREFIX}: the sign-in response carries no id_token (request the openid scope)`);
      }
      // The nonce: oidc-client-ts (the versions that keep the request's
      // nonce in their SigninState) has compared the `nonce` claim of these
      // same token bytes with the nonce of its state, and removed that
      // state, before it builds the User stored here. A mismatch never
      // reaches this point. The state is gone by now, so it is not passed
      // again: the signature checked here covers the bytes it compared.
      const refresh = refreshing > 0 && nonEmpty(previous?.id_token) && nonEmpty(previous?.refresh_token);
      await (await verifier()).verify(user.id_token, {
        ...(nonEmpty(user.access_token) ? { accessToken: user.access_token } : {}),
        ...(refresh ? { previousClaims: claimsOf(previous.id_token) } : {}),
      });
    } catch (e) {
      report(e);
      // Fail closed: the User signed in before (if any) is removed too, so
      // the app sees userUnloaded. Nothing was stored before a first
      // sign-in: nothing to remove, no event.
      if (before) await userManager.removeUser().catch(() => {});
      throw e;
    }
  };

  userManager.settings.userStore = {
    async set(key, value) {
      await check(key, value);
      return inner.set(key, value);
    },
    get: (key) => inner.get(key),
    remove: (key) => inner.remove(key),
    getAllKeys: () => inner.getAllKeys(),
  };

  for (const name of SIGNIN_METHODS) {
    const original = userManager[name];
    if (typeof original !== 'function') continue;
    userManager[name] = async function verifiedSignin(...args) {
      preload();
      const byRefreshToken = name === 'signinSilent' && !args[0]?.forceIframeAuth;
      if (byRefreshToken) refreshing++;
      try {
        return await original.apply(this, args);
      } finally {
        if (byRefreshToken) refreshing--;
        // A load that failed for a sign-in that ended before its User was
        // stored (a closed popup, an error response) is not kept for the next.
        forgetFailure();
      }
    };
  }
}

/**
 * An OidcClient: it stores no User, so its public methods that turn a
 * response into a SigninResponse are wrapped, and refuse a response whose
 * ID token fails (nothing is returned).
 */
function installOnClient(client, verifier, report) {
  const { processSigninResponse, useRefreshToken, processResourceOwnerPasswordCredentials } = client;
  const refuse = (e) => {
    report(e);
    throw e;
  };

  client.processSigninResponse = async function verifiedProcessSigninResponse(url, ...more) {
    // The state (and its nonce, in the versions that keep it) is removed
    // while the response is processed: read it first, without removing it.
    const { state } = await client.readSigninResponseState(url, false);
    const loading = verifier();
    loading.catch(() => {});
    const response = await processSigninResponse.call(client, url, ...more);
    try {
      await (await loading).verifySigninResponse(response, { nonce: state?.nonce });
    } catch (e) {
      refuse(e);
    }
    return response;
  };

  client.useRefreshToken = async function verifiedUseRefreshToken(args, ...more) {
    const loading = verifier();
    loading.catch(() => {});
    const response = await useRefreshToken.call(client, args, ...more);
    try {
      await (await loading).verifyRefreshResponse(response, args?.state?.id_token);
    } catch (e) {
      refuse(e);
    }
    return response;
  };

  if (typeof processResourceOwnerPasswordCredentials === 'function') {
    client.processResourceOwnerPasswordCredentials = async function verifiedPasswordCredentials(...args) {
      const response = await processResourceOwnerPasswordCredentials.apply(client, args);
      try {
        await (await verifier()).verifyUser(response);
      } catch (e) {
        refuse(e);
      }
      return response;
    };
  }
}
