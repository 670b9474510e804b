// End-to-end: the deploy recipe (deploy/nginx/article-widget.conf) in Debian's
// nginx on 127.0.0.1, over a small site with dist/'s layout that the test
// writes itself, so it checks the server and not any one build: types,
// compression, caching, CORS, deep links, 404s, dot-paths, the
// Content-Security-Policy of each kind of file, and (in Chromium) a hostile
// SVG. csp.test.mjs runs the real build under that policy.

import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { request } from 'node:http';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';

import { launchChromium, newPage } from './browser.mjs';
import { POLICIES, brotliInstalled, startNginx } from './nginx.mjs';

const SEED_ID = 'shanghai-five-centres-2024-01-24';
const UTF8_ID = '上海';
const PARTNER = 'https://partner.example';

// Trunk's hashes are a u64 in hex without leading zeros: usually 16 digits,
// sometimes 15, as in the build this suite was written against.
const APP = 'article-widget-0123456789abcdef';
const EMBED = 'article-widget-embed-1b2b259b2fc1539';
// The app's start, moved out of index.html by scripts/start-file.mjs.
const START = 'start-5d0c4e6f1a2b3c4d';
const HASHED = [`${APP}.js`, `${APP}_bg.wasm`, `${EMBED}.js`, `${EMBED}_bg.wasm`, `${START}.js`, 'widget-e2f856516590739b.css', 'app-3f201a0925626b86.css'];
// The versioned loaders (scripts/embed-loader.mjs): a release's own folder
// never changes (partners pin it with integrity); the major's follows the
// latest release, as embed.js follows every release.
const PINNED = ['v/0.1.0/embed.js', 'v/0.1.0/embed.css', 'v/12.3.4-rc.1/embed.js'];
const MAJOR = ['v/0/embed.js', 'v/0/embed.css', 'integrity.json'];

// Bodies well over gzip_min_length, so every compressible type is compressed.
const filler = (line) => Array.from({ length: 40 }, (_, i) => `${line} ${i}`).join('\n');
const page = (marker, title) =>
  `<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>${title}</title>` +
  `<link rel="stylesheet" href="/app-3f201a0925626b86.css"></head>` +
  `<body data-page="${marker}"><h1>${title}</h1>\n${filler('<p>正文段落。</p>')}\n` +
  `<script type="module" src="/${START}.js"></script></body></html>\n`;
const feedPage = (n, next) =>
  JSON.stringify({
    version: 'https://jsonfeed.org/version/1.1',
    title: '浦江新闻网',
    ...(next && { next_url: next }),
    _article: { item_url_template: 'items/{id}.json' },
    items: Array.from({ length: 20 }, (_, i) => ({ id: `p${n}-${i}`, title: `第 ${n} 页第 ${i} 篇`, content_text: '正文。' })),
  });
// The wasm magic and version, then a compressible body.
const wasm = Buffer.concat([Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), Buffer.alloc(4096, 7)]);

