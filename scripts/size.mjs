// Prints what a browser downloads for the app in `dist/`: raw, gzip and
// brotli sizes of the wasm, the JS glue and the CSS.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const dist = process.argv[2] ?? 'dist';
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const rows = readdirSync(dist)
  .filter((name) => /\.(wasm|js|css)$/.test(name))
  .map((name) => {
    const body = readFileSync(join(dist, name));
    return {
      name,
      raw: body.length,
      gzip: gzipSync(body, { level: 9 }).length,
      brotli: brotliCompressSync(body, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
      }).length,
    };
  });
const total = rows.reduce((sum, r) => ({ raw: sum.raw + r.raw, gzip: sum.gzip + r.gzip, brotli: sum.brotli + r.brotli }), {
  raw: 0,
  gzip: 0,
  brotli: 0,
});
for (const r of [...rows, { name: 'total', ...total }]) {
  console.log(`${r.name.padEnd(40)} raw ${kb(r.raw).padStart(9)}   gzip ${kb(r.gzip).padStart(8)}   brotli ${kb(r.brotli).padStart(8)}`);
}
