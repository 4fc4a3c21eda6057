// Seeds the fuzz corpora (fuzz/corpus/<target>/) from the test vectors:
// every token of the JWS, JWE and scenario data, every JWKS and private key
// set. Idempotent: files are named by content hash.
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';

const root = new URL('../', import.meta.url);
const read = (p) => JSON.parse(readFileSync(new URL(p, root), 'utf8'));
const seeds = { parse_token: new Set(), parse_jwks: new Set(), validate: new Set(), decrypt: new Set() };

const jose = read('tests/vectors/data/jose-jws.json');
const rfc = read('tests/vectors/data/rfc-jws.json');
const rfcJwe = read('tests/vectors/data/rfc-jwe.json');
const oidc = read('tests/vectors/data/oidc-core-appendix-a.json');
const scenarios = read('tests/scenarios/data/scenarios.json');

const tokens = [
  ...jose.cases.map((c) => c.token),
  ...rfc.vectors.map((v) => v.token),
  ...rfcJwe.vectors.map((v) => v.token),
  ...Object.values(oidc.tokens).map((t) => t.token),
  ...scenarios.scenarios.map((s) => s.token).filter((t) => typeof t === 'string' && t.length < 70_000),
];
// A few option/check byte patterns after the token line for `validate`.
const tails = ['', '\u0001\u00ff\u0000\u0003', '\u0000'.repeat(16), '\u00ff'.repeat(24)];
for (const t of tokens) {
  seeds.parse_token.add(t);
  if (t.split('.').length === 5) seeds.decrypt.add(t);
  for (const tail of tails) seeds.validate.add(`${t}\n${tail}`);
}
seeds.parse_jwks.add(JSON.stringify({ keys: jose.cases.map((c) => c.jwk) }));
seeds.parse_jwks.add(JSON.stringify({ keys: [oidc.key] }));
seeds.parse_jwks.add(JSON.stringify(scenarios.defaultOptions.jwks));
for (const s of scenarios.scenarios) {
  if (s.options?.decryptionKeys && typeof s.options.decryptionKeys === 'object') seeds.parse_jwks.add(JSON.stringify(s.options.decryptionKeys));
}
for (const v of rfcJwe.vectors) if (v.jwk) seeds.parse_jwks.add(JSON.stringify({ keys: [v.jwk] }));

for (const [target, set] of Object.entries(seeds)) {
  const dir = new URL(`fuzz/corpus/${target}/`, root);
  mkdirSync(dir, { recursive: true });
  for (const seed of set) {
    const name = createHash('sha1').update(seed).digest('hex');
    writeFileSync(new URL(name, dir), seed);
  }
  console.log(`fuzz seeds: ${target}: ${set.size}`);
}
