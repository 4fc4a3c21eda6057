// idtoken: the default entry. It initialises itself with a top-level await
// (the wasm is fetched from beside this module, which bundlers such as Vite
// and webpack turn into an asset URL), so the API is ready on import:
//   import { IdTokenValidator } from 'idtoken';
// init and initSync stay exported; once initialised they do nothing.
import init from './manual.js';

await init({ module_or_path: new URL('./idtoken_bg.wasm', import.meta.url) });

export * from './manual.js';
export { default } from './manual.js';
