// CommonJS users of the tarball, as the README's runtime table describes
// them: `require('idtoken')` works where Node can require ES modules
// (require(esm): Node 20.19+, 22.12+), because the `node` export condition
// points at node.js, which has no top-level await; `await import('idtoken')`
// works from CommonJS everywhere; idtoken/oidc-client-ts loads (it imports
// the wasm lazily, at the first sign-in), so server-side rendering that
// touches it does not fail.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { freshProject, packTarball } from '../support/tarball.mjs';

let tarball;
let project;

before(() => {
  tarball = packTarball();
  project = freshProject('require', tarball.tgz);
});

after(() => {
  project?.close();
  tarball?.close();
});

let files = 0;

/** Runs `code` as a CommonJS file (.cjs) of the project; returns its exit status and output. */
function cjs(code) {
  const file = join(project.dir, `t${files++}.cjs`);
  writeFileSync(file, code);
  const r = spawnSync(process.execPath, [file], { cwd: project.dir, encoding: 'utf8', timeout: 60_000 });
  assert.equal(r.error, undefined);
  return { status: r.status, out: `${r.stdout}${r.stderr}` };
}

// at_hash of "x" under RS256 (SHA-256, left half, base64url).
const HASH = 'LXEWQrcmsEQBYnyp-6wy9Q';

test('the node condition of "." (what require resolves) is node.js, which has no top-level await', () => {
  const m = JSON.parse(readFileSync(join(project.dir, 'node_modules/idtoken/package.json'), 'utf8'));
  assert.equal(m.exports['.'].node, './pkg/node.js');
  const r = cjs("console.log(require.resolve('idtoken'))");
  assert.equal(r.status, 0, r.out);
  assert.equal(r.out.trim(), join(project.dir, 'node_modules/idtoken/pkg/node.js'));
  for (const f of ['node.js', 'manual.js', 'idtoken.js']) {
    const text = readFileSync(join(project.dir, 'node_modules/idtoken/pkg', f), 'utf8');
    assert.doesNotMatch(text, /^await /m, `${f} has a top-level await`);
  }
});

if (process.features.require_module) {
  test(`require('idtoken') and require('idtoken/lite') work, initialised (Node ${process.version} has require(esm))`, () => {
    for (const spec of ['idtoken', 'idtoken/lite']) {
      const r = cjs(`const { tokenHash, IdTokenValidator } = require('${spec}');
        new IdTokenValidator({ issuer: 'https://op.example', clientId: 'c', jwks: { keys: [] } }).free();
        console.log(tokenHash('RS256', 'x'));`);
      assert.equal(r.status, 0, `${spec}: ${r.out}`);
      assert.equal(r.out.trim().split('\n').at(-1), HASH, spec);
    }
  });

  test("require('idtoken/manual') works, and needs initSync", () => {
    const r = cjs(`const { tokenHash, initSync } = require('idtoken/manual');
      try { tokenHash('RS256', 'x'); console.log('no error'); } catch (e) { console.log(e.code); }
      initSync({ module: require('fs').readFileSync(require.resolve('idtoken/idtoken_bg.wasm')) });
      console.log(tokenHash('RS256', 'x'));`);
    assert.equal(r.status, 0, r.out);
    assert.deepEqual(r.out.trim().split('\n').slice(-2), ['ERR_NOT_READY', HASH]);
  });

  test("require('idtoken/oidc-client-ts') loads without loading the wasm (it loads at the first sign-in)", () => {
    const r = cjs(`try { const a = require('idtoken/oidc-client-ts'); console.log(typeof a.verifyUserManager, typeof a.createIdTokenVerifier); } catch (e) { console.log(e.code); }`);
    assert.equal(r.status, 0, r.out);
    assert.equal(r.out.trim().split('\n').at(-1), 'function function');
  });
} else {
  test(`require('idtoken') throws ERR_REQUIRE_ESM (Node ${process.version} has no require(esm))`, () => {
    const r = cjs(`try { require('idtoken'); console.log('loaded'); } catch (e) { console.log(e.code); }`);
    assert.equal(r.out.trim().split('\n').at(-1), 'ERR_REQUIRE_ESM', r.out);
  });
}

test("await import('idtoken') works from CommonJS", () => {
  const r = cjs(`(async () => {
      const { tokenHash } = await import('idtoken');
      console.log(typeof require, tokenHash('RS256', 'x'));
    })().catch((e) => { console.error(e); process.exit(1); });`);
  assert.equal(r.status, 0, r.out);
  assert.equal(r.out.trim().split('\n').at(-1), `function ${HASH}`);
});
