// The partner-page half of the benchmark (P8-P10, issue 12): a partner's
// article with the widget between two paragraphs above the fold, as a partner
// would paste it from the README, measured with Lighthouse's mobile run, for
// the first card, and from a Chromium trace at 4x CPU. bench/run.mjs serves
// the pages (with brotli) and drives the browsers; this module makes the pages
// and reads the results, and knows nothing of the server.

import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const BENCH = dirname(fileURLToPath(import.meta.url));

export const VARIANTS = ['ours', 'vanilla', 'none'];

/** Lighthouse's default mobile screen (moto g power), used for the traced page too. */
// Not Playwright's `isMobile`: its emulation counts as recent input at ~200 ms, and
// Chromium then leaves the widget's layout shift out of CLS (`hadRecentInput`).
export const MOBILE = { viewport: { width: 412, height: 823 }, deviceScaleFactor: 1.75, hasTouch: true };

/**
 * The embed snippet exactly as README.md's "Embedding on a partner site" gives it, with
 * this server's paths in place of the example hosts. Keep it in step with the README:
 * it is the one place the benchmark says how a partner includes our widget. A stylesheet
 * served next to embed.js (`embed.css`, if the build has one) is linked before the loader.
 */
export function readmeSnippet({ feed, limit, loading, dist }) {
  const attributes = [`feed="${feed}"`, `limit="${limit}"`];
  if (loading) attributes.push(`loading="${loading}"`);
  const stylesheet = existsSync(join(dist, 'embed.css')) ? '<link rel="stylesheet" href="/embed.css">\n' : '';
  return `${stylesheet}<article-widget ${attributes.join(' ')}>
  <a href="/">最新信息</a>
</article-widget>
<script async src="/embed.js"></script>`;
}

/** The hand-written widget as its own header comment shows it, loaded the same way. */
function vanillaSnippet({ feed, limit, loading, loader }) {
  const attributes = [`data-feed="${feed}"`, `data-limit="${limit}"`];
  if (loading) attributes.push(`data-loading="${loading}"`);
  return `<div data-vanilla-widget ${attributes.join(' ')}><a href="/">最新信息</a></div>
<script async src="${loader}"></script>`;
}

const PARAGRAPHS = [
  '本报讯 今年入冬以来,本市各区陆续启动冬季供暖保障工作。记者从市住房和城乡建设部门获悉,全市集中供暖管网检修已全部完成,各供热单位储煤、储气量均达到或超过往年同期水平。',
  '据介绍,今年新改造老旧供热管网一百二十公里,涉及居民小区三百余个。改造后,管网热损失明显下降,部分小区室温比往年提高一到两摄氏度。对于居民反映较多的楼栋末端温度偏低问题,供热单位已逐户排查,并在重点楼栋加装了智能调节阀。',
  '市民政部门同时提醒,独居老人和困难家庭可通过社区服务中心申请取暖补贴,各街道已设立专门窗口,办理时间延长至晚上七点。寒潮期间,救助站将实行二十四小时开放,并组织志愿者夜间巡查,为街头流浪人员提供御寒衣物和热食。',
  '气象部门预计,下周将有一次较强冷空气过程,最低气温可降至零下五摄氏度左右。供热单位表示,将根据天气变化及时调整供热参数,确保居民室温达标。市民如遇供暖问题,可拨打供热服务热线反映,相关单位承诺二十四小时内上门处理。',
  '此外,有关部门还将加强对燃气安全的检查,重点排查使用燃气取暖的老旧住宅和沿街商铺,提醒市民使用燃气时保持室内通风,切勿在密闭空间内长时间使用燃气取暖设备。',
];

/**
 * A partner's article page: header, heading, byline, two paragraphs, the widget (or
 * nothing), then the rest of the article. On Lighthouse's 412x823 screen the widget starts
 * in the middle of the first screen (its fallback at y ≈ 440), so its growth moves the
 * partner's text below it. `head` adds to <head> (the
 * benchmark's instrumentation for P9); `mark` puts `performance.mark('bench:start')` just
 * before the snippet.
 */
