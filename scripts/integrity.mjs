// Post-build step 3: the integrity hashes Trunk wrote into index.html
// (modulepreload, preload, stylesheet links) follow the contents of the files
// the earlier steps changed. Each tag's hash is recomputed from the file its
// href or src names.
import { readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';

import { sri, staging } from './staging.mjs';

const indexPath = join(staging, 'index.html');
const index = readFileSync(indexPath, 'utf8').replace(/<(?:link|script)\b[^>]*>/g, (tag) => {
  const integrity = tag.match(/\bintegrity="([^"]*)"/);
  if (!integrity) return tag;
  const url = tag.match(/\b(?:href|src)="([^"]*)"/);
  if (!url) throw new Error(`${indexPath}: no href or src in ${tag}`);
  return tag.replace(integrity[0], `integrity="${sri(join(staging, basename(url[1])))}"`);
});
writeFileSync(indexPath, index);
