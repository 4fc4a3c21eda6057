// Assembles the browser extension (Manifest V3) into target/extension/:
//
//   www/extension/*            the extension's own files (manifest, service
//                              worker, popup)
//   pkg/idtoken.js, pkg/idtoken_bg.wasm
//                              the library, as built by `make build`
//   report.mjs                 www/app/report.mjs, its import of
//                              '/pkg/idtoken.js' rewritten to './idtoken.js'
//   style.css                  www/style.css (the report's styles)
//   icons/icon-{16,48,128}.png drawn here
//
// The manifest's version is set to the package's (package.json). Nothing in www/ or
// pkg/ is changed.
//
// One build serves Chromium and Firefox: the manifest names the background
// module both ways, `service_worker` (Chromium; it ignores `scripts`) and
// `scripts` (Firefox, whose MV3 runs it as an event page and ignores
// `service_worker`), and gives Firefox its add-on id in
// browser_specific_settings.gecko (Chromium ignores that key).
//
//   node scripts/build-extension.mjs [--out DIR] [--zip]
//
// --zip also writes target/idtoken-extension-<version>.zip (the folder's
// contents at the root of the archive, as the Chrome Web Store wants them).
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { deflateRawSync, deflateSync } from 'node:zlib';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const SRC = join(ROOT, 'www/extension');
const PKG = join(ROOT, 'pkg');

function fail(message) {
  console.error(`build-extension: ${message}`);
  process.exit(1);
}

function parseArgs(argv) {
  const out = { out: join(ROOT, 'target/extension'), zip: false };
  for (let i = 0; i < argv.length; i += 1) {
    if (argv[i] === '--out') out.out = resolve(argv[++i] ?? fail('--out needs a directory'));
    else if (argv[i] === '--zip') out.zip = true;
    else fail(`unknown argument ${argv[i]} (usage: node scripts/build-extension.mjs [--out DIR] [--zip])`);
  }
  return out;
}

