// `make demo` on a busy port: one line on stderr that names the variable to
// change (APP_PORT or PROVIDER_PORT), exit status 1, no stack trace, and no
// server left listening on the other port.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createServer } from 'node:net';
import { fileURLToPath } from 'node:url';

const SERVE = fileURLToPath(new URL('../../www/serve.mjs', import.meta.url));

/** Listens on a free loopback port; returns { port, close }. */
async function occupy() {
  const server = createServer();
  await new Promise((ok, fail) => { server.once('error', fail); server.listen(0, '127.0.0.1', ok); });
  return { port: server.address().port, close: () => new Promise((ok) => server.close(ok)) };
}

/** A loopback port that was free a moment ago. */
async function freePort() {
  const s = await occupy();
  await s.close();
  return s.port;
}

/** Runs the demo on the given ports; resolves with its exit status and output. */
function serve(appPort, providerPort) {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [SERVE, '--app-port', String(appPort), '--provider-port', String(providerPort)]);
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => { stdout += d; });
    child.stderr.on('data', (d) => { stderr += d; });
    // A demo that started after all would run until stopped.
    const timer = setTimeout(() => child.kill(), 30_000);
    child.on('close', (status) => { clearTimeout(timer); resolve({ status, stdout, stderr }); });
  });
}

for (const name of ['APP_PORT', 'PROVIDER_PORT']) {
  test(`a busy ${name} gives one line naming ${name}, and exit status 1`, async () => {
    const busy = await occupy();
    try {
      const other = await freePort();
      const [app, provider] = name === 'APP_PORT' ? [busy.port, other] : [other, busy.port];
      const r = await serve(app, provider);
      assert.equal(r.status, 1, `stdout:\n${r.stdout}\nstderr:\n${r.stderr}`);
      const lines = r.stderr.trim().split('\n');
      assert.equal(lines.length, 1, `expected one line, got:\n${r.stderr}`);
      assert.equal(lines[0], `demo: port ${busy.port} is in use: set ${name} to a free port, e.g. make demo ${name}=${busy.port + 100}`);
      assert.doesNotMatch(r.stderr, /\n\s+at /);
      // The other port was released (or never taken): it can be bound again.
      const again = createServer();
      await new Promise((ok, fail) => { again.once('error', fail); again.listen(other, '127.0.0.1', ok); });
      await new Promise((ok) => again.close(ok));
    } finally {
      await busy.close();
    }
  });
}
