// Builds bench/.build/vanilla-widget.js: the hand-written renderer with
// www/widget.css inside it (so one script brings everything, as embed.js
// does for ours), minified with esbuild. Run by bench/run.mjs at the start of
// every run, so the baseline always carries the current stylesheet.
//
//   node bench/build-vanilla.mjs   # prints the path and size

import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const BENCH = dirname(fileURLToPath(import.meta.url));
const REPO = dirname(BENCH);
export const VANILLA_OUT = join(BENCH, '.build', 'vanilla-widget.js');

/** The repository's esbuild (package.json; scripts/setup.sh installs it), which minifies our glue too. */
function loadEsbuild() {
  return import(pathToFileURL(join(REPO, 'node_modules', 'esbuild', 'lib', 'main.js')).href);
}

/** `minify: false` (or BENCH_VANILLA_MINIFY=0) keeps names readable, for a profiler. */
export async function buildVanilla({ minify = process.env.BENCH_VANILLA_MINIFY !== '0' } = {}) {
  const esbuild = await loadEsbuild();
  const css = readFileSync(join(REPO, 'www', 'widget.css'), 'utf8');
  // The same rules, minified: a hand-written widget would ship them that way.
  const minifiedCss = (await esbuild.transform(css, { loader: 'css', minify: true })).code.trim();
  const source = readFileSync(join(BENCH, 'vanilla', 'widget.js'), 'utf8');
  const { code } = await esbuild.transform(source, {
    loader: 'js',
    minify,
    target: 'es2022',
    define: { WIDGET_CSS: JSON.stringify(minifiedCss) },
    legalComments: 'none',
    charset: 'utf8', // served as UTF-8; \uXXXX escapes would only cost bytes
  });
  mkdirSync(dirname(VANILLA_OUT), { recursive: true });
  writeFileSync(VANILLA_OUT, code);
  return { path: VANILLA_OUT, bytes: Buffer.byteLength(code), cssBytes: Buffer.byteLength(minifiedCss) };
}

if (import.meta.url === pathToFileURL(process.argv[1]).href) {
  const built = await buildVanilla();
  console.log(`${built.path}: ${built.bytes} bytes (CSS ${built.cssBytes} bytes)`);
}
