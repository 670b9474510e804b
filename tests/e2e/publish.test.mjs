// End-to-end: the site as a publisher deploys it. The release build (dist/)
// is copied, the publishing CLI writes the sample content into the copy with
// the address nginx serves it at, and Debian's nginx serves it with the
// repository's config (deploy/nginx/article-widget.conf): the app, deep links
// answered with prerendered pages, the same pages with JavaScript off, a real
// 404, the embed on another origin, a sub-path deploy (trunk build
// --public-url /news/, in target/dist-news), and hash routing on a host
// without rewrites.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { startNginx } from './nginx.mjs';
import { startServer } from './server.mjs';
import { appStarted, launchChromium, newPage } from './browser.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = process.env.DIST_DIR ?? join(repo, 'dist');
const distNews = process.env.DIST_NEWS_DIR ?? join(repo, 'target', 'dist-news');
const cli = process.env.ARTICLE_WIDGET_CLI ?? join(repo, 'target', 'debug', 'article-widget-publish');
const screenshots = join(repo, 'target', 'screenshots');

const SEED_ID = 'shanghai-five-centres-2024-01-24';
const SEED_TITLE = '聚焦建设“五个中心”重要使命 陈吉宁与政协委员在专题会议上深入交流';

/** A fresh copy of a build, to publish into. */
async function copyOf(from) {
  const site = await mkdtemp(join(tmpdir(), 'article-widget-site-'));
  await cp(from, site, { recursive: true });
  return site;
}

/** Publishes the sample content into `site` with the CLI, as a publisher would. */
async function publish(site, siteUrl, extra = []) {
  const args = ['build', join(repo, 'www', 'content'), '--out', site, ...(siteUrl ? ['--site-url', siteUrl] : []), ...extra];
  await promisify(execFile)(cli, args);
}

