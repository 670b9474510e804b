// End-to-end: the app's windowed list while the list changes under it.
// "Load more" grows it page by page past the windowing threshold, and a
// fresh feed replaces a shorter stored copy; the reader scrolls top → end
// after each change and opens the last article. Any panic in the wasm shows
// as a page error ("unreachable").

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

import { startServer } from './server.mjs';
import { appStarted, launchChromium, newPage, windowSettled } from './browser.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = process.env.DIST_DIR ?? join(repo, 'dist');

const PAGE = 60;

const item = (id) => ({
  id,
  title: `档案 ${id}`,
  content_text: `${id} 的正文。`,
  date_published: '2024-01-24T19:41:00+08:00',
});
const feed = (ids, extra = {}) =>
  JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: '档案', items: ids.map(item), ...extra });
const range = (prefix, from, to) => Array.from({ length: to - from }, (_, i) => `${prefix}${from + i}`);

describe('the windowed list follows its list', () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer(dist);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** Serves the app under `base` (its own base and feed), as the 10,000-article test does. */
  async function appUnder(base) {
    const index = await readFile(join(dist, 'index.html'), 'utf8');
    const configured = index
      .replace('<base href="/" />', `<base href="${base}" />`)
      .replace(/(<meta name="article-widget:feed" content=")[^"]*"/, `$1${base}feed.json"`);
    assert.notEqual(configured, index, 'index.html names its base and feed');
    server.serve(base, 'text/html; charset=utf-8', configured);
  }

  async function scrollTo(page, fraction) {
    await page.evaluate((f) => window.scrollTo(0, (document.documentElement.scrollHeight - innerHeight) * f), fraction);
    await windowSettled(page);
  }

  /** The card across the middle of the viewport: its title and top. */
  const middleCard = (page) =>
    page.evaluate(() => {
      const card = [...document.querySelectorAll('.aw-card')].find((card) => {
        const rect = card.getBoundingClientRect();
        return rect.top <= innerHeight / 2 && rect.bottom > innerHeight / 2;
      });
      return { title: card?.querySelector('.aw-card__title')?.textContent, top: card?.getBoundingClientRect().top };
    });

  /** Scrolls from the top to the end of a list of `count` cards in steps, checking the page lives on. */
  async function scrollThrough(page, count) {
    for (const fraction of [0, 0.5, 1, 0.97, 1]) {
      await scrollTo(page, fraction);
      assert.deepEqual(page.uncaughtErrors, [], `no page error after scrolling to ${fraction} of ${count} cards`);
    }
    const last = page.locator('.aw-card').last();
    if (count > 100) assert.equal(await last.getAttribute('aria-setsize'), String(count));
    assert.equal(await last.getAttribute('aria-posinset'), count > 100 ? String(count) : null);
  }

  /** Opens the last card of the list and checks that its article shows. */
  async function openLast(page, id) {
    const link = page.locator('.aw-card__link').last();
    assert.equal(await link.textContent(), `档案 ${id}`);
    await link.click();
    await page.locator('h1.aw-article__title').waitFor();
    assert.equal(await page.locator('h1').textContent(), `档案 ${id}`);
    assert.ok((await page.locator('.aw-article__body').textContent()).includes(`${id} 的正文。`));
    assert.deepEqual(page.uncaughtErrors, []);
  }

  test('growing through four pages of 60 with "加载更多", scrolling top → end after each', async () => {
    const pages = 4;
    for (let n = 1; n <= pages; n++) {
      server.serve(
        n === 1 ? '/grow/feed.json' : `/grow/${n}.json`,
        'application/feed+json',
        feed(range('a', (n - 1) * PAGE, n * PAGE), n < pages ? { next_url: `/grow/${n + 1}.json` } : {}),
      );
    }
    await appUnder('/grow/');
    const page = await newPage(browser);
    await page.goto(server.url + '/grow/');
    await appStarted(page);
    await page.locator('.aw-card').first().waitFor();
    await scrollThrough(page, PAGE);
    for (let n = 2; n <= pages; n++) {
      await page.getByRole('button', { name: '加载更多' }).click();
      await page.locator(`.aw-card[aria-setsize="${n * PAGE}"]`).first().waitFor();
      await scrollThrough(page, n * PAGE);
    }
    assert.equal(await page.getByRole('button', { name: '加载更多' }).count(), 0, 'the last page has no next');
    await openLast(page, `a${pages * PAGE - 1}`);
    await page.context().close();
  });

  test('a stored copy of 120 replaced by a fresh feed of 300 with new articles on top', async () => {
    const stored = range('a', 0, 120);
    server.serve('/stored/feed.json', 'application/feed+json', feed(stored));
    await appUnder('/stored/');
    const page = await newPage(browser);
    // The first visit stores its feed.
    await page.goto(server.url + '/stored/');
    await appStarted(page);
    await page.locator('.aw-card[aria-setsize="120"]').first().waitFor();
    await scrollThrough(page, 120);

    // The next visit shows the stored copy while the fresh feed is held back.
    const fresh = [...range('new', 0, 30), ...stored, ...range('b', 0, 150)];
    server.serve('/stored/feed.json', 'application/feed+json', feed(fresh));
    server.hold('/stored/feed.json');
    let reading;
    try {
      const requested = server.count('/stored/feed.json');
      await page.reload();
      await appStarted(page);
      await page.locator('.aw-card[aria-setsize="120"]').first().waitFor();
      await server.until(() => server.count('/stored/feed.json') > requested);
      await scrollThrough(page, 120);
      await scrollTo(page, 0.5);
      reading = await middleCard(page);
      assert.match(reading.title ?? '', /^档案 a\d+$/);
    } finally {
      server.release('/stored/feed.json');
    }
    await page.locator('.aw-card[aria-setsize="300"]').first().waitFor();
    await windowSettled(page);
    // The 30 new articles arrived above: the reader still sees the card they
    // were reading, where it was.
    const after = await middleCard(page);
    assert.equal(after.title, reading.title);
    assert.ok(Math.abs(after.top - reading.top) <= 2, `${reading.title} moved from ${reading.top} to ${after.top}`);
    await scrollThrough(page, 300);
    await openLast(page, 'b149');
    // And a shorter fresh feed (150) replacing that stored copy (300) while
    // the reader is at its end.
    server.serve('/stored/feed.json', 'application/feed+json', feed(fresh.slice(0, 150)));
    server.hold('/stored/feed.json');
    try {
      const requested = server.count('/stored/feed.json');
      await page.goto(server.url + '/stored/');
      await appStarted(page);
      await page.locator('.aw-card[aria-setsize="300"]').first().waitFor();
      await server.until(() => server.count('/stored/feed.json') > requested);
      await scrollThrough(page, 300);
    } finally {
      server.release('/stored/feed.json');
    }
    await page.locator('.aw-card[aria-setsize="150"]').first().waitFor();
    assert.deepEqual(page.uncaughtErrors, []);
    await scrollThrough(page, 150);
    await openLast(page, fresh[149]);
    await page.context().close();
  });
});
