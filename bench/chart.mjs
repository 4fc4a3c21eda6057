// Renders one chart per engine from the results object of bench/run.mjs:
// docs/bench/chart.svg for Chromium (the one the README shows),
// chart-firefox.svg and chart-webkit.svg for the others. Per algorithm, one
// horizontal bar per adapter for its median µs per token (best round) in that
// engine, on a log scale. Hand-written SVG, white background, system fonts,
// so it reads the same in GitHub's light and dark themes.

const COLORS = { idtoken: '#e8590c', jose: '#1c7ed6', 'webcrypto-floor': '#868e96', jsrsasign: '#2f9e44', noble: '#9c36b5' };
const ASYNC = new Set(['jose', 'webcrypto-floor']);

const esc = (s) => String(s).replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
const fmtAxis = (us) => (us >= 1e6 ? `${us / 1e6} s` : us >= 1000 ? `${us / 1000} ms` : `${us} µs`);
const fmtUs = (us) => (us >= 1000 ? `${(us / 1000).toFixed(us >= 10000 ? 0 : 1)} ms` : us >= 100 ? `${us.toFixed(0)} µs` : `${us.toFixed(1)} µs`);

const TITLE = { chromium: 'Chromium', firefox: 'Firefox', webkit: 'WebKit' };

/** The chart's file name for `engine`: chart.svg for Chromium, as before the other engines. */
export const chartFile = (engine) => (engine === 'chromium' ? 'chart.svg' : `chart-${engine}.svg`);

/**
 * The SVG of `engine`'s cases in `results` (records without an engine,
 * written before the bench ran several, are Chromium's).
 */
