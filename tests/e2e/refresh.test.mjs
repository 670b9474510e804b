// End-to-end: live updates (the `refresh` option, and the app's
// `article-widget:refresh` meta tag) against the release build in dist/, in
// Chromium. The page's clock is the test's (`page.clock`): it runs as usual
// until the feed is on screen, then stands still and moves only by
// `runFor`, so a period of minutes passes at once and nothing waits on real
// time. Feeds are `serve`d with an ETag, and the server answers a matching
// `If-None-Match` with 304, as a static host does.
//
// - a partner page (another origin, CORS) whose feed gains articles: a
//   banner over the heading row, announced politely, nothing moves (CLS 0,
//   the same box), axe clean; activated from the keyboard, the new cards on
//   top, focus on the first of them, `articlewidget:ready` again;
// - an unchanged feed: every check a conditional request answered 304, no
//   preflight, and how many requests 10 minutes at `refresh="300"` cost;
// - a hidden page sends nothing, and checks at once when it shows again;
// - a failing check: retried with backoff (load::FetchPolicy), the list
//   kept, the next check at twice the period; after a failed first load, a
//   check that gets through shows the feed;
// - the app, scrolled halfway: the view does not move when new articles
//   arrive, and the banner takes focus to them.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { HOST_JS, appStarted, newPage, partnerSites, windowSettled } from './browser.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = process.env.DIST_DIR ?? join(repo, 'dist');
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// The partner page's watch: layout shifts (without recent input) from the
// first paint, besides HOST_JS's events and errors.
const WATCH = `${HOST_JS}
window.__shift = 0;
new PerformanceObserver(function (list) {
  list.getEntries().forEach(function (entry) { if (!entry.hadRecentInput) __shift += entry.value; });
}).observe({ type: 'layout-shift', buffered: true });
`;

// Every timer the page arms, by its delay: how the test knows the widget
// has armed its next check (installed after the fake clock, so it wraps it).
const TIMERS = `
window.__delays = [];
const fakeSetTimeout = window.setTimeout;
window.setTimeout = function (handler, delay, ...rest) {
  __delays.push(Number(delay) || 0);
  return fakeSetTimeout.call(this, handler, delay, ...rest);
};
`;

const item = (i) => ({
  id: `n${i}`,
  url: `https://news.example/n${i}`,
  title: `News number ${i}`,
  content_text: `The body of article ${i}.`,
  date_published: new Date(Date.UTC(2026, 11, 3, 8, i)).toISOString(),
});
/** A feed of articles `from` down to 1, newest first. */
const feedOf = (from, language = 'en') =>
  JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: 'Live',
    language,
    items: Array.from({ length: from }, (_, k) => item(from - k)),
  });
const cached = (etag) => ({ etag, 'cache-control': 'no-cache' });

/** Resolves once `test()` (run in the page) is true, asking again after each answer: no sleeps. */
async function until(page, test, arg, what) {
  for (let tries = 0; tries < 2000; tries += 1) {
    if (await page.evaluate(test, arg)) return;
  }
  assert.fail(`never: ${what}`);
}

/** Stops the page's clock where it is: from now on it moves only by `runFor`. */
async function pause(page) {
  const now = await page.evaluate(() => Date.now());
  await page.clock.pauseAt(now + 1000);
}

/** How many times the page armed a timer of exactly `ms`. */
const armed = (page, ms) => page.evaluate((ms) => __delays.filter((d) => d === ms).length, ms);

/** Lets `ms` of the page's time pass, then waits until the widget armed its next check (`period` ms). */
async function check(page, ms, period) {
  const before = await armed(page, period);
  await page.clock.runFor(ms);
  await until(page, ([ms, n]) => __delays.filter((d) => d === ms).length > n, [period, before], 'the next check armed');
}

/** Makes the page hidden or visible, as switching tabs does. */
function setHidden(page, hidden) {
  return page.evaluate((hidden) => {
    window.__hidden = hidden;
    if (!window.__visibilityOverridden) {
      window.__visibilityOverridden = true;
      Object.defineProperty(document, 'hidden', { configurable: true, get: () => window.__hidden });
      Object.defineProperty(document, 'visibilityState', {
        configurable: true,
        get: () => (window.__hidden ? 'hidden' : 'visible'),
      });
    }
    document.dispatchEvent(new Event('visibilitychange'));
  }, hidden);
}

