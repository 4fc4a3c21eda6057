// Cold start of one library in a fresh page: module fetch + instantiate +
// first validation, as an app's first sign-in after loading. Everything is
// served with `cache-control: no-store`, so nothing comes from a cache.
const LOADERS = {
  // import glue + init() (fetches and instantiates the wasm) + constructing
  // the validator + the first validate.
  async idtoken(c, { options, checks }, mark) {
    const m = await import('/pkg/idtoken.js');
    mark('import');
    await m.default();
    mark('init');
    const v = new m.IdTokenValidator({
      issuer: options.issuer, clientId: options.clientId, jwks: c.jwks, algorithms: [options.alg],
    });
    mark('construct');
    v.validate(c.token, checks);
    mark('first');
  },
  // import the bundle + createLocalJWKSet + the first jwtVerify (which
  // imports the key).
  async jose(c, { options, checks }, mark) {
    const m = await import('/dist/jose.js');
    mark('import');
    await m.firstValidation(c.jwks, options, c.token, checks);
    mark('first');
  },
  async jsrsasign(c, { options, checks }, mark) {
    const m = await import('/dist/jsrsasign.js');
    mark('import');
    await m.firstValidation(c.jwks, options, c.token, checks);
    mark('first');
  },
  async 'webcrypto-floor'(c, { options, checks }, mark) {
    const m = await import('./adapters/webcrypto-floor.js');
    mark('import');
    await m.firstValidation(c.jwks, options, c.token, checks);
    mark('first');
  },
};

window.cold = async (lib, c, setup) => {
  const phases = {};
  const t0 = performance.now();
  let last = t0;
  const mark = (name) => {
    const t = performance.now();
    phases[name] = t - last;
    last = t;
  };
  await LOADERS[lib](c, setup, mark);
  return { totalMs: last - t0, phases };
};
document.getElementById('status').textContent = 'ready';
