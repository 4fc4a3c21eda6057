// idtoken/oidc-client-ts loads idtoken lazily, in parallel, and fails soft,
// in headless Chromium with the real oidc-client-ts against a small provider
// in Node. A server of its own serves the package with per-page headers (a
// Content-Security-Policy), can answer 403 for the .wasm, and records every
// request:
//  - installing the adapter loads no idtoken module and no .wasm; a sign-in
//    response (a callback URL, or signinCallback) does, while the code is
//    being exchanged;
//  - a page whose CSP lacks 'wasm-unsafe-eval', or a .wasm answered 403:
//    that sign-in is refused with ERR_NOT_READY naming the cause, nothing is
//    stored, the page keeps working, and the next sign-in loads again (and
//    succeeds once the .wasm is served);
//  - the `load` option picks the lite or the RSA-only build.
// In every engine of BROWSERS (tests/support/browser.mjs), one browser each;
// the servers are shared.
import { describe, test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { readFileSync, existsSync } from 'node:fs';
import { extname, join, normalize } from 'node:path';
import { fileURLToPath } from 'node:url';
import { engines, launch } from '../support/browser.mjs';
import { idClaims, mintKey, mintToken } from '../support/mint.mjs';

const PKG = fileURLToPath(new URL('../../pkg/', import.meta.url));
const NODE_MODULES = fileURLToPath(new URL('../../node_modules/', import.meta.url));
const CLIENT_ID = 'app';
const TOKEN_DELAY_MS = 400;

const LOADERS = {
  full: '',
  lite: "load: () => import('/pkg/lite/manual.js'),",
  rsa: "load: () => import('/pkg/rsa/manual.js'),",
};

const page = (build) => `<!doctype html><meta charset="utf-8"><title>lazy idtoken</title>
<script type="importmap">{ "imports": {
  "oidc-client-ts": "/vendor/oidc-client-ts/dist/esm/oidc-client-ts.js",
  "jwt-decode": "/vendor/jwt-decode/build/esm/index.js",
  "idtoken/oidc-client-ts": "/pkg/oidc-client-ts.js"
} }</script>
<button id="other" type="button">the rest of the app</button><output id="count">0</output>
<script type="module">
import { UserManager, OidcClient, WebStorageStateStore, InMemoryWebStorage } from 'oidc-client-ts';
import { verifyUserManager } from 'idtoken/oidc-client-ts';

document.getElementById('other').addEventListener('click', () => {
  const out = document.getElementById('count');
  out.textContent = String(Number(out.textContent) + 1);
});
const { issuer } = await (await fetch('/cfg.json')).json();
const memory = () => new WebStorageStateStore({ store: new InMemoryWebStorage() });
const settings = {
  authority: issuer, client_id: '${CLIENT_ID}', redirect_uri: location.origin + '/cb',
  response_type: 'code', scope: 'openid', automaticSilentRenew: false,
  userStore: memory(), stateStore: memory(),
};
const um = new UserManager(settings);
window.events = [];
um.events.addUserLoaded(() => window.events.push('userLoaded'));
um.events.addUserUnloaded(() => window.events.push('userUnloaded'));
verifyUserManager(um, {
  ${LOADERS[build]}
  onRefused: (e) => window.events.push('onRefused:' + e.code),
});
window.adapter = {
  async start() {
    return (await new OidcClient(settings).createSigninRequest({ request_type: 'si:r' })).state.id;
  },
  async finish(state) {
    try {
      const user = await um.signinCallback(location.origin + '/cb?code=the-code&state=' + encodeURIComponent(state));
      return { ok: true, sub: user.profile.sub, stored: (await um.getUser()) !== null };
    } catch (e) {
      return { ok: false, name: e.name, code: e.code ?? null, message: e.message, stored: (await um.getUser()) !== null };
    }
  },
};
window.ready = true;
</script>`;

const TYPES = { '.js': 'text/javascript', '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.json': 'application/json' };
const CSP_NO_WASM = "default-src 'self'; script-src 'self' 'unsafe-inline'; connect-src *";
const CSP_WASM = "default-src 'self'; script-src 'self' 'unsafe-inline' 'wasm-unsafe-eval'; connect-src *";

let server;
let appUrl;
let op;
const keys = {};
const queue = [];
/** Every request either server received: { path, at }. */
const log = [];
/** HTTP status for the .wasm files (403 to break them). */
let wasmStatus = 200;

/** The app: pages (with a CSP per query), /pkg/, /vendor/. */
async function startApp() {
  const mounts = {
    '/pkg/': PKG,
    '/vendor/oidc-client-ts/': `${NODE_MODULES}oidc-client-ts/`,
    '/vendor/jwt-decode/': `${NODE_MODULES}jwt-decode/`,
  };
  const s = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://x');
    log.push({ path: url.pathname, at: Date.now() });
    if (url.pathname === '/cfg.json') {
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ issuer: op.issuer }));
      return;
    }
    if (url.pathname === '/app' || url.pathname === '/cb') {
      const csp = url.searchParams.get('csp') === 'strict' ? CSP_NO_WASM : CSP_WASM;
      res.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': csp, 'cache-control': 'no-store' });
      res.end(page(url.searchParams.get('build') ?? 'full'));
      return;
    }
    const mount = Object.keys(mounts).find((m) => url.pathname.startsWith(m));
    if (!mount) {
      res.writeHead(404).end();
      return;
    }
    if (url.pathname.endsWith('.wasm') && wasmStatus !== 200) {
      res.writeHead(wasmStatus, { 'content-type': 'text/plain' }).end('forbidden');
      return;
    }
    const file = normalize(join(mounts[mount], url.pathname.slice(mount.length)));
    if (!file.startsWith(mounts[mount])) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-store' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  await new Promise((ok) => s.listen(0, '127.0.0.1', ok));
  return s;
}

