// End-to-end: the public contract (tests/contract.json) against the release
// build in Chromium. The widget (dist/) is served with CORS from one origin,
// the partner page from another. Every check is driven by the contract file,
// so an entry added there is checked here without a change to this file;
// tests/native/contract.rs checks the same file against the sources.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

import { startServer } from './server.mjs';
import { newPage, partnerSites } from './browser.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dist = process.env.DIST_DIR ?? join(repo, 'dist');
const contract = JSON.parse(readFileSync(join(repo, 'tests', 'contract.json'), 'utf8'));
const VERSION = readFileSync(join(repo, 'Cargo.toml'), 'utf8').match(/^version = "([^"]+)"/m)[1];
const MAJOR = VERSION.split('.')[0];

/** A contract path with `{version}` and `{major}` filled in. */
const fill = (path) => path.replaceAll('{version}', VERSION).replaceAll('{major}', MAJOR);

const sorted = (items) => [...items].sort();

/**
 * One value per attribute from the contract: a non-default where the
 * contract lists values (the second), a range's low end plus four.
 * `loading` is always eager, so both forms render without scrolling.
 */
function sampleAttributes(feed) {
  const values = {};
  for (const [name, spec] of Object.entries(contract.attributes)) {
    if (spec.kind === 'url') values[name] = feed;
    else if (spec.kind === 'integer') values[name] = String(Math.min(spec.range[0] + 4, spec.range[1]));
    else if (spec.kind === 'text') values[name] = 'Contract';
    else if (spec.kind === 'color') values[name] = '#0b7a4b';
    else if (spec.kind === 'list') values[name] = spec.values.filter((v) => v !== 'none').slice(0, 2).join(',');
    else values[name] = spec.values[1] ?? spec.values[0];
  }
  values.loading = 'eager';
  // One article would replace the list this sample checks; its data- form
  // is tested in tests/e2e/article.test.mjs.
  delete values.article;
  // Tags that the feed's first cards carry, so that `limit` of them are shown.
  const items = JSON.parse(readFileSync(join(dist, 'feed.json'), 'utf8')).items;
  values.tags = [...new Set(items.slice(0, Number(values.limit)).map((item) => item.tags[0]))].join(',');
  return values;
}

const attributesOf = (values, prefix = '') =>
  Object.entries(values)
    .map(([name, value]) => `${prefix}${name}="${value}"`)
    .join(' ');

// Records every articlewidget:* event the contract lists, as it reaches the document.
const HOST_JS = `
window.__events = [];
${JSON.stringify(Object.keys(contract.events))}.forEach(function (type) {
  document.addEventListener(type, function (event) {
    __events.push({ type: type, target: event.target.id, bubbles: event.bubbles, composed: event.composed,
      keys: Object.keys(event.detail).sort(), detail: event.detail });
  });
});
`;