export function renderChart(all, engine = 'chromium') {
  const adapters = ['idtoken', 'jose', 'webcrypto-floor', 'jsrsasign', 'noble'];
  const results = { ...all, cases: all.cases.filter((c) => (c.engine ?? 'chromium') === engine) };
  const info = all.meta.engines?.find((e) => e.engine === engine);
  const browser = info ? `${info.browser}${info.how ? ` (${info.how})` : ''}` : all.meta.chromium ?? engine;
  const values = results.cases.flatMap((c) => adapters.map((a) => c.adapters[a]?.best?.medianUs).filter((v) => v > 0));
  const lo = 10 ** Math.floor(Math.log10(Math.min(...values, 10)));
  const hi = 10 ** Math.ceil(Math.log10(Math.max(...values, 100)));
  const W = 900;
  const x0 = 150; // bars start
  const x1 = 760; // right end of the scale
  const barH = 15;
  const gap = 4;
  const groupHead = 22;
  const groupGap = 12;
  const top = 92;
  const x = (v) => x0 + ((Math.log10(v) - Math.log10(lo)) / (Math.log10(hi) - Math.log10(lo))) * (x1 - x0);
  const groupH = groupHead + adapters.length * (barH + gap) + groupGap;
  const H = top + results.cases.length * groupH + 64;
  const font = 'font-family="-apple-system, BlinkMacSystemFont, \'Segoe UI\', Helvetica, Arial, sans-serif"';
  const m = results.meta;
  const out = [];
  out.push(`<svg xmlns="http://www.w3.org/2000/svg" width="${W}" height="${H}" viewBox="0 0 ${W} ${H}" ${font} font-size="12">`);
  out.push(`<rect width="${W}" height="${H}" fill="#ffffff"/>`);
  out.push(`<text x="16" y="24" font-size="16" font-weight="600" fill="#212529">ID token validation in ${TITLE[engine] ?? engine}: median time per token (log scale, shorter is faster)</text>`);
  out.push(`<text x="16" y="42" fill="#495057">${esc(`${browser} · ${m.cpus} CPUs · commit ${m.commit}${m.dirty ? '+' : ''} · ${m.date.slice(0, 10)} · best of ${m.params.rounds} rounds${m.quick ? ' · QUICK smoke run' : ''}`)}</text>`);
  // Legend.
  let lx = 16;
  for (const a of adapters) {
    const label = `${a}${ASYNC.has(a) ? ' (async, awaited per token)' : ''}`;
    out.push(`<rect x="${lx}" y="52" width="12" height="12" fill="${COLORS[a]}"/>`);
    out.push(`<text x="${lx + 17}" y="62" fill="#212529">${esc(label)}</text>`);
    lx += 30 + label.length * 6.1;
  }
  // Decade grid.
  const gridTop = top - 4;
  const gridBottom = H - 54;
  for (let v = lo; v <= hi * 1.0001; v *= 10) {
    out.push(`<line x1="${x(v).toFixed(1)}" y1="${gridTop}" x2="${x(v).toFixed(1)}" y2="${gridBottom}" stroke="#dee2e6"/>`);
    out.push(`<text x="${x(v).toFixed(1)}" y="${gridBottom + 14}" text-anchor="middle" fill="#495057">${esc(fmtAxis(v))}</text>`);
    out.push(`<text x="${x(v).toFixed(1)}" y="${gridTop - 3}" text-anchor="middle" font-size="10" fill="#868e96">${esc(fmtAxis(v))}</text>`);
    for (const k of [2, 5]) {
      if (v * k < hi) out.push(`<line x1="${x(v * k).toFixed(1)}" y1="${gridTop}" x2="${x(v * k).toFixed(1)}" y2="${gridBottom}" stroke="#f1f3f5"/>`);
    }
  }
  results.cases.forEach((c, i) => {
    const gy = top + i * groupH;
    out.push(`<text x="16" y="${gy + 14}" font-size="13" font-weight="600" fill="#212529">${esc(c.label)}</text>`);
    const ratio = c.adapters.idtoken?.ratioToJose;
    if (ratio != null) {
      // Results written before the jsrsasign and floor ratios existed show jose's only.
      const r = c.idtokenRatios ?? {};
      const more = [[r.jsrsasign, 'jsrsasign'], [r.noble, 'noble'], [r.webcryptoFloor, 'floor']]
        .filter(([v]) => v != null).map(([v, n]) => ` · ${v >= 10 ? v.toFixed(1) : v.toFixed(2)}× ${n}`).join('');
      out.push(`<text x="${x1 + 130}" y="${gy + 14}" text-anchor="end" fill="#495057">${esc(`idtoken vs jose: ${ratio.toFixed(2)}×${more}`)}</text>`);
    }
    adapters.forEach((a, j) => {
      const y = gy + groupHead + j * (barH + gap);
      const r = c.adapters[a];
      out.push(`<text x="${x0 - 8}" y="${y + barH - 3}" text-anchor="end" fill="#343a40">${esc(a)}</text>`);
      if (r?.status === 'ok' && r.best) {
        const w = Math.max(1, x(r.best.medianUs) - x0);
        out.push(`<rect x="${x0}" y="${y}" width="${w.toFixed(1)}" height="${barH}" fill="${COLORS[a]}"><title>${esc(`${a}, ${c.label}: median ${r.best.medianUs.toFixed(1)} µs/token, ${Math.round(r.best.opsPerSec)} ops/s`)}</title></rect>`);
        const spread = r.spreadUs ? ` (${fmtUs(r.spreadUs.min)}–${fmtUs(r.spreadUs.max)})` : '';
        out.push(`<text x="${(x0 + w + 5).toFixed(1)}" y="${y + barH - 3}" fill="#212529">${esc(fmtUs(r.best.medianUs) + spread)}</text>`);
      } else {
        const why = r?.status === 'unsupported' ? 'n/a (not supported)' : 'not timed: failed correctness checks';
        out.push(`<text x="${x0 + 4}" y="${y + barH - 3}" fill="${r?.status === 'unsupported' ? '#868e96' : '#c92a2a'}" font-style="italic">${esc(why)}</text>`);
      }
    });
  });
  out.push(`<text x="16" y="${H - 22}" fill="#868e96">Bars: median of per-batch times in the best round; in brackets: min–max of the round medians. Generated by bench/run.mjs.</text>`);
  out.push(`<text x="16" y="${H - 8}" fill="#868e96">webcrypto-floor is crypto.subtle.verify alone (no parsing, no claim checks): the floor, not a validator. jsrsasign has no EdDSA.</text>`);
  out.push('</svg>');
  return `${out.join('\n')}\n`;
}
