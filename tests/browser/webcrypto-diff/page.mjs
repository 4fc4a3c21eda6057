// The in-page half of the WebCrypto differential test
// (tests/browser/webcrypto-diff.test.mjs). Plain ESM for Chromium.
//
// Per signature algorithm: fresh keys from WebCrypto, ID tokens signed by
// WebCrypto, and then the same (key, signing input, signature) triples,
// valid and mutated, judged twice: by idtoken's IdTokenValidator.validate
// (accept = success; reject = ERR_BAD_SIGNATURE, or, for a mutated key,
// the key refused: ERR_NO_MATCHING_KEY / ERR_WEAK_KEY) and by
// crypto.subtle.verify (BoringSSL; a key importKey refuses is a reject).
// Any other outcome from idtoken is an error, and every difference is a
// disagreement. Mutations come from a seeded PRNG so that a failure
// reproduces with the same seed (keys are fresh each run; a disagreement
// carries its key and token).

const subtle = globalThis.crypto.subtle;
const enc = new TextEncoder();

const ISSUER = 'https://issuer.diff.idtoken.test';
const CLIENT_ID = 'webcrypto-diff-client';
/** Tokens are issued at NOW and validated at NOW + 5 (checks.now). */
const NOW = 1_800_000_000;
const NONCE = 'n-0S6_WzA2Mj';

// Group orders: SEC 2 (P-256, P-384, P-521) and RFC 8032 (Ed25519's L). WebCrypto
// accepting (r, n - s) below checks the three ECDSA orders on every run.
const N_P256 = BigInt('0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551');
const N_P384 = BigInt('0xffffffffffffffffffffffffffffffffffffffffffffffffc7634d81f4372ddf581a0db248b0a77aecec196accc52973');
const N_P521 = BigInt(`0x01${'ff'.repeat(32)}fa51868783bf2f966b7fcc0148f709a5d03bb5c9b8899c47aebb6fb71e91386409`);
const L_ED25519 = (1n << 252n) + 27742317777372353535851937790883648493n;

/** Every signature algorithm idtoken verifies, with its WebCrypto parameters. */
export const ALGS = {
  RS256: { kind: 'rsa', name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256', bits: 2048 },
  RS384: { kind: 'rsa', name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-384', bits: 3072 },
  RS512: { kind: 'rsa', name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-512', bits: 4096 },
  PS256: { kind: 'rsa', name: 'RSA-PSS', hash: 'SHA-256', bits: 2048, salt: 32 },
  PS384: { kind: 'rsa', name: 'RSA-PSS', hash: 'SHA-384', bits: 3072, salt: 48 },
  PS512: { kind: 'rsa', name: 'RSA-PSS', hash: 'SHA-512', bits: 2048, salt: 64 }, // 2048: keeps the run short
  ES256: { kind: 'ec', name: 'ECDSA', crv: 'P-256', hash: 'SHA-256', size: 32, order: N_P256 },
  ES384: { kind: 'ec', name: 'ECDSA', crv: 'P-384', hash: 'SHA-384', size: 48, order: N_P384 },
  ES512: { kind: 'ec', name: 'ECDSA', crv: 'P-521', hash: 'SHA-512', size: 66, order: N_P521 },
  EdDSA: { kind: 'okp', name: 'Ed25519', size: 32, order: L_ED25519 },
};

let lib;

/** Loads and initialises the package at `url` (the default entry of pkg/). */
export async function load(url) {
  lib = await import(url);
  if (typeof lib.default === 'function') await lib.default();
  return Object.keys(ALGS);
}

// ------------------------------------------------------------------ PRNG

/** sfc32 seeded through splitmix32: a small PRNG that reproduces exactly. */
function prng(seed) {
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split();
  const next = () => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) >>> 0;
    return t >>> 0;
  };
  for (let i = 0; i < 12; i++) next();
  return {
    /** An integer in [0, n). */
    int: (n) => Math.floor((next() / 2 ** 32) * n),
    /** A float in [0, 1). */
    float: () => next() / 2 ** 32,
  };
}

/** How many bits one mutation flips: mostly 1, sometimes 2 or 3. */
const flipCount = (rng) => (rng.float() < 0.7 ? 1 : 2 + rng.int(2));

/** `n` distinct integers in [0, max). */
function distinct(rng, n, max) {
  const out = new Set();
  while (out.size < Math.min(n, max)) out.add(rng.int(max));
  return [...out].sort((x, y) => x - y);
}

// ------------------------------------------------------------------ bytes

const b64u = (bytes) => {
  let bin = '';
  for (const b of bytes) bin += String.fromCharCode(b);
  return btoa(bin).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};
const unb64u = (text) => Uint8Array.from(atob(text.replace(/-/g, '+').replace(/_/g, '/')), (c) => c.charCodeAt(0));
const jsonPart = (obj) => b64u(enc.encode(JSON.stringify(obj)));

const toBig = (bytes) => bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n);
/** Big-endian bytes of `x`, exactly `len` long (x must fit). */
function fromBig(x, len) {
  const out = new Uint8Array(len);
  for (let i = len - 1; i >= 0; i--) {
    out[i] = Number(x & 0xffn);
    x >>= 8n;
  }
  if (x !== 0n) throw new Error('integer does not fit');
  return out;
}
const leBytes = (x, len) => fromBig(x, len).reverse();
const concat = (...parts) => {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let at = 0;
  for (const p of parts) {
    out.set(p, at);
    at += p.length;
  }
  return out;
};
const flipBits = (bytes, positions) => {
  const out = Uint8Array.from(bytes);
  for (const p of positions) out[p >> 3] ^= 0x80 >> (p & 7);
  return out;
};

