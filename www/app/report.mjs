// The per-check report of one validation: a row per check of the contract,
// in its order, with what was expected and what was found. The verdict is
// the library's: checks before the first failure passed, the failing one
// shows the error, later ones were not reached.
import { decodeUnverified, tokenHash } from '/pkg/idtoken.js';

// Which report row each error code belongs to.
const ROW_OF = {
  ERR_DISCOVERY: 'keys', ERR_JWKS_FETCH: 'keys',
  ERR_MALFORMED: 'shape', ERR_ENCRYPTION_REQUIRED: 'encryption', ERR_DECRYPTION: 'encryption',
  ERR_ALG_NOT_ALLOWED: 'header', ERR_CRIT: 'header', ERR_TYP: 'header',
  ERR_NO_MATCHING_KEY: 'signature', ERR_WEAK_KEY: 'signature', ERR_BAD_SIGNATURE: 'signature',
  ERR_CLAIM_MISSING: 'claims', ERR_CLAIM_INVALID: 'claims',
  ERR_ISSUER: 'iss', ERR_AUDIENCE: 'aud', ERR_AZP: 'azp', ERR_EXPIRED: 'exp', ERR_NOT_YET_VALID: 'nbf',
  ERR_IAT: 'iat', ERR_NONCE: 'nonce', ERR_AT_HASH: 'at_hash', ERR_C_HASH: 'c_hash', ERR_S_HASH: 's_hash',
  ERR_AUTH_TIME: 'auth_time', ERR_ACR: 'acr', ERR_AMR: 'amr', ERR_REFRESH_MISMATCH: 'refresh',
  ERR_INVALID_OPTIONS: 'keys',
};

const when = (t) => (typeof t === 'number' ? `${new Date(t * 1000).toISOString().replace('.000Z', 'Z')} (${t})` : '—');
const ago = (now, t) => {
  if (typeof t !== 'number') return '';
  const d = Math.round(now - t);
  const abs = Math.abs(d);
  const span = abs < 120 ? `${abs} s` : abs < 7200 ? `${Math.round(abs / 60)} min` : `${Math.round(abs / 3600)} h`;
  return d >= 0 ? `, ${span} ago` : `, in ${span}`;
};
const show = (v) => (v === undefined ? '—' : typeof v === 'string' ? v : JSON.stringify(v));

/** `alg + enc` of a JWE's protected header, for display. */
function jweHeader(token) {
  try {
    const h = JSON.parse(atob(token.split('.')[0].replace(/-/g, '+').replace(/_/g, '/')));
    return `${h.alg} + ${h.enc}`;
  } catch {
    return '';
  }
}

/** A hash-claim row: checked when the value is known and the claim present (or required). */
function hashRow(id, label, value, required, claim, hashOf) {
  if (!value) return { id, label, expected: 'not checked', found: show(claim), skip: true };
  if (claim === undefined && !required) {
    return { id, label, expected: `${hashOf(value)} if present`, found: 'absent (optional in this flow)', skip: true };
  }
  return { id, label, expected: `${hashOf(value)}${required ? ' (required)' : ''}`, found: show(claim) };
}

/**
 * Builds the report. `inputs`: { token, issuer, clientId, keysFrom, nonce,
 * accessToken, code, state, requireAtHash, requireCHash, maxAge, acrValues,
 * requiredAmr, tolerance, now, encryptedHint }. `outcome`: { result } or { error }.
 */
