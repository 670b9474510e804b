// Trunk post-build hook: writes one document per sample article,
// dist/sample/items/<id>.json (a JSON Feed holding just that item), which the
// sample feed's `_article.item_url_template` points at. A deep link then
// costs the feed's first page and one small document.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('run me as a Trunk post_build hook (TRUNK_STAGING_DIR is not set)');
const feed = JSON.parse(readFileSync(join(staging, 'sample', 'feed.json'), 'utf8'));
const dir = join(staging, 'sample', 'items');
mkdirSync(dir, { recursive: true });
const { items, ...envelope } = feed;
for (const item of items) {
  const document = { ...envelope, feed_url: `items/${encodeURIComponent(item.id)}.json`, items: [item] };
  writeFileSync(join(dir, `${encodeURIComponent(item.id)}.json`), JSON.stringify(document));
}
console.log(`sample/items: ${items.length} documents`);
