// The performance benchmark: our widget against a hand-written vanilla-JS
// renderer of the same feed (bench/vanilla/), in one run, alternating the two
// page by page, each page in a fresh browser context (no HTTP cache, no
// storage carried over), and reporting medians and the ratio ours / vanilla.
//
//   node bench/run.mjs [--dist DIR] [--pages 15] [--out BENCHMARKS.md]
//
// P8-P10 (bench/partner.mjs) measure a partner's article page served with
// brotli: Lighthouse's mobile run for ours, vanilla and no widget, the first
// card with `loading="eager"`, and a Chromium trace at 4x CPU.
//
// Everything is served by this script on 127.0.0.1; Debian's Chromium is driven
// by playwright-core from the repository's node_modules. Results go to stdout
// and between the `<!-- bench:start -->` / `<!-- bench:end -->` markers of the
// output file; the raw samples to bench/.build/last-run.json.

import { createServer } from 'node:http';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { cpus, totalmem } from 'node:os';
import { dirname, extname, join, normalize, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { brotliCompressSync, constants as zlib, gzipSync } from 'node:zlib';

import { chromium } from 'playwright-core';

import { CHROMIUM_FLAGS } from '../tests/e2e/browser.mjs';
import { TYPES } from '../tests/e2e/server.mjs';
import { buildVanilla } from './build-vanilla.mjs';
import { instrument } from './instrument.js';
import { analyseTrace, articlePage, cumulativeLayoutShift, lighthouseRun, loadLighthouse, MOBILE, SPLIT, TRACE_CATEGORIES, VARIANTS } from './partner.mjs';

const BENCH = dirname(fileURLToPath(import.meta.url));
const REPO = dirname(BENCH);

const { values: args } = parseArgs({
  options: {
    dist: { type: 'string', default: join(REPO, 'dist') },
    pages: { type: 'string', default: '15' },
    out: { type: 'string', default: join(REPO, 'BENCHMARKS.md') },
    only: { type: 'string' }, // e.g. --only P2,P7, for working on one metric
    serve: { type: 'boolean', default: false }, // serve the benchmark's pages and wait, to look at them by hand
    chromium: { type: 'string', default: process.env.CHROMIUM ?? '/usr/bin/chromium' },
    'lighthouse-runs': { type: 'string', default: '5' }, // P8: runs per variant
    'card-pages': { type: 'string', default: '20' }, // P9: pages per side
    'trace-pages': { type: 'string', default: '9' }, // P10: traced pages per variant
    'keep-traces': { type: 'boolean', default: false }, // P10: also write each trace to bench/.build/trace-VARIANT-N.json (DevTools opens them)
  },
});
const count = (name) => {
  const n = Number(args[name]);
  if (!Number.isInteger(n) || n < 1) throw new Error(`--${name} must be a positive integer, not ${args[name]}`);
  return n;
};
const LIGHTHOUSE_RUNS = count('lighthouse-runs');
const CARD_PAGES = count('card-pages');
const TRACE_PAGES = count('trace-pages');
const DIST = resolve(args.dist);
const PAGES = Number(args.pages);
const OUT = resolve(args.out);
const ONLY = args.only ? new Set(args.only.toUpperCase().split(',')) : null;
const wanted = (metric) => !ONLY || ONLY.has(metric);
if (!Number.isInteger(PAGES) || PAGES < 1) throw new Error(`--pages must be a positive integer, not ${args.pages}`);
if (!existsSync(join(DIST, 'embed.js'))) throw new Error(`${DIST} has no embed.js: build it first (scripts/build-release.sh)`);

const VIEWPORT = { width: 1280, height: 900 };
const PAGE_TIMEOUT = 60_000; // a guard against a broken build, never a measurement
const GIVE_UP_AFTER = 3; // a side whose first 3 pages in a group all fail is skipped for the rest of it
const SIDES = ['ours', 'vanilla'];
const DECODE_MEASURE = { ours: 'article-widget:decode', vanilla: 'vanilla-widget:decode' };

// ---- Feeds: deterministic, from the sample feed, made at run time ----------

const sample = JSON.parse(readFileSync(join(REPO, 'tests', 'fixtures', 'sample-feed.json'), 'utf8'));

function item(i, compact) {
  const source = sample.items[i % sample.items.length];
  const id = `${source.id}-${i}`;
  const out = { ...source, id, url: `/articles/${id}` };
  if (source.image) out.image = source.image.replace('/images/', '/_bench/images/');
  if (compact) {
    // 10,000 full sample articles would be 17 MB, over the widget's 5 MB cap:
    // the long feed keeps what a card shows (title, a short summary, date,
    // source, image) and drops the bodies.
    const first = (source.content_text ?? '').split('\n')[0].trim();
    out.summary = (source.summary || first).slice(0, 40);
    delete out.content_text;
    delete out.authors;
    delete out.tags;
  }
  return out;
}

function feed(path, items) {
  const { items: _, _article: extension, ...envelope } = sample;
  // No item_url_template: the per-item documents are not served here.
  return JSON.stringify({ ...envelope, feed_url: path, _article: { disclaimer: extension.disclaimer }, items });
}

function makeFeeds() {
  const feeds = new Map();
  const add = (name, items) => {
    const path = `/_bench/feeds/${name}.json`;
    feeds.set(path, Buffer.from(feed(path, items)));
    return path;
  };
  const range = (n, compact = false) => Array.from({ length: n }, (_, i) => item(i, compact));
  const paths = {
    f20: add('feed-20', range(20)),
    f100: add('feed-100', range(100)),
    f10k: add('feed-10000', range(10_000, true)),
  };
  // ~250 KB: as many whole sample articles as it takes.
  let count = 1;
  while (Buffer.byteLength(feed('', range(count))) < 250 * 1024) count++;
  paths.f250k = add('feed-250k', range(count));
  const size10k = feeds.get(paths.f10k).length;
  if (size10k > 4.5 * 1024 * 1024) throw new Error(`the 10,000-article feed is ${size10k} bytes, too close to the 5 MB cap`);
  const info = Object.fromEntries(Object.entries(paths).map(([key, path]) => [key, { path, bytes: feeds.get(path).length }]));
  info.f250k.items = count;
  return { feeds, paths, info };
}

// ---- Pages -------------------------------------------------------------------

const INSTRUMENT = `(${instrument.toString()})();`;
const LOADER = { ours: '/embed.js', vanilla: '/_bench/vanilla-widget.js' };
// `none`: the same partner page without a widget, the floor under P5.
const HOST_ATTRIBUTE = { ours: 'data-article-widget', vanilla: 'data-vanilla-widget', none: 'data-no-widget' };

/** A partner's article page with one widget: the same page for both sides but for the host attribute and the script. */
function partnerPage(side, { feed: feedPath, limit, loading }) {
  const attributes = [HOST_ATTRIBUTE[side], `data-feed="${feedPath}"`, `data-limit="${limit}"`];
  if (loading) attributes.push(`data-loading="${loading}"`);
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>合作伙伴页面</title>
<script>${INSTRUMENT}</script>
<style>body { max-width: 760px; margin: 24px auto; font: 16px/1.6 Georgia, serif; color: #222; } aside { margin-top: 24px; }</style>
</head>
<body>
<header><h1>合作伙伴的页面</h1><p>合作伙伴自己的内容在这里;下方是嵌入的最新信息。</p></header>
<aside>
<div ${attributes.join(' ')}><a href="/">最新信息</a></div>
<script>performance.mark('bench:start')</script>
${LOADER[side] ? `<script async src="${LOADER[side]}"></script>` : ''}
</aside>
</body>
</html>
`;
}

/**
 * dist/index.html (the standalone app) pointed at `feedPath`, with the
 * instrumentation first in <head>. The home page the CLI prerendered into it
 * is taken out: the cards measured are the app's, from the 10,000-article feed.
 */
function spaPage(feedPath) {
  const html = readFileSync(join(DIST, 'index.html'), 'utf8');
  const meta = /<meta\s+name="article-widget:feed"[^>]*>/;
  if (!meta.test(html)) throw new Error('dist/index.html has no <meta name="article-widget:feed">');
  return html
    .replace(/<div id="app" data-prerendered><!--aw:page-->[\s\S]*?<!--\/aw:page--><\/div>/, '<div id="app"></div>')
    .replace(meta, `<meta name="article-widget:feed" content="${feedPath}" />`)
    .replace(/<head[^>]*>/i, (head) => `${head}<script>${INSTRUMENT}performance.mark('bench:start')</script>`);
}

// ---- The server ------------------------------------------------------------

function within(root, pathname) {
  const file = normalize(join(root, decodeURIComponent(pathname)));
  return file.startsWith(root + sep) && existsSync(file) && statSync(file).isFile() ? file : null;
}

// Text, scripts and wasm; images are compressed already.
const COMPRESSIBLE = /^(text\/|application\/(wasm|json|feed\+json|javascript)|image\/svg)/;

/**
 * With `brotli`, every compressible response goes out brotli-compressed (quality 11,
 * compressed once per path), as a CDN serves static files; a browser that does not
 * ask for `br` gets the plain bytes, and `uncompressed` lists those responses.
 */
async function startServer({ feeds, pages, vanilla, brotli = false }) {
  const images = join(REPO, 'www', 'content', 'images');
  const files = new Map(); // read once: disk is not what we measure
  const read = (file) => files.get(file) ?? files.set(file, readFileSync(file)).get(file);
  const compressedBodies = new Map();
  const uncompressed = [];
  const server = createServer((request, response) => {
    const { pathname } = new URL(request.url, 'http://127.0.0.1');
    let body = null;
    let type = null;
    if (pages.has(pathname)) [body, type] = [pages.get(pathname), TYPES['.html']];
    else if (feeds.has(pathname)) [body, type] = [feeds.get(pathname), TYPES['.json']];
    else if (pathname === LOADER.vanilla) [body, type] = [read(vanilla), TYPES['.js']];
    else {
      let file = null;
      try {
        file = pathname.startsWith('/_bench/images/') ? within(images, pathname.slice('/_bench/images'.length)) : within(DIST, pathname);
      } catch {
        file = null; // a malformed escape
      }
      if (file) [body, type] = [read(file), TYPES[extname(file)] ?? 'application/octet-stream'];
    }
    const headers = {
      'cache-control': 'no-store',
      'access-control-allow-origin': '*',
      // Cross-origin isolation: performance.now() to 5 µs instead of 100 µs.
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    };
    if (body === null) {
      response.writeHead(404, { ...headers, 'content-type': 'text/plain' });
      response.end('not found');
      return;
    }
    if (typeof body === 'string') body = Buffer.from(body);
    if (brotli && COMPRESSIBLE.test(type)) {
      headers.vary = 'accept-encoding';
      if (/\bbr\b/.test(request.headers['accept-encoding'] ?? '')) {
        let packed = compressedBodies.get(pathname);
        if (!packed) {
          packed = brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } });
          compressedBodies.set(pathname, packed);
        }
        [body, headers['content-encoding']] = [packed, 'br'];
      } else uncompressed.push(pathname);
    }
    response.writeHead(200, { ...headers, 'content-type': type, 'content-length': body.length });
    response.end(body);
  });
  await new Promise((done) => server.listen(0, '127.0.0.1', done));
  return {
    origin: `http://127.0.0.1:${server.address().port}`,
    uncompressed,
    /** Compresses what `paths` name now, so that no measured request waits for brotli 11. */
    warm: (paths) => Promise.all(paths.map((path) => fetch(`http://127.0.0.1:${server.address().port}${path}`, { headers: { 'accept-encoding': 'br' } }).then((r) => r.arrayBuffer()))),
    close: () => new Promise((done) => (server.closeAllConnections(), server.close(done))),
  };
}

// ---- Running pages ---------------------------------------------------------

function withTimeout(promise, what) {
  let timer;
  const guard = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${PAGE_TIMEOUT / 1000} s`)), PAGE_TIMEOUT);
  });
  return Promise.race([promise, guard]).finally(() => clearTimeout(timer));
}

let browser;
let origin;
let brOrigin; // the same pages and files, served with brotli (P8-P10)
const foreignRequests = [];
const local = (url) => url.hostname === '127.0.0.1' || url.protocol === 'data:' || url.protocol === 'blob:';

/**
 * Opens `path` in a fresh context, hands the page to `measure`, and always closes the context.
 * `brotli` takes the page from the brotli server; `device` replaces the desktop viewport
 * (P10's mobile screen); `init` runs in the page before its own scripts; `trace` records a
 * Chromium trace with these categories, returned as the result's `traceEvents`.
 */
async function onFreshPage(path, measure, { throttle, brotli = false, device, init, trace } = {}) {
  const context = await browser.newContext({ viewport: VIEWPORT, ...device, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  let tracing = false;
  try {
    if (init) await context.addInitScript(init);
    const page = await context.newPage();
    const errors = [];
    const requests = [];
    let fail;
    const failed = new Promise((_, reject) => (fail = reject));
    failed.catch(() => {});
    page.on('pageerror', (error) => errors.push(error.message));
    // The loader's one warning when the module cannot load, or a widget's error event.
    page.on('console', (message) => {
      if (/^\[(article-widget|bench)\]/.test(message.text())) fail(new Error(message.text()));
    });
    page.on('request', (request) => {
      const url = new URL(request.url());
      if (!local(url)) foreignRequests.push(url.href);
      requests.push(url.pathname);
    });
    const cdp = await context.newCDPSession(page);
    if (throttle) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    if (trace) {
      await browser.startTracing(page, { categories: trace });
      tracing = true;
    }
    await page.goto((brotli ? brOrigin : origin) + path, { waitUntil: 'domcontentloaded', timeout: PAGE_TIMEOUT });
    const result = await withTimeout(Promise.race([measure(page, cdp, requests), failed]), path);
    if (errors.length) result.pageErrors = errors;
    if (trace) {
      tracing = false;
      result.traceEvents = JSON.parse((await browser.stopTracing()).toString()).traceEvents;
    }
    return result;
  } finally {
    if (tracing) await browser.stopTracing().catch(() => {}); // a failed page must not leave the next one unable to trace
    await context.close();
  }
}

/**
 * Runs `perPage(side, i)` for PAGES pages per side, the sides taking turns page
 * by page and in a rotating order (ABBA for two), so that neither always goes
 * first and a slow spell on the shared machine hits both.
 */
async function alternate(name, perPage, sides = SIDES, pages = PAGES) {
  const samples = Object.fromEntries(sides.map((side) => [side, []]));
  const errors = Object.fromEntries(sides.map((side) => [side, []]));
  const started = performance.now();
  for (let i = 0; i < pages; i++) {
    for (const side of [...sides.slice(i % sides.length), ...sides.slice(0, i % sides.length)]) {
      if (errors[side].length >= GIVE_UP_AFTER && !samples[side].length) continue; // broken: do not wait out every page
      try {
        samples[side].push(await perPage(side, i));
      } catch (error) {
        errors[side].push(error.message.split('\n')[0]);
      }
    }
    if (process.stderr.isTTY) process.stderr.write(`\r${name}: ${i + 1}/${pages} pages per side`);
  }
  const seconds = (performance.now() - started) / 1000;
  process.stderr.write(`${process.stderr.isTTY ? '\r' : ''}${name}: ${pages} pages per side (${seconds.toFixed(0)} s)\n`);
  for (const side of sides) if (errors[side].length) console.error(`${name} ${side}: ${errors[side].length} failed pages, first: ${errors[side][0]}`);
  return { samples, errors, seconds };
}

const inPage = (page, fn, arg) => page.evaluate(fn, arg);

// P1, P2, P3: a partner page with a 20-article feed; load to first card, then a click to the article.
async function embedPage(side, i, paths) {
  return onFreshPage(`/_bench/page/embed-20-${side}.html`, async (page, _cdp, requests) => {
    const first = await inPage(page, async () => {
      const start = performance.getEntriesByName('bench:start')[0].startTime;
      const [card, ready, widget] = await Promise.all([__bench.firstCard, __bench.ready, __bench.firstWidget]);
      await __bench.frames(2);
      const resources = performance.getEntriesByType('resource').map((entry) => ({
        path: new URL(entry.name).pathname,
        start: entry.startTime - start,
        end: entry.responseEnd - start,
      }));
      return {
        firstCard: card.painted - start,
        firstCardRaf: card.raf - start,
        firstWidget: widget.painted - start,
        ready: ready.at - start,
        cards: __bench.queryAll('.aw-card').length,
        resources,
        structure: __bench.structure(),
      };
    });
    // P3: the first card's link, clicked as a reader would (Playwright waits until it is visible and stable).
    await inPage(page, () => void (__bench.click = __bench.nextClick()));
    await page.locator('.aw-card__link').first().click();
    const click = await inPage(page, async () => {
      const result = await __bench.click;
      return { ...result, title: __bench.query('h1.aw-article__title').textContent, structure: __bench.structure() };
    });
    return { ...first, click, requests: [...requests] };
  });
}

// P5: the same page at 4x CPU throttling; long tasks from navigation until ready plus two frames
// (for the page without a widget: until its load event plus two frames).
async function blockingPage(side) {
  return onFreshPage(
    `/_bench/page/embed-20-${side}.html`,
    (page) =>
      inPage(page, async (withWidget) => {
        const loaded = new Promise((done) => (document.readyState === 'complete' ? done() : addEventListener('load', done)));
        const ready = withWidget ? await __bench.ready : await loaded.then(() => ({ at: performance.now() }));
        await __bench.frames(2);
        const end = performance.now();
        for (const entry of __bench.longTaskObserver?.takeRecords() ?? []) __bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
        const tasks = __bench.longTasks.filter((task) => task.start < end);
        return {
          supported: !!__bench.longTaskObserver,
          ready: ready.at,
          longTasks: tasks.length,
          longest: Math.max(0, ...tasks.map((task) => task.duration)),
          tbt: tasks.reduce((sum, task) => sum + Math.max(0, task.duration - 50), 0),
          tasks: tasks.map((task) => [Math.round(task.start), Math.round(task.duration)]),
        };
      }, side !== 'none'),
    { throttle: 4 },
  );
}

// P6: a 250 KB feed: the widget's own decode measure, and JSON.parse of the same bytes in the same page.
async function decodePage(side, _i, paths) {
  return onFreshPage(`/_bench/page/embed-250k-${side}.html`, (page) =>
    inPage(
      page,
      async ({ measure, feedPath }) => {
        await __bench.ready;
        await __bench.frames(2);
        const decodes = performance.getEntriesByName(measure, 'measure').map((entry) => entry.duration);
        const text = await (await fetch(feedPath, { cache: 'no-store' })).text();
        const start = performance.now();
        const parsed = JSON.parse(text);
        const jsonParse = performance.now() - start;
        return { decode: decodes.length ? decodes[decodes.length - 1] : null, decodes: decodes.length, jsonParse, items: parsed.items.length };
      },
      { measure: DECODE_MEASURE[side], feedPath: paths.f250k },
    ),
  );
}

// P7: 100 cards; JS heap after a forced GC, and every WebAssembly.Memory's size.
async function memoryPage(side) {
  return onFreshPage(`/_bench/page/embed-100-${side}.html`, async (page, cdp) => {
    const cards = await inPage(page, async () => {
      await __bench.ready;
      await __bench.frames(2);
      return __bench.queryAll('.aw-card').length;
    });
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('HeapProfiler.collectGarbage');
    await cdp.send('Performance.enable');
    const { metrics } = await cdp.send('Performance.getMetrics');
    const heap = metrics.find((metric) => metric.name === 'JSHeapUsedSize').value;
    const prototype = await cdp.send('Runtime.evaluate', { expression: 'WebAssembly.Memory.prototype' });
    const { objects } = await cdp.send('Runtime.queryObjects', { prototypeObjectId: prototype.result.objectId });
    const { result } = await cdp.send('Runtime.callFunctionOn', {
      objectId: objects.objectId,
      functionDeclaration: 'function () { return { count: this.length, bytes: this.reduce((sum, memory) => sum + memory.buffer.byteLength, 0) }; }',
      returnByValue: true,
    });
    return { cards, heap, wasm: result.value.bytes, memories: result.value.count, total: heap + result.value.bytes };
  });
}

// P4: 10,000 articles. Ours: the standalone app (dist/index.html, which renders the whole feed); vanilla: the same list, plainly.
async function longListPage(side) {
  if (side === 'ours' && !pages.has('/')) throw new Error(`no standalone app to measure: ${spaError?.message}`);
  const path = side === 'ours' ? '/' : '/_bench/page/long-vanilla.html';
  return onFreshPage(path, (page) =>
    inPage(page, async () => {
      const start = performance.getEntriesByName('bench:start')[0].startTime;
      const card = await __bench.firstCard;
      const firstFrame = card.painted - start;
      const top = await __bench.nodesAt(0);
      const middle = await __bench.nodesAt(0.5);
      const end = await __bench.nodesAt(1);
      return { firstFrame, cards: __bench.queryAll('.aw-card').length, top: top.count, middle: middle.count, end: end.count, scrollHeight: end.scrollHeight };
    }),
  );
}

// P9: the partner article with 20 cards, `loading="eager"`, served with brotli: the mark before the snippet to the first painted card.
async function firstCardPage(side) {
  return onFreshPage(
    `/_bench/page/article-20-eager-${side}.html`,
    async (page, _cdp, requests) => {
      const result = await inPage(page, async () => {
        const start = performance.getEntriesByName('bench:start')[0].startTime;
        const [card, ready] = await Promise.all([__bench.firstCard, __bench.ready]);
        await __bench.frames(2);
        return { firstCard: card.painted - start, firstCardRaf: card.raf - start, ready: ready.at - start, cards: __bench.queryAll('.aw-card').length };
      });
      // Brotli on every compressible response, or the figure is for another page than the issue's.
      const encodings = await inPage(page, () =>
        performance.getEntriesByType('resource').map((entry) => ({ path: new URL(entry.name).pathname, transfer: entry.transferSize, body: entry.decodedBodySize, encoded: entry.encodedBodySize })),
      );
      return { ...result, resources: encodings, requests: [...requests] };
    },
    { brotli: true },
  );
}

/** Resolves `__p10.end` when the widget is ready (or, without one, the page has loaded); logs the stamps the trace is read by. */
const P10_INIT = `(() => {
  const ready = new Promise((done) => document.addEventListener('articlewidget:ready', () => done(performance.now()), { once: true }));
  const loaded = new Promise((done) => addEventListener('load', () => done(performance.now()), { once: true }));
  window.__p10 = { ready, loaded };
  // A widget that gives up fails the page at once (onFreshPage listens for "[bench]").
  document.addEventListener('articlewidget:error', (event) => console.error('[bench] widget error: ' + event.detail?.kind + ' ' + event.detail?.message));
})();`;

// P10: the partner article page (Lighthouse's mobile screen, 10 cards, the README's snippet) at 4x CPU, with a Chromium trace.
async function tracePage(side, i) {
  const result = await onFreshPage(
    `/_bench/page/article-${side}.html`,
    async (page) => {
      const ready = await inPage(page, (withWidget) => (withWidget ? __p10.ready : __p10.loaded), side !== 'none');
      // The thumbnails and anything else the widget asked for, then two frames: what moves has moved.
      await page.waitForLoadState('load');
      await page.waitForLoadState('networkidle');
      return inPage(page, async () => {
        await new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done)));
        const shifts = await new Promise((done) => {
          const observer = new PerformanceObserver(() => {});
          observer.observe({ type: 'layout-shift', buffered: true });
          const entries = observer.takeRecords();
          observer.disconnect();
          done(entries.map((e) => ({ startTime: e.startTime, value: e.value, hadRecentInput: e.hadRecentInput })));
        });
        const end = performance.now();
        console.timeStamp('p10:end');
        return { shifts, end };
      }).then((r) => ({ ...r, ready }));
    },
    { brotli: true, throttle: 4, device: MOBILE, init: P10_INIT, trace: TRACE_CATEGORIES },
  );
  const { traceEvents, shifts, ...rest } = result;
  if (args['keep-traces']) writeFileSync(join(BENCH, '.build', `trace-${side}-${i}.json`), JSON.stringify({ traceEvents }));
  return { ...rest, cls: cumulativeLayoutShift(shifts), shiftsWithInput: shifts.filter((s) => s.hadRecentInput).length, shifts, ...analyseTrace(traceEvents, 'p10:end', rest.end) };
}

// P8: Lighthouse's mobile run of the partner article page, in a Chromium of its own per run.
const LIGHTHOUSE_FLAGS = CHROMIUM_FLAGS.map((flag) => (flag === '--headless' ? '--headless=new' : flag));
let lighthouseModules = null;
// Lighthouse 12 with this Chromium now and then finds no navigation start in its trace
// (NO_NAVSTART, "run Lighthouse again"): a failed run is run again, up to twice, and
// every failure is kept with the run and reported.
const LIGHTHOUSE_ATTEMPTS = 3;
async function lighthousePage(side) {
  const failures = [];
  for (;;) {
    try {
      const run = await lighthouseRun(lighthouseModules, `${brOrigin}/_bench/page/article-${side}.html`, { chromePath: args.chromium, chromeFlags: LIGHTHOUSE_FLAGS });
      for (const request of run.requests) {
        const url = new URL(request.url);
        if (!local(url)) foreignRequests.push(url.href);
      }
      return { ...run, failures };
    } catch (error) {
      failures.push(error.message.split('\n')[0]);
      if (failures.length >= LIGHTHOUSE_ATTEMPTS) throw new Error(`${LIGHTHOUSE_ATTEMPTS} attempts failed: ${failures.join(' | ')}`);
    }
  }
}

// ---- P1: bytes ---------------------------------------------------------------

function compressed(body) {
  return {
    raw: body.length,
    gzip: gzipSync(body, { level: 9 }).length,
    brotli: brotliCompressSync(body, {
      params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length },
    }).length,
  };
}

/** What the partner page fetched for the widget (scripts, wasm, stylesheets), as files and their sizes. */
function embedBytes(side, requests, vanillaPath) {
  const assets = [...new Set(requests)].filter((path) => /\.(m?js|wasm|css)$/.test(path));
  const files = assets.map((path) => {
    const file = path === LOADER.vanilla ? vanillaPath : within(DIST, path);
    if (!file) throw new Error(`${side} requested ${path}, which is not a file`);
    return { path, ...compressed(readFileSync(file)) };
  });
  const total = files.reduce((sum, f) => ({ raw: sum.raw + f.raw, gzip: sum.gzip + f.gzip, brotli: sum.brotli + f.brotli }), { raw: 0, gzip: 0, brotli: 0 });
  return { files, ...total };
}

// ---- Statistics and the report ----------------------------------------------

function quantile(values, q) {
  const sorted = values.filter((v) => typeof v === 'number' && Number.isFinite(v)).sort((a, b) => a - b);
  if (!sorted.length) return null;
  const at = (sorted.length - 1) * q;
  const low = Math.floor(at);
  return sorted[low] + (sorted[Math.ceil(at)] - sorted[low]) * (at - low);
}
const median = (values) => quantile(values, 0.5);
const pick = (samples, key) => samples.map((sample) => key.split('.').reduce((value, part) => value?.[part], sample));

const fmt = {
  ms: (v) => (v === null ? 'n/a' : `${v.toFixed(1)} ms`),
  kb: (v) => (v === null ? 'n/a' : `${(v / 1024).toFixed(1)} KB`),
  mb: (v) => (v === null ? 'n/a' : `${(v / 1024 / 1024).toFixed(2)} MB`),
  n: (v) => (v === null ? 'n/a' : `${Math.round(v)}`),
  ratio: (a, b) => (a === null || b === null || b === 0 ? 'n/a' : `${(a / b).toFixed(2)}×`),
};

function replaceBetweenMarkers(file, block) {
  const START = '<!-- bench:start -->';
  const END = '<!-- bench:end -->';
  let text = existsSync(file) ? readFileSync(file, 'utf8') : `# Benchmarks\n\n${START}\n${END}\n`;
  if (!text.includes(START) || !text.includes(END)) text = `${text.trimEnd()}\n\n${START}\n${END}\n`;
  const before = text.slice(0, text.indexOf(START) + START.length);
  const after = text.slice(text.indexOf(END));
  writeFileSync(file, `${before}\n${block.trim()}\n${after}`);
}

// ---- Main --------------------------------------------------------------------

const runStarted = performance.now();
const vanilla = await buildVanilla();
const { feeds, paths, info: feedInfo } = makeFeeds();
const pages = new Map();
for (const side of SIDES) {
  pages.set(`/_bench/page/embed-20-${side}.html`, partnerPage(side, { feed: paths.f20, limit: 20 }));
  pages.set(`/_bench/page/embed-100-${side}.html`, partnerPage(side, { feed: paths.f100, limit: 100 }));
  pages.set(`/_bench/page/embed-250k-${side}.html`, partnerPage(side, { feed: paths.f250k, limit: 20 }));
}
pages.set('/_bench/page/embed-20-none.html', partnerPage('none', { feed: paths.f20, limit: 20 }));
// The standalone app shows everything it has; so does the vanilla page (limit "all"), eagerly like the app.
pages.set('/_bench/page/long-vanilla.html', partnerPage('vanilla', { feed: paths.f10k, limit: 'all', loading: 'eager' }));
// P8-P10: the partner's article (bench/partner.mjs), served with brotli.
for (const variant of VARIANTS) {
  pages.set(`/_bench/page/article-${variant}.html`, articlePage(variant, { feed: paths.f20, limit: 10, dist: DIST, vanillaLoader: LOADER.vanilla }));
}
for (const side of SIDES) {
  pages.set(
    `/_bench/page/article-20-eager-${side}.html`,
    articlePage(side, { feed: paths.f20, limit: 20, loading: 'eager', dist: DIST, vanillaLoader: LOADER.vanilla, head: `<script>${INSTRUMENT}</script>\n`, mark: true }),
  );
}
let spaError = null;
try {
  pages.set('/', spaPage(paths.f10k));
  pages.set('/index.html', pages.get('/'));
} catch (error) {
  spaError = error; // P4 reports it; the other metrics do not need the app
}

const server = await startServer({ feeds, pages, vanilla: vanilla.path });
origin = server.origin;
const brServer = await startServer({ feeds, pages, vanilla: vanilla.path, brotli: true });
brOrigin = brServer.origin;
if (args.serve) {
  console.log(`serving ${DIST} and the benchmark pages (Ctrl-C ends); with brotli at ${brOrigin}:`);
  for (const path of pages.keys()) console.log(`  ${origin}${path}`);
  await new Promise(() => {});
}
const PARTNER = ['P8', 'P9', 'P10'];
if (PARTNER.some(wanted)) {
  // Brotli 11 of the wasm takes a while: done once here, not inside a measured page.
  const distFiles = readdirSync(DIST).filter((name) => /\.(js|wasm|css)$/.test(name)).map((name) => `/${name}`);
  await brServer.warm([...pages.keys()].filter((path) => path.startsWith('/_bench/page/article-')).concat(distFiles, [LOADER.vanilla, paths.f20]));
}
let lighthouseError = null;
if (wanted('P8')) {
  try {
    lighthouseModules = await loadLighthouse();
  } catch (error) {
    lighthouseError = error; // reported with the results; the other metrics still run
    console.error(`bench: P8 skipped: ${error.message.split('\n')[0]}`);
  }
}
browser = await chromium.launch({ executablePath: args.chromium, args: CHROMIUM_FLAGS });
const chromiumVersion = browser.version();
const wasmName = readdirSync(DIST).filter((name) => name.endsWith('.wasm')).join(', ') || '(no .wasm)';
console.error(`bench: ${DIST} (${wasmName}) vs vanilla (${vanilla.bytes} bytes), Chromium ${chromiumVersion}, ${PAGES} pages per side`);

const results = {};
try {
  if (wanted('P1') || wanted('P2') || wanted('P3')) results.embed = await alternate('P1-P3 (20 articles)', (side, i) => embedPage(side, i, paths));
  if (wanted('P5')) results.blocking = await alternate('P5 (4x CPU throttling)', blockingPage, [...SIDES, 'none']);
  if (wanted('P6')) results.decode = await alternate('P6 (250 KB feed)', (side, i) => decodePage(side, i, paths));
  if (wanted('P7')) results.memory = await alternate('P7 (100 cards)', memoryPage);
  if (wanted('P4')) results.long = await alternate('P4 (10,000 articles)', longListPage);
  if (wanted('P9')) results.firstCard = await alternate('P9 (first card, eager, brotli)', firstCardPage, SIDES, CARD_PAGES);
  if (wanted('P10')) results.trace = await alternate('P10 (trace, 4x CPU, partner article)', tracePage, VARIANTS, TRACE_PAGES);
  await browser.close();
  browser = null;
  // Last, with the Playwright browser closed: each run starts a Chromium of its own.
  if (lighthouseModules) results.lighthouse = await alternate(`P8 (Lighthouse ${lighthouseModules.version})`, lighthousePage, VARIANTS, LIGHTHOUSE_RUNS);
} finally {
  await browser?.close();
  await server.close();
  await brServer.close();
}
const minutes = (performance.now() - runStarted) / 60_000;

// ---- Summarising -------------------------------------------------------------

const rows = [];
const details = [];
const notes = [];
const row = (metric, ours, theirs, format, target, met, ratio = fmt.ratio(ours, theirs)) =>
  rows.push(`| ${metric} | ${format(ours)} | ${format(theirs)} | ${ratio} | ${target || '—'} | ${met === null ? (target ? 'n/a' : '—') : met ? 'yes' : '**no**'} |`);
const both = (group, key) => SIDES.map((side) => median(pick(results[group].samples[side], key)));
const spread = (group, key, format) =>
  SIDES.map((side) => {
    const values = pick(results[group].samples[side], key);
    const [low, high] = [quantile(values, 0.25), quantile(values, 0.75)];
    return low === null ? 'n/a' : `${format(low)}–${format(high)}`;
  });
const ok = (value, test) => (value === null ? null : test(value));

let oursP2 = null;
if (results.embed) {
  const { samples } = results.embed;
  if (wanted('P1') && samples.ours.length && samples.vanilla.length) {
    const bytes = Object.fromEntries(SIDES.map((side) => [side, embedBytes(side, samples[side][0].requests, vanilla.path)]));
    // The same files on every page, or the numbers mean nothing.
    const assetSet = (sample) => [...new Set(sample.requests.filter((path) => /\.(m?js|wasm|css)$/.test(path)))].sort().join(' ');
    for (const side of SIDES) {
      const sets = new Set(samples[side].map(assetSet));
      if (sets.size > 1) notes.push(`P1: ${side} pages did not all download the same files: ${[...sets].join(' | ')}.`);
    }
    row('P1 embed bytes, raw', bytes.ours.raw, bytes.vanilla.raw, fmt.kb, '', null);
    row('P1 embed bytes, gzip -9', bytes.ours.gzip, bytes.vanilla.gzip, fmt.kb, '', null);
    row('P1 embed bytes, brotli 11', bytes.ours.brotli, bytes.vanilla.brotli, fmt.kb, '≤ 60 KB', bytes.ours.brotli <= 60 * 1024);
    details.push(
      `P1 files — ours: ${bytes.ours.files.map((f) => `\`${f.path}\` ${fmt.kb(f.brotli)}`).join(', ')}; ` +
        `vanilla: ${bytes.vanilla.files.map((f) => `\`${f.path}\` ${fmt.kb(f.brotli)}`).join(', ')} (brotli). ` +
        `Ours carries its CSS inside the wasm; vanilla's minified CSS (${fmt.kb(vanilla.cssBytes)} raw) is inside its script.`,
    );
    results.bytes = bytes;
  }
  if (wanted('P2')) {
    const [ours, theirs] = both('embed', 'firstCard');
    oursP2 = ours;
    row('P2 loader → first card painted (20 articles)', ours, theirs, fmt.ms, '≤ 1.5×', ok(ours, () => ours / theirs <= 1.5));
    const [o25, v25] = spread('embed', 'firstCard', (v) => v.toFixed(0));
    details.push(`P2 interquartile range: ours ${o25} ms, vanilla ${v25} ms.`);
    // Where the time goes: when each download ended, relative to the loader tag.
    const phase = (side, test, key) => median(samples[side].map((s) => s.resources.find((r) => test(r.path))?.[key] ?? null));
    const span = (side, test) => ['start', 'end'].map((key) => phase(side, test, key));
    const [loader, glue, wasm, feedFetch] = [
      SIDES.map((side) => span(side, (p) => p === LOADER[side])),
      span('ours', (p) => /\.m?js$/.test(p) && p !== LOADER.ours),
      span('ours', (p) => p.endsWith('.wasm')),
      SIDES.map((side) => span(side, (p) => p === paths.f20)),
    ];
    const [widget, firstRaf, ready] = [both('embed', 'firstWidget'), both('embed', 'firstCardRaf'), both('embed', 'ready')];
    const fromTo = ([start, end]) => `${fmt.ms(start)} → ${fmt.ms(end)}`;
    details.push(
      '',
      'P2 timeline (medians, ms after the loader tag; downloads as request start → response end; the preload scanner asks for the loader before the parser reaches its tag):',
      '',
      '| step | ours | vanilla |',
      '|---|---|---|',
      `| loader script downloaded | ${fromTo(loader[0])} | ${fromTo(loader[1])} |`,
      `| JS glue downloaded | ${fromTo(glue)} | — |`,
      `| wasm downloaded | ${fromTo(wasm)} | — |`,
      `| first frame with the widget (skeleton) painted | ${fmt.ms(widget[0])} | ${fmt.ms(widget[1])} |`,
      `| feed downloaded | ${fromTo(feedFetch[0])} | ${fromTo(feedFetch[1])} |`,
      `| rAF of the first frame with a card | ${fmt.ms(firstRaf[0])} | ${fmt.ms(firstRaf[1])} |`,
      `| that frame painted (P2) | ${fmt.ms(ours)} | ${fmt.ms(theirs)} |`,
      `| \`articlewidget:ready\` dispatched | ${fmt.ms(ready[0])} | ${fmt.ms(ready[1])} |`,
      '',
    );
  }
  if (wanted('P3')) {
    const [ours, theirs] = both('embed', 'click.painted');
    row('P3 click → article painted', ours, theirs, fmt.ms, '≤ 1.3×', ok(ours, () => ours / theirs <= 1.3));
    const [o25, v25] = spread('embed', 'click.painted', (v) => v.toFixed(1));
    details.push(`P3 interquartile range: ours ${o25} ms, vanilla ${v25} ms (frames are ~16.7 ms apart, so P3 is mostly where in a frame the click landed).`);
  }
  // Same DOM? Compare the structure (tags, classes) of the list and the article on the first page of each side.
  const [o, v] = SIDES.map((side) => samples[side][0]);
  if (o && v) {
    for (const [what, a, b] of [['list', o.structure, v.structure], ['article', o.click.structure, v.click.structure]]) {
      const diff = [];
      for (let k = 0; k < Math.max(a.length, b.length) && diff.length < 6; k++) if (a[k] !== b[k]) diff.push(`${k}: ours \`${a[k]?.trim() ?? '—'}\` / vanilla \`${b[k]?.trim() ?? '—'}\``);
      notes.push(diff.length ? `DOM structure of the ${what} differs (tags and classes): ${diff.join('; ')}.` : `DOM structure of the ${what}: identical tags and classes (${a.length} elements).`);
    }
    if (o.click.title !== v.click.title) notes.push(`P3 opened different articles: "${o.click.title}" / "${v.click.title}".`);
  }
}

