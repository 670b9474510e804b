// End-to-end: the configurator (dist/configure.html), served from dist/ with
// the nginx recipe's policy for it, driven as a partner would: options
// changed → the preview (this build's real widget) follows; a snippet
// copied through the clipboard and pasted into a fresh partner page on
// another origin renders the same widget, with no layout shift; every
// control reached and changed with the keyboard alone; axe-core finds no
// serious or critical violation.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { launchChromium, newPage } from './browser.mjs';
import { POLICIES, startNginx } from './nginx.mjs';
import { startServer } from './server.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = process.env.DIST_DIR ?? join(repo, 'dist');
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// The option names, as src/options.rs lists them: the configurator must offer each.
const optionsRs = await readFile(join(repo, 'src', 'options.rs'), 'utf8');
const NAMES = [...optionsRs.match(/pub const NAMES: \[&str; \d+\] = \[([^\]]*)\]/)[1].matchAll(/"([^"]+)"/g)].map((m) => m[1]);

// This build's integrity.json, if it writes one: then the auto-updating
// snippet loads from v/<major>/, else from the root.
const INTEGRITY = existsSync(join(dist, 'integrity.json')) ? JSON.parse(await readFile(join(dist, 'integrity.json'), 'utf8')) : null;
const AUTO = INTEGRITY ? `v/${INTEGRITY.major}/` : '';

const TEXT = '上海市政协十四届常委会第八次会议今天举行，围绕加快建设“五个中心”的重要使命开展专题协商。'.repeat(2);

// Recorded from the first script on: CSP violations, layout shifts, the widget's events.
function watch() {
  window.__violations = [];
  document.addEventListener('securitypolicyviolation', (event) => {
    window.__violations.push(`${event.effectiveDirective} refused ${event.blockedURI || '(inline)'}`);
  });
  window.__shift = 0;
  new PerformanceObserver((list) => {
    for (const entry of list.getEntries()) if (!entry.hadRecentInput) window.__shift += entry.value;
  }).observe({ type: 'layout-shift', buffered: true });
  window.__events = [];
  for (const type of ['articlewidget:ready', 'articlewidget:error']) document.addEventListener(type, () => window.__events.push(type));
}

/** What a widget shows: its card count, layout and theme (from inside its shadow root). */
function shown(page, selector) {
  return page.evaluate((selector) => {
    const root = document.querySelector(selector).shadowRoot?.querySelector('.aw-widget');
    return root && {
      cards: root.querySelectorAll('.aw-card__link').length,
      layout: root.getAttribute('data-layout'),
      theme: root.getAttribute('data-theme'),
    };
  }, selector);
}

