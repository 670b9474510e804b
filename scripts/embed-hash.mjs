// Post-build step 4: the embed's JS glue and wasm get content-hashed names
// (article-widget-embed-<hash>.js, …_bg.wasm), so CDNs may cache them
// forever; embed.js, at a stable path, names them (embed-loader.mjs).
import { createHash } from 'node:crypto';
import { readFileSync, renameSync } from 'node:fs';
import { join } from 'node:path';

import { embed, staging } from './staging.mjs';

const hash = createHash('sha256');
for (const name of [embed.glue, embed.wasm]) hash.update(readFileSync(join(staging, name)));
const digest = hash.digest('hex').slice(0, 16);
renameSync(join(staging, embed.glue), join(staging, `article-widget-embed-${digest}.js`));
renameSync(join(staging, embed.wasm), join(staging, `article-widget-embed-${digest}_bg.wasm`));
