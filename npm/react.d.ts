// Types of article-widget/react: the React 19 component, and <article-widget>
// in React's JSX (importing anything from this module brings that in).
import type { DetailedHTMLProps, HTMLAttributes, ReactNode, Ref } from 'react';

import type {
  ArticleWidgetAttributes,
  ArticleWidgetElement,
  ArticleWidgetErrorDetail,
  ArticleWidgetOpenDetail,
  ArticleWidgetOptions,
  ArticleWidgetReadyDetail,
} from './index.js';

export * from './index.js';

/** `<article-widget>`'s props in JSX: its attributes and the usual HTML ones. */
export type ArticleWidgetIntrinsicProps = Omit<
  DetailedHTMLProps<HTMLAttributes<ArticleWidgetElement>, ArticleWidgetElement>,
  keyof ArticleWidgetAttributes
> &
  ArticleWidgetAttributes;

/** `<ArticleWidget>`'s props: the attributes (`show` may be a list), the three events, and the usual HTML ones. */
export interface ArticleWidgetProps
  extends Omit<HTMLAttributes<ArticleWidgetElement>, keyof ArticleWidgetAttributes | 'onError'>,
    Omit<ArticleWidgetAttributes, 'show'> {
  show?: ArticleWidgetOptions['show'];
  /** `articlewidget:ready`: the articles are shown. */
  onReady?: (event: CustomEvent<ArticleWidgetReadyDetail>) => void;
  /** `articlewidget:open`: a card was opened. */
  onOpen?: (event: CustomEvent<ArticleWidgetOpenDetail>) => void;
  /** `articlewidget:error`: the feed could not be shown. */
  onError?: (event: CustomEvent<ArticleWidgetErrorDetail>) => void;
  /** The fallback content: shown until the widget renders, and where it cannot. */
  children?: ReactNode;
  ref?: Ref<ArticleWidgetElement>;
}

/** Renders `<article-widget>` with these attributes and calls `define()`; unmounting destroys the widget. */
export function ArticleWidget(props: ArticleWidgetProps): ReactNode;

declare module 'react' {
  namespace JSX {
    interface IntrinsicElements {
      'article-widget': ArticleWidgetIntrinsicProps;
    }
  }
}
