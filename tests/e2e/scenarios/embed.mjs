// The embed on a cross-origin partner page: render, an article inline and
// back, the articlewidget:* events, destroy(), a blocked, missing or
// tampered wasm or glue (the fallback link stays), and the fallbacks for
// features an engine may lack.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

import { dist, fresh, glue, noErrors, SEED_ID, SEED_TITLE, textIn, wasm } from './context.mjs';

export function embedScenarios(ctx) {
  const body = () => {
    const { widget, widgetTag } = ctx.servers;
    const feed = `${widget.url}/feed.json`;
    return `
      ${widgetTag('w1', `feed="${feed}" limit="3" loading="eager"`)}
      <div id="w2" data-article-widget data-feed="${feed}" data-limit="5" data-layout="grid" data-theme="dark" data-loading="eager"><a href="${widget.url}/">Fallback</a></div>
      ${widgetTag('broken', `feed="${widget.url}/missing/feed.json" loading="eager"`)}`;
  };
  const ready = (session) =>
    session.waitFor(() => {
      const count = (id, selector) => document.getElementById(id)?.shadowRoot?.querySelectorAll(selector).length ?? 0;
      return count('w1', '.aw-card__link') > 0 && count('w2', '.aw-card__link') > 0 && count('broken', '.aw-error') > 0;
    });

  test('widgets render from another origin; the broken one alone shows its error; ready and error events', async () => {
    const { session, servers } = ctx;
    servers.hostPage('/plain.html', { body: body() });
    const before = { glue: servers.widget.count(glue), wasm: servers.widget.count(wasm) };
    await fresh(session, servers.host.url + '/plain.html');
    await session.waitFor(() => {
      const count = (id, selector) => document.getElementById(id)?.shadowRoot?.querySelectorAll(selector).length ?? 0;
      return count('w1', '.aw-card__link') === 3 && count('w2', '.aw-card__link') === 5 && count('broken', '.aw-error') === 1;
    });
    assert.equal(await session.evaluate(textIn, 'w1', '.aw-card__link'), SEED_TITLE);
    // Relative links in the feed resolve against the feed's URL (the CDN), and the image loads.
    const thumb = await session.waitFor(() => {
      const img = document.getElementById('w1').shadowRoot.querySelector('.aw-card__thumb');
      return img && img.complete && img.naturalWidth > 0 && img.src;
    });
    assert.equal(thumb, `${servers.widget.url}/images/five-centres.svg`);
    // No lang attribute and no feed: the error speaks the browser's language (en-US).
    assert.equal(await session.evaluate(textIn, 'broken', '.aw-error__message'), 'The feed does not exist (HTTP 404).');
    const events = await session.evaluate(() => window.__events);
    const readyOf = (id) => events.find((e) => e.type === 'articlewidget:ready' && e.target === id);
    assert.deepEqual(readyOf('w1')?.detail, { count: 3 });
    assert.deepEqual(readyOf('w2')?.detail, { count: 5 });
    const error = events.find((e) => e.type === 'articlewidget:error');
    assert.equal(error?.target, 'broken');
    assert.equal(error.detail.kind, 'http');
    assert.match(error.detail.message, /404/);
    assert.equal(servers.widget.count(glue) - before.glue, 1, 'the glue loads once');
    assert.equal(servers.widget.count(wasm) - before.wasm, 1, 'the wasm loads once');
    // The dark widget is dark without any media emulation.
    assert.equal(
      await session.evaluate(() => getComputedStyle(document.getElementById('w2').shadowRoot.querySelector('.aw-widget')).backgroundColor),
      'rgb(29, 31, 33)',
    );
    await noErrors(session, { host: true });
  });

  test('a card opens the article inside the widget and reports it; back returns to the list', async () => {
    const { session, servers } = ctx;
    servers.hostPage('/plain.html', { body: body() });
    await fresh(session, servers.host.url + '/plain.html');
    await ready(session);
    await session.click(['#w1', '.aw-card__link']);
    await session.waitFor(() => !!(document.getElementById('w1').shadowRoot.querySelector('h1.aw-article__title')));
    assert.equal(await session.evaluate(textIn, 'w1', 'h1'), SEED_TITLE);
    assert.equal(await session.evaluate(textIn, 'w1', '.aw-article__source'), '文章来源:上观新闻');
    assert.equal(await session.evaluate(() => location.pathname), '/plain.html', 'the host page did not navigate');
    const opened = (await session.evaluate(() => window.__events)).find((e) => e.type === 'articlewidget:open');
    assert.deepEqual(opened, {
      type: 'articlewidget:open',
      target: 'w1',
      detail: { id: SEED_ID, url: `${servers.widget.url}/articles/${SEED_ID}` },
    });
    await session.click(['#w1', 'a.aw-back']);
    await session.waitFor(() => !!(document.getElementById('w1').shadowRoot.querySelectorAll('.aw-card__link').length === 3));
    await noErrors(session, { host: true });
  });

  test("the partner page's CSS does not reach into the widget: computed styles equal a plain page's", async () => {
    const { session, servers } = ctx;
    const hostile = `
      * { color: red !important; font-size: 30px !important; line-height: 3 !important; font-family: serif !important;
          letter-spacing: 4px !important; text-transform: uppercase !important; font-weight: 900 !important;
          text-align: right !important; box-sizing: content-box !important; }
      div { display: flex !important; padding: 20px !important; }
      h1, h2, h3 { border: 5px dotted green !important; }
      img { filter: grayscale(1) !important; }`;
    servers.host.serve('/hostile.css', 'text/css', hostile);
    servers.hostPage('/plain.html', { body: body() });
    servers.hostPage('/hostile.html', { body: `<link rel="stylesheet" href="/hostile.css">${body()}` });
    const styles = async (path) => {
      await fresh(session, servers.host.url + path);
      await ready(session);
      return session.evaluate(() => {
        const properties = ['color', 'font-size', 'font-family', 'font-weight', 'line-height', 'letter-spacing', 'text-transform', 'text-align', 'display', 'padding-top', 'border-top-width', 'box-sizing', 'filter'];
        const selectors = ['.aw-widget', '.aw-list__heading', '.aw-card__link', '.aw-card__summary', '.aw-card__meta time', '.aw-card__thumb'];
        return selectors.map((selector) => {
          const style = getComputedStyle(document.getElementById('w1').shadowRoot.querySelector(selector));
          return [selector, Object.fromEntries(properties.map((p) => [p, style.getPropertyValue(p)]))];
        });
      });
    };
    const plain = await styles('/plain.html');
    const attacked = await styles('/hostile.html');
    assert.equal(await session.evaluate(() => getComputedStyle(document.querySelector('h1')).color), 'rgb(255, 0, 0)', 'the hostile CSS applies to the page');
    assert.deepEqual(attacked, plain);
    await noErrors(session, { host: true });
  });

  test('mount() returns a handle; destroy() aborts the request, restores the fallback, and nothing follows', async () => {
    const { session, servers } = ctx;
    const { widget } = servers;
    const held = '/held/feed.json';
    widget.serve(held, 'application/feed+json', servers.feedJson);
    widget.hold(held);
    try {
      servers.hostPage('/bare.html', { body: '<div id="manual"><a href="/">最新信息</a></div>' });
      await fresh(session, servers.host.url + '/bare.html');
      await session.waitFor(() => !!window.ArticleWidget);
      const before = widget.count(held);
      const requested = widget.until(() => widget.count(held) === before + 1);
      await session.evaluate(async (feed) => {
        window.__handle = await window.ArticleWidget.mount(document.getElementById('manual'), { feed, loading: 'eager', limit: 4 });
        return true;
      }, `${widget.url}${held}`);
      await requested;
      await session.waitFor(() => !!(document.getElementById('manual').shadowRoot.querySelector('.aw-skeleton')));
      const aborted = widget.abortedCount(held);
      await session.evaluate(() => window.__handle.destroy());
      await widget.until(() => widget.abortedCount(held) > aborted);
      assert.equal(await session.evaluate(() => document.getElementById('manual').shadowRoot.innerHTML), '<slot></slot>');
      assert.ok(await session.evaluate(() => document.querySelector('#manual > a').getClientRects().length > 0), 'the fallback link shows again');
      await session.evaluate(() => {
        window.__handle.refresh();
        window.__handle.destroy();
      });
      widget.release(held);
      // A round trip to the page after the release: a request it made would have arrived by now.
      await session.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
      assert.equal(widget.count(held), before + 1, 'no request after destroy');
      assert.deepEqual(await session.evaluate(() => window.__events.filter((e) => e.target === 'manual')), []);
      await noErrors(session, { host: true });
    } finally {
      widget.release(held);
      widget.heal(held);
    }
  });

  test('with the wasm blocked by the CSP, the loader warns and the fallback link stays', async () => {
    const { session, servers } = ctx;
    servers.hostPage('/no-wasm.html', { body: body(), policy: `script-src 'self' ${servers.widget.url}` });
    await fresh(session, servers.host.url + '/no-wasm.html');
    const warning = await session.waitFor(() => window.__warnings.find((text) => text.startsWith('[article-widget]')));
    assert.ok(warning);
    assert.ok(await session.evaluate(() => document.querySelector('#w1 > a').getClientRects().length > 0), 'the fallback shows');
    assert.equal(await session.evaluate(() => document.getElementById('w1').shadowRoot), null);
    await noErrors(session, { host: true });
  });

  test('without constructable stylesheets, the loader warns and the fallback link stays', async () => {
    const { session, servers } = ctx;
    servers.hostPage('/no-sheets.html', { body: body(), without: 'sheets' });
    await fresh(session, servers.host.url + '/no-sheets.html');
    assert.deepEqual(await session.evaluate(() => window.__without), ['undefined']);
    await session.waitFor(() => window.__warnings.find((text) => text.startsWith('[article-widget]')));
    assert.ok(await session.evaluate(() => document.querySelector('#w1 > a').getClientRects().length > 0), 'the fallback shows');
    assert.equal(await session.evaluate(() => document.getElementById('w1').shadowRoot), null);
    await noErrors(session, { host: true });
  });

  test('embed.css reserves the height the loaded widget takes', async () => {
    const { session, servers } = ctx;
    const { widget, widgetTag } = servers;
    const reserve = `<link rel="stylesheet" href="${widget.url}/embed.css">
      ${widgetTag('r', `feed="${widget.url}/feed.json" limit="3" layout="grid" loading="eager"`)}<p id="below">below</p>`;
    servers.hostPage('/reserve.html', { body: reserve, embedded: false });
    await fresh(session, servers.host.url + '/reserve.html');
    const height = () => document.getElementById('r').getBoundingClientRect().height;
    const reserved = await session.waitFor(() => document.getElementById('r').getBoundingClientRect().height > 100 && document.getElementById('r').getBoundingClientRect().height);
    // embed.js only now: what was measured is what embed.css alone reserved.
    await session.evaluate((src) => {
      document.body.append(Object.assign(document.createElement('script'), { src }));
    }, `${widget.url}/embed.js`);
    await session.waitFor(() => document.getElementById('r').shadowRoot?.querySelectorAll('.aw-card__link').length === 3);
    const loaded = await session.evaluate(height);
    assert.ok(Math.abs(loaded - reserved) < 0.5, `reserved ${reserved} px, loaded ${loaded} px`);
    await noErrors(session, { host: true });
  });

  test('with the wasm missing (404), the loader warns and the fallback link stays', async () => {
    const { session, servers } = ctx;
    servers.widget.fail(wasm, 404);
    try {
      servers.hostPage('/plain.html', { body: body() });
      await fresh(session, servers.host.url + '/plain.html');
      await session.waitFor(() => window.__warnings.find((text) => text.startsWith('[article-widget]')));
      assert.ok(await session.evaluate(() => document.querySelector('#w2 > a').getClientRects().length > 0));
      assert.equal(await session.evaluate(() => document.getElementById('w2').shadowRoot), null);
      await noErrors(session, { host: true });
    } finally {
      servers.widget.heal(wasm);
    }
  });

  // One byte changed on the CDN: the loader's integrity for the glue and
  // the wasm refuses it (tests/e2e/sri.test.mjs has the rest in Chromium).
  for (const [what, path, type] of [
    ['glue', glue, 'text/javascript; charset=utf-8'],
    ['wasm', wasm, 'application/wasm'],
  ]) {
    test(`a tampered ${what} is refused: the loader warns once, the fallback stays and nothing is thrown`, async () => {
      const { session, servers } = ctx;
      const changed = readFileSync(join(dist, path.slice(1)));
      changed[changed.length - 2] ^= 0x01;
      servers.widget.serve(path, type, changed);
      try {
        servers.hostPage('/tampered.html', { body: body() });
        await fresh(session, servers.host.url + '/tampered.html');
        await session.waitFor(() => ['w1', 'w2'].every((id) => document.getElementById(id).hasAttribute('data-aw-off')));
        assert.equal(await session.evaluate(() => window.__warnings.filter((text) => text.startsWith('[article-widget]')).length), 1);
        assert.ok(await session.evaluate(() => document.querySelector('#w2 > a').getClientRects().length > 0));
        assert.equal(await session.evaluate(() => document.getElementById('w1').shadowRoot), null);
        await noErrors(session, { host: true });
      } finally {
        servers.widget.heal(path);
      }
    });
  }

  test('without Intl.Segmenter, IntersectionObserver and streaming compilation, the fallbacks render', async () => {
    const { session, servers } = ctx;
    const { widget, widgetTag } = servers;
    // 100 "é" written as e + a combining accent: 80 graphemes are 160 code
    // points, 80 code points are 40 graphemes.
    const feed = JSON.stringify({
      version: 'https://jsonfeed.org/version/1.1',
      title: 'Cuts',
      language: 'en',
      items: [{ id: 'cut', title: 'Cut', content_text: 'e\u0301'.repeat(100) }],
    });
    widget.serve('/cut/feed.json', 'application/feed+json', feed);
    widget.serve('/cut-lazy/feed.json', 'application/feed+json', feed);
    const page = `${widgetTag('cut', `feed="${widget.url}/cut/feed.json" loading="eager"`)}
      <div style="height: 5000px">spacer</div>
      ${widgetTag('lazy', `feed="${widget.url}/cut-lazy/feed.json"`)}`;
    const excerpt = () => document.getElementById('cut').shadowRoot.querySelector('.aw-card__summary')?.textContent;

    servers.hostPage('/with.html', { body: page });
    const lazyBefore = widget.count('/cut-lazy/feed.json');
    await fresh(session, servers.host.url + '/with.html');
    const whole = await session.waitFor(excerpt);
    assert.equal(whole, 'e\u0301'.repeat(80) + '…', 'cut after 80 graphemes');
    assert.equal(widget.count('/cut-lazy/feed.json'), lazyBefore, 'the lazy widget far below waits');

    servers.hostPage('/without.html', { body: page, without: true });
    await fresh(session, servers.host.url + '/without.html');
    assert.deepEqual(await session.evaluate(() => window.__without), ['undefined', 'undefined', 'undefined']);
    const cut = await session.waitFor(excerpt);
    assert.equal(cut, 'e\u0301'.repeat(40) + '…', 'cut after 80 code points');
    // Without IntersectionObserver the lazy widget loads at once.
    await session.waitFor(() => !!(document.getElementById('lazy').shadowRoot?.querySelector('.aw-card__link')));
    assert.equal(widget.count('/cut-lazy/feed.json'), lazyBefore + 1);
    await noErrors(session, { host: true });
  });

  test('tag filters: one tag reads feed.json and the tag’s own feed; two (a full-width comma) filter feed.json', async () => {
    const { session, servers } = ctx;
    const { widget, widgetTag } = servers;
    const items = JSON.parse(servers.feedJson).items;
    const count = (tags) => items.filter((item) => tags.some((tag) => (item.tags ?? []).includes(tag))).length;
    const tagFeed = '/tags/%E4%BA%A4%E9%80%9A/feed.json'; // 交通
    const before = { feed: widget.count('/feed.json'), tag: widget.count(tagFeed) };
    servers.hostPage('/tags.html', {
      body: `${widgetTag('one', `feed="${widget.url}/feed.json" tags=" 交通 " show="date,tags" loading="eager"`)}
        ${widgetTag('two', `feed="${widget.url}/feed.json" tags="交通，民生" loading="eager"`)}`,
    });
    await fresh(session, servers.host.url + '/tags.html');
    const cards = (id) => document.getElementById(id)?.shadowRoot?.querySelectorAll('.aw-card').length ?? 0;
    await session.waitFor(() => {
      const ready = (id) => window.__events.some((e) => e.type === 'articlewidget:ready' && e.target === id);
      return ready('one') && ready('two');
    });
    assert.equal(await session.evaluate(cards, 'one'), count(['交通']));
    assert.equal(await session.evaluate(cards, 'two'), count(['交通', '民生']));
    // Every card of the one-tag widget carries its tag, on the meta line.
    const tagLines = await session.evaluate(() =>
      [...document.getElementById('one').shadowRoot.querySelectorAll('[part~="tags"]')].map((line) => line.textContent));
    assert.ok(tagLines.length > 0 && tagLines.every((line) => line.includes('交通')), JSON.stringify(tagLines));
    assert.equal(widget.count(tagFeed) - before.tag, 1, 'the tag’s own feed, once');
    assert.equal(widget.count('/feed.json') - before.feed, 2, 'feed.json once per widget');
    await noErrors(session, { host: true });
  });
}
