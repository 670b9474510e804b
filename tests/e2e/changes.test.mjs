// End-to-end: a deploy that moves only what a publish changed. The README's
// commands, run as written: a first full rsync of the site, then after each
// publish the changes list (jq) fed to rsync with --delete-missing-args,
// against a local target folder. Only the listed files move; the target ends
// equal to the site; files a publish did not change keep their times there.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, readFile, rm, stat, unlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

const run = promisify(execFile);
const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = process.env.DIST_DIR ?? join(repo, 'dist');
const cli = process.env.ARTICLE_WIDGET_CLI ?? join(repo, 'target', 'debug', 'article-widget-publish');

/** Every file below `dir` (dot-files of the CLI's bookkeeping left out) with its bytes and mtime. */
async function tree(dir) {
  const files = new Map();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name.startsWith('.article-widget-')) continue;
    const path = join(entry.parentPath, entry.name);
    files.set(relative(dir, path), { bytes: await readFile(path), mtime: (await stat(path)).mtimeMs });
  }
  return files;
}

describe('deploying only what changed (the changes list + rsync)', () => {
  let root;
  let site;
  let content;
  let target;

  const publish = () => run(cli, ['build', content, '--out', site, '--site-url', 'https://news.example/']);
  // README, "Deploy": the incremental sync, word for word but for the folders.
  const sync = async () => {
    const { stdout } = await run('sh', [
      '-c',
      `jq -r '.added[], .changed[], .removed[]' "$1/.article-widget-changes.json" |
         rsync -a --delete-missing-args --files-from=- --stats "$1/" "$2/" || [ $? -eq 24 ]`,
      'sync',
      site,
      target,
    ]);
    return Number(stdout.match(/Number of regular files transferred: ([\d,]+)/)[1].replace(/,/g, ''));
  };
  const changes = async () => JSON.parse(await readFile(join(site, '.article-widget-changes.json'), 'utf8'));

  before(async () => {
    assert.ok(existsSync(cli), `${cli} is missing: cargo build --bin article-widget-publish`);
    root = await mkdtemp(join(tmpdir(), 'article-widget-deploy-'));
    site = join(root, 'site');
    content = join(root, 'content');
    target = join(root, 'target');
    await cp(dist, site, { recursive: true });
    await cp(join(repo, 'www', 'content'), content, { recursive: true });
    await publish();
    // The first deploy: everything but the CLI's bookkeeping.
    await run('rsync', ['-a', '--exclude', '.article-widget-*', `${site}/`, `${target}/`]);
  });

  after(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  test('an unchanged publish lists nothing and moves nothing', async () => {
    const before = await tree(target);
    await publish();
    assert.deepEqual(await changes(), { added: [], changed: [], removed: [] });
    assert.equal(await sync(), 0);
    assert.deepEqual(await tree(target), before);
  });

  test('one new article: only its files, the feed, the home page and the sitemap move', async () => {
    const before = await tree(target);
    await writeFile(
      join(content, 'breaking-news.md'),
      '---\ntitle: 突发新闻\ndate: 2024-01-25T08:00:00+08:00\nsource: 浦江新闻网\n---\n\n一条新消息。\n',
    );
    await publish();
    const listed = await changes();
    assert.deepEqual(listed.added, ['articles/breaking-news/index.html', 'items/breaking-news.json']);
    assert.ok(listed.changed.includes('feed.json') && listed.changed.includes('index.html'), JSON.stringify(listed));
    assert.deepEqual(listed.removed, []);
    assert.equal(await sync(), listed.added.length + listed.changed.length);

    const after = await tree(target);
    assert.deepEqual([...after.keys()].sort(), [...(await tree(site)).keys()].sort(), 'the target is the site');
    for (const [path, file] of after) {
      assert.ok(file.bytes.equals((await tree(site)).get(path).bytes), path);
      const moved = listed.added.includes(path) || listed.changed.includes(path);
      if (!moved) assert.equal(file.mtime, before.get(path).mtime, `${path} was not listed, so it did not move`);
    }
  });

  test('a removed article: its files go from the target too', async () => {
    await unlink(join(content, 'breaking-news.md'));
    await publish();
    const listed = await changes();
    assert.deepEqual(listed.removed, ['articles/breaking-news/index.html', 'items/breaking-news.json']);
    await sync();
    assert.ok(!existsSync(join(target, 'items', 'breaking-news.json')));
    assert.ok(!existsSync(join(target, 'articles', 'breaking-news', 'index.html')));
    assert.deepEqual([...(await tree(target)).keys()].sort(), [...(await tree(site)).keys()].sort());
  });
});
