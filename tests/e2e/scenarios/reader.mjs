// The reader's side: the publisher's time and the reader's own in another
// time zone (TZ of the browser process), relative times against the real
// clock (the feed is dated by the server), and the keyboard.

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { appShows, fresh, noErrors, SECOND_TITLE_START, SEED_TITLE } from './context.mjs';

/** A page on the app's origin holding widgets; the embed from the same origin. */
function widgetPage(server, path, body) {
  server.serve(
    path,
    'text/html; charset=utf-8',
    `<!doctype html><html lang="en"><head><meta charset="utf-8">
     <meta name="viewport" content="width=device-width, initial-scale=1"><title>Widget</title></head>
     <body style="margin: 16px">${body}<script async src="/embed.js"></script></body></html>`,
  );
}

/** Scenarios for a session launched with `timezone` where the seed's 19:41 (+08:00) reads `local`. */
export function timeScenarios(ctx, { timezone, local }) {
  test(`in ${timezone} (TZ of the browser): the publisher's time by default, ${local} with timezone="local"`, async () => {
    const { servers } = ctx;
    const session = ctx.sessions[timezone];
    assert.equal(await session.evaluate(() => Intl.DateTimeFormat().resolvedOptions().timeZone), timezone);
    widgetPage(
      servers.app,
      '/zones.html',
      `<article-widget id="publisher" feed="/feed.json" loading="eager" limit="1"></article-widget>
       <article-widget id="local" feed="/feed.json" loading="eager" limit="1" timezone="local"></article-widget>`,
    );
    await fresh(session, servers.app.url + '/zones.html');
    const times = await session.waitFor(() => {
      const time = (id) => document.getElementById(id)?.shadowRoot?.querySelector('time');
      return time('publisher') && time('local') && [time('publisher').textContent, time('local').textContent, time('local').getAttribute('datetime')];
    });
    assert.deepEqual(times, ['2024-01-24 19:41', local, '2024-01-24T19:41:00+08:00']);
    await session.goto(`${servers.app.url}/articles/shanghai-five-centres-2024-01-24`);
    await session.waitFor(appShows, '.aw-article__meta time');
    assert.equal(await session.evaluate(() => document.querySelector('.aw-article__meta time').textContent), '2024-01-24 19:41');
    await noErrors(session);
  });
}

export function readerScenarios(ctx) {
  test('relative times against the real clock: 3小时前 and 3 hours ago', async () => {
    const { session, servers } = ctx;
    // Three hours and ten minutes ago, so no clock tick crosses an hour.
    const published = new Date(Date.now() - (3 * 60 + 10) * 60 * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
    servers.app.serve(
      '/recent/feed.json',
      'application/feed+json',
      JSON.stringify({
        version: 'https://jsonfeed.org/version/1.1',
        title: '最近',
        language: 'zh-CN',
        items: [{ id: 'recent', title: '三小时前的消息', content_text: '正文。', date_published: published }],
      }),
    );
    widgetPage(
      servers.app,
      '/recent.html',
      `<article-widget id="zh" feed="/recent/feed.json" loading="eager"></article-widget>
       <article-widget id="en" lang="en" feed="/recent/feed.json" loading="eager"></article-widget>`,
    );
    await fresh(session, servers.app.url + '/recent.html');
    const times = await session.waitFor(() => {
      const time = (id) => document.getElementById(id)?.shadowRoot?.querySelector('time');
      return time('zh') && time('en') && [time('zh').textContent, time('en').textContent, time('zh').getAttribute('datetime')];
    });
    assert.deepEqual(times.slice(0, 2), ['3小时前', '3 hours ago']);
    await noErrors(session);
  });

  test('keyboard: Tab to a card in the embed, Enter opens it with focus on the heading, Escape returns to that card', async () => {
    const { session, servers } = ctx;
    widgetPage(servers.app, '/keys.html', '<a href="#before" id="before">before the widget</a><article-widget id="w" feed="/feed.json" loading="eager" limit="4"></article-widget>');
    await fresh(session, servers.app.url + '/keys.html');
    await session.waitFor(() => !!(document.getElementById('w').shadowRoot?.querySelector('.aw-card__link')));
    await session.press('Tab'); // the host page's own link
    assert.equal((await session.focused()).id, 'before');
    await session.press('Tab'); // the first card
    await session.press('Tab'); // the second card
    let focused = await session.focused();
    assert.equal(focused.tag, 'a');
    assert.ok(focused.text.startsWith(SECOND_TITLE_START), JSON.stringify(focused));
    // The focus ring goes round the card (through :has()), not the clipped link.
    assert.deepEqual(
      await session.evaluate(() => {
        const link = document.getElementById('w').shadowRoot.activeElement;
        return [getComputedStyle(link.closest('.aw-card__body')).outlineStyle, getComputedStyle(link).outlineStyle];
      }),
      ['solid', 'none'],
    );
    await session.press('Enter');
    await session.waitFor(() => document.getElementById('w').shadowRoot.activeElement?.localName === 'h1');
    assert.ok((await session.focused()).text.startsWith(SECOND_TITLE_START));
    await session.press('Escape');
    await session.waitFor(() => document.getElementById('w').shadowRoot.activeElement?.classList.contains('aw-card__link'));
    focused = await session.focused();
    assert.ok(focused.text.startsWith(SECOND_TITLE_START), `focus returns to the card the reader opened: ${JSON.stringify(focused)}`);
    await noErrors(session);
  });

  test('keyboard: the app, Tab and Enter open an article, Shift+Tab reaches back, Enter returns focus to the card', async () => {
    const { session, servers } = ctx;
    await fresh(session, servers.app.url + '/');
    await session.waitFor(appShows, '.aw-card__link');
    await session.press('Tab');
    assert.equal((await session.focused()).text, SEED_TITLE.slice(0, 80));
    await session.press('Enter');
    await session.waitFor(() => !!(document.querySelector('h1.aw-article__title') && document.activeElement.localName === 'h1'));
    await session.press('Shift+Tab');
    assert.equal((await session.focused()).className, 'aw-back');
    await session.press('Enter');
    await session.waitFor((title) => document.querySelector('.aw-card__link') && document.activeElement.textContent === title, SEED_TITLE);
    await noErrors(session);
  });
}