// ------------------------------------------------------------------ keys and tokens

function keyParams(spec) {
  if (spec.kind === 'rsa') {
    return {
      gen: { name: spec.name, modulusLength: spec.bits, publicExponent: new Uint8Array([1, 0, 1]), hash: spec.hash },
      imp: { name: spec.name, hash: spec.hash },
      sign: spec.salt === undefined ? { name: spec.name } : { name: spec.name, saltLength: spec.salt },
    };
  }
  if (spec.kind === 'ec') {
    return { gen: { name: 'ECDSA', namedCurve: spec.crv }, imp: { name: 'ECDSA', namedCurve: spec.crv }, sign: { name: 'ECDSA', hash: spec.hash } };
  }
  return { gen: { name: 'Ed25519' }, imp: { name: 'Ed25519' }, sign: { name: 'Ed25519' } };
}

/**
 * Whether this engine's WebCrypto has `alg`: generates a key, signs, verifies,
 * and round-trips the public key through JWK. Returns { ok: true } or
 * { ok: false, step, error } (the step that failed and its error).
 */
export async function supports(alg) {
  const params = keyParams(ALGS[alg]);
  let step = 'generateKey';
  try {
    const pair = await subtle.generateKey(params.gen, true, ['sign', 'verify']);
    step = 'sign';
    const data = new TextEncoder().encode('probe');
    const sig = await subtle.sign(params.sign, pair.privateKey, data);
    step = 'exportKey jwk';
    const jwk = keyMembers(await subtle.exportKey('jwk', pair.publicKey));
    step = 'importKey jwk';
    const pub = await subtle.importKey('jwk', { ...jwk, ext: true }, params.imp, false, ['verify']);
    step = 'verify';
    if (!(await subtle.verify(params.sign, pub, sig, data))) return { ok: false, step, error: 'its own signature did not verify' };
    return { ok: true };
  } catch (e) {
    return { ok: false, step, error: `${e && e.name}: ${e && e.message}` };
  }
}

/** The public JWK's key members only (what a JWKS entry and importKey need). */
function keyMembers(jwk) {
  const { kty, n, e, crv, x, y } = jwk;
  return Object.fromEntries(Object.entries({ kty, n, e, crv, x, y }).filter(([, v]) => v !== undefined));
}

function claimsFor(alg, rng) {
  return {
    iss: ISSUER,
    sub: `diff-${alg}-${rng.int(1e9)}`,
    aud: CLIENT_ID,
    iat: NOW,
    exp: NOW + 600,
    nonce: NONCE,
    name: 'Zoë Ångström-Ærø',
    jti: `jti-${rng.int(2 ** 32).toString(36)}-${rng.int(2 ** 32).toString(36)}`,
  };
}

