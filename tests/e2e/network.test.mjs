// End-to-end: network faults against the release build. Real HTTP answers
// from a local server (errors, Retry-After, dropped connections, answers that
// never come, oversized bodies) and an offline browser, checking request
// counts, backoff, the final state, and that nothing is fetched after destroy.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

import { startServer } from './server.mjs';
import { launchChromium, newPage } from './browser.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = process.env.DIST_DIR ?? join(repo, 'dist');

describe('network faults', () => {
  let server;
  let browser;
  let feed;
  let n = 0;

  before(async () => {
    server = await startServer(dist);
    browser = await launchChromium();
    feed = await readFile(join(dist, 'feed.json'), 'utf8');
    server.serve('/net.html', 'text/html', '<!doctype html><meta charset="utf-8"><title>net</title><script async src="/embed.js"></script>');
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A fresh feed path serving the sample feed, and a page ready to mount widgets. */
  async function setUp() {
    const path = `/net/${++n}/feed.json`;
    server.serve(path, 'application/feed+json', feed);
    const page = await newPage(browser);
    await page.goto(server.url + '/net.html');
    await page.waitForFunction(() => window.ArticleWidget);
    return { path, page };
  }

  /** Mounts a widget; resolves with its final state from its own events. */
  function mount(page, id, options) {
    return page.evaluate(
      ({ id, options }) =>
        new Promise((resolve) => {
          const element = document.createElement('div');
          element.id = id;
          document.body.append(element);
          element.addEventListener('articlewidget:ready', (e) => resolve({ type: 'ready', ...e.detail }), { once: true });
          element.addEventListener('articlewidget:error', (e) => resolve({ type: 'error', ...e.detail }), { once: true });
          window.ArticleWidget.mount(element, { loading: 'eager', lang: 'en', ...options }).then((h) => (window[`__${id}`] = h));
        }),
      { id, options },
    );
  }

  const gaps = (times) => times.slice(1).map((t, i) => t - times[i]);

  test('404: one request, no retry, the error state', async () => {
    const { path, page } = await setUp();
    server.fail(path, 404);
    const state = await mount(page, 'w', { feed: path });
    assert.equal(state.kind, 'http');
    assert.equal(server.count(path), 1);
    assert.equal(await page.locator('#w .aw-error__message').textContent(), 'The feed does not exist (HTTP 404).');
    await page.context().close();
  });

  test('500: three retries with growing waits, then the error state', async () => {
    const { path, page } = await setUp();
    server.fail(path, 500);
    const state = await mount(page, 'w', { feed: path });
    assert.deepEqual([state.type, state.kind], ['error', 'http']);
    assert.equal(server.count(path), 4);
    const waits = gaps(server.times(path));
    assert.ok(waits[0] >= 200, `first wait ${waits[0]} ms`);
    assert.ok(waits[0] <= waits[1] && waits[1] <= waits[2], `waits ${waits.map(Math.round)} ms`);
    await page.locator('#w .aw-button').click();
    server.heal(path);
    await page.locator('#w .aw-card__link').first().waitFor();
    await page.context().close();
  });

  test('503 with Retry-After: 1 waits a second, then succeeds', async () => {
    const { path, page } = await setUp();
    server.failNext(path, 503, 1, { 'retry-after': '1' });
    const state = await mount(page, 'w', { feed: path });
    assert.equal(state.type, 'ready');
    assert.equal(server.count(path), 2);
    assert.ok(gaps(server.times(path))[0] >= 950, `waited ${gaps(server.times(path))[0]} ms`);
    await page.context().close();
  });

  test('a dropped connection is retried', async () => {
    const { path, page } = await setUp();
    server.reset(path, 1);
    const state = await mount(page, 'w', { feed: path });
    assert.equal(state.type, 'ready');
    assert.equal(server.count(path), 2);
    await page.context().close();
  });

  test('an answer that never comes times out, four times, then the error state', async () => {
    const { path, page } = await setUp();
    server.hold(path);
    try {
      const state = await mount(page, 'w', { feed: path, timeout: '1' });
      assert.deepEqual([state.type, state.kind], ['error', 'timeout']);
      assert.equal(server.count(path), 4);
      await server.until(() => server.abortedCount(path) === 4);
      assert.equal(await page.locator('#w .aw-error__message').textContent(), 'The feed took too long to answer. Try again later.');
    } finally {
      server.release(path);
    }
    await page.context().close();
  });

  test('a body over the 5 MB cap is refused once, not retried', async () => {
    const { path, page } = await setUp();
    server.serve(path, 'application/feed+json', ' '.repeat(5 * 1024 * 1024 + 1) + feed);
    const state = await mount(page, 'w', { feed: path });
    assert.deepEqual([state.type, state.kind], ['error', 'too_large']);
    assert.equal(server.count(path), 1);
    await page.context().close();
  });

  test('an endless chunked body without Content-Length is given up at the 5 MB cap; the page lives on', async () => {
    const { path, page } = await setUp();
    const maxBytes = 64 * 1024 * 1024;
    const body = server.endless(path, { maxBytes });
    try {
      const state = await mount(page, 'w', { feed: path });
      assert.deepEqual([state.type, state.kind], ['error', 'too_large']);
      assert.equal(await page.locator('#w .aw-error__message').textContent(), 'The feed is too large (over 5 MB).');
      await body.done;
      assert.ok(body.closedEarly, `the widget read to the end (${body.sent} bytes) instead of closing the connection`);
      assert.ok(body.sent < maxBytes);
      assert.equal(server.count(path), 1, 'not retried');
      // Still alive: another widget on the same page renders.
      const other = `/net/${++n}/feed.json`;
      server.serve(other, 'application/feed+json', feed);
      assert.equal((await mount(page, 'alive', { feed: other })).type, 'ready');
      assert.deepEqual(page.uncaughtErrors, []);
    } finally {
      server.heal(path);
    }
    await page.context().close();
  });

  /** The widget's keys in the page's localStorage, and the UTF-16 units they and their values take. */
  const stored = (page) =>
    page.evaluate(() => {
      const keys = Object.keys(localStorage).filter((key) => key.startsWith('article-widget'));
      const units = keys.reduce((sum, key) => sum + key.length + localStorage.getItem(key).length, 0);
      return { keys, units };
    });

  test('storage="none": nothing is written to localStorage', async () => {
    const { path, page } = await setUp();
    assert.equal((await mount(page, 'private', { feed: path, storage: 'none' })).type, 'ready');
    assert.deepEqual((await stored(page)).keys, []);
    // From JavaScript, false and null refuse storage too, and so does any
    // value but "local" (a consent tool writing "off", say).
    for (const [i, storage] of [false, null, 'off'].entries()) {
      assert.equal((await mount(page, `refused${i}`, { feed: path, storage })).type, 'ready');
      assert.deepEqual((await stored(page)).keys, [], `storage: ${storage}`);
    }
    // The same feed with storage on is stored: the check above can see a copy.
    assert.equal((await mount(page, 'stored', { feed: path })).type, 'ready');
    assert.ok((await stored(page)).keys.some((key) => key.endsWith(path)));
    await page.context().close();
  });

  test("a sparse show array is read by its own elements, not the page's Array.prototype", async () => {
    const { path, page } = await setUp();
    const state = await page.evaluate(
      (feed) =>
        new Promise((resolve) => {
          Array.prototype[1] = 'image';
          const show = ['summary'];
          show.length = 3; // holes at 1 and 2
          const element = document.createElement('div');
          element.id = 'w';
          document.body.append(element);
          element.addEventListener('articlewidget:ready', () => resolve('ready'), { once: true });
          element.addEventListener('articlewidget:error', () => resolve('error'), { once: true });
          window.ArticleWidget.mount(element, { feed, show, loading: 'eager' }).finally(() => delete Array.prototype[1]);
        }),
      path,
    );
    assert.equal(state, 'ready');
    assert.ok((await page.locator('#w .aw-card__summary').count()) > 0, 'summaries are shown');
    assert.equal(await page.locator('#w .aw-card__thumb').count(), 0, 'no images: "image" was only inherited');
    await page.context().close();
  });

  test('a full localStorage quota: the widget renders, nothing is thrown, the host keeps its data', async () => {
    const { path, page } = await setUp();
    const hostKeys = await page.evaluate(() => {
      let size = 1 << 20;
      let i = 0;
      while (size >= 1) {
        try {
          localStorage.setItem(`host:${i++}`, 'x'.repeat(size));
        } catch {
          size = Math.floor(size / 2);
        }
      }
      return localStorage.length;
    });
    const state = await mount(page, 'w', { feed: path });
    assert.equal(state.type, 'ready');
    assert.ok(await page.locator('#w .aw-card__link').first().isVisible());
    assert.deepEqual(page.uncaughtErrors, []);
    assert.equal(await page.evaluate(() => Object.keys(localStorage).filter((key) => key.startsWith('host:')).length), hostKeys);
    await page.context().close();
  });

  test('many stored feeds take at most 1 MiB of localStorage in all, the oldest evicted', async () => {
    const { page } = await setUp();
    const big = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Big',
      items: [{ id: 'big', title: 'Big', content_text: 'x'.repeat(200 * 1024) }],
    });
    // The copies an earlier version stored of other feeds, and a copy the
    // index does not list (its entry lost to another tab, say): all go at
    // the first write, not just the copy of the feed written.
    await page.evaluate((urls) => {
      localStorage.setItem('article-widget:v1:index', JSON.stringify(urls));
      for (const url of urls) localStorage.setItem(`article-widget:v1:${url}`, 'x'.repeat(300 * 1024));
      localStorage.setItem(`article-widget:v2:${urls[0]}`, 'x'.repeat(300 * 1024));
      localStorage.setItem('host:keep', 'the host\'s own');
    }, [1, 2, 3, 4].map((i) => `${server.url}/net/old-${i}/feed.json`));
    const paths = [];
    for (let i = 0; i < 12; i++) {
      const path = `/net/${++n}/big.json`;
      server.serve(path, 'application/feed+json', big);
      paths.push(path);
      assert.equal((await mount(page, `big${i}`, { feed: path })).type, 'ready');
      if (i === 0) {
        const { keys } = await stored(page);
        assert.deepEqual(keys.filter((key) => key.startsWith('article-widget:v1:')), [], 'every old copy is gone after one write');
        assert.deepEqual(keys.filter((key) => key.includes('/net/old-')), [], 'the unlisted copy is gone');
      }
    }
    assert.equal(await page.evaluate(() => localStorage.getItem('host:keep')), "the host's own");
    const { keys, units } = await stored(page);
    assert.ok(units <= 512 * 1024, `${units} UTF-16 units stored`);
    assert.ok(keys.some((key) => key.endsWith(paths.at(-1))), 'the newest copy is kept');
    assert.ok(!keys.some((key) => key.endsWith(paths[0])), 'the oldest copy is evicted');
    assert.ok(!keys.some((key) => key.startsWith('article-widget:v1:')), 'the old version\'s copies are gone');
    await page.context().close();
  });

  test('a stored copy of a redirected feed is restored as fetched: links resolve against where it came from', async () => {
    const { page } = await setUp();
    const moved = `/net/${++n}/moved.json`;
    const target = `/net/${n}/elsewhere/feed.json`;
    server.fail(moved, 302, { location: target });
    server.serve(target, 'application/feed+json', JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Moved',
      items: [{ id: 'm', title: 'Moved', image: 'thumb.svg', content_text: 'x' }],
    }));
    const thumb = (id) => page.locator(`#${id} .aw-card__thumb`).first().getAttribute('src');
    assert.equal((await mount(page, 'fresh', { feed: moved })).type, 'ready');
    assert.equal(await thumb('fresh'), `${server.url}/net/${n}/elsewhere/thumb.svg`);
    server.hold(target);
    try {
      const asked = server.until(() => server.count(target) === 2);
      assert.equal((await mount(page, 'restored', { feed: moved })).type, 'ready');
      await asked; // the fresh answer is held: what shows is the stored copy
      assert.equal(await thumb('restored'), `${server.url}/net/${n}/elsewhere/thumb.svg`);
    } finally {
      server.release(target);
      server.heal(moved);
    }
    await page.context().close();
  });

  test('offline: retried, then the error state; back online, retry recovers', async () => {
    const { path, page } = await setUp();
    // Load the module while online (as a page that was open when the connection
    // dropped), from another feed: this one has no stored copy.
    const other = `/net/${++n}/feed.json`;
    server.serve(other, 'application/feed+json', feed);
    assert.equal((await mount(page, 'online', { feed: other })).type, 'ready');
    const before = server.count(path);
    await page.context().setOffline(true);
    const state = await mount(page, 'w', { feed: path });
    assert.deepEqual([state.type, state.kind], ['error', 'network']);
    assert.equal(server.count(path), before);
    await page.context().setOffline(false);
    await page.locator('#w .aw-button').click();
    await page.locator('#w .aw-card__link').first().waitFor();
    await page.context().close();
  });

  test('destroy() during a backoff wait: no request follows', async () => {
    const { path, page } = await setUp();
    const control = `/net/${++n}/feed.json`;
    server.fail(path, 500);
    server.fail(control, 500);
    const first = server.until(() => server.count(path) === 1);
    const mounted = page.evaluate((feed) => {
      const element = document.createElement('div');
      document.body.append(element);
      return window.ArticleWidget.mount(element, { feed, loading: 'eager' }).then((h) => {
        window.__doomed = h;
      });
    }, path);
    await Promise.all([first, mounted]);
    await page.evaluate(() => window.__doomed.destroy());
    // A control widget failing the same way makes its third request only after
    // more time than the destroyed widget's first wait can last.
    const controlSettled = mount(page, 'control', { feed: control });
    await server.until(() => server.count(control) >= 3);
    assert.equal(server.count(path), 1, 'the destroyed widget never retried');
    server.heal(control);
    await controlSettled;
    assert.equal(server.count(path), 1);
    await page.context().close();
  });

  test('pagination: "Load more" fetches each next page once and stops at the end', async () => {
    const { page } = await setUp();
    const base = `/pages/${++n}`;
    const item = (i) => ({ id: `p${i}`, title: `第 ${i} 条`, content_text: `正文 ${i}`, date_published: '2024-01-24T19:41:00+08:00' });
    const range = (from, to) => Array.from({ length: to - from }, (_, i) => item(from + i));
    const pageOf = (items, next) =>
      JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'Paged', items, ...(next ? { next_url: next } : {}) });
    server.serve(`${base}/1.json`, 'application/feed+json', pageOf(range(0, 5), '2.json'));
    server.serve(`${base}/2.json`, 'application/feed+json', pageOf(range(5, 10), `${server.url}${base}/3.json`));
    // The last page points back at the first: a loop must end the list, not refetch.
    server.serve(`${base}/3.json`, 'application/feed+json', pageOf([...range(10, 13), item(0)], `${server.url}${base}/1.json`));
    const state = await mount(page, 'w', { feed: `${base}/1.json`, limit: '5' });
    assert.equal(state.count, 5);
    const cards = page.locator('#w .aw-card');
    const more = page.getByRole('button', { name: 'Load more' });
    await more.click();
    await page.waitForFunction(() => document.getElementById('w').shadowRoot.querySelectorAll('.aw-card').length === 10);
    // Keyboard: the control is a real button.
    await more.focus();
    await page.keyboard.press('Enter');
    await page.waitForFunction(() => document.getElementById('w').shadowRoot.querySelectorAll('.aw-card').length === 13);
    assert.equal(await cards.count(), 13);
    assert.equal(await more.count(), 0, 'no "Load more" at the end');
    assert.deepEqual([1, 2, 3].map((i) => server.count(`${base}/${i}.json`)), [1, 1, 1]);
    await page.context().close();
  });

  test('a repeat visit renders at once from the stored copy while the network is asked', async () => {
    const { path, page } = await setUp();
    assert.equal((await mount(page, 'first', { feed: path })).type, 'ready');
    await page.evaluate(() => window.__first.destroy());
    server.hold(path);
    try {
      const asked = server.until(() => server.count(path) === 2);
      const state = await mount(page, 'again', { feed: path });
      assert.equal(state.type, 'ready');
      await asked;
      assert.equal(server.abortedCount(path), 0, 'the fresh request is still under way');
      assert.ok(await page.locator('#again .aw-card__link').first().isVisible());
      assert.equal(await page.locator('#again .aw-list__stale').count(), 0);
    } finally {
      server.release(path);
    }
    await page.context().close();
  });

  test('offline with a stored copy: the copy, and a quiet note instead of the error state', async () => {
    const { path, page } = await setUp();
    assert.equal((await mount(page, 'first', { feed: path })).type, 'ready');
    await page.context().setOffline(true);
    const state = await mount(page, 'offline', { feed: path });
    assert.equal(state.type, 'ready');
    await page.locator('#offline .aw-list__stale').waitFor();
    assert.equal(await page.locator('#offline .aw-list__stale').textContent(), 'Could not update: showing a copy saved earlier.');
    assert.equal(await page.locator('#offline .aw-error').count(), 0);
    await page.context().close();
  });

  test('WordPress REST posts: read like a feed, paged by the Link header, HTML made safe', async () => {
    const { page } = await setUp();
    const posts = await readFile(join(repo, 'tests', 'fixtures', 'wordpress', 'posts-embed.json'), 'utf8');
    server.serve('/wp-json/wp/v2/posts', 'application/json', posts, {
      link: '</page-2/wp-json/wp/v2/posts?_embed>; rel="next"',
      'x-wp-totalpages': '2',
    });
    server.serve('/page-2/wp-json/wp/v2/posts', 'application/json', JSON.stringify([
      { id: 3999, date: '2024-01-20T08:00:00', date_gmt: '2024-01-20T00:00:00', title: { rendered: '第二页的文章' }, content: { rendered: '<p>第二页</p>' } },
    ]));
    const state = await mount(page, 'wp', { feed: '/wp-json/wp/v2/posts?_embed', lang: 'zh-CN' });
    assert.equal(state.count, 3);
    const titles = page.locator('#wp .aw-card__link');
    assert.equal(await titles.first().textContent(), '聚焦建设“五个中心”重要使命 & 专题会议');
    assert.equal(await page.locator('#wp time').first().textContent(), '2024-01-24 19:41');
    await page.getByRole('button', { name: '加载更多' }).click();
    await page.waitForFunction(() => document.getElementById('wp').shadowRoot.querySelectorAll('.aw-card').length === 4);
    assert.equal(await page.getByRole('button', { name: '加载更多' }).count(), 0);
    await titles.first().click();
    await page.locator('#wp h1').waitFor();
    assert.equal(await page.locator('#wp .aw-article__body figure img').getAttribute('src'), 'https://news.example/wp-content/uploads/2024/01/bund.jpg');
    assert.equal(await page.locator('#wp .aw-article__body script').count(), 0);
    assert.deepEqual(page.uncaughtErrors, []);
    await page.context().close();
  });
});
