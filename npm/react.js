// article-widget for React 19: <ArticleWidget feed="…" limit={5} onReady={…} />
// renders <article-widget> with the attributes and calls define(). React
// cannot bind an event name with a colon (articlewidget:ready), so the
// on… props are added with addEventListener; the latest handler is called.
// Unmounting removes the element, which destroys the widget.
import { createElement, useImperativeHandle, useLayoutEffect, useRef } from 'react';

import { define } from './index.js';

export { define, mount, version } from './index.js';

const EVENTS = [
  ['onReady', 'articlewidget:ready'],
  ['onOpen', 'articlewidget:open'],
  ['onError', 'articlewidget:error'],
];

/** A list of parts as "image,date" (attributes are text; React writes numbers itself). */
function attribute(value) {
  return Array.isArray(value) ? value.join(',') : value;
}

export function ArticleWidget({ onReady, onOpen, onError, ref, children, ...attributes }) {
  const element = useRef(null);
  const handlers = useRef(null);
  handlers.current = { onReady, onOpen, onError };
  useImperativeHandle(ref, () => element.current, []);
  // A layout effect: the listeners are there before the widget, which starts
  // once this commit is over, can report anything.
  useLayoutEffect(() => {
    const target = element.current;
    const listeners = EVENTS.map(([prop, type]) => {
      const listener = (event) => handlers.current[prop]?.(event);
      target.addEventListener(type, listener);
      return [type, listener];
    });
    define();
    return () => listeners.forEach(([type, listener]) => target.removeEventListener(type, listener));
  }, []);
  const props = { ref: element };
  // A prop left out or set to undefined/null is no attribute at all (React would write
  // lang="undefined": `lang` is also a DOM property).
  for (const [name, value] of Object.entries(attributes)) {
    if (value !== undefined && value !== null) props[name] = attribute(value);
  }
  return createElement('article-widget', props, children);
}
