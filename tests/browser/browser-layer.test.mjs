// The browser layer itself (tests/support/browser.mjs), without a browser:
// BROWSERS parsing, and the mapping proxy Firefox and WebKit use for a
// made-up host name (it forwards only the names it maps), and the watch that
// notices a MiniBrowser dying at start-up.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import { spawn } from 'node:child_process';
import { engines, startMappingProxy, watchMiniBrowser } from '../support/browser.mjs';

test('BROWSERS: all three engines when empty (or unset); a list picks some; an unknown name throws', () => {
  assert.deepEqual(engines(''), ['chromium', 'firefox', 'webkit']);
  assert.deepEqual(engines(' WebKit , chromium,webkit'), ['webkit', 'chromium']);
  assert.throws(() => engines('chromium,safari'), /unknown engine "safari"/);
  console.log(`BROWSERS=${process.env.BROWSERS ?? ''} -> ${engines().join(', ')}`);
});

/** A GET through the proxy at `port` for `url`: { status, body }. */
const viaProxy = (port, url) => new Promise((ok, fail) => {
  const req = request({ host: '127.0.0.1', port, path: url, headers: { host: new URL(url).host } }, (res) => {
    let body = '';
    res.on('data', (d) => { body += d; });
    res.on('end', () => ok({ status: res.statusCode, body }));
  });
  req.on('error', fail);
  req.end();
});

test('the mapping proxy serves a mapped name from its address and refuses any other host', async () => {
  const origin = createServer((req, res) => res.end(`origin saw ${req.headers.host} ${req.url}`));
  await new Promise((ok) => origin.listen(0, '127.0.0.1', ok));
  const { port } = origin.address();
  const proxy = await startMappingProxy({ 'idtoken.test': '127.0.0.1' });
  try {
    assert.deepEqual(await viaProxy(proxy.port, `http://idtoken.test:${port}/a?b=1`),
      { status: 200, body: `origin saw idtoken.test:${port} /a?b=1` });
    const other = await viaProxy(proxy.port, `http://example.com:${port}/`);
    assert.equal(other.status, 502);
    assert.match(other.body, /example\.com is not mapped/);
  } finally {
    await proxy.close();
    await new Promise((ok) => origin.close(ok));
  }
});

test('the start-up watch fails once the driver\'s child has exited, and not while it runs', async () => {
  // A stand-in for WebKitWebDriver: its child runs 0.8 s, then it has none.
  const driver = spawn('sh', ['-c', 'sleep 0.8; exec sleep 30'], { stdio: 'ignore' });
  const watch = watchMiniBrowser(driver.pid);
  let failure = null;
  watch.failed.catch((e) => { failure = e; });
  try {
    await new Promise((ok) => setTimeout(ok, 500));
    assert.equal(failure, null, 'no failure while the child runs');
    await new Promise((ok) => setTimeout(ok, 1500));
    assert.ok(failure, 'a failure after the child exited');
    assert.match(failure.message, /MiniBrowser exited before the session began/);
    assert.equal(failure.launchTimedOut, true);
  } finally {
    watch.stop();
    driver.kill();
  }
});
