// The Firefox backend of the engine layer: Debian's firefox-esr driven by
// puppeteer-core over WebDriver BiDi (puppeteer-core downloads no browser),
// headless, in a fresh temporary profile that puppeteer removes on close.
// The prefs below stop what Firefox would fetch by itself, so nothing leaves
// 127.0.0.1; the time zone is the TZ of the browser process, the locale the
// Accept-Language pref (navigator.language follows it).

import puppeteer from 'puppeteer-core';

import { describeFocus, poll, resolvePath, within } from './index.mjs';

const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';

/** Prefs that turn off Firefox's own traffic (on top of puppeteer's defaults). */
const QUIET_PREFS = {
  'app.update.auto': false,
  'app.update.enabled': false,
  'app.update.checkInstallTime': false,
  'app.normandy.enabled': false,
  'app.normandy.api_url': '',
  'app.shield.optoutstudies.enabled': false,
  'browser.aboutHomeSnippets.updateUrl': '',
  'browser.discovery.enabled': false,
  'browser.newtabpage.enabled': false,
  'browser.ping-centre.telemetry': false,
  'browser.region.network.url': '',
  'browser.region.update.enabled': false,
  'browser.safebrowsing.blockedURIs.enabled': false,
  'browser.safebrowsing.downloads.enabled': false,
  'browser.safebrowsing.downloads.remote.enabled': false,
  'browser.safebrowsing.malware.enabled': false,
  'browser.safebrowsing.phishing.enabled': false,
  'browser.safebrowsing.provider.google.updateURL': '',
  'browser.safebrowsing.provider.google4.updateURL': '',
  'browser.safebrowsing.provider.mozilla.updateURL': '',
  'browser.search.geoip.url': '',
  'browser.search.update': false,
  'browser.shell.checkDefaultBrowser': false,
  'browser.startup.page': 0,
  'captivedetect.canonicalURL': '',
  'datareporting.healthreport.uploadEnabled': false,
  'datareporting.policy.dataSubmissionEnabled': false,
  'extensions.blocklist.enabled': false,
  'extensions.getAddons.cache.enabled': false,
  'extensions.update.enabled': false,
  'extensions.systemAddon.update.enabled': false,
  'geo.provider.network.url': '',
  'messaging-system.rsexperimentloader.enabled': false,
  'network.captive-portal-service.enabled': false,
  'network.connectivity-service.enabled': false,
  'network.dns.disablePrefetch': true,
  'network.http.speculative-parallel-limit': 0,
  'network.prefetch-next': false,
  'network.trr.mode': 5,
  'services.settings.server': 'http://127.0.0.1:9/remote-settings',
  'services.sync.engine.addons': false,
  'toolkit.telemetry.enabled': false,
  'toolkit.telemetry.server': '',
  'toolkit.telemetry.unified': false,
  'toolkit.telemetry.archive.enabled': false,
  'toolkit.coverage.endpoint.base': '',
  'browser.contentblocking.report.monitor.url': '',
  'identity.fxaccounts.enabled': false,
};

export async function launch({ timezone, locale, width, height, timeout }) {
  const env = { ...process.env };
  if (timezone) env.TZ = timezone;
  const browser = await within(
    60000,
    'firefox launch',
    puppeteer.launch({
      browser: 'firefox',
      protocol: 'webDriverBiDi',
      executablePath: FIREFOX,
      headless: true,
      env,
      timeout: 60000,
      defaultViewport: { width, height },
      extraPrefsFirefox: {
        ...QUIET_PREFS,
        ...(locale ? { 'intl.accept_languages': locale, 'intl.locale.requested': locale } : {}),
      },
    }),
  );
  const process_ = browser.process();
  let page;
  try {
    // A tab of our own: in the tab Firefox starts with, document.hasFocus()
    // stays false, so nothing would match :focus or :focus-visible and a
    // keyboard user's focus ring could not be checked.
    const initial = await browser.pages();
    page = await browser.newPage();
    await Promise.all(initial.map((tab) => tab.close()));
    await page.setViewport({ width, height });
  } catch (error) {
    await browser.close().catch(() => process_?.kill('SIGKILL'));
    throw error;
  }
  const errors = [];
  // Firefox reports a CSP refusal, and a Subresource Integrity refusal (the
  // loader's fetch of a wasm that does not match), as a script error log
  // entry, which puppeteer passes on as a page error; it is a console
  // report, not an uncaught error (Chromium's pageerror has no such entry).
  page.on('pageerror', (error) => {
    const message = error?.message ?? String(error);
    const report = message.startsWith('Content-Security-Policy: ') || /^None of the “sha\d+” hashes in the integrity attribute match/.test(message);
    if (!report) errors.push(message);
  });

  const evaluate = (fn, ...args) => page.evaluate(fn, ...args);
  let closed = null;

  return {
    engine: 'firefox',
    async goto(url) {
      await page.goto(url, { waitUntil: 'load', timeout: 30000 });
    },
    evaluate,
    waitFor: (fn, ...args) => poll(() => evaluate(fn, ...args), fn, timeout),
    async click(path) {
      const handle = await page.evaluateHandle(resolvePath, path);
      const element = handle.asElement();
      if (!element) throw new Error(`click: nothing at ${JSON.stringify(path)}`);
      try {
        await element.click();
      } finally {
        await handle.dispose().catch(() => {});
      }
    },
    async press(key) {
      const parts = key === ' ' || key === '+' ? [key] : key.split('+');
      const modifiers = parts.slice(0, -1);
      for (const modifier of modifiers) await page.keyboard.down(modifier);
      await page.keyboard.press(parts.at(-1));
      for (const modifier of modifiers.reverse()) await page.keyboard.up(modifier);
    },
    focused: () => evaluate(describeFocus),
    async screenshot(file) {
      await page.screenshot({ path: file });
    },
    errors: async () => [...errors],
    close() {
      // A browser that does not end in time is killed, with its profile left to the OS's temp cleaning.
      closed ??= within(15000, 'firefox close', browser.close()).catch(() => process_?.kill('SIGKILL'));
      return closed;
    },
  };
}
