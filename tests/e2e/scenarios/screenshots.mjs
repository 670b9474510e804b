// Screenshots per engine, to compare by eye: the embed's list and an article
// in zh-CN, light and dark (the theme attribute, no media emulation), and
// the app's list and article. target/screenshots/<engine>-<view>-<theme>.png

import { test } from 'node:test';
import { join } from 'node:path';

import { appShows, fresh, noErrors, screenshots } from './context.mjs';

export function screenshotScenarios(ctx) {
  test('screenshots: the embed (zh-CN, light and dark) and the app, list and article', async () => {
    const { session, servers } = ctx;
    const shot = (name) => session.screenshot(join(screenshots, `${session.engine}-${name}.png`));
    const fontsReady = () => document.fonts.ready.then(() => true);
    for (const theme of ['light', 'dark']) {
      servers.app.serve(
        `/shot-${theme}.html`,
        'text/html; charset=utf-8',
        `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>Widget</title></head>
         <body style="margin: 16px; background: ${theme === 'dark' ? '#000' : '#fff'}">
         <article-widget id="w" feed="/feed.json" loading="eager" limit="4" lang="zh-CN" theme="${theme}"></article-widget>
         <script async src="/embed.js"></script></body></html>`,
      );
      await fresh(session, `${servers.app.url}/shot-${theme}.html`);
      await session.waitFor(() => document.getElementById('w').shadowRoot?.querySelectorAll('.aw-card__thumb').length > 0 &&
        [...document.getElementById('w').shadowRoot.querySelectorAll('img')].every((img) => img.complete));
      await session.evaluate(fontsReady);
      await shot(`embed-list-${theme}`);
      await session.click(['#w', '.aw-card__link']);
      await session.waitFor(() => !!(document.getElementById('w').shadowRoot.querySelector('h1.aw-article__title')));
      await session.evaluate(() => window.scrollTo(0, 0));
      await session.evaluate(fontsReady);
      await shot(`embed-article-${theme}`);
    }
    await fresh(session, `${servers.app.url}/`);
    await session.waitFor(appShows, '.aw-card__link');
    await session.evaluate(fontsReady);
    await shot('app-list-light');
    await session.click(['.aw-card__link']);
    await session.waitFor(() => !!(document.querySelector('h1.aw-article__title')));
    await session.evaluate(fontsReady);
    await shot('app-article-light');
    await noErrors(session);
  });
}
