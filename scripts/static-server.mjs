// A minimal static file server on 127.0.0.1 for the demo and the browser
// tests. It serves directories at mount points (and extra routes), with the
// right MIME type for wasm, and never outside the mounted directories.
import { createServer } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, resolve } from 'node:path';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json',
  '.wasm': 'application/wasm',
  '.css': 'text/css',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Serves on 127.0.0.1 at `port` (0: a free one). `mounts` is a directory
 * served at `/`, or an object mapping URL prefixes (ending in `/`) to
 * directories. `routes` maps a path to { body, type } (body may be a
 * function returning it) served before files. `headersFor(path)`, when
 * given, adds headers to a file's response (e.g. COOP and COEP for a page
 * that must be cross-origin isolated). Returns { url, port, close }.
 */
export async function serveStatic(mounts, routes = {}, port = 0, { headersFor } = {}) {
  const table = Object.entries(typeof mounts === 'string' ? { '/': mounts } : mounts)
    .map(([prefix, dir]) => [prefix, resolve(dir)])
    .sort((a, b) => b[0].length - a[0].length);
  const server = createServer(async (req, res) => {
    const path = decodeURIComponent(new URL(req.url, 'http://x').pathname);
    if (path === '/favicon.ico') {
      res.writeHead(204).end();
      return;
    }
    if (routes[path]) {
      const { body, type = 'text/html; charset=utf-8' } = routes[path];
      res.writeHead(200, { 'content-type': type, 'cache-control': 'no-store' });
      res.end(typeof body === 'function' ? body() : body);
      return;
    }
    const mount = table.find(([prefix]) => path.startsWith(prefix));
    if (!mount) {
      res.writeHead(404).end('not found');
      return;
    }
    const [prefix, base] = mount;
    const rel = path.slice(prefix.length);
    const file = normalize(join(base, rel === '' || rel.endsWith('/') ? `${rel}index.html` : rel));
    if (file !== base && !file.startsWith(base + '/')) {
      res.writeHead(403).end();
      return;
    }
    try {
      const body = await readFile(file);
      res.writeHead(200, {
        'content-type': TYPES[extname(file)] || 'application/octet-stream',
        'cache-control': 'no-store',
        ...headersFor?.(path),
      });
      res.end(body);
    } catch {
      res.writeHead(404).end('not found');
    }
  });
  await new Promise((ok, fail) => {
    server.once('error', fail);
    server.listen(port, '127.0.0.1', ok);
  });
  const bound = server.address().port;
  return {
    port: bound,
    url: `http://127.0.0.1:${bound}`,
    close: () => new Promise((ok) => {
      server.closeAllConnections?.();
      server.close(ok);
    }),
  };
}