if (results.long) {
  const [ours, theirs] = both('long', 'firstFrame');
  const limit = oursP2 === null ? null : 1.2 * oursP2;
  row('P4 10,000 articles: first card painted', ours, theirs, fmt.ms, limit === null ? '≤ 1.2× ours P2' : `≤ 1.2× ours P2 (${fmt.ms(limit)})`, ok(ours, () => limit !== null && ours <= limit));
  for (const where of ['top', 'middle', 'end']) {
    const [a, b] = both('long', where);
    row(`P4 DOM nodes, ${where} of the list`, a, b, fmt.n, '≤ 800', ok(a, () => a <= 800));
  }
  const [oc, vc] = both('long', 'cards');
  details.push(`P4: ours is the standalone app (\`dist/index.html\` pointed at the feed, light DOM); vanilla renders all ${fmt.n(vc)} cards in its shadow root. Cards in the DOM at the end: ours ${fmt.n(oc)}, vanilla ${fmt.n(vc)}.`);
}

if (results.blocking) {
  const [ours, theirs] = both('blocking', 'tbt');
  row('P5 total blocking time, 4× CPU throttling', ours, theirs, fmt.ms, '≤ 50 ms', ok(ours, () => ours <= 50));
  const [ol, vl] = both('blocking', 'longTasks');
  row('P5 long tasks (> 50 ms), 4× CPU throttling', ol, vl, fmt.n, '', null);
  const [om, vm] = both('blocking', 'longest');
  row('P5 longest task, 4× CPU throttling', om, vm, fmt.ms, '', null);
  const [or, vr] = both('blocking', 'ready');
  const floor = (key) => median(pick(results.blocking.samples.none, key));
  details.push(
    `P5: ready at 4× throttling after ${fmt.ms(or)} (ours) and ${fmt.ms(vr)} (vanilla) from navigation start. ` +
      `The same partner page without any widget, to its load event plus two frames: TBT ${fmt.ms(floor('tbt'))}, ` +
      `${fmt.n(floor('longTasks'))} long tasks, the longest ${fmt.ms(floor('longest'))}: what the partner page costs by itself.`,
  );
  if (results.blocking.samples.ours.some((s) => !s.supported)) notes.push('P5: this Chromium has no long task API; P5 is meaningless.');
}