describe('the public contract in Chromium', () => {
  let widget; // the CDN: dist/ with CORS
  let host; // the partner site
  let browser;
  let close;

  before(async () => {
    ({ widget, host, browser, close } = await partnerSites(dist, HOST_JS));
  });

  after(async () => {
    await close?.();
  });

  const { tag, data_marker: marker, data_prefix: prefix } = contract.element;
  const fallback = () => `<a href="${widget.url}/">最新信息</a>`;

  async function partnerPage(path, body) {
    host.serve(
      path,
      'text/html; charset=utf-8',
      `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Partner</title>
       <link rel="stylesheet" href="${widget.url}/embed.css"><script src="/host.js"></script></head>
       <body>${body}<script async src="${widget.url}/embed.js"></script></body></html>`,
    );
    const page = await newPage(browser);
    await page.goto(host.url + path);
    await page.waitForFunction((name) => window[name], contract.js_api.global);
    return page;
  }

  async function done(page) {
    assert.deepEqual(page.uncaughtErrors, [], 'no uncaught errors in the page');
    await page.context().close();
  }

  test('the public files are in dist/ and served', async () => {
    for (const { path } of contract.files) {
      const file = fill(path);
      assert.ok(existsSync(join(dist, file)), `dist/${file} exists`);
      const response = await fetch(`${widget.url}/${file}`);
      assert.equal(response.status, 200, `${file} is served`);
      assert.ok((await response.arrayBuffer()).byteLength > 0, `${file} is not empty`);
    }
  });

  test(`window.${contract.js_api.global} has the listed members, and no others`, async () => {
    const page = await partnerPage('/api.html', '<p>no widgets</p>');
    const api = await page.evaluate((name) => {
      const object = window[name];
      return { keys: Object.keys(object), types: Object.fromEntries(Object.keys(object).map((k) => [k, typeof object[k]])), version: object.version };
    }, contract.js_api.global);
    assert.deepEqual(sorted(api.keys), sorted(contract.js_api.members));
    assert.equal(api.types.mount, 'function');
    assert.equal(api.version, VERSION, 'ArticleWidget.version is Cargo.toml\'s');
    await done(page);
  });

  test('a mounted handle has the listed methods, and they work', async () => {
    const page = await partnerPage('/handle.html', `<div id="manual">${fallback()}</div>`);
    const feed = `${widget.url}/feed.json`;
    const names = await page.evaluate(async ({ global, feed }) => {
      window.__handle = await window[global].mount(document.getElementById('manual'), { feed, loading: 'eager', limit: 3 });
      const names = new Set(Object.keys(window.__handle));
      for (let proto = Object.getPrototypeOf(window.__handle); proto && proto !== Object.prototype; proto = Object.getPrototypeOf(proto)) {
        for (const name of Object.getOwnPropertyNames(proto)) if (name !== 'constructor') names.add(name);
      }
      return [...names];
    }, { global: contract.js_api.global, feed });
    const { methods, not_promised: notPromised } = contract.js_api.handle;
    for (const method of methods) {
      assert.equal(await page.evaluate((m) => typeof window.__handle[m], method), 'function', `handle.${method}() exists`);
    }
    // wasm-bindgen's own fields (`__wbg_ptr`, `__destroy_into_raw`) are not API.
    const unlisted = names.filter((name) => !name.startsWith('__') && !methods.includes(name) && !(name in notPromised));
    assert.deepEqual(unlisted, [], 'the handle has members tests/contract.json neither lists nor excludes');

    const cards = () => page.evaluate(() => document.getElementById('manual').shadowRoot.querySelectorAll('.aw-card').length);
    const readies = () => page.evaluate(() => window.__events.filter((e) => e.target === 'manual' && e.type === 'articlewidget:ready').length);
    await page.waitForFunction(() => window.__events.some((e) => e.target === 'manual' && e.type === 'articlewidget:ready'));
    assert.equal(await cards(), 3);
    await page.evaluate((feed) => window.__handle.update({ feed, loading: 'eager', limit: 2 }), feed);
    await page.waitForFunction(() => document.getElementById('manual').shadowRoot.querySelectorAll('.aw-card').length === 2);
    const before = await readies();
    await page.evaluate(() => window.__handle.refresh());
    await page.waitForFunction(
      (n) => window.__events.filter((e) => e.target === 'manual' && e.type === 'articlewidget:ready').length > n,
      before,
    );
    await page.evaluate(() => window.__handle.destroy());
    assert.equal(await page.evaluate(() => document.getElementById('manual').shadowRoot.innerHTML), '<slot></slot>');
    await done(page);
  });

  test('the listed events fire, bubbling and composed, with the listed detail fields', async () => {
    const feed = `${widget.url}/feed.json`;
    const page = await partnerPage(
      '/events.html',
      `<${tag} id="ok" feed="${feed}" limit="2" loading="eager">${fallback()}</${tag}>
       <${tag} id="missing" feed="${widget.url}/missing/feed.json" loading="eager">${fallback()}</${tag}>
       <${tag} id="nofeed" loading="eager">${fallback()}</${tag}>`,
    );
    // What fires each event: a feed read, a card opened, a feed missing, no feed at all.
    await page.locator('#ok .aw-card__link').first().click();
    await page.locator('#ok .aw-article__title').waitFor();
    await page.locator('#missing .aw-error').waitFor();
    await page.locator('#nofeed .aw-error').waitFor();
    const events = await page.evaluate(() => window.__events);
    for (const name of Object.keys(contract.events)) {
      assert.ok(events.some((e) => e.type === name), `${name} fired`);
    }
    for (const event of events) {
      assert.ok(event.bubbles && event.composed, `${event.type} bubbles and is composed`);
      assert.deepEqual(event.keys, sorted(contract.events[event.type]), `${event.type}'s detail fields`);
    }
    const kinds = events.filter((e) => e.type === 'articlewidget:error').map((e) => [e.target, e.detail.kind]);
    for (const [, kind] of kinds) assert.ok(contract.error_kinds.includes(kind), `error kind ${kind} is listed`);
    assert.deepEqual(Object.fromEntries(kinds), { missing: 'http', nofeed: 'config' });
    await done(page);
  });

  test('every attribute works in its data- form: the same widget as the element', async () => {
    const values = sampleAttributes(`${widget.url}/feed.json`);
    const page = await partnerPage(
      '/data.html',
      `<${tag} id="element" ${attributesOf(values)}>${fallback()}</${tag}>
       <div id="div" ${marker} ${attributesOf(values, prefix)}>${fallback()}</div>`,
    );
    await page.waitForFunction(() => ['element', 'div'].every((id) => window.__events.some((e) => e.target === id)));
    const outcome = await page.evaluate(() => Object.fromEntries(window.__events.map((e) => [e.target, e.type])));
    assert.deepEqual(outcome, { element: 'articlewidget:ready', div: 'articlewidget:ready' }, 'both forms read the feed');
    const shadow = (id) => page.evaluate((id) => document.getElementById(id).shadowRoot.innerHTML, id);
    const [element, div] = [await shadow('element'), await shadow('div')];
    assert.equal(div, element, 'the data- form renders exactly what the attributes render');
    // The sample is not the defaults: it shows in what rendered.
    const root = page.locator('#div .aw-widget');
    assert.equal(await root.getAttribute('data-layout'), values.layout);
    assert.equal(await root.getAttribute('data-theme'), values.theme);
    assert.equal(await root.getAttribute('lang'), values.lang);
    assert.equal(await page.locator('#div .aw-card').count(), Number(values.limit));
    assert.equal(await page.locator('#div .aw-list__heading').textContent(), values.heading);
    // A data- attribute changed later re-renders, as the attribute does.
    await page.evaluate((name) => document.getElementById('div').setAttribute(name, '1'), `${prefix}limit`);
    await page.waitForFunction(() => document.getElementById('div').shadowRoot.querySelectorAll('.aw-card').length === 1);
    await done(page);
  });

  test('the widget carries exactly the listed ::part names (list, article, error)', async () => {
    const feed = `${widget.url}/feed.json`;
    const page = await partnerPage(
      '/parts.html',
      `<${tag} id="list" feed="${feed}" limit="2" show="image,summary,date,source,tags" loading="eager">${fallback()}</${tag}>
       <${tag} id="broken" feed="${widget.url}/missing/feed.json" loading="eager">${fallback()}</${tag}>`,
    );
    const parts = () => page.evaluate(() => [...document.querySelectorAll('#list, #broken')].flatMap((host) =>
      [...host.shadowRoot.querySelectorAll('[part]')].flatMap((element) => [...element.part])));
    await page.locator('#list .aw-card__link').first().waitFor();
    await page.locator('#broken .aw-error').waitFor();
    const seen = new Set(await parts());
    await page.locator('#list .aw-card__link').first().click();
    await page.locator('#list .aw-article__title').waitFor();
    for (const part of await parts()) seen.add(part);
    // `banner` shows only once a re-check (`refresh`) finds new articles:
    // tests/e2e/refresh.test.mjs finds it there.
    assert.deepEqual(sorted(seen), sorted(contract.css.parts.filter((part) => part !== 'banner')));
    await done(page);
  });

  // The npm package joins the contract as an "npm" section:
  //   "npm": { "name": "article-widget", "tarball": "target/npm/article-widget-{version}.tgz",
  //            "exports": { ".": ["define", "mount", "version"], "./react": ["ArticleWidget"] } }
  // Each entry's runtime exports are compared with the list (in Chromium, for entries without
  // bare imports) and each name must be declared in the entry's .d.ts.
  test('the npm package exports what the contract lists', { skip: !contract.npm && 'no npm section in tests/contract.json yet' }, async () => {
    const tarball = join(repo, fill(contract.npm.tarball ?? 'target/npm/article-widget-{version}.tgz'));
    assert.ok(existsSync(tarball), `${tarball} exists (node scripts/pack.mjs)`);
    const unpacked = mkdtempSync(join(tmpdir(), 'aw-contract-'));
    try {
      execFileSync('tar', ['-xzf', tarball, '-C', unpacked]);
      const root = join(unpacked, 'package');
      const manifest = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
      assert.equal(manifest.name, contract.npm.name);
      assert.equal(manifest.version, VERSION);
      const pkg = await startServer(root, { cors: true });
      try {
        for (const [entry, names] of Object.entries(contract.npm.exports)) {
          const target = manifest.exports?.[entry];
          assert.ok(target, `package.json exports ${entry}`);
          if (!names.length) continue; // a file (CSS, package.json)
          const file = typeof target === 'string' ? target : target.import ?? target.default;
          const types = typeof target === 'string' ? file.replace(/\.m?js$/, '.d.ts') : target.types;
          const declared = declarations(root, types);
          for (const name of names) {
            assert.match(declared, new RegExp(`export\\s+(declare\\s+)?(function|const|class|let|var)\\s+${name}\\b|export\\s*\\{[^}]*\\b${name}\\b`), `${types} declares ${name}`);
          }
          const source = readFileSync(join(root, file), 'utf8');
          if (/^\s*import\s[^'"]*['"][^./]/m.test(source)) continue; // needs a bundler for its bare imports
          const page = await newPage(browser);
          await page.goto(`${pkg.url}/package.json`);
          const exported = await page.evaluate(async (url) => Object.keys(await import(url)), `${pkg.url}/${file.replace(/^\.\//, '')}`);
          assert.deepEqual(sorted(exported), sorted(names), `${entry}'s exports`);
          await page.context().close();
        }
      } finally {
        await pkg.close();
      }
    } finally {
      rmSync(unpacked, { recursive: true, force: true });
    }
  });
});

/** A .d.ts file's text with that of every file it re-exports whole (`export * from './x.js'`). */
function declarations(root, types, seen = new Set()) {
  if (seen.has(types)) return '';
  seen.add(types);
  const text = readFileSync(join(root, types), 'utf8');
  const reexported = [...text.matchAll(/^export\s*\*\s*from\s*['"](\.[^'"]+)['"]/gm)].map(([, from]) =>
    declarations(root, join(dirname(types), from.replace(/\.m?js$/, '.d.ts')), seen),
  );
  return [text, ...reexported].join('\n');
}

// The loader's own files the contract does not list (hashed glue and wasm) are not public;
// this only makes sure the build has them, so a failure above is not a half-built dist/.
test('dist/ is a release build with the embed', () => {
  assert.ok(readdirSync(dist).some((name) => /^article-widget-embed-[0-9a-f]+_bg\.wasm$/.test(name)), 'run scripts/build-release.sh first');
});
