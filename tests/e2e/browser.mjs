// Debian's Chromium driven by playwright-core: no browser download, a fresh
// profile each launch, and no traffic beyond 127.0.0.1.

import { chromium } from 'playwright-core';

import { startServer } from './server.mjs';

export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export function launchChromium() {
  return chromium.launch({
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    args: CHROMIUM_FLAGS,
  });
}

/**
 * A partner page's script that records the widgets' events (`__events`:
 * type, the target's id, detail) and anything uncaught (`__errors`), for
 * the tests to read.
 */
export const HOST_JS = `
window.__events = [];
window.__errors = [];
['articlewidget:ready', 'articlewidget:open', 'articlewidget:error'].forEach(function (type) {
  document.addEventListener(type, function (event) {
    __events.push({ type: type, target: event.target.id, detail: event.detail });
  });
});
window.addEventListener('error', function (event) { __errors.push(String(event.message)); });
window.addEventListener('unhandledrejection', function (event) { __errors.push(String(event.reason)); });
`;

/** A page that records uncaught errors, so a test can assert there were none. */
export async function newPage(browser, options = {}) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, ...options });
  const page = await context.newPage();
  page.uncaughtErrors = [];
  page.on('pageerror', (error) => page.uncaughtErrors.push(error.message));
  return page;
}

/**
 * Resolves once the app has taken over a prerendered page (or at once on a
 * page that was only the app's shell): interactions before that would land
 * on the prerendered copy.
 */
export async function appStarted(page) {
  await page.locator('#app:not([data-prerendered])').waitFor({ state: 'attached' });
}

/**
 * Resolves once the app's windowed list has settled: the cards rendered stay
 * the same over three frames (the window follows a scroll in a frame or two).
 */
export function windowSettled(page) {
  return page.evaluate(() => new Promise((resolve) => {
    const range = () => [...document.querySelectorAll('.aw-card')].map((card) => card.getAttribute('aria-posinset')).join();
    let last = range();
    let same = 0;
    const check = () => {
      const now = range();
      same = now === last ? same + 1 : 0;
      last = now;
      if (same >= 3) resolve();
      else requestAnimationFrame(check);
    };
    requestAnimationFrame(check);
  }));
}

/**
 * The setting of the partner-page tests: `dist` served with CORS as from a
 * CDN (`widget`), a partner site on another origin (`host`) whose
 * `/host.js` is `hostJs`, and Chromium. `close()` ends all three.
 */
export async function partnerSites(dist, hostJs = HOST_JS) {
  const widget = await startServer(dist, { cors: true });
  const host = await startServer(null);
  host.serve('/host.js', 'text/javascript', hostJs);
  const browser = await launchChromium();
  const close = async () => {
    await browser.close();
    await widget.close();
    await host.close();
  };
  return { widget, host, browser, close };
}
