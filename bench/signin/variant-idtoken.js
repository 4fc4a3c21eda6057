// bench/signin: the app with idtoken's adapter, the default (full) build.
import { verifyUserManager } from 'idtoken/oidc-client-ts';

export const variant = 'idtoken';
export function install(userManager, onRefused) {
  verifyUserManager(userManager, { onRefused });
}
