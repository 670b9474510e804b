// End-to-end: the archive's list pages (archive/<n>/, the prerendered twin of
// feed/<n>.json). The sample content is published four articles a page into
// a copy of the release build and served by nginx with the repository's
// config: with JavaScript off a reader follows links from the home page
// through every archive page to every article; with it on, the app shows the
// /archive/<n> route from its feed page and moves between pages in place,
// and "加载更多" on the home page still goes back in time. Hash routing on a
// host without rewrites, a sub-path deploy, and axe on an archive page.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { cp, mkdir, mkdtemp, readFile, readdir, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { POLICIES, startNginx } from './nginx.mjs';
import { startServer } from './server.mjs';
import { appStarted, launchChromium, newPage } from './browser.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = process.env.DIST_DIR ?? join(repo, 'dist');
const distNews = process.env.DIST_NEWS_DIR ?? join(repo, 'target', 'dist-news');
const cli = process.env.ARTICLE_WIDGET_CLI ?? join(repo, 'target', 'debug', 'article-widget-publish');
const screenshots = join(repo, 'target', 'screenshots');
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const SITE_TITLE = '浦江新闻网';
// 15 sample articles, 4 a page: feed.json holds the 4 newest; feed/1.json
// to feed/3.json hold 4 each from the oldest on, feed/4.json the 3 newest.
const PAGE_ITEMS = '4';
const ARCHIVE_PAGES = 4;

/** A fresh copy of a build (dist/ by default). */
async function copyOfDist(from = dist) {
  const site = await mkdtemp(join(tmpdir(), 'article-widget-archive-'));
  await cp(from, site, { recursive: true });
  return site;
}

/** Publishes the sample content into `site`, 4 articles a page. */
async function publish(site, siteUrl, extra = []) {
  const args = ['build', join(repo, 'www', 'content'), '--out', site, '--page-items', PAGE_ITEMS, ...extra];
  await promisify(execFile)(cli, siteUrl ? [...args, '--site-url', siteUrl] : args);
}

/** The ids of a feed page the CLI wrote, in order. */
async function pageIds(site, name) {
  return JSON.parse(await readFile(join(site, name), 'utf8')).items.map((item) => item.id);
}

/** The article ids the cards on the page link to, in order. */
async function cardIds(page) {
  const hrefs = await page.locator('.aw-card__link').evaluateAll((links) => links.map((link) => link.getAttribute('href')));
  return hrefs.map((href) => decodeURIComponent(href.split('/').pop()));
}

/** Runs axe-core and fails on serious or critical violations. */
async function checkAxe(page, name) {
  await page.evaluate(axeSource);
  const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
  assert.deepEqual(
    blocking.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
    [],
    `axe on ${name}`,
  );
}

