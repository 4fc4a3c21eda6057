// The bundling step: bundles the jose, jsrsasign and noble adapters the way an app
// ships them (Vite's JS API, production mode, minified, one self-contained
// ES module each) into `outDir`, which the page imports from at /dist/.
//
//   node bench/build.mjs [OUT_DIR]     (default: a fresh temp dir; prints it)
import { build } from 'vite';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../', import.meta.url));
const ADAPTERS = fileURLToPath(new URL('./page/adapters/', import.meta.url));

/** The bundled adapters: name → adapter source. */
export const BUNDLED = { jose: 'jose.js', jsrsasign: 'jsrsasign.js', noble: 'noble.js' };

/** Builds each bundled adapter into `outDir`/<name>.js; returns { name: path }. */
export async function bundleAdapters(outDir = mkdtempSync(join(tmpdir(), 'idtoken-bench-'))) {
  const out = {};
  for (const [name, file] of Object.entries(BUNDLED)) {
    await build({
      configFile: false,
      root: ROOT,
      logLevel: 'warn',
      mode: 'production',
      build: {
        outDir,
        emptyOutDir: false,
        write: true,
        minify: true,
        target: 'es2022',
        modulePreload: false,
        copyPublicDir: false,
        reportCompressedSize: false,
        rolldownOptions: {
          input: { [name]: join(ADAPTERS, file) },
          preserveEntrySignatures: 'strict',
          output: { format: 'es', entryFileNames: '[name].js', chunkFileNames: `${name}-[hash].js`, codeSplitting: false },
        },
      },
    });
    out[name] = join(outDir, `${name}.js`);
    readFileSync(out[name]); // it exists and is one file
  }
  return { outDir, files: out };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const { outDir, files } = await bundleAdapters(process.argv[2]);
  console.log(outDir);
  for (const [name, f] of Object.entries(files)) console.log(`${name}: ${f} (${readFileSync(f).length} B)`);
}
