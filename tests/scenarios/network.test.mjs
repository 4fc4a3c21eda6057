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
