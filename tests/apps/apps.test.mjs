// End-to-end: the npm package in a React 19 app and a Vue 3 app, as partners
// would use it. tests/apps/build.sh packed the release build, installed the
// tarball into each app, type-checked and bundled it with Vite; here each
// built app is served on 127.0.0.1, the sample feed from the release dist/ on
// another origin (with CORS, as a publisher's feed would be), and Chromium
// drives the page. Also: a wrong `layout` must fail each app's type check, and
// what Vite added to each app for the package is measured and printed.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { brotliCompressSync, constants } from 'node:zlib';

import { launchChromium, newPage } from '../e2e/browser.mjs';
import { startServer } from '../e2e/server.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const repo = join(here, '..', '..');
const dist = process.env.DIST_DIR ?? join(repo, 'dist');
const feedJson = readFileSync(join(dist, 'feed.json'), 'utf8');
const FIRST_ID = JSON.parse(feedJson).items[0].id;
const PACKAGE = '/node_modules/article-widget/';

const APPS = [
  { name: 'react', check: ['node_modules/.bin/tsc', '--noEmit', '-p', 'tsconfig.wrong.json'], wrong: 'typecheck/wrong-layout.tsx' },
  { name: 'vue', check: ['node_modules/.bin/vue-tsc', '--noEmit', '-p', 'tsconfig.wrong.json'], wrong: 'typecheck/WrongLayout.vue' },
];

// The wrong-layout type checks take seconds each: they run beside the browser tests.
const wrongChecks = new Map(
  APPS.map((app) => {
    const root = join(here, app.name);
    const run = promisify(execFile)(join(root, app.check[0]), app.check.slice(1), { cwd: root }).then(
      () => ({ code: 0, stdout: '' }),
      (error) => ({ code: error.code, stdout: error.stdout }),
    );
    return [app.name, run];
  }),
);

let browser;
before(async () => {
  browser = await launchChromium();
});
after(async () => {
  await browser?.close();
});

for (const app of APPS) {
  describe(`the ${app.name} app`, () => {
    const root = join(here, app.name);
    let site; // the built app
    let feeds; // the publisher: the release dist/ with CORS

    before(async () => {
      site = await startServer(join(root, 'dist'));
      feeds = await startServer(dist, { cors: true });
    });
    after(async () => {
      await site?.close();
      await feeds?.close();
    });

    const open = async (feedPath) => {
      const page = await newPage(browser);
      await page.goto(`${site.url}/?feed=${encodeURIComponent(feeds.url + feedPath)}`);
      return page;
    };
    const received = (page) => page.locator('#received li').allTextContents();
    const cards = (page) => page.locator('#widget .aw-card');

    test('the widget renders its cards, and its events reach the handlers', async () => {
      const page = await open('/feed.json');
      await page.locator('#received li', { hasText: /^ready 5$/ }).waitFor();
      assert.equal(await cards(page).count(), 5);
      await page.locator('#widget .aw-card__link').first().click();
      await page.locator('#received li', { hasText: /^open / }).waitFor();
      assert.deepEqual(await received(page), ['ready 5', `open ${FIRST_ID}`]);
      mkdirSync(join(repo, 'target', 'screenshots'), { recursive: true });
      await page.screenshot({ path: join(repo, 'target', 'screenshots', `apps-${app.name}.png`), fullPage: true });
      assert.deepEqual(page.uncaughtErrors, []);
      await page.context().close();
    });

    test('a prop change updates the widget', async () => {
      const page = await open('/feed.json');
      await page.locator('#received li', { hasText: /^ready 5$/ }).waitFor();
      await page.locator('#widget [data-layout="list"]').first().waitFor();
      await page.click('#limit');
      await page.waitForFunction(() => document.querySelector('#widget').shadowRoot.querySelectorAll('.aw-card').length === 3);
      await page.click('#layout');
      await page.locator('#widget [data-layout="grid"]').first().waitFor();
      assert.equal(await cards(page).count(), 3);
      assert.deepEqual(page.uncaughtErrors, []);
      await page.context().close();
    });

    test('an error reaches the error handler', async () => {
      const page = await open('/missing/feed.json');
      await page.locator('#received li', { hasText: /^error / }).waitFor();
      assert.deepEqual(await received(page), ['error http']);
      await page.context().close();
    });

    test('unmounting the component destroys the widget: its request aborted, none after', async () => {
      const held = '/held/feed.json';
      feeds.serve(held, 'application/feed+json', feedJson);
      feeds.hold(held);
      try {
        const requested = feeds.until(() => feeds.count(held) === 1);
        const page = await open(held);
        await requested;
        await page.evaluate(() => (window.__widget = document.querySelector('#widget')));
        await page.click('#unmount');
        await feeds.untilAborted(held);
        assert.equal(await page.locator('#widget').count(), 0, 'the element is gone');
        // Torn down, as destroy() leaves an element: its shadow root shows the fallback again.
        await page.waitForFunction(() => window.__widget.shadowRoot?.innerHTML === '<slot></slot>');
        feeds.release(held);
        // The app still runs (its buttons re-render it) and mounts nothing again.
        await page.click('#limit');
        await page.click('#layout');
        await page.locator('#layout', { hasText: 'grid' }).waitFor();
        assert.equal(feeds.count(held), 1, 'no request after the unmount');
        assert.deepEqual(await received(page), []);
        assert.deepEqual(page.uncaughtErrors, []);
        await page.context().close();
      } finally {
        feeds.release(held);
        feeds.heal(held);
      }
    });

    test('a wrong layout fails the type check', async () => {
      const result = await wrongChecks.get(app.name);
      assert.notEqual(result.code, 0, 'the type check passed');
      const errors = result.stdout.split('\n').filter((line) => /error TS\d+/.test(line));
      assert.equal(errors.length, 1, result.stdout);
      const line = readFileSync(join(root, app.wrong), 'utf8').split('\n').findIndex((text) => text.includes('layout="wrong"')) + 1;
      assert.match(errors[0], new RegExp(`^${app.wrong.replace('.', '\\.')}\\(${line},\\d+\\): error TS2322: Type '"wrong"'`));
    });
  });
}

