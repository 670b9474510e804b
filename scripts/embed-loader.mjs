// Post-build step 5: writes dist/embed.js, the stable, unhashed loader that
// partner pages include, from www/embed.js: this build's version, the
// embed's hashed file names (embed-hash.mjs), and the option names, whose
// one source is `options::NAMES` in src/options.rs. Minified in release
// builds.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { cargoVersion, namesLiteral, optionNames } from './facts.mjs';
import { minify, only, release, source, staging } from './staging.mjs';

const glue = only(/^article-widget-embed-[0-9a-f]{16}\.js$/, 'embed JS glue');
const wasm = only(/^article-widget-embed-[0-9a-f]{16}_bg\.wasm$/, 'embed wasm module');
const version = cargoVersion(source);
const names = optionNames(source);

const loaderPath = join(staging, 'embed.js');
writeFileSync(
  loaderPath,
  readFileSync(join(source, 'www', 'embed.js'), 'utf8')
    .replaceAll('__VERSION__', version)
    .replaceAll('__GLUE__', glue)
    .replaceAll('__WASM__', wasm)
    .replaceAll('__NAMES__', namesLiteral(names)),
);
if (release) minify(loaderPath, { format: 'iife' });
console.log(`embed.js -> ${glue}, ${wasm}${release ? ' (minified)' : ''}`);
