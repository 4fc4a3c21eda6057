// idtoken for Node 20+ (and Deno and Bun, through the `node` export
// condition): the wasm is read from disk and instantiated synchronously on
// import, since Node's fetch cannot load file: URLs.
import { readFileSync } from 'node:fs';
import { initSync } from './manual.js';

initSync({ module: readFileSync(new URL('./idtoken_bg.wasm', import.meta.url)) });

export * from './manual.js';
export { default } from './manual.js';
