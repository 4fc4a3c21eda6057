// Loads the built npm package (pkg/) in Node, synchronously from its bytes.
import { readFileSync, existsSync } from 'node:fs';

const PKG = new URL('../../pkg/', import.meta.url);

/** The wasm instance's exports (memory included), once loadPkg has run. */
export let wasm;

export async function loadPkg() {
  if (!existsSync(new URL('idtoken_bg.wasm', PKG))) {
    throw new Error('pkg/ is not built: run `make build` first');
  }
  const mod = await import(new URL('idtoken.js', PKG));
  wasm = mod.initSync({ module: readFileSync(new URL('idtoken_bg.wasm', PKG)) });
  return mod;
}
