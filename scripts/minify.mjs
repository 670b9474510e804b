// Post-build step 1 (release builds only): minifies the JS glue of both wasm
// modules and every stylesheet with esbuild. Trunk's own JS minifier cannot
// read wasm-bindgen's glue, and its HTML minifier drops the quotes our pages
// are parsed by. (The loader is minified when it is written: embed-loader.mjs.)
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

import { app, embed, minify, release, staging } from './staging.mjs';

if (release) {
  minify(join(staging, app.glue()), { format: 'esm' });
  for (const name of readdirSync(staging).filter((name) => name.endsWith('.css'))) {
    minify(join(staging, name), { loader: 'css' });
  }
  minify(join(staging, embed.glue), { format: 'esm' });
  minify(join(staging, 'configure.js')); // the configurator's script (a classic one)
}
