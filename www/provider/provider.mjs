// A local, in-memory OpenID Provider for the end-to-end tests and the demo
// app, built on npm `oidc-provider` (v9). It listens on 127.0.0.1 over plain
// http, knows one user (alice) and four public SPA clients, one per ID token
// signing algorithm, and has a control surface (JS object and /__control/*
// HTTP endpoints) to rotate keys, count JWKS/discovery fetches, break the
// JWKS endpoint, lie about the issuer in discovery and tamper with the
// signature of the ID tokens the token endpoint returns.
//
//   import { startProvider } from './www/provider/provider.mjs';
//   const op = await startProvider({ appOrigin: 'http://127.0.0.1:4001' });
//   op.issuer; op.clients; await op.control.rotateKeys(); await op.close();
//
// CLI: node www/provider/provider.mjs --port 4000 --app http://127.0.0.1:4001
//      [--issuer-path /oidc] [--redirect-uri URL]...
import { createServer } from 'node:http';
import { generateKeyPair, randomBytes } from 'node:crypto';
import { promisify } from 'node:util';
import { pathToFileURL } from 'node:url';

const generateKeyPairAsync = promisify(generateKeyPair);

/** The one test user. */
export const ACCOUNT = Object.freeze({
  sub: 'alice',
  name: 'Alice Example',
  email: 'alice@example.com',
  email_verified: true,
});

/** Authentication context classes the login page can produce. */
export const ACR_PWD = 'urn:idtoken:pwd';
export const ACR_MFA = 'urn:idtoken:mfa';

/** client_id -> ID token signing alg. */
export const CLIENT_ALGS = Object.freeze({
  'spa-rs256': 'RS256',
  'spa-ps256': 'PS256',
  'spa-es256': 'ES256',
  'spa-eddsa': 'EdDSA',
});

const RESPONSE_TYPES = ['code', 'code id_token', 'id_token token'];
const JWKS_PATH = '/jwks';
const TOKEN_PATH = '/token';
const TAMPER_MODES = ['none', 'id-token-signature'];

/**
 * `jwt` with one character in the middle of its signature changed (the
 * token keeps its length; the signature no longer verifies).
 */
export function flipSignatureChar(jwt) {
  const dot = jwt.lastIndexOf('.');
  const at = dot + 1 + Math.floor((jwt.length - dot - 1) / 2);
  return `${jwt.slice(0, at)}${jwt[at] === 'A' ? 'B' : 'A'}${jwt.slice(at + 1)}`;
}
const DISCOVERY_PATH = '/.well-known/openid-configuration';

// oidc-provider prints development warnings through console.warn/info (the
// in-memory adapter; an "unsupported runtime" notice on Node < 22). They are
// expected here: filter them while the module loads and while a Provider is
// constructed, and nowhere else.
function quietly(fn) {
  const { warn, info } = console;
  const keep = (orig) => (...args) => {
    if (typeof args[0] === 'string' && /^oidc-provider (WARNING|NOTICE)/.test(args[0])) return;
    orig.apply(console, args);
  };
  console.warn = keep(warn);
  console.info = keep(info);
  const restore = () => { console.warn = warn; console.info = info; };
  try {
    const out = fn();
    if (out && typeof out.then === 'function') return out.finally(restore);
    restore();
    return out;
  } catch (e) {
    restore();
    throw e;
  }
}

let providerModule;
async function loadProviderModule() {
  providerModule ||= quietly(() => import('oidc-provider'));
  return providerModule;
}

let generation = 0;

/** One signing key per algorithm, each with a distinct kid and `alg` set. */
async function generateSigningKeys() {
  generation += 1;
  const tag = `${generation}-${randomBytes(4).toString('hex')}`;
  const specs = [
    ['RS256', 'rsa', { modulusLength: 2048 }],
    ['PS256', 'rsa', { modulusLength: 2048 }],
    ['ES256', 'ec', { namedCurve: 'P-256' }],
    ['EdDSA', 'ed25519', {}],
  ];
  return Promise.all(specs.map(async ([alg, type, options]) => {
    const { privateKey } = await generateKeyPairAsync(type, options);
    const jwk = privateKey.export({ format: 'jwk' });
    return { ...jwk, alg, use: 'sig', kid: `${alg.toLowerCase()}-${tag}` };
  }));
}

