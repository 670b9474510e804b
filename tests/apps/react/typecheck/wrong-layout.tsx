// Must NOT type-check: tests/apps/apps.test.mjs runs `tsc -p tsconfig.wrong.json`
// and expects exactly one error, on the `layout` line.
import { ArticleWidget } from 'article-widget/react';

export const Wrong = () => (
  <ArticleWidget
    feed="https://news.example/feed.json"
    limit={5}
    layout="wrong"
  />
);
