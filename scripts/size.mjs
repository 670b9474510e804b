// Prints what a browser downloads from `dist/`: raw, gzip and brotli sizes of
// each asset, and two totals: what a partner page loads for the embed
// (embed.js, embed.css that reserves its height, and the embed module's glue
// and wasm; the widget's own CSS is inside the wasm), and what the standalone app loads (its glue + wasm + CSS).
// Only the top of dist/ is read: the loaders in v/ are copies of embed.js
// (a pinned page loads one of them instead, the same size), and the glue is
// the classic `article-widget-embed-<hash>.js` that loaders load, not the
// npm package's `.mjs`.
// KB are 1,024 bytes.
//
// With `--budget KB`, exits 1 when the embed total's brotli size is over it.
// With `--json FILE`, also writes the numbers there.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const { values, positionals } = parseArgs({
  allowPositionals: true,
  options: { budget: { type: 'string' }, json: { type: 'string' } },
});
const dist = positionals[0] ?? 'dist';
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
export const brotli = (body) =>
  brotliCompressSync(body, {
    params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
  }).length;
const measure = (name) => {
  const body = readFileSync(join(dist, name));
  return { name, raw: body.length, gzip: gzipSync(body, { level: 9 }).length, brotli: brotli(body) };
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
const embed = rows.filter((r) => r.name === 'embed.js' || r.name === 'embed.css' || /^article-widget-embed-[0-9a-f]+(_bg\.wasm|\.js)$/.test(r.name));
const app = rows.filter((r) => /^article-widget-[0-9a-f]+(_bg\.wasm|\.js)$/.test(r.name) || (r.name.endsWith('.css') && r.name !== 'embed.css' && r.name !== 'configure.css'));
const totals = [sum('embed total (embed.js + embed.css + glue + wasm)', embed), sum('app total (glue + wasm + css)', app)];
for (const r of [...rows, ...totals]) {
  console.log(`${r.name.padEnd(48)} raw ${kb(r.raw).padStart(9)}   gzip ${kb(r.gzip).padStart(8)}   brotli ${kb(r.brotli).padStart(8)}`);
}
if (values.json) writeFileSync(values.json, JSON.stringify({ rows, embed: totals[0], app: totals[1] }, null, 2));
if (values.budget) {
  const budget = Number(values.budget) * 1024;
  const over = totals[0].brotli - budget;
  console.log(
    over > 0
      ? `embed: ${kb(totals[0].brotli)} brotli is ${kb(over)} over the budget of ${values.budget} KB`
      : `embed: ${kb(totals[0].brotli)} brotli, within the budget of ${values.budget} KB (${kb(-over)} to spare)`,
  );
  process.exitCode = over > 0 ? 1 : 0;
}
