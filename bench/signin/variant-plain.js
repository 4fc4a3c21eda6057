// bench/signin: the app without idtoken (oidc-client-ts alone).
export const variant = 'plain';
export function install() {}
