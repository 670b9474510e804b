// A/B of two builds: first card (eager, 20 articles, brotli) and blocking at 4x
// CPU (long tasks, plus a Chromium trace split: wasm lazy compile / script /
// style / layout inside long tasks), for two builds of ours and vanilla,
// interleaved page by page in rotating order.
//
//   node bench/ab.mjs --a DIST_A --b DIST_B [--pages 10] [--trace]

import { createServer } from 'node:http';
import { readFileSync } from 'node:fs';
import { dirname, extname, join, normalize, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { brotliCompressSync, constants as zlib } from 'node:zlib';

import { chromium } from 'playwright-core';

import { CHROMIUM_FLAGS } from '../tests/e2e/browser.mjs';
import { TYPES } from '../tests/e2e/server.mjs';
import { buildVanilla } from './build-vanilla.mjs';
import { instrument } from './instrument.js';

const REPO = dirname(dirname(fileURLToPath(import.meta.url)));
const { values: args } = parseArgs({
  options: {
    a: { type: 'string' },
    b: { type: 'string' },
    pages: { type: 'string', default: '10' },
    trace: { type: 'boolean', default: false },
    only: { type: 'string', default: 'first,tbt' },
  },
});
const PAGES = Number(args.pages);
const DISTS = { a: resolve(args.a), b: resolve(args.b) };
const SIDES = ['a', 'b', 'vanilla'];
const ONLY = new Set(args.only.split(','));

const sample = JSON.parse(readFileSync(join(REPO, 'tests', 'fixtures', 'sample-feed.json'), 'utf8'));
const FEED = '/_bench/feeds/feed-20.json';
const feedBody = (() => {
  const { items: _, _article: ext, ...envelope } = sample;
  const items = Array.from({ length: 20 }, (_, i) => {
    const s = sample.items[i % sample.items.length];
    const id = `${s.id}-${i}`;
    const out = { ...s, id, url: `/articles/${id}` };
    if (s.image) out.image = s.image.replace('/images/', '/_bench/images/');
    return out;
  });
  return Buffer.from(JSON.stringify({ ...envelope, feed_url: FEED, _article: { disclaimer: ext.disclaimer }, items }));
})();

const INSTRUMENT = `(${instrument.toString()})();`;
function page(side) {
  const host = side === 'vanilla' ? 'data-vanilla-widget' : 'data-article-widget';
  const loader = side === 'vanilla' ? '/_bench/vanilla-widget.js' : `/${side}/embed.js`;
  return `<!doctype html>
<html lang="zh-CN"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>p</title><script>${INSTRUMENT}</script>
<style>body { max-width: 760px; margin: 24px auto; font: 16px/1.6 Georgia, serif; color: #222; } aside { margin-top: 24px; }</style>
</head><body><header><h1>合作伙伴的页面</h1><p>合作伙伴自己的内容在这里;下方是嵌入的最新信息。</p></header>
<aside><div ${host} data-feed="${FEED}" data-limit="20" data-loading="eager"><a href="/">最新信息</a></div>
<script>performance.mark('bench:start')</script><script async src="${loader}"></script></aside></body></html>`;
}

const vanilla = (await buildVanilla()).path;
const cache = new Map();
const brotli = (key, body) =>
  cache.get(key) ?? cache.set(key, brotliCompressSync(body, { params: { [zlib.BROTLI_PARAM_QUALITY]: 11, [zlib.BROTLI_PARAM_SIZE_HINT]: body.length } })).get(key);
const server = createServer((request, response) => {
  const { pathname } = new URL(request.url, 'http://127.0.0.1');
  let body = null;
  let type = 'application/octet-stream';
  const m = pathname.match(/^\/_bench\/page\/(a|b|vanilla)\.html$/);
  try {
    if (m) [body, type] = [Buffer.from(page(m[1])), TYPES['.html']];
    else if (pathname === FEED) [body, type] = [feedBody, TYPES['.json']];
    else if (pathname === '/_bench/vanilla-widget.js') [body, type] = [readFileSync(vanilla), TYPES['.js']];
    else if (pathname.startsWith('/_bench/images/')) body = readFileSync(join(REPO, 'www', 'content', 'images', normalize(pathname.slice(15))));
    else {
      const [, side, rest] = pathname.match(/^\/(a|b)\/(.*)$/) ?? [];
      if (side) [body, type] = [readFileSync(join(DISTS[side], normalize(rest))), TYPES[extname(rest)] ?? type];
    }
  } catch {
    body = null;
  }
  const headers = { 'cache-control': 'no-store', 'cross-origin-opener-policy': 'same-origin', 'cross-origin-embedder-policy': 'require-corp' };
  if (!body) return void (response.writeHead(404, headers), response.end());
  const encoded = brotli(pathname, body);
  response.writeHead(200, { ...headers, 'content-type': type, 'content-encoding': 'br', 'content-length': encoded.length });
  response.end(encoded);
});
await new Promise((done) => server.listen(0, '127.0.0.1', done));
const origin = `http://127.0.0.1:${server.address().port}`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_FLAGS });