if (results.decode) {
  const { samples } = results.decode;
  const ours = median(pick(samples.ours, 'decode'));
  const jsonParse = median(pick(samples.ours, 'jsonParse'));
  const vanillaDecode = median(pick(samples.vanilla, 'decode'));
  const vanillaParse = median(pick(samples.vanilla, 'jsonParse'));
  rows.push(
    `| P6 decode a ${fmt.kb(feedInfo.f250k.bytes)} feed (vanilla column: JSON.parse of the same bytes, same page) | ${ours === null ? 'n/a (no `article-widget:decode` measure)' : fmt.ms(ours)} | ${fmt.ms(jsonParse)} | ${fmt.ratio(ours, jsonParse)} | ≤ 1.0× | ${ours === null ? 'n/a' : ours <= jsonParse ? 'yes' : '**no**'} |`,
  );
  rows.push(
    `| P6 the same decode, against vanilla's (JSON.parse + one pass over the ids, while the page loads) | ${ours === null ? 'n/a' : fmt.ms(ours)} | ${fmt.ms(vanillaDecode)} | ${fmt.ratio(ours, vanillaDecode)} | — | — |`,
  );
  details.push(
    `P6: ${feedInfo.f250k.items} articles. JSON.parse runs after the widget is ready, in a quiet page: ${fmt.ms(jsonParse)} in ours' pages, ` +
      `${fmt.ms(vanillaParse)} in vanilla's (where it is the second parse of that document). The widgets decode while the page is still loading ` +
      `(other work competes for the 2 cores then): vanilla's own decode, which is JSON.parse plus a loop over ${feedInfo.f250k.items} ids, takes ${fmt.ms(vanillaDecode)} there.`,
  );
}

