// `make docs` (scripts/docs.sh): typedoc turns the package's declarations
// into an HTML API reference, with warnings as errors (an unresolved
// {@link} or an unexported referenced type fails it). Written to a
// temporary directory here, not docs/api/. Also: nothing the package ships,
// nor the reference, points readers at documents outside the package.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));
const PKG = join(ROOT, 'pkg');

let dir;
let out;

before(() => {
  assert.ok(existsSync(join(PKG, 'manual.d.ts')), 'pkg/ is not built: run make build');
  dir = mkdtempSync(join(tmpdir(), 'idtoken-docs-'));
  out = join(dir, 'api');
  const r = spawnSync('scripts/docs.sh', [out], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
  assert.equal(r.status, 0, `docs.sh exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
});

after(() => {
  if (dir) rmSync(dir, { recursive: true, force: true });
});

function page(rel) {
  const path = join(out, rel);
  assert.ok(existsSync(path), `no ${rel} in the reference; pages:\n${files(out).map((f) => relative(out, f)).join('\n')}`);
  return readFileSync(path, 'utf8');
}

/** Every file under `top`, recursively. */
function files(top) {
  return readdirSync(top, { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile())
    .map((e) => join(e.parentPath ?? e.path, e.name));
}

/** typedoc's page name of an export subpath: '.' → idtoken, './oidc-client-ts' → idtoken_oidc-client-ts. */
const moduleFile = (subpath) => `modules/${`idtoken${subpath.slice(1)}`.replace(/\//g, '_')}.html`;

test('the reference documents idtoken as the main module, with IdTokenValidator under it', () => {
  const modules = page('modules.html');
  const listed = [...modules.matchAll(/href="modules\/([^"]+)\.html"/g)].map((m) => m[1]);
  assert.equal(listed[0], 'idtoken', `idtoken is not the first module: ${listed}`);
  const main = page('modules/idtoken.html');
  assert.match(main, /<title>idtoken \| idtoken<\/title>/);
  for (const name of ['IdTokenValidator', 'IdTokenError', 'IdTokenErrorCode', 'TokenChecks', 'IdTokenValidatorOptions', 'initSync']) {
    assert.match(main, new RegExp(`href="[^"]*idtoken\\.${name}\\.html"`), `modules/idtoken.html does not list ${name}`);
  }
  const validator = page('classes/idtoken.IdTokenValidator.html');
  for (const member of ['constructor', 'validate', 'validateAsync', 'discover', 'setKeys', 'free', 'jwksUri']) {
    assert.match(validator, new RegExp(`id="${member.toLowerCase()}"`), `IdTokenValidator page lacks ${member}`);
  }
  assert.match(page('classes/idtoken.IdTokenError.html'), /hasInstance/);
  // idtoken/manual is its own module, pointing at the same declarations.
  const manual = page('modules/idtoken_manual.html');
  assert.match(manual, /<title>idtoken\/manual \| idtoken<\/title>/);
  assert.match(manual, /await init\(\)|<span[^>]*>init<\/span>/);
  assert.match(manual, /href="[^"]*classes\/idtoken\.IdTokenValidator\.html"/, 'idtoken/manual does not link IdTokenValidator');
  // Nothing of the glue's internals is documented.
  assert.doesNotMatch(page('interfaces/idtoken.InitOutput.html'), /__wbindgen/);
});

test('every entry of the exports map with declarations has a module page (the adapters included)', () => {
  const { exports } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const documented = new Map(); // .d.ts text → subpath documented for it
  for (const [subpath, target] of Object.entries(exports)) {
    if (typeof target !== 'object' || !target.types) continue;
    const text = readFileSync(join(ROOT, target.types), 'utf8');
    // The lite and RSA entries ship the very same declaration files as the full ones.
    if (documented.has(text)) continue;
    documented.set(text, subpath);
    const html = page(moduleFile(subpath));
    const name = `idtoken${subpath.slice(1)}`;
    assert.match(html, new RegExp(`<title>${name.replace(/\//g, '\\/')} \\| idtoken</title>`), `${moduleFile(subpath)} is not titled ${name}`);
  }
  const subpaths = [...documented.values()];
  for (const s of ['.', './manual', './oidc-client-ts']) assert.ok(subpaths.includes(s), `${s} not documented: ${subpaths}`);
  assert.ok(subpaths.includes('./lite') === false, 'idtoken/lite documented twice');
  assert.ok(subpaths.includes('./rsa') === false, 'idtoken/rsa documented twice');
  // The adapter's API is on its own pages.
  assert.match(page('modules/idtoken_oidc-client-ts.html'), /verifyUserManager/);
  assert.match(page('functions/idtoken_oidc-client-ts.verifyUserManager.html'), /UserManager/);
  assert.match(page('classes/idtoken_oidc-client-ts.IdTokenVerifier.html'), /id="verifysigninresponse"/);
});

test('each error code is documented with its meaning, for every code of the README table', () => {
  const html = page('types/idtoken.IdTokenErrorCode.html');
  const meanings = new Map(
    [...html.matchAll(/<li><span class="tsd-signature-type">&quot;(ERR_\w+)&quot;<\/span>\s*<div class="tsd-comment tsd-typography">([\s\S]*?)<\/div><\/li>/g)]
      .map(([, code, body]) => [code, body.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ').trim()]),
  );
  const readme = readFileSync(join(ROOT, 'README.md'), 'utf8');
  const table = readme.slice(readme.indexOf('| code | when |'));
  const codes = [...new Set([...table.matchAll(/^\| ([^|]+) \|/gm)].flatMap(([, cell]) => cell.match(/ERR_\w+/g) ?? []))];
  assert.ok(codes.length >= 29, `README error table not found (${codes.length} codes)`);
  assert.deepEqual([...meanings.keys()].sort(), codes.sort(), 'the documented codes differ from the README table');
  for (const [code, meaning] of meanings) assert.ok(meaning.length >= 30, `${code}: no real meaning ("${meaning}")`);
  assert.match(meanings.get('ERR_NOT_READY'), /free\(\)/);
  assert.match(meanings.get('ERR_NONCE'), /nonce/);
  assert.match(meanings.get('ERR_INVALID_OPTIONS'), /undefined/);
});

test('options and checks: each optional member says its default and that undefined is refused', () => {
  for (const [rel, required] of [
    ['interfaces/idtoken.IdTokenValidatorOptions.html', ['issuer', 'clientid']],
    ['interfaces/idtoken.TokenChecks.html', []],
  ]) {
    const html = page(rel);
    const sections = [...html.matchAll(/<section class="tsd-panel tsd-member">\s*<h3 class="tsd-anchor-link" id="(\w+)">[\s\S]*?<\/section>/g)];
    assert.ok(sections.length >= 12, `${rel}: ${sections.length} members found`);
    for (const [text, key] of sections) {
      if (required.includes(key)) continue;
      const plain = text.replace(/<[^>]+>/g, '').replace(/\s+/g, ' ');
      assert.match(plain, /Default Value/, `${rel} ${key}: no default`);
      assert.match(plain, /explicit undefined or null is refused \(ERR_INVALID_OPTIONS\): omit the key/, `${rel} ${key}: undefined not refused`);
    }
  }
});

/**
 * References to documents that do not ship with the package: the team's
 * contract file, or its "section N" numbering. Citations of published
 * specifications (RFC 7518 section 6.3.1.2) are fine.
 */
function foreignReferences(text) {
  const hits = [];
  for (const m of text.matchAll(/API\.md|\bsection \d/gi)) {
    const before = text.slice(Math.max(0, m.index - 24), m.index);
    if (m[0] !== 'API.md' && /(RFC ?\d+|Core(?: 1\.0)?|OpenID Connect) $/.test(before)) continue;
    hits.push(text.slice(Math.max(0, m.index - 40), m.index + 40).replace(/\s+/g, ' '));
  }
  return hits;
}

test('the reference scanner finds what it must and spares spec citations', () => {
  assert.deepEqual(foreignReferences('/** Options (API.md section 1). */').length, 2);
  assert.equal(foreignReferences('see section 2 of the contract').length, 1);
  assert.deepEqual(foreignReferences('JWK Set (RFC 7517 section 5); OIDC Core section 2'), []);
});

test('nothing the package ships (every file of pkg/, README, SECURITY.md) or the generated reference cites API.md or its sections', () => {
  const scanned = [];
  const hits = [];
  const shipped = [join(ROOT, 'README.md'), join(ROOT, 'SECURITY.md'), join(ROOT, 'package.json')];
  // The crates' own licence texts ("Section 4" of the Apache License) are not ours to scan.
  for (const f of [...shipped, ...[PKG, out].flatMap(files)].filter((p) => !p.endsWith('THIRD-PARTY-NOTICES'))) {
    // Binary files too (the wasm holds the Rust error messages), as latin1.
    const text = readFileSync(f, 'latin1');
    scanned.push(f);
    for (const h of foreignReferences(text)) hits.push(`${relative(ROOT, f)}: …${h}…`);
  }
  for (const f of ['pkg/idtoken_bg.wasm', 'pkg/lite/idtoken_bg.wasm', 'pkg/idtoken.d.ts', 'pkg/manual.js', 'package.json', 'README.md']) {
    assert.ok(scanned.includes(join(ROOT, f)), `${f} was not scanned`);
  }
  assert.ok(scanned.some((f) => f.startsWith(out) && f.endsWith('.html')), 'no generated page scanned');
  assert.deepEqual(hits, [], `references to documents outside the package:\n${hits.join('\n')}`);
});