describe('live updates: the refresh option', () => {
  let sites;

  before(async () => {
    sites = await partnerSites(dist, WATCH);
  });

  after(async () => {
    await sites?.close();
  });

  /** A partner page with one widget reading `feedPath` from the widget's origin. */
  function partnerPage(path, feedPath, attributes) {
    const cdn = sites.widget.url;
    sites.host.serve(
      path,
      'text/html; charset=utf-8',
      `<!doctype html><html lang="en"><head><meta charset="utf-8">
       <meta name="viewport" content="width=device-width, initial-scale=1"><title>Partner</title>
       <script src="/host.js"></script><link rel="stylesheet" href="${cdn}/embed.css"></head>
       <body style="margin: 16px"><h1>A partner's article</h1>
       <article-widget id="w" feed="${cdn}${feedPath}" loading="eager" limit="5" lang="en" ${attributes}><a href="/">Latest</a></article-widget>
       <script async src="${cdn}/embed.js"></script><p>After the widget.</p></body></html>`,
    );
  }

  /** A page with the fake clock and the timer watch, at `path` of the partner site, its cards shown. */
  async function openPartner(path, cards) {
    const page = await newPage(sites.browser);
    await page.clock.install();
    await page.addInitScript(TIMERS);
    await page.goto(sites.host.url + path);
    await page.locator('#w .aw-card').nth(cards - 1).waitFor();
    await until(page, () => __events.some((e) => e.type === 'articlewidget:ready'), undefined, 'ready');
    return page;
  }

  const readies = (page) =>
    page.evaluate(() => __events.filter((e) => e.type === 'articlewidget:ready').map((e) => e.detail.count));
  const box = (page) =>
    page.evaluate(() => {
      const { x, y, width, height } = document.getElementById('w').getBoundingClientRect();
      return { x, y, width, height };
    });

  test('a feed that gains articles: a polite banner over the heading, nothing moves; Enter shows them on top, focus on the first, ready again', async () => {
    const feed = '/live/gains.json';
    sites.widget.serve(feed, 'application/feed+json', feedOf(3), cached('"v1"'));
    partnerPage('/gains.html', feed, 'refresh="60"');
    const page = await openPartner('/gains.html', 3);
    const reserved = await box(page);
    const heading = await page.locator('#w [part="heading"]').boundingBox();
    await pause(page);

    sites.widget.serve(feed, 'application/feed+json', feedOf(5), cached('"v2"'));
    await page.clock.runFor(60_000);
    const banner = page.locator('#w [part="banner"]');
    await banner.waitFor();
    assert.equal((await banner.textContent()).trim(), '2 new articles');
    assert.equal(sites.widget.count(feed), 2, 'one check in a period');
    assert.equal(sites.widget.headersOf((p) => p === feed)[1]['if-none-match'], '"v1"', 'the browser revalidated');
    assert.deepEqual(sites.widget.statuses(feed), [200, 200], 'a changed feed comes whole');
    // Announced politely: the banner appears inside a status region that was there before.
    assert.equal(await banner.evaluate((b) => b.parentElement.getAttribute('role')), 'status');
    // Over the heading row, in its reserved place: nothing moved, nothing was added.
    const over = await banner.boundingBox();
    assert.ok(Math.abs(over.y - heading.y) < 1 && Math.abs(over.height - heading.height) < 2, JSON.stringify({ over, heading }));
    assert.equal(await page.locator('#w .aw-card').count(), 3, 'the new articles wait');
    assert.deepEqual(await box(page), reserved, 'the widget keeps its box');
    assert.equal(await page.evaluate(() => __shift), 0, 'CLS');
    assert.deepEqual(await readies(page), [3]);

    // axe inside the shadow root, with the banner up (on a running clock: axe has timers).
    await page.clock.resume();
    await page.evaluate(axeSource);
    const { violations } = await page.evaluate(() => window.axe.run(document));
    const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    assert.deepEqual(blocking.map((v) => `${v.id}: ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), [], 'axe with the banner');

    // The keyboard reaches the banner first (it is before the cards), and Enter activates it.
    const focused = () => page.evaluate(() => {
      const active = document.getElementById('w').shadowRoot.activeElement;
      return active && (active.getAttribute('part') || active.closest('.aw-card')?.querySelector('h3')?.textContent);
    });
    for (let tabs = 0; tabs < 3 && (await focused()) !== 'banner'; tabs += 1) await page.keyboard.press('Tab');
    assert.equal(await focused(), 'banner');
    await page.keyboard.press('Enter');
    await until(page, () => document.getElementById('w').shadowRoot.querySelectorAll('.aw-card').length === 5, undefined, 'five cards');
    const titles = await page.locator('#w .aw-card__title').allTextContents();
    assert.deepEqual(titles.map((t) => t.trim()), [5, 4, 3, 2, 1].map((i) => `News number ${i}`));
    assert.equal(await focused(), 'News number 5', 'focus on the first new card');
    assert.equal(await banner.count(), 0, 'the banner is gone');
    await until(page, () => __events.filter((e) => e.type === 'articlewidget:ready').length === 2, undefined, 'ready again');
    assert.deepEqual(await readies(page), [3, 5], 'ready again, with the new count');
    assert.deepEqual(await box(page), reserved, 'the widget keeps its box');
    assert.equal(await page.evaluate(() => __shift), 0, 'CLS');
    assert.deepEqual([...page.uncaughtErrors, ...(await page.evaluate(() => __errors))], []);
    await page.context().close();
  });

  test('an unchanged feed: each check is a conditional request answered 304 (no preflight); 10 minutes at refresh="300"', async () => {
    const feed = '/live/same.json';
    sites.widget.serve(feed, 'application/feed+json', feedOf(4), cached('"same"'));
    partnerPage('/same.html', feed, 'refresh="300"');
    const page = await openPartner('/same.html', 4);
    await pause(page);
    // Ten minutes, in two periods; the widget arms its next check after each.
    await check(page, 300_000, 300_000);
    await check(page, 300_000, 300_000);
    const requests = sites.widget.headersOf((p) => p === feed);
    console.log(
      `refresh="300", unchanged feed, 10 simulated minutes: ${requests.length} requests for the feed ` +
        `(the first load and ${requests.length - 1} checks), answered ${sites.widget.statuses(feed).join(', ')}`,
    );
    assert.equal(requests.length, 3);
    assert.deepEqual(sites.widget.statuses(feed), [200, 304, 304]);
    assert.deepEqual(requests.map((r) => r['if-none-match']), [undefined, '"same"', '"same"'], 'the browser revalidates');
    assert.deepEqual(requests.map((r) => r.method), ['GET', 'GET', 'GET'], 'no CORS preflight');
    assert.equal(sites.widget.headersOf(() => true).filter((r) => r.method === 'OPTIONS').length, 0);
    assert.equal(await page.locator('#w [part="banner"]').count(), 0, 'no banner');
    assert.deepEqual(await readies(page), [4], 'no ready: nothing changed');
    await page.context().close();
  });

  test('a hidden page sends nothing; shown again, it checks at once when a period went by', async () => {
    const feed = '/live/hidden.json';
    sites.widget.serve(feed, 'application/feed+json', feedOf(2), cached('"h"'));
    partnerPage('/hidden.html', feed, 'refresh="60"');
    const page = await openPartner('/hidden.html', 2);
    await pause(page);
    const long = () => page.evaluate(() => __delays.filter((d) => d > 10_000).length);
    const armedBefore = await long();
    await setHidden(page, true);
    // A quarter of an hour in another tab.
    for (let minute = 0; minute < 15; minute += 1) await page.clock.runFor(60_000);
    assert.equal(await long(), armedBefore, 'no check armed while hidden');
    assert.equal(sites.widget.count(feed), 1, 'nothing sent while hidden');
    await setHidden(page, false);
    await page.clock.runFor(1);
    await sites.widget.until(() => sites.widget.count(feed) === 2);
    assert.deepEqual(sites.widget.statuses(feed), [200, 304]);
    await page.context().close();
  });

  test('a failing check is retried with backoff like the first load, and the next check waits twice the period', async () => {
    const feed = '/live/failing.json';
    sites.widget.serve(feed, 'application/feed+json', feedOf(2), cached('"f"'));
    partnerPage('/failing.html', feed, 'refresh="60"');
    const page = await openPartner('/failing.html', 2);
    await pause(page);
    sites.widget.fail(feed, 503);
    const timers = () => page.evaluate(() => __delays.length);
    let seen = await timers();
    await page.clock.runFor(60_000);
    // Each attempt answered 503: the page arms its backoff (under the 10 s
    // time limit each attempt also arms), and the test lets it pass.
    const backoff = [];
    for (let retry = 0; retry < 3; retry += 1) {
      await until(page, (seen) => __delays.slice(seen).some((d) => d > 0 && d < 10_000), seen, `retry ${retry + 1} armed`);
      const delay = await page.evaluate((seen) => __delays.slice(seen).find((d) => d > 0 && d < 10_000), seen);
      backoff.push(delay);
      seen = await timers();
      await page.clock.runFor(delay);
    }
    await until(page, () => __delays.includes(120_000), undefined, 'the next check armed at twice the period');
    assert.deepEqual(sites.widget.statuses(feed), [200, 503, 503, 503, 503], 'a check and its three retries');
    // Exponential with jitter, as load::FetchPolicy: 250–500, 500–1000, 1000–2000 ms.
    backoff.forEach((delay, k) => assert.ok(delay >= 250 * 2 ** k && delay <= 500 * 2 ** k, `retry ${k + 1}: ${delay} ms`));
    assert.equal(await page.locator('#w .aw-card').count(), 2, 'the list stays');
    assert.equal(await page.locator('#w .aw-error').count(), 0, 'no error state for a failed check');
    sites.widget.heal(feed);
    sites.widget.serve(feed, 'application/feed+json', feedOf(2), cached('"f"'));
    await page.clock.runFor(120_000);
    await sites.widget.until(() => sites.widget.count(feed) === 6);
    await until(page, () => __delays.filter((d) => d === 60_000).length > 0, undefined, 'back to the period');
    // After the 503s the browser may have dropped its copy: a 200 or a 304.
    assert.ok([200, 304].includes(sites.widget.statuses(feed).at(-1)), String(sites.widget.statuses(feed)));
    await page.context().close();
  });

  test('after a failed first load, a check that gets through shows the feed', async () => {
    const feed = '/live/down.json';
    sites.widget.fail(feed, 503);
    partnerPage('/down.html', feed, 'refresh="60"');
    const page = await newPage(sites.browser);
    await page.clock.install();
    await page.addInitScript(TIMERS);
    await page.goto(sites.host.url + '/down.html');
    await page.locator('#w .aw-error').waitFor(); // after the first load's retries
    const reserved = await box(page);
    await pause(page);
    sites.widget.heal(feed);
    sites.widget.serve(feed, 'application/feed+json', feedOf(2), cached('"d"'));
    await page.clock.runFor(60_000);
    await page.locator('#w .aw-card').nth(1).waitFor();
    await until(page, () => __events.some((e) => e.type === 'articlewidget:ready'), undefined, 'ready');
    assert.deepEqual(await readies(page), [2]);
    assert.deepEqual(await box(page), reserved, 'in the reserved box');
    await page.context().close();
  });
});

describe('live updates: the app', () => {
  let sites;

  before(async () => {
    sites = await partnerSites(dist);
  });

  after(async () => {
    await sites?.close();
  });

  test('a reader scrolled halfway: new articles move nothing; the banner shows them with focus on the first', async () => {
    const feed = '/live/app.json';
    sites.widget.serve(feed, 'application/feed+json', feedOf(40, 'zh-CN'), cached('"a1"'));
    const index = await readFile(join(dist, 'index.html'), 'utf8');
    const configured = index.replace(
      /<meta name="article-widget:feed" content="[^"]*" \/>/,
      `<meta name="article-widget:feed" content="${feed}" /><meta name="article-widget:refresh" content="60" />`,
    );
    assert.notEqual(configured, index);
    sites.widget.serve('/', 'text/html; charset=utf-8', configured);

    const page = await newPage(sites.browser);
    await page.clock.install();
    await page.addInitScript(TIMERS);
    await page.goto(sites.widget.url + '/');
    await appStarted(page);
    await page.locator('.aw-card').first().waitFor();
    await page.evaluate(() => window.scrollTo(0, (document.documentElement.scrollHeight - innerHeight) / 2));
    await windowSettled(page);
    const view = () =>
      page.evaluate(() => {
        const card = [...document.querySelectorAll('.aw-card')].find((c) => c.getBoundingClientRect().top > innerHeight / 3);
        const { top, bottom } = card.getBoundingClientRect();
        return { scrollY, card: card.querySelector('a').getAttribute('href'), top, bottom };
      });
    const before = await view();
    assert.ok(before.scrollY > 500, `scrolled halfway: ${before.scrollY}`);
    await pause(page);

    sites.widget.serve(feed, 'application/feed+json', feedOf(42, 'zh-CN'), cached('"a2"'));
    await page.clock.runFor(60_000);
    const banner = page.locator('[part="banner"]');
    await banner.waitFor();
    assert.equal((await banner.textContent()).trim(), '有 2 条新信息');
    assert.deepEqual(await view(), before, 'the reader’s view did not move');
    const shown = await banner.boundingBox();
    assert.ok(shown.y >= 0 && shown.y + shown.height <= 900, 'the banner is in the viewport');

    await page.clock.resume();
    await banner.click();
    await until(page, () => document.activeElement?.closest('.aw-card')?.querySelector('h3')?.textContent?.trim() === 'News number 42', undefined, 'focus on the first new card');
    assert.equal(await banner.count(), 0);
    assert.deepEqual(page.uncaughtErrors, []);
    await page.context().close();
  });
});
