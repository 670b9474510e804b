// Types of article-widget's entry. The options and attributes are those of
// the README's "Attributes" table (src/options.rs reads them); a bad value at
// run time falls back to the default with a console warning, never breaks
// the widget, but here it does not type-check.

/** `layout`: how the cards are laid out. */
export type ArticleWidgetLayout = 'list' | 'grid' | 'compact' | 'headlines';
/** `theme`: `auto` follows `prefers-color-scheme`, live. */
export type ArticleWidgetTheme = 'light' | 'dark' | 'auto';
/**
 * `lang`: the language of the widget's own words: `zh-CN`, `zh-Hant` (also for `zh-TW`,
 * `zh-HK`, `zh-MO`) or `en`; any other `zh-…` is `zh-CN`, any `en-…` is `en`.
 */
export type ArticleWidgetLang = 'zh-CN' | 'zh-Hant' | 'zh-TW' | 'zh-HK' | 'zh-MO' | 'zh' | 'en' | `zh-${string}` | `en-${string}`;
/** `open`: the article inside the widget (with a way back), the item's `url`, or that in a new tab. */
export type ArticleWidgetOpen = 'inline' | 'link' | 'new-tab';
/** `loading`: `lazy` fetches the feed only within ~200 px of the viewport. */
export type ArticleWidgetLoading = 'lazy' | 'eager';
/** `timezone`: times as the publisher wrote them, or in the reader's time zone. */
export type ArticleWidgetTimezone = 'publisher' | 'local';
/** `storage`: keep the last good copy in `localStorage` (`local`), or read and write nothing (`none`). */
export type ArticleWidgetStorage = 'local' | 'none';
/** A part of a card that `show` lists. */
export type ArticleWidgetPart = 'image' | 'summary' | 'date' | 'source' | 'tags';
/** `show`: which card parts, comma-separated (`"image,date"`), or `none`. */
export type ArticleWidgetShow =
  | 'none'
  | ArticleWidgetPart
  | `${ArticleWidgetPart},${ArticleWidgetPart}`
  | `${ArticleWidgetPart},${ArticleWidgetPart},${ArticleWidgetPart}`
  | `${ArticleWidgetPart},${ArticleWidgetPart},${ArticleWidgetPart},${ArticleWidgetPart}`
  | `${ArticleWidgetPart},${ArticleWidgetPart},${ArticleWidgetPart},${ArticleWidgetPart},${ArticleWidgetPart}`;
/** A whole number, or one written as text (as an attribute holds it). */
export type ArticleWidgetNumber = number | `${number}`;

/**
 * The widget's attributes (each also works as `data-<name>`), as string
 * values: what `<article-widget>` takes in HTML and JSX. `limit` and
 * `timeout` may be numbers (`limit={5}`), written out as attributes.
 */
export interface ArticleWidgetAttributes {
  /** The JSON Feed URL. Required: without it the widget shows its error state. */
  feed: string;
  /**
   * One article's id: shows that article alone, as a card (`open` `link` or
   * `new-tab`) or whole (`inline`, the default), fetched through the feed's
   * `item_url_template`. Not in the feed: the not-found state, and
   * `articlewidget:error` with kind `not_found`.
   */
  article?: string;
  /** 1–100 articles; default 10. */
  limit?: ArticleWidgetNumber;
  /** Default `list`. */
  layout?: ArticleWidgetLayout;
  /** Default `light`. */
  theme?: ArticleWidgetTheme;
  /** Default: the feed's `language`, else the browser's, else `zh-CN`. */
  lang?: ArticleWidgetLang;
  /** Default `inline`. */
  open?: ArticleWidgetOpen;
  /** Default `image,summary,date,source`. */
  show?: ArticleWidgetShow;
  /** The list's heading; default 最新信息 / Latest. */
  heading?: string;
  /** A CSS colour (`#0b7a4b`, `rgb(…)`, a name); default `#b5121b`. */
  accent?: string;
  /** Default `lazy`. */
  loading?: ArticleWidgetLoading;
  /** Default `publisher`. */
  timezone?: ArticleWidgetTimezone;
  /** Seconds one attempt to fetch the feed may take, 1–60; default 10. */
  timeout?: ArticleWidgetNumber;
  /** Default `local`; any other value means `none`. */
  storage?: ArticleWidgetStorage;
  /** Seconds between checks for new articles, 60–86400, or `off`/`0`; default off. */
  refresh?: ArticleWidgetNumber | 'off';
  /** Only articles with any of these tags, comma-separated (`经济, Shanghai Metro`); compared without regard to case. */
  tags?: string;
}