const escapeHtml = (s) => String(s).replace(/[&<>"']/g, (c) => ({
  '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;',
}[c]));

function loginPage({ action, abortAction, clientId, params, details }) {
  const acrValues = params.acr_values ? escapeHtml(params.acr_values) : '(none)';
  const maxAge = params.max_age !== undefined ? escapeHtml(params.max_age) : '(none)';
  const reasons = escapeHtml((details?.reasons || []).join(', ') || 'login');
  return `<!doctype html>
<html lang="en">
<head><meta charset="utf-8"><title>Sign in - idtoken test OP</title>
<meta name="viewport" content="width=device-width, initial-scale=1">
<style>body{font-family:system-ui,sans-serif;max-width:28rem;margin:3rem auto;padding:0 1rem}
button{font-size:1rem;padding:.5rem 1rem}dl{font-size:.85rem;color:#555}dt{font-weight:600}</style>
</head>
<body>
<h1>idtoken test provider</h1>
<p><strong>${escapeHtml(clientId)}</strong> asks you to sign in.</p>
<form method="post" action="${escapeHtml(action)}" id="login-form">
  <p><label><input type="checkbox" id="mfa" name="mfa" value="1"> use a second factor</label></p>
  <p><button type="submit" id="login">Sign in as Alice</button></p>
</form>
<form method="post" action="${escapeHtml(abortAction)}" id="cancel-form">
  <p><button type="submit" id="cancel">Cancel</button></p>
</form>
<dl>
  <dt>requested acr_values</dt><dd id="acr-values">${acrValues}</dd>
  <dt>max_age</dt><dd id="max-age">${maxAge}</dd>
  <dt>prompt reasons</dt><dd id="reasons">${reasons}</dd>
</dl>
</body>
</html>`;
}

async function readForm(req, limit = 64 * 1024) {
  let size = 0;
  const chunks = [];
  for await (const chunk of req) {
    size += chunk.length;
    if (size > limit) throw new Error('request body too large');
    chunks.push(chunk);
  }
  return new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
}

const truthy = (v) => v !== null && ['1', 'on', 'true', 'yes'].includes(String(v).toLowerCase());

/** Adds everything the current authorization request asks for to `grant`. */
function grantRequested(oidc, grant) {
  const scopes = [...oidc.requestParamOIDCScopes];
  if (scopes.length) grant.addOIDCScope(scopes.join(' '));
  const claims = [...oidc.requestParamClaims];
  if (claims.length) grant.addOIDCClaims(claims);
  for (const [indicator, server] of Object.entries(oidc.resourceServers || {})) {
    const wanted = [...oidc.requestParamScopes].filter((s) => server.scopes?.has?.(s));
    if (wanted.length) grant.addResourceScope(indicator, wanted.join(' '));
  }
}

/**
 * The default policy (login, consent) plus one login check: when the request
 * names acr_values and the session's acr is none of them, show the login
 * page again (step-up), unless prompt=none or this very request just logged
 * in (the user may decline the second factor; the token then says so).
 */
function loginPolicy({ base, Check }) {
  const policy = base();
  policy.get('login').checks.add(new Check(
    'acr_values_unmet',
    'the session does not satisfy the requested acr_values',
    (ctx) => {
      const { oidc } = ctx;
      const requested = oidc.params.acr_values;
      if (!requested || !oidc.session.accountId || oidc.result?.login || oidc.prompts.has('none')) {
        return Check.NO_NEED_TO_PROMPT;
      }
      return requested.split(' ').includes(oidc.session.acr)
        ? Check.NO_NEED_TO_PROMPT
        : Check.REQUEST_PROMPT;
    },
  ));
  return policy;
}