const SITE = {
  'index.html': page('home', '最新信息 · 浦江新闻网'),
  '404.html': page('not-found', '页面不存在 · 浦江新闻网'),
  [`articles/${SEED_ID}/index.html`]: page(`article:${SEED_ID}`, '聚焦建设“五个中心”重要使命'),
  [`articles/${UTF8_ID}/index.html`]: page(`article:${UTF8_ID}`, '上海'),
  // Archive pages as the CLI numbers them: feed/1.json is the oldest.
  'feed.json': feedPage(4, 'feed/3.json'),
  'feed/3.json': feedPage(3, 'feed/2.json'),
  'feed/2.json': feedPage(2, 'feed/1.json'),
  'feed/1.json': feedPage(1),
  // Their prerendered list pages, archive/<n>/ (archive/1/ is the oldest).
  'archive/1/index.html': page('archive:1', '最新信息 · 第 1 页 · 浦江新闻网'),
  'archive/2/index.html': page('archive:2', '最新信息 · 第 2 页 · 浦江新闻网'),
  // A tag's page and its own feed, by its slug (CJK, raw on disk).
  'tags/民生/index.html': page('tag:民生', '民生 · 浦江新闻网'),
  'tags/民生/feed.json': feedPage(6, 'feed/1.json'),
  'tags/民生/feed/1.json': feedPage(5),
  [`items/${SEED_ID}.json`]: feedPage(0),
  [`items/${UTF8_ID}.json`]: feedPage(0),
  'sitemap.xml': `<?xml version="1.0" encoding="UTF-8"?>\n<urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">\n${filler('<url><loc>https://news.example/articles/x</loc></url>')}\n</urlset>\n`,
  'robots.txt': 'User-agent: *\nAllow: /\nSitemap: https://news.example/sitemap.xml\n',
  'images/seed.svg': `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10">\n${filler('<rect width="1" height="1"/>')}\n</svg>\n`,
  'embed.js': `(()=>{${filler(`/* loads ${EMBED}.js */`)}})();\n`,
  'embed.css': filler('article-widget { display: block; }'),
  ...Object.fromEntries([...PINNED, ...MAJOR].map((path) => [path, path.endsWith('.css') ? filler(`/* ${path} */ a { color: red; }`) : `(()=>{${filler(`/* ${path} */`)}})();\n`])),
  [`${APP}.js`]: `export default async function init() {}\n${filler('// glue')}\n`,
  [`${APP}_bg.wasm`]: wasm,
  [`${EMBED}.js`]: `export default async function init() {}\n${filler('// embed glue')}\n`,
  [`${EMBED}_bg.wasm`]: wasm,
  'widget-e2f856516590739b.css': filler('.aw-root { color: #222; }'),
  'app-3f201a0925626b86.css': filler('body { margin: 0; }'),
  [`${START}.js`]: `import init from '/${APP}.js';\nawait init('/${APP}_bg.wasm');\n`,
  'partner-demo.html': page('partner-demo', '合作伙伴页面示例'),
  'configure.html': page('configure', 'Configure the widget'),
  // What a careless upload brings along: none of it may be served.
  '.git/config': '[core]\nSECRET-git-config\n',
  '.git/x.wasm': Buffer.concat([wasm, Buffer.from('SECRET-git-wasm')]),
  '.old/feed.json': JSON.stringify({ version: 'https://jsonfeed.org/version/1.1', title: 'SECRET-old-feed', items: [] }),
  '.env': 'API_KEY=SECRET-env\n',
  'articles/.hidden/index.html': '<!doctype html><p>SECRET-hidden-page</p>\n',
  'images/.DS_Store': 'SECRET-ds-store',
  // Served at the top of a deploy at / only (ACME challenges, security.txt).
  '.well-known/security.txt': 'Contact: mailto:security@news.example\n',
  // An SVG that tries to run script when opened on its own.
  'images/evil.svg':
    `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 10 10" onload="document.documentElement.setAttribute('data-onload', 'ran')">\n` +
    `<script>document.documentElement.setAttribute('data-script', 'ran');</script>\n<rect width="10" height="10"/>\n</svg>\n`,
  // A publisher's HTML asset with a script of its own: not one of the app's
  // pages, so it gets the sandbox, not the app's policy.
  'images/evil.html':
    `<!doctype html><html><script src="evil.js"></script>` +
    `<script>document.documentElement.setAttribute('data-inline', 'ran');</script></html>\n`,
  'images/evil.js': `document.documentElement.setAttribute('data-script', 'ran');\n`,
};

// Every path above with a segment starting with ".", as a reader would ask
// for it (some percent-encoded: nginx matches the decoded path).
const DOT_PATHS = ['/.git/config', '/.git/', '/.git', '/.git/x.wasm', '/%2Egit/x.wasm', '/.old/feed.json', '/.env', '/articles/.hidden/index.html', '/articles/.hidden/', '/articles/%2ehidden/index.html', '/images/.DS_Store', '/.well-known/.git/config'];