export function buildReport(inputs, outcome) {
  const now = inputs.now ?? Date.now() / 1000;
  const tol = inputs.tolerance ?? 60;
  let decoded = null;
  try { decoded = decodeUnverified(inputs.token); } catch { /* reported by the shape row */ }
  // An encrypted token cannot be decoded before decryption: show what the
  // validator decrypted and verified instead.
  const h = decoded?.header ?? outcome.result?.header ?? {};
  const c = decoded?.claims ?? outcome.result?.claims ?? {};
  const alg = outcome.result?.alg ?? h.alg;
  const hashOf = (v) => { try { return v && alg ? tokenHash(alg, v) : undefined; } catch { return undefined; } };
  const aud = Array.isArray(c.aud) ? c.aud : c.aud === undefined ? [] : [c.aud];

  const rows = [
    { id: 'keys', label: 'Keys', expected: inputs.keysFrom, found: outcome.error && ROW_OF[outcome.error.code] === 'keys' ? '' : 'loaded' },
    { id: 'shape', label: 'Token shape', expected: 'compact JWS or JWE, strict base64url, JSON objects, ≤ 64 KiB', found: `${inputs.token.split('.').length} parts, ${inputs.token.length} bytes` },
    { id: 'encryption', label: 'Encryption', expected: inputs.requireEncryption ? 'JWE required' : 'JWE optional', found: outcome.result?.encrypted ? `arrived encrypted (JWE ${jweHeader(inputs.token)})` : inputs.token.split('.').length === 5 ? 'JWE' : 'plain JWS' },
    { id: 'header', label: 'Header (alg, crit, typ)', expected: 'an allowed asymmetric alg, no crit, typ JWT if any', found: `alg ${show(h.alg)}${h.typ ? `, typ ${h.typ}` : ''}${h.crit ? `, crit ${show(h.crit)}` : ''}` },
    { id: 'signature', label: 'Signature', expected: `${show(alg)} with a held key${h.kid ? ` (kid ${h.kid})` : ''}`, found: outcome.result ? `verified with key ${show(outcome.result.kid)}` : '' },
    { id: 'claims', label: 'Required claims', expected: 'iss, sub, aud, exp, iat with their JSON types', found: ['iss', 'sub', 'aud', 'exp', 'iat'].filter((k) => k in c).join(', ') || '—' },
    { id: 'iss', label: 'Issuer (iss)', expected: inputs.issuer, found: show(c.iss) },
    { id: 'aud', label: 'Audience (aud)', expected: `contains ${inputs.clientId}`, found: show(c.aud) },
    { id: 'azp', label: 'Authorized party (azp)', expected: aud.length > 1 ? `${inputs.clientId} (several audiences)` : `${inputs.clientId} if present`, found: show(c.azp) },
    { id: 'exp', label: 'Expires (exp)', expected: `after now − ${tol} s (now ${when(Math.round(now))})`, found: `${when(c.exp)}${ago(now, c.exp)}` },
    { id: 'nbf', label: 'Not before (nbf)', expected: `before now + ${tol} s, if present`, found: c.nbf === undefined ? '—' : `${when(c.nbf)}${ago(now, c.nbf)}` },
    { id: 'iat', label: 'Issued at (iat)', expected: `before now + ${tol} s`, found: `${when(c.iat)}${ago(now, c.iat)}` },
    { id: 'nonce', label: 'Nonce', expected: inputs.nonce ?? 'not checked', found: show(c.nonce), skip: !inputs.nonce },
    hashRow('at_hash', 'Access token hash (at_hash)', inputs.accessToken, inputs.requireAtHash, c.at_hash, hashOf),
    hashRow('c_hash', 'Code hash (c_hash)', inputs.code, inputs.requireCHash, c.c_hash, hashOf),
    hashRow('s_hash', 'State hash (s_hash)', inputs.state, inputs.requireSHash, c.s_hash, hashOf),
    { id: 'auth_time', label: 'Authentication time (auth_time)', expected: inputs.maxAge !== undefined ? `within max_age ${inputs.maxAge} s (+${tol} s)` : 'not checked', found: c.auth_time === undefined ? '—' : `${when(c.auth_time)}${ago(now, c.auth_time)}`, skip: inputs.maxAge === undefined },
    { id: 'acr', label: 'Authentication context (acr)', expected: inputs.acrValues?.length ? `one of ${inputs.acrValues.join(', ')}` : 'not checked', found: show(c.acr), skip: !inputs.acrValues?.length },
    { id: 'amr', label: 'Authentication methods (amr)', expected: inputs.requiredAmr?.length ? `includes ${inputs.requiredAmr.join(', ')}` : 'not checked', found: show(c.amr), skip: !inputs.requiredAmr?.length },
  ];

  const failedRow = outcome.error ? (ROW_OF[outcome.error.code] ?? 'shape') : null;
  let reached = true;
  for (const row of rows) {
    if (row.id === failedRow) {
      row.status = 'fail';
      row.error = `${outcome.error.code}: ${outcome.error.message}`;
      reached = false;
    } else if (!reached) {
      row.status = 'not reached';
    } else {
      row.status = row.skip ? 'skipped' : 'pass';
    }
  }
  return {
    ok: Boolean(outcome.result),
    verdict: outcome.result
      ? `Valid ID token for ${c.sub} (${outcome.result.alg}, key ${outcome.result.kid ?? 'without kid'})`
      : `Refused: ${outcome.error.code}`,
    error: outcome.error ?? null,
    rows,
    header: decoded?.header ?? outcome.result?.header ?? null,
    claims: decoded?.claims ?? outcome.result?.claims ?? null,
    token: inputs.token,
  };
}

const esc = (s) => String(s ?? '').replace(/[&<>"]/g, (ch) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[ch]);
const MARK = { pass: '✔ pass', fail: '✘ fail', skipped: '– skipped', 'not reached': '· not reached' };

/** Renders a report into `el`. */
export function renderReport(el, report) {
  el.innerHTML = `
    <div class="verdict ${report.ok ? 'ok' : 'bad'}" data-verdict="${report.ok ? 'valid' : 'refused'}"
         ${report.error ? `data-code="${esc(report.error.code)}"` : ''}>${esc(report.verdict)}</div>
    ${report.error ? `<p class="error-message">${esc(report.error.message)}</p>` : ''}
    <table class="checks">
      <thead><tr><th>Check</th><th>Result</th><th>Expected</th><th>Found</th></tr></thead>
      <tbody>${report.rows.map((r) => `
        <tr data-check="${r.id}" data-status="${r.status}" class="${r.status.replace(' ', '-')}">
          <td>${esc(r.label)}</td><td class="status">${MARK[r.status]}</td>
          <td>${esc(r.expected)}</td><td>${esc(r.found)}${r.error ? `<div class="why">${esc(r.error)}</div>` : ''}</td>
        </tr>`).join('')}
      </tbody>
    </table>
    <div class="decoded">
      <section><h3>Header</h3><pre data-part="header">${esc(JSON.stringify(report.header, null, 2))}</pre></section>
      <section><h3>Claims</h3><pre data-part="claims">${esc(JSON.stringify(report.claims, null, 2))}</pre></section>
    </div>
    <details><summary>Raw ID token</summary><pre class="raw" data-part="token">${esc(report.token)}</pre></details>`;
}

/** Normalizes a thrown value into { code, message }. */
export function asError(e) {
  return { code: e?.code ?? 'ERR_UNKNOWN', message: e?.message ?? String(e) };
}
