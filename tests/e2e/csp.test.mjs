// End-to-end: the release build, published by the CLI and served by Debian's
// nginx with the recipe's Content-Security-Policy
// (deploy/nginx/article-widget.conf), opened in Chromium page type by page
// type — the list, a long (windowed) list, an article, the 404s, a sub-path
// deploy (target/dist-news), the partner demo — and none may break the
// policy: every `securitypolicyviolation` event and every console message
// about the policy fails the test.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { cp, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { appStarted, launchChromium, newPage } from './browser.mjs';
import { POLICIES, startNginx } from './nginx.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = process.env.DIST_DIR ?? join(repo, 'dist');
const distNews = process.env.DIST_NEWS_DIR ?? join(repo, 'target', 'dist-news');
const cli = process.env.ARTICLE_WIDGET_CLI ?? join(repo, 'target', 'debug', 'article-widget-publish');

const SEED_ID = 'shanghai-five-centres-2024-01-24';

/** A copy of a build, with the sample content published into it for `siteUrl`. */
async function publishedCopy(from, siteUrl) {
  const site = await mkdtemp(join(tmpdir(), 'article-widget-csp-'));
  await cp(from, site, { recursive: true });
  if (siteUrl) await promisify(execFile)(cli, ['build', join(repo, 'www', 'content'), '--out', site, '--site-url', siteUrl]);
  return site;
}

/**
 * A page that records every CSP violation: the document's
 * `securitypolicyviolation` events (reported through a binding, which the
 * policy does not govern) and Chromium's console messages about the policy.
 */
async function watchedPage(browser) {
  const page = await newPage(browser);
  page.violations = [];
  let heard;
  page.violation = new Promise((resolve) => (heard = resolve));
  const record = (text) => {
    page.violations.push(text);
    heard(text);
  };
  await page.exposeBinding('__awViolation', (_source, text) => record(text));
  await page.addInitScript(() => {
    document.addEventListener(
      'securitypolicyviolation',
      (event) => window.__awViolation(`${event.effectiveDirective} refused ${event.blockedURI || '(inline)'} in ${event.sourceFile}:${event.lineNumber}`),
      true,
    );
  });
  page.on('console', (message) => {
    if (/Content.Security.Policy|Refused to/i.test(message.text())) record(`console: ${message.text()}`);
  });
  return page;
}

/**
 * Resolves once the app has started, and fails at once, with the violation,
 * if the policy refuses something first (say, a start script it blocks).
 */
function started(page) {
  const refused = page.violation.then((text) => {
    throw new Error(`CSP violation: ${text}`);
  });
  return Promise.race([appStarted(page), refused]);
}

/**
 * Resolves once every image on the page has loaded or failed (a refused
 * image is a violation too) and the events of what happened so far have
 * been delivered.
 */
async function settled(page) {
  await page.waitForFunction(() => [...document.images].every((image) => image.complete));
  // A task after the violation events' tasks, then a round trip after the
  // bindings they called.
  await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
  await page.evaluate(() => 0);
}

async function assertSilent(page, what) {
  await settled(page);
  assert.deepEqual(page.violations, [], `${what}: CSP violations`);
  assert.deepEqual(page.uncaughtErrors, [], `${what}: uncaught errors`);
}

/** Every HTML file under `root`, relative to it. */
async function htmlFiles(root) {
  const entries = await readdir(root, { recursive: true, withFileTypes: true });
  return entries.filter((entry) => entry.isFile() && entry.name.endsWith('.html')).map((entry) => relative(root, join(entry.parentPath, entry.name)));
}