/** Signs header.payload with `privateKey`; returns the token's parts. */
async function signToken(privateKey, signParams, header, payload) {
  const input = `${jsonPart(header)}.${jsonPart(payload)}`;
  const sig = new Uint8Array(await subtle.sign(signParams, privateKey, enc.encode(input)));
  return { header, payload, input, sig };
}

const tokenOf = (input, sig) => `${input}.${b64u(sig)}`;

// ------------------------------------------------------------------ verdicts

const REJECT_CODES = new Set(['ERR_BAD_SIGNATURE']);
const KEY_REJECT_CODES = new Set(['ERR_BAD_SIGNATURE', 'ERR_NO_MATCHING_KEY', 'ERR_WEAK_KEY']);

/** idtoken's verdict: 'accept', 'reject', or 'error' (with code and message). */
function idtokenVerdict(validator, token, keyMutated) {
  try {
    const result = validator.validate(token, { now: NOW + 5, nonce: NONCE });
    return { verdict: 'accept', alg: result.alg };
  } catch (e) {
    const code = e?.code ?? null;
    const ok = (keyMutated ? KEY_REJECT_CODES : REJECT_CODES).has(code);
    return { verdict: ok ? 'reject' : 'error', code, message: String(e?.message ?? e) };
  }
}

function newValidator(alg, jwk) {
  return new lib.IdTokenValidator({ issuer: ISSUER, clientId: CLIENT_ID, jwks: { keys: [jwk] }, algorithms: [alg] });
}

/** idtoken with a (possibly mutated) JWK: the constructor may not refuse it. */
function idtokenWithKey(alg, jwk, token) {
  let validator;
  try {
    validator = newValidator(alg, jwk);
  } catch (e) {
    return { verdict: 'error', code: e?.code ?? null, message: `constructor: ${e?.message ?? e}` };
  }
  try {
    return idtokenVerdict(validator, token, true);
  } finally {
    validator.free();
  }
}

async function webcryptoImport(jwk, imp) {
  try {
    return await subtle.importKey('jwk', { ...jwk, ext: true }, imp, false, ['verify']);
  } catch {
    return null;
  }
}

async function webcryptoVerify(key, verifyParams, input, sig) {
  if (!key) return false;
  try {
    return await subtle.verify(verifyParams, key, sig, enc.encode(input));
  } catch {
    return false; // e.g. an operation error on a malformed signature: a reject
  }
}

// ------------------------------------------------------------------ mutations

const MESSAGE_FIELDS = [['header', 'diff'], ['payload', 'sub'], ['payload', 'name'], ['payload', 'jti'], ['payload', 'nonce']];

/**
 * Flips 1-3 bits of characters inside one string value of the header or the
 * payload (bits 0-7 of a code unit below U+0100; results that are control
 * characters are drawn again), so both stay valid JSON after re-encoding and
 * the signature check is reached.
 */
function mutateMessage(rng, base) {
  const [part, field] = MESSAGE_FIELDS[rng.int(MESSAGE_FIELDS.length)];
  const original = base[part][field];
  const chars = [...original];
  const flips = [];
  for (const at of distinct(rng, flipCount(rng), chars.length)) {
    for (;;) {
      const bit = rng.int(8);
      const code = chars[at].charCodeAt(0) ^ (1 << bit);
      if (code < 0x20 || (code >= 0x7f && code <= 0x9f)) continue;
      chars[at] = String.fromCharCode(code);
      flips.push(`${at}^${1 << bit}`);
      break;
    }
  }
  const changed = { ...base[part], [field]: chars.join('') };
  const header = part === 'header' ? changed : base.header;
  const payload = part === 'payload' ? changed : base.payload;
  return { input: `${jsonPart(header)}.${jsonPart(payload)}`, label: `${part}.${field} chars ${flips.join(',')}` };
}

/** The JWK members whose bits a key mutation flips. */
const KEY_MEMBERS = { rsa: ['n', 'n', 'n', 'n', 'e'], ec: ['x', 'y'], okp: ['x'] };