/** Writes SITE into a fresh temporary directory and returns its path. */
async function writeSite() {
  const root = await mkdtemp(join(tmpdir(), 'article-widget-dist-'));
  for (const [path, body] of Object.entries(SITE)) {
    await mkdir(dirname(join(root, path)), { recursive: true });
    await writeFile(join(root, path), body);
  }
  return root;
}

/**
 * A GET through node:http, which (unlike fetch) hands over the body as sent,
 * so a compressed one can be checked against the file.
 */
function raw(url, headers = {}) {
  return new Promise((resolve, reject) => {
    request(url, { headers }, (response) => {
      const chunks = [];
      response.on('data', (chunk) => chunks.push(chunk));
      response.on('end', () => resolve({ status: response.statusCode, headers: response.headers, body: Buffer.concat(chunks) }));
      response.on('error', reject);
    })
      .on('error', reject)
      .end();
  });
}

const get = (url, init = {}) => fetch(url, { redirect: 'manual', ...init });
const bytes = (path) => Buffer.from(SITE[path]);
const urlPath = (path) => '/' + path.split('/').map(encodeURIComponent).join('/');

/** A 404 (with the site's 404 page, when there is one) and nothing of a dotfile. */
async function assertNotServed(url) {
  const response = await get(url);
  assert.ok([403, 404].includes(response.status), `${url}: ${response.status}`);
  const body = await response.text();
  assert.doesNotMatch(body, /SECRET|\[core\]|Index of/, url);
}