/** The provider: discovery, JWKS (ES256 and RS256 keys), and a slow token endpoint answering from `queue`. */
async function startOp() {
  const s = createServer(async (req, res) => {
    const cors = { 'access-control-allow-origin': '*', 'access-control-allow-headers': '*' };
    const send = (status, body) => res.writeHead(status, { ...cors, 'content-type': 'application/json' }).end(JSON.stringify(body));
    if (req.method === 'OPTIONS') {
      res.writeHead(204, cors).end();
      return;
    }
    const { pathname } = new URL(req.url, 'http://x');
    log.push({ path: `op:${pathname}`, at: Date.now() });
    if (pathname === '/.well-known/openid-configuration') {
      send(200, { issuer: op.issuer, authorization_endpoint: `${op.issuer}/auth`, token_endpoint: `${op.issuer}/token`, jwks_uri: `${op.issuer}/jwks` });
    } else if (pathname === '/jwks') {
      send(200, { keys: [keys.ES256.jwk, keys.RS256.jwk] });
    } else if (pathname === '/token') {
      for await (const chunk of req) void chunk;
      await new Promise((ok) => setTimeout(ok, TOKEN_DELAY_MS));
      log.push({ path: 'op:/token answered', at: Date.now() });
      const next = queue.shift();
      if (next) send(200, next);
      else send(400, { error: 'invalid_grant' });
    } else {
      send(404, {});
    }
  });
  await new Promise((ok) => s.listen(0, '127.0.0.1', ok));
  return { server: s, issuer: `http://127.0.0.1:${s.address().port}` };
}

before(async () => {
  for (const f of ['oidc-client-ts.js', 'manual.js', 'lite/manual.js', 'rsa/manual.js']) {
    if (!existsSync(`${PKG}${f}`)) throw new Error(`pkg/${f} is missing: build the package with \`make build\``);
  }
  keys.ES256 = await mintKey('ES256', 'es');
  keys.RS256 = await mintKey('RS256', 'rs');
  op = await startOp();
  server = await startApp();
  appUrl = `http://127.0.0.1:${server.address().port}`;
});

after(async () => {
  await new Promise((ok) => server?.close(ok));
  await new Promise((ok) => { op?.server.closeAllConnections(); op?.server.close(ok); });
});

/** Opens the app page (`query`: csp, build) in `browser` and returns it with its uncaught errors. */
async function open(browser, query = '') {
  const p = await browser.newPage();
  const pageErrors = p.uncaught;
  await p.goto(`${appUrl}/app${query}`);
  await p.waitForFunction(() => window.ready === true);
  return { p, pageErrors };
}

/** One sign-in on page `p` whose token endpoint returns an ID token signed with `alg`. */
async function signIn(p, alg = 'ES256') {
  const state = await p.evaluate(() => window.adapter.start());
  const accessToken = `at-${Math.random()}`;
  queue.push({
    access_token: accessToken, token_type: 'Bearer', expires_in: 300,
    id_token: await mintToken(keys[alg], idClaims({ issuer: op.issuer, clientId: CLIENT_ID, sub: 'alice' })),
  });
  const result = await p.evaluate((s) => window.adapter.finish(s), state);
  assert.equal(queue.length, 0, 'the token endpoint was called');
  return result;
}

const paths = (from) => log.slice(from).map((r) => r.path);
const idtokenFiles = (from) => paths(from).filter((x) => /^\/pkg\/(.*\/)?(idtoken\.js|idtoken_bg\.wasm|manual\.js|index\.js)$/.test(x));

test('the adapter module imports nothing statically: an entry chunk carries only it', () => {
  const source = readFileSync(`${PKG}oidc-client-ts.js`, 'utf8');
  assert.doesNotMatch(source, /^\s*import\s.*from\s/m, 'no static import');
  assert.doesNotMatch(source, /^\s*export\s.*from\s/m, 'no re-export');
  assert.match(source, /import\('\.\/manual\.js'\)/, 'the default build is a dynamic import() a bundler can see');
  assert.ok(Buffer.byteLength(source) < 40_000, `${Buffer.byteLength(source)} bytes`);
});

for (const engine of engines()) {
  describe(engine, () => suite(engine));
}

