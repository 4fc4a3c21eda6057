// bench/signin: the app with idtoken's adapter loading the RSA-only build.
import { verifyUserManager } from 'idtoken/oidc-client-ts';

export const variant = 'idtoken-rsa';
export function install(userManager, onRefused) {
  verifyUserManager(userManager, { load: () => import('idtoken/rsa/manual'), onRefused });
}