/**
 * Starts the provider. Returns { issuer, port, close(), clients, control }.
 * `issuerPath` mounts the OP under a path (issuer http://127.0.0.1:PORT/PATH);
 * the /__control endpoints always stay at the server root.
 */
export async function startProvider({
  port = 0,
  appOrigin,
  redirectUris,
  issuerPath = '',
  encryptedClients = [],
} = {}) {
  if (!appOrigin) throw new TypeError('startProvider: appOrigin is required (the SPA origin, e.g. http://127.0.0.1:4001)');
  appOrigin = new URL(appOrigin).origin;
  redirectUris = redirectUris?.length ? [...redirectUris] : [`${appOrigin}/callback.html`];
  issuerPath = issuerPath ? `/${issuerPath.replace(/^\/+|\/+$/g, '')}` : '';
  if (issuerPath === '/') issuerPath = '';

  const { Provider, interactionPolicy } = await loadProviderModule();

  const corsOrigins = new Set([appOrigin, ...redirectUris.map((u) => new URL(u).origin)]);
  const clients = Object.entries(CLIENT_ALGS).map(([clientId, alg]) => ({
    client_id: clientId,
    client_name: `idtoken SPA (${alg})`,
    application_type: 'web',
    token_endpoint_auth_method: 'none',
    id_token_signed_response_alg: alg,
    response_types: [...RESPONSE_TYPES],
    grant_types: ['authorization_code', 'implicit'],
    redirect_uris: [...redirectUris],
    post_logout_redirect_uris: [`${appOrigin}/`],
  }));
  // Clients that registered a public encryption key: their ID tokens are
  // signed ES256, then encrypted to that key (nested JWT).
  for (const { clientId, alg, enc, jwk } of encryptedClients) {
    clients.push({
      ...clients.find((c) => c.client_id === 'spa-es256'),
      client_id: clientId,
      client_name: `idtoken SPA (ES256, encrypted ${alg} + ${enc})`,
      id_token_encrypted_response_alg: alg,
      id_token_encrypted_response_enc: enc,
      jwks: { keys: [jwk] },
    });
  }

  const stats = { jwksRequests: 0, discoveryRequests: 0 };
  let jwksMode = 'ok';
  let tamperMode = 'none';
  let tamperedIdTokens = 0;
  let discoveryIssuer = null;
  const cookieKeys = [randomBytes(32).toString('base64url')];

  const server = createServer();
  const sockets = new Set();
  server.on('connection', (s) => { sockets.add(s); s.on('close', () => sockets.delete(s)); });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', () => { server.off('error', fail); ok(); });
  });
  const actualPort = server.address().port;
  const origin = `http://127.0.0.1:${actualPort}`;
  const issuer = `${origin}${issuerPath}`;

  function configuration(jwks) {
    return {
      jwks: { keys: jwks },
      clients: structuredClone(clients),
      cookies: { keys: cookieKeys },
      features: {
        devInteractions: { enabled: false },
        claimsParameter: { enabled: true },
        userinfo: { enabled: true },
        rpInitiatedLogout: { enabled: true },
        encryption: { enabled: true },
      },
      responseTypes: [...RESPONSE_TYPES],
      scopes: ['openid', 'profile', 'email', 'offline_access'],
      // acr and amr ride along with the openid scope, so every ID token has
      // them; auth_time appears when max_age is requested (or prompt=login).
      claims: {
        openid: ['sub', 'acr', 'amr'],
        profile: ['name'],
        email: ['email', 'email_verified'],
        acr: null,
        amr: null,
        auth_time: null,
        sid: null,
        iss: null,
      },
      acrValues: [ACR_PWD, ACR_MFA],
      // Put scope claims (name, email) in every ID token, also in the code flow.
      conformIdTokenClaims: false,
      enabledJWA: {
        idTokenSigningAlgValues: ['RS256', 'PS256', 'ES256', 'EdDSA'],
        idTokenEncryptionAlgValues: ['RSA-OAEP', 'RSA-OAEP-256', 'ECDH-ES', 'ECDH-ES+A128KW', 'ECDH-ES+A256KW'],
        idTokenEncryptionEncValues: ['A128GCM', 'A256GCM', 'A128CBC-HS256', 'A256CBC-HS512'],
      },
      pkce: { required: () => true },
      clientBasedCORS: (ctx, requestOrigin) => corsOrigins.has(requestOrigin),
      interactions: {
        policy: loginPolicy(interactionPolicy),
        url: (ctx, interaction) => `${issuerPath}/interaction/${interaction.uid}`,
      },
      // Consent is granted automatically: whatever the request asks for is
      // added to the grant before the consent prompt is evaluated.
      async loadExistingGrant(ctx) {
        const { oidc } = ctx;
        const accountId = oidc.session.accountId;
        const clientId = oidc.client.clientId;
        const grantId = oidc.result?.consent?.grantId || oidc.session.grantIdFor(clientId);
        let grant = grantId ? await oidc.provider.Grant.find(grantId) : undefined;
        if (!grant || grant.accountId !== accountId || grant.clientId !== clientId) {
          grant = new oidc.provider.Grant({ accountId, clientId });
        }
        grantRequested(oidc, grant);
        await grant.save();
        return grant;
      },
      async findAccount(ctx, sub) {
        if (sub !== ACCOUNT.sub) return undefined;
        return {
          accountId: sub,
          async claims() { return { ...ACCOUNT }; },
        };
      },
      async renderError(ctx, out) {
        ctx.type = 'html';
        ctx.body = `<!doctype html><meta charset="utf-8"><title>error</title><h1>OP error</h1>${
          Object.entries(out).map(([k, v]) => `<p><strong>${escapeHtml(k)}</strong>: <span id="${escapeHtml(k)}">${escapeHtml(v)}</span></p>`).join('')}`;
      },
      ttl: {
        AccessToken: 3600,
        AuthorizationCode: 120,
        IdToken: 3600,
        Interaction: 3600,
        Session: 86400,
        Grant: 86400,
      },
    };
  }

  function buildProvider(jwks) {
    const provider = quietly(() => new Provider(issuer, configuration(jwks)));
    // oidc-provider refuses http redirect URIs for web clients allowed the
    // implicit grant; this OP runs on 127.0.0.1 over http on purpose.
    const { invalidate } = provider.Client.Schema.prototype;
    provider.Client.Schema.prototype.invalidate = function lenient(message, code) {
      if (code === 'implicit-force-https' || code === 'implicit-forbid-localhost') return;
      invalidate.call(this, message, code);
    };
    // Keys and discovery change under test control: never let a browser cache
    // them. Then the discovery issuer override (after the document is built).
    provider.use(async (ctx, next) => {
      await next();
      if ((ctx.path === DISCOVERY_PATH || ctx.path === JWKS_PATH) && ctx.method === 'GET') {
        ctx.set('Cache-Control', 'no-store');
      }
      if (ctx.path === DISCOVERY_PATH && ctx.status === 200 && discoveryIssuer !== null
          && ctx.body && typeof ctx.body === 'object') {
        ctx.body = { ...ctx.body, issuer: discoveryIssuer };
      }
      // A compromised path to the token endpoint: the ID token still decodes
      // and carries the right claims, only its signature is wrong.
      if (tamperMode === 'id-token-signature' && ctx.path === TOKEN_PATH && ctx.status === 200
          && ctx.body && typeof ctx.body === 'object' && typeof ctx.body.id_token === 'string') {
        ctx.body = { ...ctx.body, id_token: flipSignatureChar(ctx.body.id_token) };
        tamperedIdTokens += 1;
      }
    });
    return { provider, callback: provider.callback(), kids: jwks.map((k) => k.kid) };
  }

  let current = buildProvider(await generateSigningKeys());

  const control = {
    /** Replaces every signing key (new kids); sessions are lost. Returns the new kids. */
    async rotateKeys() {
      current = buildProvider(await generateSigningKeys());
      return [...current.kids];
    },
    kids: () => [...current.kids],
    stats: () => ({ ...stats }),
    resetStats() { stats.jwksRequests = 0; stats.discoveryRequests = 0; },
    setJwksMode(mode) {
      if (!['ok', 'down', 'junk'].includes(mode)) throw new TypeError(`jwks mode must be ok, down or junk, not ${mode}`);
      jwksMode = mode;
    },
    jwksMode: () => jwksMode,
    setDiscoveryIssuer(value) {
      if (value !== null && typeof value !== 'string') throw new TypeError('discovery issuer must be a string or null');
      discoveryIssuer = value;
    },
    discoveryIssuer: () => discoveryIssuer,
    /**
     * 'id-token-signature': flip one signature character of every ID token
     * the token endpoint returns; 'none': leave them alone.
     */
    setTamperMode(mode) {
      if (!TAMPER_MODES.includes(mode)) throw new TypeError(`tamper mode must be ${TAMPER_MODES.join(' or ')}, not ${mode}`);
      tamperMode = mode;
    },
    tamperMode: () => tamperMode,
    /** How many ID tokens have been tampered with so far. */
    tamperedIdTokens: () => tamperedIdTokens,
    /** The current oidc-provider instance (changes on rotateKeys). */
    provider: () => current.provider,
  };

  const send = (res, status, body, headers = {}) => {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    res.writeHead(status, {
      'content-type': typeof body === 'string' ? 'text/plain; charset=utf-8' : 'application/json',
      'cache-control': 'no-store',
      ...headers,
    });
    res.end(text);
  };

  async function handleControl(req, res, url) {
    const cors = {
      'access-control-allow-origin': req.headers.origin || '*',
      vary: 'Origin',
    };
    if (req.method === 'OPTIONS') {
      res.writeHead(204, {
        ...cors,
        'access-control-allow-methods': 'GET, POST',
        'access-control-allow-headers': req.headers['access-control-request-headers'] || '*',
      });
      res.end();
      return;
    }
    const name = url.pathname.slice('/__control/'.length);
    const post = req.method === 'POST';
    try {
      if (name === 'rotate' && post) {
        const kids = await control.rotateKeys();
        send(res, 200, { kids }, cors);
      } else if (name === 'stats' && req.method === 'GET') {
        send(res, 200, control.stats(), cors);
      } else if ((name === 'reset-stats' || name === 'stats/reset') && post) {
        control.resetStats();
        send(res, 200, control.stats(), cors);
      } else if (name === 'jwks-mode' && post) {
        control.setJwksMode(url.searchParams.get('mode'));
        send(res, 200, { mode: jwksMode }, cors);
      } else if (name === 'discovery-issuer' && post) {
        const value = url.searchParams.get('value');
        control.setDiscoveryIssuer(value === null || value === '' ? null : value);
        send(res, 200, { issuer: discoveryIssuer }, cors);
      } else if (name === 'tamper' && post) {
        control.setTamperMode(url.searchParams.get('mode'));
        send(res, 200, { mode: tamperMode, tampered: tamperedIdTokens }, cors);
      } else if (name === 'state' && req.method === 'GET') {
        send(res, 200, {
          issuer, kids: control.kids(), jwksMode, discoveryIssuer, tamperMode, tamperedIdTokens, stats: control.stats(),
          clients: clients.map((c) => ({ client_id: c.client_id, alg: c.id_token_signed_response_alg })),
        }, cors);
      } else {
        send(res, 404, { error: `unknown control endpoint ${req.method} ${url.pathname}` }, cors);
      }
    } catch (e) {
      send(res, 400, { error: e.message }, cors);
    }
  }

  async function handleInteraction(req, res, rest) {
    // rest: "<uid>" | "<uid>/login" | "<uid>/abort"
    const [uid, action] = rest.split('/');
    const { provider } = current;
    let details;
    try {
      details = await provider.interactionDetails(req, res);
    } catch (e) {
      send(res, 400, `interaction not found (${e.message}); start the sign-in again`);
      return;
    }
    if (details.uid !== uid) {
      send(res, 400, 'interaction cookie does not match this URL');
      return;
    }
    const { prompt, params } = details;

    if (action === undefined && req.method === 'GET') {
      if (prompt.name === 'login') {
        res.writeHead(200, {
          'content-type': 'text/html; charset=utf-8',
          'cache-control': 'no-store',
        });
        res.end(loginPage({
          action: `${issuerPath}/interaction/${uid}/login`,
          abortAction: `${issuerPath}/interaction/${uid}/abort`,
          clientId: params.client_id,
          params,
          details: prompt,
        }));
        return;
      }
      if (prompt.name === 'consent') {
        // Only reached with prompt=consent; grant everything, no page.
        const accountId = details.session.accountId;
        const clientId = params.client_id;
        const grant = details.grantId
          ? await provider.Grant.find(details.grantId)
          : new provider.Grant({ accountId, clientId });
        const d = prompt.details || {};
        if (d.missingOIDCScope) grant.addOIDCScope(d.missingOIDCScope.join(' '));
        if (d.missingOIDCClaims) grant.addOIDCClaims(d.missingOIDCClaims);
        for (const [indicator, scopes] of Object.entries(d.missingResourceScopes || {})) {
          grant.addResourceScope(indicator, scopes.join(' '));
        }
        const grantId = await grant.save();
        await provider.interactionFinished(req, res, { consent: { grantId } }, { mergeWithLastSubmission: true });
        return;
      }
      send(res, 501, `prompt ${prompt.name} is not implemented`);
      return;
    }

    if (action === 'login' && req.method === 'POST' && prompt.name === 'login') {
      const form = await readForm(req);
      const mfa = truthy(form.get('mfa'));
      await provider.interactionFinished(req, res, {
        login: {
          accountId: ACCOUNT.sub,
          acr: mfa ? ACR_MFA : ACR_PWD,
          amr: mfa ? ['pwd', 'otp'] : ['pwd'],
          remember: true,
        },
      }, { mergeWithLastSubmission: false });
      return;
    }

    if (action === 'abort' && req.method === 'POST') {
      await provider.interactionFinished(req, res, {
        error: 'access_denied',
        error_description: 'End-User aborted interaction',
      }, { mergeWithLastSubmission: false });
      return;
    }

    send(res, 405, `unsupported ${req.method} on interaction ${action ?? ''}`);
  }

  function handleJwksFailure(req, res) {
    const headers = {
      'access-control-allow-origin': req.headers.origin || '*',
      vary: 'Origin',
      'cache-control': 'no-store',
    };
    if (jwksMode === 'down') {
      res.writeHead(503, { ...headers, 'content-type': 'application/json' });
      res.end(JSON.stringify({ error: 'temporarily_unavailable', error_description: 'JWKS is down (test control)' }));
      return;
    }
    // junk: HTTP 200, claims JSON, is not JSON.
    res.writeHead(200, { ...headers, 'content-type': 'application/json' });
    res.end('<html>this is not a JSON Web Key Set {"keys": [</html>');
  }

  server.on('request', async (req, res) => {
    try {
      const url = new URL(req.url, origin);
      const path = url.pathname;
      if (path.startsWith('/__control/')) {
        await handleControl(req, res, url);
        return;
      }
      if (path === '/favicon.ico') {
        res.writeHead(204).end();
        return;
      }
      let local = path;
      if (issuerPath) {
        if (path !== issuerPath && !path.startsWith(`${issuerPath}/`)) {
          send(res, 404, 'not found');
          return;
        }
        local = path.slice(issuerPath.length) || '/';
      }
      const counted = req.method !== 'OPTIONS';
      if (local === JWKS_PATH) {
        if (counted) stats.jwksRequests += 1;
        if (jwksMode !== 'ok' && counted) {
          handleJwksFailure(req, res);
          return;
        }
      } else if (local === DISCOVERY_PATH) {
        if (counted) stats.discoveryRequests += 1;
      }
      if (local.startsWith('/interaction/')) {
        await handleInteraction(req, res, local.slice('/interaction/'.length));
        return;
      }
      if (issuerPath) {
        // Mount the way connect/express do, so oidc-provider sees its mount path.
        req.originalUrl = req.url;
        req.url = req.url.slice(issuerPath.length) || '/';
        if (!req.url.startsWith('/')) req.url = `/${req.url}`;
      }
      await current.callback(req, res);
    } catch (e) {
      if (!res.headersSent) send(res, 500, `provider error: ${e.message}`);
      else res.end();
    }
  });

  let closed;
  async function close() {
    closed ||= new Promise((ok) => {
      server.close(() => ok());
      for (const s of sockets) s.destroy();
    });
    return closed;
  }

  return {
    issuer,
    port: actualPort,
    origin,
    appOrigin,
    redirectUris: [...redirectUris],
    close,
    clients: clients.map((c) => ({
      client_id: c.client_id,
      alg: c.id_token_signed_response_alg,
      ...(c.id_token_encrypted_response_alg
        ? { encryption: { alg: c.id_token_encrypted_response_alg, enc: c.id_token_encrypted_response_enc } }
        : {}),
      response_types: [...c.response_types],
      redirect_uris: [...c.redirect_uris],
    })),
    control,
  };
}