if (results.memory) {
  const [oh, vh] = both('memory', 'heap');
  const [ow, vw] = both('memory', 'wasm');
  const [ot, vt] = both('memory', 'total');
  row('P7 JS heap after GC, 100 cards', oh, vh, fmt.mb, '', null);
  row('P7 wasm memory, 100 cards', ow, vw, fmt.mb, '', null);
  row('P7 JS heap + wasm memory, 100 cards', ot, vt, fmt.mb, '≤ 2×', ok(ot, () => ot / vt <= 2));
  const [om, vm] = both('memory', 'memories');
  const [oc, vc] = both('memory', 'cards');
  details.push(`P7: ${fmt.n(oc)} / ${fmt.n(vc)} cards on the page; ${fmt.n(om)} \`WebAssembly.Memory\` in ours' page, ${fmt.n(vm)} in vanilla's. The DOM itself (the same on both sides) is not in these numbers.`);
}

// ---- P8-P10: the partner's article page, served with brotli ---------------------

/** Per variant: the median and min–max of `key` over the group's samples, formatted. */
const spreadOf = (group, key, format, variants) =>
  variants.map((variant) => {
    const values = pick(results[group].samples[variant] ?? [], key);
    const [low, mid, high] = [0, 0.5, 1].map((q) => quantile(values, q));
    if (mid === null) return 'n/a';
    // "12.3 ms (10.1–15.0)": the unit once, after the median.
    const bare = (v) => format(v).replace(/ (ms|KB|MB)$/, '');
    return `${format(mid)} (${bare(low)}–${bare(high)})`;
  });
