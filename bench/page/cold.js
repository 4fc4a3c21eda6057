// Cold start of one library in a fresh page: from nothing loaded to the
// first validated token, as an app's first sign-in after loading.
// Everything is served with `cache-control: no-store`, so nothing comes
// from a cache. Each load returns its phases (ms), which sum to its total:
//
//   fetch        network: the module(s), and for idtoken the wasm bytes
//                (Resource Timing splits a module import into its fetch and
//                the rest)
//   evaluate     parse, compile and run the JS module(s) once fetched
//   compile      idtoken only: WebAssembly.compile of the fetched bytes
//   instantiate  idtoken only: instantiating the module (wasm-bindgen init)
//   first        the first validation: keys parsed or imported, the token
//                verified and its claims checked
//
// `idtoken` takes those wasm steps one at a time so that each is measured;
// `idtoken-streaming` is what an app does by default, init() with
// WebAssembly.instantiateStreaming (fetch and compile overlap), measured as
// fetch (the glue), evaluate (the glue), init (wasm fetch + compile +
// instantiate, overlapped) and first.

/** Fetch time of `url` since `t0` (Resource Timing), or null if not recorded. */
function fetchEnd(url) {
  const href = new URL(url, location.href).href;
  const entries = performance.getEntriesByName(href, 'resource');
  return entries.length ? entries[entries.length - 1].responseEnd : null;
}

/** Imports `url` and records its fetch and evaluate phases. */
async function timedImport(url, mark) {
  const m = await import(url);
  const end = fetchEnd(url);
  mark('fetch', end);
  mark('evaluate');
  return m;
}

/** The first validation through idtoken's glue module `m`, once initialised. */
function idtokenFirst(m, c, { options, checks }) {
  const v = new m.IdTokenValidator({
    issuer: options.issuer, clientId: options.clientId, jwks: c.jwks, algorithms: [options.alg],
  });
  try {
    v.validate(c.token, checks);
  } finally {
    v.free();
  }
}

/** A peer's loader: its bundled adapter module, then its first validation. */
function peer(url) {
  return async (c, { options, checks }, mark) => {
    const m = await timedImport(url, mark);
    await m.firstValidation(c.jwks, options, c.token, checks);
    mark('first');
  };
}

const LOADERS = {
  async idtoken(c, setup, mark) {
    const m = await timedImport('/pkg/idtoken.js', mark);
    const response = await fetch('/pkg/idtoken_bg.wasm');
    if (!response.ok) throw new Error(`idtoken_bg.wasm: HTTP ${response.status}`);
    const bytes = await response.arrayBuffer();
    mark('fetch');
    const module = await WebAssembly.compile(bytes);
    mark('compile');
    await m.default({ module_or_path: module });
    mark('instantiate');
    idtokenFirst(m, c, setup);
    mark('first');
  },
  async 'idtoken-streaming'(c, setup, mark) {
    const m = await timedImport('/pkg/idtoken.js', mark);
    await m.default();
    mark('init');
    idtokenFirst(m, c, setup);
    mark('first');
  },
  // createLocalJWKSet + the first jwtVerify (which imports the key).
  jose: peer('/dist/jose.js'),
  jsrsasign: peer('/dist/jsrsasign.js'),
  // noble has no RSA: it takes part in the ES256 cold start only.
  noble: peer('/dist/noble.js'),
  'webcrypto-floor': peer('/bench/adapters/webcrypto-floor.js'),
};

window.cold = async (lib, c, setup) => {
  const phases = {};
  const t0 = performance.now();
  let last = t0;
  // Adds the time since the last mark (or up to `at`, a performance.now()
  // timestamp) to phase `name`.
  const mark = (name, at = null) => {
    const t = at == null ? performance.now() : Math.min(Math.max(at, last), performance.now());
    phases[name] = (phases[name] ?? 0) + (t - last);
    last = t;
  };
  await LOADERS[lib](c, setup, mark);
  return { totalMs: last - t0, phases };
};
document.getElementById('status').textContent = 'ready';