async function onPage(side, fn, throttle) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, locale: 'zh-CN', timezoneId: 'Asia/Shanghai' });
  try {
    const p = await context.newPage();
    const cdp = await context.newCDPSession(p);
    if (throttle) await cdp.send('Emulation.setCPUThrottlingRate', { rate: throttle });
    return await fn(p, cdp);
  } finally {
    await context.close();
  }
}

async function firstCard(side) {
  return onPage(side, async (p) => {
    await p.goto(`${origin}/_bench/page/${side}.html`, { waitUntil: 'domcontentloaded' });
    return p.evaluate(async () => {
      const start = performance.getEntriesByName('bench:start')[0].startTime;
      const card = await __bench.firstCard;
      const res = Object.fromEntries(performance.getEntriesByType('resource').map((e) => [new URL(e.name).pathname.replace(/-[0-9a-f]{16}/, ''), [Math.round(e.startTime - start), Math.round(e.responseEnd - start)]]));
      const decode = performance.getEntriesByName('article-widget:decode')[0];
      return { first: card.painted - start, res, decode: decode ? Math.round(decode.startTime - start) : null };
    });
  });
}

const CATS = ['devtools.timeline', 'v8', 'v8.wasm', 'disabled-by-default-devtools.timeline', 'blink'];
async function blocking(side) {
  return onPage(
    side,
    async (p, cdp) => {
      let events = [];
      if (args.trace) {
        cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
        await cdp.send('Tracing.start', { categories: CATS.join(','), transferMode: 'ReportEvents' });
      }
      await p.goto(`${origin}/_bench/page/${side}.html`, { waitUntil: 'domcontentloaded' });
      const r = await p.evaluate(async () => {
        await __bench.ready;
        await __bench.frames(2);
        for (const e of __bench.longTaskObserver?.takeRecords() ?? []) __bench.longTasks.push({ start: e.startTime, duration: e.duration });
        const tasks = __bench.longTasks;
        return { tbt: tasks.reduce((s, t) => s + Math.max(0, t.duration - 50), 0), n: tasks.length };
      });
      if (args.trace) {
        const done = new Promise((ok) => cdp.once('Tracing.tracingComplete', ok));
        await cdp.send('Tracing.end');
        await done;
        r.split = split(events);
        if (process.env.P12_DUMP) (await import('node:fs')).writeFileSync(`${process.env.P12_DUMP}-${side}.json`, JSON.stringify(events));
      }
      return r;
    },
    4,
  );
}