const cls = (v) => (v === null ? 'n/a' : v.toFixed(3));
const score = (v) => (v === null ? 'n/a' : `${Math.round(v)}`);
const countsOf = (group, variants) => variants.map((variant) => `${results[group].samples[variant].length} ${variant}`).join(', ');
const partnerNote =
  'the partner article page (`bench/partner.mjs`: heading, byline, two paragraphs, the widget, three more paragraphs; ours from the README snippet' +
  (existsSync(join(DIST, 'embed.css')) ? ' with `embed.css`' : '') +
  ', vanilla as its header comment shows; a 20-article feed)';

if (results.lighthouse) {
  const group = 'lighthouse';
  const med = (variant, key) => median(pick(results[group].samples[variant], key));
  const [os, vs, ns] = VARIANTS.map((variant) => med(variant, 'score'));
  row('P8 Lighthouse mobile performance score (partner article, 10 cards)', os, vs, score, `≥ 98 (no widget: ${score(ns)})`, ok(os, () => os >= 98));
  const [oc, vc] = [med('ours', 'cls'), med('vanilla', 'cls')];
  row('P8 Lighthouse Cumulative Layout Shift', oc, vc, cls, '≤ 0.02', ok(oc, () => oc <= 0.02), vc ? fmt.ratio(oc, vc) : 'n/a');
  for (const [key, name] of [['lcp', 'Largest Contentful Paint'], ['tbt', 'Total Blocking Time'], ['fcp', 'First Contentful Paint']]) {
    row(`P8 Lighthouse ${name}`, med('ours', key), med('vanilla', key), fmt.ms, '', null);
  }
  const bytes = (sample) => sample.requests.reduce((sum, r) => sum + (r.transfer ?? 0), 0);
  for (const variant of VARIANTS) for (const sample of results[group].samples[variant]) sample.transferred = bytes(sample);
  const version = results[group].samples.ours[0]?.version ?? lighthouseModules.version;
  details.push(
    '',
    `P8: Lighthouse ${version} (\`lighthouse\` from \`bench/package-lock.json\`), its default mobile run (simulated throttling, 412×823 screen), performance only, ${LIGHTHOUSE_RUNS} runs per variant interleaved, each in a Chromium of its own (runs: ${countsOf(group, VARIANTS)}), on ${partnerNote}. Median (min–max):`,
    '',
    '| P8 | ours | vanilla | no widget |',
    '|---|---|---|---|',
    `| performance score | ${spreadOf(group, 'score', score, VARIANTS).join(' | ')} |`,
    `| Cumulative Layout Shift | ${spreadOf(group, 'cls', cls, VARIANTS).join(' | ')} |`,
    `| Largest Contentful Paint | ${spreadOf(group, 'lcp', fmt.ms, VARIANTS).join(' | ')} |`,
    `| Total Blocking Time | ${spreadOf(group, 'tbt', fmt.ms, VARIANTS).join(' | ')} |`,
    `| First Contentful Paint | ${spreadOf(group, 'fcp', fmt.ms, VARIANTS).join(' | ')} |`,
    `| Speed Index | ${spreadOf(group, 'si', fmt.ms, VARIANTS).join(' | ')} |`,
    `| bytes transferred (whole page) | ${spreadOf(group, 'transferred', fmt.kb, VARIANTS).join(' | ')} |`,
    `| Lighthouse's CPU benchmark index | ${spreadOf(group, 'benchmarkIndex', fmt.n, VARIANTS).join(' | ')} |`,
    '',
  );
  // Lighthouse's own CPU benchmark: a quiet machine of this kind scores about 2,700; simulated TBT grows as it drops.
  const indices = VARIANTS.flatMap((variant) => pick(results[group].samples[variant], 'benchmarkIndex')).filter((v) => typeof v === 'number');
  const busy = indices.filter((v) => v < 1000).length;
  if (busy) notes.push(`P8: Lighthouse's CPU benchmark index was under 1,000 in ${busy} of ${indices.length} runs (${Math.round(Math.min(...indices))}–${Math.round(Math.max(...indices))}): the machine was busy, and TBT, LCP and the scores of those runs are worse than on a quiet one.`);
  const retried = VARIANTS.flatMap((variant) => results[group].samples[variant].flatMap((s) => s.failures));
  if (retried.length) notes.push(`P8: ${retried.length} Lighthouse runs failed and were run again (counted in the runs above once they succeeded): ${[...new Set(retried)].slice(0, 2).join(' | ')}`);
  const warnings = new Set(VARIANTS.flatMap((variant) => results[group].samples[variant].flatMap((s) => s.warnings)));
  if (warnings.size) notes.push(`P8: Lighthouse warned: ${[...warnings].slice(0, 3).join(' | ')}`);
  // Brotli: every script, wasm, feed and page must have come over smaller than it is.
  const plain = new Set();
  for (const variant of VARIANTS) {
    for (const sample of results[group].samples[variant]) {
      for (const r of sample.requests) if (/\.(js|wasm|json|html|css)$/.test(new URL(r.url).pathname) && r.resource > 1024 && r.transfer >= r.resource) plain.add(new URL(r.url).pathname);
    }
  }
  if (plain.size) notes.push(`P8: not compressed on the wire: ${[...plain].join(', ')}.`);
}

