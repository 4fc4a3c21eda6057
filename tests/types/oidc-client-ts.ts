// A strict TypeScript app using oidc-client-ts's own types with the adapter
// (pkg/oidc-client-ts.d.ts): every call below must type-check, and the
// lines marked @ts-expect-error must not.
import { OidcClient, UserManager, type User } from 'oidc-client-ts';
import {
  IdTokenVerifier,
  createIdTokenVerifier,
  verifyUserManager,
  type IdTokenVerifierOptions,
} from 'idtoken/oidc-client-ts';
import type { IdTokenErrorCode, ValidatedIdToken } from 'idtoken';

const settings = { authority: 'https://op.example', client_id: 'app', redirect_uri: 'https://app.example/cb' };

// verifyUserManager hands back the UserManager it was given, with its type.
const manager: UserManager = verifyUserManager(new UserManager(settings));
const client: OidcClient = verifyUserManager(new OidcClient(settings), { clockToleranceSeconds: 30, checks: { maxAge: 300 } });

export async function callback(): Promise<string | undefined> {
  const user = await manager.signinCallback();
  return user?.profile.sub;
}

export async function manual(user: User): Promise<ValidatedIdToken> {
  const options: IdTokenVerifierOptions = { algorithms: ['ES256', 'RS256'], issuer: 'https://op.example/' };
  const verifier: IdTokenVerifier = await createIdTokenVerifier(manager, options);
  await createIdTokenVerifier(client.settings);
  verifyUserManager(new UserManager(settings), { verifier });
  const response = await client.processSigninResponse('https://app.example/cb?code=c&state=s');
  await verifier.verifySigninResponse(response, { nonce: 'n' });
  const refreshed = await verifier.verifyRefreshResponse(response, user.id_token);
  const code: IdTokenErrorCode | undefined = refreshed === null ? undefined : 'ERR_NONCE';
  void code;
  return verifier.verifyUser(user, { acrValues: ['urn:mfa'] });
}

// @ts-expect-error issuer and clientId come from the settings, not the options.
verifyUserManager(manager, { clientId: 'other' });
// @ts-expect-error the nonce is read per request, never fixed in the options.
verifyUserManager(manager, { checks: { nonce: 'fixed' } });
// @ts-expect-error not an oidc-client-ts client.
verifyUserManager({ authority: 'https://op.example' });