/** The options `mount()` and `handle.update()` take: the attributes, as values. */
export interface ArticleWidgetOptions extends Omit<ArticleWidgetAttributes, 'show' | 'storage' | 'tags'> {
  /** The tags: a list, or the attribute's text. */
  tags?: string | readonly string[];
  /** Which card parts: a list, or the attribute's text. */
  show?: ArticleWidgetShow | readonly ArticleWidgetPart[];
  /** `false` or `null` refuse storage, as `none` does. */
  storage?: ArticleWidgetStorage | false | null;
}

/** A mounted widget. */
export interface ArticleWidgetHandle {
  /** Fetches the feed again. */
  refresh(): void;
  /** Replaces the options, all of them (pass every option you want kept; what is left out
   *  takes its default), as setting every attribute at once does. */
  update(options: ArticleWidgetOptions): void;
  /** Aborts its requests, removes the widget and shows the element's own (fallback) content again. */
  destroy(): void;
}

/** `articlewidget:ready`: articles shown (again after a refresh, a stored copy's refresh, or another page). */
export interface ArticleWidgetReadyDetail {
  count: number;
}
/** `articlewidget:open`: a card was opened. */
export interface ArticleWidgetOpenDetail {
  id: string;
  /** `null` when the item has none. */
  url: string | null;
}
/** Why the feed could not be shown (`too_large`: over 5 MB; `feed`: not a JSON Feed; `config`: no `feed`; `not_found`: no such `article`). */
export type ArticleWidgetErrorKind = 'http' | 'network' | 'timeout' | 'too_large' | 'feed' | 'config' | 'not_found';
/** `articlewidget:error`. */
export interface ArticleWidgetErrorDetail {
  kind: ArticleWidgetErrorKind;
  message: string;
}

/** The widget's events: dispatched on its element, bubbling and composed. */
export interface ArticleWidgetEventMap {
  'articlewidget:ready': CustomEvent<ArticleWidgetReadyDetail>;
  'articlewidget:open': CustomEvent<ArticleWidgetOpenDetail>;
  'articlewidget:error': CustomEvent<ArticleWidgetErrorDetail>;
}

/** `<article-widget>` (after `define()`); its events are in `HTMLElementEventMap`. */
export interface ArticleWidgetElement extends HTMLElement {}

declare global {
  interface HTMLElementEventMap extends ArticleWidgetEventMap {}
  interface DocumentEventMap extends ArticleWidgetEventMap {}
  interface HTMLElementTagNameMap {
    'article-widget': ArticleWidgetElement;
  }
}

/**
 * Registers `<article-widget>` and starts every `[data-article-widget]`
 * element, now and as they are added. Where another loader (the script tag's
 * embed.js, another copy of this package) already runs, that one serves
 * every widget and this does nothing. Safe to call more than once, and on a
 * server (no `window`).
 */
export function define(): void;

/**
 * Mounts a widget on `element` (its own content is the fallback, shown until
 * the widget renders and again after `destroy()`). Without `options`, the
 * element's attributes are read. Rejects if the module cannot load (blocked
 * wasm, no WebAssembly); the element's content then stays as it was. Where
 * another loader (the script tag's embed.js) already serves the page, that
 * one mounts it: one module per page.
 */
export function mount(element: Element, options?: ArticleWidgetOptions): Promise<ArticleWidgetHandle>;

/** This package's version, as `ArticleWidget.version` and the loader's. */
export const version: string;
