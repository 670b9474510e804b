// End-to-end: versioned URLs and Subresource Integrity. The release build
// (dist/) is served from one origin with CORS, as from a CDN; partner pages
// from another. The pinned snippet (v/<version>/, with the hashes from
// dist/integrity.json) loads and renders; a loader, glue or wasm that
// differs by a byte from what the hashes name is refused, the fallback
// stays, the reservation goes (data-aw-off) and nothing is thrown; the major
// path v/<major>/ works; three loaders on one page follow the two-loaders
// rule (the first one runs).

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

import { newPage, partnerSites } from './browser.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = process.env.DIST_DIR ?? join(repo, 'dist');
const one = (pattern) => {
  const found = readdirSync(dist).filter((name) => pattern.test(name));
  assert.equal(found.length, 1, `one ${pattern} in ${dist}: ${found}`);
  return '/' + found[0];
};
const glue = one(/^article-widget-embed-[0-9a-f]{16}\.js$/);
const wasm = one(/^article-widget-embed-[0-9a-f]{16}_bg\.wasm$/);
const VERSION = readFileSync(join(repo, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];
const MAJOR = VERSION.split('.')[0];
const integrity = JSON.parse(readFileSync(join(dist, 'integrity.json'), 'utf8'));
const PINNED_JS = `v/${VERSION}/embed.js`;
const PINNED_CSS = `v/${VERSION}/embed.css`;

/** The file at `path` in dist/ with one byte changed (`at` from the end when negative). */
function tampered(path, at) {
  const body = readFileSync(join(dist, path));
  const index = at < 0 ? body.length + at : at;
  body[index] ^= 0x01;
  return body;
}

// Records what the page could not catch, and tells when warnings arrive.
const HOST_JS = `
window.__errors = [];
window.addEventListener('error', function (event) { __errors.push(String(event.message)); });
window.addEventListener('unhandledrejection', function (event) { __errors.push(String(event.reason)); });
`;

describe('versioned URLs and Subresource Integrity', () => {
  let widget; // the CDN: dist/ with CORS
  let host; // the partner site, another origin
  let browser;
  let close;

  const snippetCss = () =>
    `<link rel="stylesheet" href="${widget.url}/${PINNED_CSS}" integrity="${integrity.files[PINNED_CSS]}" crossorigin="anonymous">`;
  const pinned = (hash = integrity.files[PINNED_JS]) =>
    `<script async src="${widget.url}/${PINNED_JS}" integrity="${hash}" crossorigin="anonymous"></script>`;
  const widgets = () => `
    <article-widget id="w1" feed="${widget.url}/feed.json" limit="3" loading="eager"><a href="${widget.url}/">最新信息</a></article-widget>
    <div id="w2" data-article-widget data-feed="${widget.url}/feed.json" data-limit="2" data-loading="eager"><a href="${widget.url}/">Fallback</a></div>`;

  /** Serves a partner page at `path` with the README's CSP for a partner (and `policy` added). */
  function hostPage(path, { head = '', body, policy = '' }) {
    host.serve(
      path,
      'text/html; charset=utf-8',
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner</title>
       <script src="/host.js"></script>${head}</head><body><h1>Partner news site</h1>${body}</body></html>`,
      { 'content-security-policy': `script-src 'self' ${widget.url} 'wasm-unsafe-eval'; style-src 'self' ${widget.url}${policy}` },
    );
  }

  /** A page that keeps its console messages (`page.warnings`: ours; `page.consoleErrors`). */
  async function open(path) {
    const page = await newPage(browser);
    page.warnings = [];
    page.consoleErrors = [];
    page.on('console', (message) => {
      if (message.text().includes('[article-widget]')) page.warnings.push(message.text());
      else if (message.type() === 'error') page.consoleErrors.push(message.text());
    });
    await page.goto(host.url + path);
    return page;
  }

  /** Resolves once the browser logged an error about `path`'s integrity (perhaps already). */
  async function integrityError(page, path) {
    const about = (text) => /integrity/i.test(text) && text.includes(path);
    if (!page.consoleErrors.some(about)) {
      await page.waitForEvent('console', { predicate: (message) => message.type() === 'error' && about(message.text()) });
    }
  }

  async function rendered(page) {
    await page.locator('#w1 .aw-card__link').first().waitFor();
    await page.locator('#w2 .aw-card__link').first().waitFor();
  }

  /** Both widgets gave up: the fallback stays, no shadow root, the reservation gone. */
  async function refused(page) {
    await page.locator('#w1[data-aw-off]').waitFor({ state: 'attached' });
    await page.locator('#w2[data-aw-off]').waitFor({ state: 'attached' });
    for (const id of ['w1', 'w2']) {
      assert.ok(await page.locator(`#${id} > a`).isVisible(), `${id}: the fallback stays`);
      assert.equal(await page.evaluate((id) => document.getElementById(id).shadowRoot, id), null, `${id}: no widget`);
    }
  }

  async function done(page) {
    await page.evaluate(() => new Promise((resolve) => setTimeout(resolve, 0)));
    assert.deepEqual(page.uncaughtErrors, [], 'no uncaught errors in the page');
    assert.deepEqual(await page.evaluate(() => window.__errors), [], 'nothing reached window.onerror');
    await page.context().close();
  }

  before(async () => {
    ({ widget, host, browser, close } = await partnerSites(dist, HOST_JS));
  });

  after(async () => {
    await close?.();
  });

  test('integrity.json names the immutable files with their sha384, and the three loaders are in dist/', () => {
    assert.equal(integrity.version, VERSION);
    assert.equal(integrity.major, MAJOR);
    assert.deepEqual(Object.keys(integrity.files).sort(), [PINNED_CSS, PINNED_JS].sort());
    for (const [path, hash] of Object.entries(integrity.files)) {
      assert.match(hash, /^sha384-[A-Za-z0-9+/]{64}$/, path);
    }
    for (const folder of ['', `v/${VERSION}/`, `v/${MAJOR}/`]) {
      const loader = readFileSync(join(dist, folder, 'embed.js'), 'utf8');
      assert.ok(loader.includes(glue.slice(1)) && loader.includes(wasm.slice(1)), `${folder}embed.js names the hashed files`);
      assert.match(loader, /sha384-[A-Za-z0-9+/]{64}[\s\S]*sha384-[A-Za-z0-9+/]{64}/, `${folder}embed.js carries two hashes`);
      assert.deepEqual(readFileSync(join(dist, folder, 'embed.css')), readFileSync(join(dist, 'embed.css')), `${folder}embed.css`);
    }
  });

  test('the pinned snippet loads and renders, with the glue and wasm from the root and no global but ArticleWidget', async () => {
    hostPage('/plain.html', { body: widgets() });
    hostPage('/pinned.html', { head: snippetCss(), body: widgets() + pinned() });
    const before = { glue: widget.count(glue), wasm: widget.count(wasm) };
    const plain = await open('/plain.html');
    const globals = await plain.evaluate(() => Object.getOwnPropertyNames(window));
    await plain.context().close();

    const page = await open('/pinned.html');
    await rendered(page);
    assert.equal(await page.evaluate(() => window.ArticleWidget.version), VERSION);
    assert.equal(widget.count(glue) - before.glue, 1, 'the glue, once');
    assert.equal(widget.count(wasm) - before.wasm, 1, 'the wasm, once');
    assert.equal(widget.count(`/v/${VERSION}${glue}`), 0, 'nothing looked for next to the loader');
    const added = await page.evaluate((globals) => Object.getOwnPropertyNames(window).filter((name) => !globals.includes(name)), globals);
    assert.deepEqual(added, ['ArticleWidget'], 'no global but ArticleWidget');
    assert.equal(await page.evaluate(() => document.querySelectorAll('script[src*="article-widget-embed-"]').length), 0, 'the glue’s <script> is gone');
    assert.equal(
      await page.evaluate(() => [...document.styleSheets].some((sheet) => sheet.href?.endsWith('/embed.css') && sheet.cssRules.length > 0)),
      true,
      'the pinned embed.css applies',
    );
    assert.deepEqual(page.warnings, []);
    assert.deepEqual(page.consoleErrors, []);
    await done(page);
  });

  test('a tampered loader is refused: nothing of the widget runs or loads, the fallback stays', async () => {
    // A byte changed on the CDN, and (the other way round) a snippet whose hash is wrong.
    widget.serve(`/${PINNED_JS}`, 'text/javascript; charset=utf-8', tampered(PINNED_JS, -1));
    try {
      hostPage('/tampered-loader.html', { head: snippetCss(), body: widgets() + pinned() });
      const before = { glue: widget.count(glue), wasm: widget.count(wasm) };
      const page = await open('/tampered-loader.html');
      await integrityError(page, PINNED_JS);
      assert.equal(await page.evaluate(() => typeof window.ArticleWidget), 'undefined', 'the loader did not run');
      assert.equal(await page.evaluate(() => customElements.get('article-widget')), undefined);
      assert.ok(await page.locator('#w1 > a').isVisible(), 'the fallback stays');
      assert.deepEqual([widget.count(glue) - before.glue, widget.count(wasm) - before.wasm], [0, 0], 'neither glue nor wasm asked for');
      await done(page);
    } finally {
      widget.heal(`/${PINNED_JS}`);
    }

    const wrong = `sha384-${Buffer.alloc(48, 7).toString('base64')}`;
    hostPage('/wrong-hash.html', { head: snippetCss(), body: widgets() + pinned(wrong) });
    const page = await open('/wrong-hash.html');
    await integrityError(page, PINNED_JS);
    assert.equal(await page.evaluate(() => typeof window.ArticleWidget), 'undefined', 'the loader did not run');
    assert.ok(await page.locator('#w2 > a').isVisible(), 'the fallback stays');
    await done(page);
  });

  // The glue, changed so that it would mark the page if it ran.
  const marking = () => Buffer.concat([readFileSync(join(dist, glue)), Buffer.from('\ndocument.documentElement.dataset.tampered = "ran";\n')]);

  for (const [what, path, body] of [
    ['glue', glue, marking],
    ['glue (one byte)', glue, () => tampered(glue.slice(1), 0)],
    ['wasm', wasm, () => tampered(wasm.slice(1), -1)],
  ]) {
    for (const loader of ['pinned', 'embed.js']) {
      test(`a tampered ${what} is refused by ${loader === 'pinned' ? 'the pinned loader' : 'embed.js'}: the fallback stays, one warning`, async () => {
        widget.serve(path, path.endsWith('.wasm') ? 'application/wasm' : 'text/javascript; charset=utf-8', body());
        try {
          const script = loader === 'pinned' ? pinned() : `<script async src="${widget.url}/embed.js"></script>`;
          hostPage('/tampered.html', { head: snippetCss(), body: widgets() + script });
          const page = await open('/tampered.html');
          await refused(page);
          await page.evaluate(() => 0);
          assert.equal(page.warnings.length, 1, `one warning: ${page.warnings}`);
          assert.ok(page.warnings[0].includes(path), `the warning names ${path}: ${page.warnings[0]}`);
          await integrityError(page, path); // the browser says why
          assert.equal(await page.evaluate(() => document.documentElement.dataset.tampered), undefined, 'the tampered glue never ran');
          assert.equal(await page.evaluate(() => window.ArticleWidget.version), VERSION, 'the loader itself runs');
          await done(page);
        } finally {
          widget.heal(path);
        }
      });
    }
  }

  test('a page that enforces Trusted Types: the loader’s policy, when the page’s list names it, loads the glue', async () => {
    const enforce = "; require-trusted-types-for 'script'";
    hostPage('/trusted-types.html', { head: snippetCss(), body: widgets() + pinned(), policy: `${enforce}; trusted-types article-widget` });
    let page = await open('/trusted-types.html');
    await rendered(page);
    assert.deepEqual(page.warnings, []);
    await done(page);

    // A list without it: the glue cannot be loaded, so the widgets give up as on any failed load.
    hostPage('/trusted-types-other.html', { head: snippetCss(), body: widgets() + pinned(), policy: `${enforce}; trusted-types partner-own` });
    page = await open('/trusted-types-other.html');
    await refused(page);
    await page.evaluate(() => 0);
    assert.equal(page.warnings.length, 1, `one warning: ${page.warnings}`);
    await done(page);
  });

  test(`the major path v/${MAJOR}/ loads and renders, with the hashed files from the root`, async () => {
    hostPage('/major.html', {
      head: `<link rel="stylesheet" href="${widget.url}/v/${MAJOR}/embed.css">`,
      body: widgets() + `<script async src="${widget.url}/v/${MAJOR}/embed.js"></script>`,
    });
    const before = widget.count(glue);
    const page = await open('/major.html');
    await rendered(page);
    assert.equal(widget.count(glue) - before, 1);
    assert.equal(await page.evaluate(() => window.ArticleWidget.version), VERSION);
    assert.deepEqual(page.warnings, []);
    await done(page);
  });

  test('the three loaders on one page: the first one runs, the module loads once', async () => {
    const three = (first) =>
      `${first}<script src="${widget.url}/embed.js"></script>${pinned().replace(' async', '')}`;
    hostPage('/three.html', { head: snippetCss(), body: widgets() + three(`<script src="${widget.url}/v/${MAJOR}/embed.js"></script>`) });
    let before = widget.count(glue);
    let page = await open('/three.html');
    await rendered(page);
    assert.equal(widget.count(glue) - before, 1, 'the module loads once');
    assert.deepEqual(page.warnings, [], 'copies of one version stay silent');
    await done(page);

    // The major path already serves a newer minor: it came first, so it runs,
    // and the two after it say so.
    const NEXT = `${MAJOR}.99.0`;
    const major = readFileSync(join(dist, 'v', MAJOR, 'embed.js'), 'utf8');
    const quoted = [`"${VERSION}"`, `'${VERSION}'`].find((q) => major.includes(q));
    assert.ok(quoted && major.split(quoted).length === 2, 'the loader holds its version once');
    widget.serve(`/v/${MAJOR}/next.js`, 'text/javascript', major.replace(quoted, `"${NEXT}"`));
    hostPage('/three-next.html', { head: snippetCss(), body: widgets() + three(`<script src="${widget.url}/v/${MAJOR}/next.js"></script>`) });
    before = widget.count(glue);
    page = await open('/three-next.html');
    await rendered(page);
    await page.evaluate(() => 0);
    assert.equal(await page.evaluate(() => window.ArticleWidget.version), NEXT);
    assert.deepEqual(page.warnings, [
      `[article-widget] embed.js ${VERSION} not started: ${NEXT} already runs here`,
      `[article-widget] embed.js ${VERSION} not started: ${NEXT} already runs here`,
    ]);
    assert.equal(widget.count(glue) - before, 1, 'the module loads once');
    await done(page);
  });
});