function parseArgs(argv) {
  const out = { redirectUris: [] };
  for (let i = 0; i < argv.length; i += 1) {
    const arg = argv[i];
    const [flag, inline] = arg.includes('=') ? arg.split(/=(.*)/s) : [arg, undefined];
    const value = () => inline ?? argv[++i];
    switch (flag) {
      case '--port': out.port = Number(value()); break;
      case '--app': out.appOrigin = value(); break;
      case '--issuer-path': out.issuerPath = value(); break;
      case '--redirect-uri': out.redirectUris.push(value()); break;
      case '-h': case '--help': out.help = true; break;
      default: throw new Error(`unknown argument ${arg}`);
    }
  }
  return out;
}

async function main() {
  const args = parseArgs(process.argv.slice(2));
  if (args.help || !args.appOrigin) {
    console.log('usage: node www/provider/provider.mjs --port 4000 --app http://127.0.0.1:4001 [--issuer-path /oidc] [--redirect-uri URL]...');
    process.exitCode = args.help ? 0 : 2;
    return;
  }
  const op = await startProvider({
    port: args.port ?? 4000,
    appOrigin: args.appOrigin,
    redirectUris: args.redirectUris,
    issuerPath: args.issuerPath,
  });
  console.log(`issuer: ${op.issuer}`);
  console.log(`discovery: ${op.issuer}/.well-known/openid-configuration`);
  console.log(`jwks: ${op.issuer}${JWKS_PATH}`);
  console.log(`kids: ${op.control.kids().join(' ')}`);
  for (const c of op.clients) {
    console.log(`client: ${c.client_id} alg=${c.alg} response_types=${c.response_types.map((t) => `"${t}"`).join(',')} redirect_uris=${c.redirect_uris.join(',')}`);
  }
  console.log(`control: ${op.origin}/__control/{rotate,stats,reset-stats,jwks-mode?mode=,discovery-issuer?value=,tamper?mode=,state}`);
  const stop = async (signal) => {
    console.log(`${signal}: stopping`);
    await op.close();
    process.exit(0);
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
