// End-to-end: one-article embeds (`article="<id>"`), in Chromium against the
// release build. A site of 10,000 articles in pages of 20 (feed.json, then
// next_url pages, and one document per article through
// `_article.item_url_template`) is generated here and served by the test
// server, which counts every request: a widget quoting one article costs
// feed.json and that article's document, whatever the archive's length, or
// feed.json alone when the article is on it. Also: the card (open="link")
// and the whole article (inline), an id that is in no page or document (the
// not-found state and `not_found`), ids with CJK, spaces and slashes, hostile
// ids, a feed without `item_url_template` (at most 5 next pages), a failed
// document retried alone, and the div and `mount()` forms.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { HOST_JS, launchChromium, newPage } from './browser.mjs';
import { startServer } from './server.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = process.env.DIST_DIR ?? join(repo, 'dist');

const ARTICLES = 10000;
const PER_PAGE = 20;
/** Ids the tests look for, at their places in the archive (0 is the newest). */
const DEEP = '上海 新闻/第9000号'; // CJK, a space and a slash, on page 451
const SPECIAL = new Map([[9000, DEEP], [7777, 'a?b#c&d=e%f']]);
const HOSTILE = `"><img src=x onerror="window.__pwned=1">`;

const idAt = (i) => SPECIAL.get(i) ?? `a-${i}`;
/** Percent-encoding as `Feed::item_url` writes it (every byte but A-Z a-z 0-9 - . _ ~). */
const encodeId = (id) =>
  [...new TextEncoder().encode(id)]
    .map((b) => (/[A-Za-z0-9\-._~]/.test(String.fromCharCode(b)) ? String.fromCharCode(b) : `%${b.toString(16).toUpperCase().padStart(2, '0')}`))
    .join('');

function item(i) {
  const id = idAt(i);
  return {
    id,
    url: `https://news.example/articles/${encodeURIComponent(id)}/`,
    title: `第${i}条新闻 ${id}`,
    summary: '上海市政协十四届常委会第八次会议今天举行，围绕加快建设。',
    content_text: `正文 ${i}。`.repeat(3),
    date_published: new Date(Date.UTC(2026, 11, 3) - i * 3600_000).toISOString(),
  };
}

/**
 * Serves the site under `/<name>/` on `server`: feed.json, feed/<n>.json and
 * (with `template`) items/<id>.json. Returns the body length of each path.
 */
function serveSite(server, name, { template = true } = {}) {
  const sizes = new Map();
  const put = (path, body) => {
    server.serve(path, 'application/feed+json', body);
    sizes.set(path, Buffer.byteLength(body));
  };
  const base = `/${name}`;
  const pages = Math.ceil(ARTICLES / PER_PAGE);
  for (let page = 1; page <= pages; page++) {
    const items = [];
    for (let i = (page - 1) * PER_PAGE; i < Math.min(ARTICLES, page * PER_PAGE); i++) items.push(item(i));
    const feed = {
      version: 'https://jsonfeed.org/version/1.1',
      title: '大站',
      language: 'zh-CN',
      home_page_url: `${server.url}${base}/`,
      feed_url: `${server.url}${base}/feed.json`,
      ...(page < pages ? { next_url: `${server.url}${base}/feed/${page + 1}.json` } : {}),
      ...(template ? { _article: { item_url_template: `${server.url}${base}/items/{id}.json` } } : {}),
      items,
    };
    put(page === 1 ? `${base}/feed.json` : `${base}/feed/${page}.json`, JSON.stringify(feed));
  }
  if (template) {
    for (let i = 0; i < ARTICLES; i++) {
      const document = { version: 'https://jsonfeed.org/version/1.1', title: '大站', language: 'zh-CN', items: [item(i)] };
      put(`${base}/items/${encodeId(idAt(i))}.json`, JSON.stringify(document));
    }
  }
  return sizes;
}

const escapeAttribute = (text) => text.replaceAll('&', '&amp;').replaceAll('"', '&quot;').replaceAll('<', '&lt;');

