// The benchmark's static server on 127.0.0.1: directories at URL prefixes,
// every response `cache-control: no-store` (a cold start fetches everything),
// and the timing and cold-start pages cross-origin isolated (COOP + COEP on
// those documents only). Isolation is what gives performance.now() fine steps in every
// engine: 5 µs in Chromium, 20 µs in Firefox and WebKit, against 100 µs
// (Chromium) and 1 ms (Firefox, WebKit) without it. Headers set by the
// server (not by a browser-side route) reach every engine alike.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
};

/**
 * Serves `mounts` ({ '/prefix/': dir }); the paths in `isolated` get
 * COOP: same-origin and COEP: require-corp. Returns { url, close }.
 */
export async function serveBench(mounts, isolated = []) {
  const table = Object.entries(mounts).map(([p, d]) => [p, resolve(d)]).sort((a, b) => b[0].length - a[0].length);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    const mount = table.find(([prefix]) => path.startsWith(prefix));
    if (!mount) {
      res.writeHead(path === '/favicon.ico' ? 204 : 404).end();
      return;
    }
    const [prefix, base] = mount;
    const rel = path.slice(prefix.length);
    const file = normalize(join(base, rel === '' || rel.endsWith('/') ? `${rel}index.html` : rel));
    if (file !== base && !file.startsWith(`${base}/`)) {
      res.writeHead(403).end();
      return;
    }
    let body;
    try {
      body = await readFile(file);
    } catch {
      res.writeHead(404).end('not found');
      return;
    }
    const headers = { 'content-type': TYPES[extname(file)] || 'application/octet-stream', 'cache-control': 'no-store' };
    if (isolated.includes(path)) {
      headers['cross-origin-opener-policy'] = 'same-origin';
      headers['cross-origin-embedder-policy'] = 'require-corp';
    }
    res.writeHead(200, headers).end(body);
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(0, '127.0.0.1', ok);
  });
  return {
    url: `http://127.0.0.1:${server.address().port}`,
    close: () => new Promise((ok) => {
      server.closeAllConnections?.();
      server.close(ok);
    }),
  };
}