function suite(engine) {
  let browser;
  before(async () => {
    browser = await launch(engine);
    console.log(`${engine}: ${browser.label}`);
  });
  after(async () => {
    await browser?.close();
  });

  test(`${engine}: installing the adapter loads no idtoken module or .wasm; a sign-in loads them while the code is exchanged`, async () => {
    const from = log.length;
    const { p, pageErrors } = await open(browser);
    try {
      assert.ok(paths(from).includes('/pkg/oidc-client-ts.js'));
      assert.deepEqual(idtokenFiles(from), [], 'nothing of idtoken before a sign-in response');
      const mark = log.length;
      const result = await signIn(p);
      assert.deepEqual(result, { ok: true, sub: 'alice', stored: true });
      assert.deepEqual(idtokenFiles(mark).sort(), ['/pkg/idtoken.js', '/pkg/idtoken_bg.wasm', '/pkg/manual.js']);
      const at = (x) => log.slice(mark).find((r) => r.path === x).at;
      // The token endpoint takes TOKEN_DELAY_MS: the wasm and the keys were
      // requested before it answered, not after.
      assert.ok(at('/pkg/idtoken_bg.wasm') < at('op:/token answered'), 'the wasm loads during the code exchange');
      assert.ok(at('op:/jwks') < at('op:/token answered'), 'the keys are fetched during the code exchange');
      assert.deepEqual(pageErrors, []);
    } finally {
      await p.close();
    }
  });

  test(`${engine}: a callback URL (code and state) starts the load when the adapter is installed`, async () => {
    const from = log.length;
    const p = await browser.newPage();
    try {
      await p.goto(`${appUrl}/app?code=abc&state=def`);
      await p.waitForFunction(() => window.ready === true);
      await p.waitForTimeout(300);
      assert.ok(idtokenFiles(from).includes('/pkg/idtoken_bg.wasm'), JSON.stringify(paths(from)));
    } finally {
      await p.close();
    }
  });

  test(`${engine}: a CSP without 'wasm-unsafe-eval': the sign-in is refused with ERR_NOT_READY, the app keeps working, the next sign-in loads again`, async () => {
    const { p, pageErrors } = await open(browser, '?csp=strict');
    try {
      const from = log.length;
      const first = await signIn(p);
      assert.equal(first.ok, false);
      assert.equal(first.name, 'IdTokenError');
      assert.equal(first.code, 'ERR_NOT_READY', first.message);
      assert.match(first.message, /WebAssembly/);
      assert.match(first.message, /wasm-unsafe-eval/);
      assert.equal(first.stored, false);
      assert.deepEqual(await p.evaluate(() => window.events), ['onRefused:ERR_NOT_READY'], 'no userLoaded, no userUnloaded');
      // The rest of the app still runs.
      await p.click('#other');
      assert.equal(await p.textContent('#count'), '1');
      // A later sign-in tries again (a second request for the wasm).
      const second = await signIn(p);
      assert.equal(second.code, 'ERR_NOT_READY');
      assert.equal(idtokenFiles(from).filter((x) => x.endsWith('.wasm')).length, 2, JSON.stringify(paths(from)));
      assert.deepEqual(pageErrors, [], 'no uncaught error');
    } finally {
      await p.close();
    }
  });

  test(`${engine}: a .wasm answered 403: that sign-in is refused with ERR_NOT_READY naming the status; the next one loads it and succeeds`, async () => {
    const { p, pageErrors } = await open(browser);
    try {
      wasmStatus = 403;
      const first = await signIn(p);
      assert.equal(first.code, 'ERR_NOT_READY', first.message);
      assert.match(first.message, /403/);
      assert.equal(first.stored, false);
      wasmStatus = 200;
      const second = await signIn(p);
      assert.deepEqual(second, { ok: true, sub: 'alice', stored: true });
      assert.deepEqual(await p.evaluate(() => window.events), ['onRefused:ERR_NOT_READY', 'userLoaded']);
      assert.deepEqual(pageErrors, []);
    } finally {
      wasmStatus = 200;
      await p.close();
    }
  });

  test(`${engine}: the load option: the lite build, and the RSA-only build (which refuses an ES256 token)`, async () => {
    for (const [build, alg, expected] of [['lite', 'ES256', null], ['rsa', 'RS256', null], ['rsa', 'ES256', 'ERR_ALG_NOT_ALLOWED']]) {
      const from = log.length;
      const { p, pageErrors } = await open(browser, `?build=${build}`);
      try {
        const result = await signIn(p, alg);
        if (expected) {
          assert.equal(result.code, expected, result.message);
          assert.equal(result.stored, false);
        } else {
          assert.deepEqual(result, { ok: true, sub: 'alice', stored: true }, `${build} ${alg}: ${result.message}`);
        }
        const wasm = idtokenFiles(from).filter((x) => x.endsWith('.wasm'));
        assert.deepEqual(wasm, [`/pkg/${build}/idtoken_bg.wasm`], `${build}: only its own wasm`);
        assert.deepEqual(pageErrors, []);
      } finally {
        await p.close();
      }
    }
  });
}
