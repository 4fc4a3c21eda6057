// `make docs` (scripts/docs.sh): typedoc turns the package's declarations
// into an HTML API reference, with warnings as errors (an unresolved
// {@link} or an unexported referenced type fails it). Written to a
// temporary directory here, not docs/api/.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

test('scripts/docs.sh builds the API reference from the .d.ts: both entries, the classes, the error codes', () => {
  assert.ok(existsSync(join(ROOT, 'pkg/manual.d.ts')), 'pkg/ is not built: run make build');
  const dir = mkdtempSync(join(tmpdir(), 'idtoken-docs-'));
  try {
    const out = join(dir, 'api');
    const r = spawnSync('scripts/docs.sh', [out], { cwd: ROOT, encoding: 'utf8', timeout: 300_000 });
    assert.equal(r.status, 0, `docs.sh exited ${r.status}:\n${r.stdout}\n${r.stderr}`);
    const page = (rel) => {
      const path = join(out, rel);
      assert.ok(existsSync(path), `no ${rel} in the reference`);
      return readFileSync(path, 'utf8');
    };
    assert.match(page('modules/idtoken.html'), /IdTokenValidator/);
    assert.match(page('modules/idtoken_manual.html'), /initSync/);
    const validator = page('classes/idtoken_manual.IdTokenValidator.html');
    for (const member of ['validate', 'validateAsync', 'discover', 'setKeys', 'free']) {
      assert.match(validator, new RegExp(`id="${member.toLowerCase()}"`), `IdTokenValidator page lacks ${member}`);
    }
    assert.match(page('types/idtoken_manual.IdTokenErrorCode.html'), /ERR_NOT_READY/);
    assert.match(page('classes/idtoken_manual.IdTokenError.html'), /hasInstance/);
    // Nothing of the glue's internals is documented.
    assert.doesNotMatch(page('interfaces/idtoken_manual.InitOutput.html'), /__wbindgen/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
