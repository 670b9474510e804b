// End-to-end: languages, time zones, text and accessibility, on the release
// build. axe-core checks the SPA and an embed inside its shadow root; the
// keyboard walks through both; time zones and the clock are emulated.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile, writeFile } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

import { startServer } from './server.mjs';
import { appStarted, launchChromium, newPage } from './browser.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = process.env.DIST_DIR ?? join(repo, 'dist');
const screenshots = join(repo, 'target', 'screenshots');
const axeSource = await readFile(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const SEED_TITLE = '聚焦建设“五个中心”重要使命 陈吉宁与政协委员在专题会议上深入交流';
// The seed was published at 2024-01-24T19:41:00+08:00 (11:41 UTC).
const THREE_HOURS_AFTER_SEED = new Date('2024-01-24T22:41:30+08:00');

describe('languages, time zones and accessibility', () => {
  let server;
  let browser;
  const axeReport = [];

  before(async () => {
    server = await startServer(dist);
    browser = await launchChromium();
  });

  after(async () => {
    await writeFile(join(screenshots, 'axe-results.json'), JSON.stringify(axeReport, null, 2));
    await browser?.close();
    await server?.close();
  });

  /** A page on the widget's own origin holding one widget element. */
  function widgetPage(path, attributes, extraBody = '') {
    server.serve(
      path,
      'text/html; charset=utf-8',
      `<!doctype html><html lang="en"><head><meta charset="utf-8">
       <meta name="viewport" content="width=device-width, initial-scale=1"><title>Widget</title></head>
       <body style="margin: 16px">${extraBody}<article-widget id="w" ${attributes}><a href="/">最新信息</a></article-widget>
       <script async src="/embed.js"></script></body></html>`,
    );
  }

  /** Runs axe-core; fails on serious or critical violations; records every page's result. */
  async function checkAxe(page, name) {
    await page.evaluate(axeSource);
    const { violations, passes } = await page.evaluate(() =>
      window.axe.run(document, { resultTypes: ['violations', 'passes'] }),
    );
    const blocking = violations.filter((v) => v.impact === 'serious' || v.impact === 'critical');
    axeReport.push({
      page: name,
      passes: passes.length,
      violations: violations.map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.length })),
    });
    assert.deepEqual(
      blocking.map((v) => `${v.id} (${v.impact}): ${v.nodes.map((n) => n.target.join(' ')).join(', ')}`),
      [],
      `axe on ${name}`,
    );
  }

  test('axe-core: no serious or critical violations on the list, an article, the error state and an embed', async () => {
    const page = await newPage(browser);
    await page.goto(server.url + '/');
    await appStarted(page);
    await page.locator('.aw-card__link').first().waitFor();
    await checkAxe(page, 'SPA list');
    await page.locator('.aw-card__link').first().click();
    await page.locator('h1.aw-article__title').waitFor();
    await checkAxe(page, 'SPA article');
    await page.context().close();

    server.fail('/feed.json', 503);
    try {
      const failing = await newPage(browser);
      await failing.goto(server.url + '/');
      await appStarted(failing);
      await failing.locator('.aw-error').waitFor();
      await checkAxe(failing, 'SPA error state');
      await failing.context().close();
    } finally {
      server.heal('/feed.json');
    }

    // `auto` on a reader's dark setting: the dark palette, buttons included.
    for (const theme of ['light', 'dark', 'auto']) {
      widgetPage(`/axe-${theme}.html`, `feed="/feed.json" loading="eager" limit="5" theme="${theme}"`);
      const embed = await newPage(browser, { colorScheme: theme === 'auto' ? 'dark' : 'light' });
      await embed.goto(`${server.url}/axe-${theme}.html`);
      await embed.locator('#w .aw-card__link').first().waitFor();
      await checkAxe(embed, `embed list (${theme}, in its shadow root)`);
      await embed.locator('#w .aw-card__link').first().click();
      await embed.locator('#w h1').waitFor();
      await checkAxe(embed, `embed article (${theme}, in its shadow root)`);
      await embed.context().close();
    }
  });

  test('axe-core: one-article embeds (a card, the whole article, not found)', async () => {
    const id = JSON.parse(await readFile(join(dist, 'feed.json'), 'utf8')).items[1].id;
    for (const [name, attributes, selector] of [
      ['card', `article="${id}" open="link"`, '#w .aw-card__link'],
      ['whole', `article="${id}"`, '#w h1.aw-article__title'],
      ['not found', 'article="no-such-article"', '#w .aw-not-found h1'],
    ]) {
      const path = `/axe-one-${name.replace(' ', '-')}.html`;
      widgetPage(path, `feed="/feed.json" loading="eager" ${attributes}`);
      const page = await newPage(browser);
      try {
        await page.goto(server.url + path);
        await page.locator(selector).waitFor();
        await checkAxe(page, `embed, one article: ${name}`);
      } finally {
        await page.context().close();
      }
    }
  });

  test('axe-core and the keyboard: tag filters (an embed showing tags, the app’s tag page and its links)', async () => {
    for (const theme of ['light', 'dark']) {
      const path = `/axe-tags-${theme}.html`;
      widgetPage(path, `feed="/feed.json" loading="eager" tags="民生" show="date,tags" theme="${theme}"`);
      const page = await newPage(browser, { colorScheme: theme });
      try {
        await page.goto(server.url + path);
        await page.locator('#w [part~="tags"]').first().waitFor();
        await checkAxe(page, `embed filtered by a tag, tags shown (${theme})`);
      } finally {
        await page.context().close();
      }
    }
    const app = await newPage(browser);
    try {
      await app.goto(server.url + '/');
      await appStarted(app);
      // A tag link on a card, reached and followed with the keyboard.
      const tag = app.locator('.aw-card a.aw-card__tag', { hasText: '民生' }).first();
      await tag.waitFor();
      // A target a finger can hit (WCAG 2.5.8: at least 24 px).
      const target = await tag.boundingBox();
      assert.ok(target.height >= 24 && target.width >= 24, JSON.stringify(target));
      await tag.focus();
      await app.evaluate(() => { window.__samePage = true; });
      await app.keyboard.press('Enter');
      await app.waitForURL((url) => decodeURIComponent(url.pathname) === '/tags/民生');
      assert.equal(await app.evaluate(() => window.__samePage), true, 'opened in place, without a page load');
      await app.locator('.aw-list__heading', { hasText: '民生' }).waitFor();
      assert.match(await app.title(), /^民生 · /);
      const cards = await app.locator('.aw-card').count();
      assert.ok(cards >= 3, `${cards} cards`);
      await checkAxe(app, 'SPA tag page');
    } finally {
      await app.context().close();
    }
  });

  test("the standalone app follows the reader's dark setting: dark page, dark surfaces, axe-clean", async () => {
    const page = await newPage(browser, { colorScheme: 'dark', viewport: { width: 360, height: 800 } });
    await page.goto(server.url + '/');
    await appStarted(page);
    await page.locator('.aw-card__link').first().waitFor();
    const colours = () =>
      page.evaluate(() => ({
        page: getComputedStyle(document.body).backgroundColor,
        surface: getComputedStyle(document.querySelector('.aw-app > :not(.aw-visually-hidden)')).backgroundColor,
        text: getComputedStyle(document.querySelector('.aw-card__title')).color,
      }));
    const dark = await colours();
    const luminance = (rgb) => rgb.match(/\d+/g).slice(0, 3).reduce((sum, channel) => sum + Number(channel), 0) / 3;
    assert.ok(luminance(dark.page) < 40 && luminance(dark.surface) < 60, JSON.stringify(dark));
    assert.ok(luminance(dark.text) > 180, JSON.stringify(dark));
    await checkAxe(page, 'SPA list (dark)');
    await page.evaluate(() => document.fonts.ready);
    await page.screenshot({ path: join(screenshots, 'app-dark-360.png'), fullPage: true });
    await page.locator('.aw-card__link').first().click();
    await page.locator('h1.aw-article__title').waitFor();
    await checkAxe(page, 'SPA article (dark)');
    // The same page on a light setting, without a reload: it follows live.
    await page.emulateMedia({ colorScheme: 'light' });
    const light = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    assert.ok(luminance(light) > 200, light);
    await page.context().close();
  });

  test('keyboard only: open an article with Enter, focus on its heading, Escape back to the same card', async () => {
    widgetPage('/keys.html', 'feed="/feed.json" loading="eager" limit="4"', '<a href="#before">before the widget</a>');
    const page = await newPage(browser);
    await page.goto(server.url + '/keys.html');
    await page.locator('#w .aw-card__link').first().waitFor();
    const focused = () =>
      page.evaluate(() => {
        const inner = document.getElementById('w').shadowRoot.activeElement;
        return inner ? `${inner.localName}:${inner.textContent.trim().slice(0, 12)}` : document.activeElement.localName;
      });

    await page.keyboard.press('Tab'); // the host page's own link
    await page.keyboard.press('Tab'); // the first card
    await page.keyboard.press('Tab'); // the second card
    assert.match(await focused(), /^a:轨交临江线东延伸段/);
    await page.keyboard.press('Enter');
    await page.locator('#w h1').waitFor();
    assert.match(await focused(), /^h1:轨交临江线东延伸段/);
    await page.keyboard.press('Escape');
    await page.locator('#w .aw-card__link').first().waitFor();
    assert.match(await focused(), /^a:轨交临江线东延伸段/, 'focus returns to the card the reader opened');
    assert.deepEqual(page.uncaughtErrors, []);
    await page.context().close();

    // The SPA: Enter opens, focus lands on the heading; the back link brings focus home.
    const spa = await newPage(browser);
    await spa.goto(server.url + '/');
    await appStarted(spa);
    await spa.locator('.aw-card__link').first().waitFor();
    await spa.keyboard.press('Tab');
    assert.equal(await spa.evaluate(() => document.activeElement.textContent), SEED_TITLE);
    await spa.keyboard.press('Enter');
    await spa.locator('h1.aw-article__title').waitFor();
    await spa.waitForFunction(() => document.activeElement.localName === 'h1');
    await spa.keyboard.press('Shift+Tab');
    assert.equal(await spa.evaluate(() => document.activeElement.className), 'aw-back');
    await spa.keyboard.press('Enter');
    await spa.locator('.aw-card__link').first().waitFor();
    await spa.waitForFunction((title) => document.activeElement.textContent === title, SEED_TITLE);
    await spa.context().close();
  });

  for (const [timezoneId, local] of [
    ['Asia/Shanghai', '2024-01-24 19:41'],
    ['America/New_York', '2024-01-24 06:41'],
    ['UTC', '2024-01-24 11:41'],
  ]) {
    test(`in ${timezoneId}: the publisher's time by default, ${local} with timezone="local"`, async () => {
      widgetPage(
        '/zones.html',
        'feed="/feed.json" loading="eager" limit="1" timezone="local"',
        '<article-widget id="publisher" feed="/feed.json" loading="eager" limit="1"></article-widget>',
      );
      const page = await newPage(browser, { timezoneId });
      await page.goto(server.url + '/zones.html');
      const publisherTime = page.locator('#publisher time').first();
      const localTime = page.locator('#w time').first();
      await localTime.waitFor();
      await publisherTime.waitFor();
      assert.equal(await publisherTime.textContent(), '2024-01-24 19:41');
      assert.equal(await localTime.textContent(), local);
      assert.equal(await localTime.getAttribute('datetime'), '2024-01-24T19:41:00+08:00');

      await page.goto(server.url + '/articles/shanghai-five-centres-2024-01-24');
      await appStarted(page);
      assert.equal(await page.locator('.aw-article__meta time').textContent(), '2024-01-24 19:41');
      await page.context().close();
    });
  }

  test('with the clock three hours after the seed, it reads "3小时前" / "3 hours ago"', async () => {
    widgetPage('/clock.html', 'feed="/feed.json" loading="eager" limit="3"', '<article-widget id="en" lang="en" feed="/feed.json" loading="eager" limit="1"></article-widget>');
    const page = await newPage(browser, { timezoneId: 'America/New_York' });
    await page.clock.setFixedTime(THREE_HOURS_AFTER_SEED);
    await page.goto(server.url + '/clock.html');
    const times = page.locator('#w time');
    await times.first().waitFor();
    assert.deepEqual(await times.allTextContents(), ['3小时前', '12小时前', '2024-01-23 15:20']);
    assert.equal(await times.first().getAttribute('datetime'), '2024-01-24T19:41:00+08:00');
    assert.equal(await times.first().getAttribute('title'), '2024-01-24 19:41');
    assert.equal(await page.locator('#en time').first().textContent(), '3 hours ago');
    await page.context().close();
  });

  test('languages: the lang attribute, else the feed, else the browser; lang set on UI and content', async () => {
    const english = JSON.parse(await readFile(join(dist, 'feed.json'), 'utf8'));
    delete english.language;
    server.serve('/nolang/feed.json', 'application/feed+json', JSON.stringify(english));
    widgetPage('/langs.html', 'feed="/feed.json" loading="eager" limit="1" lang="en"', `
      <article-widget id="feedlang" feed="/feed.json" loading="eager" limit="1"></article-widget>
      <article-widget id="browserlang" feed="/nolang/feed.json" loading="eager" limit="1"></article-widget>
      <article-widget id="hk" lang="zh-HK" feed="/nolang/feed.json" loading="eager" limit="1"></article-widget>`);
    const page = await newPage(browser, { locale: 'en-US' });
    await page.goto(server.url + '/langs.html');
    await page.locator('#browserlang .aw-card__link').waitFor();
    await page.locator('#w .aw-card__link').waitFor();
    await page.locator('#feedlang .aw-card__link').waitFor();
    assert.equal(await page.locator('#w .aw-list__heading').textContent(), 'Latest');
    assert.equal(await page.locator('#feedlang .aw-list__heading').textContent(), '最新信息');
    assert.equal(await page.locator('#browserlang .aw-list__heading').textContent(), 'Latest');
    assert.equal(await page.locator('#w .aw-root').getAttribute('lang'), 'en');
    assert.equal(await page.locator('#w .aw-card__title').getAttribute('lang'), 'zh-CN', 'content keeps its language');
    // Traditional Chinese for zh-HK (and zh-TW, zh-MO, zh-Hant), in its own words.
    await page.locator('#hk .aw-card__link').waitFor();
    assert.equal(await page.locator('#hk .aw-list__heading').textContent(), '最新消息');
    assert.equal(await page.locator('#hk .aw-root').getAttribute('lang'), 'zh-Hant');
    await page.context().close();

    // A reader whose browser is set to Taiwan's Chinese, on a feed that names no language.
    const taiwan = await newPage(browser, { locale: 'zh-TW' });
    await taiwan.goto(server.url + '/langs.html');
    await taiwan.locator('#browserlang .aw-card__link').waitFor();
    assert.equal(await taiwan.locator('#browserlang .aw-list__heading').textContent(), '最新消息');
    await taiwan.context().close();
  });

  test('long unbroken strings never overflow at 320 px; right-to-left titles are isolated', async () => {
    const feed = {
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Edge cases',
      language: 'zh-CN',
      items: [
        { id: 'url', title: `见 https://news.example/${'very-long-path-segment/'.repeat(8)}`, content_text: 'x'.repeat(300), date_published: '2024-01-24T19:41:00+08:00' },
        { id: 'word', title: 'Donaudampfschifffahrtsgesellschaftskapitänsmützenabzeichen', summary: 'Pneumonoultramicroscopicsilicovolcanoconiosis'.repeat(3) },
        { id: 'rtl', title: 'مرحبا بالعالم: خبر عاجل', summary: 'שלום עולם', language: 'ar' },
        { id: 'emoji', title: '家庭👨‍👩‍👧‍👦'.repeat(20), content_text: '🇨🇳'.repeat(200) },
      ],
    };
    server.serve('/edge/feed.json', 'application/feed+json', JSON.stringify(feed));
    widgetPage('/edge.html', 'feed="/edge/feed.json" loading="eager" open="inline"');
    const page = await newPage(browser, { viewport: { width: 320, height: 700 } });
    await page.goto(server.url + '/edge.html');
    await page.locator('#w .aw-card__link').first().waitFor();
    const overflow = () => page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
    assert.ok((await overflow()) <= 0, `list is ${await overflow()}px too wide`);
    const rtl = page.locator('#w .aw-card__title').nth(2);
    assert.equal(await rtl.getAttribute('dir'), 'auto');
    assert.equal(await rtl.evaluate((element) => getComputedStyle(element).direction), 'rtl');
    assert.equal(await rtl.getAttribute('lang'), 'ar');
    await page.screenshot({ path: join(screenshots, 'edge-320.png'), fullPage: true });
    await page.locator('#w .aw-card__link').first().click();
    await page.locator('#w h1').waitFor();
    assert.ok((await overflow()) <= 0, `article is ${await overflow()}px too wide`);
    await page.context().close();
  });

  test('screenshots: zh-CN and en, light and dark, 360 and 1280 px', async () => {
    for (const lang of ['zh-CN', 'en']) {
      for (const theme of ['light', 'dark']) {
        widgetPage(`/shot-${lang}-${theme}.html`, `feed="/feed.json" loading="eager" limit="4" lang="${lang}" theme="${theme}"`);
        for (const width of [360, 1280]) {
          const page = await newPage(browser, { viewport: { width, height: 900 } });
          await page.goto(`${server.url}/shot-${lang}-${theme}.html`);
          await page.locator('#w .aw-card__link').first().waitFor();
          await page.evaluate(() => document.fonts.ready);
          await page.screenshot({ path: join(screenshots, `widget-${lang}-${theme}-${width}.png`), fullPage: true });
          await page.context().close();
        }
      }
    }
  });
});
