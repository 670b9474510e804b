// Post-build step 5: writes dist/embed.js, the stable, unhashed loader that
// partner pages include, from www/embed.js: this build's version, the
// embed's hashed file names (embed-hash.mjs), and the option names, whose
// one source is `options::NAMES` in src/options.rs. Minified in release
// builds.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { minify, only, release, source, staging } from './staging.mjs';

const glue = only(/^article-widget-embed-[0-9a-f]{16}\.js$/, 'embed JS glue');
const wasm = only(/^article-widget-embed-[0-9a-f]{16}_bg\.wasm$/, 'embed wasm module');
const version = readFileSync(join(source, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];

const optionsPath = join(source, 'src', 'options.rs');
const declared = readFileSync(optionsPath, 'utf8').match(/pub const NAMES: \[&str; (\d+)\] = \[([^\]]*)\];/);
const names = declared ? [...declared[2].matchAll(/"([a-z-]+)"/g)].map(([, name]) => name) : [];
if (!declared || names.length !== Number(declared[1])) {
  throw new Error(`${optionsPath}: could not read the option names from \`pub const NAMES\``);
}

const loaderPath = join(staging, 'embed.js');
writeFileSync(
  loaderPath,
  readFileSync(join(source, 'www', 'embed.js'), 'utf8')
    .replaceAll('__VERSION__', version)
    .replaceAll('__GLUE__', glue)
    .replaceAll('__WASM__', wasm)
    .replaceAll('__NAMES__', `[${names.map((name) => `'${name}'`).join(', ')}]`),
);
if (release) minify(loaderPath, { format: 'iife' });
console.log(`embed.js -> ${glue}, ${wasm}${release ? ' (minified)' : ''}`);