describe('nginx serving dist/ at /', () => {
  let root;
  let nginx;

  before(async () => {
    root = await writeSite();
    nginx = await startNginx(root);
  });

  after(async () => {
    await nginx?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  async function assertPage(path, marker) {
    const response = await get(nginx.url + path);
    assert.equal(response.status, 200, path);
    assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8', path);
    assert.match(await response.text(), new RegExp(`data-page="${marker}"`), path);
  }

  test('/ and deep links are answered with their prerendered page, with and without a slash', async () => {
    await assertPage('/', 'home');
    await assertPage(`/articles/${SEED_ID}`, `article:${SEED_ID}`);
    await assertPage(`/articles/${SEED_ID}/`, `article:${SEED_ID}`);
    await assertPage(`/articles/${SEED_ID}?utm_source=partner`, `article:${SEED_ID}`);
    await assertPage('/archive/2', 'archive:2');
    await assertPage('/archive/2/', 'archive:2');
    await assertPage('/tags/%E6%B0%91%E7%94%9F', 'tag:民生');
    await assertPage('/tags/%E6%B0%91%E7%94%9F/', 'tag:民生');
    const tagPage = await get(nginx.url + '/tags/%E6%B0%91%E7%94%9F/feed/1.json');
    assert.equal(tagPage.headers.get('cache-control'), 'public, max-age=86400, must-revalidate', 'a tag’s archive page');
    await tagPage.arrayBuffer();
  });

  test('an id in percent-encoded UTF-8 maps to the directory of that name', async () => {
    assert.equal(urlPath(`articles/${UTF8_ID}`), '/articles/%E4%B8%8A%E6%B5%B7');
    await assertPage('/articles/%E4%B8%8A%E6%B5%B7', `article:${UTF8_ID}`);
    await assertPage('/articles/%E4%B8%8A%E6%B5%B7/', `article:${UTF8_ID}`);
    await assertPage('/articles/%e4%b8%8a%e6%b5%b7', `article:${UTF8_ID}`);
    const item = await get(nginx.url + urlPath(`items/${UTF8_ID}.json`));
    assert.equal(item.status, 200);
    assert.equal(item.headers.get('content-type'), 'application/feed+json; charset=utf-8');
  });

  test('unknown articles and paths are real 404s with the site’s 404 page', async () => {
    for (const path of ['/articles/nope', '/articles/nope/', '/articles/', '/no/such/page', '/feed/99.json', '/items/nope.json', '/archive/99', '/archive/99/', '/archive/', '/tags/nope', '/tags/']) {
      const response = await get(nginx.url + path);
      assert.equal(response.status, 404, path);
      assert.equal(response.headers.get('content-type'), 'text/html; charset=utf-8', path);
      assert.match(await response.text(), /data-page="not-found"/, path);
      // A partner's fetch of a missing feed sees the 404, not a CORS failure.
      assert.equal(response.headers.get('access-control-allow-origin'), '*', path);
      // Not the archive pages' day: a missing page may be written by the next publish.
      assert.equal(response.headers.get('cache-control'), 'public, max-age=60, must-revalidate', path);
    }
  });

  test('directories are not listed', async () => {
    for (const path of ['/images/', '/images', '/feed/']) {
      const response = await get(nginx.url + path);
      assert.equal(response.status, 404, path);
      assert.doesNotMatch(await response.text(), /Index of|seed\.svg/, path);
    }
  });

  test('no path with a segment starting with "." is served, whatever its extension', async () => {
    for (const path of DOT_PATHS) await assertNotServed(nginx.url + path);
    // /.well-known/ is the exception, at the top only.
    const wellKnown = await get(nginx.url + '/.well-known/security.txt');
    assert.equal(wellKnown.status, 200);
    assert.match(await wellKnown.text(), /^Contact:/);
    await assertNotServed(nginx.url + '/articles/.well-known/security.txt');
  });

  test('each file has its media type', async () => {
    const types = {
      [`/${APP}_bg.wasm`]: 'application/wasm',
      [`/${EMBED}_bg.wasm`]: 'application/wasm',
      '/feed.json': 'application/feed+json; charset=utf-8',
      '/feed/2.json': 'application/feed+json; charset=utf-8',
      [`/items/${SEED_ID}.json`]: 'application/feed+json; charset=utf-8',
      '/embed.js': 'application/javascript; charset=utf-8',
      '/v/0.1.0/embed.js': 'application/javascript; charset=utf-8',
      '/v/0/embed.css': 'text/css; charset=utf-8',
      [`/${APP}.js`]: 'application/javascript; charset=utf-8',
      '/app-3f201a0925626b86.css': 'text/css; charset=utf-8',
      '/images/seed.svg': 'image/svg+xml; charset=utf-8',
      '/sitemap.xml': 'text/xml; charset=utf-8',
      '/robots.txt': 'text/plain; charset=utf-8',
    };
    for (const [path, type] of Object.entries(types)) {
      const response = await get(nginx.url + path);
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get('content-type'), type, path);
    }
  });

  const COMPRESSIBLE = ['embed.js', 'v/0.1.0/embed.js', `${APP}.js`, 'widget-e2f856516590739b.css', `${APP}_bg.wasm`, 'feed.json', `items/${SEED_ID}.json`, 'index.html', 'images/seed.svg', 'sitemap.xml'];

  test('gzip for js, css, wasm, json, html and svg when the client accepts it', async () => {
    for (const path of COMPRESSIBLE) {
      const plain = await raw(nginx.url + urlPath(path));
      assert.equal(plain.headers['content-encoding'], undefined, path);
      assert.deepEqual(plain.body, bytes(path), path);

      const zipped = await raw(nginx.url + urlPath(path), { 'accept-encoding': 'gzip' });
      assert.equal(zipped.headers['content-encoding'], 'gzip', path);
      assert.match(zipped.headers.vary, /Accept-Encoding/, path);
      assert.ok(zipped.body.length < plain.body.length, path);
      assert.deepEqual(gunzipSync(zipped.body), bytes(path), path);
    }
  });

  test('brotli when the module is loaded', { skip: !brotliInstalled && 'Debian’s nginx brotli modules are not installed' }, async () => {
    assert.equal(nginx.brotli, true);
    for (const path of COMPRESSIBLE) {
      const response = await raw(nginx.url + urlPath(path), { 'accept-encoding': 'gzip, deflate, br' });
      assert.equal(response.headers['content-encoding'], 'br', path);
      assert.match(response.headers.vary, /Accept-Encoding/, path);
      assert.deepEqual(brotliDecompressSync(response.body), bytes(path), path);
      assert.match(response.headers.etag ?? '', /^W\/"[^"]+"$/, `${path} keeps a (weak) ETag`);
    }
  });

  test('hashed assets and a release’s v/<x.y.z>/ are cached for a year, immutable', async () => {
    for (const path of [...HASHED, ...PINNED]) {
      const response = await get(nginx.url + '/' + path);
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get('cache-control'), 'public, max-age=31536000, immutable', path);
    }
  });

  const STABLE = ['/embed.js', ...MAJOR.map((path) => `/${path}`), '/feed.json', `/items/${SEED_ID}.json`, '/', `/articles/${SEED_ID}`, '/sitemap.xml'];
  const ARCHIVE = ['/feed/1.json', '/feed/2.json', '/feed/3.json', '/archive/1', '/archive/2/', '/archive/2/index.html'];
  const SHORT = 'public, max-age=60, must-revalidate';
  // Archive pages: a full one does not change when articles are added, but
  // an edit or a removal may change it, so long *with* revalidation.
  const LONG = 'public, max-age=86400, must-revalidate';

  test('stable names are cached briefly (archive pages for a day) with an ETag, and revalidate to 304', async () => {
    for (const path of [...STABLE, ...ARCHIVE]) {
      for (const encoding of ['identity', 'gzip']) {
        const first = await get(nginx.url + path, { headers: { 'accept-encoding': encoding } });
        assert.equal(first.status, 200, path);
        assert.equal(first.headers.get('cache-control'), ARCHIVE.includes(path) ? LONG : SHORT, path);
        assert.doesNotMatch(first.headers.get('cache-control'), /immutable/, path);
        const etag = first.headers.get('etag');
        // On-the-fly gzip turns nginx's ETag into a weak one (W/"…").
        assert.match(etag ?? '', encoding === 'gzip' ? /^W\/"[^"]+"$/ : /^"[^"]+"$/, `${path} ${encoding}`);
        await first.arrayBuffer();

        const again = await get(nginx.url + path, { headers: { 'accept-encoding': encoding, 'if-none-match': etag } });
        assert.equal(again.status, 304, `${path} ${encoding}`);
        // The 304 has no body to compress, so its ETag is the strong one.
        assert.equal(again.headers.get('etag'), etag.replace(/^W\//, ''), path);
        assert.equal(again.headers.get('access-control-allow-origin'), '*', path);
      }
    }
  });

  test('a weak ETag from a gzipped answer still revalidates an uncompressed one', async () => {
    const zipped = await get(nginx.url + '/feed.json', { headers: { 'accept-encoding': 'gzip' } });
    await zipped.arrayBuffer();
    const again = await get(nginx.url + '/feed.json', { headers: { 'accept-encoding': 'identity', 'if-none-match': zipped.headers.get('etag') } });
    assert.equal(again.status, 304);
  });

  test('images are cached for a day', async () => {
    const response = await get(nginx.url + '/images/seed.svg');
    assert.equal(response.headers.get('cache-control'), 'public, max-age=86400');
  });

  test('partner origins may load embed.js, the glue, the wasm and the feeds', async () => {
    for (const path of ['/embed.js', '/v/0.1.0/embed.js', '/v/0.1.0/embed.css', '/v/0/embed.js', '/embed.css', `/${EMBED}.js`, `/${EMBED}_bg.wasm`, `/${APP}.js`, `/${APP}_bg.wasm`, '/feed.json', '/feed/3.json', `/items/${SEED_ID}.json`]) {
      const response = await get(nginx.url + path, { headers: { origin: PARTNER } });
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get('access-control-allow-origin'), '*', path);
      assert.equal(response.headers.get('access-control-allow-credentials'), null, path);
      await response.arrayBuffer();
    }
  });

  test('a preflight is answered with 204 and what may follow', async () => {
    for (const path of ['/feed.json', '/embed.js', `/${EMBED}_bg.wasm`, '/']) {
      const response = await get(nginx.url + path, {
        method: 'OPTIONS',
        headers: { origin: PARTNER, 'access-control-request-method': 'GET', 'access-control-request-headers': 'x-requested-with' },
      });
      assert.equal(response.status, 204, path);
      assert.equal(response.headers.get('access-control-allow-origin'), '*', path);
      assert.equal(response.headers.get('access-control-allow-methods'), 'GET, HEAD, OPTIONS', path);
      assert.equal(response.headers.get('access-control-allow-headers'), 'x-requested-with', path);
      assert.equal(response.headers.get('access-control-max-age'), '86400', path);
    }
    // Preflight headers belong on preflights only.
    const plain = await get(nginx.url + '/feed.json');
    assert.equal(plain.headers.get('access-control-allow-methods'), null);
    await plain.arrayBuffer();
  });

  test('no version in Server or on nginx’s own error pages, and headers that let partners embed', async () => {
    for (const path of ['/', '/feed.json', `/${APP}_bg.wasm`, '/articles/nope']) {
      const response = await get(nginx.url + path);
      assert.equal(response.headers.get('server'), 'nginx', path);
      assert.equal(response.headers.get('x-content-type-options'), 'nosniff', path);
      // frame-ancestors in the CSP stands in for it.
      assert.equal(response.headers.get('x-frame-options'), null, path);
      assert.equal(response.headers.get('cross-origin-resource-policy'), 'cross-origin', path);
      await response.arrayBuffer();
    }
    // A method a static site does not take: nginx's own error page.
    const post = await get(nginx.url + '/feed.json', { method: 'POST', body: '{}' });
    assert.equal(post.status, 405);
    assert.doesNotMatch(await post.text(), /nginx\/\d/);
  });
});

/** The directives of a Content-Security-Policy header, by name. */
function directives(policy) {
  return new Map(policy.split(';').map((part) => part.trim().split(/\s+/)).map(([name, ...values]) => [name, values]));
}

describe('the Content-Security-Policy nginx sends', () => {
  let root;
  let nginx;
  let browser;

  before(async () => {
    root = await writeSite();
    nginx = await startNginx(root);
    browser = await launchChromium();
  });

  after(async () => {
    await browser?.close();
    await nginx?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  test('the app’s policy allows its own scripts, styles and wasm, and nothing inline', () => {
    const app = directives(POLICIES.app);
    assert.deepEqual(app.get('script-src'), ["'self'", "'wasm-unsafe-eval'"]);
    assert.deepEqual(app.get('style-src'), ["'self'"]);
    assert.deepEqual(app.get('object-src'), ["'none'"]);
    assert.deepEqual(app.get('base-uri'), ["'self'"]);
    assert.deepEqual(app.get('default-src'), ["'none'"]);
    assert.deepEqual(app.get('frame-ancestors'), ["'none'"]);
    assert.doesNotMatch(POLICIES.app, /'unsafe-inline'|'unsafe-eval'|data:|\*/);
    assert.deepEqual(directives(POLICIES.demo).get('script-src'), ["'self'", "'wasm-unsafe-eval'"]);
  });

  test('every page of the app gets the app’s policy, on 200, 404 and 304 alike', async () => {
    for (const path of ['/', '/index.html', `/articles/${SEED_ID}`, `/articles/${SEED_ID}/`, '/articles/%E4%B8%8A%E6%B5%B7', '/archive/1', '/archive/2/', '/archive/3', '/tags/%E6%B0%91%E7%94%9F', '/tags/%E6%B0%91%E7%94%9F/', '/tags/nope', '/articles/nope', '/no/such/page', '/404.html', '/.env', '/.git/x.wasm']) {
      const response = await get(nginx.url + path);
      assert.ok([200, 404].includes(response.status), path);
      assert.equal(response.headers.get('content-security-policy'), POLICIES.app, path);
      const etag = response.headers.get('etag');
      await response.arrayBuffer();
      if (response.status !== 200) continue;
      // A browser keeps the headers of a 304 with its stored copy.
      const again = await get(nginx.url + path, { headers: { 'if-none-match': etag } });
      assert.equal(again.status, 304, path);
      assert.equal(again.headers.get('content-security-policy'), POLICIES.app, path);
    }
  });

  test('the partner demo has its own policy; everything else may run and load nothing', async () => {
    const demo = await get(nginx.url + '/partner-demo.html');
    assert.equal(demo.headers.get('content-security-policy'), POLICIES.demo);
    await demo.arrayBuffer();
    const configure = await get(nginx.url + '/configure.html');
    assert.equal(configure.headers.get('content-security-policy'), POLICIES.configure);
    await configure.arrayBuffer();
    for (const path of ['/images/seed.svg', '/images/evil.svg', '/images/evil.html', '/images/evil.js', '/feed.json', `/items/${SEED_ID}.json`, '/embed.js', `/${APP}.js`, `/${START}.js`, `/${APP}_bg.wasm`, '/app-3f201a0925626b86.css', '/sitemap.xml', '/robots.txt']) {
      const response = await get(nginx.url + path);
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get('content-security-policy'), POLICIES.file, path);
      await response.arrayBuffer();
    }
  });

  test('an SVG opened on its own runs none of its script', async () => {
    const page = await newPage(browser);
    try {
      const requests = [];
      page.on('request', (request) => requests.push(request.url()));
      const response = await page.goto(`${nginx.url}/images/evil.svg`);
      assert.equal(response.status(), 200);
      assert.equal(response.headers()['content-type'], 'image/svg+xml; charset=utf-8');
      // Read through the DevTools protocol: the sandbox lets no script run in
      // the document, not even a test's.
      const cdp = await page.context().newCDPSession(page);
      const { root: doc } = await cdp.send('DOM.getDocument', { depth: 1 });
      const svg = doc.children.find((node) => node.nodeName === 'svg');
      assert.ok(svg, 'the SVG is rendered as a document');
      const { attributes } = await cdp.send('DOM.getAttributes', { nodeId: svg.nodeId });
      assert.equal(attributes.includes('data-script'), false, 'the <script> ran');
      assert.equal(attributes.includes('data-onload'), false, 'the onload handler ran');
      assert.deepEqual(requests, [`${nginx.url}/images/evil.svg`]);
    } finally {
      await page.context().close();
    }
  });

  test("a publisher's HTML asset opened on its own runs none of its script", async () => {
    const page = await newPage(browser);
    try {
      const response = await page.goto(`${nginx.url}/images/evil.html`);
      assert.equal(response.status(), 200);
      assert.equal(response.headers()['content-security-policy'], POLICIES.file);
      const cdp = await page.context().newCDPSession(page);
      const { root: doc } = await cdp.send('DOM.getDocument', { depth: 1 });
      const html = doc.children.find((node) => node.nodeName === 'HTML');
      assert.ok(html, 'the page is rendered as a document');
      const { attributes } = await cdp.send('DOM.getAttributes', { nodeId: html.nodeId });
      assert.equal(attributes.includes('data-inline'), false, 'the inline <script> ran');
      assert.equal(attributes.includes('data-script'), false, "the asset's own script ran");
    } finally {
      await page.context().close();
    }
  });
});

describe('nginx serving dist/ under /news/', () => {
  let root;
  let nginx;

  before(async () => {
    root = await writeSite();
    nginx = await startNginx(root, { publicPath: '/news/' });
  });

  after(async () => {
    await nginx?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  test('pages, deep links and feeds are under /news/', async () => {
    for (const [path, marker] of [
      ['/news/', 'home'],
      [`/news/articles/${SEED_ID}`, `article:${SEED_ID}`],
      [`/news/articles/${SEED_ID}/`, `article:${SEED_ID}`],
      ['/news/articles/%E4%B8%8A%E6%B5%B7', `article:${UTF8_ID}`],
      ['/news/archive/2', 'archive:2'],
      ['/news/archive/2/', 'archive:2'],
      ['/news/tags/%E6%B0%91%E7%94%9F/', 'tag:民生'],
    ]) {
      const response = await get(nginx.url + path);
      assert.equal(response.status, 200, path);
      if (path.includes('/archive/') || path.includes('/tags/')) {
        assert.equal(response.headers.get('content-security-policy'), POLICIES.app, path);
        // A tag's page changes with its tag's every new article; a full archive page does not.
        const cache = path.includes('/tags/') ? 'public, max-age=60, must-revalidate' : 'public, max-age=86400, must-revalidate';
        assert.equal(response.headers.get('cache-control'), cache, path);
      }
      assert.match(await response.text(), new RegExp(`data-page="${marker}"`), path);
    }
    const feed = await get(nginx.url + '/news/feed/2.json', { headers: { origin: PARTNER } });
    assert.equal(feed.headers.get('content-type'), 'application/feed+json; charset=utf-8');
    assert.equal(feed.headers.get('access-control-allow-origin'), '*');
    assert.equal(feed.headers.get('cache-control'), 'public, max-age=86400, must-revalidate', 'an archive page');
    await feed.arrayBuffer();
    const first = await get(nginx.url + '/news/feed.json');
    assert.equal(first.headers.get('cache-control'), 'public, max-age=60, must-revalidate', 'feed.json');
    await first.arrayBuffer();
    const wasm = await get(nginx.url + `/news/${EMBED}_bg.wasm`);
    assert.equal(wasm.headers.get('content-type'), 'application/wasm');
    assert.equal(wasm.headers.get('cache-control'), 'public, max-age=31536000, immutable');
    await wasm.arrayBuffer();
    for (const [path, policy] of [
      ['/news/v/0.1.0/embed.js', 'public, max-age=31536000, immutable'],
      ['/news/v/0/embed.js', 'public, max-age=60, must-revalidate'],
      ['/news/embed.js', 'public, max-age=60, must-revalidate'],
    ]) {
      const response = await get(nginx.url + path, { headers: { origin: PARTNER } });
      assert.equal(response.status, 200, path);
      assert.equal(response.headers.get('cache-control'), policy, path);
      assert.equal(response.headers.get('access-control-allow-origin'), '*', path);
      await response.arrayBuffer();
    }
  });

  test('no path with a segment starting with "." is served under /news/ either', async () => {
    for (const path of [...DOT_PATHS, '/.well-known/security.txt']) await assertNotServed(nginx.url + '/news' + path);
  });

  test('unknown articles under /news/ get the site’s 404 page', async () => {
    const response = await get(nginx.url + '/news/articles/nope');
    assert.equal(response.status, 404);
    assert.match(await response.text(), /data-page="not-found"/);
  });

  test('outside /news/ the site is not there', async () => {
    // ("/" is the rest of the host's business: here a bare directory.)
    for (const path of [`/articles/${SEED_ID}`, '/feed.json', '/embed.js', '/404.html']) {
      const response = await get(nginx.url + path);
      assert.equal(response.status, 404, path);
      await response.arrayBuffer();
    }
  });

  test('/news redirects once to /news/, with a relative Location', async () => {
    const response = await get(nginx.url + '/news');
    assert.equal(response.status, 301);
    assert.equal(response.headers.get('location'), '/news/');
    await response.arrayBuffer();
  });
});

describe('nginx without the brotli modules', () => {
  let root;
  let nginx;

  before(async () => {
    root = await writeSite();
    nginx = await startNginx(root, { brotli: false });
  });

  after(async () => {
    await nginx?.close();
    if (root) await rm(root, { recursive: true, force: true });
  });

  test('the config still loads, and a brotli-capable client gets gzip', async () => {
    const response = await raw(nginx.url + '/feed.json', { 'accept-encoding': 'gzip, deflate, br' });
    assert.equal(response.status, 200);
    assert.equal(response.headers['content-encoding'], 'gzip');
    assert.deepEqual(gunzipSync(response.body), bytes('feed.json'));
  });
});
