// Trunk post-build hook: writes dist/embed.js, the stable, unhashed loader
// partner pages include, from www/embed.js with the hashed names of this
// build's JS glue and wasm filled in.
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
const source = process.env.TRUNK_SOURCE_DIR ?? '.';
if (!staging) throw new Error('run me as a Trunk post_build hook (TRUNK_STAGING_DIR is not set)');

const files = readdirSync(staging);
const only = (pattern, what) => {
  const found = files.filter((name) => pattern.test(name));
  if (found.length !== 1) throw new Error(`expected one ${what} in ${staging}, found ${found.join(', ') || 'none'}`);
  return found[0];
};
const glue = only(/^article-widget-[0-9a-f]+\.js$/, 'JS glue');
const wasm = only(/^article-widget-[0-9a-f]+_bg\.wasm$/, 'wasm module');
const version = readFileSync(join(source, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];

const loader = readFileSync(join(source, 'www', 'embed.js'), 'utf8')
  .replaceAll('__VERSION__', version)
  .replaceAll('__GLUE__', glue)
  .replaceAll('__WASM__', wasm);
writeFileSync(join(staging, 'embed.js'), loader);
console.log(`embed.js -> ${glue}, ${wasm}`);
