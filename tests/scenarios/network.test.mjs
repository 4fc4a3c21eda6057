// The network side of the JS API in Node (global fetch, as in browsers):
// size limits enforced while the body streams, timeouts, redirects and
// non-2xx answers, against a local server that misbehaves on purpose.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { loadPkg } from '../support/pkg.mjs';
import { mintKey, mintToken, idClaims } from '../support/mint.mjs';

const lib = await loadPkg();
let server;
let base;
const routes = {};

before(async () => {
  server = createServer((req, res) => {
    const route = routes[req.url];
    if (!route) {
      res.writeHead(404).end();
      return;
    }
    route(req, res);
  });
  await new Promise((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${server.address().port}`;
});

after(() => new Promise((ok) => {
  server.closeAllConnections?.();
  server.close(ok);
}));

const discovery = (jwksPath) => (req, res) => {
  res.writeHead(200, { 'content-type': 'application/json' });
  res.end(JSON.stringify({ issuer: base, jwks_uri: `${base}${jwksPath}` }));
};

async function code(promise) {
  try {
    await promise;
    return 'ok';
  } catch (e) {
    return `${e.code}: ${e.message}`;
  }
}

test('a JWKS over 256 KiB is refused while it streams, declared or not', async () => {
  const big = JSON.stringify({ keys: [], pad: 'x'.repeat(300 * 1024) });
  routes['/.well-known/openid-configuration'] = discovery('/jwks-declared');
  routes['/jwks-declared'] = (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(big) });
    res.end(big);
  };
  assert.match(await code(lib.IdTokenValidator.discover(base, 'c')), /^ERR_JWKS_FETCH: .*larger than 262144 bytes/);
  // Chunked, with no length announced: counted as it arrives.
  routes['/.well-known/openid-configuration'] = discovery('/jwks-chunked');
  routes['/jwks-chunked'] = (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    for (let i = 0; i < big.length; i += 16384) res.write(big.slice(i, i + 16384));
    res.end();
  };
  assert.match(await code(lib.IdTokenValidator.discover(base, 'c')), /^ERR_JWKS_FETCH: .*larger than 262144 bytes/);
});

test('a discovery document over 64 KiB is refused', async () => {
  routes['/.well-known/openid-configuration'] = (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ issuer: base, jwks_uri: `${base}/jwks`, pad: 'x'.repeat(70 * 1024) }));
  };
  assert.match(await code(lib.IdTokenValidator.discover(base, 'c')), /^ERR_DISCOVERY: .*larger than 65536 bytes/);
});

test('redirects are not followed', async () => {
  routes['/.well-known/openid-configuration'] = (req, res) => {
    res.writeHead(302, { location: 'https://evil.example.com/.well-known/openid-configuration' }).end();
  };
  assert.match(await code(lib.IdTokenValidator.discover(base, 'c')), /^ERR_DISCOVERY: /);
});

test('a server that never answers times out', async () => {
  routes['/.well-known/openid-configuration'] = discovery('/jwks-slow');
  routes['/jwks-slow'] = () => { /* never answers */ };
  const started = Date.now();
  const r = await code(lib.IdTokenValidator.discover(base, 'c', { fetchTimeoutSeconds: 1 }));
  assert.match(r, /^ERR_JWKS_FETCH: /);
  const took = Date.now() - started;
  assert.ok(took >= 900 && took < 5000, `took ${took} ms`);
});

test('no credentials are sent', async () => {
  let seen;
  routes['/.well-known/openid-configuration'] = (req, res) => {
    seen = req.headers;
    discovery('/jwks')(req, res);
  };
  routes['/jwks'] = (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end('{"keys":[]}');
  };
  assert.equal(await code(lib.IdTokenValidator.discover(base, 'c')), 'ok');
  assert.equal(seen.cookie, undefined);
  assert.equal(seen.authorization, undefined);
});

/** The error a promise rejects with (fails when it resolves). */
async function rejection(promise) {
  try {
    await promise;
  } catch (e) {
    return e;
  }
  assert.fail('expected a rejection');
}

/** The ISO 8601 UTC form of an instant, by JavaScript's own calendar. */
const iso = (seconds) => new Date(Math.floor(seconds) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');

/** A JWKS route serving `keys()` (or `status()` when not 200), counting requests. */
function jwksRoute(keys, status = () => 200) {
  const route = (req, res) => {
    route.requests += 1;
    if (status() !== 200) {
      res.writeHead(status()).end();
      return;
    }
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ keys: keys() }));
  };
  route.requests = 0;
  return route;
}

/** Reads "… in W s, at T (ISO)" of a cooldown message and checks its numbers. */
function checkWait(message, { last, startedBefore, startedAfter, cooldown }) {
  const m = message.match(new RegExp(`${last} ([\\d.]+) s ago, within jwksCooldownSeconds \\(${cooldown} s\\); `
    + 'the next may happen in ([\\d.]+) s, at ([\\d.]+) \\((\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ)\\)$'));
  assert.ok(m, message);
  const [ago, wait, at] = m.slice(1, 4).map(Number);
  assert.ok(Math.abs(ago + wait - cooldown) < 0.002, message);
  assert.ok(wait > 0 && wait <= cooldown, message);
  // `at` is the start of the cooldown plus its length.
  assert.ok(at >= startedBefore + cooldown - 0.002 && at <= startedAfter + cooldown + 0.002, `${message} (${startedBefore}..${startedAfter})`);
  assert.equal(m[4], iso(at));
}

test('ERR_NO_MATCHING_KEY says when a JWKS refetch was skipped for the cooldown, and when the next may happen', async () => {
  const known = await mintKey('ES256', 'known');
  const stranger = await mintKey('ES256', 'stranger');
  const jwks = jwksRoute(() => [known.jwk]);
  routes['/.well-known/openid-configuration'] = discovery('/jwks-cooldown');
  routes['/jwks-cooldown'] = jwks;
  const v = await lib.IdTokenValidator.discover(base, 'c', { jwksCooldownSeconds: 30 });
  assert.equal(jwks.requests, 1);
  const token = await mintToken(stranger, idClaims({ issuer: base, clientId: 'c', sub: 'u' }));
  const noKey = 'key: expected a held key with kid "stranger" that fits ES256, found none among 1 keys';

  // An unknown kid: one refetch, and the message says the keys were refetched.
  const startedBefore = Date.now() / 1000;
  let e = await rejection(v.validateAsync(token));
  const startedAfter = Date.now() / 1000;
  assert.equal(e.code, 'ERR_NO_MATCHING_KEY');
  assert.equal(e.message, `${noKey}; checked again after a JWKS refetch from jwks_uri just now`);
  assert.equal(jwks.requests, 2);

  // Again within the cooldown: no request, and the message says why and until when.
  e = await rejection(v.validateAsync(token));
  assert.equal(e.code, 'ERR_NO_MATCHING_KEY');
  assert.equal(jwks.requests, 2);
  assert.ok(e.message.startsWith(`${noKey}; JWKS refetch skipped: the last refetch was `), e.message);
  checkWait(e.message, { last: 'the last refetch was', startedBefore, startedAfter, cooldown: 30 });
  assert.ok(!e.message.includes(token.split('.')[0]));

  // A known kid is still accepted meanwhile, without a request.
  const ok = await mintToken(known, idClaims({ issuer: base, clientId: 'c', sub: 'u' }));
  assert.equal((await v.validateAsync(ok)).kid, 'known');
  assert.equal(jwks.requests, 2);
});

test('after a failed JWKS fetch, the cooldown messages name the failure and when the next attempt may be', async () => {
  const known = await mintKey('ES256', 'known');
  let status = 200;
  const jwks = jwksRoute(() => [known.jwk], () => status);
  routes['/jwks-failing'] = jwks;
  const token = await mintToken(known, idClaims({ issuer: base, clientId: 'c', sub: 'u' }));

  // Keys never loaded: the first fetch fails, the next call waits for the cooldown.
  status = 500;
  const v = new lib.IdTokenValidator({ issuer: base, clientId: 'c', jwksUri: `${base}/jwks-failing`, jwksCooldownSeconds: 20 });
  let startedBefore = Date.now() / 1000;
  let e = await rejection(v.validateAsync(token));
  let startedAfter = Date.now() / 1000;
  assert.equal(e.code, 'ERR_JWKS_FETCH');
  assert.equal(jwks.requests, 1);
  e = await rejection(v.validateAsync(token));
  assert.equal(e.code, 'ERR_JWKS_FETCH');
  assert.equal(jwks.requests, 1);
  assert.ok(e.message.startsWith('jwks_uri: no new attempt yet: the last fetch failed '), e.message);
  checkWait(e.message, { last: 'the last fetch failed', startedBefore, startedAfter, cooldown: 20 });

  // Keys held, an unknown kid, and the refetch fails: the skip names the failure.
  status = 200;
  const held = new lib.IdTokenValidator({ issuer: base, clientId: 'c', jwksUri: `${base}/jwks-failing`, jwks: { keys: [] }, jwksCooldownSeconds: 20 });
  status = 500;
  startedBefore = Date.now() / 1000;
  e = await rejection(held.validateAsync(token));
  startedAfter = Date.now() / 1000;
  assert.equal(e.code, 'ERR_JWKS_FETCH');
  assert.equal(jwks.requests, 2);
  e = await rejection(held.validateAsync(token));
  assert.equal(e.code, 'ERR_NO_MATCHING_KEY');
  assert.equal(jwks.requests, 2);
  assert.match(e.message, /^key: expected a held key with kid "known" that fits ES256, found none among 0 keys; JWKS refetch skipped: the last fetch failed /);
  checkWait(e.message, { last: 'the last fetch failed', startedBefore, startedAfter, cooldown: 20 });
});

test('validateAsync fetches the JWKS once per call when stale keys lack the token\'s kid', async () => {
  const first = await mintKey('ES256', 'first');
  const rotated = await mintKey('ES256', 'rotated');
  let served = [first.jwk];
  const jwks = jwksRoute(() => served);
  routes['/jwks-once'] = jwks;
  const options = { issuer: base, clientId: 'c', jwksUri: `${base}/jwks-once`, jwksCacheMaxAgeSeconds: 0, jwksCooldownSeconds: 0 };
  const stranger = await mintToken(rotated, idClaims({ issuer: base, clientId: 'c', sub: 'u' }));

  // No keys yet (stale), unknown kid: one request, not a load plus a refetch.
  const v = new lib.IdTokenValidator(options);
  const e = await rejection(v.validateAsync(stranger));
  assert.equal(e.code, 'ERR_NO_MATCHING_KEY');
  assert.equal(jwks.requests, 1);
  assert.match(e.message, /; checked again after a JWKS refetch from jwks_uri just now$/);

  // Keys held but stale (max age 0): again exactly one request per call,
  // and a key that appeared in it is found.
  served = [first.jwk, rotated.jwk];
  assert.equal((await v.validateAsync(stranger)).kid, 'rotated');
  assert.equal(jwks.requests, 2);

  // Fresh keys and an unknown kid: the one refetch of before.
  const fresh = new lib.IdTokenValidator({ ...options, jwksCacheMaxAgeSeconds: 600, jwks: { keys: [first.jwk] } });
  assert.equal((await fresh.validateAsync(stranger)).kid, 'rotated');
  assert.equal(jwks.requests, 3);
});

test('ERR_JWKS_FETCH and ERR_DISCOVERY name the URL and the HTTP status', async () => {
  const known = await mintKey('ES256', 'known');
  const token = await mintToken(known, idClaims({ issuer: base, clientId: 'c', sub: 'u' }));
  routes['/jwks-404'] = jwksRoute(() => [], () => 404);
  let e = await rejection(new lib.IdTokenValidator({ issuer: base, clientId: 'c', jwksUri: `${base}/jwks-404` }).validateAsync(token));
  assert.equal(e.code, 'ERR_JWKS_FETCH');
  assert.equal(e.message, `jwks_uri ${base}/jwks-404: HTTP status 404`);

  routes['/jwks-html'] = (req, res) => {
    res.writeHead(200, { 'content-type': 'text/html' });
    res.end('<html>sign in</html>');
  };
  e = await rejection(new lib.IdTokenValidator({ issuer: base, clientId: 'c', jwksUri: `${base}/jwks-html` }).validateAsync(token));
  assert.equal(e.code, 'ERR_JWKS_FETCH');
  assert.match(e.message, new RegExp(`^jwks_uri ${base}/jwks-html: HTTP status 200, but jwks: JSON syntax error at byte 0`));

  routes['/.well-known/openid-configuration'] = (req, res) => res.writeHead(503).end();
  e = await rejection(lib.IdTokenValidator.discover(base, 'c'));
  assert.equal(e.code, 'ERR_DISCOVERY');
  assert.equal(e.message, `discovery document at ${base}/.well-known/openid-configuration: HTTP status 503`);

  routes['/.well-known/openid-configuration'] = (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ issuer: 'https://other.example.com', jwks_uri: `${base}/jwks` }));
  };
  e = await rejection(lib.IdTokenValidator.discover(base, 'c'));
  assert.equal(e.code, 'ERR_DISCOVERY');
  assert.ok(e.message.endsWith(`; fetched from ${base}/.well-known/openid-configuration (HTTP status 200)`), e.message);
});

test('discovery reads RFC 9864 Ed25519 from id_token_signing_alg_values_supported', async () => {
  const ed = await mintKey('Ed25519', 'ed-1');
  const es = await mintKey('ES256', 'es-1');
  routes['/.well-known/openid-configuration'] = (req, res) => {
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ issuer: base, jwks_uri: `${base}/jwks-ed`, id_token_signing_alg_values_supported: ['Ed25519'] }));
  };
  routes['/jwks-ed'] = jwksRoute(() => [ed.jwk, es.jwk]);
  const v = await lib.IdTokenValidator.discover(base, 'c');
  const r = await v.validateAsync(await mintToken(ed, idClaims({ issuer: base, clientId: 'c', sub: 'u' })));
  assert.equal(r.alg, 'Ed25519');
  assert.equal(r.header.alg, 'Ed25519');
  // Only the declared algorithm is allowed.
  const e = await rejection(v.validateAsync(await mintToken(es, idClaims({ issuer: base, clientId: 'c', sub: 'u' }))));
  assert.equal(e.code, 'ERR_ALG_NOT_ALLOWED');
});
