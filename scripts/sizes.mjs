// Prints the raw, gzip (level 9) and brotli (quality 11) sizes of a file.
import { readFileSync } from 'node:fs';
import { gzipSync, brotliCompressSync, constants } from 'node:zlib';

const path = process.argv[2];
const raw = readFileSync(path);
const gz = gzipSync(raw, { level: 9 }).length;
const br = brotliCompressSync(raw, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kb = (n) => `${(n / 1024).toFixed(1)} KiB (${n} B)`;
console.log(`${path}: raw ${kb(raw.length)}, gzip ${kb(gz)}, brotli ${kb(br)}`);
