// What the shared scenarios stand on: the servers (the widget's CDN with
// CORS, which also serves the standalone app; a partner site on another
// origin; Debian's nginx with the deploy recipe's CSP) and helpers that use
// only the engine layer's Session (tests/e2e/engines/index.mjs). Anything a
// scenario would otherwise need from Playwright (failing, holding or
// replacing a response, dropping a connection, a feed dated relative to now)
// is done by the servers, from the test process.

import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { startNginx } from '../nginx.mjs';
import { startServer } from '../server.mjs';

export const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
export const dist = process.env.DIST_DIR ?? join(repo, 'dist');
export const screenshots = join(repo, 'target', 'screenshots');
const cli = process.env.ARTICLE_WIDGET_CLI ?? join(repo, 'target', 'debug', 'article-widget-publish');

export const glue = '/' + readdirSync(dist).find((name) => /^article-widget-embed-[0-9a-f]+\.js$/.test(name));
export const wasm = '/' + readdirSync(dist).find((name) => /^article-widget-embed-[0-9a-f]+_bg\.wasm$/.test(name));

export const SEED_ID = 'shanghai-five-centres-2024-01-24';
export const SEED_TITLE = '聚焦建设“五个中心”重要使命 陈吉宁与政协委员在专题会议上深入交流';
export const SECOND_TITLE_START = '轨交临江线东延伸段';

/**
 * Records, in the partner page, the widgets' events, the loader's warnings
 * (console.warn, wrapped) and anything uncaught: what a scenario reads
 * instead of a driver's console or error events, which not every engine has.
 */
const HOST_JS = `
window.__events = [];
window.__errors = [];
window.__warnings = [];
['articlewidget:ready', 'articlewidget:open', 'articlewidget:error'].forEach(function (type) {
  document.addEventListener(type, function (event) {
    __events.push({ type: type, target: event.target.id, detail: event.detail });
  });
});
var warn = console.warn;
console.warn = function () {
  __warnings.push(Array.prototype.join.call(arguments, ' '));
  return warn.apply(console, arguments);
};
window.addEventListener('error', function (event) { __errors.push(String(event.message)); });
window.addEventListener('unhandledrejection', function (event) { __errors.push(String(event.reason)); });
`;

/**
 * Takes away what some engines lack, before the widget loads, so that its
 * fallbacks run in every engine: Intl.Segmenter (excerpts cut at code
 * points), IntersectionObserver (a lazy widget loads at once) and streaming
 * wasm compilation (the glue reads the whole body, then compiles).
 */
const WITHOUT_JS = `
delete Intl.Segmenter;
delete window.IntersectionObserver;
delete WebAssembly.instantiateStreaming;
delete WebAssembly.compileStreaming;
window.__without = [typeof Intl.Segmenter, typeof IntersectionObserver, typeof WebAssembly.instantiateStreaming];
`;

/** Takes away constructable stylesheets (Safari before 16.4 has none). */
const WITHOUT_SHEETS_JS = `
delete window.CSSStyleSheet;
window.__without = [typeof CSSStyleSheet];
`;

/** Starts the servers every engine's run shares; `close()` ends them. */
export async function startServers() {
  const widget = await startServer(dist, { cors: true });
  const app = await startServer(dist);
  const host = await startServer(null);
  host.serve('/host.js', 'text/javascript', HOST_JS);
  host.serve('/without.js', 'text/javascript', WITHOUT_JS);
  host.serve('/without-sheets.js', 'text/javascript', WITHOUT_SHEETS_JS);
  for (const server of [widget, app, host]) server.serve('/blank.html', 'text/html; charset=utf-8', '<!doctype html><title>blank</title>');
  await mkdir(screenshots, { recursive: true });

  // The published site under the deploy recipe's CSP, as csp.test.mjs has it.
  assert.ok(existsSync(cli), `${cli} is missing: cargo build --bin article-widget-publish`);
  const site = await mkdtemp(join(tmpdir(), 'article-widget-engines-'));
  await cp(dist, site, { recursive: true });
  const nginx = await startNginx(site);
  await promisify(execFile)(cli, ['build', join(repo, 'www', 'content'), '--out', site, '--site-url', `${nginx.url}/`]);

  const feedJson = await readFile(join(dist, 'feed.json'), 'utf8');
  const servers = {
    widget,
    app,
    host,
    nginx,
    feedJson,
    /** A partner page on the host origin, embedding the widget from the CDN under a strict CSP. */
    hostPage(path, { body, policy, embedded = true, without = false }) {
      // `without`: true takes away what WITHOUT_JS does, 'sheets' constructable stylesheets.
      const takeAway = without === 'sheets' ? '/without-sheets.js' : '/without.js';
      policy ??= `script-src 'self' ${widget.url} 'wasm-unsafe-eval'`;
      host.serve(
        path,
        'text/html; charset=utf-8',
        `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner</title>
         <script src="/host.js"></script>${without ? `<script src="${takeAway}"></script>` : ''}</head>
         <body><h1>Partner news site</h1>${body}${embedded ? `<script async src="${widget.url}/embed.js"></script>` : ''}</body></html>`,
        { 'content-security-policy': policy },
      );
    },
    /** `<article-widget id=…>` with a fallback link. */
    widgetTag: (id, attributes) => `<article-widget id="${id}" ${attributes}><a href="${widget.url}/">最新信息</a></article-widget>`,
    async close() {
      await Promise.allSettled([widget.close(), app.close(), host.close(), nginx.close()]);
      await rm(site, { recursive: true, force: true });
    },
  };
  return servers;
}

/**
 * Opens `url` with that origin's storage emptied first, so a stored copy of
 * a feed from an earlier scenario cannot stand in for the network.
 */
export async function fresh(session, url) {
  baselines.set(session, (await session.errors()).length);
  const { origin } = new URL(url);
  await session.goto(`${origin}/blank.html`);
  await session.evaluate(() => {
    localStorage.clear();
    sessionStorage.clear();
  });
  await session.goto(url);
}

/** Page function: how many elements match `selector` inside the shadow root of `#id`. */
export function countIn(id, selector) {
  const root = document.getElementById(id)?.shadowRoot;
  return root ? root.querySelectorAll(selector).length : 0;
}

/** Page function: the text of the first match of `selector` in `#id`'s shadow root (or null). */
export function textIn(id, selector) {
  const element = document.getElementById(id)?.shadowRoot?.querySelector(selector);
  return element ? element.textContent : null;
}

/** Page function: whether the app has taken over the page (not the prerendered copy) and `selector` matches. */
export function appShows(selector) {
  return !!document.querySelector('#app:not([data-prerendered])') && !!document.querySelector(selector);
}

/** Page function: whether `selector` is laid out and visible (has boxes). */
export function visible(selector) {
  const element = document.querySelector(selector);
  return !!element && element.getClientRects().length > 0 && getComputedStyle(element).visibility !== 'hidden';
}

/** How many errors the session had seen when the scenario's first page opened. */
const baselines = new WeakMap();

/**
 * Asserts nothing uncaught happened in the pages since the scenario's first
 * `fresh()`, by the driver and by the partner page's own recorder.
 */
export async function noErrors(session, { host = false } = {}) {
  const errors = (await session.errors()).slice(baselines.get(session) ?? 0);
  assert.deepEqual(errors, [], `${session.engine}: uncaught errors in the page`);
  if (host) assert.deepEqual(await session.evaluate(() => window.__errors), [], `${session.engine}: window.onerror`);
}