if (results.firstCard) {
  const [ours, theirs] = both('firstCard', 'firstCard');
  row('P9 first card painted, 20 cards, eager, brotli (partner article)', ours, theirs, fmt.ms, '≤ 1.3× (stretch 1.15×)', ok(ours, () => ours / theirs <= 1.3));
  const [o25, v25] = spread('firstCard', 'firstCard', (v) => v.toFixed(0));
  const [oAll, vAll] = spreadOf('firstCard', 'firstCard', (v) => v.toFixed(0), SIDES);
  const [oReady, vReady] = both('firstCard', 'ready');
  details.push(
    `P9: ${partnerNote} with \`loading="eager"\` and \`limit="20"\`, 1280×900, from \`performance.mark\` just before the snippet to the first painted frame with a card, ${CARD_PAGES} pages per side interleaved (${countsOf('firstCard', SIDES)}). Interquartile range: ours ${o25} ms, vanilla ${v25} ms; median (min–max): ours ${oAll} ms, vanilla ${vAll} ms. \`articlewidget:ready\` at ${fmt.ms(oReady)} / ${fmt.ms(vReady)}.`,
  );
  const plain = new Set();
  for (const side of SIDES) {
    for (const sample of results.firstCard.samples[side]) {
      for (const r of sample.resources) if (/\.(js|wasm|json|css)$/.test(r.path) && r.body > 1024 && r.encoded >= r.body) plain.add(r.path);
    }
  }
  if (plain.size) notes.push(`P9: not compressed on the wire: ${[...plain].join(', ')}.`);
}

