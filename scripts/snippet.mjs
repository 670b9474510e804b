// Prints the pinned partner snippet of a build, with the Subresource
// Integrity of v/<version>/embed.js and embed.css from its integrity.json
// (scripts/embed-loader.mjs writes it). The build's last step prints it;
// run it on dist/ for a snippet with the real URL of your deploy:
//
//   node scripts/snippet.mjs dist --base https://cdn.example/article-widget/
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';

const { values, positionals } = parseArgs({ allowPositionals: true, options: { base: { type: 'string' } } });
const dist = positionals[0] ?? 'dist';
const base = new URL(values.base ?? 'https://cdn.example/article-widget/');
const { version, major, files } = JSON.parse(readFileSync(join(dist, 'integrity.json'), 'utf8'));
const url = (path) => new URL(path, base).href;
const css = `v/${version}/embed.css`;
const js = `v/${version}/embed.js`;
console.log(`article-widget ${version}: the pinned snippet (never changes; integrity.json has the hashes)
<link rel="stylesheet" href="${url(css)}" integrity="${files[css]}" crossorigin="anonymous">
<script async src="${url(js)}" integrity="${files[js]}" crossorigin="anonymous"></script>
Updates within ${major}.x: ${url(`v/${major}/embed.js`)} (no integrity); every update: ${url('embed.js')}`);
