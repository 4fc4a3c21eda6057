// Loads the built npm package (pkg/) in Node through its public manual
// entry, instantiated synchronously from the wasm's bytes.
import { readFileSync, existsSync } from 'node:fs';

const PKG = new URL('../../pkg/', import.meta.url);

/** The wasm instance's exports (memory included), once loadPkg has run. */
export let wasm;

/** `dir`: the build within pkg/ ('' for the full one, 'lite/' for the lean one). */
export async function loadPkg(dir = '') {
  const base = new URL(dir, PKG);
  if (!existsSync(new URL('idtoken_bg.wasm', base))) {
    throw new Error(`pkg/${dir} is not built: run \`make build\` first`);
  }
  const mod = await import(new URL('manual.js', base));
  wasm = mod.initSync({ module: readFileSync(new URL('idtoken_bg.wasm', base)) });
  return mod;
}
