// article-widget __VERSION__: the npm package's entry, an ES module.
//
//   import { define } from 'article-widget';
//   define(); // <article-widget feed="…"> and [data-article-widget] now work
//
// Written by scripts/pack.mjs from this template: each `//#include NAME` line
// becomes the region NAME of www/embed.js, verbatim, so the package and the
// script-tag loader are one code (the guard that lets the first loader on a
// page win, the options, mount, the custom element), and the placeholders
// are filled in as scripts/embed-loader.mjs fills embed.js's. What differs is
// how the glue and wasm are found: next to this module (import.meta.url), as
// bundlers expect, not next to a <script src>. Importing it does nothing
// until define() or mount() is called.

//#include constants
WHO = 'the npm package';

var modulePromise = null;
/** The ES-module glue and the wasm beside this file, loaded once. */
function loadModule() {
  if (!modulePromise) {
    // The wasm downloads while the glue loads (see embed.js's loadModule).
    var wasm = fetch(new URL('./__WASM__', import.meta.url));
    wasm.catch(function () {});
    modulePromise = import('./__GLUE__').then(function (glue) {
      return glue.default({ module_or_path: wasm }).then(function () {
        return glue;
      });
    });
  }
  return modulePromise;
}

//#include shared

var defined = false;

/**
 * Registers <article-widget> and starts every [data-article-widget] element,
 * now and as they are added, as embed.js does. On a page where another
 * loader (embed.js, or another copy of this package) already runs, that one
 * serves every widget and this does nothing (with a warning naming both
 * versions when they differ); a page's own, unrelated window.ArticleWidget is
 * left alone. Calling it again does nothing; on a server (no window) neither.
 */
export function define() {
  if (defined || typeof window === 'undefined') return;
  defined = true;
  //#include guard
  //#include define
}

export { mount, VERSION as version };