describe('a published site on nginx', () => {
  let nginx;
  let site;
  let browser;

  before(async () => {
    assert.ok(existsSync(cli), `${cli} is missing: cargo build --bin article-widget-publish`);
    await mkdir(screenshots, { recursive: true });
    // nginx first, for its port: the pages are written with the address they are served at.
    site = await copyOf(dist);
    nginx = await startNginx(site);
    await publish(site, `${nginx.url}/`);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await nginx?.close();
    if (site) await rm(site, { recursive: true, force: true });
  });

  test('a deep link is answered with the prerendered article, which the app takes over', async () => {
    const response = await fetch(`${nginx.url}/articles/${SEED_ID}`);
    assert.equal(response.status, 200);
    const html = await response.text();
    assert.ok(html.includes(`<h1 part="article-title" tabindex="-1" lang="zh-CN" dir="auto" class="aw-article__title">${SEED_TITLE}</h1>`));
    assert.ok(html.includes('"@type":"NewsArticle"'));

    const page = await newPage(browser);
    const requests = [];
    page.on('request', (request) => requests.push(new URL(request.url()).pathname));
    await page.goto(`${nginx.url}/articles/${SEED_ID}`);
    await appStarted(page);
    await page.locator('h1.aw-article__title').waitFor();
    assert.equal(await page.locator('h1.aw-article__title').textContent(), SEED_TITLE);
    assert.equal(await page.locator('#app').count(), 1, 'one app element after the take-over');
    assert.ok(requests.includes('/feed.json'), 'the app reads the published feed');
    await page.locator('a.aw-back').click();
    await page.locator('.aw-card__link').first().waitFor();
    assert.equal(new URL(page.url()).pathname, '/');
    assert.deepEqual(page.uncaughtErrors, []);
    await page.context().close();
  });

  test('with JavaScript off, the prerendered pages are the site: list, article, links between them', async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    await page.goto(`${nginx.url}/`);
    const cards = page.locator('.aw-card__link');
    assert.equal(await cards.count(), 15);
    assert.equal(await cards.first().textContent(), SEED_TITLE);
    assert.equal(await page.locator('noscript').isVisible(), false);
    await cards.first().click();
    await page.waitForURL(`${nginx.url}/articles/${SEED_ID}`);
    assert.equal(await page.locator('h1.aw-article__title').textContent(), SEED_TITLE);
    assert.equal(await page.locator('.aw-article__body p').count(), 8);
    assert.equal(await page.locator('.aw-article__source').textContent(), '文章来源:上观新闻');
    assert.match(await page.locator('.aw-article__disclaimer').textContent(), /^免责申明/);
    assert.equal(await page.title(), `${SEED_TITLE} · 浦江新闻网`);
    assert.ok(await page.locator('.aw-article__title').isVisible());
    await page.screenshot({ path: join(screenshots, 'prerendered-no-js.png'), fullPage: true });
    await page.context().close();
  });

  test('an unknown article is a real 404 with the site\'s page, and the app agrees', async () => {
    const response = await fetch(`${nginx.url}/articles/no-such-article`);
    assert.equal(response.status, 404);
    assert.ok((await response.text()).includes('<h1>页面不存在</h1>'));
    const page = await newPage(browser);
    await page.goto(`${nginx.url}/articles/no-such-article`);
    await appStarted(page);
    await page.locator('.aw-not-found h1').waitFor();
    assert.equal(await page.locator('.aw-not-found h1').textContent(), '找不到这篇文章');
    await page.context().close();
  });

  test('feeds, per-article documents and sitemaps carry the served address', async () => {
    const feed = await (await fetch(`${nginx.url}/feed.json`)).json();
    assert.equal(feed.feed_url, `${nginx.url}/feed.json`);
    assert.equal(feed.items[0].url, `${nginx.url}/articles/${SEED_ID}`);
    const own = await (await fetch(feed._article.item_url_template.replace('{id}', SEED_ID))).json();
    assert.equal(own.items[0].id, SEED_ID);
    const sitemap = await (await fetch(`${nginx.url}/sitemap.xml`)).text();
    assert.ok(sitemap.includes(`<loc>${nginx.url}/articles/${SEED_ID}</loc>`));
    // The articles, the home page, and one page per tag (tags are one when they differ only in case).
    const tags = new Set(feed.items.flatMap((item) => item.tags ?? []).map((tag) => tag.normalize('NFC').toLowerCase()));
    assert.equal((sitemap.match(/<url>/g) ?? []).length, 16 + tags.size);
    assert.equal((sitemap.match(/<loc>[^<]*\/tags\//g) ?? []).length, tags.size);
    assert.match(await (await fetch(`${nginx.url}/robots.txt`)).text(), new RegExp(`Sitemap: ${nginx.url}/sitemap.xml`));
  });

  test('a partner page on another origin embeds the widget from nginx', async () => {
    const partner = await startServer(null);
    try {
      partner.serve('/partner.html', 'text/html; charset=utf-8', `<!doctype html><meta charset="utf-8"><title>partner</title>
        <article-widget id="w" feed="${nginx.url}/feed.json" limit="3" loading="eager"><a href="${nginx.url}/">最新信息</a></article-widget>
        <script async src="${nginx.url}/embed.js"></script>`);
      const page = await newPage(browser);
      await page.goto(`${partner.url}/partner.html`);
      const cards = page.locator('#w .aw-card__link');
      await cards.first().waitFor();
      assert.equal(await cards.count(), 3);
      await cards.first().click();
      await page.locator('#w h1.aw-article__title').waitFor();
      assert.deepEqual(page.uncaughtErrors, []);
      await page.context().close();
    } finally {
      await partner.close();
    }
  });
});

describe('a sub-path deploy (trunk build --public-url /news/) on nginx', () => {
  let nginx;
  let browser;
  let root;

  before(async () => {
    assert.ok(existsSync(join(distNews, 'index.html')), `${distNews} is missing: trunk build --release --public-url /news/ --dist target/dist-news`);
    root = await copyOf(distNews);
    nginx = await startNginx(root, { publicPath: '/news/' });
    await publish(root, `${nginx.url}/news/`);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await nginx?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  test('the app, its deep links and its back links live under /news/', async () => {
    const page = await newPage(browser);
    await page.goto(`${nginx.url}/news/`);
    await appStarted(page);
    const first = page.locator('.aw-card__link').first();
    await first.waitFor();
    assert.equal(await first.getAttribute('href'), `/news/articles/${SEED_ID}`);
    await first.click();
    await page.locator('h1.aw-article__title').waitFor();
    assert.equal(new URL(page.url()).pathname, `/news/articles/${SEED_ID}`);
    await page.reload();
    await appStarted(page);
    await page.locator('h1.aw-article__title').waitFor();
    await page.locator('a.aw-back').click();
    await page.locator('.aw-card__link').first().waitFor();
    assert.equal(new URL(page.url()).pathname, '/news/');
    assert.equal((await fetch(`${nginx.url}/articles/${SEED_ID}`)).status, 404);
    assert.deepEqual(page.uncaughtErrors, []);
    await page.context().close();
  });

  test('the embed works from the sub-path too', async () => {
    const page = await newPage(browser);
    const partner = await startServer(null);
    try {
      partner.serve('/p.html', 'text/html; charset=utf-8', `<!doctype html><meta charset="utf-8"><title>p</title>
        <article-widget id="w" feed="${nginx.url}/news/feed.json" limit="2" loading="eager"></article-widget>
        <script async src="${nginx.url}/news/embed.js"></script>`);
      await page.goto(`${partner.url}/p.html`);
      await page.locator('#w .aw-card__link').first().waitFor();
      assert.equal(await page.locator('#w .aw-card__link').count(), 2);
    } finally {
      await page.context().close();
      await partner.close();
    }
  });
});

describe('hash routing on a host without rewrites', () => {
  let server;
  let browser;
  let site;

  before(async () => {
    site = await copyOf(dist);
    await publish(site, null, ['--routing', 'hash']);
    server = await startServer(site, { rewrites: false });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (site) await rm(site, { recursive: true, force: true });
  });

  test('in-app links are #/ links that survive a reload; pages that are files still work', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/`);
    await appStarted(page);
    const first = page.locator('.aw-card__link').first();
    await first.waitFor();
    assert.equal(await first.getAttribute('href'), `/#/articles/${SEED_ID}`);
    await first.click();
    await page.locator('h1.aw-article__title').waitFor();
    assert.equal(new URL(page.url()).hash, `#/articles/${SEED_ID}`);
    await page.reload();
    await appStarted(page);
    await page.locator('h1.aw-article__title').waitFor();
    await page.goBack();
    await page.locator('.aw-card__link').first().waitFor();
    // This host answers no path it has no file for.
    assert.equal((await fetch(`${server.url}/articles/no-such-article`)).status, 404);
    // A prerendered article is a file, so its path works as it is.
    await page.goto(`${server.url}/articles/${SEED_ID}/`);
    await appStarted(page);
    await page.locator('h1.aw-article__title').waitFor();
    assert.deepEqual(page.uncaughtErrors, []);
    await page.context().close();
  });
});

describe('what the CLI will not do to a publisher\'s files', () => {
  let root;

  before(async () => {
    assert.ok(existsSync(cli), `${cli} is missing: cargo build --bin article-widget-publish`);
    root = await mkdtemp(join(tmpdir(), 'article-widget-refuse-'));
  });

  after(async () => {
    if (root) await rm(root, { recursive: true, force: true });
  });

  /** A content folder with one article, and an output folder as Trunk leaves it. */
  async function fresh(name) {
    const content = join(root, name, 'content');
    const out = join(root, name, 'out');
    await mkdir(join(content, 'images'), { recursive: true });
    await mkdir(out, { recursive: true });
    await writeFile(join(content, 'site.yaml'), 'title: 测试站\n');
    await writeFile(join(content, 'a.md'), '---\ntitle: a\ndate: 2024-02-01T01:00:00+08:00\n---\n正文\n');
    await cp(join(repo, 'tests', 'fixtures', 'publish', 'shell.html'), join(out, 'index.html'));
    await writeFile(join(out, 'embed.js'), '/* the loader */');
    return { content, out };
  }

  /** Runs the CLI; resolves with its exit code and stderr. */
  function run(args) {
    return new Promise((resolve) => {
      execFile(cli, args, (error, _stdout, stderr) => resolve({ code: error ? error.code : 0, stderr }));
    });
  }

  test('a link out of the content folder is refused, and nothing is written', async () => {
    const { content, out } = await fresh('link');
    await writeFile(join(root, 'link', 'secret.txt'), 'the secret');
    await symlink(join(root, 'link', 'secret.txt'), join(content, 'images', 'leak.txt'));
    const { code, stderr } = await run(['build', content, '--out', out]);
    assert.equal(code, 1, stderr);
    assert.match(stderr, /images\/leak\.txt: a symbolic link to .*secret\.txt, outside the content folder/);
    assert.equal(existsSync(join(out, 'images')), false);
    assert.equal(existsSync(join(out, 'articles')), false);
  });

  test('an asset named like the loader is refused and the loader stays', async () => {
    const { content, out } = await fresh('clash');
    await writeFile(join(content, 'embed.js'), 'alert("not the loader")');
    const { code, stderr } = await run(['build', content, '--out', out]);
    assert.equal(code, 1, stderr);
    assert.match(stderr, /embed\.js: `embed\.js` is the widget's loader/);
    assert.equal(await readFile(join(out, 'embed.js'), 'utf8'), '/* the loader */');
  });

  test('a site built into its own folder is refused and its articles stay', async () => {
    const { content } = await fresh('self');
    await mkdir(join(content, 'articles'));
    await writeFile(join(content, 'articles', 'b.md'), '---\ntitle: b\ndate: 2024-02-01T01:00:00+08:00\n---\n正文\n');
    const shell = join(repo, 'tests', 'fixtures', 'publish', 'shell.html');
    const { code, stderr } = await run(['build', content, '--out', content, '--shell', shell]);
    assert.equal(code, 1, stderr);
    assert.match(stderr, /is the output folder/);
    assert.ok(existsSync(join(content, 'articles', 'b.md')));
  });
});