/** Inside main-thread tasks over 50 ms: wasm lazy compile, style, layout, script (the rest of JS), total. */
function split(events) {
  const main = events.find((e) => e.name === 'thread_name' && e.args?.name === 'CrRendererMain' && events.some((x) => x.pid === e.pid && x.tid === e.tid && x.name === 'ParseHTML' && /_bench\/page\//.test(x.args?.beginData?.url ?? '')));
  if (!main) return null;
  const on = events.filter((e) => e.pid === main.pid && e.tid === main.tid && e.ph === 'X');
  const tasks = on.filter((e) => e.name === 'RunTask' && e.dur > 50000);
  const inside = (e) => tasks.some((t) => e.ts >= t.ts && e.ts < t.ts + t.dur);
  const sum = (pred) => on.filter((e) => pred(e) && inside(e)).reduce((s, e) => s + e.dur, 0) / 1000;
  const compile = sum((e) => /CompileLazy/.test(e.name));
  const style = sum((e) => e.name === 'UpdateLayoutTree' || e.name === 'RecalculateStyles');
  const layout = sum((e) => e.name === 'Layout');
  const paint = sum((e) => e.name === 'Paint' || e.name === 'PrePaint' || e.name === 'Layerize');
  const total = tasks.reduce((s, t) => s + t.dur, 0) / 1000;
  const tbt = tasks.reduce((s, t) => s + t.dur / 1000 - 50, 0);
  return { total, tbt, compile, style, layout, paint, script: total - compile - style - layout - paint };
}

const results = { first: {}, tbt: {} };
for (const side of SIDES) (results.first[side] = []), (results.tbt[side] = []);
for (let i = 0; i < PAGES; i++) {
  const order = [...SIDES.slice(i % 3), ...SIDES.slice(0, i % 3)];
  for (const side of order) {
    if (ONLY.has('first')) results.first[side].push(await firstCard(side));
    if (ONLY.has('tbt')) results.tbt[side].push(await blocking(side));
  }
  process.stderr.write(`${i + 1}/${PAGES}\r`);
}
await browser.close();
server.close();

const med = (xs) => {
  const s = [...xs].sort((x, y) => x - y);
  return s.length ? (s.length % 2 ? s[(s.length - 1) / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2) : NaN;
};
const q = (xs, f) => [...xs].sort((x, y) => x - y)[Math.floor(f * (xs.length - 1))];
const f1 = (x) => (x == null || Number.isNaN(x) ? '-' : x.toFixed(1));
if (ONLY.has('first')) {
  const v = med(results.first.vanilla.map((r) => r.first));
  for (const side of SIDES) {
    const xs = results.first[side].map((r) => r.first);
    const vs = results.first.vanilla.map((r) => r.first);
    const paired = xs.map((x, i) => x / vs[i]);
    console.log(`first card ${side}: median ${f1(med(xs))} ms (p25 ${f1(q(xs, 0.25))}, p75 ${f1(q(xs, 0.75))}) ratio ${(med(xs) / v).toFixed(2)}x, paired ratio median ${med(paired).toFixed(2)}x (p25 ${q(paired, 0.25).toFixed(2)}, p75 ${q(paired, 0.75).toFixed(2)})`);
  }
  for (const side of ['a', 'b']) {
    const rs = results.first[side];
    const keys = Object.keys(rs[0].res);
    const line = keys.map((k) => `${k.split('/').pop()} ${med(rs.map((r) => r.res[k]?.[0] ?? NaN))}→${med(rs.map((r) => r.res[k]?.[1] ?? NaN))}`);
    console.log(`  ${side} timeline (median start→end): ${line.join('; ')}; decode ${med(rs.map((r) => r.decode))}`);
  }
}
if (ONLY.has('tbt')) {
  const v = med(results.tbt.vanilla.map((r) => r.tbt));
  for (const side of SIDES) {
    const rs = results.tbt[side];
    const xs = rs.map((r) => r.tbt);
    const vs = results.tbt.vanilla.map((r) => r.tbt);
    const paired = xs.map((x, i) => x / Math.max(1, vs[i]));
    let line = `TBT 4x ${side}: median ${f1(med(xs))} ms (p25 ${f1(q(xs, 0.25))}, p75 ${f1(q(xs, 0.75))}) ratio ${(med(xs) / v).toFixed(2)}x, paired ${med(paired).toFixed(2)}x (p25 ${q(paired, 0.25).toFixed(2)}, p75 ${q(paired, 0.75).toFixed(2)}), long tasks ${med(rs.map((r) => r.n))}`;
    if (args.trace) {
      const sp = rs.map((r) => r.split).filter(Boolean);
      line += ` | trace: ${['total', 'tbt', 'compile', 'script', 'style', 'layout', 'paint'].map((k) => `${k} ${f1(med(sp.map((s) => s[k])))}`).join(', ')}`;
    }
    console.log(line);
  }
}
