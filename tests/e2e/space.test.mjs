// End-to-end: no layout shift. A partner's article page on a phone-sized
// viewport (Lighthouse's mobile one), with the widget above the fold between
// two paragraphs, pasted with the README's snippet (embed.css, the element,
// embed.js), under a strict CSP (no 'unsafe-inline' styles). Every step is
// held until the test lets it go — the page before embed.js, the skeleton
// before the feed, then the loaded (or failed, or empty) widget — and the
// page's `layout-shift` entries are summed from the first paint: at most
// 0.02 in every layout, with and without images, and in the error and empty
// states. The reserved height must also be the loaded height, and the
// policy must never be violated.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchChromium, newPage } from './browser.mjs';
import { startServer } from './server.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = process.env.DIST_DIR ?? join(repo, 'dist');

const MAX_CLS = 0.02;
// SPACE_TEST_CSP replaces the policy for measurements (say, to let an old
// build's <style> through); the suite runs with the strict one.
const STRICT_CSP =
  process.env.SPACE_TEST_CSP ??
  "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self'; connect-src 'self'; base-uri 'none'";
const TEXT = '上海市政协十四届常委会第八次会议今天举行，围绕加快建设“五个中心”的重要使命开展专题协商。'.repeat(2);
const NO_IMAGES = 'show="summary,date,source"';

// Sums the page's layout shifts without recent input from the first paint
// on, records the widget's events and any CSP violation.
const WATCH = `
window.__shift = 0;
window.__shifts = [];
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (entry) {
    if (!entry.hadRecentInput) { __shift += entry.value; __shifts.push(entry.value); }
  });
}).observe({ type: 'layout-shift', buffered: true });
window.__events = [];
['articlewidget:ready', 'articlewidget:error'].forEach(function (type) {
  document.addEventListener(type, function (event) { __events.push(type); });
});
window.__violations = [];
document.addEventListener('securitypolicyviolation', function (event) {
  __violations.push(event.effectiveDirective + ' refused ' + (event.blockedURI || '(inline)'));
});
`;

/** The partner's article, with the widget as the README pastes it. */
function articlePage(name, attributes, element) {
  const widget =
    element === 'div'
      ? `<div id="w" data-article-widget data-feed="/feeds/${name}.json" data-limit="5" ${attributes.replaceAll(/\b(\w+)=/g, 'data-$1=')}>
  <a href="/">最新信息</a>
</div>`
      : `<article-widget id="w" feed="/feeds/${name}.json" limit="5" ${attributes}>
  <a href="/">最新信息</a>
</article-widget>`;
  return `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>Partner article</title>
<script src="/watch.js"></script>
<link rel="stylesheet" href="/partner.css">
</head><body>
<h1>合作伙伴的文章</h1>
<p id="before">${TEXT}</p>
<link rel="stylesheet" href="/embed.css">
${widget}
<script async src="/embed.js"></script>
<p id="after">${TEXT}</p>
<p>${TEXT}</p>
</body></html>`;
}

const PARTNER_CSS = 'body { margin: 0 16px; font: 16px/1.6 serif; } h1 { font-size: 24px; }';