test('what Vite adds to each app for the package (brotli)', (t) => {
  const report = {};
  for (const { name } of APPS) report[name] = measure(join(here, name, 'dist'));
  mkdirSync(join(repo, 'target'), { recursive: true });
  writeFileSync(join(repo, 'target', 'apps-size.json'), JSON.stringify(report, null, 2) + '\n');
  for (const [name, sizes] of Object.entries(report)) {
    const line = `${name}: the package adds ${kb(sizes.packageBrotli)} KB brotli (its JS ${kb(sizes.js.packageBrotli)} in ` +
      `${sizes.js.chunks.map((c) => `${c.file} ${kb(c.packageBrotli)}/${kb(c.brotli)}`).join(', ')}; wasm ${kb(sizes.wasm.brotli)}; ` +
      `css ${kb(sizes.css.brotli)}); the whole app ${kb(sizes.totalBrotli)} KB`;
    t.diagnostic(line);
    assert.ok(sizes.wasm.brotli > 0, `${name}: no wasm asset`);
    assert.ok(sizes.js.packageRaw > 0, `${name}: no JS from the package`);
  }
});

// As scripts/size.mjs measures: KB of 1024 bytes, brotli at quality 11.
const kb = (bytes) => (bytes / 1024).toFixed(1);
const brotli = (data) =>
  brotliCompressSync(data, { params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: data.length } }).length;

/**
 * The app's assets, and the share of its JS that comes from the package: the
 * bytes each chunk's source map attributes to a file of the package, cut out
 * and compressed together (an estimate of their brotli size inside the chunk).
 */
function measure(appDist) {
  const assets = join(appDist, 'assets');
  const files = readdirSync(assets);
  const js = { chunks: [], packageRaw: 0, packageBrotli: 0 };
  let totalBrotli = brotli(readFileSync(join(appDist, 'index.html')));
  const css = { raw: 0, brotli: 0 };
  const wasm = { files: [], raw: 0, brotli: 0 };
  for (const file of files.sort()) {
    if (file.endsWith('.map')) continue;
    const body = readFileSync(join(assets, file));
    const size = brotli(body);
    totalBrotli += size;
    if (file.endsWith('.wasm')) {
      wasm.files.push(file);
      wasm.raw += body.length;
      wasm.brotli += size;
    } else if (file.endsWith('.css')) {
      css.raw += body.length;
      css.brotli += size;
    } else if (file.endsWith('.js')) {
      const ours = packageCode(body.toString('utf8'), JSON.parse(readFileSync(join(assets, `${file}.map`), 'utf8')));
      const chunk = { file, raw: body.length, brotli: size, packageRaw: Buffer.byteLength(ours), packageBrotli: ours ? brotli(ours) : 0 };
      js.chunks.push(chunk);
      js.packageRaw += chunk.packageRaw;
      js.packageBrotli += chunk.packageBrotli;
    }
  }
  return { js, wasm, css, packageBrotli: js.packageBrotli + wasm.brotli + css.brotli, totalBrotli };
}

/** The generated code that `map` attributes to a file of the package. */
function packageCode(code, map) {
  const ours = map.sources.map((source) => `/${source}`.replace(/\\/g, '/').includes(PACKAGE));
  const lines = code.split('\n');
  let source = 0;
  let out = '';
  map.mappings.split(';').forEach((mapped, index) => {
    const text = lines[index] ?? '';
    let column = 0;
    const segments = mapped ? mapped.split(',').map(decodeVlq) : [];
    segments.forEach((segment, i) => {
      column += segment[0];
      if (segment.length >= 4) source += segment[1];
      // Only the source index matters here; the other fields are relative too but unused.
      const end = i + 1 < segments.length ? column + segments[i + 1][0] : text.length;
      if (segment.length >= 4 && ours[source]) out += text.slice(column, end);
    });
  });
  return out;
}

const VLQ = Object.fromEntries([...'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'].map((c, i) => [c, i]));
function decodeVlq(segment) {
  const values = [];
  let value = 0;
  let shift = 0;
  for (const c of segment) {
    const digit = VLQ[c];
    value += (digit & 31) << shift;
    if (digit & 32) {
      shift += 5;
    } else {
      values.push(value & 1 ? -(value >>> 1) : value >>> 1);
      value = 0;
      shift = 0;
    }
  }
  return values;
}
