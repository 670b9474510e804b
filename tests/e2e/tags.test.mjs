// End-to-end: tag filters (`tags="…"`), in Chromium against the release
// build. A site of 10,000 articles in pages of 20 is generated here, with a
// feed per tag (`tags/<slug>/feed.json` and its next pages, named by
// `_article.tag_feed_template`) and, beside it, the same site without them.
// The test server counts every request: a widget filtered by one tag costs
// feed.json and its tag's first page; without feeds per tag it reads the
// feed's pages until it has `limit` articles, the pages end, or 10 pages
// were read (then it shows what it found, and "Load more" reads on). Also:
// tags with CJK, spaces, slashes and case differences (the slug below is a
// twin of `model::tag_slug`, so the browser's fold is checked against the
// native one), several tags (any of them), a tag with no feed (404), tags on
// the cards (`show="tags"`, `part="tags"`), and no error into the page.

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
const METRO = '上海 地铁'; // every 50th article: one in 2.5 pages
const ROCK = 'AC/DC'; // every 7th
const WORLD = 'World'; // written `world` on odd articles

/** `model::tag_key`: whitespace runs one space, trimmed, NFC, lower case. */
const tagKey = (tag) => tag.trim().split(/\s+/u).join(' ').normalize('NFC').toLowerCase().normalize('NFC');

/** `model::tag_slug`, written again: the rule the CLI and the widget share. */
function tagSlug(key) {
  const invisible = (c) => /[\u00ad\u061c\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff\ufff0-\uffff]/u.test(c);
  let slug = '';
  let exact = true;
  for (const c of key) {
    const kept = c.codePointAt(0) < 128 ? /[A-Za-z0-9_-]/.test(c) : !(/\s/u.test(c) || /\p{Cc}/u.test(c) || invisible(c));
    if (!kept) {
      exact = false;
      if (slug && !slug.endsWith('-')) slug += '-';
    } else if (Buffer.byteLength(slug + c) > 80) {
      exact = false;
      break;
    } else slug += c;
  }
  if (exact && slug && !/^(con|prn|aux|nul|(com|lpt)[\d¹²³])$/i.test(slug)) return slug;
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(key)) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  const stem = slug.replace(/-+$/, '');
  return `${stem || 'tag'}-${hash.toString(16).padStart(8, '0')}`;
}

const slugOf = (tag) => tagSlug(tagKey(tag));
const encode = (text) => encodeURIComponent(text).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);

function tagsOf(i) {
  const tags = [i % 2 ? 'world' : WORLD];
  if (i % 50 === 0) tags.push(METRO);
  if (i % 7 === 0) tags.push(ROCK);
  return tags;
}

function item(i) {
  return {
    id: `a-${i}`,
    url: `https://news.example/articles/a-${i}/`,
    title: `第${i}条新闻`,
    summary: '上海市政协十四届常委会第八次会议今天举行。',
    date_published: new Date(Date.UTC(2026, 11, 3) - i * 3600_000).toISOString(),
    tags: tagsOf(i),
  };
}

/**
 * Serves `items` under `base` as pages of 20: `<base>feed.json` and
 * `<base>feed/<n>.json` (1 is the oldest, as the CLI names them).
 */
function servePages(server, sizes, base, items, extension) {
  const pages = Math.max(1, Math.ceil(items.length / PER_PAGE));
  for (let k = 0; k < pages; k++) {
    // k = 0 is feed.json; older pages count down to 1.
    const number = (k) => pages - k;
    const feed = {
      version: 'https://jsonfeed.org/version/1.1',
      title: '大站',
      language: 'zh-CN',
      ...(k + 1 < pages ? { next_url: `${base}feed/${number(k + 1)}.json` } : {}),
      ...(extension ? { _article: extension } : {}),
      items: items.slice(k * PER_PAGE, (k + 1) * PER_PAGE),
    };
    const path = k === 0 ? `${base}feed.json` : `${base}feed/${number(k)}.json`;
    const body = JSON.stringify(feed);
    server.serve(path, 'application/feed+json', body);
    sizes.set(path, Buffer.byteLength(body));
  }
}