describe('no layout shift on a partner article (strict CSP)', () => {
  let server;
  let browser;
  let feed;
  const results = [];

  before(async () => {
    server = await startServer(dist);
    server.serve('/watch.js', 'text/javascript; charset=utf-8', WATCH);
    server.serve('/partner.css', 'text/css; charset=utf-8', PARTNER_CSS);
    feed = await readFile(join(dist, 'feed.json'), 'utf8');
    browser = await launchChromium();
  });

  after(async () => {
    if (results.length) console.log(results.map((r) => `${r.name}: CLS ${r.cls.toFixed(4)}, ${r.reserved} → ${r.loaded} px`).join('\n'));
    await browser?.close();
    await server?.close();
  });

  /**
   * Opens the page with embed.js and the feed held back, and lets each go
   * in turn: returns the layout shift, the heights and what was violated.
   */
  async function run(name, { attributes = '', element = 'article-widget', answer = 'feed', waitFor = 'articlewidget:ready', probe = false }) {
    const feedPath = `/feeds/${name}.json`;
    if (answer === 'feed') server.serve(feedPath, 'application/feed+json', feed);
    if (answer === 'empty') server.serve(feedPath, 'application/feed+json', JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: '空', items: [] }));
    if (answer === 'missing') server.failNext(feedPath, 404, Infinity);
    server.serve(`/${name}.html`, 'text/html; charset=utf-8', articlePage(name, attributes, element), { 'content-security-policy': STRICT_CSP });
    server.hold('/embed.js');
    server.hold(feedPath);
    const page = await newPage(browser, { viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, isMobile: true, hasTouch: true });
    try {
      await page.goto(`${server.url}/${name}.html`, { waitUntil: 'domcontentloaded' });
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const height = () => page.evaluate(() => document.getElementById('w').getBoundingClientRect().height);
      const reserved = await height();
      server.release('/embed.js');
      await page.locator('#w .aw-skeleton').waitFor();
      const skeleton = await height();
      server.release(feedPath);
      await page.waitForFunction((type) => window.__events.includes(type), waitFor);
      // Late images count too: every shown thumbnail loaded (or failed).
      await page.waitForFunction(() => [...document.getElementById('w').shadowRoot.querySelectorAll('img')].every((img) => img.complete || !img.getClientRects().length));
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const loaded = await height();
      const { cls, shifts, violations } = await page.evaluate(() => ({ cls: __shift, shifts: __shifts, violations: __violations }));
      assert.deepEqual(page.uncaughtErrors, []);
      const result = { name, cls, shifts, reserved, skeleton, loaded, violations };
      // Cards whose content is clipped by their fixed box.
      if (probe)
        result.overflowing = await page.evaluate(() =>
          [...document.getElementById('w').shadowRoot.querySelectorAll('.aw-card')]
            .filter((card) => card.scrollHeight > card.clientHeight + 1)
            .map((card) => card.textContent.slice(0, 20)),
        );
      results.push(result);
      return result;
    } finally {
      server.release('/embed.js');
      server.release(feedPath);
      await page.context().close();
    }
  }

  function check({ name, cls, shifts, reserved, skeleton, loaded, violations }) {
    assert.deepEqual(violations, [], `${name}: the strict CSP was violated`);
    assert.ok(cls <= MAX_CLS, `${name}: CLS ${cls.toFixed(4)} > ${MAX_CLS} (shifts ${shifts.map((v) => v.toFixed(4)).join(', ')})`);
    assert.ok(Math.abs(skeleton - reserved) < 0.5, `${name}: reserved ${reserved} px, skeleton ${skeleton} px`);
    assert.ok(Math.abs(loaded - reserved) < 0.5, `${name}: reserved ${reserved} px, loaded ${loaded} px`);
  }

  for (const layout of ['list', 'grid', 'compact', 'headlines']) {
    test(`${layout}, with images`, async () => check(await run(`${layout}`, { attributes: `layout="${layout}"` })));
    test(`${layout}, without images`, async () => check(await run(`${layout}-text`, { attributes: `layout="${layout}" ${NO_IMAGES}` })));
  }

  test('the data-article-widget form, grid', async () => check(await run('div-grid', { element: 'div', attributes: 'layout="grid"' })));

  test('the error state (a feed that is not there)', async () =>
    check(await run('missing', { answer: 'missing', waitFor: 'articlewidget:error' })));

  test('the empty state (a feed without items)', async () => check(await run('empty', { answer: 'empty' })));

  // One article (`article`): as a card, one card's box whatever `limit`; an id
  // in no page, the same box; whole (`inline`), at least the box of `limit`
  // cards, growing below the fold for a longer article.
  const ONE = 'article="shanghai-five-centres-2024-01-24"';
  test('one article as a card', async () => check(await run('one-card', { attributes: `${ONE} open="link"` })));
  test('one article as a card, the div form, grid', async () =>
    check(await run('one-card-div', { element: 'div', attributes: `${ONE} open="new-tab" layout="grid"` })));
  test('one article not found', async () =>
    check(await run('one-missing', { attributes: 'article="no-such-article" open="link"', waitFor: 'articlewidget:error' })));
  test('one article whole', async () => {
    const { name, cls, shifts, reserved, skeleton, loaded, violations } = await run('one-whole', { attributes: ONE });
    assert.deepEqual(violations, []);
    assert.ok(cls <= MAX_CLS, `${name}: CLS ${cls.toFixed(4)} (shifts ${shifts.join(', ')})`);
    assert.ok(Math.abs(skeleton - reserved) < 0.5, `${name}: reserved ${reserved} px, skeleton ${skeleton} px`);
    assert.ok(loaded >= reserved - 0.5, `${name}: reserved ${reserved} px, loaded ${loaded} px`);
  });

  test('a `show` value the page cannot read still gets cards that fit what they show', async () => {
    const { overflowing } = await run('odd-show', { attributes: 'show=""', probe: true });
    assert.deepEqual(overflowing, []);
  });

  test('a widget that cannot run leaves its fallback without the reserved box (wasm blocked, JavaScript off)', async () => {
    server.serve('/feeds/blocked.json', 'application/feed+json', feed);
    server.serve('/blocked.html', 'text/html; charset=utf-8', articlePage('blocked', '', 'article-widget'), { 'content-security-policy': STRICT_CSP });
    const fallbackOnly = (page) =>
      page.evaluate(() => {
        const widget = document.getElementById('w');
        return widget.getBoundingClientRect().height - widget.querySelector('a').getBoundingClientRect().height;
      });
    const page = await newPage(browser, { viewport: { width: 412, height: 823 } });
    try {
      await page.route('**/*.wasm', (route) => route.abort());
      await page.goto(`${server.url}/blocked.html`);
      await page.waitForFunction(() => document.getElementById('w').hasAttribute('data-aw-off'));
      assert.ok((await fallbackOnly(page)) < 10, 'the reserved box stayed round the fallback');
    } finally {
      await page.context().close();
    }
    const noScript = await newPage(browser, { viewport: { width: 412, height: 823 }, javaScriptEnabled: false });
    try {
      await noScript.goto(`${server.url}/blocked.html`);
      assert.ok((await fallbackOnly(noScript)) < 10, 'the reserved box stayed without JavaScript');
    } finally {
      await noScript.context().close();
    }
  });
});
