// The popup: paste a token, give the issuer (keys by discovery) or a JWKS,
// and get the demo's per-check report, computed here with the wasm module.
// It also shows the last verdict of the "Check ID token" context menu item,
// which the service worker keeps in chrome.storage.session.
import init, { IdTokenValidator, decodeUnverified } from './idtoken.js';
import { buildReport, renderReport, asError } from './report.mjs';

const LAST_KEY = 'lastCheck';
const $ = (id) => document.getElementById(id);

// The wasm file is bundled in the extension, next to idtoken.js.
await init({ module_or_path: new URL('idtoken_bg.wasm', import.meta.url) });

// Prefill issuer and client from the (unverified) token, for convenience only.
$('token').addEventListener('input', () => {
  try {
    const { claims } = decodeUnverified($('token').value.trim());
    if (!$('issuer').value) $('issuer').value = claims.iss ?? '';
    if (!$('clientId').value) $('clientId').value = claims.azp ?? (Array.isArray(claims.aud) ? claims.aud[0] : claims.aud) ?? '';
  } catch { /* the report will say what is wrong */ }
});

$('check-form').addEventListener('submit', async (e) => {
  e.preventDefault();
  $('check').disabled = true;
  const token = $('token').value.replace(/\s+/g, '');
  const issuer = $('issuer').value.trim();
  const clientId = $('clientId').value.trim();
  const nonce = $('nonce').value.trim() || undefined;
  const jwks = $('jwks').value.trim();
  const inputs = { token, issuer, clientId, nonce, keysFrom: jwks ? 'the pasted JWKS' : `discovery of ${issuer}`, tolerance: 60 };
  let outcome;
  let validator;
  try {
    validator = jwks
      ? new IdTokenValidator({ issuer, clientId, jwks })
      : await IdTokenValidator.discover(issuer, clientId);
    outcome = { result: await validator.validateAsync(token, nonce ? { nonce } : {}) };
  } catch (err) {
    outcome = { error: asError(err) };
  } finally {
    validator?.free();
  }
  const report = buildReport(inputs, outcome);
  $('report').hidden = false;
  renderReport($('report'), report);
  window.idtokenReport = report;
  $('check').disabled = false;
});

function showLast(last) {
  if (!last?.report) return;
  $('last').hidden = false;
  $('lastWhen').textContent = `${new Date(last.at).toLocaleString()}${last.pageUrl ? ` on ${last.pageUrl}` : ''}: ${last.verdict.ok ? 'valid' : `refused (${last.verdict.code})`}`;
  renderReport($('lastReport'), last.report);
  window.idtokenLastCheck = last;
}

showLast((await chrome.storage.session.get(LAST_KEY))[LAST_KEY]);
chrome.storage.onChanged.addListener((changes, area) => {
  if (area === 'session' && changes[LAST_KEY]) showLast(changes[LAST_KEY].newValue);
});
// Opening the popup acknowledges the last verdict.
chrome.action.setBadgeText({ text: '' }).catch(() => {});

window.popupReady = true;
