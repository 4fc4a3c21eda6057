// Options and checks refuse a key given `undefined` (ERR_INVALID_OPTIONS at
// run time, so that `{ nonce: state.nonce }` with a missing nonce cannot
// silently skip the nonce check). Under `exactOptionalPropertyTypes` the
// declarations say so too: every `@ts-expect-error` below must stay an
// error, and the correct forms compile. tests/types/types.test.mjs checks
// this file against the installed package with undefined-keys.tsconfig.json
// (exactOptionalPropertyTypes: true), and, to show the errors come from
// that flag, without it.
import { IdTokenValidator } from 'idtoken';
import type { DiscoverOptions, IdTokenValidatorOptions, TokenChecks } from 'idtoken';
import type { IdTokenVerifierOptions } from 'idtoken/oidc-client-ts';

declare const token: string;
declare const state: { nonce?: string; maxAge?: number };
declare const jwks: IdTokenValidatorOptions['jwks'] & object;

// ---- correct: omit what you do not have ----------------------------------
const options: IdTokenValidatorOptions = { issuer: 'https://op.example', clientId: 'spa', jwks };
const checks: TokenChecks = state.nonce !== undefined ? { nonce: state.nonce } : {};
const spread: TokenChecks = { ...(state.nonce !== undefined && { nonce: state.nonce }), now: 1_700_000_000 };
const validator = new IdTokenValidator(options);
validator.validate(token, checks);
validator.validate(token, spread);
validator.validate(token, {});
validator.validate(token);

// ---- refused: a key present with `undefined` -------------------------------
// @ts-expect-error nonce: undefined (a nonce read from missing state) is ERR_INVALID_OPTIONS
validator.validate(token, { nonce: undefined });
// @ts-expect-error the same through a possibly-missing value
validator.validate(token, { nonce: state.nonce });
// @ts-expect-error maxAge: undefined
const badChecks: TokenChecks = { maxAge: state.maxAge };
// @ts-expect-error accessToken: undefined
void validator.validateAsync(token, { accessToken: undefined });
// @ts-expect-error previousClaims: undefined
validator.validate(token, { previousClaims: undefined });
// @ts-expect-error requireAtHash: undefined
validator.validate(token, { requireAtHash: undefined });
// @ts-expect-error now: undefined
validator.validate(token, { now: undefined });
// @ts-expect-error every check key refuses undefined (mapped over TokenChecks)
const allUndefined: TokenChecks = { nonce: undefined, accessToken: undefined, code: undefined, state: undefined };

// @ts-expect-error jwks: undefined
const badOptions1: IdTokenValidatorOptions = { issuer: 'https://op.example', clientId: 'spa', jwks: undefined };
// @ts-expect-error clockToleranceSeconds: undefined
const badOptions2: IdTokenValidatorOptions = { issuer: 'https://op.example', clientId: 'spa', clockToleranceSeconds: undefined };
// @ts-expect-error jwksUri: undefined
const badOptions3: IdTokenValidatorOptions = { issuer: 'https://op.example', clientId: 'spa', jwksUri: undefined };
// @ts-expect-error the constructor refuses it as well
new IdTokenValidator({ issuer: 'https://op.example', clientId: 'spa', jwks, algorithms: undefined });
// @ts-expect-error discover options refuse undefined too
const badDiscover: DiscoverOptions = { algorithms: undefined };
// @ts-expect-error and the adapter's validator options
const badAdapter: IdTokenVerifierOptions = { fetchTimeoutSeconds: undefined };

// ---- type level: no optional member of options or checks admits undefined
type Equal<A, B> = (<T>() => T extends A ? 1 : 2) extends (<T>() => T extends B ? 1 : 2) ? true : false;
// (Required<T> drops the `undefined` that optionality adds, and only that.)
type AdmitsUndefined<T> = { [K in keyof T]-?: undefined extends Required<T>[K] ? K : never }[keyof T];
const noneInChecks: Equal<AdmitsUndefined<TokenChecks>, never> = true;
const noneInOptions: Equal<AdmitsUndefined<IdTokenValidatorOptions>, never> = true;

console.log(badChecks, allUndefined, badOptions1, badOptions2, badOptions3, badDiscover, badAdapter,
  noneInChecks, noneInOptions);
