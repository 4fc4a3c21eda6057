// The benchmark's static server on 127.0.0.1 (scripts/static-server.mjs:
// every response `cache-control: no-store`, so a cold start fetches
// everything), with the timing and cold-start pages cross-origin isolated
// (COOP + COEP on those documents only). Isolation is what gives
// performance.now() fine steps in every engine: 5 µs in Chromium, 20 µs in
// Firefox and WebKit, against 100 µs (Chromium) and 1 ms (Firefox, WebKit)
// without it. Headers set by the server (not by a browser-side route) reach
// every engine alike.
import { serveStatic } from '../scripts/static-server.mjs';

const ISOLATED = {
  'cross-origin-opener-policy': 'same-origin',
  'cross-origin-embedder-policy': 'require-corp',
};

/**
 * Serves `mounts` ({ '/prefix/': dir }); the paths in `isolated` get
 * COOP: same-origin and COEP: require-corp. Returns { url, close }.
 */
export function serveBench(mounts, isolated = []) {
  return serveStatic(mounts, {}, 0, { headersFor: (path) => (isolated.includes(path) ? ISOLATED : {}) });
}