if (results.trace) {
  const group = 'trace';
  const [ours, theirs] = both(group, 'tbt');
  row('P10 total blocking time, Chromium trace, 4× CPU (partner article)', ours, theirs, fmt.ms, '≤ 1.2×', ok(ours, () => ours / theirs <= 1.2));
  for (const part of SPLIT) {
    const [a, b] = both(group, `split.${part}`);
    row(`P10 inside the long tasks: ${part}`, a, b, fmt.ms, '', null);
  }
  const [oc, vc] = both(group, 'cls');
  row('P10 Cumulative Layout Shift (`layout-shift` entries, same pages)', oc, vc, cls, '≤ 0.02', ok(oc, () => oc <= 0.02), vc ? fmt.ratio(oc, vc) : 'n/a');
  const others = new Map();
  for (const sample of results[group].samples.ours) for (const [name, ms] of sample.otherNames) others.set(name, (others.get(name) ?? 0) + ms);
  details.push(
    '',
    `P10: ${partnerNote}, Lighthouse's mobile screen (412×823, 1.75× pixels, touch), CPU throttled 4× (CDP \`Emulation.setCPUThrottlingRate\`), a trace of \`${TRACE_CATEGORIES.join('`, `')}\` from navigation to \`articlewidget:ready\` (no widget: the load event), the network idle and two frames; ${TRACE_PAGES} pages per variant interleaved (${countsOf(group, VARIANTS)}). Tasks are the main thread's \`RunTask\`s; TBT is Lighthouse's: Σ (duration after First Contentful Paint − 50 ms) over the tasks with more than 50 ms after it. Those long tasks' wall time is split by the self time of the events inside them (wasm compile: V8's \`wasm.*Compile*\` events, \`wasm.CompileLazy\`, the compilation of a wasm function on its first call, most of all; script: JS and wasm running, GC; style: \`UpdateLayoutTree\`; layout: \`Layout\`; paint: paint, layerize, commit; other: HTML parsing, loading, and the tasks' time outside any traced event, which on a busy machine includes time the thread waited for a core: compare the thread time). Median (min–max):`,
    '',
    '| P10 | ours | vanilla | no widget |',
    '|---|---|---|---|',
    `| total blocking time | ${spreadOf(group, 'tbt', fmt.ms, VARIANTS).join(' | ')} |`,
    `| long tasks | ${spreadOf(group, 'longTasks', fmt.n, VARIANTS).join(' | ')} |`,
    `| longest task | ${spreadOf(group, 'longest', fmt.ms, VARIANTS).join(' | ')} |`,
    ...SPLIT.map((part) => `| in long tasks: ${part} | ${spreadOf(group, `split.${part}`, fmt.ms, VARIANTS).join(' | ')} |`),
    `| those long tasks' thread (CPU) time, unthrottled | ${spreadOf(group, 'longTasksCpu', fmt.ms, VARIANTS).join(' | ')} |`,
    `| total blocking time from the navigation (P5's window) | ${spreadOf(group, 'tbtAll', fmt.ms, VARIANTS).join(' | ')} |`,
    `| First Contentful Paint | ${spreadOf(group, 'fcp', fmt.ms, VARIANTS).join(' | ')} |`,
    `| wasm compile on the main thread, all tasks | ${spreadOf(group, 'wasmCompileAll', fmt.ms, VARIANTS).join(' | ')} |`,
    `| CLS (\`layout-shift\` entries) | ${spreadOf(group, 'cls', cls, VARIANTS).join(' | ')} |`,
    `| ready (or load), after navigation | ${spreadOf(group, 'ready', fmt.ms, VARIANTS).join(' | ')} |`,
    '',
  );
  const withInput = VARIANTS.reduce((sum, variant) => sum + pick(results[group].samples[variant], 'shiftsWithInput').reduce((a, b) => a + (b ?? 0), 0), 0);
  if (withInput) notes.push(`P10: ${withInput} layout shifts came with recent input and are left out of CLS, as Chromium does (no input is sent: look at how the page was emulated).`);
  if (others.size) details.push(`P10: the largest "other" events inside ours' long tasks, summed over its pages: ${[...others].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([name, ms]) => `\`${name}\` ${ms.toFixed(0)} ms`).join(', ')}.`, '');
}
if (lighthouseError) notes.push(`P8 not measured: Lighthouse could not be loaded (${lighthouseError.message.split('\n')[0]}).`);
if (PARTNER.some((metric) => results[{ P8: 'lighthouse', P9: 'firstCard', P10: 'trace' }[metric]]) && brServer.uncompressed.length) {
  notes.push(`P8-P10: the browser did not ask for brotli for ${[...new Set(brServer.uncompressed)].slice(0, 5).join(', ')}: served uncompressed.`);
}

for (const [group, { errors }] of Object.entries(results).filter(([, r]) => r?.errors)) {
  for (const side of Object.keys(errors)) if (errors[side].length) notes.push(`${group}: ${errors[side].length} ${side} pages failed (first: ${errors[side][0]}).`);
}
for (const [group, result] of Object.entries(results).filter(([, r]) => r?.samples)) {
  for (const side of Object.keys(result.samples)) {
    const pageErrors = result.samples[side].flatMap((s) => s.pageErrors ?? []);
    if (pageErrors.length) notes.push(`${group}: uncaught errors in ${side} pages: ${[...new Set(pageErrors)].slice(0, 3).join(' | ')}`);
  }
}
if (foreignRequests.length) notes.push(`Requests left 127.0.0.1: ${[...new Set(foreignRequests)].slice(0, 5).join(', ')}.`);

const cpu = cpus();
const date = new Date().toISOString().replace('T', ' ').slice(0, 16) + ' UTC';
const report = `
## Latest run: ours vs hand-written vanilla JS

