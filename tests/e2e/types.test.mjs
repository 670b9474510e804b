// The npm package's TypeScript types (npm/*.d.ts), checked by `tsc` as an
// app would use them: a React 19 TSX file that uses <article-widget>, the
// ArticleWidget component, mount and the events type-checks; every wrong
// value (a `layout="wrong"` first of all) does not. No build needed: the
// types are the hand-written files in npm/, installed into a scratch project
// under target/ as node_modules/article-widget (a link).

import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { dirname, join } from 'node:path';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const project = join(repo, 'target', 'types-test');
const tsc = join(repo, 'node_modules', 'typescript', 'bin', 'tsc');

const TSCONFIG = {
  compilerOptions: {
    target: 'es2022',
    lib: ['es2022', 'dom', 'dom.iterable'],
    module: 'esnext',
    moduleResolution: 'bundler',
    jsx: 'react-jsx',
    strict: true,
    noEmit: true,
    // Our .d.ts files are declaration files too: check them.
    skipLibCheck: false,
    // A side-effect import of the package's stylesheet must resolve to types too
    // (the default from TypeScript 6 on; set here so every version checks it).
    noUncheckedSideEffectImports: true,
    types: [],
  },
};

const GOOD = `
import { useRef } from 'react';
import { ArticleWidget, define } from 'article-widget/react';
import { mount, version, type ArticleWidgetElement, type ArticleWidgetHandle, type ArticleWidgetOptions } from 'article-widget';
import 'article-widget/embed.css';

define();
const text: string = version;

export function Page() {
  const ref = useRef<ArticleWidgetElement>(null);
  return (
    <>
      <article-widget feed="https://news.example/feed.json" limit={5} />
      <article-widget
        feed="https://news.example/feed.json" limit="3" layout="grid" theme="auto" lang="en" open="new-tab"
        show="image,date" heading="News" accent="#0b7a4b" loading="eager" timezone="local" timeout={20}
        storage="none" className="news" id="w1" style={{ maxWidth: 600 }} data-extra="1"
      >
        <a href="https://news.example/">最新信息</a>
      </article-widget>
      <article-widget feed="/feed.json" lang="zh-CN" show="none" layout="headlines" open="link" />
      <article-widget feed="/feed.json" lang="zh-Hant" />
      <article-widget feed="/feed.json" lang="zh-TW" />
      <article-widget feed="/feed.json" article="2026-12-03-shanghai" open="new-tab" />
      <ArticleWidget
        ref={ref} feed="/feed.json" limit={5} layout="compact" show={['image', 'summary']} className="w"
        onReady={(event) => event.detail.count.toFixed()}
        onOpen={(event) => event.detail.id + (event.detail.url ?? '')}
        onError={(event) => event.detail.message + event.detail.kind}
      >
        <a href="/">fallback</a>
      </ArticleWidget>
    </>
  );
}

const element = document.querySelector('article-widget')!;
element.addEventListener('articlewidget:ready', (event) => event.detail.count + 1);
element.addEventListener('articlewidget:open', (event) => event.detail.url?.toUpperCase());
document.addEventListener('articlewidget:error', (event) => {
  const kind: 'http' | 'network' | 'timeout' | 'too_large' | 'feed' | 'config' | 'not_found' = event.detail.kind;
  return kind;
});
const options: ArticleWidgetOptions = { feed: '/feed.json', limit: 5, show: ['image', 'date'], storage: false };
mount(element, options).then((handle: ArticleWidgetHandle) => {
  handle.update({ feed: '/other.json', layout: 'list' });
  handle.refresh();
  handle.destroy();
});
mount(document.createElement('div'));
mount(document.createElement('div'), { feed: '/feed.json', article: '上海 新闻/1', open: 'link' });

// Each of these must fail (tsc reports an unused directive otherwise).
// @ts-expect-error: no such layout
export const badLayout = <article-widget feed="/feed.json" layout="wrong" />;
// @ts-expect-error: no such language
export const badLang = <article-widget feed="/feed.json" lang="fr" />;
// @ts-expect-error: feed is required
export const noFeed = <article-widget limit={5} />;
// @ts-expect-error: no such theme
export const badTheme = <ArticleWidget feed="/feed.json" theme="blue" />;
// @ts-expect-error: no such open mode
mount(element, { feed: '/feed.json', open: 'popup' });
// @ts-expect-error: no such card part
mount(element, { feed: '/feed.json', show: ['image', 'author'] });
// @ts-expect-error: ready's detail has count only
element.addEventListener('articlewidget:ready', (event) => event.detail.url);
// @ts-expect-error: an error kind that does not exist
document.addEventListener('articlewidget:error', (event) => event.detail.kind === 'offline');
// @ts-expect-error: a handler takes the event
export const badHandler = <ArticleWidget feed="/feed.json" onReady={(count: number) => count} />;
`;

const VUE = `
import { define } from 'article-widget/vue';
import type { GlobalComponents } from 'vue';

define();
type Props = InstanceType<GlobalComponents['article-widget']>['$props'];
export const good: Props = {
  feed: '/feed.json', limit: 5, layout: 'grid', theme: 'dark', class: 'news',
  'onArticlewidget:ready': (event) => event.detail.count,
  'onArticlewidget:open': (event) => event.detail.url,
};
// @ts-expect-error: no such layout
export const bad: Props = { feed: '/feed.json', layout: 'wrong' };
`;

const BAD_LAYOUT = `
import 'article-widget/react';
export const widget = <article-widget feed="/feed.json" layout="wrong" />;
`;

function setUp() {
  rmSync(project, { recursive: true, force: true });
  mkdirSync(join(project, 'node_modules'), { recursive: true });
  // Resolved to npm/ (tsc follows the link), whose imports of react and vue
  // find the repository's own node_modules.
  symlinkSync(join(repo, 'npm'), join(project, 'node_modules', 'article-widget'), 'dir');
  writeFileSync(join(project, 'good.tsx'), GOOD);
  writeFileSync(join(project, 'vue.ts'), VUE);
  writeFileSync(join(project, 'bad-layout.tsx'), BAD_LAYOUT);
}

function check(files) {
  const config = join(project, `tsconfig.${files[0]}.json`);
  writeFileSync(config, JSON.stringify({ ...TSCONFIG, files }, null, 2));
  try {
    execFileSync(process.execPath, [tsc, '-p', config, '--pretty', 'false'], { cwd: project, encoding: 'utf8' });
    return { ok: true, output: '' };
  } catch (error) {
    return { ok: false, output: String(error.stdout) + String(error.stderr) };
  }
}

before(setUp);

test('the types: good React, Vue and DOM usage type-checks, and each wrong value is an error', () => {
  const good = check(['good.tsx', 'vue.ts']);
  assert.ok(good.ok, good.output);
});

test('the types: <article-widget layout="wrong"> does not type-check', () => {
  const bad = check(['bad-layout.tsx']);
  assert.equal(bad.ok, false, 'tsc accepted layout="wrong"');
  assert.match(bad.output, /bad-layout\.tsx\(3,\d+\): error TS2322: Type '"wrong"' is not assignable to type 'ArticleWidgetLayout/);
});