export function articlePage(variant, { feed, limit, loading, dist, vanillaLoader, head = '', mark = false }) {
  const widget =
    variant === 'ours'
      ? readmeSnippet({ feed, limit, loading, dist })
      : variant === 'vanilla'
        ? vanillaSnippet({ feed, limit, loading, loader: vanillaLoader })
        : '';
  const [first, second, ...rest] = PARAGRAPHS;
  return `<!doctype html>
<html lang="zh-CN">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>全市冬季供暖保障工作全面启动 · 合作伙伴日报</title>
<meta name="description" content="合作伙伴的文章页面,中间嵌入最新信息。">
${head}<style>
body { margin: 0; font: 17px/1.7 Georgia, "Noto Serif CJK SC", serif; color: #222; background: #fff; }
header { padding: 12px 16px; background: #12355b; color: #fff; font: bold 16px/1.2 sans-serif; }
main { max-width: 720px; margin: 0 auto; padding: 0 16px 48px; }
h1 { font-size: 26px; line-height: 1.3; margin: 20px 0 8px; }
.byline { color: #666; font-size: 14px; margin: 0 0 16px; }
article-widget, [data-vanilla-widget] { display: block; margin: 20px 0; }
</style>
</head>
<body>
<header>合作伙伴日报</header>
<main>
<article>
<h1>全市冬季供暖保障工作全面启动</h1>
<p class="byline">本报记者 王晓明 · 2026年12月2日</p>
<p>${first}</p>
<p>${second}</p>
${mark ? "<script>performance.mark('bench:start')</script>\n" : ''}${widget}
${rest.map((text) => `<p>${text}</p>`).join('\n')}
</article>
</main>
</body>
</html>
`;
}

// ---- Lighthouse -------------------------------------------------------------

/**
 * Lighthouse and chrome-launcher live in bench/node_modules, installed from
 * bench/package-lock.json on first use so that the project's own install and test
 * command do not carry them. Returns the two modules and Lighthouse's version.
 */
export async function loadLighthouse() {
  const lock = JSON.parse(readFileSync(join(BENCH, 'package-lock.json'), 'utf8'));
  const want = lock.packages['node_modules/lighthouse'].version;
  const installed = join(BENCH, 'node_modules', 'lighthouse', 'package.json');
  const have = existsSync(installed) ? JSON.parse(readFileSync(installed, 'utf8')).version : null;
  if (have !== want) {
    console.error(`bench: installing lighthouse ${want} into bench/node_modules (npm ci --prefix bench)`);
    execFileSync('npm', ['ci', '--prefix', BENCH, '--no-audit', '--no-fund'], { stdio: ['ignore', 'inherit', 'inherit'] });
  }
  const from = (path) => pathToFileURL(join(BENCH, 'node_modules', path)).href;
  const lighthouse = (await import(from('lighthouse/core/index.js'))).default;
  const chromeLauncher = await import(from('chrome-launcher/dist/index.js'));
  return { lighthouse, chromeLauncher, version: want };
}

/**
 * One Lighthouse run in a Chromium of its own (a fresh profile: no cache, no
 * compiled wasm kept from another run): the default mobile preset, performance only.
 */
export async function lighthouseRun({ lighthouse, chromeLauncher }, url, { chromePath, chromeFlags }) {
  const chrome = await chromeLauncher.launch({ chromePath, chromeFlags, logLevel: 'silent' });
  try {
    const { lhr } = await lighthouse(url, { port: chrome.port, output: 'json', logLevel: 'error', onlyCategories: ['performance'] });
    if (lhr.runtimeError) throw new Error(`lighthouse: ${lhr.runtimeError.code} ${lhr.runtimeError.message}`);
    const audit = (id) => lhr.audits[id]?.numericValue ?? null;
    const requests = lhr.audits['network-requests']?.details?.items ?? [];
    const score = lhr.categories.performance.score;
    if (score === null) throw new Error(`lighthouse: no performance score (${lhr.runWarnings.join('; ') || 'no warning'})`);
    return {
      score: score * 100,
      cls: audit('cumulative-layout-shift'),
      lcp: audit('largest-contentful-paint'),
      tbt: audit('total-blocking-time'),
      fcp: audit('first-contentful-paint'),
      si: audit('speed-index'),
      // What the page downloaded, and how: the brotli check, and the foreign-request check.
      requests: requests.map((r) => ({ url: r.url, transfer: r.transferSize, resource: r.resourceSize, type: r.resourceType })),
      warnings: lhr.runWarnings,
      benchmarkIndex: lhr.environment.benchmarkIndex,
      version: lhr.lighthouseVersion,
    };
  } finally {
    await chrome.kill();
  }
}

