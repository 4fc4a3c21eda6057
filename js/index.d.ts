/**
 * `idtoken`: the default entry. It initialises itself on import (top-level
 * await), so `init` is not needed: `import { IdTokenValidator } from 'idtoken'`.
 * In Node 20+, Deno and Bun the `node` export condition loads the wasm from
 * disk synchronously instead.
 *
 * @module idtoken
 */
export * from './manual.js';
export { default } from './manual.js';