function mutateKey(rng, jwk, kind) {
  const members = KEY_MEMBERS[kind];
  const member = members[rng.int(members.length)];
  const bytes = unb64u(jwk[member]);
  const positions = distinct(rng, flipCount(rng), bytes.length * 8);
  return { jwk: { ...jwk, [member]: b64u(flipBits(bytes, positions)) }, label: `${member} bits ${positions.join(',')}` };
}

/** ECDSA: r and s at the edges of [1, n-1], and the other valid s (n - s). */
function ecdsaSpecials(spec, sig) {
  const { size, order: n } = spec;
  const r = toBig(sig.slice(0, size));
  const s = toBig(sig.slice(size));
  const pair = (rr, ss) => concat(fromBig(rr, size), fromBig(ss, size));
  const edges = [['0', 0n], ['1', 1n], ['n-1', n - 1n], ['n', n], ['n+1', n + 1n]];
  const out = [];
  for (const [name, v] of edges) {
    out.push({ label: `r = ${name}`, sig: pair(v, s) });
    out.push({ label: `s = ${name}`, sig: pair(r, v) });
    out.push({ label: `r = s = ${name}`, sig: pair(v, v) });
  }
  // r + n and s + n where they fit in the fixed width (they never do for P-256 and P-384).
  const max = 1n << BigInt(8 * size);
  if (r + n < max) out.push({ label: 'r + n', sig: pair(r + n, s) });
  if (s + n < max) out.push({ label: 's + n', sig: pair(r, s + n) });
  // (r, n - s) is the other valid signature of the same message: ECDSA (and
  // JWS) do not require low s, so both must accept it. That WebCrypto does
  // also proves the group order n above is right.
  out.push({ label: 's -> n - s (valid)', sig: pair(r, n - s), valid: true });
  return out;
}

/** Ed25519: S (little-endian, second half) at 0, 1, L-1, L, L+1, and S + L. */
function eddsaSpecials(spec, sig) {
  const L = spec.order;
  const R = sig.slice(0, 32);
  const S = toBig(sig.slice(32).reverse());
  const withS = (v) => concat(R, leBytes(v, 32));
  const out = [['0', 0n], ['1', 1n], ['L-1', L - 1n], ['L', L], ['L+1', L + 1n], ['S+L', S + L]]
    .filter(([, v]) => v < 1n << 256n)
    .map(([name, v]) => ({ label: `S = ${name}`, sig: withS(v) }));
  out.push({ label: 'R = 0', sig: concat(new Uint8Array(32), sig.slice(32)) });
  return out;
}

/** RSA: s + n (same length when it fits, else one byte longer), s = n, n-1, 0, 1. */
function rsaSpecials(jwk, sig) {
  const n = toBig(unb64u(jwk.n));
  const k = sig.length;
  const s = toBig(sig);
  const out = [];
  const sn = s + n;
  if (sn < 1n << BigInt(8 * k)) out.push({ label: 's + n (same length)', sig: fromBig(sn, k) });
  out.push({ label: `s + n (${k + 1} bytes)`, sig: fromBig(sn, k + 1) });
  for (const [name, v] of [['n', n], ['n-1', n - 1n], ['0', 0n], ['1', 1n]]) out.push({ label: `s = ${name}`, sig: fromBig(v, k) });
  out.push({ label: `s with a leading zero byte (${k + 1} bytes)`, sig: concat(new Uint8Array(1), sig) });
  return out;
}

// ------------------------------------------------------------------ one algorithm

/**
 * Runs the differential test for `alg`: `mutations` random mutations
 * (about 40% signature, 30% message, 30% key bit flips) plus the fixed edge
 * cases, from PRNG seed `seed`. Returns counts per category and the
 * disagreements (the first `maxDetails` with key and token).
 */