/** The site under `/<name>/`, with feeds per tag when `perTag`. */
function serveSite(server, name, { perTag }) {
  const sizes = new Map();
  const base = `/${name}/`;
  const items = Array.from({ length: ARTICLES }, (_, i) => item(i));
  const extension = perTag ? { tag_feed_template: `${server.url}${base}tags/{tag}/feed.json` } : undefined;
  servePages(server, sizes, base, items, extension);
  if (perTag) {
    const byKey = new Map();
    for (const it of items) for (const tag of it.tags) {
      const key = tagKey(tag);
      if (!byKey.has(key)) byKey.set(key, { tag, items: [] });
      byKey.get(key).items.push(it);
    }
    for (const [key, { tag, items: tagged }] of byKey) {
      servePages(server, sizes, `${base}tags/${encode(tagSlug(key))}/`, tagged, { ...extension, tag });
    }
  }
  return sizes;
}

function partnerPage(widget) {
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Partner</title>
<script src="/host.js"></script>
<link rel="stylesheet" href="/embed.css">
</head><body>
<h1>合作伙伴</h1>
${widget}
<script async src="/embed.js"></script>
</body></html>`;
}

describe('tag filters (tags="…")', () => {
  let server;
  let browser;
  let big;
  let pageNumber = 0;

  before(async () => {
    server = await startServer(dist);
    server.serve('/host.js', 'text/javascript; charset=utf-8', HOST_JS);
    big = serveSite(server, 'big', { perTag: true });
    serveSite(server, 'plain', { perTag: false });
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  /** A partner page with `widget` (`{feed}`: the site's feed), after its first `ready` or `error`. */
  async function open(widget, { site = 'big' } = {}) {
    const name = `/p/${++pageNumber}.html`;
    server.serve(name, 'text/html; charset=utf-8', partnerPage(widget.replaceAll('{feed}', `/${site}/feed.json`)));
    const from = server.requests.length;
    const page = await newPage(browser, { viewport: { width: 412, height: 823 } });
    await page.goto(`${server.url}${name}`);
    await page.waitForFunction(() => window.__events.some((e) => e.type !== 'articlewidget:open'));
    const requests = () => server.requests.slice(from).filter((path) => path.startsWith(`/${site}/`));
    const events = () => page.evaluate(() => window.__events.map(({ type, detail }) => ({ type, detail })));
    return { page, requests, events };
  }

  const titles = (page) =>
    page.evaluate(() => [...document.getElementById('w').shadowRoot.querySelectorAll('.aw-card__title')].map((el) => el.textContent));
  const numbers = async (page) => (await titles(page)).map((t) => Number(/第(\d+)条/.exec(t)[1]));

  test('the slug twin agrees with the rule’s own cases', () => {
    assert.equal(slugOf('News'), 'news');
    assert.equal(slugOf('经济'), '经济');
    assert.match(slugOf(METRO), /^上海-地铁-[0-9a-f]{8}$/);
    assert.match(slugOf(ROCK), /^ac-dc-[0-9a-f]{8}$/);
    assert.equal(slugOf(' ac/dc '), slugOf(ROCK));
  });

  test('Chromium folds tags as Node does, so as the CLI does (tests/native/tags.rs compares Node’s fold with the native one)', async () => {
    // The texts of `fold_cases` there, with `platform::fold_tag`'s browser half.
    function foldChunk(from, to) {
      const fold = (s) => s.normalize('NFC').toLowerCase().normalize('NFC');
      const folded = [];
      for (let cp = from; cp < to; cp++) {
        if (cp >= 0xd800 && cp < 0xe000) continue;
        const c = String.fromCodePoint(cp);
        folded.push(fold(c));
        if (cp < 0x20000) folded.push(fold(`W${c}`), fold(`Α${c}Σ`), fold(`ΑΣ${c}`));
      }
      return folded;
    }
    const page = await newPage(browser);
    try {
      const differ = [];
      for (let from = 0; from < 0x110000; from += 0x10000) {
        const [inNode, inChromium] = [foldChunk(from, from + 0x10000), await page.evaluate(`(${foldChunk})(${from}, ${from + 0x10000})`)];
        assert.equal(inChromium.length, inNode.length);
        for (let i = 0; i < inNode.length && differ.length < 20; i++) {
          if (inNode[i] !== inChromium[i]) differ.push([from, i, inNode[i], inChromium[i]]);
        }
      }
      assert.deepEqual(differ, []);
    } finally {
      await page.context().close();
    }
  });

  test('one tag on a 10,000-article site: feed.json and the tag’s first page', async () => {
    const { page, requests, events } = await open(`<article-widget id="w" feed="{feed}" tags="${METRO}" limit="5" show="date,tags" loading="eager"></article-widget>`);
    try {
      const tagPage = `/big/tags/${encode(slugOf(METRO))}/feed.json`;
      assert.deepEqual(requests(), ['/big/feed.json', tagPage]);
      const bytes = requests().reduce((sum, path) => sum + big.get(path), 0);
      console.log(`tags="${METRO}" on ${ARTICLES} articles: ${requests().length} requests, ${bytes} bytes`);
      assert.deepEqual(await events(), [{ type: 'articlewidget:ready', detail: { count: 5 } }]);
      assert.deepEqual(await numbers(page), [0, 50, 100, 150, 200]);
      // The tags on the cards, in the meta line, as text (no tag pages on a partner's site).
      const shown = await page.evaluate(() => [...document.getElementById('w').shadowRoot.querySelectorAll('[part~="tags"]')].map((el) => [...el.children].map((c) => `${c.localName}:${c.textContent}`)));
      assert.deepEqual(shown[0], ['a:World', `a:${METRO}`, `a:${ROCK}`]);
      // "Load more" shows the page's held-back cards, then reads the tag's next page.
      const more = page.locator('#w .aw-list__more button');
      await more.click();
      await page.waitForFunction(() => document.getElementById('w').shadowRoot.querySelectorAll('.aw-card').length === 10);
      assert.deepEqual(requests().length, 2, 'the first page held 20 of them');
      for (let shownCards = 15; shownCards <= 25; shownCards += 5) {
        await more.click();
        await page.waitForFunction((n) => document.getElementById('w').shadowRoot.querySelectorAll('.aw-card').length === n, shownCards);
      }
      assert.deepEqual(requests(), ['/big/feed.json', tagPage, `/big/tags/${encode(slugOf(METRO))}/feed/9.json`]);
      assert.deepEqual((await numbers(page)).slice(-5), [1000, 1050, 1100, 1150, 1200]);
      assert.deepEqual(page.uncaughtErrors, []);
    } finally {
      await page.context().close();
    }
  });

  test('a tag as readers write it: case, spaces and slashes find the same feed', async () => {
    for (const written of ['ac/dc', ' AC/DC ', 'Ac/Dc']) {
      const { page, requests } = await open(`<article-widget id="w" feed="{feed}" tags="${written}" limit="3" loading="eager"></article-widget>`);
      try {
        assert.deepEqual(requests(), ['/big/feed.json', `/big/tags/${encode(slugOf(ROCK))}/feed.json`], written);
        assert.deepEqual(await numbers(page), [0, 7, 14]);
      } finally {
        await page.context().close();
      }
    }
  });

  test('several tags (any of them): the feed’s pages, filtered', async () => {
    const { page, requests, events } = await open(`<article-widget id="w" feed="{feed}" tags="${METRO}，ac/dc" limit="4" loading="eager"></article-widget>`);
    try {
      // 0, 7 and 14 on feed.json; 21 on the next page.
      assert.deepEqual(requests(), ['/big/feed.json', '/big/feed/499.json']);
      assert.deepEqual(await numbers(page), [0, 7, 14, 21]);
      assert.deepEqual(await events(), [{ type: 'articlewidget:ready', detail: { count: 4 } }]);
    } finally {
      await page.context().close();
    }
  });

  test('without feeds per tag: pages are read until `limit` is found', async () => {
    const { page, requests, events } = await open(`<article-widget id="w" feed="{feed}" tags="ac/dc" limit="5" loading="eager"></article-widget>`, { site: 'plain' });
    try {
      // Articles 0, 7, 14 on the first page; 21, 28, 35 on the next.
      assert.deepEqual(requests(), ['/plain/feed.json', '/plain/feed/499.json']);
      assert.deepEqual(await numbers(page), [0, 7, 14, 21, 28]);
      assert.deepEqual(await events(), [{ type: 'articlewidget:ready', detail: { count: 5 } }], 'one ready, with every card');
    } finally {
      await page.context().close();
    }
  });

  test('without feeds per tag: at most 10 pages, then what was found, and "Load more" reads on', async () => {
    const { page, requests, events } = await open(`<article-widget id="w" feed="{feed}" tags="${METRO}" limit="6" loading="eager"></article-widget>`, { site: 'plain' });
    try {
      const pages = (from, n) => Array.from({ length: n }, (_, k) => `/plain/feed/${from - k}.json`);
      // Six would need article 250, 13 pages in; after feed.json and 10 more, five are found.
      assert.deepEqual(requests(), ['/plain/feed.json', ...pages(499, 10)]);
      assert.deepEqual(await numbers(page), [0, 50, 100, 150, 200]);
      assert.deepEqual(await events(), [{ type: 'articlewidget:ready', detail: { count: 5 } }]);
      // While "Load more" reads on, the cards found stay (no skeleton in
      // their place, which would also take the focus from the button).
      await page.evaluate(() => {
        const root = document.getElementById('w').shadowRoot;
        window.__skeleton = false;
        new MutationObserver(() => { window.__skeleton ||= Boolean(root.querySelector('.aw-skeleton')); }).observe(root, { childList: true, subtree: true });
      });
      const more = page.locator('#w .aw-list__more button');
      await more.click();
      // Ten pages more: articles up to 419, four of them tagged.
      await page.waitForFunction(() => document.getElementById('w').shadowRoot.querySelectorAll('.aw-card').length === 9);
      await page.waitForFunction(() => !document.getElementById('w').shadowRoot.querySelector('.aw-list__more button[aria-busy]'));
      assert.equal(await page.evaluate(() => window.__skeleton), false, 'the five cards stayed while ten pages were read');
      assert.deepEqual((await events()).slice(1), [{ type: 'articlewidget:ready', detail: { count: 6 } }], 'one ready for the ten pages');
      assert.deepEqual(requests(), ['/plain/feed.json', ...pages(499, 20)]);
      assert.deepEqual((await numbers(page)).slice(5), [250, 300, 350, 400]);
      assert.equal(await more.count(), 1, 'still a way to read on');
      assert.deepEqual(page.uncaughtErrors, []);
    } finally {
      await page.context().close();
    }
  });

  test('without feeds per tag: after refresh(), again at most 10 pages on its own, however many "Load more" read', async () => {
    const script = `ArticleWidget.mount(document.getElementById('w'), { feed: '/plain/feed.json', tags: '${METRO}', limit: 6, loading: 'eager' }).then((h) => { window.__handle = h; });`;
    const name = `/p/${++pageNumber}.html`;
    server.serve(`${name}.js`, 'text/javascript; charset=utf-8', `window.addEventListener('load', () => { ${script} });`);
    server.serve(name, 'text/html; charset=utf-8', partnerPage(`<div id="w"></div><script src="${name}.js"></script>`));
    const from = server.requests.length;
    const requests = () => server.requests.slice(from).filter((path) => path.startsWith('/plain/'));
    const page = await newPage(browser, { viewport: { width: 412, height: 823 } });
    try {
      await page.goto(`${server.url}${name}`);
      const readies = (n) => page.waitForFunction((n) => window.__events.filter((e) => e.type === 'articlewidget:ready').length === n, n);
      await readies(1);
      const more = page.locator('#w .aw-list__more button');
      for (const [asked, read] of [[2, 21], [3, 31]]) {
        await more.click();
        await readies(asked);
        assert.equal(requests().length, read);
      }
      await page.evaluate(() => window.__handle.refresh());
      await readies(4);
      assert.equal(requests().length, 31 + 11, 'feed.json and ten pages');
      assert.deepEqual(page.uncaughtErrors, []);
    } finally {
      await page.context().close();
    }
  });

  test('a rare tag without feeds per tag: 10 pages read, the few found shown, the rest on request', async () => {
    const { page, requests } = await open(`<article-widget id="w" feed="{feed}" tags="nothing-like-it" limit="5" loading="eager"></article-widget>`, { site: 'plain' });
    try {
      assert.equal(requests().length, 11);
      assert.deepEqual(await numbers(page), []);
      assert.equal(await page.locator('#w .aw-empty').count(), 1, 'the empty state');
      assert.equal(await page.locator('#w .aw-list__more button').count(), 1, 'and a way to read on');
    } finally {
      await page.context().close();
    }
  });

  test('a tag the site has no feed for (404): nothing found, no error', async () => {
    const { page, requests, events } = await open(`<article-widget id="w" feed="{feed}" tags="无此标签" loading="eager"></article-widget>`);
    try {
      assert.deepEqual(requests(), ['/big/feed.json', `/big/tags/${encode('无此标签')}/feed.json`]);
      assert.deepEqual(await events(), [{ type: 'articlewidget:ready', detail: { count: 0 } }]);
      assert.equal(await page.locator('#w .aw-empty').count(), 1);
      assert.deepEqual(page.uncaughtErrors, []);
    } finally {
      await page.context().close();
    }
  });

  test('refresh re-checks the tag’s own feed, not feed.json, and its new articles wait behind the banner', async () => {
    const base = '/live/';
    const tagged = (n) => ({ ...item(n), id: `live-${n}`, title: `第${n}条新闻`, tags: [METRO] });
    const tagFeed = (count) =>
      JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: '大站', _article: { tag: METRO }, items: Array.from({ length: count }, (_, k) => tagged(count - k)) });
    const tagPath = `${base}tags/${encode(slugOf(METRO))}/feed.json`;
    server.serve(`${base}feed.json`, 'application/feed+json', JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1', title: '大站', _article: { tag_feed_template: `${base}tags/{tag}/feed.json` }, items: [item(1)],
    }));
    server.serve(tagPath, 'application/feed+json', tagFeed(3), { 'cache-control': 'no-cache', etag: '"v1"' });
    const name = `/p/${++pageNumber}.html`;
    server.serve(name, 'text/html; charset=utf-8', partnerPage(`<article-widget id="w" feed="${base}feed.json" tags="${METRO}" refresh="60" limit="5" loading="eager"></article-widget>`));
    const from = server.requests.length;
    const page = await newPage(browser, { viewport: { width: 412, height: 823 } });
    try {
      await page.clock.install();
      await page.goto(`${server.url}${name}`);
      await page.waitForFunction(() => window.__events.some((e) => e.type === 'articlewidget:ready'));
      assert.deepEqual(await numbers(page), [3, 2, 1]);
      const now = await page.evaluate(() => Date.now());
      await page.clock.pauseAt(now + 1000);
      server.serve(tagPath, 'application/feed+json', tagFeed(4), { 'cache-control': 'no-cache', etag: '"v2"' });
      await page.clock.runFor(60_000);
      await page.locator('#w [part="banner"]').waitFor();
      const asked = server.requests.slice(from).filter((path) => path.startsWith(base));
      assert.deepEqual(asked, [`${base}feed.json`, tagPath, tagPath], 'feed.json once, then the tag’s page');
      await page.locator('#w [part="banner"]').click();
      await page.waitForFunction(() => document.getElementById('w').shadowRoot.querySelectorAll('.aw-card').length === 4);
      assert.deepEqual(await numbers(page), [4, 3, 2, 1]);
      assert.deepEqual(page.uncaughtErrors, []);
    } finally {
      await page.context().close();
    }
  });

  test('mount() takes a list, and update() changes the tags', async () => {
    const script = `ArticleWidget.mount(document.getElementById('w'), { feed: '/big/feed.json', tags: ['${METRO}'], limit: 2, loading: 'eager' }).then((h) => { window.__handle = h; });`;
    const name = `/p/${++pageNumber}.html`;
    server.serve(`${name}.js`, 'text/javascript; charset=utf-8', `window.addEventListener('load', () => { ${script} });`);
    server.serve(name, 'text/html; charset=utf-8', partnerPage(`<div id="w"></div><script src="${name}.js"></script>`));
    const page = await newPage(browser, { viewport: { width: 412, height: 823 } });
    try {
      await page.goto(`${server.url}${name}`);
      await page.waitForFunction(() => window.__events.some((e) => e.type === 'articlewidget:ready'));
      assert.deepEqual(await numbers(page), [0, 50]);
      await page.evaluate(() => window.__handle.update({ feed: '/big/feed.json', tags: 'ac/dc', limit: 2, loading: 'eager' }));
      await page.waitForFunction(() => [...document.getElementById('w').shadowRoot.querySelectorAll('.aw-card__title')].map((e) => e.textContent).join() === '第0条新闻,第7条新闻');
      assert.deepEqual(page.uncaughtErrors, []);
    } finally {
      await page.context().close();
    }
  });
});