/** www/app/report.mjs with its one absolute import of the package made relative. */
export function rewriteReportModule(source) {
  const from = /from\s+(['"])\/pkg\/idtoken\.js\1/g;
  const count = (source.match(from) ?? []).length;
  if (count !== 1) throw new Error(`expected exactly one import from '/pkg/idtoken.js' in www/app/report.mjs, found ${count}`);
  const out = source.replace(from, "from './idtoken.js'");
  const left = out.match(/(?:from|import)\s*\(?\s*['"](\/[^'"]*)['"]/);
  if (left) throw new Error(`www/app/report.mjs still imports an absolute path (${left[1]}); teach build-extension.mjs about it`);
  return `// Copied from www/app/report.mjs by scripts/build-extension.mjs (import made relative).\n${out}`;
}

// ---------------------------------------------------------------- icons --

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = CRC_TABLE[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function pngChunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'latin1'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

/** An RGBA PNG of `size` px: a blue rounded square with a white check mark. */
export function drawIcon(size) {
  const SS = 4; // supersampling per axis
  const r = 0.2; // corner radius, as a fraction of the side
  const stroke = 0.11;
  const tick = [[0.27, 0.53], [0.44, 0.7], [0.74, 0.33]];
  const segDist = (px, py, [ax, ay], [bx, by]) => {
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
    return Math.hypot(px - ax - t * dx, py - ay - t * dy);
  };
  const inRoundedSquare = (x, y) => {
    const cx = Math.min(Math.max(x, r), 1 - r);
    const cy = Math.min(Math.max(y, r), 1 - r);
    return Math.hypot(x - cx, y - cy) <= r;
  };
  const raw = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y += 1) {
    raw[y * (size * 4 + 1)] = 0; // filter: none
    for (let x = 0; x < size; x += 1) {
      let cover = 0;
      let white = 0;
      for (let sy = 0; sy < SS; sy += 1) {
        for (let sx = 0; sx < SS; sx += 1) {
          const u = (x + (sx + 0.5) / SS) / size;
          const v = (y + (sy + 0.5) / SS) / size;
          if (!inRoundedSquare(u, v)) continue;
          cover += 1;
          if (Math.min(segDist(u, v, tick[0], tick[1]), segDist(u, v, tick[1], tick[2])) <= stroke / 2) white += 1;
        }
      }
      const a = cover / (SS * SS);
      const w = cover ? white / cover : 0;
      const o = y * (size * 4 + 1) + 1 + x * 4;
      raw[o] = Math.round(0x24 + (0xff - 0x24) * w);
      raw[o + 1] = Math.round(0x56 + (0xff - 0x56) * w);
      raw[o + 2] = Math.round(0xc7 + (0xff - 0xc7) * w);
      raw[o + 3] = Math.round(255 * a);
    }
  }
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', ihdr),
    pngChunk('IDAT', deflateSync(raw, { level: 9 })),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

// ------------------------------------------------------------------ zip --

function listFiles(dir, base = dir) {
  return readdirSync(dir, { withFileTypes: true })
    .sort((a, b) => a.name.localeCompare(b.name))
    .flatMap((e) => (e.isDirectory() ? listFiles(join(dir, e.name), base) : [relative(base, join(dir, e.name)).split('\\').join('/')]));
}

/** A deflated zip of every file under `dir` (paths relative to it), with a fixed timestamp. */
export function zipDirectory(dir) {
  const locals = [];
  const centrals = [];
  let offset = 0;
  const DOS_TIME = 0; // 00:00:00
  const DOS_DATE = (2000 - 1980) << 9 | 1 << 5 | 1; // 2000-01-01: reproducible archives
  for (const name of listFiles(dir)) {
    const data = readFileSync(join(dir, name));
    const packed = deflateRawSync(data, { level: 9 });
    const nameBuf = Buffer.from(name, 'utf8');
    const crc = crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4); // version needed
    local.writeUInt16LE(0x0800, 6); // utf-8 names
    local.writeUInt16LE(8, 8); // deflate
    local.writeUInt16LE(DOS_TIME, 10);
    local.writeUInt16LE(DOS_DATE, 12);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(packed.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBuf.length, 26);
    local.writeUInt16LE(0, 28);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4); // made by
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(0x0800, 8);
    central.writeUInt16LE(8, 10);
    central.writeUInt16LE(DOS_TIME, 12);
    central.writeUInt16LE(DOS_DATE, 14);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(packed.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBuf.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBuf, packed);
    centrals.push(central, nameBuf);
    offset += local.length + nameBuf.length + packed.length;
  }
  const centralDir = Buffer.concat(centrals);
  const count = centrals.length / 2;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(count, 8);
  end.writeUInt16LE(count, 10);
  end.writeUInt32LE(centralDir.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, centralDir, end]);
}

// ---------------------------------------------------------------- build --

/** Builds the extension into `out`; returns { out, version, files, zip }. */
export function buildExtension({ out = join(ROOT, 'target/extension'), zip = false } = {}) {
  for (const f of ['idtoken.js', 'idtoken_bg.wasm']) {
    if (!existsSync(join(PKG, f))) throw new Error(`pkg/${f} is missing: run \`make build\` first`);
  }
  if (!existsSync(join(SRC, 'manifest.json'))) throw new Error('www/extension/manifest.json is missing');

  rmSync(out, { recursive: true, force: true });
  mkdirSync(out, { recursive: true });
  cpSync(SRC, out, { recursive: true });
  for (const f of ['idtoken.js', 'idtoken_bg.wasm']) cpSync(join(PKG, f), join(out, f));
  writeFileSync(join(out, 'report.mjs'), rewriteReportModule(readFileSync(join(ROOT, 'www/app/report.mjs'), 'utf8')));
  cpSync(join(ROOT, 'www/style.css'), join(out, 'style.css'));
  mkdirSync(join(out, 'icons'), { recursive: true });
  for (const size of [16, 48, 128]) writeFileSync(join(out, `icons/icon-${size}.png`), drawIcon(size));

  const { version } = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
  const manifest = JSON.parse(readFileSync(join(out, 'manifest.json'), 'utf8'));
  if (!/^\d+(\.\d+){0,3}$/.test(version)) throw new Error(`pkg version ${version} is not a valid extension version (1-4 dot-separated integers)`);
  manifest.version = version;
  writeFileSync(join(out, 'manifest.json'), `${JSON.stringify(manifest, null, 2)}\n`);

  // Every file the manifest names must be in the folder.
  const named = [
    manifest.background?.service_worker,
    ...(manifest.background?.scripts ?? []),
    manifest.action?.default_popup,
    ...Object.values(manifest.icons ?? {}),
    ...Object.values(manifest.action?.default_icon ?? {}),
  ].filter(Boolean);
  for (const f of named) if (!existsSync(join(out, f))) throw new Error(`manifest.json names ${f}, which is not in the build`);

  const files = listFiles(out);
  let zipPath = null;
  if (zip) {
    zipPath = join(dirname(out), `idtoken-extension-${version}.zip`);
    writeFileSync(zipPath, zipDirectory(out));
  }
  return { out, version, files, zip: zipPath };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const args = parseArgs(process.argv.slice(2));
  let built;
  try {
    built = buildExtension(args);
  } catch (e) {
    fail(e.message);
  }
  const size = built.files.reduce((n, f) => n + statSync(join(built.out, f)).size, 0);
  console.log(`extension ${built.version}: ${built.files.length} files, ${(size / 1024).toFixed(0)} KiB in ${relative(process.cwd(), built.out) || '.'}`);
  if (built.zip) console.log(`zip: ${relative(process.cwd(), built.zip)}`);
  console.log(built.zip ? 'upload the zip to the Chrome Web Store or addons.mozilla.org, or load the folder unpacked' : 'load it unpacked: chrome://extensions, Developer mode, "Load unpacked"; in Firefox, about:debugging, This Firefox, "Load Temporary Add-on" (--zip makes an archive to publish)');
}