export async function runAlg(alg, { seed, mutations, maxDetails = 20 }) {
  const t0 = performance.now();
  const spec = ALGS[alg];
  const params = keyParams(spec);
  const verifyParams = params.sign;
  const rng = prng((seed ^ Math.imul(Object.keys(ALGS).indexOf(alg) + 1, 0x27d4eb2f)) >>> 0);

  // A fresh key. For RSA, s + n must fit in k bytes for some signature:
  // a modulus too close to 2^(8k) is replaced (up to 4 times).
  let pair;
  let jwk;
  let keygens = 0;
  for (;;) {
    keygens += 1;
    pair = await subtle.generateKey(params.gen, true, ['sign', 'verify']);
    jwk = keyMembers(await subtle.exportKey('jwk', pair.publicKey));
    if (spec.kind !== 'rsa' || keygens >= 5) break;
    const nBytes = unb64u(jwk.n);
    const n = toBig(nBytes);
    if (Number(((1n << BigInt(8 * nBytes.length)) - n) * 1000n / n) >= 50) break;
  }
  const tKeys = performance.now();
  const kid = `diff-${alg.toLowerCase()}`;
  const entry = { ...jwk, kid, use: 'sig', alg };
  const publicKey = await webcryptoImport(jwk, params.imp);
  if (!publicKey) throw new Error(`${alg}: WebCrypto refused its own exported key`);

  const header = { alg, typ: 'JWT', kid, diff: `d-${rng.int(2 ** 32).toString(36)}-ok` };
  const base = await signToken(pair.privateKey, params.sign, header, claimsFor(alg, rng));

  const counts = {};
  const disagreements = [];
  let disagreementCount = 0;
  const validator = newValidator(alg, entry);
  const record = (category, label, id, wc, detail) => {
    const c = (counts[category] ??= { cases: 0, bothAccept: 0, bothReject: 0, disagree: 0 });
    c.cases += 1;
    const agree = id.verdict !== 'error' && (id.verdict === 'accept') === wc;
    if (agree) {
      if (wc) c.bothAccept += 1;
      else c.bothReject += 1;
      return;
    }
    c.disagree += 1;
    disagreementCount += 1;
    if (disagreements.length < maxDetails) {
      disagreements.push({
        alg, category, mutation: label, idtoken: id, webcrypto: wc ? 'accept' : 'reject', ...detail(),
      });
    }
  };

  // Cases that share the held key: WebCrypto verifies in chunks (it runs
  // off the main thread), idtoken synchronously.
  const pending = [];
  const flush = async () => {
    const batch = pending.splice(0);
    const verdicts = await Promise.all(batch.map((p) => webcryptoVerify(publicKey, verifyParams, p.input, p.sig)));
    batch.forEach((p, i) => {
      const id = idtokenVerdict(validator, tokenOf(p.input, p.sig), false);
      record(p.category, p.label, id, verdicts[i], () => ({ token: tokenOf(p.input, p.sig), jwk: entry }));
    });
  };
  const push = async (category, label, input, sig) => {
    pending.push({ category, label, input, sig });
    if (pending.length >= 64) await flush();
  };

  await push('valid', 'as signed', base.input, base.sig);
  // Another message, and the same claims under another salt / nonce of the signer.
  const second = await signToken(pair.privateKey, params.sign, { ...header, diff: 'second' }, claimsFor(alg, rng));
  await push('valid', 'second token', second.input, second.sig);

  const sigCount = Math.ceil(mutations * 0.4);
  const msgCount = Math.ceil(mutations * 0.3);
  const keyCount = Math.max(0, mutations - sigCount - msgCount);

  for (let i = 0; i < sigCount; i++) {
    const positions = distinct(rng, flipCount(rng), base.sig.length * 8);
    await push('signature bits', `bits ${positions.join(',')}`, base.input, flipBits(base.sig, positions));
  }
  for (let i = 0; i < msgCount; i++) {
    const m = mutateMessage(rng, base);
    await push('message bits', m.label, m.input, base.sig);
  }

  // Fixed edge cases.
  const specials = spec.kind === 'ec' ? ecdsaSpecials(spec, base.sig)
    : spec.kind === 'okp' ? eddsaSpecials(spec, base.sig) : rsaSpecials(jwk, base.sig);
  // For RSA, s + n of the same length needs s < 2^(8k) - n: sign more
  // messages until one fits (at least one in 20 does for the moduli kept).
  let sPlusNSameLength = specials.some((m) => m.label === 's + n (same length)');
  if (spec.kind === 'rsa' && !sPlusNSameLength) {
    for (let attempt = 0; attempt < 200; attempt++) {
      const t = await signToken(pair.privateKey, params.sign, { ...header, diff: `fit-${attempt}` }, claimsFor(alg, rng));
      const fit = rsaSpecials(jwk, t.sig).find((m) => m.label === 's + n (same length)');
      if (fit) {
        sPlusNSameLength = true;
        await push('edge values', `${fit.label}, message ${attempt + 1}`, t.input, fit.sig);
        break;
      }
    }
  }
  for (const m of specials) await push(m.valid ? 'valid' : 'edge values', m.label, base.input, m.sig);
  const lengths = [
    ['truncated by 1 byte', base.sig.slice(0, -1)],
    ['one zero byte appended', concat(base.sig, new Uint8Array(1))],
    ['empty', new Uint8Array(0)],
    ['all zero', new Uint8Array(base.sig.length)],
  ];
  for (const [label, sig] of lengths) await push('edge values', label, base.input, sig);
  await flush();

  // Signatures the key made over this input with other parameters: another
  // hash (RSA, ECDSA), another PSS salt length.
  const others = [];
  if (spec.kind !== 'okp') {
    for (const hash of ['SHA-256', 'SHA-384', 'SHA-512'].filter((h) => h !== spec.hash)) {
      if (spec.kind === 'ec') {
        others.push([`signed with ${hash}`, { name: 'ECDSA', hash }, pair.privateKey]);
      } else {
        const k = await subtle.importKey('jwk', await subtle.exportKey('jwk', pair.privateKey).then(({ alg: _a, ...rest }) => rest),
          { name: spec.name, hash }, false, ['sign']);
        others.push([`signed with ${hash}`, spec.salt === undefined ? { name: spec.name } : { name: spec.name, saltLength: spec.salt }, k]);
      }
    }
  }
  if (spec.salt !== undefined) {
    for (const saltLength of [0, 20, spec.salt - 1, spec.salt + 1]) {
      others.push([`PSS salt length ${saltLength}`, { name: spec.name, saltLength }, pair.privateKey]);
    }
  }
  for (const [label, signParams, key] of others) {
    const sig = new Uint8Array(await subtle.sign(signParams, key, enc.encode(base.input)));
    await push('edge values', label, base.input, sig);
  }
  await flush();

  // Key mutations: idtoken gets a validator holding only the mutated key;
  // WebCrypto imports it (a refusal is a reject). Both judge the valid token.
  const validToken = tokenOf(base.input, base.sig);
  let importRefused = 0;
  let idtokenSkipped = 0;
  for (let i = 0; i < keyCount; i += 32) {
    const batch = [];
    for (let j = i; j < Math.min(keyCount, i + 32); j++) batch.push(mutateKey(rng, jwk, spec.kind));
    const keys = await Promise.all(batch.map((m) => webcryptoImport(m.jwk, params.imp)));
    const verdicts = await Promise.all(keys.map((k) => webcryptoVerify(k, verifyParams, base.input, base.sig)));
    batch.forEach((m, j) => {
      if (!keys[j]) importRefused += 1;
      const e = { ...m.jwk, kid, use: 'sig', alg };
      const id = idtokenWithKey(alg, e, validToken);
      if (id.code === 'ERR_NO_MATCHING_KEY' || id.code === 'ERR_WEAK_KEY') idtokenSkipped += 1;
      record('key bits', m.label, id, verdicts[j], () => ({ token: validToken, jwk: e }));
    });
  }
  validator.free();

  const bits = spec.kind === 'rsa' ? unb64u(jwk.n).length * 8 : undefined;
  return {
    alg,
    key: spec.kind === 'rsa' ? `RSA-${bits}` : spec.kind === 'ec' ? spec.crv : 'Ed25519',
    keygens,
    counts,
    total: Object.values(counts).reduce((n, c) => n + c.cases, 0),
    disagreementCount,
    disagreements,
    sPlusNSameLength: spec.kind === 'rsa' ? sPlusNSameLength : null,
    keyImportRefused: importRefused,
    keyRefusedByIdtoken: idtokenSkipped,
    ms: { keys: Math.round(tKeys - t0), total: Math.round(performance.now() - t0) },
  };
}
