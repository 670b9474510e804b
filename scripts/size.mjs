// Prints what a browser downloads from `dist/`: raw, gzip and brotli sizes of
// each asset, and two totals: what a partner page loads for the embed
// (embed.js + JS glue + wasm; the widget's CSS is inside the wasm), and what
// the standalone app loads (glue + wasm + its CSS).
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const measure = (name) => {
  const body = readFileSync(join(dist, name));
  return {
    name,
    raw: body.length,
    gzip: gzipSync(body, { level: 9 }).length,
    brotli: brotliCompressSync(body, {
      params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
    }).length,
  };
};
const sum = (name, rows) =>
  rows.reduce((total, r) => ({ ...total, raw: total.raw + r.raw, gzip: total.gzip + r.gzip, brotli: total.brotli + r.brotli }), {
    name,
    raw: 0,
    gzip: 0,
    brotli: 0,
  });

const rows = readdirSync(dist)
  .filter((name) => /\.(wasm|js|css)$/.test(name))
  .map(measure);
const glueAndWasm = rows.filter((r) => /^article-widget-[0-9a-f]+(_bg\.wasm|\.js)$/.test(r.name));
const totals = [
  sum('embed total (embed.js + glue + wasm)', [...glueAndWasm, ...rows.filter((r) => r.name === 'embed.js')]),
  sum('app total (glue + wasm + css)', [...glueAndWasm, ...rows.filter((r) => r.name.endsWith('.css'))]),
];
for (const r of [...rows, ...totals]) {
  console.log(`${r.name.padEnd(40)} raw ${kb(r.raw).padStart(9)}   gzip ${kb(r.gzip).padStart(8)}   brotli ${kb(r.brotli).padStart(8)}`);
}
