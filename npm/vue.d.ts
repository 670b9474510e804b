// Types of article-widget/vue: the same entry as "article-widget", and
// <article-widget> in Vue templates (vue-tsc) through GlobalComponents.
// Import define from 'article-widget/vue' once (e.g. in main.ts) to have them.
import type { DefineComponent, HTMLAttributes } from 'vue';

import type {
  ArticleWidgetAttributes,
  ArticleWidgetErrorDetail,
  ArticleWidgetOpenDetail,
  ArticleWidgetReadyDetail,
} from './index.js';

export * from './index.js';

/** `<article-widget>` in a template: its attributes, the HTML ones, and `@articlewidget:…` listeners. */
export type ArticleWidgetVueProps = Omit<HTMLAttributes, keyof ArticleWidgetAttributes> &
  ArticleWidgetAttributes & {
    'onArticlewidget:ready'?: (event: CustomEvent<ArticleWidgetReadyDetail>) => void;
    'onArticlewidget:open'?: (event: CustomEvent<ArticleWidgetOpenDetail>) => void;
    'onArticlewidget:error'?: (event: CustomEvent<ArticleWidgetErrorDetail>) => void;
  };

declare module 'vue' {
  interface GlobalComponents {
    'article-widget': DefineComponent<ArticleWidgetVueProps>;
  }
}
