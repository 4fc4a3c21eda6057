// Prints pkg/package.json, taking name, version and description from Cargo.toml.
import { readFileSync } from 'node:fs';

const cargo = readFileSync(new URL('../Cargo.toml', import.meta.url), 'utf8');
const field = (name) => cargo.match(new RegExp(`^${name} = "([^"]*)"`, 'm'))[1];

console.log(JSON.stringify({
  name: field('name'),
  version: field('version'),
  description: field('description'),
  license: field('license'),
  type: 'module',
  main: 'idtoken.js',
  module: 'idtoken.js',
  types: 'idtoken.d.ts',
  exports: {
    '.': { types: './idtoken.d.ts', default: './idtoken.js' },
    './idtoken_bg.wasm': './idtoken_bg.wasm',
  },
  files: ['idtoken.js', 'idtoken.d.ts', 'idtoken_bg.wasm', 'idtoken_bg.wasm.d.ts'],
  sideEffects: false,
}, null, 2));
