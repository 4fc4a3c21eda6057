// The react-oidc-context example page (www/react-oidc-context.html): the
// same page starts the sign-in and is the redirect_uri. react-oidc-context's
// AuthProvider gets a UserManager wrapped by verifyUserManager(): on the
// callback it calls userManager.signinCallback(), which now refuses an ID
// token that fails idtoken's checks (auth.error, no user). Without JSX, so
// that it bundles with no React plugin.
//
// window.reactDemo = { ready, verdict, error, refused } is what the
// end-to-end test reads.
import { createElement as h } from 'react';
import { createRoot } from 'react-dom/client';
import { AuthProvider, useAuth } from 'react-oidc-context';
import { UserManager, WebStorageStateStore } from 'oidc-client-ts';
import { verifyUserManager } from 'idtoken/oidc-client-ts';

const PENDING = 'idtoken-react-demo';
const PAGE = `${location.origin}/react-oidc-context.html`;
const cfg = await (await fetch('/config.json')).json();
const clients = cfg.clients.filter((c) => !c.encryption);
const clientId = sessionStorage.getItem(PENDING) ?? new URLSearchParams(location.search).get('client') ?? clients[0].clientId;
window.reactDemo = { ready: false, verdict: null, error: null, refused: null };

const userManager = verifyUserManager(new UserManager({
  authority: cfg.issuer,
  client_id: clientId,
  redirect_uri: PAGE,
  response_type: 'code',
  scope: 'openid profile',
  automaticSilentRenew: false,
  userStore: new WebStorageStateStore({ store: window.sessionStorage }),
}), {
  // The app's own record of refusals (react-oidc-context shows the error too).
  onRefused: (e) => { window.reactDemo.refused = { name: e.name, code: e.code ?? null, message: e.message }; },
});

const controlUrl = (name) => new URL(`/__control/${name}`, new URL(cfg.issuer).origin);

async function signIn(tamper, auth) {
  const r = await fetch(controlUrl(`tamper?mode=${tamper ? 'id-token-signature' : 'none'}`), { method: 'POST' });
  if (!r.ok) throw new Error(`provider control: HTTP ${r.status}`);
  sessionStorage.setItem(PENDING, clientId);
  await auth.signinRedirect();
}

function App() {
  const auth = useAuth();
  if (auth.isLoading) return h('p', { className: 'muted' }, 'Loading…');
  if (auth.error) {
    const inner = auth.error.innerError ?? auth.error;
    window.reactDemo.error = { name: inner?.name ?? auth.error.name, code: inner?.code ?? null, message: auth.error.message };
    window.reactDemo.verdict = 'refused';
    // Provider-supplied text is rendered as text by React, never as HTML.
    return h('div', { className: 'verdict bad', 'data-verdict': 'refused' },
      `Refused: ${inner?.code ?? auth.error.name}: ${auth.error.message}`);
  }
  if (auth.isAuthenticated) {
    window.reactDemo.verdict = 'signed-in';
    window.reactDemo.user = { sub: auth.user.profile.sub, name: auth.user.profile.name ?? null };
    return h('div', { className: 'verdict ok', 'data-verdict': 'signed-in' },
      `Signed in as ${auth.user.profile.name ?? auth.user.profile.sub} (react-oidc-context + idtoken)`);
  }
  return h('p', null,
    h('button', { id: 'go', type: 'button', onClick: () => signIn(false, auth) }, `Sign in (${clientId})`), ' ',
    h('button', { id: 'go-tampered', type: 'button', onClick: () => signIn(true, auth) }, 'Sign in, the provider tampers with the signature'));
}

createRoot(document.getElementById('root')).render(h(AuthProvider, {
  userManager,
  onSigninCallback: () => {
    sessionStorage.removeItem(PENDING);
    history.replaceState(null, '', PAGE);
  },
}, h(App)));
window.reactDemo.ready = true;
