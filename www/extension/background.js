// The extension's service worker. It validates ID tokens itself, with the
// idtoken WebAssembly module instantiated synchronously from the bytes
// bundled in the extension (no window, no document here: a service worker
// has neither, and the library needs neither).
//
//   - context menu "Check ID token" on selected text: the issuer and the
//     client are read from the token's own (unverified) iss and aud/azp, the
//     keys come by discovery of that issuer; the verdict is shown as a
//     notification and a badge, and kept in chrome.storage.session for the
//     popup;
//   - chrome.runtime.onMessage({ type: 'check', token, issuer?, jwks?,
//     clientId?, nonce? }) answers with the verdict
//     { ok, code, message, sub, alg, kid, issuer, clientId, keysFrom }.
import { initSync, IdTokenValidator, decodeUnverified } from './idtoken.js';
import { buildReport, asError } from './report.mjs';

export const MENU_ID = 'idtoken-check-selection';
const LAST_KEY = 'lastCheck';
const NOTIFICATION_ID = 'idtoken-verdict';

// A service worker module may not use top-level await, and its event
// listeners must be registered synchronously below; so the bytes are
// fetched from the extension package once, instantiated with initSync, and
// every handler waits for this promise first.
const ready = fetch(chrome.runtime.getURL('idtoken_bg.wasm'))
  .then((response) => {
    if (!response.ok) throw new Error(`idtoken_bg.wasm: HTTP ${response.status}`);
    return response.arrayBuffer();
  })
  .then((bytes) => {
    initSync({ module: bytes });
  });

/** Selected text as a token: whitespace (line wraps), quotes and a "Bearer " prefix removed. */
export function cleanToken(text) {
  return String(text ?? '')
    .trim()
    .replace(/^bearer\s+/i, '')
    .replace(/^["'`]+|["'`,;]+$/g, '')
    .replace(/\s+/g, '');
}

/**
 * Validates `token`. Keys: `jwks` (object or JSON text) when given, else
 * discovery of `issuer`. `issuer` and `clientId` default to the token's own
 * `iss` and `azp`/`aud` (read without verification: the verdict then says
 * only that the token is valid for the issuer it names).
 * Returns { verdict, report }.
 */
export async function check({ token, issuer, jwks, clientId, nonce } = {}) {
  await ready;
  token = cleanToken(token);
  let claims = {};
  let header = {};
  let notDecodable = null;
  try {
    ({ claims, header } = decodeUnverified(token));
  } catch (e) {
    notDecodable = e; // ERR_MALFORMED (or ERR_DECRYPTION): validation says the same
  }
  const aud = Array.isArray(claims.aud) ? claims.aud : claims.aud === undefined ? [] : [claims.aud];
  issuer = issuer || (typeof claims.iss === 'string' ? claims.iss : '');
  clientId = clientId || (typeof claims.azp === 'string' ? claims.azp : undefined) || (typeof aud[0] === 'string' ? aud[0] : '');
  const hasJwks = jwks !== undefined && jwks !== null && jwks !== '';
  const keysFrom = hasJwks ? 'the given JWKS' : issuer ? `discovery of ${issuer}` : 'discovery (no issuer known)';
  const checks = nonce ? { nonce } : {};

  let outcome;
  let validator;
  if (!hasJwks && !issuer) {
    // Nothing to discover keys from: say what is wrong with the token itself.
    outcome = {
      error: notDecodable
        ? asError(notDecodable)
        : { code: 'ERR_CLAIM_MISSING', message: 'the token names no issuer (iss) and none was given: no keys to check it with' },
    };
  } else {
    try {
      validator = hasJwks
        ? new IdTokenValidator({ issuer, clientId, jwks })
        : await IdTokenValidator.discover(issuer, clientId);
      outcome = { result: await validator.validateAsync(token, checks) };
    } catch (e) {
      outcome = { error: asError(e) };
    } finally {
      validator?.free();
    }
  }

  const report = buildReport({ token, issuer, clientId, nonce, keysFrom, tolerance: 60 }, outcome);
  const { result, error } = outcome;
  const verdict = {
    ok: Boolean(result),
    code: error ? error.code : null,
    message: result ? report.verdict : error.message,
    sub: result ? result.claims.sub : null,
    alg: result ? result.alg : (typeof header.alg === 'string' ? header.alg : null),
    kid: result ? (result.kid ?? null) : (typeof header.kid === 'string' ? header.kid : null),
    issuer,
    clientId,
    keysFrom,
  };
  return { verdict, report };
}

function notify(verdict) {
  const title = verdict.ok ? 'ID token valid' : `ID token refused: ${verdict.code}`;
  const message = verdict.ok
    ? `${verdict.message}\nissuer ${verdict.issuer}, client ${verdict.clientId}`
    : verdict.message;
  try {
    chrome.notifications.create(NOTIFICATION_ID, {
      type: 'basic',
      iconUrl: chrome.runtime.getURL('icons/icon-128.png'),
      title,
      message: message.slice(0, 500),
      priority: 1,
    }, () => void chrome.runtime.lastError);
  } catch { /* no notification centre: the badge and the popup still show it */ }
  chrome.action.setBadgeBackgroundColor({ color: verdict.ok ? '#1a7f37' : '#b42318' }).catch(() => {});
  chrome.action.setBadgeText({ text: verdict.ok ? 'ok' : 'bad' }).catch(() => {});
}

/** What the context menu item does; also callable from tests through the worker handle. */
export async function onMenuClick(info) {
  if (info?.menuItemId !== MENU_ID) return null;
  const { verdict, report } = await check({ token: info.selectionText });
  await chrome.storage.session.set({
    [LAST_KEY]: { at: Date.now(), source: 'context menu', pageUrl: info.pageUrl ?? null, verdict, report },
  });
  notify(verdict);
  return verdict;
}

chrome.runtime.onInstalled.addListener(() => {
  chrome.contextMenus.removeAll(() => {
    chrome.contextMenus.create({
      id: MENU_ID,
      title: 'Check ID token',
      contexts: ['selection'],
    }, () => void chrome.runtime.lastError);
  });
});

chrome.contextMenus.onClicked.addListener((info) => {
  onMenuClick(info).catch((e) => console.error('idtoken: context menu check failed', e));
});

chrome.runtime.onMessage.addListener((message, sender, sendResponse) => {
  if (message?.type !== 'check' || sender.id !== chrome.runtime.id) return false;
  check(message).then(
    ({ verdict }) => sendResponse(verdict),
    (e) => sendResponse({ ok: false, ...asError(e), sub: null, alg: null, kid: null }),
  );
  return true; // the answer comes asynchronously
});

// For tests and debugging (e.g. from the worker's DevTools console).
globalThis.idtokenExtension = { ready, check, onMenuClick, cleanToken, MENU_ID };
