// A TypeScript consumer of the npm package. It is never run:
// tests/types/types.test.mjs installs the packed tarball into a fresh
// project beside it and type-checks it with `tsc --noEmit` under --strict,
// so every line here is a claim about the package's declarations. The
// `@ts-expect-error` lines fail the check if the types ever get looser.
import init, {
  IdTokenError,
  IdTokenValidator,
  decodeUnverified,
  initSync,
  isIdTokenError,
  tokenHash,
} from 'idtoken';
import manualInit, { IdTokenValidator as ManualValidator, initSync as manualInitSync } from 'idtoken/manual';
import { IdTokenValidator as LiteValidator } from 'idtoken/lite';
import liteInit, { IdTokenError as LiteError } from 'idtoken/lite/manual';
import { IdTokenValidator as RsaValidator } from 'idtoken/rsa';
import rsaInit from 'idtoken/rsa/manual';
import type {
  ClaimName,
  DecodedToken,
  DiscoverOptions,
  IdTokenClaims,
  IdTokenErrorCode,
  InitOutput,
  IdTokenValidatorOptions,
  JoseHeader,
  Jwk,
  Jwks,
  JwsAlgorithm,
  TokenChecks,
  ValidatedIdToken,
} from 'idtoken';

// ---- type-level helpers -------------------------------------------------
type Equal<A, B> =
  (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
function assertType<T extends true>(): T | undefined { return undefined; }

// The error codes and algorithms of API.md, written out independently: the
// package's unions must be exactly these (neither wider nor narrower).
type ContractCode =
  | 'ERR_MALFORMED' | 'ERR_INVALID_OPTIONS' | 'ERR_ALG_NOT_ALLOWED' | 'ERR_CRIT'
  | 'ERR_TYP' | 'ERR_NO_MATCHING_KEY' | 'ERR_WEAK_KEY' | 'ERR_BAD_SIGNATURE'
  | 'ERR_CLAIM_MISSING' | 'ERR_CLAIM_INVALID' | 'ERR_ISSUER' | 'ERR_AUDIENCE'
  | 'ERR_AZP' | 'ERR_EXPIRED' | 'ERR_NOT_YET_VALID' | 'ERR_IAT' | 'ERR_NONCE'
  | 'ERR_AT_HASH' | 'ERR_C_HASH' | 'ERR_S_HASH' | 'ERR_AUTH_TIME' | 'ERR_ACR'
  | 'ERR_AMR' | 'ERR_REFRESH_MISMATCH' | 'ERR_ENCRYPTION_REQUIRED'
  | 'ERR_DECRYPTION' | 'ERR_JWKS_FETCH' | 'ERR_DISCOVERY' | 'ERR_NOT_READY';
assertType<Equal<IdTokenErrorCode, ContractCode>>();
// The claims a claim failure names (those the validator checks).
assertType<Equal<ClaimName,
  'iss' | 'sub' | 'aud' | 'exp' | 'iat' | 'nbf' | 'auth_time' | 'nonce' | 'acr' | 'amr' | 'azp'
  | 'at_hash' | 'c_hash' | 's_hash'>>();
assertType<Equal<IdTokenError['claim'], ClaimName | undefined>>();
// tokenHash takes exactly the supported algorithms.
assertType<Equal<Parameters<typeof tokenHash>[0], JwsAlgorithm>>();
// discover's options: every option except issuer, clientId and jwksUri.
assertType<Equal<keyof DiscoverOptions,
  Exclude<keyof IdTokenValidatorOptions, 'issuer' | 'clientId' | 'jwksUri'>>>();
assertType<Equal<Parameters<typeof IdTokenValidator.discover>[2], DiscoverOptions | undefined>>();
// InitOutput is the memory only: no wasm-bindgen internals.
assertType<Equal<keyof InitOutput, 'memory'>>();
// Every entry exposes the same API.
assertType<Equal<ManualValidator, IdTokenValidator>>();
assertType<Equal<LiteValidator, IdTokenValidator>>();
assertType<Equal<typeof liteInit, typeof manualInit>>();
assertType<Equal<RsaValidator, IdTokenValidator>>();
assertType<Equal<typeof rsaInit, typeof manualInit>>();
assertType<Equal<JwsAlgorithm,
  'RS256' | 'RS384' | 'RS512' | 'PS256' | 'PS384' | 'PS512' | 'ES256' | 'ES384' | 'ES512' | 'EdDSA'
  | 'Ed25519'>>();

// ---- inputs (declared, never evaluated) ----------------------------------
declare const token: string;
declare const previousToken: string;
declare const accessToken: string;
declare const authCode: string;
declare const oauthState: string;
declare const wasmBytes: Uint8Array<ArrayBuffer>;

const signingKey: Jwk = {
  kty: 'EC',
  crv: 'P-256',
  kid: 'k1',
  alg: 'ES256',
  use: 'sig',
  key_ops: ['verify'],
  x: 'f83OJ3D2xF1Bg8vub9tLe1gHMzV76e8Tus9uPHvRVEU',
  y: 'x_FEzRu9m36HLN_tue659LNpXW6pCyStikYjKIWI5a0',
  // Extra JWK members are allowed, as JSON values.
  x5t: 'abc',
};
const jwks: Jwks = { keys: [signingKey, { kty: 'OKP', crv: 'Ed25519', x: 'AAAA' }] };
const decryptionKeys: Jwks = {
  keys: [{ kty: 'EC', crv: 'P-256', kid: 'enc', use: 'enc', x: 'AA', y: 'BB', d: 'CC' }],
};

// Every option of IdTokenValidatorOptions.
const options: IdTokenValidatorOptions = {
  issuer: 'https://issuer.example',
  clientId: 'client-1',
  jwks,
  jwksUri: 'https://issuer.example/jwks.json',
  algorithms: ['ES256', 'RS256', 'PS256', 'EdDSA', 'Ed25519'],
  clockToleranceSeconds: 30,
  maxTokenAgeSeconds: 3600,
  trustedAudiences: ['https://api.example'],
  decryptionKeys,
  requireEncryption: false,
  jwksCooldownSeconds: 30,
  jwksCacheMaxAgeSeconds: 600,
  fetchTimeoutSeconds: 10,
};

// jwks and decryptionKeys may also be the JSON text of a JWKS.
const fromText: IdTokenValidatorOptions = {
  issuer: 'https://issuer.example',
  clientId: 'client-1',
  jwks: JSON.stringify(jwks),
  decryptionKeys: JSON.stringify(decryptionKeys),
};

// ---- precision: each of these must be a compile error --------------------
const badOptions1: IdTokenValidatorOptions = {
  issuer: 'https://issuer.example',
  clientId: 'client-1',
  // @ts-expect-error unknown option key (a typo of clockToleranceSeconds)
  clockTolerance: 60,
};
const badOptions2: IdTokenValidatorOptions = {
  issuer: 'https://issuer.example',
  clientId: 'client-1',
  // @ts-expect-error symmetric algorithms are not JwsAlgorithm
  algorithms: ['HS256'],
};
const badOptions3: IdTokenValidatorOptions = {
  issuer: 'https://issuer.example',
  clientId: 'client-1',
  // @ts-expect-error a string is not a number of seconds
  clockToleranceSeconds: '60',
};
const badOptions4: IdTokenValidatorOptions = {
  issuer: 'https://issuer.example',
  clientId: 'client-1',
  // @ts-expect-error 'none' is not a JwsAlgorithm
  algorithms: ['none'],
};
// @ts-expect-error issuer and clientId are required
const badOptions5: IdTokenValidatorOptions = { issuer: 'https://issuer.example' };
// @ts-expect-error a JWKS needs a keys array
const badJwks: Jwks = { key: [] };
const badChecks: TokenChecks = {
  // @ts-expect-error unknown check key
  nonceValue: 'n',
};
const badChecks2: TokenChecks = {
  // @ts-expect-error maxAge is a number of seconds
  maxAge: '300',
};

async function main(): Promise<void> {
  // Default export: async init (with no argument, or a URL), and initSync.
  await init();
  await init({ module_or_path: new URL('https://cdn.example/idtoken_bg.wasm') });
  const output: InitOutput = initSync({ module: wasmBytes });
  const memory: WebAssembly.Memory = output.memory;
  // @ts-expect-error the glue's raw exports are not part of the types
  output.__wbindgen_malloc;
  await manualInit({ module_or_path: fetch('/idtoken_bg.wasm') });
  manualInitSync({ module: new WebAssembly.Module(wasmBytes) });
  console.log(memory);

  const validator = new IdTokenValidator(options);
  const other = new IdTokenValidator(fromText);
  other.free();

  const uri: string | undefined = validator.jwksUri;
  // @ts-expect-error jwksUri is read-only
  validator.jwksUri = 'https://elsewhere.example/jwks';

  // setKeys takes a JWKS object or its JSON text.
  validator.setKeys(jwks);
  validator.setKeys(JSON.stringify(jwks));
  // @ts-expect-error a bare JWK is not a JWKS
  validator.setKeys(signingKey);

  const previousClaims: IdTokenClaims = decodeUnverified(previousToken).claims;

  // Every key of TokenChecks.
  const checks: TokenChecks = {
    nonce: 'n-0S6_WzA2Mj',
    accessToken,
    code: authCode,
    state: oauthState,
    requireAtHash: true,
    requireCHash: true,
    requireSHash: false,
    maxAge: 300,
    previousClaims,
    acrValues: ['urn:mace:incommon:iap:silver'],
    requiredAmr: ['pwd', 'mfa'],
    now: Math.floor(Date.now() / 1000),
  };

  try {
    const result: ValidatedIdToken = validator.validate(token, checks);
    validator.validate(token);
    validator.validate(token, null);

    // Remote keys: discover (options optional and partial) and validateAsync.
    const discovered: IdTokenValidator = await IdTokenValidator.discover('https://op.example.com', 'spa');
    const tuned: IdTokenValidator = await IdTokenValidator.discover('https://op.example.com', 'spa', {
      algorithms: ['ES256'],
      jwksCooldownSeconds: 60,
    });
    const pending: Promise<ValidatedIdToken> = discovered.validateAsync(token, checks);
    const remote: ValidatedIdToken = await tuned.validateAsync(token);
    const remoteAlg: JwsAlgorithm = (await pending).alg;
    const uri: string | undefined = discovered.jwksUri;
    // @ts-expect-error validateAsync returns a Promise, not the result
    const notAwaited: ValidatedIdToken = discovered.validateAsync(token);
    // @ts-expect-error discover options are IdTokenValidatorOptions keys
    await IdTokenValidator.discover('https://op.example.com', 'spa', { nonce: 'x' });
    // @ts-expect-error the issuer comes from the discover argument
    await IdTokenValidator.discover('https://op.example.com', 'spa', { issuer: 'https://other.example' });
    // @ts-expect-error the clientId comes from the discover argument
    await IdTokenValidator.discover('https://op.example.com', 'spa', { clientId: 'other' });
    // @ts-expect-error jwksUri comes from the discovery document
    await IdTokenValidator.discover('https://op.example.com', 'spa', { jwksUri: 'https://evil.example/jwks' });
    await IdTokenValidator.discover('https://op.example.com', 'spa', { decryptionKeys: JSON.stringify(decryptionKeys) });
    void [remote, remoteAlg, uri, notAwaited];

    // Every field of the result.
    const headerAlg: string = result.header.alg;
    const headerKid: string | undefined = result.header.kid;
    const header: JoseHeader = result.header;
    const sub: string = result.claims.sub;
    const iss: string = result.claims.iss;
    const aud: string | string[] = result.claims.aud;
    const exp: number = result.claims.exp;
    const nonce: string | undefined = result.claims.nonce;
    const amr: string[] | undefined = result.claims.amr;
    const kid: string | undefined = result.kid;
    const alg: JwsAlgorithm = result.alg;
    const encrypted: boolean = result.encrypted;
    // @ts-expect-error encrypted is a boolean, not a string
    const encryptedText: string = result.encrypted;
    // @ts-expect-error kid may be absent
    const kidText: string = result.kid;
    // @ts-expect-error alg is a JwsAlgorithm, not a number
    const algNumber: number = result.alg;
    // Custom claims are JSON values (unknown shape), not any.
    const custom = result.claims['https://example.com/roles'];
    // @ts-expect-error a custom claim may be undefined or a non-string
    const customText: string = custom;

    // at_hash check by hand, with tokenHash.
    const atHash: string = tokenHash(result.alg, accessToken);
    const matches: boolean = result.claims.at_hash === atHash;

    console.log(headerAlg, headerKid, header, sub, iss, aud, exp, nonce, amr, kid, alg, encrypted,
      encryptedText, kidText, algNumber, custom, customText, matches, uri);
  } catch (e: unknown) {
    // @ts-expect-error e is unknown until narrowed
    e.code;
    if (e instanceof LiteError) {
      // instanceof narrows too (Symbol.hasInstance is a type guard).
      const code: IdTokenErrorCode = e.code;
      const claim: ClaimName | undefined = e.claim;
      // @ts-expect-error claim is a claim name, not any string
      const other: 'not-a-claim' | undefined = e.claim;
      console.log(code, claim, other);
    }
    if (isIdTokenError(e)) {
      const err: IdTokenError = e;
      const name: 'IdTokenError' = e.name;
      const claim: string | undefined = e.claim;
      const message: string = e.message;
      const asError: Error = e;
      console.log(err, name, claim, message, asError);
      switch (e.code) {
        case 'ERR_EXPIRED':
        case 'ERR_NOT_YET_VALID':
        case 'ERR_IAT':
        case 'ERR_AUTH_TIME':
          console.log('clock or session problem: sign in again');
          break;
        case 'ERR_NONCE':
        case 'ERR_AT_HASH':
        case 'ERR_C_HASH':
        case 'ERR_S_HASH':
          console.log('response does not belong to this request');
          break;
        case 'ERR_BAD_SIGNATURE':
        case 'ERR_NO_MATCHING_KEY':
        case 'ERR_WEAK_KEY':
        case 'ERR_ALG_NOT_ALLOWED':
        case 'ERR_CRIT':
        case 'ERR_TYP':
          console.log('untrusted token');
          break;
        case 'ERR_CLAIM_MISSING':
        case 'ERR_CLAIM_INVALID':
          console.log('bad claim', e.claim);
          break;
        case 'ERR_ISSUER':
        case 'ERR_AUDIENCE':
        case 'ERR_AZP':
        case 'ERR_ACR':
        case 'ERR_AMR':
        case 'ERR_REFRESH_MISMATCH':
          console.log('token for someone else, or not strong enough');
          break;
        case 'ERR_MALFORMED':
        case 'ERR_INVALID_OPTIONS':
          console.log('programming error');
          break;
        case 'ERR_ENCRYPTION_REQUIRED':
        case 'ERR_DECRYPTION':
          console.log('encryption');
          break;
        case 'ERR_JWKS_FETCH':
        case 'ERR_DISCOVERY':
          console.log('network');
          break;
        case 'ERR_NOT_READY':
          console.log('not initialised yet, or used after free()');
          break;
        // @ts-expect-error not a code of the union
        case 'ERR_UNKNOWN':
          break;
        default: {
          // Compiles only if every IdTokenErrorCode is handled above.
          const _never: never = e.code;
          throw new Error(`unhandled code ${String(_never)}`);
        }
      }
    } else {
      throw e;
    }
  }

  // decodeUnverified: header and claims, no validation.
  const decoded: DecodedToken = decodeUnverified(token);
  const decodedAlg: string = decoded.header.alg;
  const decodedSub: string = decoded.claims.sub;
  // @ts-expect-error decodeUnverified returns no validation result fields
  decoded.encrypted;
  // @ts-expect-error tokenHash takes strings
  tokenHash('RS256', 42);
  // @ts-expect-error tokenHash takes a supported signature algorithm only
  tokenHash('HS256', accessToken);
  // @ts-expect-error nor any string
  tokenHash(decoded.header.alg, accessToken);

  // IdTokenError can be made (test doubles), with a code of the union.
  const made = new IdTokenError('ERR_NONCE', 'nonce: expected n-1', 'nonce');
  const madeCode: IdTokenErrorCode = made.code;
  // @ts-expect-error not a code of the union
  new IdTokenError('ERR_UNKNOWN', 'x');
  // @ts-expect-error not a claim name
  new IdTokenError('ERR_CLAIM_INVALID', 'x', 'email');
  console.log(madeCode);

  // Explicit resource management: the class is Disposable.
  {
    using scoped = new IdTokenValidator(options);
    scoped.setKeys(jwks);
  }

  console.log(decodedAlg, decodedSub, badOptions1, badOptions2, badOptions3, badOptions4,
    badOptions5, badJwks, badChecks, badChecks2);
  validator.free();
}

void main();
