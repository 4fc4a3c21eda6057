// The tarball in a fresh webpack 5 project (tests/package/app/, with a
// classic <script> page): installed from the .tgz, bundled with the webpack
// CLI in production mode and no configuration beyond entry and output, the
// dist/ served statically and opened in headless Chromium. The app never
// calls init: webpack's top-level await and `new URL(…, import.meta.url)`
// asset handling, both on by default, carry the package's own init.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, readFileSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { launch } from '../support/chromium.mjs';
import { serveStatic } from '../../scripts/static-server.mjs';
import { ROOT, freshProject, packTarball, run } from '../support/tarball.mjs';
import { appChecks } from './app-checks.mjs';

const APP = new URL('./app/', import.meta.url);
const WEBPACK = join(ROOT, 'node_modules/.bin/webpack');

let tarball;
let project;
let server;
let browser;
let dist;

before(async () => {
  assert.ok(existsSync(WEBPACK), `${WEBPACK} missing: run npm ci`);
  tarball = packTarball();
  project = freshProject('webpack', tarball.tgz);
  cpSync(APP, project.dir, { recursive: true });
  dist = join(project.dir, 'dist');
  run(WEBPACK, ['build', '--mode', 'production', '--entry', './main.js', '--output-path', dist,
    '--output-filename', 'main.js', '--no-stats'], project.dir);
  // The same page as the Vite app's, loading webpack's (non-module) bundle.
  const html = readFileSync(join(project.dir, 'index.html'), 'utf8')
    .replace('<script type="module" src="/main.js"></script>', '<script src="main.js"></script>');
  assert.match(html, /<script src="main.js"><\/script>/);
  writeFileSync(join(dist, 'index.html'), html);
  server = await serveStatic(dist);
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await server?.close();
  project?.close();
  tarball?.close();
});

test('webpack emits the full wasm as an asset beside the bundle', () => {
  const wasm = readdirSync(dist).filter((f) => f.endsWith('.wasm'));
  assert.equal(wasm.length, 1, `expected one .wasm in dist/: ${readdirSync(dist)}`);
  assert.equal(statSync(join(dist, wasm[0])).size,
    statSync(join(project.dir, 'node_modules/idtoken/pkg/idtoken_bg.wasm')).size);
  assert.ok(readFileSync(join(dist, 'main.js'), 'utf8').includes(wasm[0]), `main.js does not reference ${wasm[0]}`);
});

appChecks('webpack 5', () => ({ context: browser.context, url: `${server.url}/` }));