describe('archive list pages on nginx', () => {
  let nginx;
  let site;
  let browser;
  let everyId;

  before(async () => {
    assert.ok(existsSync(cli), `${cli} is missing: cargo build --bin article-widget-publish`);
    assert.ok(existsSync(join(dist, 'index.html')), `${dist} is missing: scripts/build-release.sh`);
    // nginx first, for its port: the pages are written with the address they are served at.
    site = await copyOfDist();
    nginx = await startNginx(site);
    await publish(site, `${nginx.url}/`);
    const names = (await readdir(join(site, 'feed'))).sort((a, b) => parseInt(b) - parseInt(a));
    assert.deepEqual(names, ['4.json', '3.json', '2.json', '1.json']);
    everyId = [];
    for (const name of names) everyId.push(...(await pageIds(site, `feed/${name}`)));
    assert.equal(everyId.length, 15);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await nginx?.close();
    if (site) await rm(site, { recursive: true, force: true });
  });

  test('with JavaScript off, links lead from the home page through every archive page to every article', async () => {
    const page = await newPage(browser, { javaScriptEnabled: false });
    await page.goto(`${nginx.url}/`);
    const reached = new Set(await cardIds(page));
    const visited = ['/'];
    // "更早的信息" until there is no older page.
    for (;;) {
      const older = page.locator('.aw-pager a[rel="next"]');
      if ((await older.count()) === 0) break;
      assert.equal(await older.textContent(), '更早的信息 →');
      await older.click();
      await page.waitForURL((url) => url.pathname !== visited.at(-1));
      const path = new URL(page.url()).pathname;
      visited.push(path);
      const n = Number(path.match(/^\/archive\/(\d+)$/)[1]);
      assert.equal(await page.title(), `最新信息 · 第 ${n} 页 · ${SITE_TITLE}`);
      assert.equal(await page.locator('h2.aw-list__heading').textContent(), `最新信息 · 第 ${n} 页`);
      assert.deepEqual(await cardIds(page), await pageIds(site, `feed/${n}.json`), `archive/${n} lists feed/${n}.json`);
      for (const id of await cardIds(page)) reached.add(id);
      assert.ok(visited.length < 10, 'the older links end');
    }
    // The home page goes on where feed.json's next_url does (page 3): page 4
    // holds only articles the home page shows.
    assert.deepEqual(visited, ['/', '/archive/3', '/archive/2', '/archive/1']);
    assert.deepEqual([...reached].sort(), [...everyId].sort(), 'every article is reached');

    // "较新的信息" from the oldest page climbs back to the home page.
    const climbed = [];
    for (;;) {
      const newer = page.locator('.aw-pager a[rel="prev"]');
      if ((await newer.count()) === 0) break;
      const from = page.url();
      await newer.click();
      await page.waitForURL((url) => url.href !== from);
      climbed.push(new URL(page.url()).pathname);
      assert.ok(climbed.length < 10, 'the newer links end');
    }
    assert.deepEqual(climbed, ['/archive/2', '/archive/3', '/archive/4', '/']);
    await page.goto(`${nginx.url}/archive/2`);
    await mkdir(screenshots, { recursive: true });
    await page.screenshot({ path: join(screenshots, 'archive-no-js.png'), fullPage: true });

    // An article from an archive page opens as its own page.
    await page.goto(`${nginx.url}/archive/1`);
    const oldest = everyId.at(-1);
    await page.locator(`.aw-card__link[href$="/${oldest}"]`).click();
    await page.waitForURL(`${nginx.url}/articles/${oldest}`);
    await page.locator('h1.aw-article__title').waitFor();
    await page.context().close();
  });

  test('archive pages are served as the app\'s pages, cached for a day with revalidation', async () => {
    for (const path of ['/archive/1', '/archive/4/']) {
      const response = await fetch(nginx.url + path);
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get('content-security-policy'), POLICIES.app, path);
      assert.equal(response.headers.get('cache-control'), 'public, max-age=86400, must-revalidate', path);
      const html = await response.text();
      assert.ok(html.includes(`<link rel="canonical" href="${nginx.url}${path.replace(/\/$/, '')}">`), path);
    }
    assert.equal((await fetch(`${nginx.url}/archive/5`)).status, 404);
    const sitemap = await (await fetch(`${nginx.url}/sitemap.xml`)).text();
    const locs = [...sitemap.matchAll(/<loc>([^<]+)<\/loc>/g)].map((m) => m[1]);
    assert.deepEqual(
      locs.filter((loc) => loc.includes('/archive/')),
      [1, 2, 3, 4].map((n) => `${nginx.url}/archive/${n}`),
      'oldest first',
    );
    // The articles, the archive's pages, the home page and each tag's page.
    const tags = locs.filter((loc) => loc.includes('/tags/'));
    assert.ok(tags.length > 0, 'tag pages');
    assert.equal(locs.length, 15 + ARCHIVE_PAGES + 1 + tags.length);
  });

  test('the app shows /archive/<n> from its feed page and moves between pages in place', async () => {
    const page = await newPage(browser);
    const requests = [];
    page.on('request', (request) => requests.push(new URL(request.url()).pathname));
    await page.goto(`${nginx.url}/archive/2`);
    await appStarted(page);
    await page.locator('.aw-card__link').first().waitFor();
    assert.equal(await page.locator('#app').count(), 1, 'one app element after the take-over');
    assert.ok(requests.includes('/feed/2.json'), 'the app reads the archive page\'s feed page');
    assert.deepEqual(await cardIds(page), await pageIds(site, 'feed/2.json'));
    assert.equal(await page.title(), `最新信息 · 第 2 页 · ${SITE_TITLE}`);
    assert.equal(await page.locator('.aw-pager a[rel="prev"]').getAttribute('href'), '/archive/3');
    assert.equal(await page.locator('.aw-pager a[rel="next"]').getAttribute('href'), '/archive/1');

    // In place: the page is not loaded again.
    await page.evaluate(() => (window.__samePage = true));
    await page.locator('.aw-pager a[rel="next"]').click();
    await page.waitForURL(`${nginx.url}/archive/1`);
    await page.locator('h2.aw-list__heading', { hasText: '第 1 页' }).waitFor();
    assert.deepEqual(await cardIds(page), await pageIds(site, 'feed/1.json'));
    assert.equal(await page.locator('.aw-pager a[rel="next"]').count(), 0, 'page 1 is the oldest');
    assert.equal(await page.evaluate(() => window.__samePage), true);

    // The newest archive page's "newer" link is the home page.
    await page.goto(`${nginx.url}/archive/3`);
    await appStarted(page);
    await page.locator('.aw-pager a[rel="prev"]').click();
    await page.waitForURL(`${nginx.url}/archive/4`);
    await page.locator('h2.aw-list__heading', { hasText: '第 4 页' }).waitFor();
    await page.locator('.aw-pager a[rel="prev"][href="/"]').waitFor();
    await page.goBack();
    await page.locator('h2.aw-list__heading', { hasText: '第 3 页' }).waitFor();

    // An article opened from an archive page comes from its own document.
    await page.locator('.aw-card__link').last().click();
    await page.locator('h1.aw-article__title').waitFor();
    assert.match(new URL(page.url()).pathname, /^\/articles\//);

    // A page the archive does not have is the app's not-found page.
    await page.goto(`${nginx.url}/archive/9`);
    await appStarted(page);
    await page.locator('.aw-not-found h1').waitFor();
    assert.deepEqual(page.uncaughtErrors, []);
    await page.context().close();
  });

  test('with JavaScript, "加载更多" on the home page still goes back in time through every article', async () => {
    const page = await newPage(browser);
    await page.goto(`${nginx.url}/`);
    await appStarted(page);
    await page.locator('.aw-card__link').first().waitFor();
    const more = page.locator('button[part="load-more"]');
    for (let pages = 0; (await more.count()) > 0; pages += 1) {
      assert.ok(pages < 10, 'the list ends');
      const before = await page.locator('.aw-card__link').count();
      await more.click();
      await page.waitForFunction((n) => document.querySelectorAll('.aw-card__link').length > n || !document.querySelector('button[part="load-more"]'), before);
    }
    assert.deepEqual(await cardIds(page), everyId, 'every article once, newest first');
    assert.deepEqual(page.uncaughtErrors, []);
    await page.context().close();
  });

  test('axe-core: no serious or critical violations on an archive page, prerendered and in the app', async () => {
    // The prerendered page as it is before the app runs: its scripts are
    // not loaded (axe needs JavaScript on).
    const plain = await newPage(browser);
    await plain.route(/\.js$/, (route) => route.abort());
    await plain.goto(`${nginx.url}/archive/2`);
    await plain.locator('#app[data-prerendered] .aw-pager').waitFor();
    await checkAxe(plain, 'prerendered archive page');
    await plain.context().close();
    const page = await newPage(browser);
    await page.goto(`${nginx.url}/archive/2`);
    await appStarted(page);
    await page.locator('.aw-card__link').first().waitFor();
    await checkAxe(page, 'SPA archive page');
    await page.context().close();
  });
});

