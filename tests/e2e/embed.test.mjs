// End-to-end: the embed on partner pages. The widget (dist/: embed.js, glue,
// wasm, sample feed) is served from one origin with CORS, as from a CDN; the
// partner pages from another origin, with a strict CSP. Release build only.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { readdirSync, readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

import { HOST_JS, newPage, partnerSites } from './browser.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = process.env.DIST_DIR ?? join(repo, 'dist');
const screenshots = join(repo, 'target', 'screenshots');
const glue = '/' + readdirSync(dist).find((name) => /^article-widget-embed-[0-9a-f]+\.js$/.test(name));
const wasm = '/' + readdirSync(dist).find((name) => /^article-widget-embed-[0-9a-f]+_bg\.wasm$/.test(name));

const VERSION = readFileSync(join(repo, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];
const NEXT_VERSION = '99.0.0-next';
// The last loader without the brand (tests/fixtures/embed-before-brand.js):
// its global is a frozen { version, mount }.
const OLD_VERSION = '0.0.1-old';
const SEED_ID = 'shanghai-five-centres-2024-01-24';
const SEED_TITLE = '聚焦建设“五个中心”重要使命 陈吉宁与政协委员在专题会议上深入交流';


const HOSTILE_CSS = `
* { color: red !important; font-size: 30px !important; line-height: 3 !important;
    font-family: serif !important; letter-spacing: 4px !important; text-transform: uppercase !important;
    font-weight: 900 !important; text-align: right !important; box-sizing: content-box !important; }
div { display: flex !important; padding: 20px !important; }
a { color: red; text-decoration: underline wavy; }
li { list-style: square !important; margin: 30px !important; }
h1, h2, h3 { border: 5px dotted green !important; }
img { filter: grayscale(1) !important; }
`;

describe('the embed on a partner page', () => {
  let widget; // the CDN: dist/ with CORS
  let host; // the partner site, another origin
  let browser;
  let close;
  let feedJson;

  const csp = (extra = "'wasm-unsafe-eval'") => `script-src 'self' ${widget.url} ${extra}`;

  function hostPage(path, { body, css = '', policy = csp(), embedTwice = false, embedded = true }) {
    const embed = `<script async src="${widget.url}/embed.js"></script>`;
    host.serve(
      path,
      'text/html; charset=utf-8',
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner</title>
       <style>${css}</style><script src="/host.js"></script></head>
       <body><h1>Partner news site</h1>${body}${embedded ? embed : ''}${embedTwice ? embed : ''}</body></html>`,
      { 'content-security-policy': policy },
    );
  }

  const widgetTag = (id, attributes) =>
    `<article-widget id="${id}" ${attributes}><a href="${widget.url}/">最新信息</a></article-widget>`;

  before(async () => {
    ({ widget, host, browser, close } = await partnerSites(dist, HOST_JS));
    feedJson = await readFile(join(dist, 'feed.json'), 'utf8');
    const feed = `${widget.url}/feed.json`;
    const body = `
      ${widgetTag('w1', `feed="${feed}" limit="3" loading="eager"`)}
      <div id="w2" data-article-widget data-feed="${feed}" data-limit="5" data-layout="grid" data-theme="dark" data-loading="eager"><a href="${widget.url}/">Fallback</a></div>
      ${widgetTag('broken', `feed="${widget.url}/missing/feed.json" loading="eager"`)}
      ${widgetTag('auto', `feed="${feed}" limit="1" theme="auto" loading="eager" lang="en"`)}
      <div style="height: 4000px">spacer</div>
      ${widgetTag('lazy', `feed="${widget.url}/lazy/feed.json" limit="2"`)}`;
    hostPage('/hostile.html', { body, css: HOSTILE_CSS, embedTwice: true });
    hostPage('/plain.html', { body });
    hostPage('/bare.html', { body: '<p>no widgets</p>' });
    hostPage('/no-embed.html', { body: '<p>no widgets</p>', embedded: false });
    hostPage('/no-wasm.html', { body, policy: csp('') });
    hostPage('/plain-no-embed.html', { body, embedded: false });
    const loader = await readFile(join(dist, 'embed.js'), 'utf8');
    const quoted = [`"${VERSION}"`, `'${VERSION}'`].find((q) => loader.includes(q));
    assert.ok(quoted && loader.split(quoted).length === 2, 'embed.js holds its version once');
    widget.serve('/embed-next.js', 'text/javascript', loader.replace(quoted, `"${NEXT_VERSION}"`));
  });

  after(async () => {
    await close?.();
  });

  async function open(path, options) {
    const page = await newPage(browser, options);
    await page.goto(host.url + path);
    return page;
  }

  async function readyWidgets(page) {
    await page.locator('#w1 .aw-card__link').first().waitFor();
    await page.locator('#w2 .aw-card__link').first().waitFor();
    await page.locator('#broken .aw-error').waitFor();
  }

  async function done(page) {
    assert.deepEqual(page.uncaughtErrors, [], 'no uncaught errors in the page');
    assert.deepEqual(await page.evaluate(() => window.__errors), [], 'nothing reached window.onerror');
    await page.context().close();
  }

  test('widgets render on a hostile page; the broken one alone shows its error', async () => {
    widget.serve('/lazy/feed.json', 'application/feed+json', feedJson);
    const before = { glue: widget.count(glue), wasm: widget.count(wasm) };
    const page = await open('/hostile.html');
    await readyWidgets(page);
    assert.equal(await page.locator('#w1 .aw-card__link').count(), 3);
    assert.equal(await page.locator('#w1 .aw-card__link').first().textContent(), SEED_TITLE);
    assert.equal(await page.locator('#w2 .aw-card__link').count(), 5);
    // Relative links in the feed resolve against the feed's URL (the CDN), not the partner page.
    assert.equal(
      await page.locator('#w1 .aw-card__thumb').first().evaluate((img) => img.src),
      `${widget.url}/images/five-centres.svg`,
    );
    assert.ok(await page.locator('#w1 .aw-card__thumb').first().evaluate((img) => img.complete && img.naturalWidth > 0));
    // No feed, no lang attribute: the error speaks the reader's browser language (en-US here).
    assert.equal(await page.locator('#broken .aw-error__message').textContent(), 'The feed does not exist (HTTP 404).');
    assert.equal(await page.locator('#broken .aw-error__site').getAttribute('href'), `${widget.url}/`);

    const events = await page.evaluate(() => window.__events);
    const ready = (id) => events.find((e) => e.type === 'articlewidget:ready' && e.target === id);
    assert.deepEqual(ready('w1').detail, { count: 3 });
    assert.deepEqual(ready('w2').detail, { count: 5 });
    const error = events.find((e) => e.type === 'articlewidget:error');
    assert.equal(error.target, 'broken');
    assert.equal(error.detail.kind, 'http');
    assert.match(error.detail.message, /404/);

    // embed.js is on the page twice; the module still loads once.
    assert.equal(widget.count(glue) - before.glue, 1);
    assert.equal(widget.count(wasm) - before.wasm, 1);
    assert.equal(await page.evaluate(() => typeof window.ArticleWidget.mount), 'function');
    await page.screenshot({ path: join(screenshots, 'embed-hostile.png'), fullPage: false });
    await done(page);
  });

  test('the only global is window.ArticleWidget, with widgets mounted and an article open', async () => {
    const withEmbed = await open('/plain.html');
    await readyWidgets(withEmbed);
    await withEmbed.locator('#w1 .aw-card__link').first().click();
    await withEmbed.locator('#w1 h1.aw-article__title').waitFor();
    const names = await withEmbed.evaluate(() => Object.getOwnPropertyNames(window));
    await done(withEmbed);
    // The same page, host script and elements, without embed.js.
    const without = await open('/plain-no-embed.html');
    const baseline = await without.evaluate(() => Object.getOwnPropertyNames(window));
    await without.context().close();
    assert.deepEqual(names.filter((name) => !baseline.includes(name)), ['ArticleWidget']);
  });

  test("host CSS does not reach in: computed styles equal a plain page's", async () => {
    const selectors = ['.aw-widget', '.aw-list__heading', '.aw-card__link', '.aw-card__summary', '.aw-card__meta time', '.aw-card__thumb'];
    const properties = ['color', 'font-size', 'font-family', 'font-weight', 'line-height', 'letter-spacing', 'text-transform', 'text-align', 'display', 'margin-top', 'padding-top', 'border-top-width', 'box-sizing', 'filter'];
    const styles = async (path) => {
      const page = await open(path);
      await readyWidgets(page);
      const result = await page.evaluate(
        ([selectors, properties]) =>
          selectors.map((selector) => {
            const element = document.querySelector('#w1').shadowRoot.querySelector(selector);
            const style = getComputedStyle(element);
            return [selector, Object.fromEntries(properties.map((p) => [p, style.getPropertyValue(p)]))];
          }),
        [selectors, properties],
      );
      await done(page);
      return result;
    };
    assert.deepEqual(await styles('/hostile.html'), await styles('/plain.html'));
  });

  test('attribute changes re-render live', async () => {
    const page = await open('/plain.html');
    await readyWidgets(page);
    await page.evaluate(() => {
      const w1 = document.getElementById('w1');
      w1.setAttribute('limit', '2');
      w1.setAttribute('heading', '头条');
      document.getElementById('w2').setAttribute('data-layout', 'headlines');
    });
    await page.waitForFunction(() => document.querySelector('#w1').shadowRoot.querySelectorAll('.aw-card').length === 2);
    assert.equal(await page.locator('#w1 .aw-list__heading').textContent(), '头条');
    await page.locator('#w2 .aw-widget[data-layout="headlines"]').waitFor();
    await done(page);
  });

  test('theme="auto" follows prefers-color-scheme without a reload', async () => {
    const page = await newPage(browser, { colorScheme: 'light' });
    await page.goto(host.url + '/plain.html');
    const root = page.locator('#auto .aw-widget');
    await page.locator('#auto .aw-card__link').waitFor();
    const background = () => root.evaluate((element) => getComputedStyle(element).backgroundColor);
    assert.equal(await background(), 'rgb(255, 255, 255)');
    assert.equal(await page.locator('#auto .aw-list__heading').textContent(), 'Latest');
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.waitForFunction(
      () => getComputedStyle(document.querySelector('#auto').shadowRoot.querySelector('.aw-widget')).backgroundColor === 'rgb(29, 31, 33)',
    );
    assert.equal(
      await page.locator('#w2 .aw-widget').evaluate((element) => getComputedStyle(element).backgroundColor),
      'rgb(29, 31, 33)',
    );
    await page.screenshot({ path: join(screenshots, 'embed-dark.png') });
    await done(page);
  });

  test('a lazy widget below the fold fetches only when scrolled near', async () => {
    widget.serve('/lazy/feed.json', 'application/feed+json', feedJson);
    const before = widget.count('/lazy/feed.json');
    const page = await open('/plain.html');
    await readyWidgets(page);
    await page.locator('#auto .aw-card__link').waitFor();
    assert.equal(widget.count('/lazy/feed.json'), before, 'not fetched while far below the fold');
    assert.equal(await page.locator('#lazy .aw-skeleton').count(), 1, 'a skeleton holds its place');
    await page.locator('#lazy').scrollIntoViewIfNeeded();
    await page.locator('#lazy .aw-card__link').first().waitFor();
    assert.equal(widget.count('/lazy/feed.json'), before + 1);
    await done(page);
  });

  test('a card opens the article inside the widget and reports it; back returns', async () => {
    const page = await open('/plain.html');
    await readyWidgets(page);
    await page.locator('#w1 .aw-card__link').first().click();
    await page.locator('#w1 h1.aw-article__title').waitFor();
    assert.equal(await page.locator('#w1 h1').textContent(), SEED_TITLE);
    assert.equal(await page.locator('#w1 .aw-article__source').textContent(), '文章来源:上观新闻');
    assert.equal(new URL(page.url()).pathname, '/plain.html', 'the host page did not navigate');
    const opened = (await page.evaluate(() => window.__events)).find((e) => e.type === 'articlewidget:open');
    assert.deepEqual(opened, {
      type: 'articlewidget:open',
      target: 'w1',
      detail: { id: SEED_ID, url: `${widget.url}/articles/${SEED_ID}` },
    });
    await page.locator('#w1 a.aw-back').click();
    await page.locator('#w1 .aw-card__link').first().waitFor();
    await done(page);
  });

  test('ArticleWidget.mount returns a handle; destroy() aborts, restores the fallback, and nothing follows', async () => {
    const held = '/held/feed.json';
    widget.serve(held, 'application/feed+json', feedJson);
    widget.hold(held);
    try {
      const page = await open('/plain.html');
      await page.waitForFunction(() => window.ArticleWidget);
      await page.evaluate(() => {
        const element = document.createElement('div');
        element.id = 'manual';
        element.innerHTML = '<a href="/">最新信息</a>';
        document.body.prepend(element);
      });
      const requested = widget.until(() => widget.count(held) === 1);
      await page.evaluate(
        async (feed) => {
          window.__handle = await window.ArticleWidget.mount(document.getElementById('manual'), { feed, loading: 'eager', limit: 4 });
        },
        `${widget.url}${held}`,
      );
      await requested;
      await page.locator('#manual .aw-skeleton').waitFor();
      await page.evaluate(() => window.__handle.destroy());
      await widget.untilAborted(held);
      assert.equal(await page.evaluate(() => document.getElementById('manual').shadowRoot.innerHTML), '<slot></slot>');
      assert.ok(await page.locator('#manual > a').isVisible(), 'the fallback link shows again');
      await page.evaluate(() => {
        window.__handle.refresh();
        window.__handle.destroy();
      });
      widget.release(held);
      assert.equal(widget.count(held), 1, 'no request after destroy');
      const events = await page.evaluate(() => window.__events.filter((e) => e.target === 'manual'));
      assert.deepEqual(events, []);
      await done(page);
    } finally {
      widget.release(held);
    }
  });

  test('elements a host SPA adds later are picked up, and torn down when removed', async () => {
    const page = await open('/bare.html');
    await page.waitForFunction(() => window.ArticleWidget);
    await page.evaluate((feed) => {
      const element = document.createElement('div');
      element.id = 'late';
      element.setAttribute('data-article-widget', '');
      element.setAttribute('data-feed', feed);
      element.setAttribute('data-loading', 'eager');
      element.setAttribute('data-limit', '2');
      element.innerHTML = '<a href="/">最新信息</a>';
      window.__late = element;
      document.body.append(element);
    }, `${widget.url}/feed.json`);
    await page.locator('#late .aw-card__link').first().waitFor();
    await page.evaluate(() => window.__late.remove());
    await page.waitForFunction(() => window.__late.shadowRoot.innerHTML === '<slot></slot>');
    await done(page);
  });

  test('refresh() fetches the feed again and reports ready again', async () => {
    const page = await open('/bare.html');
    await page.waitForFunction(() => window.ArticleWidget);
    const feedPath = '/feed.json';
    const before = widget.count(feedPath);
    await page.evaluate(async (feed) => {
      const element = document.createElement('div');
      element.id = 'refreshed';
      document.body.append(element);
      window.__handle = await window.ArticleWidget.mount(element, { feed, loading: 'eager', limit: 2 });
    }, `${widget.url}${feedPath}`);
    await page.locator('#refreshed .aw-card__link').first().waitFor();
    await page.evaluate(() => window.__handle.refresh());
    await page.waitForFunction(() => window.__events.filter((e) => e.target === 'refreshed' && e.type === 'articlewidget:ready').length >= 2);
    assert.equal(widget.count(feedPath), before + 2);
    await done(page);
  });

  test('destroy() while a retry waits: no request follows, even after the retry time', async () => {
    const doomed = '/retry/doomed.json';
    const control = '/retry/control.json';
    // 503 with Retry-After: 1 schedules a retry exactly one second after the answer.
    widget.fail(doomed, 503, { 'retry-after': '1' });
    widget.fail(control, 503, { 'retry-after': '1' });
    try {
      const page = await open('/bare.html');
      await page.waitForFunction(() => window.ArticleWidget);
      const mount = (id, path) =>
        page.evaluate(
          async ({ id, feed }) => {
            const element = document.createElement('div');
            element.id = id;
            document.body.append(element);
            window[`__${id}`] = await window.ArticleWidget.mount(element, { feed, loading: 'eager' });
          },
          { id, feed: `${widget.url}${path}` },
        );
      await mount('doomed', doomed);
      await widget.until(() => widget.count(doomed) === 1);
      // Once the 503 is in the page's resource timing, its retry is waiting.
      await page.waitForFunction((url) => performance.getEntriesByName(url).length > 0, `${widget.url}${doomed}`);
      await page.evaluate(() => {
        window.__doomed.destroy();
        window.__doomed.refresh();
      });
      // A control widget mounted after destroy() gets the same answer later,
      // so its retry, one second after its first answer, comes after the
      // destroyed widget's would have.
      await mount('control', control);
      await widget.until(() => widget.count(control) === 2);
      assert.equal(widget.count(doomed), 1, 'the destroyed widget retried');
      assert.deepEqual(await page.evaluate(() => window.__events.filter((e) => e.target === 'doomed')), []);
      await done(page);
    } finally {
      widget.heal(doomed);
      widget.heal(control);
    }
  });

  test('an element with id="ArticleWidget" does not stop the loader', async () => {
    hostPage('/named.html', { body: `<div id="ArticleWidget">a partner's own element</div>${widgetTag('w1', `feed="${widget.url}/feed.json" loading="eager"`)}` });
    const page = await open('/named.html');
    await page.locator('#w1 .aw-card__link').first().waitFor({ timeout: 20000 });
    assert.equal(await page.evaluate(() => window.ArticleWidget.version), VERSION);
    assert.equal(await page.evaluate(() => typeof window.ArticleWidget.mount), 'function');
    await done(page);
  });

  test('a cross-origin frame named ArticleWidget does not stop the loader, and nothing is thrown', async () => {
    widget.serve('/frame.html', 'text/html; charset=utf-8', '<!doctype html><title>Frame</title><p>another origin');
    // The loader starts once the frame is another origin's window: before
    // its load it is still this origin's about:blank.
    host.serve('/after-frame.js', 'text/javascript', `
      document.querySelector('iframe').addEventListener('load', function () {
        window.__crossOrigin = (function () {
          try { Object.prototype.hasOwnProperty.call(window.ArticleWidget, 'x'); return false; } catch (e) { return true; }
        })();
        var script = document.createElement('script');
        script.src = ${JSON.stringify(`${widget.url}/embed.js`)};
        document.body.appendChild(script);
      });`);
    hostPage('/framed.html', {
      body: `<iframe name="ArticleWidget" src="${widget.url}/frame.html"></iframe>
        ${widgetTag('w1', `feed="${widget.url}/feed.json" loading="eager"`)}<script src="/after-frame.js"></script>`,
      embedded: false,
    });
    const page = await open('/framed.html');
    await page.locator('#w1 .aw-card__link').first().waitFor({ timeout: 20000 });
    assert.equal(await page.evaluate(() => window.__crossOrigin), true, 'the global was a cross-origin window');
    assert.equal(await page.evaluate(() => window.ArticleWidget.version), VERSION);
    await done(page);
  });

  test('a loader from before the brand runs already: the new one warns naming both and leaves it alone', async () => {
    // That loader imported its glue as an ES module; today's glue is a
    // classic script (scripts/embed-loader.mjs), so the old loader gets a
    // module that loads it and hands on its exports.
    widget.serve(
      '/old-glue.mjs',
      'text/javascript',
      `const glue = await new Promise((resolve, reject) => {
        const script = document.createElement('script');
        script.addEventListener('article-widget:glue', (event) => resolve(event.detail));
        script.addEventListener('error', reject);
        script.src = new URL(${JSON.stringify(glue.slice(1))}, import.meta.url).href;
        document.head.append(script);
      });
      export default glue.init;
      export const mount = glue.mount;`,
    );
    const old = readFileSync(join(repo, 'tests', 'fixtures', 'embed-before-brand.js'), 'utf8')
      .replace('__VERSION__', OLD_VERSION)
      .replace('__GLUE__', 'old-glue.mjs')
      .replace('__WASM__', wasm.slice(1));
    widget.serve('/embed-old.js', 'text/javascript', old);
    hostPage('/old-loader.html', {
      body: `${widgetTag('w1', `feed="${widget.url}/feed.json" loading="eager"`)}
        <div id="w2" data-article-widget data-feed="${widget.url}/feed.json" data-loading="eager"><a href="${widget.url}/">Fallback</a></div>
        <script src="${widget.url}/embed-old.js"></script><script src="${widget.url}/embed.js"></script>`,
      embedded: false,
    });
    const page = await newPage(browser);
    const warned = page.waitForEvent('console', { predicate: (m) => m.text().includes('[article-widget]'), timeout: 20000 });
    await page.goto(host.url + '/old-loader.html');
    assert.equal((await warned).text(), `[article-widget] embed.js ${VERSION} not started: ${OLD_VERSION} already runs here`);
    await page.locator('#w1 .aw-card__link').first().waitFor();
    await page.locator('#w2 .aw-card__link').first().waitFor();
    assert.equal(await page.evaluate(() => window.ArticleWidget.version), OLD_VERSION, 'the old global stays');
    await done(page);
  });

  test('<article-widget> already defined by another script: the loader warns and does nothing', async () => {
    host.serve('/defines.js', 'text/javascript', "customElements.define('article-widget', class extends HTMLElement {});");
    hostPage('/defined.html', {
      body: `<script src="/defines.js"></script>${widgetTag('w1', `feed="${widget.url}/feed.json" loading="eager"`)}
        <div id="w2" data-article-widget data-feed="${widget.url}/feed.json" data-loading="eager"><a href="${widget.url}/">Fallback</a></div>
        <script src="${widget.url}/embed.js"></script>`,
      embedded: false,
    });
    const page = await newPage(browser);
    const warned = page.waitForEvent('console', { predicate: (m) => m.text().includes('[article-widget]'), timeout: 20000 });
    await page.goto(host.url + '/defined.html');
    assert.equal((await warned).text(), `[article-widget] embed.js ${VERSION} not started: another loader already runs here`);
    assert.equal(await page.evaluate(() => typeof window.ArticleWidget), 'undefined', 'no global is defined');
    assert.ok(await page.locator('#w2 > a').isVisible(), 'the fallback stays');
    await done(page);
  });

  test("the page's own window.ArticleWidget is neither overwritten nor used: the widgets keep their fallback", async () => {
    host.serve('/own-global.js', 'text/javascript', 'var ArticleWidget = { config: 1 };');
    hostPage('/own-global.html', {
      body: `<script src="/own-global.js"></script>${widgetTag('w1', `feed="${widget.url}/feed.json" loading="eager"`)}
        <script src="${widget.url}/embed.js"></script>`,
      embedded: false,
    });
    const page = await newPage(browser);
    const warned = page.waitForEvent('console', { predicate: (m) => m.text().includes('[article-widget]'), timeout: 20000 });
    await page.goto(host.url + '/own-global.html');
    assert.equal((await warned).text(), `[article-widget] embed.js ${VERSION} not started: the page has its own window.ArticleWidget`);
    assert.deepEqual(await page.evaluate(() => window.ArticleWidget), { config: 1 });
    assert.equal(await page.evaluate(() => customElements.get('article-widget')), undefined, 'no element is defined');
    assert.ok(await page.locator('#w1 > a').isVisible(), 'the fallback stays');
    await done(page);
  });

  test("loaded as a module, the loader guesses no URL: another vendor's embed.js folder is never asked", async () => {
    host.serve('/vendor/embed.js', 'text/javascript', 'window.__vendor = true;');
    const before = host.requests.length;
    hostPage('/as-module.html', {
      body: `<script src="/vendor/embed.js"></script>${widgetTag('w1', `feed="${widget.url}/feed.json" loading="eager"`)}
        <script type="module" src="${widget.url}/embed.js"></script>`,
      embedded: false,
    });
    const page = await newPage(browser);
    const warned = page.waitForEvent('console', { predicate: (m) => m.text().includes('[article-widget]'), timeout: 20000 });
    await page.goto(host.url + '/as-module.html');
    assert.match((await warned).text(), /with <script src>, not as a module/);
    const asked = host.requests.slice(before).filter((path) => path.startsWith('/vendor/') && path !== '/vendor/embed.js');
    assert.deepEqual(asked, [], 'nothing loaded from the other embed.js folder');
    assert.ok(await page.locator('#w1 > a').isVisible(), 'the fallback stays');
    await done(page);
  });

  test('two versions of the loader on one page: the first one runs, the second warns naming both', async () => {
    for (const [first, second, running, ignored] of [
      ['/embed.js', '/embed-next.js', VERSION, NEXT_VERSION],
      ['/embed-next.js', '/embed.js', NEXT_VERSION, VERSION],
    ]) {
      const before = widget.count(glue);
      hostPage('/two-versions.html', {
        body: `${widgetTag('w1', `feed="${widget.url}/feed.json" loading="eager"`)}
          <script src="${widget.url}${first}"></script><script src="${widget.url}${second}"></script>`,
        embedded: false,
      });
      const page = await newPage(browser);
      const warned = page.waitForEvent('console', { predicate: (m) => m.text().includes('[article-widget]'), timeout: 20000 });
      await page.goto(host.url + '/two-versions.html');
      assert.equal(
        (await warned).text(),
        `[article-widget] embed.js ${ignored} not started: ${running} already runs here`,
      );
      await page.locator('#w1 .aw-card__link').first().waitFor();
      assert.equal(await page.evaluate(() => window.ArticleWidget.version), running);
      assert.equal(widget.count(glue) - before, 1, 'the module loads once');
      await done(page);
    }
  });

  test('no image the widget loads sends a Referer: thumbnails, lead images and content images', async () => {
    const svg = '<svg xmlns="http://www.w3.org/2000/svg" width="8" height="8"/>';
    for (const name of ['thumb', 'lead', 'inline']) {
      widget.serve(`/ref/${name}.svg`, 'image/svg+xml', svg, { 'cache-control': 'no-store' });
    }
    const feed = (image) => JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Images',
      items: [{ id: 'i', title: 'Images', image, content_html: '<p>Text</p><p><img src="inline.svg" alt="inline"></p>' }],
    });
    widget.serve('/ref/cards.json', 'application/feed+json', feed('thumb.svg'));
    widget.serve('/ref/article.json', 'application/feed+json', feed('lead.svg'));
    hostPage('/referrer.html', {
      body: `${widgetTag('cards', `feed="${widget.url}/ref/cards.json" loading="eager"`)}
        ${widgetTag('article', `feed="${widget.url}/ref/article.json" loading="eager" show="summary"`)}`,
    });
    const page = await open('/referrer.html');
    await page.locator('#article .aw-card__link').click();
    await page.locator('#article h1').waitFor();
    const images = ['/ref/thumb.svg', '/ref/lead.svg', '/ref/inline.svg'];
    await widget.until(() => images.every((path) => widget.count(path) > 0));
    const sent = widget.headersOf((path) => images.includes(path));
    assert.deepEqual(sent.filter((request) => 'referer' in request).map((r) => `${r.pathname}: ${r.referer}`), []);
    await done(page);
  });

  test('with the wasm missing (404), the fallback stays and nothing is thrown', async () => {
    widget.fail(wasm, 404);
    try {
      const page = await newPage(browser);
      const warned = page.waitForEvent('console', (message) => message.text().includes('[article-widget]'));
      await page.goto(host.url + '/plain.html');
      await warned;
      assert.ok(await page.locator('#w2 > a').isVisible());
      assert.equal(await page.evaluate(() => document.getElementById('w2').shadowRoot), null);
      await done(page);
    } finally {
      widget.heal(wasm);
    }
  });

  test('with the wasm blocked by CSP, the fallback stays and nothing is thrown', async () => {
    const page = await newPage(browser);
    const warned = page.waitForEvent('console', (message) => message.text().includes('[article-widget]'));
    await page.goto(host.url + '/no-wasm.html');
    await warned;
    assert.ok(await page.locator('#w1 > a').isVisible());
    assert.equal(await page.evaluate(() => document.getElementById('w1').shadowRoot), null);
    await done(page);
  });

  test('the demo partner page shows every configuration', async () => {
    const page = await newPage(browser, { viewport: { width: 1280, height: 1000 } });
    await page.goto(widget.url + '/partner-demo.html');
    await page.locator('article-widget .aw-error').waitFor();
    await page.locator('article-widget [data-layout="grid"] .aw-card__link').first().waitFor();
    await page.locator('article-widget [data-layout="headlines"] .aw-card__link').first().waitFor();
    await page.locator('#themed .aw-card__link').first().waitFor();
    assert.equal(await page.locator('#themed .aw-list__heading').textContent(), 'Latest');
    assert.equal(await page.locator('#themed .aw-card__link').first().getAttribute('target'), '_blank');
    await page.screenshot({ path: join(screenshots, 'partner-demo.png'), fullPage: true });
    assert.deepEqual(page.uncaughtErrors, []);
    await page.context().close();
  });
});