describe('the configurator (configure.html)', () => {
  let cdn; // dist/: the configurator's origin, and where the snippets load the widget from
  let partner; // another origin: the partner's pages
  let browser;

  before(async () => {
    cdn = await startServer(dist, { cors: true });
    cdn.serve('/configure.html', 'text/html; charset=utf-8', await readFile(join(dist, 'configure.html')), {
      'content-security-policy': POLICIES.configure,
    });
    partner = await startServer(null);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await cdn?.close();
    await partner?.close();
  });

  /** The configurator with its preview loaded; `permissions` for the clipboard. */
  async function openConfigurator({ clipboard = false, viewport } = {}) {
    const page = await newPage(browser, viewport ? { viewport } : {});
    if (clipboard) await page.context().grantPermissions(['clipboard-read', 'clipboard-write'], { origin: cdn.url });
    await page.addInitScript(watch);
    await page.goto(`${cdn.url}/configure.html`);
    // On a phone the preview comes after the form, and the widget loads lazily.
    await page.locator('#cfg-widget').scrollIntoViewIfNeeded();
    await page.locator('#cfg-widget .aw-card__link').first().waitFor();
    // integrity.json answered (or not): the note says which.
    await page.waitForFunction(() => !/Looking for/.test(document.getElementById('cfg-pin-note').textContent));
    return page;
  }

  async function noViolations(page) {
    assert.deepEqual(await page.evaluate(() => window.__violations), [], 'the page broke its Content-Security-Policy');
    assert.deepEqual(page.uncaughtErrors, []);
  }

  const attribute = (page, name) => page.evaluate((name) => document.getElementById('cfg-widget').getAttribute(name), name);

  test('tags (applied on Enter): the preview keeps the tagged articles, and the snippet names them', async () => {
    const page = await openConfigurator();
    try {
      const items = JSON.parse(await readFile(join(dist, 'feed.json'), 'utf8')).items;
      const tagged = items.filter((item) => (item.tags ?? []).includes('民生')).length;
      assert.ok(tagged >= 2, `${tagged} sample articles tagged 民生`);
      await page.check('input[name="show"][value="tags"]');
      await page.fill('#cfg-tags', ' 民生 ');
      assert.equal(await attribute(page, 'tags'), null, 'not applied while typing');
      await page.press('#cfg-tags', 'Enter');
      await page.locator('#cfg-preview-status').filter({ hasText: `Preview: ${tagged} articles shown.` }).waitFor();
      assert.equal(await attribute(page, 'tags'), '民生');
      assert.equal((await shown(page, '#cfg-widget')).cards, tagged);
      const snippet = await page.inputValue('#cfg-element');
      assert.ok(snippet.includes(' tags="民生"') && snippet.includes('show="image,summary,date,source,tags"'), snippet);
      await noViolations(page);
    } finally {
      await page.context().close();
    }
  });

  test('one article: an id (applied on Enter) shows that article alone, and the snippet names it', async () => {
    const page = await openConfigurator();
    try {
      const id = JSON.parse(await readFile(join(dist, 'feed.json'), 'utf8')).items[2].id;
      await page.check('input[name="open"][value="link"]');
      await page.fill('#cfg-article', id);
      assert.equal(await attribute(page, 'article'), null, 'not applied while typing');
      await page.press('#cfg-article', 'Enter');
      await page.locator('#cfg-preview-status').filter({ hasText: 'Preview: 1 article shown.' }).waitFor();
      assert.equal(await attribute(page, 'article'), id);
      assert.equal((await shown(page, '#cfg-widget')).cards, 1);
      assert.ok((await page.inputValue('#cfg-element')).includes(` article="${id}"`));
      await page.fill('#cfg-article', 'no-such-article');
      await page.press('#cfg-article', 'Enter');
      await page.locator('#cfg-preview-status').filter({ hasText: '(not_found:' }).waitFor();
      await noViolations(page);
    } finally {
      await page.context().close();
    }
  });

  test('every option the widget has (options::NAMES) has a labelled control; the defaults write a minimal snippet', async () => {
    assert.ok(NAMES.length >= 13, `read ${NAMES.length} names from src/options.rs`);
    const page = await openConfigurator();
    try {
      const missing = await page.evaluate((names) => {
        const form = document.getElementById('cfg-options');
        return names.filter((name) => {
          const control = form.elements[name];
          const first = control instanceof RadioNodeList ? control[0] : control;
          return !first || !first.labels?.length || !first.closest('fieldset')?.querySelector('legend');
        });
      }, NAMES);
      assert.deepEqual(missing, []);
      await page.locator('#cfg-preview-status').filter({ hasText: 'Preview: 10 articles shown.' }).waitFor();
      // Every UI language of src/ui_text.rs: the preview's heading and the snippet's fallback follow.
      for (const [lang, heading] of [['zh-Hant', '最新消息'], ['en', 'Latest'], ['zh-CN', '最新信息']]) {
        await page.selectOption('#cfg-lang', lang);
        await page.waitForFunction((heading) => document.getElementById('cfg-widget').shadowRoot.querySelector('h2')?.textContent === heading, heading);
        assert.ok((await page.inputValue('#cfg-element')).includes(` lang="${lang}">\n  <a href="${cdn.url}/">${heading}</a>\n`), lang);
      }
      await page.selectOption('#cfg-lang', '');
      const element = await page.inputValue('#cfg-element');
      assert.equal(
        element,
        `<link rel="stylesheet" href="${cdn.url}/${AUTO}embed.css">\n` +
          `<article-widget feed="${cdn.url}/feed.json">\n  <a href="${cdn.url}/">最新信息</a>\n</article-widget>\n` +
          `<script async src="${cdn.url}/${AUTO}embed.js"></script>\n`,
      );
      assert.ok((await page.inputValue('#cfg-div')).startsWith(`<link rel="stylesheet" href="${cdn.url}/${AUTO}embed.css">\n<div data-article-widget data-feed="${cdn.url}/feed.json">\n`));
      const react = await page.inputValue('#cfg-react');
      for (const line of ["import { ArticleWidget } from 'article-widget/react';\n", "import 'article-widget/embed.css';\n", `  return (\n    <ArticleWidget feed="${cdn.url}/feed.json">\n      <a href="${cdn.url}/">最新信息</a>\n    </ArticleWidget>\n  );\n`]) {
        assert.ok(react.includes(line), `${line} in\n${react}`);
      }
      await noViolations(page);
    } finally {
      await page.context().close();
    }
  });

  test('the preview follows the options, and only changed options go into the snippets', async () => {
    const page = await openConfigurator();
    try {
      await page.fill('#cfg-limit', '3');
      await page.waitForFunction(() => document.getElementById('cfg-widget').shadowRoot.querySelectorAll('.aw-card__link').length === 3);
      await page.check('input[name="layout"][value="grid"]');
      await page.waitForFunction(() => document.getElementById('cfg-widget').shadowRoot.querySelector('.aw-widget[data-layout="grid"]'));
      await page.check('input[name="theme"][value="dark"]');
      await page.waitForFunction(() => document.getElementById('cfg-widget').shadowRoot.querySelector('.aw-widget[data-theme="dark"]'));
      await page.uncheck('input[name="show"][value="image"]');
      await page.uncheck('input[name="show"][value="summary"]');
      await page.fill('#cfg-heading', '要闻 "速览" & more');
      await page.waitForFunction(() => document.getElementById('cfg-widget').shadowRoot.querySelector('h2')?.textContent.includes('要闻 "速览" & more'));
      await page.fill('#cfg-accent', 'not a colour');
      assert.equal(await page.getAttribute('#cfg-accent', 'aria-invalid'), 'true');
      assert.equal(await attribute(page, 'accent'), null);
      await page.fill('#cfg-accent', '#0b7a4b');
      assert.equal(await page.inputValue('#cfg-accent-pick'), '#0b7a4b');
      await page.selectOption('#cfg-lang', 'en');
      await page.fill('#cfg-feed', 'javascript:alert(1)');
      await page.press('#cfg-feed', 'Enter');
      assert.ok(await page.isVisible('#cfg-feed-error'));
      assert.equal(await attribute(page, 'feed'), 'feed.json', 'the preview keeps the last good feed');
      await page.fill('#cfg-limit', '500'); // out of range: marked, the last good value kept
      assert.equal(await page.getAttribute('#cfg-limit', 'aria-invalid'), 'true');
      assert.ok(await page.isVisible('#cfg-limit-error'));
      assert.deepEqual(await shown(page, '#cfg-widget'), { cards: 3, layout: 'grid', theme: 'dark' });

      const expected =
        `<article-widget\n  feed="${cdn.url}/feed.json"\n  limit="3"\n  layout="grid"\n  theme="dark"\n  lang="en"\n` +
        `  show="date,source"\n  heading="要闻 &quot;速览&quot; &amp; more"\n  accent="#0b7a4b"\n>\n`;
      const element = await page.inputValue('#cfg-element');
      assert.ok(element.includes(expected), element);
      const div = await page.inputValue('#cfg-div');
      assert.ok(div.includes(' data-limit="3"') && div.includes(' data-layout="grid"') && div.includes('  <a href=') && div.includes('>要闻 &quot;速览&quot; &amp; more</a>'), div);
      const react = await page.inputValue('#cfg-react');
      assert.ok(react.includes('      limit={3}\n') && react.includes('      heading={"要闻 \\"速览\\" & more"}\n') && react.includes('      layout="grid"\n') && react.includes('    >\n      <a href=') && react.includes('>{"要闻 \\"速览\\" & more"}</a>\n'), react);
      for (const text of [element, div, react]) assert.doesNotMatch(text, /timezone|storage|loading|timeout|open=/);
      // The snippet is the preview: the same attributes, set and unset.
      assert.equal(await attribute(page, 'storage'), null);
      assert.equal(await attribute(page, 'show'), 'date,source');
      await page.check('input[name="layout"][value="list"]');
      assert.equal(await attribute(page, 'layout'), null);
      await noViolations(page);
    } finally {
      await page.context().close();
    }
  });

  /**
   * A partner's article on another origin with `snippet` pasted between two
   * paragraphs, under the README's partner CSP. `script` (the snippet's
   * loader path on the CDN) is held until the reserved height is measured.
   * Returns what the widget shows, the heights and the layout shift.
   */
  async function pasteIntoPartnerPage(name, snippet, script) {
    const csp = `default-src 'none'; script-src 'self' ${cdn.url} 'wasm-unsafe-eval'; style-src 'self' ${cdn.url}; img-src 'self' ${cdn.url}; connect-src ${cdn.url}; base-uri 'none'`;
    partner.serve(
      `/${name}.html`,
      'text/html; charset=utf-8',
      `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1"><title>Partner article</title></head>
<body><h1>合作伙伴的文章</h1><p>${TEXT}</p>
${snippet}<p id="after">${TEXT}</p><p>${TEXT}</p></body></html>`,
      { 'content-security-policy': csp },
    );
    const page = await newPage(browser, { viewport: { width: 412, height: 823 }, isMobile: true, hasTouch: true });
    await page.addInitScript(watch);
    const selector = 'article-widget, [data-article-widget]';
    cdn.hold(script);
    try {
      await page.goto(`${partner.url}/${name}.html`, { waitUntil: 'domcontentloaded' });
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const height = () => page.evaluate((selector) => document.querySelector(selector).getBoundingClientRect().height, selector);
      const reserved = await height();
      cdn.release(script);
      await page.waitForFunction(() => window.__events.includes('articlewidget:ready'));
      await page.waitForFunction((selector) => [...document.querySelector(selector).shadowRoot.querySelectorAll('img')].every((img) => img.complete), selector);
      await page.evaluate(() => new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve))));
      const result = { ...(await shown(page, selector)), reserved, loaded: await height(), shift: await page.evaluate(() => window.__shift) };
      await noViolations(page);
      return result;
    } finally {
      cdn.release(script);
      await page.context().close();
    }
  }

  function sameWidget(result, preview, what) {
    assert.deepEqual({ cards: result.cards, layout: result.layout, theme: result.theme }, preview, what);
    assert.ok(result.reserved > 100, `${what}: ${result.reserved} px reserved before embed.js ran`);
    assert.ok(Math.abs(result.loaded - result.reserved) < 0.5, `${what}: reserved ${result.reserved} px, loaded ${result.loaded} px`);
    assert.ok(result.shift <= 0.02, `${what}: layout shift ${result.shift}`);
  }

  test('copied through the clipboard and pasted into a partner page, each HTML form renders the same widget with its space reserved', async () => {
    const page = await openConfigurator({ clipboard: true });
    try {
      await page.fill('#cfg-limit', '4');
      await page.check('input[name="layout"][value="grid"]');
      await page.check('input[name="theme"][value="dark"]');
      await page.check('input[name="loading"][value="eager"]');
      await page.waitForFunction(() => document.getElementById('cfg-widget').shadowRoot.querySelectorAll('.aw-widget[data-layout="grid"][data-theme="dark"] .aw-card__link').length === 4);
      const preview = await shown(page, '#cfg-widget');
      for (const form of ['element', 'div']) {
        await page.click(`button[data-copy="cfg-${form}"]`);
        await page.locator(`#cfg-${form} ~ .cfg-copy .cfg-copied`).filter({ hasText: 'Copied.' }).waitFor();
        const copied = await page.evaluate(() => navigator.clipboard.readText());
        assert.equal(copied, await page.inputValue(`#cfg-${form}`));
        const result = await pasteIntoPartnerPage(`pasted-${form}`, copied, `/${AUTO}embed.js`);
        sameWidget(result, preview, `the ${form} form`);
        console.log(`${form}: ${result.cards} cards, ${result.layout}, ${result.theme}; reserved ${result.reserved} px, loaded ${result.loaded} px, CLS ${result.shift.toFixed(4)}`);
      }
      // Without the Clipboard API, the text is selected for the reader to copy.
      await page.evaluate(() => Object.defineProperty(navigator, 'clipboard', { value: undefined }));
      await page.click('button[data-copy="cfg-react"]');
      await page.locator('#cfg-react ~ .cfg-copy .cfg-copied').filter({ hasText: 'Ctrl+C' }).waitFor();
      assert.equal(
        await page.evaluate(() => {
          const area = document.activeElement;
          return area.id === 'cfg-react' && area.value.slice(area.selectionStart, area.selectionEnd);
        }),
        await page.inputValue('#cfg-react'),
      );
      await noViolations(page);
    } finally {
      await page.context().close();
    }
  });

  test('the pinned form: v/<version>/ with the integrity of integrity.json, or only the unpinned form without one', async () => {
    const real = !!INTEGRITY;
    if (!real) {
      const page = await openConfigurator();
      try {
        assert.equal(await page.isDisabled('input[name="pin"][value="pinned"]'), true);
        assert.match(await page.textContent('#cfg-pin-note'), /no integrity\.json/);
        assert.match(await page.inputValue('#cfg-element'), new RegExp(`src="${cdn.url}/embed.js"`));
      } finally {
        await page.context().close();
      }
    }
    // The integrity.json format (COMMON to the build): pinned paths only.
    const integrity = real
      ? INTEGRITY
      : { version: '9.8.7', major: '9', files: { 'v/9.8.7/embed.js': 'sha384-' + 'A'.repeat(64), 'v/9.8.7/embed.css': 'sha384-' + 'B'.repeat(64) } };
    if (!real) cdn.serve('/integrity.json', 'application/json', JSON.stringify(integrity));
    const { version, major } = integrity;
    const page = await openConfigurator({ clipboard: true });
    try {
      assert.match(await page.inputValue('#cfg-element'), new RegExp(`href="${cdn.url}/v/${major}/embed.css">[\\s\\S]*src="${cdn.url}/v/${major}/embed.js"></script>`));
      await page.check('input[name="pin"][value="pinned"]');
      await page.fill('#cfg-limit', '2');
      const css = `<link rel="stylesheet" href="${cdn.url}/v/${version}/embed.css" integrity="${integrity.files[`v/${version}/embed.css`]}" crossorigin="anonymous">\n`;
      const js = `<script async src="${cdn.url}/v/${version}/embed.js" integrity="${integrity.files[`v/${version}/embed.js`]}" crossorigin="anonymous"></script>\n`;
      for (const form of ['element', 'div']) {
        const text = await page.inputValue(`#cfg-${form}`);
        assert.ok(text.startsWith(css) && text.endsWith(js), text);
      }
      assert.match(await page.inputValue('#cfg-react'), new RegExp(`npm install \\./article-widget-${version.replaceAll('.', '\\.')}\\.tgz `));
      if (real) {
        await page.click('button[data-copy="cfg-element"]');
        await page.locator('#cfg-element ~ .cfg-copy .cfg-copied').filter({ hasText: 'Copied.' }).waitFor();
        const copied = await page.evaluate(() => navigator.clipboard.readText());
        const result = await pasteIntoPartnerPage('pinned', copied, `/v/${version}/embed.js`);
        sameWidget(result, await shown(page, '#cfg-widget'), 'the pinned element form');
        console.log(`pinned ${version}: ${result.cards} cards; reserved ${result.reserved} px, loaded ${result.loaded} px, CLS ${result.shift.toFixed(4)}`);
      }
      await noViolations(page);
    } finally {
      if (!real) cdn.heal('/integrity.json');
      await page.context().close();
    }
  });

  test('keyboard only: Tab reaches every control, and each one changes with keys alone', async () => {
    const page = await openConfigurator({ clipboard: true });
    try {
      const feed = `${cdn.url}/feed.json?from=keyboard`;
      const acted = new Set();
      let previous = null;
      const seen = new Set();
      for (let presses = 0; presses < 200; presses++) {
        await page.keyboard.press('Tab');
        const focus = await page.evaluate(() => {
          const element = document.activeElement;
          if (!element || element === document.body) return null;
          return { id: element.id, tag: element.localName, type: element.type ?? '', name: element.name ?? '', value: element.value ?? '', copy: element.getAttribute('data-copy') };
        });
        if (!focus) break; // past the end of the page
        const key = focus.id || (focus.copy && `copy:${focus.copy}`) || `${focus.name}:${focus.value}`;
        if (key === previous) continue; // inside the preview's shadow root: its own links
        if (seen.has(key)) break; // round again
        seen.add(key);
        previous = key;
        if (focus.tag === 'article-widget') continue;
        if (focus.type === 'radio') {
          await page.keyboard.press('ArrowRight'); // the next choice of the group, checked
          acted.add(focus.name);
        } else if (focus.type === 'checkbox') {
          await page.keyboard.press('Space');
          acted.add(`${focus.name}:${focus.value}`);
        } else if (focus.name === 'feed' || focus.name === 'base') {
          await page.keyboard.press('Control+A');
          await page.keyboard.type(focus.name === 'feed' ? feed : 'https://cdn.example/aw');
          await page.keyboard.press('Enter');
          acted.add(focus.name);
        } else if (focus.name === 'limit') {
          await page.keyboard.press('ArrowDown');
          acted.add(focus.name);
        } else if (focus.name === 'timeout') {
          await page.keyboard.press('ArrowUp');
          acted.add(focus.name);
        } else if (focus.name === 'article') {
          acted.add(focus.name); // left empty: the rest of the test reads the list
        } else if (focus.name === 'tags') {
          acted.add(focus.name); // left empty likewise; tests/e2e/tags.test.mjs filters
        } else if (focus.name === 'heading') {
          await page.keyboard.type('Keyboard');
          acted.add(focus.name);
        } else if (focus.name === 'accent') {
          await page.keyboard.type('#0b7a4b');
          acted.add(focus.name);
        } else if (focus.tag === 'select') {
          await page.keyboard.press('ArrowDown');
          acted.add(focus.name);
        } else if (focus.copy) {
          await page.keyboard.press('Enter');
          await page.locator(`#${focus.copy} ~ .cfg-copy .cfg-copied`).filter({ hasText: 'Copied.' }).waitFor();
          acted.add(`copy:${focus.copy}`);
        } else {
          acted.add(focus.id); // the colour picker (the text field beside it sets the accent), the snippets
        }
      }
      const controls = await page.evaluate(() =>
        [...document.querySelectorAll('input:not(:disabled), select, textarea, button')].map((c) =>
          c.type === 'radio' ? c.name : c.type === 'checkbox' ? `${c.name}:${c.value}` : c.getAttribute('data-copy') ? `copy:${c.getAttribute('data-copy')}` : ['feed', 'article', 'tags', 'base', 'limit', 'timeout', 'heading', 'accent', 'lang', 'refresh'].includes(c.name) ? c.name : c.id,
        ),
      );
      assert.deepEqual([...new Set(controls)].filter((c) => !acted.has(c)), [], 'controls the keyboard did not reach');

      const expected = { feed, article: null, limit: '9', layout: 'grid', theme: 'dark', lang: 'zh-CN', open: 'link', show: 'none', heading: 'Keyboard', accent: '#0b7a4b', loading: 'eager', timezone: 'local', timeout: '11', storage: 'none', refresh: '60', tags: null };
      // Space turned every part over: the four shown by default off, tags on.
      expected.show = 'tags';
      assert.deepEqual(Object.keys(expected).sort(), [...NAMES].sort());
      const got = await page.evaluate((names) => Object.fromEntries(names.map((n) => [n, document.getElementById('cfg-widget').getAttribute(n)])), NAMES);
      assert.deepEqual(got, expected);
      assert.match(await page.inputValue('#cfg-element'), /src="https:\/\/cdn\.example\/aw\/(?:v\/[\d.]+\/)?embed\.js"/);
      await noViolations(page);
    } finally {
      await page.context().close();
    }
  });

  test('served by the nginx recipe under a sub-path (/news/): its policy, and the snippet addresses under /news/', async () => {
    const nginx = await startNginx(dist, { publicPath: '/news/' });
    const page = await newPage(browser);
    try {
      await page.addInitScript(watch);
      const response = await page.goto(`${nginx.url}/news/configure.html`);
      assert.equal(response.headers()['content-security-policy'], POLICIES.configure);
      await page.locator('#cfg-widget .aw-card__link').first().waitFor();
      await page.waitForFunction(() => !/Looking for/.test(document.getElementById('cfg-pin-note').textContent));
      assert.equal(await page.inputValue('#cfg-base'), `${nginx.url}/news/`);
      const element = await page.inputValue('#cfg-element');
      assert.ok(element.includes(`<article-widget feed="${nginx.url}/news/feed.json">`), element);
      assert.ok(element.includes(`<script async src="${nginx.url}/news/${AUTO}embed.js"`), element);
      await noViolations(page);
    } finally {
      await page.context().close();
      await nginx.close();
    }
  });

  for (const viewport of [{ width: 1280, height: 900 }, { width: 360, height: 740 }]) {
    test(`axe-core: no serious or critical violations (${viewport.width} px)`, async () => {
      const page = await openConfigurator({ viewport });
      try {
        await page.fill('#cfg-limit', '0'); // an error message shown too
        await page.evaluate(axeSource);
        const { violations } = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
        const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
        assert.deepEqual(blocking.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`), []);
        console.log(`axe ${viewport.width} px: ${violations.length} violations (${violations.map((v) => `${v.id}/${v.impact}`).join(', ') || 'none'})`);
      } finally {
        await page.context().close();
      }
    });
  }
});
