// The standalone app: list → article → back (link and history), a deep link
// reloaded, the 404 page, a failing feed and retry; then the published site
// under the deploy recipe's strict CSP (nginx).

import { test } from 'node:test';
import assert from 'node:assert/strict';

import { appShows, fresh, noErrors, SEED_ID, SEED_TITLE } from './context.mjs';

export function appScenarios(ctx) {
  test('the app: list → article → back by the link and by history', async () => {
    const { session, servers } = ctx;
    await fresh(session, servers.app.url + '/');
    await session.waitFor(appShows, '.aw-card__link');
    assert.equal(await session.evaluate(() => document.querySelector('.aw-card__link').textContent), SEED_TITLE);
    assert.equal(await session.evaluate(() => document.querySelector('h2.aw-list__heading').textContent), '最新信息');
    assert.ok((await session.evaluate(() => document.querySelectorAll('.aw-card__link').length)) >= 13);
    assert.equal(await session.evaluate(() => document.title), '最新信息 · 浦江新闻网');

    await session.click(['.aw-card__link']);
    await session.waitFor(() => !!(document.querySelector('h1.aw-article__title')));
    assert.equal(await session.evaluate(() => location.pathname), `/articles/${SEED_ID}`);
    const article = await session.evaluate(() => ({
      title: document.querySelector('h1').textContent,
      paragraphs: [...document.querySelectorAll('.aw-article__body p')].map((p) => p.textContent),
      time: document.querySelector('.aw-article__meta time').textContent,
      datetime: document.querySelector('.aw-article__meta time').getAttribute('datetime'),
      documentTitle: document.title,
    }));
    assert.equal(article.title, SEED_TITLE);
    assert.equal(article.paragraphs.length, 8);
    assert.ok(article.paragraphs[0].startsWith('市委书记陈吉宁今天下午'), article.paragraphs[0]);
    assert.equal(article.time, '2024-01-24 19:41');
    assert.equal(article.datetime, '2024-01-24T19:41:00+08:00');
    assert.equal(article.documentTitle, `${SEED_TITLE} · 浦江新闻网`);

    await session.evaluate(() => history.back());
    await session.waitFor(() => !!(location.pathname === '/' && document.querySelector('.aw-card__link')));
    await session.evaluate(() => history.forward());
    await session.waitFor(() => !!(document.querySelector('h1.aw-article__title')));
    await session.click(['a.aw-back']);
    await session.waitFor(() => !!(location.pathname === '/' && document.querySelector('.aw-card__link')));
    await noErrors(session);
  });

  test('the app: a deep link to an article survives a reload, one feed request per load', async () => {
    const { session, servers } = ctx;
    const feedRequests = servers.app.count('/feed.json');
    await fresh(session, `${servers.app.url}/articles/${SEED_ID}`);
    await session.waitFor(appShows, 'h1.aw-article__title');
    await session.evaluate(() => {
      window.__beforeReload = true;
      location.reload();
    });
    await session.waitFor(() => !!(!window.__beforeReload && document.querySelector('h1.aw-article__title')));
    assert.equal(await session.evaluate(() => document.querySelector('h1').textContent), SEED_TITLE);
    assert.match(await session.evaluate(() => document.querySelector('.aw-article__body').textContent), /^市委书记陈吉宁今天下午/);
    // One feed request per page load: the article view reuses the app's feed.
    await servers.app.until(() => servers.app.count('/feed.json') >= feedRequests + 2);
    assert.equal(servers.app.count('/feed.json'), feedRequests + 2);
    await noErrors(session);
  });

  test('the app: a card’s tag leads to the tag’s page, which lists its articles under its name', async () => {
    const { session, servers } = ctx;
    await fresh(session, servers.app.url + '/');
    await session.waitFor(appShows, 'a.aw-card__tag[href]');
    const href = await session.evaluate(() => [...document.querySelectorAll('a.aw-card__tag')].find((a) => a.textContent === '交通').getAttribute('href'));
    assert.equal(href, '/tags/%E4%BA%A4%E9%80%9A');
    await session.evaluate(() => { window.__samePage = true; });
    await session.click(['a.aw-card__tag[href="/tags/%E4%BA%A4%E9%80%9A"]']);
    await session.waitFor(() => !!(location.pathname === '/tags/%E4%BA%A4%E9%80%9A' && document.querySelector('h2.aw-list__heading')?.textContent === '交通'));
    assert.equal(await session.evaluate(() => document.title), '交通 · 浦江新闻网');
    assert.equal(await session.evaluate(() => window.__samePage), true, 'opened in place, without a page load');
    const tagged = JSON.parse(servers.feedJson).items.filter((item) => (item.tags ?? []).includes('交通')).length;
    assert.equal(await session.evaluate(() => document.querySelectorAll('.aw-card').length), tagged);
    await noErrors(session);
  });

  test('the app: an unknown route shows the 404 page, whose link leads home', async () => {
    const { session, servers } = ctx;
    await fresh(session, `${servers.app.url}/no/such/page`);
    await session.waitFor(appShows, '.aw-not-found h1');
    assert.equal(await session.evaluate(() => document.querySelector('.aw-not-found h1').textContent), '页面不存在');
    await session.waitFor(() => document.title === '页面不存在 · 浦江新闻网');
    await session.click(['.aw-not-found a']);
    await session.waitFor(() => !!(document.querySelector('.aw-card__link')));
    await fresh(session, `${servers.app.url}/articles/no-such-article`);
    await session.waitFor(appShows, '.aw-not-found h1');
    assert.equal(await session.evaluate(() => document.querySelector('.aw-not-found h1').textContent), '找不到这篇文章');
    await noErrors(session);
  });

  test('the app: a feed answering 500, then garbage, then a dropped connection shows the error state; retry recovers', async () => {
    const { session, servers } = ctx;
    const { app } = servers;
    try {
      app.fail('/feed.json', 500);
      await fresh(session, servers.app.url + '/');
      await session.waitFor(appShows, '.aw-error');
      assert.equal(
        await session.evaluate(() => document.querySelector('.aw-error__message').textContent),
        '服务器暂时出了问题(HTTP 500),请稍后重试。',
      );
      app.heal('/feed.json');
      await session.click(['.aw-error button.aw-button']);
      await session.waitFor(() => !!(document.querySelector('.aw-card__link') && !document.querySelector('.aw-error')));

      app.serve('/feed.json', 'text/html', '<!doctype html><p>维护中</p>');
      await fresh(session, servers.app.url + '/');
      await session.waitFor(appShows, '.aw-error');
      assert.equal(await session.evaluate(() => document.querySelector('.aw-error__message').textContent), '信息源的内容不是有效的 JSON。');
      app.heal('/feed.json');

      app.reset('/feed.json');
      await fresh(session, servers.app.url + '/');
      await session.waitFor(appShows, '.aw-error');
      app.heal('/feed.json');
      await session.click(['.aw-error button.aw-button']);
      await session.waitFor(() => !!(document.querySelector('.aw-card__link') && !document.querySelector('.aw-error')));
      await noErrors(session);
    } finally {
      app.heal('/feed.json');
      app.heal('/feed.json');
    }
  });

  test('under the strict CSP (nginx): list, article, back, a prerendered deep link and a 404 start and style', async () => {
    const { session, servers } = ctx;
    const { nginx } = servers;
    // Violations after the load are recorded by a listener; one before it
    // would stop the app, which the waits below would see.
    const watch = () => {
      window.__violations = [];
      document.addEventListener('securitypolicyviolation', (e) => window.__violations.push(`${e.effectiveDirective} ${e.blockedURI}`), true);
    };
    const styled = () => ({
      body: getComputedStyle(document.body).backgroundColor,
      card: getComputedStyle(document.querySelector('.aw-app > :not(.aw-visually-hidden)')).borderTopStyle,
    });
    // nginx's origin is this scenario's alone: nothing stored there to clear.
    await session.goto(`${nginx.url}/`);
    await session.evaluate(watch);
    await session.waitFor(appShows, '.aw-card__link');
    assert.deepEqual(await session.evaluate(styled), { body: 'rgb(245, 245, 242)', card: 'solid' }, 'app.css applies');
    await session.click(['.aw-card__link']);
    await session.waitFor(() => !!(document.querySelector('h1.aw-article__title')));
    await session.click(['a.aw-back']);
    await session.waitFor(() => !!(document.querySelector('.aw-card__link')));
    assert.deepEqual(await session.evaluate(() => window.__violations), []);

    await session.goto(`${nginx.url}/articles/${SEED_ID}`);
    await session.evaluate(watch);
    await session.waitFor(appShows, 'h1.aw-article__title');
    assert.equal(await session.evaluate(() => document.querySelector('h1').textContent), SEED_TITLE);
    assert.deepEqual(await session.evaluate(() => window.__violations), []);

    await session.goto(`${nginx.url}/no/such/page`);
    await session.waitFor(appShows, '.aw-not-found h1');
    assert.deepEqual(await session.evaluate(styled), { body: 'rgb(245, 245, 242)', card: 'solid' });
    await noErrors(session);
  });
}
