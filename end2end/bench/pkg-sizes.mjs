// `make bench`: the size of every WASM and JS file the build made, raw and compressed with brotli at quality
// 11 (as the server keeps its static files), and what an officer's report page loads before it works: the
// main WASM, its JS glue and the split loader. Usage: node bench/pkg-sizes.mjs SITE_PKG_DIR
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants } from 'node:zlib';

const dir = process.argv[2];
if (!dir) throw new Error('usage: node bench/pkg-sizes.mjs SITE_PKG_DIR');
const brotli = (bytes) => brotliCompressSync(bytes, {
  params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: bytes.length },
}).length;

const sizes = {};
console.log(`${'file'.padEnd(52)} ${'raw'.padStart(9)} ${'brotli'.padStart(9)}`);
for (const name of readdirSync(dir).filter((n) => /\.(wasm|js)$/.test(n)).sort()) {
  const bytes = readFileSync(join(dir, name));
  sizes[name] = { raw: bytes.length, brotli: brotli(bytes) };
  console.log(`${name.padEnd(52)} ${String(bytes.length).padStart(9)} ${String(sizes[name].brotli).padStart(9)}`);
}
const loader = Object.keys(sizes).find((n) => n.startsWith('__wasm_split'));
const first = ['lofte.wasm', 'lofte.js', loader].filter(Boolean);
const total = first.reduce((sum, n) => sum + (sizes[n]?.brotli ?? 0), 0);
console.log(`report page before it works (${first.join(' + ')}): ${total} B brotli (goal 150,000)`);
