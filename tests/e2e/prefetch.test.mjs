// End-to-end: embed.js starts a widget's feed request itself, before the wasm
// runs, and hands it to the wasm (src/api), which owns everything after:
// retries, errors, the abort. Partner pages with widgets in their HTML and
// the loader tag, against the release build.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, readdir } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

import { startServer } from './server.mjs';
import { launchChromium, newPage } from './browser.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = process.env.DIST_DIR ?? join(repo, 'dist');

describe('the loader starts the feed request', () => {
  let server;
  let browser;
  let feed;
  let wasm;
  let n = 0;

  before(async () => {
    server = await startServer(dist);
    browser = await launchChromium();
    feed = await readFile(join(dist, 'feed.json'), 'utf8');
    wasm = '/' + (await readdir(dist)).find((name) => /^article-widget-embed-[0-9a-f]{16}_bg\.wasm$/.test(name));
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A partner page at a fresh path: `widgets` (HTML) before the loader tag; its feed at a fresh path. */
  function partnerPage(widgets) {
    const id = ++n;
    const path = `/prefetch/${id}/feed.json`;
    server.serve(path, 'application/feed+json', feed);
    const html = `<!doctype html><meta charset="utf-8"><title>partner</title>${widgets(path)}<script async src="/embed.js"></script>`;
    server.serve(`/prefetch/${id}/page.html`, 'text/html', html);
    return { path, url: `${server.url}/prefetch/${id}/page.html` };
  }

  const firstCard = (page, id) => page.locator(`#${id} .aw-card__link`).first().waitFor();

  test('an eager widget: its feed is asked for before the wasm, once, and the cards show', async () => {
    const { path, url } = partnerPage((feed) => `<div id="w" data-article-widget data-feed="${feed}" data-loading="eager"><a href="/">news</a></div>`);
    const page = await newPage(browser);
    await page.goto(url);
    await firstCard(page, 'w');
    const [feedEntry, wasmEntry] = await page.evaluate(
      ([feed, wasm]) => [feed, wasm].map((path) => performance.getEntriesByName(new URL(path, location.href).href)[0]?.startTime),
      [path, wasm],
    );
    assert.ok(feedEntry !== undefined && wasmEntry !== undefined, `resource entries: feed ${feedEntry}, wasm ${wasmEntry}`);
    assert.ok(feedEntry <= wasmEntry, `the feed was asked for at ${feedEntry} ms, the wasm at ${wasmEntry} ms`);
    assert.equal(server.count(path), 1, "one request: the wasm used the loader's");
    // The request src/api makes itself, from a widget mounted through the JS API, has the same headers.
    const own = path.replace('feed.json', 'own.json');
    server.serve(own, 'application/feed+json', feed);
    await page.evaluate((feed) => {
      const element = document.createElement('div');
      element.id = 'own';
      document.body.append(element);
      return window.ArticleWidget.mount(element, { feed, loading: 'eager' });
    }, own);
    await firstCard(page, 'own');
    const headers = (of) => Object.entries(server.headersOf((p) => p === of)[0]).filter(([name]) => name !== 'pathname');
    assert.deepEqual(headers(path), headers(own), 'the request src/api would make');
    assert.deepEqual(page.uncaughtErrors, []);
    await page.context().close();
  });

  test('a lazy widget in view is asked for at once; one far below the fold only when scrolled to', async () => {
    const { path, url } = partnerPage(
      (feed) =>
        `<div id="near" data-article-widget data-feed="${feed}?near"><a href="/">news</a></div>` +
        `<div style="height: 5000px"></div>` +
        `<div id="far" data-article-widget data-feed="${feed}?far"><a href="/">news</a></div>`,
    );
    const page = await newPage(browser);
    const asked = [];
    page.on('request', (request) => asked.push(new URL(request.url()).search));
    await page.goto(url);
    await firstCard(page, 'near');
    const [nearEntry, wasmEntry] = await page.evaluate(
      ([feed, wasm]) => [`${feed}?near`, wasm].map((path) => performance.getEntriesByName(new URL(path, location.href).href)[0]?.startTime),
      [path, wasm],
    );
    assert.ok(nearEntry <= wasmEntry, `the feed was asked for at ${nearEntry} ms, the wasm at ${wasmEntry} ms`);
    assert.deepEqual(asked.filter((search) => search), ['?near'], 'the far widget waits');
    await page.locator('#far').scrollIntoViewIfNeeded();
    await firstCard(page, 'far');
    assert.deepEqual(asked.filter((search) => search), ['?near', '?far']);
    await page.context().close();
  });

  test("the loader's request failing goes through src/api's retries, then the cards", async () => {
    const { path, url } = partnerPage((feed) => `<div id="w" data-article-widget data-feed="${feed}" data-loading="eager"><a href="/">news</a></div>`);
    server.failNext(path, 503, 1);
    const page = await newPage(browser);
    await page.goto(url);
    await firstCard(page, 'w');
    assert.equal(server.count(path), 2, 'the failed first attempt, then one retry');
    await page.context().close();
  });

  test("the loader's request failing for good ends in src/api's error state and event", async () => {
    const { path, url } = partnerPage((feed) => `<div id="w" data-article-widget data-feed="${feed}" data-loading="eager"><a href="/">news</a></div>`);
    server.fail(path, 404);
    const page = await newPage(browser);
    await page.addInitScript(() => document.addEventListener('articlewidget:error', (event) => (window.__kind = event.detail.kind)));
    await page.goto(url);
    assert.equal(await (await page.waitForFunction(() => window.__kind)).jsonValue(), 'http');
    await page.locator('#w .aw-error__message').waitFor();
    assert.equal(server.count(path), 1, 'a 404 is not retried');
    await page.context().close();
  });

  test('a widget removed before the wasm has run: its request is aborted and nothing else is fetched for it', async () => {
    const { path, url } = partnerPage((feed) => `<div id="w" data-article-widget data-feed="${feed}" data-loading="eager"><a href="/">news</a></div>`);
    const control = path.replace('feed.json', 'control.json');
    server.serve(control, 'application/feed+json', feed);
    server.hold(path);
    server.hold(wasm);
    const page = await newPage(browser);
    try {
      const asked = server.until(() => server.count(path) === 1);
      await page.goto(url, { waitUntil: 'commit' });
      await asked;
      const aborted = server.untilAborted(path);
      await page.evaluate(() => document.getElementById('w').remove());
      await aborted;
      server.release(wasm);
      // Another widget mounted afterwards proves the module ran.
      await page.evaluate(
        (feed) =>
          new Promise((resolve) => {
            const element = document.createElement('div');
            element.addEventListener('articlewidget:ready', resolve, { once: true });
            element.addEventListener('articlewidget:error', resolve, { once: true });
            document.body.append(element);
            window.ArticleWidget.mount(element, { feed, loading: 'eager' });
          }),
        control,
      );
      assert.equal(server.count(path), 1, 'no request for the removed widget after the module loaded');
    } finally {
      server.release(path);
      server.release(wasm);
      await page.context().close();
    }
  });
});
