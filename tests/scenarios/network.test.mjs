// The network side of the JS API in Node (global fetch, as in browsers):
// size limits enforced while the body streams, timeouts, redirects and
// non-2xx answers, against a local server that misbehaves on purpose.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { loadPkg } from '../support/pkg.mjs';

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