describe('the published site under its Content-Security-Policy', () => {
  let nginx;
  let site;
  let browser;

  before(async () => {
    assert.ok(existsSync(cli), `${cli} is missing: cargo build --bin article-widget-publish`);
    site = await publishedCopy(dist, null);
    nginx = await startNginx(site);
    await promisify(execFile)(cli, ['build', join(repo, 'www', 'content'), '--out', site, '--site-url', `${nginx.url}/`]);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await nginx?.close();
    if (site) await rm(site, { recursive: true, force: true });
  });

  test('the app starts from a file; no page has inline script, event handlers or style attributes', async () => {
    const index = await readFile(join(site, 'index.html'), 'utf8');
    const start = index.match(/<script type="module" src="\/(start-[0-9a-f]{16}\.js)" integrity="sha384-[A-Za-z0-9+/=]+" crossorigin="anonymous"><\/script>/);
    assert.ok(start, 'index.html loads start-<hash>.js');
    // Trunk's preloads of the glue and the wasm stay.
    assert.match(index, /<link rel="modulepreload" href="\/article-widget-[0-9a-f]+\.js"/);
    assert.match(index, /<link rel="preload" href="\/article-widget-[0-9a-f]+_bg\.wasm"[^>]* as="fetch" type="application\/wasm"/);
    const response = await fetch(`${nginx.url}/${start[1]}`);
    assert.equal(response.status, 200);
    assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    assert.match(await response.text(), /^import init\b.* from '\/article-widget-[0-9a-f]+\.js';/m);

    const pages = await htmlFiles(site);
    assert.ok(pages.includes(join('articles', SEED_ID, 'index.html')) && pages.includes('404.html'), pages.join(' '));
    for (const path of pages.filter((path) => path !== 'partner-demo.html')) {
      const html = await readFile(join(site, path), 'utf8');
      const tags = html.match(/<[a-zA-Z][^>]*>/g);
      for (const tag of tags) {
        assert.doesNotMatch(tag, /\son[a-z]+\s*=/i, `${path}: an inline event handler in ${tag}`);
        assert.doesNotMatch(tag, /\sstyle\s*=/i, `${path}: a style attribute in ${tag}`);
        if (/^<script\b/i.test(tag)) {
          // JSON-LD is data: CSP neither runs nor blocks it.
          assert.ok(/\ssrc="/.test(tag) || tag === '<script type="application/ld+json">', `${path}: an inline script ${tag}`);
        }
      }
      assert.doesNotMatch(html, /<style\b/i, `${path}: a <style> element`);
      // The configurator (configure.test.mjs) is a page of its own, not the app.
      if (path !== 'configure.html') assert.ok(html.includes(start[0]), `${path} starts the app from the file`);
    }
  });

  test('the watch hears a violation: a data: image and a style attribute are refused', async () => {
    const page = await watchedPage(browser);
    try {
      await page.goto(`${nginx.url}/`);
      await page.evaluate(() => {
        const image = new Image();
        image.src = 'data:image/gif;base64,R0lGODlhAQABAAAAACwAAAAAAQABAAA=';
        document.body.append(image);
        document.body.setAttribute('style', 'outline: 1px solid red');
      });
      await settled(page);
      assert.ok(page.violations.some((text) => text.startsWith('img-src refused data')), page.violations.join('\n'));
      assert.ok(page.violations.some((text) => text.startsWith('style-src-attr')), page.violations.join('\n'));
    } finally {
      await page.context().close();
    }
  });

  test('the list, an article and back: no violation', async () => {
    const page = await watchedPage(browser);
    try {
      const response = await page.goto(`${nginx.url}/`);
      assert.equal(response.headers()['content-security-policy'], POLICIES.app);
      await started(page);
      await page.locator('.aw-card__link').first().waitFor();
      await assertSilent(page, 'the list');
      await page.locator('.aw-card__link').first().click();
      await page.locator('h1.aw-article__title').waitFor();
      await assertSilent(page, 'an article opened from the list');
      await page.locator('a.aw-back').click();
      await page.locator('.aw-card__link').first().waitFor();
      await assertSilent(page, 'back to the list');
    } finally {
      await page.context().close();
    }
  });

  test('an article’s deep link (prerendered, with JSON-LD): no violation', async () => {
    const page = await watchedPage(browser);
    try {
      const response = await page.goto(`${nginx.url}/articles/${SEED_ID}`);
      assert.equal(response.headers()['content-security-policy'], POLICIES.app);
      assert.match(await response.text(), /<script type="application\/ld\+json">/);
      await started(page);
      await page.locator('h1.aw-article__title').waitFor();
      await assertSilent(page, 'an article');
    } finally {
      await page.context().close();
    }
  });

  test('the 404s, for an unknown article and an unknown path: no violation', async () => {
    for (const path of ['/articles/no-such-article', '/no/such/page']) {
      const page = await watchedPage(browser);
      try {
        const response = await page.goto(nginx.url + path);
        assert.equal(response.status(), 404, path);
        assert.equal(response.headers()['content-security-policy'], POLICIES.app, path);
        await started(page);
        await page.locator('.aw-not-found h1').waitFor();
        await assertSilent(page, path);
      } finally {
        await page.context().close();
      }
    }
  });

  test('the partner demo, every widget on it included: no violation of its own policy', async () => {
    const page = await watchedPage(browser);
    try {
      const response = await page.goto(`${nginx.url}/partner-demo.html`);
      assert.equal(response.headers()['content-security-policy'], POLICIES.demo);
      const widgets = page.locator('article-widget, [data-article-widget]');
      const count = await widgets.count();
      assert.equal(count, 6);
      // The lazy one below the fold loads once it is in view.
      await widgets.last().scrollIntoViewIfNeeded();
      for (let i = 0; i < count; i++) {
        // Cards, or the error state of the widget whose feed does not exist.
        await widgets.nth(i).locator('.aw-card__link, .aw-error').first().waitFor();
      }
      assert.equal(await page.locator('.aw-error').count(), 1);
      await assertSilent(page, 'the partner demo');
    } finally {
      await page.context().close();
    }
  });
});

describe('a long list under the Content-Security-Policy', () => {
  let nginx;
  let site;
  let browser;

  before(async () => {
    site = await publishedCopy(dist, null);
    // The app's feed, long enough for the list to be windowed.
    const items = Array.from({ length: 300 }, (_, i) => ({ id: `a${i}`, title: `第 ${i} 篇`, content_text: '正文。', date_published: '2024-01-24T19:41:00+08:00' }));
    await writeFile(join(site, 'feed.json'), JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: '浦江新闻网', items }));
    nginx = await startNginx(site);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await nginx?.close();
    if (site) await rm(site, { recursive: true, force: true });
  });

  test('the padding that stands for the unrendered cards applies, there and back, with no violation', async () => {
    const page = await watchedPage(browser);
    try {
      await page.goto(`${nginx.url}/`);
      await started(page);
      await page.locator('li.aw-card[aria-setsize="300"]').first().waitFor();
      const padding = () =>
        page.locator('ul.aw-list__items').evaluate((list) => {
          const style = getComputedStyle(list);
          return { top: parseFloat(style.paddingTop), bottom: parseFloat(style.paddingBottom), cards: list.children.length };
        });
      const top = await padding();
      assert.ok(top.cards < 300 && top.bottom > 1000, JSON.stringify(top));
      await assertSilent(page, 'the top of a long list');
      // Halfway down, cards above are padding too.
      await page.evaluate(() => window.scrollTo(0, document.documentElement.scrollHeight / 2));
      await page.locator('li.aw-card[aria-posinset="150"]').waitFor();
      const middle = await padding();
      assert.ok(middle.top > 1000 && middle.bottom > 1000, JSON.stringify(middle));
      await assertSilent(page, 'the middle of a long list');
      // An article far down and back: the list comes back padded around
      // that card, which has the focus again.
      await page.locator('li.aw-card[aria-posinset="150"] .aw-card__link').click();
      await page.locator('h1.aw-article__title').waitFor();
      await page.locator('a.aw-back').click();
      await page.waitForFunction(() => document.activeElement.closest('.aw-card')?.getAttribute('aria-posinset') === '150');
      const back = await padding();
      assert.ok(back.top > 1000 && back.bottom > 1000, JSON.stringify(back));
      await assertSilent(page, 'back to the middle of a long list');
    } finally {
      await page.context().close();
    }
  });
});

