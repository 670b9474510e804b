// A smoke run of the WebKit backend alone, outside the shared scenarios:
// `node tests/e2e/engines/webkit-smoke.mjs` after `trunk build --release`.
// It opens the partner demo and the app from dist/, clicks and presses keys,
// takes screenshots into target/screenshots/webkit-*.png and prints how long
// each step took. Not a *.test.mjs: the shared scenarios are the tests.

import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

import { startServer } from '../server.mjs';
import { launch } from './webkit.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');
const dist = process.env.DIST_DIR ?? join(repo, 'dist');
const shots = join(repo, 'target', 'screenshots');

const started = performance.now();
let mark = started;
const step = (what) => {
  const now = performance.now();
  console.log(`${what}: ${Math.round(now - mark)} ms`);
  mark = now;
};

const server = await startServer(dist);
const session = await launch({ timezone: 'Asia/Shanghai', locale: 'zh-CN' });
step('launch');
try {
  // The partner demo: its first widget is a list that opens articles inline.
  await session.goto(`${server.url}/partner-demo.html`);
  await session.waitFor(() => document.querySelector('article-widget')?.shadowRoot?.querySelector('.aw-card__link'));
  step('partner demo: cards');
  await session.screenshot(join(shots, 'webkit-partner-light.png'));
  await session.click(['article-widget', '.aw-card__link']);
  const title = await session.waitFor(() => document.querySelector('article-widget').shadowRoot.querySelector('h1.aw-article__title')?.textContent);
  console.log('  article:', title);
  await session.screenshot(join(shots, 'webkit-partner-article-light.png'));
  step('partner demo: click → article');

  // Keyboard: Tab walks into the article's controls, Enter on "back" returns.
  for (let i = 0; i < 3; i++) {
    await session.press('Tab');
    console.log('  Tab →', JSON.stringify(await session.focused()));
  }
  await session.press('Shift+Tab');
  console.log('  Shift+Tab →', JSON.stringify(await session.focused()));
  await session.evaluate(() => document.querySelector('article-widget').shadowRoot.querySelector('a.aw-back').focus());
  await session.press('Enter');
  await session.waitFor(() => document.querySelector('article-widget').shadowRoot.querySelector('.aw-card__link'));
  console.log('  Enter on back → list; focus:', JSON.stringify(await session.focused()));
  step('partner demo: keyboard');

  // Dark, through the widget's own attribute.
  await session.evaluate(() => document.querySelector('article-widget').setAttribute('theme', 'dark'));
  await session.waitFor(
    () => getComputedStyle(document.querySelector('article-widget').shadowRoot.querySelector('.aw-widget')).backgroundColor === 'rgb(29, 31, 33)',
  );
  await session.screenshot(join(shots, 'webkit-partner-dark.png'));
  await session.click(['article-widget', '.aw-card__link']);
  await session.waitFor(() => document.querySelector('article-widget').shadowRoot.querySelector('h1.aw-article__title'));
  await session.screenshot(join(shots, 'webkit-partner-article-dark.png'));
  step('partner demo: dark');
  console.log('  focus in the article:', JSON.stringify(await session.focused()));
  await session.press('Escape');
  await session.waitFor(() => document.querySelector('article-widget').shadowRoot.querySelector('.aw-card__link'));
  step('partner demo: Escape → list');
  console.log('  errors:', JSON.stringify(await session.errors()));

  // The standalone app: list, then an article, in the publisher's time zone.
  await session.goto(`${server.url}/`);
  await session.waitFor(() => document.querySelector('#app:not([data-prerendered]) .aw-card__link'));
  await session.screenshot(join(shots, 'webkit-app-list.png'));
  await session.click(['.aw-card__link']);
  await session.waitFor(() => document.querySelector('h1.aw-article__title'));
  console.log('  article time:', await session.evaluate(() => document.querySelector('.aw-article__meta time')?.textContent));
  await session.screenshot(join(shots, 'webkit-app-article.png'));
  step('app: list → article');

  const features = await session.evaluate(() => ({
    userAgent: navigator.userAgent,
    language: navigator.language,
    timeZone: Intl.DateTimeFormat().resolvedOptions().timeZone,
    segmenter: typeof Intl.Segmenter,
    postTask: typeof globalThis.scheduler?.postTask,
    schedulerYield: typeof globalThis.scheduler?.yield,
    adoptedStyleSheets: 'adoptedStyleSheets' in Document.prototype,
    constructableSheets: (() => {
      try {
        new CSSStyleSheet().replaceSync('a{}');
        return true;
      } catch {
        return false;
      }
    })(),
    part: CSS.supports('selector(::part(x))'),
    contentVisibility: CSS.supports('content-visibility', 'auto'),
    compileStreaming: typeof WebAssembly.compileStreaming,
    instantiateStreaming: typeof WebAssembly.instantiateStreaming,
    requestIdleCallback: typeof globalThis.requestIdleCallback,
    containerQueries: CSS.supports('container-type', 'inline-size'),
    hasSelector: CSS.supports('selector(:has(a))'),
    textWrapBalance: CSS.supports('text-wrap', 'balance'),
  }));
  console.log('  features:', JSON.stringify(features, null, 2));
  const errors = await session.errors();
  console.log('  errors:', JSON.stringify(errors));
  assert.deepEqual(errors, []);
} finally {
  await session.close();
  step('close');
  await server.close();
  console.log(`total: ${Math.round(performance.now() - started)} ms`);
}
