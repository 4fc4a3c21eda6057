// The tarball in a fresh Vite project (tests/package/app/), as a user gets
// it: installed from the .tgz (a copy, not a link), then both the dev server
// and `vite build` (its dist/ served statically), each opened in headless
// Chromium. The app never calls init.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, existsSync, lstatSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { launch } from '../support/chromium.mjs';
import { serveStatic } from '../../scripts/static-server.mjs';
import { ROOT, freshProject, packTarball, run } from '../support/tarball.mjs';
import { appChecks } from './app-checks.mjs';

const APP = new URL('./app/', import.meta.url);
const VITE = join(ROOT, 'node_modules/.bin/vite');

let tarball;
let project;
let dev;
let built;
let browser;

before(async () => {
  assert.ok(existsSync(VITE), `${VITE} missing: run npm ci`);
  tarball = packTarball();
  project = freshProject('vite', tarball.tgz);
  cpSync(APP, project.dir, { recursive: true });
  run(VITE, ['build', project.dir, '--logLevel', 'warn'], project.dir);
  built = await serveStatic(join(project.dir, 'dist'));
  const { createServer } = await import(join(ROOT, 'node_modules/vite/dist/node/index.js'));
  dev = await createServer({
    root: project.dir,
    configFile: false,
    logLevel: 'warn',
    server: { host: '127.0.0.1', port: 0, strictPort: false },
  });
  await dev.listen();
  browser = await launch();
});

after(async () => {
  await browser?.close();
  await dev?.close();
  await built?.close();
  project?.close();
  tarball?.close();
});

test('npm installed a copy of the package from the tarball', () => {
  const installed = join(project.dir, 'node_modules/idtoken');
  assert.equal(lstatSync(installed).isSymbolicLink(), false, 'expected a copy, not a link');
  const manifest = JSON.parse(readFileSync(join(project.dir, 'package.json'), 'utf8'));
  assert.match(manifest.dependencies.idtoken, /^file:.*idtoken-.*\.tgz$/);
});

test('vite build emits the wasm as an asset and references it from the bundle', () => {
  const assets = readdirSync(join(project.dir, 'dist/assets'));
  const wasm = assets.filter((f) => f.endsWith('.wasm'));
  assert.equal(wasm.length, 1, `expected one .wasm in dist/assets: ${assets}`);
  assert.equal(statSync(join(project.dir, 'dist/assets', wasm[0])).size,
    statSync(join(project.dir, 'node_modules/idtoken/pkg/idtoken_bg.wasm')).size, 'the full build, not the lite one');
  const js = assets.filter((f) => f.endsWith('.js'));
  assert.ok(js.some((f) => readFileSync(join(project.dir, 'dist/assets', f), 'utf8').includes(wasm[0])),
    `no bundle references ${wasm[0]}`);
});

appChecks('vite build', () => ({ context: browser.context, url: `${built.url}/` }));
appChecks('vite dev server', () => ({ context: browser.context, url: dev.resolvedUrls.local[0] }));
