// The publishing CLI at scale: builds a generated site of --articles
// (default 50,000) Markdown articles with the release CLI, and reports the
// build time, peak memory, output size, largest feed page and sitemap count;
// then the runs a newsroom makes after it, each with the cache the first run
// left: an unchanged re-run, one new article, one edited, one removed (time,
// files and bytes written, files removed); then serves the site with the
// repository's nginx config and checks that a deep link to a random article
// is one prerendered page plus the assets. Writes its table between
// <!-- publish:start --> and <!-- publish:end --> in --out (default
// BENCHMARKS.md); with --articles other than 50,000 between
// <!-- publish-<n>:start --> and <!-- publish-<n>:end -->.
//
//   node bench/publish.mjs [--articles 50000] [--dist dist] [--out BENCHMARKS.md]
//
// Needs a release build in --dist (scripts/build-release.sh) for the app shell.

import { execFileSync, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';

import { startNginx } from '../tests/e2e/nginx.mjs';
import { launchChromium, newPage } from '../tests/e2e/browser.mjs';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    articles: { type: 'string', default: '50000' },
    dist: { type: 'string', default: join(repo, 'dist') },
    out: { type: 'string', default: join(repo, 'BENCHMARKS.md') },
  },
});
const count = Number(values.articles);
const work = join(repo, 'target', 'bench-publish');
const content = join(work, 'content');
const site = join(work, 'site');
const cacheDir = join(work, 'cache');

// Content: the sample articles, cycled with ids and dates of their own (one
// every 20 minutes, back from the seed's), so the site sorts as a real one.
console.log(`generating ${count} articles in ${content}`);
rmSync(work, { recursive: true, force: true });
mkdirSync(content, { recursive: true });
const sources = readdirSync(join(repo, 'www', 'content')).filter((name) => name.endsWith('.md'));
const templates = sources.map((name) => readFileSync(join(repo, 'www', 'content', name), 'utf8'));
cpSync(join(repo, 'www', 'content', 'site.yaml'), join(content, 'site.yaml'));
cpSync(join(repo, 'www', 'content', 'images'), join(content, 'images'), { recursive: true });
const seedTime = Date.parse('2024-01-24T19:41:00+08:00');
const articleText = (i, extra = '') => {
  const at = new Date(seedTime - i * 20 * 60 * 1000 + 8 * 3600 * 1000).toISOString().slice(0, 19);
  return templates[((i % templates.length) + templates.length) % templates.length]
    .replace(/^date: .*$/m, `date: ${at}+08:00`)
    .replace(/^(title: .*)$/m, `$1(第 ${i + 1} 篇)`)
    .replace(/^id: .*\n/m, '')
    .replace(/^updated: .*\n/m, '')
    .concat(extra);
};
const articlePath = (i) => join(content, String(Math.floor(i / 1000)).padStart(4, '0'), `a${String(i).padStart(7, '0')}.md`);
for (let i = 0; i < count; i++) {
  if (i % 1000 === 0) mkdirSync(dirname(articlePath(i)), { recursive: true });
  writeFileSync(articlePath(i), articleText(i));
}
const inputBytes = du(content);

console.log('cargo build --release --bin article-widget-publish');
execFileSync('cargo', ['build', '--quiet', '--release', '--locked', '--bin', 'article-widget-publish'], { cwd: repo, stdio: 'inherit' });
cpSync(values.dist, site, { recursive: true });

// nginx first, for its address: the site is built for where it is served.
const nginx = await startNginx(site);
console.log(`building the site for ${nginx.url}/`);
// A copy of the CLI: a rebuild while the bench runs must not change the
// binary between runs (the cache is for one build of the CLI).
const cli = join(work, 'article-widget-publish');
cpSync(join(repo, 'target', 'release', 'article-widget-publish'), cli);
// One run of the CLI with the bench's cache: its wall time, peak memory and
// what it wrote (from its changes list).
const publish = (label) => {
  const run = spawnSync(
    '/usr/bin/time',
    ['-v', cli, 'build', content, '--out', site, '--site-url', `${nginx.url}/`, '--cache', cacheDir],
    { encoding: 'utf8' },
  );
  if (run.status !== 0) throw new Error(`${label}: the build failed (${run.status}):\n${run.stderr}`);
  const measure = (name) => run.stderr.match(new RegExp(`${name}: (.+)`))?.[1].trim();
  const wall = measure('Elapsed \\(wall clock\\) time \\(h:mm:ss or m:ss\\)');
  const changes = JSON.parse(readFileSync(join(site, '.article-widget-changes.json'), 'utf8'));
  const written = [...changes.added, ...changes.changed];
  const result = {
    label,
    seconds: wall.split(':').reduce((total, part) => total * 60 + Number(part), 0),
    peakMb: Number(measure('Maximum resident set size \\(kbytes\\)')) / 1024,
    written: written.length,
    bytes: written.reduce((total, path) => total + statSync(join(site, path)).size, 0),
    removed: changes.removed.length,
    summary: run.stdout.trim(),
  };
  console.log(`${label}: ${result.seconds.toFixed(2)} s, ${result.written} files written, ${result.removed} removed\n${result.summary}`);
  return result;
};
const full = publish('full build (no cache yet)');
const { seconds, peakMb } = full;
const cacheBytes = du(cacheDir);
const runs = [full, publish('unchanged re-run')];
// A new article, newer than every other; an edit of one in the middle; the
// removal of an old one.
writeFileSync(join(content, 'new.md'), articleText(-1).replace(/^(title: .*)$/m, '$1(新)'));
runs.push(publish('one new article'));
const edited = Math.floor(count / 2);
writeFileSync(articlePath(edited), articleText(edited, '\n补充:本文已更新。\n'));
runs.push(publish('one edited article'));
rmSync(articlePath(count - 10));
runs.push(publish('one removed article'));