// ---- Traces -----------------------------------------------------------------

export const TRACE_CATEGORIES = ['devtools.timeline', 'v8', 'v8.wasm', 'disabled-by-default-devtools.timeline'];

/** Where time inside a long task goes, by the trace event it is the self time of. */
export const SPLIT = ['wasm compile', 'script', 'style', 'layout', 'paint', 'other'];

const STYLE = new Set(['UpdateLayoutTree', 'RecalculateStyles', 'ParseAuthorStyleSheet', 'InvalidateLayout']);
const LAYOUT = new Set(['Layout', 'UpdateLayout']);
const PAINT = new Set(['Paint', 'PrePaint', 'Layerize', 'UpdateLayer', 'UpdateLayerTree', 'CompositeLayers', 'Commit', 'PaintImage', 'Decode Image', 'RasterTask']);
const SCRIPT = /^(FunctionCall|EvaluateScript|EventDispatch|TimerFire|FireAnimationFrame|FireIdleCallback|RunMicrotasks|XHRReadyStateChange|XHRLoad|CompileScript|CompileCode|CacheScript|V8\.|v8\.|MajorGC|MinorGC|BlinkGC|ScheduledAction|RunTask.*Callback|Handle.*PostMessage|HandlePostMessage|Microtask|ParseScriptOnBackground|wasm\.)/;

/** The bucket of one trace event's self time. */
export function bucket(event) {
  const { name, cat } = event;
  // V8 compiles a wasm function on its first call, on the thread that calls it.
  if ((cat.includes('v8.wasm') || name.startsWith('wasm.')) && /compil|tierup|liftoff|turbofan/i.test(name)) return 'wasm compile';
  if (STYLE.has(name)) return 'style';
  if (LAYOUT.has(name)) return 'layout';
  if (PAINT.has(name)) return 'paint';
  if (SCRIPT.test(name) || cat.split(',').includes('v8') || cat.includes('v8.wasm')) return 'script';
  return 'other';
}

/**
 * Reads a Chromium trace of one page load: the main thread is the one that
 * logged `console.timeStamp(endLabel)` when the page's clock read `endMs`; its
 * top-level tasks (`RunTask`) from the page's time origin (its navigation) to that
 * stamp are the tasks. Total blocking time is Lighthouse's: the part of each task
 * after First Contentful Paint, less 50 ms, summed (`tbtAll` counts from the
 * navigation, as P5 does: it includes the new renderer's V8 contexts, the harness's
 * among them). The long tasks that count toward it are split by the self time of
 * the events inside them.
 */
