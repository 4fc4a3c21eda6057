// Prints the README's benchmark tables (speed per token, cold starts) and sizes from
// docs/bench/results.json, so that every number in them comes from one
// `make bench` run: `node bench/tables.mjs [results.json]`.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const file = process.argv[2] ?? fileURLToPath(new URL('../docs/bench/results.json', import.meta.url));
const r = JSON.parse(readFileSync(file, 'utf8'));

const NAMES = { chromium: 'Chromium', firefox: 'Firefox', webkit: 'WebKitGTK' };
/** "Chromium 156", "Firefox 153", "WebKitGTK 2.50" from the recorded versions. */
const engineLabel = (engine) => {
  const browser = r.meta.engines.find((e) => e.engine === engine)?.browser ?? '';
  const v = browser.match(/(\d+)\.(\d+)/);
  if (!v) return NAMES[engine] ?? engine;
  return `${NAMES[engine] ?? engine} ${engine === 'webkit' ? `${v[1]}.${v[2]}` : v[1]}`;
};
/** µs with three significant digits at most, thousands separated. */
const us = (x) => {
  if (x == null) return '—';
  if (x >= 1000) return Math.round(x).toLocaleString('en-US');
  if (x >= 100) return String(Math.round(x));
  return x.toFixed(1);
};
const ratio = (x) => (x == null ? '—' : x >= 10 ? x.toFixed(1) : x.toFixed(2));
const ms = (x) => (x == null ? 'failed' : x.toFixed(1));

const LABELS = { 'RS256-2048': 'RS256 (2048)', 'RS256-4096': 'RS256 (4096)', 'PS256-2048': 'PS256 (2048)' };
const engines = [...new Set(r.cases.map((c) => c.engine))];
const ids = [...new Set(r.cases.map((c) => c.id))];

console.log('| alg | engine | idtoken | jose | WebCrypto floor | jsrsasign | noble | idtoken × jose | idtoken × jsrsasign | idtoken × noble |');
console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
for (const id of ids) {
  engines.forEach((engine, i) => {
    const c = r.cases.find((x) => x.id === id && x.engine === engine);
    if (!c) return;
    const m = (name) => (c.adapters[name]?.status === 'ok' ? c.adapters[name].best.medianUs : null);
    const q = c.idtokenRatios ?? {};
    console.log(`| ${i ? '' : LABELS[id] ?? id} | ${engineLabel(engine)} | ${us(m('idtoken'))} | ${us(m('jose'))} | ${us(m('webcrypto-floor'))} `
      + `| ${us(m('jsrsasign'))} | ${us(m('noble'))} | ${ratio(q.jose)} | ${ratio(q.jsrsasign)} | ${ratio(q.noble)} |`);
  });
}

const coldTable = (records, title, libs) => {
  console.log(`\n| ${title} | ${records.map((d) => engineLabel(d.engine)).join(' | ')} |`);
  console.log(`| --- |${records.map(() => ' --- |').join('')}`);
  for (const [lib, label] of libs) {
    console.log(`| ${label} | ${records.map((d) => ms(d.libs[lib]?.medianMs)).join(' | ')} |`);
  }
};
coldTable(r.coldStart, `cold start to a validated ${r.coldStart[0].case}, ms`, [
  ['idtoken-streaming', 'idtoken (`init()`)'], ['jose', 'jose'], ['jsrsasign', 'jsrsasign'], ['webcrypto-floor', 'WebCrypto floor'],
]);
if (r.coldStartEc) {
  coldTable(r.coldStartEc, `cold start to a validated ${r.coldStartEc[0].case}, ms`, [
    ['idtoken-streaming', 'idtoken (`init()`)'], ['noble', 'noble'], ['jose', 'jose'],
  ]);
}

const s = r.sizes;
console.log(`\nsizes, gzip B: full ${s.wasm?.gzip}, lite ${s.lite?.gzip}, rsa ${s.rsa?.gzip}, glue ${s.glue?.gzip}, jose ${s.jose?.gzip}, noble ${s.noble?.gzip}, jsrsasign ${s.jsrsasign?.gzip}`);
