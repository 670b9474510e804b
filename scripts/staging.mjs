// What every post-build step (scripts/post-build.sh) shares: the folder Trunk
// builds in, whether this is a release build, and the one file of a kind.
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { transformSync } from 'esbuild';

export const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('run me as a Trunk post_build hook (TRUNK_STAGING_DIR is not set)');
export const source = process.env.TRUNK_SOURCE_DIR ?? '.';
export const release = process.env.TRUNK_PROFILE === 'release';

/** The name of the one file in the staging folder that `pattern` matches. */
export function only(pattern, what) {
  const found = readdirSync(staging).filter((name) => pattern.test(name));
  if (found.length !== 1) throw new Error(`expected one ${what} in ${staging}, found ${found.join(', ') || 'none'}`);
  return found[0];
}

/** A Subresource Integrity value for the file at `path`. */
export const sri = (path) => `sha384-${createHash('sha384').update(readFileSync(path)).digest('base64')}`;

// The two wasm modules' files as Trunk names them: the app's carry Trunk's
// hash; the embed's (a Trunk "worker") are unhashed until embed-hash.mjs.
export const app = {
  glue: () => only(/^article-widget-[0-9a-f]+\.js$/, 'app JS glue'),
  wasm: () => only(/^article-widget-[0-9a-f]+_bg\.wasm$/, 'app wasm module'),
};
export const embed = { glue: 'article-widget-embed.js', wasm: 'article-widget-embed_bg.wasm' };

/** Minifies the file at `path` in place with esbuild. */
export function minify(path, options) {
  const { code } = transformSync(readFileSync(path, 'utf8'), { minify: true, target: 'es2020', ...options });
  writeFileSync(path, code);
}
