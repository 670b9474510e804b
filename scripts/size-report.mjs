// What the embed's wasm is made of, for when the size budget fails: the
// largest items (twiggy top, on the unoptimised wasm, which keeps names) and
// those that grew most against scripts/size-baseline.json, the record of
// the last accepted build. `--update` rewrites that record.
//
//   node scripts/size-report.mjs [--update]
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const wasm = join(repo, 'target', 'wasm32-unknown-unknown', 'release', 'article-widget-embed.wasm');
const baselinePath = join(repo, 'scripts', 'size-baseline.json');

const rows = JSON.parse(execFileSync('twiggy', ['top', '-n', '400', '-f', 'json', wasm], { encoding: 'utf8', maxBuffer: 64 << 20 }));
// Hashes in symbol names change from build to build; the name without them is the item.
const key = (name) => name.replace(/::h[0-9a-f]{16}$/, '').replace(/\[[0-9a-f]{16}\]/g, '');
const current = new Map();
for (const row of rows) {
  if (/^(custom section|"function names"|\.\.\. and)/.test(row.name)) continue;
  current.set(key(row.name), (current.get(key(row.name)) ?? 0) + row.shallow_size);
}
const top = [...current].sort((a, b) => b[1] - a[1]);

if (process.argv.includes('--update')) {
  writeFileSync(baselinePath, JSON.stringify(Object.fromEntries(top.slice(0, 300)), null, 1) + '\n');
  console.log(`wrote ${baselinePath}`);
  process.exit(0);
}

const short = (name) => (name.length > 110 ? `${name.slice(0, 107)}...` : name);
console.log('The embed wasm\'s largest items (bytes before wasm-opt, twiggy top):');
for (const [name, size] of top.slice(0, 15)) console.log(`${String(size).padStart(8)}  ${short(name)}`);
if (existsSync(baselinePath)) {
  const baseline = new Map(Object.entries(JSON.parse(readFileSync(baselinePath, 'utf8'))));
  // The record keeps the largest items only: an item smaller than all of
  // them may have been there, just below the cut.
  const floor = Math.min(...baseline.values());
  const grew = top
    .map(([name, size]) => [name, size - (baseline.get(name) ?? 0), baseline.has(name)])
    .filter(([name, delta, known]) => delta > 0 && (known || current.get(name) > floor))
    .sort((a, b) => b[1] - a[1]);
  console.log('\nWhat grew against scripts/size-baseline.json:');
  for (const [name, delta, known] of grew.slice(0, 15)) console.log(`${`+${delta}`.padStart(8)}  ${short(name)}${known ? '' : ' (new)'}`);
}