export function analyseTrace(events, endLabel, endMs) {
  const end = events.find((e) => e.name === 'TimeStamp' && e.args?.data?.message === endLabel);
  if (!end) throw new Error(`trace: no console.timeStamp('${endLabel}') in ${events.length} events`);
  const { pid, tid } = end;
  const onMain = events.filter((e) => e.pid === pid && e.tid === tid && e.ph !== 'M' && typeof e.ts === 'number');
  const complete = completeEvents(onMain);
  const start = end.ts - endMs * 1000; // the trace clock is the page's, in microseconds
  const tasks = complete.filter((e) => e.name === 'RunTask' && e.ts + e.dur > start && e.ts <= end.ts).sort((a, b) => a.ts - b.ts);
  const fcpEvent = onMain.find((e) => e.name === 'firstContentfulPaint' && e.ts >= start);
  if (!fcpEvent) throw new Error('trace: no firstContentfulPaint on the main thread');
  const fcp = fcpEvent.ts;
  const afterFcp = (t) => Math.min(t.ts + t.dur, end.ts) - Math.max(t.ts, fcp);
  const long = tasks.filter((t) => afterFcp(t) > 50_000);
  const split = Object.fromEntries(SPLIT.map((k) => [k, 0]));
  const unnamed = new Map(); // the biggest "other" event names, to refine the buckets with
  // Events nest within a task by time; sorted by start and then longest first, a stack gives each its parent.
  const inside = complete.filter((e) => e.name !== 'RunTask').sort((a, b) => a.ts - b.ts || b.dur - a.dur);
  let from = 0;
  const perTask = [];
  for (const task of long) {
    while (from < inside.length && inside[from].ts < task.ts) from++;
    const children = [];
    for (let k = from; k < inside.length && inside[k].ts < task.ts + task.dur; k++) children.push(inside[k]);
    const self = new Map([[task, task.dur]]);
    const stack = [task];
    for (const event of children) {
      while (stack.length > 1 && event.ts >= stack.at(-1).ts + stack.at(-1).dur) stack.pop();
      const parent = stack.at(-1);
      const within = Math.min(event.dur, parent.ts + parent.dur - event.ts); // an event may outlast its task's record by a rounding
      self.set(parent, self.get(parent) - within);
      self.set(event, within);
      stack.push(event);
    }
    const one = Object.fromEntries(SPLIT.map((k) => [k, 0]));
    for (const [event, time] of self) {
      const kind = event === task ? 'other' : bucket(event);
      one[kind] += time / 1000;
      split[kind] += time / 1000;
      if (kind === 'other' && event !== task) unnamed.set(event.name, (unnamed.get(event.name) ?? 0) + time / 1000);
    }
    perTask.push({ start: (task.ts - start) / 1000, duration: task.dur / 1000, ...one });
  }
  const wasmCompileAll = complete.filter((e) => bucket(e) === 'wasm compile').reduce((sum, e) => sum + e.dur / 1000, 0);
  return {
    window: endMs,
    fcp: (fcp - start) / 1000,
    tasks: tasks.length,
    longTasks: long.length,
    tbt: long.reduce((sum, t) => sum + (afterFcp(t) / 1000 - 50), 0),
    // Thread (CPU) time of those tasks: 4x throttling and a busy machine add wall time, not this.
    longTasksCpu: long.reduce((sum, t) => sum + (t.tdur ?? 0) / 1000, 0),
    tbtAll: tasks.filter((t) => t.dur > 50_000).reduce((sum, t) => sum + (t.dur / 1000 - 50), 0),
    longest: Math.max(0, ...tasks.map((t) => t.dur / 1000)),
    split,
    wasmCompileAll, // on the main thread, in long tasks or not
    perTask,
    otherNames: [...unnamed].sort((a, b) => b[1] - a[1]).slice(0, 5).map(([name, ms]) => [name, Math.round(ms * 10) / 10]),
  };
}

/** 'X' events as they are; 'B'/'E' pairs joined into one event with a duration. */
function completeEvents(events) {
  const out = [];
  const open = new Map();
  for (const e of [...events].sort((a, b) => a.ts - b.ts)) {
    if (e.ph === 'X' && typeof e.dur === 'number') out.push(e);
    else if (e.ph === 'B') (open.get(e.name) ?? open.set(e.name, []).get(e.name)).push(e);
    else if (e.ph === 'E') {
      const begin = open.get(e.name)?.pop();
      if (begin) out.push({ ...begin, ph: 'X', dur: e.ts - begin.ts });
    }
  }
  return out;
}

/**
 * Cumulative Layout Shift as Chromium and Lighthouse define it: the largest session
 * window (shifts less than 1 s apart, at most 5 s long) of shifts without recent input.
 */
export function cumulativeLayoutShift(shifts) {
  let best = 0;
  let current = 0;
  let first = null;
  let last = null;
  for (const { startTime, value, hadRecentInput } of [...shifts].sort((a, b) => a.startTime - b.startTime)) {
    if (hadRecentInput) continue;
    if (first === null || startTime - last >= 1000 || startTime - first >= 5000) {
      current = 0;
      first = startTime;
    }
    current += value;
    last = startTime;
    best = Math.max(best, current);
  }
  return best;
}
