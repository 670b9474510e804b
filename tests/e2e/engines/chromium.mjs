// The Chromium backend of the engine layer: Debian's /usr/bin/chromium driven
// by playwright-core over CDP, with the flags of tests/e2e/browser.mjs. The
// time zone is the TZ of the browser process, as in the other engines (not
// Playwright's emulation), so the three run the same way.

import { chromium } from 'playwright-core';

import { CHROMIUM_FLAGS } from '../browser.mjs';
import { describeFocus, poll, resolvePath, within } from './index.mjs';

export async function launch({ timezone, locale, width, height, timeout }) {
  const env = { ...process.env };
  if (timezone) env.TZ = timezone;
  const browser = await within(
    30000,
    'chromium launch',
    chromium.launch({
      executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
      args: [...CHROMIUM_FLAGS, ...(locale ? [`--lang=${locale}`] : [])],
      env,
      timeout: 30000,
    }),
  );
  const context = await browser.newContext({ viewport: { width, height }, ...(locale ? { locale } : {}) });
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));

  // Playwright passes one argument: the source and the arguments go as one
  // expression, evaluated over CDP, which a page's CSP does not govern.
  const evaluate = (fn, ...args) => page.evaluate(`(${fn})(...${JSON.stringify(args)})`);
  const element = async (path) => {
    const handle = await page.evaluateHandle(`(${resolvePath})(${JSON.stringify(path)})`);
    const found = handle.asElement();
    if (!found) throw new Error(`click: nothing at ${JSON.stringify(path)}`);
    return found;
  };
  let closed = null;

  return {
    engine: 'chromium',
    async goto(url) {
      await page.goto(url, { waitUntil: 'load' });
    },
    evaluate,
    waitFor: (fn, ...args) => poll(() => evaluate(fn, ...args), fn, timeout),
    async click(path) {
      await (await element(path)).click();
    },
    async press(key) {
      await page.keyboard.press(key);
    },
    focused: () => evaluate(describeFocus),
    async screenshot(file) {
      await page.screenshot({ path: file });
    },
    errors: async () => [...errors],
    close() {
      closed ??= within(15000, 'chromium close', browser.close()).catch(() => browser.close().catch(() => {}));
      return closed;
    },
  };
}
