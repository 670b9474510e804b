// End-to-end: hostile input in Chromium, against the release build. The XSS
// corpus in every field of a feed, rendered as cards (tags shown) and as articles; the
// malformed-feed fixtures, each in a widget. Nothing may run, nothing may be
// requested from elsewhere but the images the widget chose to show, and
// nothing may be thrown into the page.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

import { startServer } from './server.mjs';
import { launchChromium, newPage } from './browser.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = process.env.DIST_DIR ?? join(repo, 'dist');
const fixtures = join(repo, 'tests', 'fixtures');
const PER_FEED = 100; // the widget shows at most 100 cards

describe('hostile input', () => {
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

  /** A page that flags script execution and records every request that leaves 127.0.0.1. */
  async function guardedPage() {
    const page = await newPage(browser);
    page.executed = [];
    page.dialogs = [];
    page.external = [];
    await page.exposeFunction('__flag', (n) => page.executed.push(n));
    await page.addInitScript(() => {
      window.__xss = (n) => window.__flag(n);
    });
    page.on('dialog', (dialog) => {
      page.dialogs.push(dialog.message());
      dialog.dismiss().catch(() => {});
    });
    await page.route(
      (url) => url.hostname !== '127.0.0.1',
      (route) => {
        page.external.push({ url: route.request().url(), type: route.request().resourceType() });
        route.abort();
      },
    );
    return page;
  }

  /** Every href and src inside the widgets' shadow roots. */
  function renderedUrls(page) {
    return page.evaluate(() => {
      const urls = [];
      for (const host of document.querySelectorAll('article-widget')) {
        for (const element of host.shadowRoot?.querySelectorAll('[href], [src]') ?? []) {
          urls.push({ tag: element.localName, href: element.getAttribute('href'), src: element.getAttribute('src') });
        }
      }
      return urls;
    });
  }

  test('the XSS corpus in every field: nothing runs, nothing unexpected is requested, every URL is http(s)', async () => {
    const payloads = (await readFile(join(fixtures, 'xss-payloads.txt'), 'utf8')).split('\n').filter((line) => line.length);
    assert.ok(payloads.length >= 200);
    const items = payloads.map((payload, i) => ({
      id: `x${i + 1}`,
      url: payload,
      title: payload,
      summary: payload,
      content_html: payload,
      image: payload,
      authors: [{ name: payload, url: payload }],
      tags: [payload],
      date_published: '2024-01-24T19:41:00+08:00',
      _article: { source: { name: payload, url: payload }, disclaimer: payload },
    }));
    const pages = [];
    for (let start = 0; start < items.length; start += PER_FEED) {
      const path = `/xss/feed-${pages.length}.json`;
      server.serve(path, 'application/feed+json', JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: payloads[start],
        _article: { disclaimer: payloads[start] },
        items: items.slice(start, start + PER_FEED),
      }));
      pages.push({ path, count: Math.min(PER_FEED, items.length - start) });
    }

    const page = await guardedPage();
    const allowedImages = new Set();
    let rendered = 0;
    for (const { path, count } of pages) {
      server.serve('/xss.html', 'text/html', `<!doctype html><meta charset="utf-8"><title>xss</title>
        <article-widget id="w" feed="${path}" limit="100" show="image,summary,date,source,tags" loading="eager"><a href="/">fallback</a></article-widget>
        <script async src="/embed.js"></script>`);
      await page.goto(server.url + '/xss.html');
      const cards = page.locator('#w .aw-card__link');
      await cards.first().waitFor();
      assert.equal(await cards.count(), count);
      for (const url of await renderedUrls(page)) if (url.tag === 'img') allowedImages.add(url.src);
      // Open every article in turn, inside the page (one round trip per feed,
      // not five per article): click its card, wait for its heading, note its
      // URLs, press Escape, wait for the list.
      const seen = await page.evaluate(async (count) => {
        const root = document.getElementById('w').shadowRoot;
        const until = async (test) => {
          const deadline = performance.now() + 10000;
          while (!test()) {
            if (performance.now() > deadline) throw new Error('timed out');
            await new Promise((resolve) => setTimeout(resolve, 0));
          }
        };
        const urls = [];
        for (let i = 0; i < count; i++) {
          root.querySelectorAll('.aw-card__link')[i].click();
          await until(() => root.querySelector('h1'));
          for (const element of root.querySelectorAll('[href], [src]')) {
            urls.push({ tag: element.localName, href: element.getAttribute('href'), src: element.getAttribute('src') });
          }
          root.querySelector('.aw-widget').dispatchEvent(new KeyboardEvent('keydown', { key: 'Escape', bubbles: true }));
          await until(() => root.querySelector('.aw-card__link') && !root.querySelector('h1'));
        }
        return { count, urls };
      }, count);
      for (const url of seen.urls) {
        const value = url.href ?? url.src;
        assert.match(value, /^(https?:\/\/|mailto:|#$)/i, `a rendered ${url.tag} points at ${value}`);
        if (url.tag === 'img') allowedImages.add(url.src);
      }
      rendered += seen.count;
    }
    assert.equal(rendered, payloads.length);
    assert.deepEqual(page.executed, [], 'payloads that ran');
    assert.deepEqual(page.dialogs, [], 'dialogs opened');
    assert.deepEqual(page.uncaughtErrors, [], 'uncaught errors');
    const unexpected = page.external.filter((request) => !(request.type === 'image' && allowedImages.has(request.url)));
    assert.deepEqual(unexpected, [], 'requests to unexpected hosts');
    await page.context().close();
  });

  test('a body of 100,000 nested <div> is shown promptly, as its text with a notice', async () => {
    // Blink's parser takes minutes on this nesting; the model's scan keeps it
    // from the parser as markup.
    server.serve('/deep/feed.json', 'application/feed+json', JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'deep',
      items: [{ id: 'deep', title: '深', content_html: '<div>'.repeat(100000) + '深处的正文' }],
    }));
    server.serve('/deep.html', 'text/html', `<!doctype html><meta charset="utf-8"><title>deep</title>
      <article-widget id="w" feed="/deep/feed.json" loading="eager"><a href="/">fallback</a></article-widget>
      <script async src="/embed.js"></script>`);
    const page = await guardedPage();
    await page.goto(server.url + '/deep.html');
    await page.locator('#w .aw-card__link').click();
    await page.locator('#w .aw-article__notice').waitFor();
    assert.match(await page.locator('#w .aw-article__body').innerText(), /深处的正文/);
    assert.deepEqual(page.uncaughtErrors, [], 'uncaught errors');
    await page.context().close();
  });

  test('a page that pollutes Object.prototype: the widget reads only what the feed and the options really hold', async () => {
    const real = {
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Real',
      items: [1, 2, 3].map((i) => ({ id: `real-${i}`, title: `Real ${i}`, content_text: `Real body ${i}` })),
    };
    server.serve('/polluted/feed.json', 'application/feed+json', JSON.stringify(real));
    server.serve('/polluted/evil.json', 'application/feed+json', JSON.stringify({ ...real, items: [{ id: 'evil', title: 'POLLUTED' }] }));
    // Everything a feed item, a feed or the options could name, inherited by every object.
    const pollution = {
      next_url: '/polluted/evil.json',
      items: [{ id: 'evil', title: 'POLLUTED' }],
      title: 'POLLUTED',
      summary: 'POLLUTED',
      content_html: '<p>POLLUTED</p>',
      content_text: 'POLLUTED',
      image: '/polluted/evil.svg',
      banner_image: '/polluted/evil.svg',
      url: '/polluted/evil.html',
      authors: [{ name: 'POLLUTED' }],
      tags: ['POLLUTED'],
      _article: { source: { name: 'POLLUTED' }, disclaimer: 'POLLUTED' },
      feed: '/polluted/evil.json',
      limit: '1',
      layout: 'headlines',
      heading: 'POLLUTED',
      show: 'none',
      open: 'link',
    };
    server.serve('/polluted.html', 'text/html', `<!doctype html><meta charset="utf-8"><title>polluted</title>
      <script>
        var pollution = ${JSON.stringify(pollution)};
        Object.keys(pollution).forEach(function (key) { Object.prototype[key] = pollution[key]; });
      </script>
      <article-widget id="w" feed="/polluted/feed.json" loading="eager" lang="en"><a href="/">fallback</a></article-widget>
      <script async src="/embed.js"></script>`);
    const before = server.count('/polluted/evil.json');
    const page = await newPage(browser);
    await page.goto(server.url + '/polluted.html');
    const cards = page.locator('#w .aw-card__link');
    await cards.first().waitFor();
    assert.deepEqual(await cards.allTextContents(), ['Real 1', 'Real 2', 'Real 3']);
    assert.equal(await page.locator('#w .aw-list__heading').textContent(), 'Latest');
    assert.equal(await page.getByRole('button', { name: 'Load more' }).count(), 0, 'no next page');
    assert.equal(await page.locator('#w img').count(), 0, 'no inherited image');
    await cards.first().click();
    await page.locator('#w h1').waitFor();
    assert.equal(await page.locator('#w .aw-article__body').textContent(), 'Real body 1');
    const shown = await page.evaluate(() => document.getElementById('w').shadowRoot.textContent);
    assert.ok(!shown.includes('POLLUTED'), shown);
    assert.equal(new URL(page.url()).pathname, '/polluted.html', 'opened inline, not as a link');
    assert.equal(server.count('/polluted/evil.json'), before);
    assert.equal(server.count('/polluted/evil.svg'), 0);
    assert.deepEqual(page.uncaughtErrors, []);
    await page.context().close();
  });

  test('every malformed-feed fixture ends in the error state or the valid subset, never an uncaught error', async () => {
    const manifest = (await readFile(join(fixtures, 'malformed', 'expectations.tsv'), 'utf8')).trim().split('\n').slice(1);
    const page = await newPage(browser);
    server.serve('/malformed.html', 'text/html', '<!doctype html><meta charset="utf-8"><title>m</title><script async src="/embed.js"></script>');
    await page.goto(server.url + '/malformed.html');
    await page.waitForFunction(() => window.ArticleWidget);
    const mismatches = [];
    for (const line of manifest) {
      // The browser reads JSON with JSON.parse, which accepts a few things
      // serde_json refuses; the manifest's `browser` column says so where it differs.
      const [file, outcome, articles, , browser] = line.split('\t');
      server.serve(`/malformed/${file}`, 'application/json', await readFile(join(fixtures, 'malformed', file)));
      const result = await page.evaluate(async (feed) => {
        const element = document.createElement('div');
        document.body.replaceChildren(element);
        const handle = await window.ArticleWidget.mount(element, { feed, loading: 'eager', limit: '100', lang: 'en' });
        const root = element.shadowRoot;
        // Wait for the widget to settle on a final state, by its own events.
        await new Promise((resolve) => {
          element.addEventListener('articlewidget:ready', resolve, { once: true });
          element.addEventListener('articlewidget:error', resolve, { once: true });
        });
        const state = root.querySelector('.aw-error')
          ? 'error'
          : `ok ${root.querySelectorAll('.aw-card').length}`;
        handle.destroy();
        return state;
      }, `/malformed/${file}`);
      const [browserOutcome, browserArticles] = browser === '=' ? [outcome, articles] : browser.split(' ');
      const expected = browserOutcome === 'ok' ? `ok ${Math.min(Number(browserArticles), PER_FEED)}` : 'error';
      if (result !== expected) mismatches.push(`${file}: expected ${expected}, got ${result}`);
    }
    assert.deepEqual(mismatches, []);
    assert.ok(manifest.length >= 50);
    assert.deepEqual(page.uncaughtErrors, []);
    await page.context().close();
  });
});
