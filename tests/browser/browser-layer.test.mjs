// The browser layer itself (tests/support/browser.mjs), without a browser:
// BROWSERS parsing, the mapping proxy Firefox and WebKit use for a made-up
// host name (it forwards only the names it maps), and the lock WebKit
// start-ups take turns with.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, request } from 'node:http';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { engines, startMappingProxy, takeLaunchLock } from '../support/browser.mjs';

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

test('the WebKit launch lock: a second taker waits for the release; a lock left by a dead process is taken over', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'idtoken-lock-'));
  const lock = join(dir, 'launch.lock');
  try {
    const release = await takeLaunchLock(lock);
    assert.ok(existsSync(join(lock, 'pid')));
    let second = null;
    const waiting = takeLaunchLock(lock).then((r) => { second = r; });
    await new Promise((ok) => setTimeout(ok, 600));
    assert.equal(second, null, 'the second taker must wait while the lock is held');
    release();
    await waiting;
    assert.equal(typeof second, 'function');
    second();
    assert.equal(existsSync(lock), false);

    // The pid of a process that has just exited.
    const dead = spawnSync('sh', ['-c', 'echo $$']).stdout.toString().trim();
    mkdirSync(lock);
    writeFileSync(join(lock, 'pid'), dead);
    const started = Date.now();
    const taken = await takeLaunchLock(lock);
    assert.ok(Date.now() - started < 5_000, 'a dead holder is noticed at once');
    taken();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