function partnerPage(widget) {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Partner</title>
<script src="/host.js"></script>
<link rel="stylesheet" href="/embed.css">
</head><body>
<h1>合作伙伴的文章</h1>
${widget}
<script async src="/embed.js"></script>
<p id="after">下文。</p>
</body></html>`;
}

describe('one-article embeds (article="<id>")', () => {
  let server;
  let browser;
  let big;
  let plain;
  let pageNumber = 0;

  before(async () => {
    server = await startServer(dist);
    server.serve('/host.js', 'text/javascript; charset=utf-8', HOST_JS);
    big = serveSite(server, 'big');
    plain = serveSite(server, 'plain', { template: false });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /**
   * Opens a partner page with `widget` (markup, `{feed}` for the site's
   * feed) and waits for its first `ready` or `error`. Returns the page, the
   * site's requests in order and what the widget's events said.
   */
  async function open(widget, { site = 'big', script = '' } = {}) {
    const name = `/p/${++pageNumber}.html`;
    const html = partnerPage(widget.replaceAll('{feed}', `/${site}/feed.json`) + (script ? `\n<script src="${name}.js"></script>` : ''));
    server.serve(name, 'text/html; charset=utf-8', html);
    if (script) server.serve(`${name}.js`, 'text/javascript; charset=utf-8', script.replaceAll('{feed}', `/${site}/feed.json`));
    const from = server.requests.length;
    const page = await newPage(browser, { viewport: { width: 412, height: 823 } });
    await page.goto(`${server.url}${name}`);
    await page.waitForFunction(() => window.__events.some((e) => e.type !== 'articlewidget:open'));
    await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
    const requests = () => server.requests.slice(from).filter((path) => path.startsWith(`/${site}/`));
    const events = () => page.evaluate(() => window.__events.map(({ type, detail }) => ({ type, detail })));
    return { page, requests, events };
  }

  const shadow = (page, selector) =>
    page.evaluate((selector) => [...document.getElementById('w').shadowRoot.querySelectorAll(selector)].map((el) => el.textContent), selector);

  test('a card from a 10,000-article archive: feed.json and the article’s document, a few KB', async () => {
    const { page, requests, events } = await open(`<article-widget id="w" feed="{feed}" article="${DEEP}" open="link"><a href="/">新闻</a></article-widget>`);
    try {
      const documentPath = `/big/items/${encodeId(DEEP)}.json`;
      assert.deepEqual(requests(), ['/big/feed.json', documentPath]);
      assert.equal(documentPath, '/big/items/%E4%B8%8A%E6%B5%B7%20%E6%96%B0%E9%97%BB%2F%E7%AC%AC9000%E5%8F%B7.json');
      const bytes = requests().reduce((sum, path) => sum + big.get(path), 0);
      console.log(`one article of ${ARTICLES}: ${requests().length} requests, ${bytes} bytes (feed.json ${big.get('/big/feed.json')}, document ${big.get(documentPath)})`);
      assert.ok(bytes < 12 * 1024, `${bytes} bytes`);
      assert.deepEqual(await events(), [{ type: 'articlewidget:ready', detail: { count: 1 } }]);
      assert.deepEqual(await shadow(page, '.aw-card .aw-card__title'), [`第9000条新闻 ${DEEP}`]);
      assert.equal(await page.evaluate(() => document.getElementById('w').shadowRoot.querySelector('.aw-card a[href]').getAttribute('href')), `https://news.example/articles/${encodeURIComponent(DEEP)}/`);
      // No list around it: no "Load more", and nothing more is fetched.
      assert.deepEqual(await shadow(page, '.aw-list__more button'), []);
      assert.deepEqual(await shadow(page, '.aw-back'), []);
      assert.deepEqual(page.uncaughtErrors, []);
    } finally {
      await page.context().close();
    }
  });

  test('an article on feed.json itself: one request', async () => {
    const { page, requests, events } = await open(`<article-widget id="w" feed="{feed}" article="a-3" open="new-tab"></article-widget>`);
    try {
      assert.deepEqual(requests(), ['/big/feed.json']);
      assert.deepEqual(await events(), [{ type: 'articlewidget:ready', detail: { count: 1 } }]);
      assert.deepEqual(await shadow(page, '.aw-card .aw-card__title'), ['第3条新闻 a-3']);
    } finally {
      await page.context().close();
    }
  });

  test('open="inline" (the default): the whole article, no back link, the page’s focus left alone', async () => {
    const { page, requests, events } = await open(`<article-widget id="w" feed="{feed}" article="a?b#c&amp;d=e%f"></article-widget>`);
    try {
      assert.deepEqual(requests(), ['/big/feed.json', `/big/items/${encodeId('a?b#c&d=e%f')}.json`]);
      assert.deepEqual(await events(), [{ type: 'articlewidget:ready', detail: { count: 1 } }]);
      assert.deepEqual(await shadow(page, '.aw-article .aw-article__title'), ['第7777条新闻 a?b#c&d=e%f']);
      assert.match((await shadow(page, '.aw-article__body'))[0], /正文 7777。/);
      assert.deepEqual(await shadow(page, '.aw-back'), []);
      assert.deepEqual(await shadow(page, '.aw-card:not([hidden] *)'), [], 'no card beside the article');
      assert.equal(await page.evaluate(() => document.activeElement === document.body), true, 'focus stayed on the page');
      assert.equal(await page.evaluate(() => window.scrollY), 0);
    } finally {
      await page.context().close();
    }
  });

  test('an id in no page and no document: the not-found state and `not_found`, never a throw', async () => {
    for (const open_ of ['link', 'inline']) {
      const { page, requests, events } = await open(`<article-widget id="w" feed="{feed}" article="no-such-id" open="${open_}"></article-widget>`);
      try {
        assert.deepEqual(requests(), ['/big/feed.json', '/big/items/no-such-id.json']);
        assert.deepEqual(await events(), [{ type: 'articlewidget:error', detail: { kind: 'not_found', message: 'no article with this id in the feed' } }]);
        assert.deepEqual(await shadow(page, '.aw-not-found h1'), ['找不到这篇文章']);
        assert.equal(await page.evaluate(() => document.getElementById('w').shadowRoot.querySelector('.aw-not-found').checkVisibility()), true);
        assert.deepEqual(await shadow(page, '.aw-not-found a'), [], 'no way back to a list there is not');
        assert.deepEqual(page.uncaughtErrors, []);
      } finally {
        await page.context().close();
      }
    }
  });

  test('hostile ids: percent-encoded into the template, shown as nothing, `.` and `..` never put into a URL', async () => {
    for (const id of [HOSTILE, '../../feed.json?x=1#y', '..']) {
      const { page, requests, events } = await open(`<article-widget id="w" feed="{feed}" article="${escapeAttribute(id)}"></article-widget>`);
      try {
        const asked = requests();
        assert.equal(asked[0], '/big/feed.json');
        if (id === '..') {
          // No document to ask for: at most 5 next pages, then not found.
          assert.deepEqual(asked.slice(1), [2, 3, 4, 5, 6].map((n) => `/big/feed/${n}.json`));
        } else {
          assert.deepEqual(asked.slice(1), [`/big/items/${encodeId(id)}.json`]);
        }
        assert.equal((await events()).at(-1).detail.kind, 'not_found');
        assert.equal(await page.evaluate(() => window.__pwned), undefined);
        assert.deepEqual(await shadow(page, 'img'), []);
        assert.deepEqual(page.uncaughtErrors, []);
      } finally {
        await page.context().close();
      }
    }
  });

  test('a feed without item_url_template: read on through next_url, at most 5 pages after feed.json', async () => {
    const found = await open(`<article-widget id="w" feed="{feed}" article="a-65" open="link"></article-widget>`, { site: 'plain' });
    try {
      assert.deepEqual(found.requests(), ['/plain/feed.json', '/plain/feed/2.json', '/plain/feed/3.json', '/plain/feed/4.json']);
      assert.deepEqual(await found.events(), [{ type: 'articlewidget:ready', detail: { count: 1 } }]);
      assert.deepEqual(await shadow(found.page, '.aw-card .aw-card__title'), ['第65条新闻 a-65']);
    } finally {
      await found.page.context().close();
    }
    const missing = await open(`<article-widget id="w" feed="{feed}" article="${DEEP}" open="link"></article-widget>`, { site: 'plain' });
    try {
      assert.deepEqual(missing.requests(), ['/plain/feed.json', ...[2, 3, 4, 5, 6].map((n) => `/plain/feed/${n}.json`)]);
      assert.equal((await missing.events()).at(-1).detail.kind, 'not_found');
      assert.deepEqual(await shadow(missing.page, '.aw-not-found h1'), ['找不到这篇文章']);
    } finally {
      await missing.page.context().close();
    }
  });

  test('a failed document: the error state, and “retry” asks for the document again, not feed.json', async () => {
    const path = `/big/items/${encodeId('a-500')}.json`;
    server.failNext(path, 503, 4, { 'retry-after': '0' });
    const { page, requests, events } = await open(`<article-widget id="w" feed="{feed}" article="a-500" open="link" timeout="2"></article-widget>`);
    try {
      await page.waitForFunction(() => window.__events.some((e) => e.type === 'articlewidget:error'));
      assert.deepEqual((await events()).map((e) => e.detail.kind ?? e.type), ['http']);
      assert.equal(requests().filter((p) => p === '/big/feed.json').length, 1);
      await page.locator('#w .aw-error button').click();
      await page.waitForFunction(() => window.__events.some((e) => e.type === 'articlewidget:ready'));
      assert.equal(requests().filter((p) => p === '/big/feed.json').length, 1, 'feed.json is not asked again');
      assert.deepEqual(await shadow(page, '.aw-card .aw-card__title'), ['第500条新闻 a-500']);
    } finally {
      server.heal(path);
      await page.context().close();
    }
  });

  test('the data-article div form, and mount(el, { article })', async () => {
    const div = await open(`<div id="w" data-article-widget data-feed="{feed}" data-article="a-42" data-open="link"></div>`);
    try {
      assert.deepEqual(div.requests(), ['/big/feed.json', `/big/items/a-42.json`]);
      assert.deepEqual(await shadow(div.page, '.aw-card .aw-card__title'), ['第42条新闻 a-42']);
    } finally {
      await div.page.context().close();
    }
    const script = `addEventListener('load', function () {
  ArticleWidget.mount(document.getElementById('w'), { feed: '{feed}', article: '${DEEP}', open: 'link' });
});`;
    const mounted = await open(`<div id="w"></div>`, { script });
    try {
      assert.deepEqual(mounted.requests(), ['/big/feed.json', `/big/items/${encodeId(DEEP)}.json`]);
      assert.deepEqual(await shadow(mounted.page, '.aw-card .aw-card__title'), [`第9000条新闻 ${DEEP}`]);
    } finally {
      await mounted.page.context().close();
    }
  });
});