describe('a sub-path deploy (--public-url /news/) under the Content-Security-Policy', () => {
  let nginx;
  let root;
  let browser;

  before(async () => {
    assert.ok(existsSync(join(distNews, 'index.html')), `${distNews} is missing: trunk build --release --public-url /news/ --dist target/dist-news`);
    root = await publishedCopy(distNews, null);
    nginx = await startNginx(root, { publicPath: '/news/' });
    await promisify(execFile)(cli, ['build', join(repo, 'www', 'content'), '--out', root, '--site-url', `${nginx.url}/news/`]);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await nginx?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  test('the app starts from /news/start-<hash>.js', async () => {
    const index = await readFile(join(root, 'index.html'), 'utf8');
    assert.match(index, /<script type="module" src="\/news\/start-[0-9a-f]{16}\.js"/);
    assert.doesNotMatch(index, /<script type="module">/);
  });

  test('the list, an article and the 404 under /news/: no violation', async () => {
    const page = await watchedPage(browser);
    try {
      await page.goto(`${nginx.url}/news/`);
      await started(page);
      await page.locator('.aw-card__link').first().waitFor();
      await assertSilent(page, '/news/');
      await page.goto(`${nginx.url}/news/articles/${SEED_ID}`);
      await started(page);
      await page.locator('h1.aw-article__title').waitFor();
      await assertSilent(page, 'an article under /news/');
      const response = await page.goto(`${nginx.url}/news/articles/no-such-article`);
      assert.equal(response.status(), 404);
      assert.equal(response.headers()['content-security-policy'], POLICIES.app);
      await started(page);
      await page.locator('.aw-not-found h1').waitFor();
      await assertSilent(page, 'a 404 under /news/');
    } finally {
      await page.context().close();
    }
  });
});