${date} · ${cpu.length} cores (${cpu[0]?.model.trim() ?? 'unknown CPU'}), ${(totalmem() / 2 ** 30).toFixed(0)} GB · Chromium ${chromiumVersion} (headless) · Node ${process.version} ·
**${PAGES} fresh pages per side per metric**${PARTNER.some(wanted) ? ` (P8: ${LIGHTHOUSE_RUNS} Lighthouse runs per variant, P9: ${CARD_PAGES} pages, P10: ${TRACE_PAGES} traced pages)` : ''}, ours and vanilla alternating page by page (ABBA), each in a new browser context; medians. The machine is shared, so absolute times move from run to run (by a third or more when it is busy); compare the ratios, which come from one run. Build measured: \`${relative(REPO, DIST) || '.'}\` (\`${wasmName}\`). Run time ${minutes.toFixed(1)} min.

| metric | ours (median) | vanilla (median) | ours / vanilla | target | met? |
|---|---|---|---|---|---|
${rows.join('\n')}

${details.join('\n')}

${notes.map((note) => `- ${note}`).join('\n')}

How it is measured (\`bench/\`): everything is served by the harness on 127.0.0.1 (uncompressed for P1-P7, brotli 11 for P8-P10 as a CDN would serve it; \`no-store\`, cross-origin isolated for 5 µs timers), to Chromium launched with ${CHROMIUM_FLAGS.map((f) => `\`${f}\``).join(' ')}, viewport ${VIEWPORT.width}×${VIEWPORT.height}. Both sides sit on the same partner page (\`<div data-article-widget …>\` + \`embed.js\` for ours, \`<div data-vanilla-widget …>\` + one script for vanilla), with the default \`loading="lazy"\`. Times start at a \`performance.mark\` in an inline script just before the loader tag; "painted" is the first animation frame whose rAF callback finds the element, plus a user-blocking \`scheduler.postTask\` task posted from it, which runs once that frame's style, layout and paint are done (the rAF timestamp alone, in the timeline, would leave out the layout of what was inserted). P1 counts the scripts, wasm and stylesheets the page actually requested (gzip level 9, brotli quality 11, node:zlib). P3 starts at the click event's timestamp (a real click through CDP). P4 counts every node in the document and in shadow roots once the count holds for three frames after scrolling to the top, middle and end. P5 sums long tasks from the start of the page to two frames after \`articlewidget:ready\` (TBT = Σ (duration − 50 ms)). P6 reads the \`article-widget:decode\` User Timing measure. P7 forces two GCs (CDP \`HeapProfiler.collectGarbage\`), then reads \`JSHeapUsedSize\` (CDP \`Performance.getMetrics\`) and the \`byteLength\` of every \`WebAssembly.Memory\` (CDP \`Runtime.queryObjects\`). P8-P10 use a partner's article page (the widget between its second and third paragraphs, above the fold): P8 is Lighthouse's mobile run of it with 10 cards, P9 the first card with 20 cards and \`loading="eager"\`, P10 a Chromium trace of it at 4× CPU (details above). Feeds are made from the sample feed (\`tests/fixtures/sample-feed.json\`, the CLI's output of \`www/content\`) at run time: 20, 100 and ${feedInfo.f250k.items} (${fmt.kb(feedInfo.f250k.bytes)}) whole articles, and 10,000 short ones (${fmt.mb(feedInfo.f10k.bytes)}; titles, 40-character summaries, no bodies, to stay under the 5 MB cap).

Rerun against a release build in \`dist/\` (\`scripts/build-release.sh\`), about ${Math.ceil(minutes)} min here; \`--dist DIR\` measures another build:

\`\`\`sh
node bench/run.mjs${PAGES !== 15 ? ` --pages ${PAGES}` : ''}${LIGHTHOUSE_RUNS !== 5 ? ` --lighthouse-runs ${LIGHTHOUSE_RUNS}` : ''}${CARD_PAGES !== 20 ? ` --card-pages ${CARD_PAGES}` : ''}${TRACE_PAGES !== 9 ? ` --trace-pages ${TRACE_PAGES}` : ''}
\`\`\`
`;

writeFileSync(join(BENCH, '.build', 'last-run.json'), JSON.stringify({ date, dist: DIST, wasmName, chromiumVersion, pages: PAGES, lighthouseRuns: LIGHTHOUSE_RUNS, cardPages: CARD_PAGES, tracePages: TRACE_PAGES, lighthouseVersion: lighthouseModules?.version ?? null, feeds: feedInfo, vanillaBytes: vanilla.bytes, results }, null, 1));
if (!ONLY) replaceBetweenMarkers(OUT, report);
else console.error(`bench: --only given, ${OUT} left alone`);
console.log(report);
