// The app of bench/signin.mjs, bundled by vite once per variant: an
// oidc-client-ts UserManager (authorization code + PKCE). Without `code`
// and `state` in its URL the page is the start route (#go calls
// signinRedirect); with them it is the callback route: it calls
// signinCallback and records, on the callback document's clock
// (performance.now(): ms since its navigation start), when the User was
// stored and when signinCallback returned it. `bench-signin-variant` is a
// vite alias: the plain app, or the app with idtoken's verifyUserManager.
import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { variant, install } from 'bench-signin-variant';

// Replaced by vite (define): { authority, client_id, redirect_uri }.
const config = __BENCH_SIGNIN__;

let storedMs = null;
const inner = new WebStorageStateStore({ store: window.sessionStorage });
// The app's userStore: oidc-client-ts stores the User here before it
// returns it (with the adapter: once idtoken has validated its ID token).
const userStore = {
  async set(key, value) {
    await inner.set(key, value);
    storedMs = performance.now();
  },
  get: (key) => inner.get(key),
  remove: (key) => inner.remove(key),
  getAllKeys: () => inner.getAllKeys(),
};

const userManager = new UserManager({
  ...config,
  response_type: 'code',
  scope: 'openid profile email',
  userStore,
  automaticSilentRenew: false,
  monitorSession: false,
});
const refusals = [];
install(userManager, (e) => refusals.push({ name: e.name, code: e.code ?? null, message: e.message }));

const bench = { variant };
window.bench = bench;

/** Resource Timing of what the page fetched: { url, startMs, endMs } on the page's clock. */
const resources = () => performance.getEntriesByType('resource').map((r) => ({
  url: r.name, startMs: r.startTime, endMs: r.responseEnd,
}));

async function callback() {
  const verdict = document.getElementById('verdict');
  let result;
  try {
    const user = await userManager.signinCallback();
    const returnedMs = performance.now();
    result = { ok: true, returnedMs, storedMs, sub: user.profile.sub, idToken: user.id_token };
  } catch (e) {
    result = { ok: false, failedMs: performance.now(), error: { name: e.name, code: e.code ?? null, message: e.message } };
  }
  const nav = performance.getEntriesByType('navigation')[0];
  Object.assign(result, {
    stored: (await userManager.getUser()) !== null,
    refusals,
    timeOrigin: performance.timeOrigin,
    navigation: nav ? {
      fetchStartMs: nav.fetchStart, responseEndMs: nav.responseEnd,
      domContentLoadedMs: nav.domContentLoadedEventEnd, redirectCount: nav.redirectCount,
    } : null,
    resources: resources(),
  });
  verdict.dataset.verdict = result.ok ? 'signed-in' : 'refused';
  verdict.textContent = result.ok ? `signed in as ${result.sub}` : `refused: ${result.error.code ?? result.error.name}`;
  bench.result = result;
}

const params = new URLSearchParams(location.search);
if (params.has('code') && params.has('state')) {
  callback();
} else {
  document.getElementById('go').addEventListener('click', () => {
    userManager.signinRedirect().catch((e) => { bench.startError = String(e); });
  });
  bench.ready = true;
}
