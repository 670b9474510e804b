// Post-build step 5: the embed as partner pages load it.
//
// 1. The embed's glue (article-widget-embed-<hash>.js) becomes a classic
//    script, so that a loader can load it with <script src integrity
//    crossorigin> and the browser refuses a changed copy: esbuild turns
//    wasm-bindgen's ES module into an IIFE that defines no global and hands
//    `init` and `mount` to the <script> element that ran it, in an
//    `article-widget:glue` event (www/embed.js listens for it).
// 2. The loaders, from www/embed.js: this build's version, the hashed file
//    names (embed-hash.mjs) with the Subresource Integrity of the glue and the
//    wasm, and the option names, whose one source is `options::NAMES` in
//    src/options.rs; minified in release builds. Three of them, the same but
//    for where they find the hashed files: embed.js at the root (short cache),
//    v/<version>/embed.js (immutable: partners pin it with `integrity`) and
//    v/<major>/embed.js (short cache); the two in v/ find the glue and wasm
//    at the root ('../../'), so one set of hashed files serves all three.
//    embed.css is copied beside each.
// 3. integrity.json: the sha384 of the immutable files, v/<version>/embed.js
//    and embed.css, for the pinned snippet (scripts/snippet.mjs prints it).
import { copyFileSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

import { cargoVersion, namesLiteral, optionNames } from './facts.mjs';
import { minify, only, release, source, sri, staging } from './staging.mjs';

const glue = only(/^article-widget-embed-[0-9a-f]{16}\.js$/, 'embed JS glue');
const wasm = only(/^article-widget-embed-[0-9a-f]{16}_bg\.wasm$/, 'embed wasm module');
const version = cargoVersion(source);
const major = version.split('.')[0];
const names = optionNames(source);

// 1. The classic glue. `import.meta.url` only names the wasm when init() is
// given none; the loader always gives it the fetched one.
const { outputFiles } = buildSync({
  stdin: {
    contents: [
      `import init, { mount } from './${glue}';`,
      'const script = document.currentScript;',
      "if (script) script.dispatchEvent(new CustomEvent('article-widget:glue', { detail: { init, mount } }));",
    ].join('\n'),
    resolveDir: staging,
    sourcefile: 'classic-glue.js',
  },
  absWorkingDir: staging,
  bundle: true,
  format: 'iife',
  target: 'es2020',
  minify: release,
  define: { 'import.meta.url': 'undefined' },
  write: false,
  logLevel: 'error',
});
writeFileSync(join(staging, glue), outputFiles[0].contents);

// 2. The loaders.
const template = readFileSync(join(source, 'www', 'embed.js'), 'utf8')
  .replaceAll('__VERSION__', version)
  .replaceAll('__GLUE__', glue)
  .replaceAll('__WASM__', wasm)
  .replaceAll('__GLUE_INTEGRITY__', sri(join(staging, glue)))
  .replaceAll('__WASM_INTEGRITY__', sri(join(staging, wasm)))
  .replaceAll('__NAMES__', namesLiteral(names));
for (const [folder, root] of [['', './'], [`v/${version}`, '../../'], [`v/${major}`, '../../']]) {
  mkdirSync(join(staging, folder), { recursive: true });
  const loaderPath = join(staging, folder, 'embed.js');
  writeFileSync(loaderPath, template.replaceAll('__ROOT__', root));
  if (release) minify(loaderPath, { format: 'iife' });
  if (folder) copyFileSync(join(staging, 'embed.css'), join(staging, folder, 'embed.css'));
}

// 3. integrity.json.
const files = {};
for (const name of ['embed.js', 'embed.css']) files[`v/${version}/${name}`] = sri(join(staging, 'v', version, name));
writeFileSync(join(staging, 'integrity.json'), JSON.stringify({ version, major, files }, null, 2) + '\n');
console.log(`embed.js, v/${version}/, v/${major}/ -> ${glue} (classic), ${wasm}${release ? ' (minified)' : ''}`);