describe('archive pages with hash routing on a host without rewrites', () => {
  let server;
  let site;
  let browser;

  before(async () => {
    site = await copyOfDist();
    await publish(site, null, ['--routing', 'hash']);
    server = await startServer(site, { rewrites: false });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
    if (site) await rm(site, { recursive: true, force: true });
  });

  test('#/archive/<n> shows the page; the prerendered file works as it is', async () => {
    const page = await newPage(browser);
    await page.goto(`${server.url}/#/archive/2`);
    await appStarted(page);
    await page.locator('h2.aw-list__heading', { hasText: '第 2 页' }).waitFor();
    assert.deepEqual(await cardIds(page), await pageIds(site, 'feed/2.json'));
    const older = page.locator('.aw-pager a[rel="next"]');
    assert.equal(await older.getAttribute('href'), '/#/archive/1');
    await older.click();
    await page.locator('h2.aw-list__heading', { hasText: '第 1 页' }).waitFor();
    assert.equal(new URL(page.url()).hash, '#/archive/1');
    await page.reload();
    await appStarted(page);
    await page.locator('h2.aw-list__heading', { hasText: '第 1 页' }).waitFor();

    await page.goto(`${server.url}/archive/3/`);
    await appStarted(page);
    await page.locator('h2.aw-list__heading', { hasText: '第 3 页' }).waitFor();
    assert.deepEqual(await cardIds(page), await pageIds(site, 'feed/3.json'));
    assert.equal(await page.locator('.aw-pager a[rel="next"]').getAttribute('href'), '/#/archive/2');
    assert.deepEqual(page.uncaughtErrors, []);
    await page.context().close();
  });
});

describe('archive pages in a sub-path deploy (trunk build --public-url /news/) on nginx', () => {
  let nginx;
  let site;
  let browser;

  before(async () => {
    assert.ok(existsSync(join(distNews, 'index.html')), `${distNews} is missing: scripts/build-release.sh --public-url /news/ --dist target/dist-news`);
    site = await copyOfDist(distNews);
    nginx = await startNginx(site, { publicPath: '/news/' });
    await publish(site, `${nginx.url}/news/`);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await nginx?.close();
    if (site) await rm(site, { recursive: true, force: true });
  });

  test('the links and the app\'s route live under /news/', async () => {
    const plain = await newPage(browser, { javaScriptEnabled: false });
    await plain.goto(`${nginx.url}/news/`);
    await plain.locator('.aw-pager a[rel="next"]').click();
    await plain.waitForURL(`${nginx.url}/news/archive/3`);
    assert.deepEqual(await cardIds(plain), await pageIds(site, 'feed/3.json'));
    await plain.context().close();

    const page = await newPage(browser);
    await page.goto(`${nginx.url}/news/archive/2`);
    await appStarted(page);
    await page.locator('h2.aw-list__heading', { hasText: '第 2 页' }).waitFor();
    assert.deepEqual(await cardIds(page), await pageIds(site, 'feed/2.json'));
    const older = page.locator('.aw-pager a[rel="next"]');
    assert.equal(await older.getAttribute('href'), '/news/archive/1');
    await older.click();
    await page.waitForURL(`${nginx.url}/news/archive/1`);
    await page.locator('h2.aw-list__heading', { hasText: '第 1 页' }).waitFor();
    assert.deepEqual(await cardIds(page), await pageIds(site, 'feed/1.json'));
    assert.deepEqual(page.uncaughtErrors, []);
    await page.context().close();
  });
});
