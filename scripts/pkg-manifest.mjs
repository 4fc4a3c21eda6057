// Prints pkg/package.json: name, version, description and license from
// Cargo.toml; the exports map of the pkg/ layout (js/README.md).
import { existsSync, readFileSync } from 'node:fs';

const cargo = readFileSync(new URL('../Cargo.toml', import.meta.url), 'utf8');
const field = (name) => cargo.match(new RegExp(`^${name} = "([^"]*)"`, 'm'))[1];
const REPO = 'https://github.com/idtoken/idtoken';

// The default entry of a build in `dir` ('.', './lite' or './rsa'): self-initialising
// in browsers and bundlers, the wasm read from disk under the `node` condition.
const entry = (dir) => ({
  types: `${dir}/index.d.ts`,
  browser: `${dir}/index.js`,
  node: `${dir}/node.js`,
  default: `${dir}/index.js`,
});
const manual = (dir) => ({ types: `${dir}/manual.d.ts`, default: `${dir}/manual.js` });
const buildFiles = (dir) => ['idtoken.js', 'idtoken.d.ts', 'idtoken_bg.wasm', 'index.js', 'index.d.ts',
  'manual.js', 'manual.d.ts', 'node.js'].map((f) => `${dir}${f}`);

const exports = {
  '.': entry('.'),
  './manual': manual('.'),
  './lite': entry('./lite'),
  './lite/manual': manual('./lite'),
  './rsa': entry('./rsa'),
  './rsa/manual': manual('./rsa'),
};
const files = [...buildFiles(''), ...buildFiles('lite/'), ...buildFiles('rsa/')];
// The oidc-client-ts adapter ships once js/oidc-client-ts.js exists.
if (existsSync(new URL('../js/oidc-client-ts.js', import.meta.url))) {
  exports['./oidc-client-ts'] = { types: './oidc-client-ts.d.ts', default: './oidc-client-ts.js' };
  files.push('oidc-client-ts.js', 'oidc-client-ts.d.ts');
}
// For serving or fetching the wasm yourself (idtoken/manual with a URL).
exports['./idtoken_bg.wasm'] = './idtoken_bg.wasm';
exports['./lite/idtoken_bg.wasm'] = './lite/idtoken_bg.wasm';
exports['./rsa/idtoken_bg.wasm'] = './rsa/idtoken_bg.wasm';
exports['./package.json'] = './package.json';

console.log(JSON.stringify({
  name: field('name'),
  version: field('version'),
  description: field('description'),
  license: field('license'),
  repository: { type: 'git', url: `git+${REPO}.git` },
  homepage: `${REPO}#readme`,
  bugs: { url: `${REPO}/issues` },
  keywords: ['openid-connect', 'oidc', 'id-token', 'jwt', 'jws', 'jwe', 'jwks', 'oauth2', 'validation',
    'webassembly', 'wasm', 'oidc-client-ts'],
  type: 'module',
  main: './index.js',
  module: './index.js',
  types: './index.d.ts',
  exports,
  files: [...files, 'README.md', 'LICENSE-MIT', 'LICENSE-APACHE'],
  // The entries that initialise the wasm on import must not be skipped by
  // a bundler's re-export optimisation; everything else is side-effect free.
  sideEffects: ['./index.js', './node.js', './lite/index.js', './lite/node.js', './rsa/index.js', './rsa/node.js'],
  engines: { node: '>=20' },
}, null, 2));
