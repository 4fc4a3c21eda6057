// Runs scenarios against the JS API. Plain ESM with no Node imports: the
// same module runs in Node (scenarios.test.mjs) and in Chromium
// (tests/browser/scenarios.test.mjs).

/** What a call did: a value, or the thrown error's observable shape. */
function caught(e, phase) {
  return {
    threw: true,
    phase,
    isError: e instanceof Error,
    name: e && e.name,
    code: e && e.code,
    claim: e && e.claim,
    message: e && String(e.message),
  };
}

/** Runs one scenario with the library `lib` (the pkg/ module, initialised). */
export function runScenario(lib, s, defaultOptions) {
  let validator;
  try {
    validator = new lib.IdTokenValidator(s.options ?? defaultOptions);
  } catch (e) {
    return caught(e, 'construct');
  }
  try {
    if (s.setKeys) validator.setKeys(s.setKeys);
  } catch (e) {
    return caught(e, 'setKeys');
  } 
  try {
    const result = validator.validate(s.token, s.checks);
    return {
      threw: false,
      isPromise: typeof result?.then === 'function',
      alg: result.alg,
      kid: result.kid,
      encrypted: result.encrypted,
      sub: result.claims?.sub,
      claimsArePlain: Object.getPrototypeOf(result.claims) === Object.prototype
        && Object.getPrototypeOf(result.header) === Object.prototype,
      headerAlg: result.header?.alg,
    };
  } catch (e) {
    return caught(e, 'validate');
  } finally {
    validator.free();
  }
}

/** Problems with an outcome against the scenario's expectation (empty when it holds). */
export function judge(s, out) {
  const problems = [];
  const want = s.expect;
  if (want.ok) {
    if (out.threw) return [`expected success, got ${out.code} (${out.phase}): ${out.message}`];
    if (out.isPromise) problems.push('validate returned a Promise');
    if (out.alg !== want.alg || out.headerAlg !== want.alg) problems.push(`alg ${out.alg}, expected ${want.alg}`);
    if (want.kid !== undefined && out.kid !== want.kid) problems.push(`kid ${out.kid}, expected ${want.kid}`);
    if (want.sub !== undefined && out.sub !== want.sub) problems.push(`sub ${out.sub}, expected ${want.sub}`);
    if (out.encrypted !== (want.encrypted ?? false)) problems.push(`encrypted ${out.encrypted}, expected ${want.encrypted ?? false}`);
    if (!out.claimsArePlain) problems.push('header/claims are not plain objects');
    return problems;
  }
  if (!out.threw) return [`expected ${want.code}, got success`];
  if (out.code !== want.code) problems.push(`code ${out.code}, expected ${want.code}: ${out.message}`);
  if ((want.phase ?? 'validate') !== out.phase) problems.push(`thrown at ${out.phase}, expected at ${want.phase ?? 'validate'}`);
  if (want.claim !== undefined && out.claim !== want.claim) problems.push(`claim ${out.claim}, expected ${want.claim}`);
  if (!out.isError || out.name !== 'IdTokenError') problems.push(`not an IdTokenError (${out.name})`);
  if (!out.message || out.message.length < 10) problems.push('message says nothing');
  if (typeof s.token === 'string' && s.token.length > 40 && out.message.includes(s.token)) problems.push('message contains the token');
  return problems;
}

/** Runs every scenario; returns { total, failures: [{ name, problems }], codes }. */
export function runAll(lib, data) {
  const failures = [];
  const codes = new Set();
  for (const s of data.scenarios) {
    const out = runScenario(lib, s, data.defaultOptions);
    const problems = judge(s, out);
    if (problems.length) failures.push({ rule: s.rule, name: s.name, problems });
    if (out.threw && !problems.length) codes.add(out.code);
  }
  return { total: data.scenarios.length, failures, codes: [...codes].sort() };
}
