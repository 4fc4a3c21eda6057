// idtoken: the default entry. It initialises itself with a top-level await
// (the wasm is fetched from beside this module, which bundlers such as Vite
// and webpack turn into an asset URL), so the API is ready on import:
//   import { IdTokenValidator } from 'idtoken';
// init and initSync stay exported; once initialised they do nothing.
//
// This module is the only one a page waits for before the wasm request:
// its fetch starts as soon as this module runs, in parallel with the
// loading of manual.js and of the glue it imports (./idtoken.js), instead of
// after a chain of three modules in series. The API is manual.js's own
// bindings, so `idtoken` and `idtoken/manual` share one wasm instance.
const wasm = fetch(new URL('./idtoken_bg.wasm', import.meta.url));
// Its failure is init's to report (below); this only keeps a failure of the
// module loads from leaving it an unhandled rejection.
wasm.catch(() => {});
const [manual] = await Promise.all([import('./manual.js'), import('./idtoken.js')]);
await manual.default({ module_or_path: wasm });

export const { IdTokenError, IdTokenValidator, decodeUnverified, initSync, isIdTokenError, tokenHash } = manual;
export default manual.default;