const feedPages = [join(site, 'feed.json'), ...readdirSync(join(site, 'feed')).map((name) => join(site, 'feed', name))];
const largest = Math.max(...feedPages.map((path) => statSync(path).size));
const sitemaps = readdirSync(site).filter((name) => /^sitemap\d*\.xml$/.test(name));
const pages = readdirSync(join(site, 'articles')).length;
const outputBytes = du(site) - du(values.dist);

// A deep link, as a reader follows it: with JavaScript off it is one page
// plus what the page itself needs; with it on, the app also reads the feed
// and the article's own document.
console.log('a deep link, served by nginx');
const browser = await launchChromium();
const id = `a${String(Math.floor(count * 0.73)).padStart(7, '0')}`;
const deepLink = async (javaScriptEnabled) => {
  const page = await newPage(browser, { javaScriptEnabled });
  const requests = [];
  page.on('requestfinished', async (request) => {
    const response = await request.response();
    requests.push({ path: new URL(request.url()).pathname, status: response?.status(), bytes: (await response?.body())?.length ?? 0 });
  });
  const url = `${nginx.url}/articles/${id}`;
  await page.goto(url);
  await page.locator('h1.aw-article__title').waitFor();
  if (javaScriptEnabled) await page.locator('#app:not([data-prerendered]) h1.aw-article__title').waitFor();
  await page.waitForLoadState('networkidle');
  await page.context().close();
  return requests;
};
const withoutJs = await deepLink(false);
const withJs = await deepLink(true);
await browser.close();
await nginx.close();

const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KB`;
const mb = (bytes) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;
const list = (requests) =>
  requests.map((r) => `\`${r.path}\` ${r.status} (${kb(r.bytes)})`).join(', ');
const marker = count === 50000 ? 'publish' : `publish-${count}`;
const runRows = runs
  .map(
    (r) =>
      `| ${r.label} | ${r.seconds.toFixed(2)} s | ${(r.seconds / seconds).toFixed(3)} | ${r.written.toLocaleString('en')} | ${mb(r.bytes)} | ${r.removed.toLocaleString('en')} | ${r.peakMb.toFixed(1)} MB |`,
  )
  .join('\n');
const table = `<!-- ${marker}:start -->
### The publishing CLI at ${count.toLocaleString('en')} articles

One run of \`node bench/publish.mjs --articles ${count}\` on ${new Date().toISOString().slice(0, 10)}
(${cpus().length} cores, ${cpus()[0].model.trim()}); the release CLI, single-threaded, measured with
\`/usr/bin/time -v\`. The articles are the sample's 15, cycled with their own ids and dates.

| measure | value |
|---|---|
| input | ${count.toLocaleString('en')} Markdown files, ${mb(inputBytes)} |
| build time (wall) | ${seconds.toFixed(1)} s (${(count / seconds).toFixed(0)} articles/s) |
| peak memory (max RSS) | ${peakMb.toFixed(1)} MB |
| output (beyond the app build) | ${mb(outputBytes)}: ${pages.toLocaleString('en')} prerendered pages, as many article documents, ${feedPages.length.toLocaleString('en')} feed pages |
| largest feed page | ${kb(largest)} (limit 100 KB) |
| sitemaps | ${sitemaps.length} files (${sitemaps.join(', ')}) |
| cache kept for the next run | ${mb(cacheBytes)} (outside the output) |
| deep link \`/articles/${id}\`, JavaScript off | ${withoutJs.length} requests: ${list(withoutJs)} |
| the same with JavaScript on | ${withJs.length} requests: ${list(withJs)} |

Each run after the first uses the cache the run before it left (\`--cache\`); "× full" is its
time over the full build's in this same run.

| run | wall time | × full | files written | bytes written | files removed | peak memory |
|---|--:|--:|--:|--:|--:|--:|
${runRows}
<!-- ${marker}:end -->`;
console.log(table);
const existing = existsSync(values.out) ? readFileSync(values.out, 'utf8') : '';
const updated = existing.includes(`<!-- ${marker}:start -->`)
  ? existing.replace(new RegExp(`<!-- ${marker}:start -->[\\s\\S]*<!-- ${marker}:end -->`), () => table)
  : `${existing.trimEnd()}\n\n${table}\n`;
writeFileSync(values.out, updated);
rmSync(work, { recursive: true, force: true });

function du(path) {
  const stat = statSync(path);
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((total, name) => total + du(join(path, name)), 0);
}
