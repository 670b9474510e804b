// The npm package, from a release build (run after scripts/build-release.sh):
//
//   node scripts/pack.mjs [dist]   ->  target/npm/ and target/npm/article-widget-<version>.tgz
//
// target/npm/ gets the package's files: index.js (npm/index.js with the
// shared regions of www/embed.js, see there), the build's ES-module glue
// (article-widget-embed-<hash>.mjs, written by embed-hash.mjs) and wasm,
// embed.css, and npm/'s hand-written files, package.json with the version and
// license of Cargo.toml (the one source). Then `npm pack` there makes the
// tarball (nothing is published), and the sizes are printed: packed,
// unpacked, and what a bundle of `define()` adds to an app (esbuild, brotli).
import { execFileSync } from 'node:child_process';
import { copyFileSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants } from 'node:zlib';
import { build, transformSync } from 'esbuild';

import { cargoField, cargoVersion, namesLiteral, optionNames } from './facts.mjs';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const dist = resolve(process.argv[2] ?? join(repo, 'dist'));
const out = join(repo, 'target', 'npm');
const sources = join(repo, 'npm');

const version = cargoVersion(repo);
const built = readdirSync(dist);
const one = (pattern, what) => {
  const found = built.filter((name) => pattern.test(name));
  if (found.length !== 1) throw new Error(`expected one ${what} in ${dist}, found ${found.join(', ') || 'none'}`);
  return found[0];
};
const glue = one(/^article-widget-embed-[0-9a-f]{16}\.mjs$/, 'ES-module embed glue (scripts/embed-hash.mjs)');
const wasm = one(/^article-widget-embed-[0-9a-f]{16}_bg\.wasm$/, 'embed wasm module');
if (glue.slice(0, -'.mjs'.length) !== wasm.slice(0, -'_bg.wasm'.length)) throw new Error(`${glue} and ${wasm} differ`);

/** npm/index.js with www/embed.js's regions in place of its `//#include` lines. */
function entry(template, loader, values) {
  const regions = new Map(
    [...loader.matchAll(/^[ \t]*\/\/#region (\w+)\n([\s\S]*?)^[ \t]*\/\/#endregion$/gm)].map(([, name, body]) => [name, body]),
  );
  let text = template.replace(/^([ \t]*)\/\/#include (\w+)\n/gm, (_, indent, name) => {
    if (!regions.has(name)) throw new Error(`www/embed.js has no //#region ${name}`);
    // Re-indented to the //#include line's depth.
    const lines = regions.get(name).split('\n');
    const depth = Math.min(...lines.filter((line) => line.trim()).map((line) => line.match(/^ */)[0].length));
    return lines.map((line) => (line.trim() ? indent + line.slice(depth) : '')).join('\n');
  });
  for (const [placeholder, value] of Object.entries(values)) text = text.replaceAll(placeholder, value);
  const left = text.match(/__[A-Z]+__/);
  if (left) throw new Error(`index.js: ${left[0]} is not filled in`);
  transformSync(text, { format: 'esm', target: 'es2020' }); // throws on a syntax error
  return text;
}

rmSync(out, { recursive: true, force: true });
mkdirSync(out, { recursive: true });
const read = (path) => readFileSync(path, 'utf8');
writeFileSync(
  join(out, 'index.js'),
  entry(read(join(sources, 'index.js')), read(join(repo, 'www', 'embed.js')), {
    __VERSION__: version,
    __GLUE__: glue,
    __WASM__: wasm,
    __NAMES__: namesLiteral(optionNames(repo)),
  }),
);
for (const name of [glue, wasm, 'embed.css']) copyFileSync(join(dist, name), join(out, name));
for (const name of readdirSync(sources).filter((name) => name !== 'index.js' && name !== 'package.json')) {
  copyFileSync(join(sources, name), join(out, name));
}
const manifest = JSON.parse(read(join(sources, 'package.json')));
Object.assign(manifest, { version, license: cargoField(repo, 'license') });
manifest.files.push(glue, wasm);
writeFileSync(join(out, 'package.json'), JSON.stringify(manifest, null, 2) + '\n');

const [packed] = JSON.parse(
  execFileSync('npm', ['pack', '--json', '--ignore-scripts', '--loglevel=error'], { cwd: out, encoding: 'utf8' }),
);
const tarball = join(out, packed.filename);

// What an app's bundle gains: the entry and the glue (a chunk of its own,
// loaded by define()), minified, and the wasm, as a bundler copies it.
const bundle = await build({
  stdin: { contents: "import { define } from './index.js'; define();", resolveDir: out, loader: 'js' },
  bundle: true,
  splitting: true,
  format: 'esm',
  minify: true,
  target: 'es2020',
  outdir: join(out, '.bundle'),
  write: false,
  logLevel: 'error',
});
const brotli = (bytes) => brotliCompressSync(bytes, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }).length;
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const js = bundle.outputFiles.reduce((sum, file) => sum + brotli(file.contents), 0);
const wasmBytes = readFileSync(join(out, wasm));
const sizes = {
  tarball: packed.size,
  unpacked: packed.unpackedSize,
  files: packed.entryCount,
  bundleJsBrotli: js,
  wasm: wasmBytes.length,
  wasmBrotli: brotli(wasmBytes),
};
writeFileSync(join(out, 'sizes.json'), JSON.stringify(sizes, null, 2) + '\n');
console.log(`${tarball.slice(repo.length + 1)}: ${packed.entryCount} files, packed ${kb(packed.size)}, unpacked ${kb(packed.unpackedSize)}`);
console.log(
  `an app's bundle gains ${kb(js)} of JS (brotli, entry + glue) and the wasm, ${kb(wasmBytes.length)} (${kb(sizes.wasmBrotli)} brotli)`,
);
