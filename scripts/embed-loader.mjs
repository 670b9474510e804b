// Trunk post-build hook: finishes the two wasm modules Trunk built.
//
// - The partner-page widget (`article-widget-embed`, built by Trunk as a
//   "worker" so that index.html does not load it) gets content-hashed names,
//   so CDNs may cache it forever, and dist/embed.js, the stable, unhashed
//   loader partner pages include, is written from www/embed.js with those
//   names filled in.
// - In release builds the JS glue of both modules, the loader and the CSS are
//   minified with esbuild (Trunk's own JS minifier cannot read wasm-bindgen's
//   glue, and its HTML minifier drops the quotes our pages are parsed by), the
//   wasm's imports get short names (scripts/wasm-imports.mjs), and
//   index.html's integrity hashes follow the new contents.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { transformSync } from 'esbuild';

import { shortenImports } from './wasm-imports.mjs';

const staging = process.env.TRUNK_STAGING_DIR;
const source = process.env.TRUNK_SOURCE_DIR ?? '.';
const release = process.env.TRUNK_PROFILE === 'release';
if (!staging) throw new Error('run me as a Trunk post_build hook (TRUNK_STAGING_DIR is not set)');

const files = readdirSync(staging);
const only = (pattern, what) => {
  const found = files.filter((name) => pattern.test(name));
  if (found.length !== 1) throw new Error(`expected one ${what} in ${staging}, found ${found.join(', ') || 'none'}`);
  return found[0];
};
const minify = (path, options) => {
  if (!release) return;
  const { code } = transformSync(readFileSync(path, 'utf8'), { minify: true, target: 'es2020', ...options });
  writeFileSync(path, code);
};
const sri = (path) => `sha384-${createHash('sha384').update(readFileSync(path)).digest('base64')}`;
const contentHash = (...paths) => {
  const hash = createHash('sha256');
  for (const path of paths) hash.update(readFileSync(path));
  return hash.digest('hex').slice(0, 16);
};

// The app's glue and CSS keep Trunk's names; their integrity hashes in
// index.html must follow their contents.
const indexPath = join(staging, 'index.html');
let index = readFileSync(indexPath, 'utf8');
const appGlue = only(/^article-widget-[0-9a-f]+\.js$/, 'app JS glue');
const appWasm = only(/^article-widget-[0-9a-f]+_bg\.wasm$/, 'app wasm module');
const before = new Map(files.map((name) => [name, /\.(js|css|wasm)$/.test(name) ? sri(join(staging, name)) : null]));
minify(join(staging, appGlue), { format: 'esm' });
for (const name of files.filter((name) => name.endsWith('.css'))) minify(join(staging, name), { loader: 'css' });
if (release) shortenImports(join(staging, appWasm), join(staging, appGlue), './article-widget_bg.js');
for (const [name, integrity] of before) if (integrity) index = index.replaceAll(integrity, sri(join(staging, name)));
writeFileSync(indexPath, index);

minify(join(staging, 'article-widget-embed.js'), { format: 'esm' });
if (release) {
  shortenImports(
    join(staging, 'article-widget-embed_bg.wasm'),
    join(staging, 'article-widget-embed.js'),
    './article-widget-embed_bg.js',
  );
}
const hash = contentHash(join(staging, 'article-widget-embed.js'), join(staging, 'article-widget-embed_bg.wasm'));
const glue = `article-widget-embed-${hash}.js`;
const wasm = `article-widget-embed-${hash}_bg.wasm`;
renameSync(join(staging, 'article-widget-embed.js'), join(staging, glue));
renameSync(join(staging, 'article-widget-embed_bg.wasm'), join(staging, wasm));

const version = readFileSync(join(source, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];
const loaderPath = join(staging, 'embed.js');
writeFileSync(
  loaderPath,
  readFileSync(join(source, 'www', 'embed.js'), 'utf8')
    .replaceAll('__VERSION__', version)
    .replaceAll('__GLUE__', glue)
    .replaceAll('__WASM__', wasm),
);
minify(loaderPath, { format: 'iife' });
console.log(`embed.js -> ${glue}, ${wasm}${release ? ' (minified)' : ''}`);
