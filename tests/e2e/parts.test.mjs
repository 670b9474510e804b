// End-to-end: the styling hooks. A partner restyles the widget's pieces with
// `article-widget::part(…)` from its own stylesheet; every documented part is
// there, a `::part` rule reaches inside, and no other host rule does.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

import { startServer } from './server.mjs';
import { launchChromium, newPage } from './browser.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = process.env.DIST_DIR ?? join(repo, 'dist');

// README, "Styling hooks": the one list of part names.
const LIST_PARTS = ['widget', 'heading', 'card', 'card-title', 'summary', 'meta', 'thumbnail', 'load-more'];
const ARTICLE_PARTS = ['article-title', 'article-meta', 'body', 'source', 'disclaimer', 'back'];
const ERROR_PARTS = ['widget', 'error'];

const PARTNER_CSS = `
  article-widget::part(card-title), [data-article-widget]::part(card-title) { color: rgb(1, 2, 3); }
  article-widget::part(heading) { letter-spacing: 3px; }
  article-widget::part(widget) { border-left-width: 7px; }
  /* Rules that are not ::part reach nothing inside. */
  article-widget .aw-card__title, article-widget h3, .aw-card__title, h3 { color: rgb(200, 0, 0) !important; }
  article-widget *, .aw-list__heading { letter-spacing: 9px !important; }
`;

describe('styling hooks: ::part', () => {
  let server;
  let browser;

  before(async () => {
    server = await startServer(dist);
    // A feed with a next page, so that "Load more" shows.
    const feed = JSON.parse(readFileSync(join(dist, 'feed.json'), 'utf8'));
    const withImage = feed.items.filter((item) => item.image).slice(0, 1);
    const withDisclaimer = feed.items.filter((item) => item._article?.disclaimer && item._article?.source).slice(0, 1);
    assert.equal(withImage.length + withDisclaimer.length, 2, 'the sample feed has an image and a disclaimer');
    server.serve(
      '/parts/feed.json',
      'application/feed+json',
      JSON.stringify({ ...feed, items: [...withDisclaimer, ...withImage], next_url: '/feed.json' }),
    );
    server.serve(
      '/parts.html',
      'text/html; charset=utf-8',
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Parts</title>
       <link rel="stylesheet" href="/embed.css"><style>${PARTNER_CSS}</style></head><body>
       <article-widget id="w" feed="/parts/feed.json" loading="eager" limit="2"></article-widget>
       <div id="d" data-article-widget data-feed="/parts/feed.json" data-loading="eager" data-limit="1"></div>
       <article-widget id="e" feed="/missing.json" loading="eager"></article-widget>
       <script async src="/embed.js"></script></body></html>`,
    );
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await server?.close();
  });

  const partsIn = (page, id) =>
    page.evaluate((id) => {
      const root = document.getElementById(id).shadowRoot;
      return [...root.querySelectorAll('[part]')].flatMap((element) => element.getAttribute('part').split(/\s+/));
    }, id);

  test('every documented part is there; ::part restyles it; no other host rule reaches in', async () => {
    const page = await newPage(browser);
    await page.goto(server.url + '/parts.html');
    await page.locator('#w .aw-list__more button').waitFor();
    await page.locator('#d .aw-card__title').waitFor();
    await page.locator('#e .aw-error').waitFor();

    for (const name of LIST_PARTS) assert.ok((await partsIn(page, 'w')).includes(name), `list part ${name}`);
    for (const name of ERROR_PARTS) assert.ok((await partsIn(page, 'e')).includes(name), `error part ${name}`);

    const style = (id, selector, property) =>
      page.evaluate(
        ([id, selector, property]) =>
          getComputedStyle(document.getElementById(id).shadowRoot.querySelector(selector))[property],
        [id, selector, property],
      );
    assert.equal(await style('w', '.aw-card__title', 'color'), 'rgb(1, 2, 3)');
    assert.equal(await style('d', '.aw-card__title', 'color'), 'rgb(1, 2, 3)', 'the data- form too');
    assert.equal(await style('w', '.aw-list__heading', 'letterSpacing'), '3px');
    assert.equal(await style('w', '.aw-widget', 'borderLeftWidth'), '7px');
    // Parts not restyled keep the widget's own style.
    assert.equal(await style('w', '.aw-card__summary', 'letterSpacing'), 'normal');

    await page.locator('#w .aw-card__link').first().click();
    await page.locator('#w h1').waitFor();
    for (const name of ARTICLE_PARTS) assert.ok((await partsIn(page, 'w')).includes(name), `article part ${name}`);
    assert.deepEqual(page.uncaughtErrors, []);
    await page.context().close();
  });
});
