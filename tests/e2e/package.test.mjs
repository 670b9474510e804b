// End-to-end: the npm package (scripts/pack.mjs's tarball, unpacked) on a
// page that imports it through an import map, alone and together with the
// script-tag loader (embed.js, of this version or another) in both orders:
// the first loader wins and serves every widget, the other warns naming both
// versions, each widget renders once, its events reach the page, destroy()
// and removal stop its requests. And the version agrees everywhere. Needs the
// release build and `node scripts/pack.mjs` (scripts/test.sh runs both first).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

import { startServer } from './server.mjs';
import { HOST_JS, launchChromium, newPage } from './browser.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = process.env.DIST_DIR ?? join(repo, 'dist');
const VERSION = readFileSync(join(repo, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];
const NEXT_VERSION = '99.0.0-next';
const tarball = join(repo, 'target', 'npm', `article-widget-${VERSION}.tgz`);
const unpacked = join(repo, 'target', 'package-test');
const jsGlue = '/' + readdirSync(dist).find((name) => /^article-widget-embed-[0-9a-f]+\.js$/.test(name));
const SEED_ID = 'shanghai-five-centres-2024-01-24';

const IMPORT_MAP = '<script type="importmap">{"imports": {"article-widget": "/package/index.js"}}</script>';

describe('the npm package on a page', () => {
  let widget; // the CDN: dist/ with CORS, for embed.js
  let host; // the app: the unpacked package under /package/, and the pages
  let browser;
  let manifest;
  let esGlue;

  before(async () => {
    rmSync(unpacked, { recursive: true, force: true });
    mkdirSync(unpacked, { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', unpacked]);
    manifest = JSON.parse(readFileSync(join(unpacked, 'package', 'package.json'), 'utf8'));
    esGlue = '/package/' + readdirSync(join(unpacked, 'package')).find((name) => name.endsWith('.mjs'));
    widget = await startServer(dist, { cors: true });
    host = await startServer(unpacked);
    host.serve('/host.js', 'text/javascript', HOST_JS);
    const loader = readFileSync(join(dist, 'embed.js'), 'utf8');
    const quoted = [`"${VERSION}"`, `'${VERSION}'`].find((q) => loader.includes(q));
    widget.serve('/embed-next.js', 'text/javascript', loader.replace(quoted, `"${NEXT_VERSION}"`));
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await widget?.close();
    await host?.close();
  });

  /** A page with two widgets (both element forms) and `scripts` at the end of its body. */
  function page(path, scripts, { head = '' } = {}) {
    const feed = `${widget.url}/feed.json`;
    host.serve(
      path,
      'text/html; charset=utf-8',
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>App</title>
       <script src="/host.js"></script>${head}${IMPORT_MAP}</head><body>
       <article-widget id="w1" feed="${feed}" limit="3" loading="eager"><a href="${widget.url}/">最新信息</a></article-widget>
       <div id="w2" data-article-widget data-feed="${feed}" data-limit="2" data-layout="grid" data-loading="eager"><a href="/">Fallback</a></div>
       ${scripts}</body></html>`,
    );
  }
  const definePackage = (then = '') =>
    `<script type="module">import { define } from 'article-widget'; define(); ${then}</script>`;
  // The script tag added by the module after define(): a deterministic
  // "package first". `__second` says the second loader has run.
  const thenScriptTag = (loader) =>
    `const s = document.createElement('script'); s.src = ${JSON.stringify(widget.url + loader)};
     s.onload = () => (window.__second = true); document.body.append(s);`;

  async function visit(path) {
    const tab = await newPage(browser);
    tab.warnings = [];
    tab.on('console', (message) => {
      if (message.text().startsWith('[article-widget]')) tab.warnings.push(message.text());
    });
    await tab.goto(host.url + path);
    return tab;
  }

  /** Both widgets rendered once: one root each, their cards, one ready event each. */
  async function renderedOnce(tab) {
    await tab.locator('#w1 .aw-card__link').first().waitFor();
    await tab.locator('#w2 .aw-card__link').first().waitFor();
    await tab.waitForFunction(() => ['w1', 'w2'].every((id) => __events.some((e) => e.type === 'articlewidget:ready' && e.target === id)));
    assert.equal(await tab.locator('#w1 .aw-card__link').count(), 3);
    assert.equal(await tab.locator('#w2 .aw-card__link').count(), 2);
    for (const id of ['w1', 'w2']) {
      assert.equal(await tab.evaluate((id) => document.getElementById(id).shadowRoot.childElementCount, id), 1, `${id}: one root`);
    }
    const ready = await tab.evaluate(() => __events.filter((e) => e.type === 'articlewidget:ready').map((e) => e.target).sort());
    assert.deepEqual(ready, ['w1', 'w2'], 'one ready event per widget');
  }

  async function done(tab) {
    assert.deepEqual(tab.uncaughtErrors, [], 'no uncaught errors in the page');
    assert.deepEqual(await tab.evaluate(() => window.__errors), [], 'nothing reached window.onerror');
    await tab.context().close();
  }

  test('package.json, Cargo.toml, the module and ArticleWidget.version agree; the tarball holds what the entry loads', async () => {
    assert.equal(manifest.version, VERSION);
    assert.equal(manifest.name, 'article-widget');
    const files = readdirSync(join(unpacked, 'package')).sort();
    for (const name of ['index.js', 'index.d.ts', 'react.js', 'react.d.ts', 'vue.d.ts', 'embed.css', 'package.json', 'README.md']) {
      assert.ok(files.includes(name), `${name} is in the tarball`);
    }
    assert.equal(files.filter((name) => /^article-widget-embed-[0-9a-f]{16}(\.mjs|_bg\.wasm)$/.test(name)).length, 2, 'the glue and the wasm');
    page('/alone.html', definePackage("import { version } from 'article-widget'; window.__moduleVersion = version;"));
    const tab = await visit('/alone.html');
    await renderedOnce(tab);
    assert.deepEqual(await tab.evaluate(() => [window.__moduleVersion, window.ArticleWidget.version]), [VERSION, VERSION]);
    assert.equal(host.count(esGlue), 1, 'the glue loads once');
    assert.equal(widget.count(jsGlue), 0);
    assert.deepEqual(tab.warnings, []);
    await done(tab);
  });

  for (const { name, scripts, running, warning, from } of [
    {
      name: 'the package first, then embed.js of another version: the package runs, embed.js warns naming both',
      scripts: () => definePackage(thenScriptTag('/embed-next.js')),
      running: VERSION,
      warning: `[article-widget] embed.js ${NEXT_VERSION} not started: ${VERSION} already runs here`,
      from: 'package',
    },
    {
      name: 'embed.js of another version first, then the package: embed.js runs, the package warns naming both',
      scripts: () => `<script src="${widget.url}/embed-next.js"></script>${definePackage('window.__second = true;')}`,
      running: NEXT_VERSION,
      warning: `[article-widget] the npm package ${VERSION} not started: ${NEXT_VERSION} already runs here`,
      from: 'embed.js',
    },
    {
      name: 'embed.js of the same version first, then the package: embed.js runs, nobody warns',
      scripts: () => `<script src="${widget.url}/embed.js"></script>${definePackage('window.__second = true;')}`,
      running: VERSION,
      from: 'embed.js',
    },
    {
      name: 'the package first, then embed.js of the same version: the package runs, nobody warns',
      scripts: () => definePackage(thenScriptTag('/embed.js')),
      running: VERSION,
      from: 'package',
    },
  ]) {
    test(`two loaders: ${name}`, async () => {
      const [esBefore, jsBefore] = [host.count(esGlue), widget.count(jsGlue)];
      page('/two.html', scripts());
      const tab = await visit('/two.html');
      await renderedOnce(tab);
      await tab.waitForFunction(() => window.__second);
      assert.deepEqual(tab.warnings, warning ? [warning] : []);
      assert.equal(await tab.evaluate(() => window.ArticleWidget.version), running);
      assert.equal(await tab.evaluate(() => Object.hasOwn(window.ArticleWidget, Symbol.for('article-widget'))), true, 'branded');
      const [es, js] = [host.count(esGlue) - esBefore, widget.count(jsGlue) - jsBefore];
      assert.deepEqual({ es, js }, from === 'package' ? { es: 1, js: 0 } : { es: 0, js: 1 }, 'one module, the first loader\'s');
      // Events reach the page from whichever loader runs.
      await tab.locator('#w1 .aw-card__link').first().click();
      await tab.locator('#w1 h1.aw-article__title').waitFor();
      const opened = (await tab.evaluate(() => __events)).filter((e) => e.type === 'articlewidget:open');
      assert.deepEqual(opened, [{ type: 'articlewidget:open', target: 'w1', detail: { id: SEED_ID, url: `${widget.url}/articles/${SEED_ID}` } }]);
      await done(tab);
    });
  }

  test("the page's own window.ArticleWidget: define() leaves it alone, warns, and starts nothing", async () => {
    page('/own-global.html', definePackage('window.__defined = true;'), {
      head: '<script>window.ArticleWidget = { mine: true };</script>',
    });
    const tab = await visit('/own-global.html');
    await tab.waitForFunction(() => window.__defined);
    assert.deepEqual(tab.warnings, [`[article-widget] the npm package ${VERSION} not started: the page has its own window.ArticleWidget`]);
    assert.deepEqual(await tab.evaluate(() => window.ArticleWidget), { mine: true });
    assert.equal(await tab.evaluate(() => customElements.get('article-widget')), undefined);
    assert.ok(await tab.locator('#w1 > a').isVisible(), 'the fallback stays');
    await done(tab);
  });

  test('mount() from the package: the handle works, destroy() aborts the request and nothing follows; a removed element stops too', async () => {
    const held = '/held/feed.json';
    const removed = '/removed/feed.json';
    const feedJson = readFileSync(join(dist, 'feed.json'), 'utf8');
    widget.serve(held, 'application/feed+json', feedJson);
    widget.serve(removed, 'application/feed+json', feedJson);
    widget.hold(held);
    widget.hold(removed);
    try {
      host.serve(
        '/mount.html',
        'text/html; charset=utf-8',
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>App</title><script src="/host.js"></script>${IMPORT_MAP}
         <script type="module">import * as widget from 'article-widget'; window.__pkg = widget;</script></head>
         <body><div id="manual"><a href="/">最新信息</a></div></body></html>`,
      );
      const tab = await visit('/mount.html');
      await tab.waitForFunction(() => window.__pkg);
      const requested = widget.until(() => widget.count(held) === 1);
      await tab.evaluate(async (feed) => {
        window.__handle = await window.__pkg.mount(document.getElementById('manual'), { feed, loading: 'eager', limit: 4 });
      }, `${widget.url}${held}`);
      await requested;
      await tab.locator('#manual .aw-skeleton').waitFor();
      assert.equal(await tab.evaluate(() => window.__handle.element.id), 'manual');
      await tab.evaluate(() => window.__handle.destroy());
      await widget.untilAborted(held);
      assert.equal(await tab.evaluate(() => document.getElementById('manual').shadowRoot.innerHTML), '<slot></slot>');
      await tab.evaluate(() => {
        window.__handle.refresh();
        window.__handle.destroy();
      });
      // An <article-widget> that define() started, removed while its feed loads (a framework unmounting it).
      const started = widget.until(() => widget.count(removed) === 1);
      await tab.evaluate((feed) => {
        window.__pkg.define();
        const element = document.createElement('article-widget');
        element.id = 'late';
        element.setAttribute('feed', feed);
        element.setAttribute('loading', 'eager');
        document.body.append(element);
      }, `${widget.url}${removed}`);
      await started;
      await tab.evaluate(() => document.getElementById('late').remove());
      await widget.untilAborted(removed);
      widget.release(held);
      widget.release(removed);
      assert.equal(widget.count(held), 1, 'no request after destroy');
      assert.equal(widget.count(removed), 1, 'no request after removal');
      assert.deepEqual(await tab.evaluate(() => __events), [], 'no events from destroyed widgets');
      await done(tab);
    } finally {
      widget.release(held);
      widget.release(removed);
      widget.heal(held);
      widget.heal(removed);
    }
  });
});
