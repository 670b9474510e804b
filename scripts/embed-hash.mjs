// Post-build step 4: the embed's JS glue and wasm get content-hashed names
// (article-widget-embed-<hash>.js, …_bg.wasm), so CDNs may cache them
// forever; embed.js, at a stable path, names them (embed-loader.mjs).
import { createHash } from 'node:crypto';
import { readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { embed, staging } from './staging.mjs';

const hash = createHash('sha256');
for (const name of [embed.glue, embed.wasm]) hash.update(readFileSync(join(staging, name)));
const digest = hash.digest('hex').slice(0, 16);
// The npm package's copy of the glue stays an ES module (pack.mjs), naming
// the hashed wasm so that a bundler finds the file it refers to.
const esGlue = readFileSync(join(staging, embed.glue), 'utf8');
writeFileSync(
  join(staging, `article-widget-embed-${digest}.mjs`),
  esGlue.replaceAll(embed.wasm, `article-widget-embed-${digest}_bg.wasm`),
);
renameSync(join(staging, embed.glue), join(staging, `article-widget-embed-${digest}.js`));
renameSync(join(staging, embed.wasm), join(staging, `article-widget-embed-${digest}_bg.wasm`));
