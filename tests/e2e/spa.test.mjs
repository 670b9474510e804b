// End-to-end: the release build in dist/ (trunk build --release), served on
// 127.0.0.1, in Debian's Chromium.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

import { startServer } from './server.mjs';
import { appStarted, launchChromium, newPage, windowSettled } from './browser.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = process.env.DIST_DIR ?? join(repo, 'dist');
const screenshots = join(repo, 'target', 'screenshots');

const SEED_ID = 'shanghai-five-centres-2024-01-24';
const SEED_TITLE = '聚焦建设“五个中心”重要使命 陈吉宁与政协委员在专题会议上深入交流';
const FEED_PATH = '/feed.json';

describe('the SPA', () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer(dist);
    browser = await launchChromium();
    await mkdir(screenshots, { recursive: true });
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  async function open(path) {
    const page = await newPage(browser);
    await page.goto(server.url + path);
    await appStarted(page);
    return page;
  }

  async function done(page) {
    assert.deepEqual(page.uncaughtErrors, [], 'no uncaught errors on the page');
    await page.context().close();
  }

  test('the list shows the seed article first', async () => {
    const page = await open('/');
    const firstCard = page.locator('.aw-card__link').first();
    await firstCard.waitFor();
    assert.equal(await firstCard.textContent(), SEED_TITLE);
    assert.equal(await page.locator('h2.aw-list__heading').textContent(), '最新信息');
    assert.ok((await page.locator('.aw-card__link').count()) >= 13);
    assert.equal(await page.title(), '最新信息 · 浦江新闻网');
    await page.screenshot({ path: join(screenshots, 'list.png'), fullPage: true });
    await done(page);
  });

  test('a card opens the article, and back returns to the list', async () => {
    const page = await open('/');
    await page.locator('.aw-card__link').first().click();
    await page.locator('h1.aw-article__title').waitFor();
    assert.equal(new URL(page.url()).pathname, `/articles/${SEED_ID}`);
    assert.equal(await page.locator('h1').textContent(), SEED_TITLE);
    const paragraphs = await page.locator('.aw-article__body p').allTextContents();
    assert.equal(paragraphs.length, 8);
    assert.ok(paragraphs[0].startsWith('市委书记陈吉宁今天下午'), paragraphs[0]);
    assert.equal(await page.locator('.aw-article__source').textContent(), '文章来源:上观新闻');
    const time = page.locator('.aw-article__meta time');
    assert.equal(await time.textContent(), '2024-01-24 19:41');
    assert.equal(await time.getAttribute('datetime'), '2024-01-24T19:41:00+08:00');
    assert.match(await page.locator('.aw-article__disclaimer').textContent(), /^免责申明: 本站部分内容转载自国内知名媒体/);
    assert.equal(await page.title(), `${SEED_TITLE} · 浦江新闻网`);
    await page.screenshot({ path: join(screenshots, 'article.png'), fullPage: true });

    await page.goBack();
    await page.locator('.aw-card__link').first().waitFor();
    assert.equal(new URL(page.url()).pathname, '/');

    await page.goForward();
    await page.locator('h1.aw-article__title').waitFor();
    await page.locator('a.aw-back').click();
    await page.locator('.aw-card__link').first().waitFor();
    assert.equal(new URL(page.url()).pathname, '/');
    await done(page);
  });

  test('a deep link to an article survives a reload', async () => {
    const feedRequests = server.count(FEED_PATH);
    const page = await open(`/articles/${SEED_ID}`);
    await page.locator('h1.aw-article__title').waitFor();
    await page.reload();
    await page.locator('h1.aw-article__title').waitFor();
    assert.equal(await page.locator('h1').textContent(), SEED_TITLE);
    assert.match(await page.locator('.aw-article__body').textContent(), /^市委书记陈吉宁今天下午/);
    // One feed request per page load: the article view reuses the app's feed.
    assert.equal(server.count(FEED_PATH), feedRequests + 2);
    await done(page);
  });

  test('an unknown route shows the 404 page', async () => {
    const page = await open('/no/such/page');
    await page.locator('.aw-not-found h1').waitFor();
    assert.equal(await page.locator('.aw-not-found h1').textContent(), '页面不存在');
    // The site's name joins the title once the feed has arrived.
    await page.waitForFunction(() => document.title === '页面不存在 · 浦江新闻网');
    await page.locator('.aw-not-found a').click();
    await page.locator('.aw-card__link').first().waitFor();
    await done(page);
  });

  test('an unknown article says so', async () => {
    const page = await open('/articles/no-such-article');
    await page.locator('.aw-not-found h1').waitFor();
    assert.equal(await page.locator('.aw-not-found h1').textContent(), '找不到这篇文章');
    await done(page);
  });

  test('a feed answering 500 shows the error state, and retry recovers', async () => {
    server.fail(FEED_PATH, 500);
    try {
      const page = await open('/');
      const error = page.locator('.aw-error');
      await error.waitFor();
      assert.equal(
        await page.locator('.aw-error__message').textContent(),
        '服务器暂时出了问题(HTTP 500),请稍后重试。',
      );
      assert.equal(await page.locator('.aw-error__site').evaluate((link) => link.href), server.url + '/');
      await page.screenshot({ path: join(screenshots, 'error.png'), fullPage: true });

      server.heal(FEED_PATH);
      await page.getByRole('button', { name: '重试' }).click();
      await page.locator('.aw-card__link').first().waitFor();
      assert.equal(await page.locator('.aw-error').count(), 0);
      await done(page);
    } finally {
      server.heal(FEED_PATH);
    }
  });

  test('a feed that is not JSON Feed shows the error state', async () => {
    server.serve(FEED_PATH, 'text/html', '<!doctype html><p>维护中</p>');
    try {
      const page = await open('/');
      await page.locator('.aw-error').waitFor();
      assert.equal(await page.locator('.aw-error__message').textContent(), '信息源的内容不是有效的 JSON。');
      await done(page);
    } finally {
      server.heal(FEED_PATH);
    }
  });

  test('the wasm is served as application/wasm and the page renders on a phone', async () => {
    const page = await newPage(browser, { viewport: { width: 360, height: 740 } });
    const wasm = page.waitForResponse((response) => response.url().endsWith('.wasm'));
    await page.goto(server.url + '/');
    assert.equal((await wasm).headers()['content-type'], 'application/wasm');
    await page.locator('.aw-card__link').first().waitFor();
    const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok(overflow <= 0, `page is ${overflow}px wider than a 360px screen`);
    await page.screenshot({ path: join(screenshots, 'list-360.png'), fullPage: false });
    await done(page);
  });

  /** Serves the app at `path` reading its feed from `feedPath`, as a deployer would configure it. */
  async function appWithFeed(path, feedPath) {
    const index = await readFile(join(dist, 'index.html'), 'utf8');
    const configured = index.replace(/(<meta name="article-widget:feed" content=")[^"]*"/, `$1${feedPath}"`);
    assert.notEqual(configured, index, 'index.html names its feed');
    server.serve(path, 'text/html; charset=utf-8', configured);
  }

  const archiveItem = (i) => ({
    id: `a${i}`,
    title: `档案第 ${i} 篇`,
    content_text: `第 ${i} 篇的正文。`,
    date_published: '2024-01-24T19:41:00+08:00',
  });
  const archivePage = (from, to, extra) =>
    JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: '档案',
      items: Array.from({ length: to - from }, (_, i) => archiveItem(from + i)),
      ...extra,
    });

  test('a 10,000-article list renders a window of cards: under 800 DOM nodes anywhere, and keyboards and screen readers find their way', async () => {
    const sample = JSON.parse(await readFile(join(dist, 'feed.json'), 'utf8'));
    const items = Array.from({ length: 10000 }, (_, i) => {
      const { content_text, content_html, ...card } = sample.items[i % sample.items.length];
      return { ...card, id: `w${i}`, title: `第 ${i + 1} 篇 ${card.title}` };
    });
    server.serve('/window/feed.json', 'application/feed+json', JSON.stringify({ ...sample, items }));
    // The app under /window/ (its own base), so the other tests keep the sample at /.
    const index = await readFile(join(dist, 'index.html'), 'utf8');
    server.serve('/window/', 'text/html; charset=utf-8', index
      .replace('<base href="/" />', '<base href="/window/" />')
      .replace(/(<meta name="article-widget:feed" content=")[^"]*"/, '$1/window/feed.json"'));
    const page = await open('/window/');
    await page.locator('.aw-card').first().waitFor();
    const nodes = () => page.evaluate(() => {
      const count = (root) => [...root.querySelectorAll('*')].reduce((n, el) => n + 1 + (el.shadowRoot ? count(el.shadowRoot) : 0), 0);
      return count(document);
    });
    const scrollTo = async (fraction) => {
      await page.evaluate((f) => window.scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * f), fraction);
      await windowSettled(page);
    };
    const firstShown = async () => Number(await page.locator('.aw-card').first().getAttribute('aria-posinset'));
    assert.equal(await page.locator('.aw-card').first().getAttribute('aria-setsize'), '10000');
    assert.ok((await nodes()) <= 800, `${await nodes()} nodes at the top`);
    await scrollTo(0.5);
    assert.ok((await nodes()) <= 800, `${await nodes()} nodes in the middle`);
    assert.ok((await firstShown()) > 4000 && (await firstShown()) < 6000, `the middle shows card ${await firstShown()}`);
    await scrollTo(1);
    assert.ok((await nodes()) <= 800, `${await nodes()} nodes at the end`);
    assert.equal(await page.locator('.aw-card').last().getAttribute('aria-posinset'), '10000');
    assert.match(await page.locator('.aw-card__title').last().textContent(), /^第 10000 篇/);

    // Tab from the last card rendered reaches the next one, which the
    // window then renders around.
    await scrollTo(0.3);
    const at = Number(await page.locator('.aw-card').last().getAttribute('aria-posinset'));
    await page.locator(`.aw-card[aria-posinset="${at}"] .aw-card__link`).focus();
    await windowSettled(page);
    // Past the card's tag links (each a link to the tag's page), to the next card.
    const tagLinks = await page.locator(`.aw-card[aria-posinset="${at}"] a.aw-card__tag[href]`).count();
    for (let tab = 0; tab <= tagLinks; tab += 1) await page.keyboard.press('Tab');
    await windowSettled(page);
    const focused = await page.evaluate(() => document.activeElement.closest('.aw-card')?.getAttribute('aria-posinset'));
    assert.equal(Number(focused), at + 1, 'Tab goes on to the next card');
    // Opening a card far down and coming back puts focus on that card again.
    await page.keyboard.press('Enter');
    await page.locator('h1.aw-article__title').waitFor();
    await page.locator('a.aw-back').click();
    await page.waitForFunction((n) => document.activeElement.closest('.aw-card')?.getAttribute('aria-posinset') === String(n), at + 1);
    assert.ok((await nodes()) <= 800);
    await done(page);
  });

  test('a cold deep link into a 10,000-article feed costs two requests and under 50 KB', async () => {
    // The first of 500 pages of 20, and the one article's own document.
    server.serve('/archive/1.json', 'application/feed+json', archivePage(0, 20, {
      next_url: '/archive/2.json',
      _article: { item_url_template: '/archive/items/{id}.json' },
    }));
    server.serve('/archive/items/a9999.json', 'application/feed+json', archivePage(9999, 10000, {}));
    await appWithFeed('/articles/a9999', '/archive/1.json');
    const page = await newPage(browser);
    // Each archive response's body, asked for as the response arrives and
    // awaited before the sum: a handler still running cannot be missed.
    const bodies = [];
    page.on('response', (response) => {
      const path = new URL(response.url()).pathname;
      if (path.startsWith('/archive/')) bodies.push(response.body().then((body) => [path, body.length]));
    });
    const expected = ['/archive/1.json', '/archive/items/a9999.json'];
    const arrived = expected.map((path) => page.waitForResponse((response) => new URL(response.url()).pathname === path));
    await page.goto(server.url + '/articles/a9999');
    await appStarted(page);
    await page.locator('h1.aw-article__title').waitFor();
    assert.equal(await page.locator('h1').textContent(), '档案第 9999 篇');
    await Promise.all(arrived);
    assert.deepEqual(
      ['/archive/1.json', '/archive/2.json', '/archive/items/a9999.json'].map((path) => server.count(path)),
      [1, 0, 1],
    );
    const sizes = await Promise.all(bodies);
    assert.deepEqual(sizes.map(([path]) => path).sort(), expected, 'both responses were counted');
    for (const [path, bytes] of sizes) assert.ok(bytes > 0, `${path}: ${bytes} bytes`);
    const total = sizes.reduce((sum, [, bytes]) => sum + bytes, 0);
    assert.ok(total < 50 * 1024, `${total} bytes`);
    await done(page);
  });

  test('without per-item documents, a deep link reads on through the next pages', async () => {
    server.serve('/scan/1.json', 'application/feed+json', archivePage(0, 20, { next_url: '/scan/2.json' }));
    server.serve('/scan/2.json', 'application/feed+json', archivePage(20, 40, { next_url: '/scan/3.json' }));
    server.serve('/scan/3.json', 'application/feed+json', archivePage(40, 60, {}));
    await appWithFeed('/articles/a45', '/scan/1.json');
    await appWithFeed('/articles/a999', '/scan/1.json');
    const page = await open('/articles/a45');
    await page.locator('h1.aw-article__title').waitFor();
    assert.equal(await page.locator('h1').textContent(), '档案第 45 篇');
    await page.goto(server.url + '/articles/a999');
    await appStarted(page);
    await page.locator('.aw-not-found h1').waitFor();
    assert.deepEqual([1, 2, 3].map((n) => server.count(`/scan/${n}.json`)), [2, 2, 2]);
    await done(page);
  });
});
