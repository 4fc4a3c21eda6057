// The scenarios of tests/scenarios/data through the JS API inside headless
// Chromium: pkg/ loaded with init() the way a page does, same runner as Node.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { launch, watchErrors } from '../support/chromium.mjs';
import { serveStatic } from '../../scripts/static-server.mjs';

const ROOT = fileURLToPath(new URL('../../', import.meta.url));

const PAGE = `<!doctype html><meta charset="utf-8"><title>scenarios</title>
<script type="module">
  import init, * as lib from '/pkg/idtoken.js';
  import { runAll } from '/tests/scenarios/runner.mjs';
  window.run = async () => {
    await init();
    const data = await (await fetch('/tests/scenarios/data/scenarios.json')).json();
    return { ...runAll(lib, data), userAgent: navigator.userAgent };
  };
  window.ready = true;
</script>`;

test('scenarios in headless Chromium', async () => {
  const server = await serveStatic(ROOT, { '/scenarios.html': { body: PAGE } });
  const browser = await launch();
  try {
    const page = await browser.context.newPage();
    const errors = watchErrors(page);
    await page.goto(`${server.url}/scenarios.html`);
    await page.waitForFunction(() => window.ready === true);
    const { total, failures, codes, userAgent } = await page.evaluate(() => window.run());
    console.log(`Chromium (${userAgent.match(/Chrome\/[\d.]+/)?.[0]}): ${total - failures.length}/${total} scenarios as expected; ${codes.length} error codes produced`);
    assert.deepEqual(failures, []);
    assert.equal(codes.length, 26);
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
    await server.close();
  }
});
