/*
 * article-widget embed loader: the one file partner pages include.
 *
 *   <article-widget feed="https://news.example/feed.json" limit="5">
 *     <a href="https://news.example/">最新信息</a>
 *   </article-widget>
 *   <script async src="https://cdn.example/article-widget/embed.js"></script>
 *
 * It loads the hashed JS glue and .wasm next to itself once per page, turns
 * every <article-widget> and [data-article-widget] element into a widget, and
 * defines no global but window.ArticleWidget. Nothing here throws into the
 * host page: if the module cannot load, the element's own content stays.
 *
 * The __PLACEHOLDERS__ are filled in at build time by scripts/embed-loader.mjs.
 */
(function () {
  'use strict';
  if (window.ArticleWidget) return; // the tag was included twice

  var VERSION = '__VERSION__';
  var GLUE = '__GLUE__';
  var WASM = '__WASM__';
  var NAMES = ['feed', 'limit', 'layout', 'theme', 'lang', 'open', 'show', 'heading', 'accent', 'loading', 'timezone', 'timeout'];
  var TAG = 'article-widget';
  var DATA_SELECTOR = '[data-article-widget]';

  var script = document.currentScript || document.querySelector('script[src*="embed.js"]');
  var base = new URL('.', (script && script.src) || location.href);

  var modulePromise = null;
  function loadModule() {
    if (!modulePromise) {
      // The wasm downloads (and compiles, streaming) while the glue loads,
      // not after it. The catch only keeps a failed download from being an
      // unhandled rejection; init below still sees it fail.
      var wasm = fetch(new URL(WASM, base));
      wasm.catch(function () {});
      modulePromise = import(new URL(GLUE, base).href).then(function (glue) {
        return glue.default({ module_or_path: wasm }).then(function () {
          return glue;
        });
      });
    }
    return modulePromise;
  }

  function optionsOf(element) {
    var options = {};
    NAMES.forEach(function (name) {
      var value = element.getAttribute(name);
      if (value === null) value = element.getAttribute('data-' + name);
      if (value !== null) options[name] = value;
    });
    return options;
  }

  var warned = new Set();
  function warn(error) {
    var message = String(error && error.message ? error.message : error);
    if (warned.has(message)) return; // one failed module load, not one warning per widget
    warned.add(message);
    try {
      console.warn('[article-widget]', message);
    } catch (_) {
      /* a host may have replaced console */
    }
  }

  /** Mounts a widget on `element`; resolves to a handle with refresh(), update(options), destroy(). */
  function mount(element, options) {
    // An element the loader manages is handed over to the caller, not mounted twice.
    stop(element);
    return loadModule().then(function (glue) {
      return glue.mount(element, options || optionsOf(element));
    });
  }

  // Elements managed automatically: element -> promise of a handle.
  var managed = new Map();

  function start(element) {
    if (managed.has(element)) return;
    var entry = mount(element, optionsOf(element)).then(
      function (handle) {
        // Removed (or restarted) while the module was loading.
        if (managed.get(element) !== entry) {
          handle.destroy();
          return null;
        }
        return handle;
      },
      function (error) {
        if (managed.get(element) === entry) managed.delete(element);
        warn(error);
        return null;
      }
    );
    managed.set(element, entry);
  }

  function stop(element) {
    var handle = managed.get(element);
    if (!handle) return;
    managed.delete(element);
    handle.then(function (h) {
      if (h) h.destroy();
    });
  }

  function update(element) {
    var handle = managed.get(element);
    if (!handle) return;
    handle.then(function (h) {
      if (h) h.update(optionsOf(element));
    });
  }

  if (window.customElements && !customElements.get(TAG)) {
    var observed = NAMES.concat(NAMES.map(function (name) { return 'data-' + name; }));
    customElements.define(
      TAG,
      class extends HTMLElement {
        static get observedAttributes() { return observed; }
        connectedCallback() { start(this); }
        disconnectedCallback() { stop(this); }
        attributeChangedCallback() { update(this); }
      }
    );
  }

  // <div data-article-widget …> for CMSes that strip unknown tags: found now,
  // and whenever a host SPA adds, removes or reconfigures one.
  function scan(node) {
    if (!(node instanceof Element)) return;
    if (node.matches(DATA_SELECTOR)) start(node);
    node.querySelectorAll(DATA_SELECTOR).forEach(start);
  }
  function sweep() {
    managed.forEach(function (_, element) {
      if (!element.isConnected && element.localName !== TAG) stop(element);
    });
  }
  new MutationObserver(function (records) {
    records.forEach(function (record) {
      if (record.type === 'attributes') {
        if (record.target.matches(DATA_SELECTOR)) {
          managed.has(record.target) ? update(record.target) : start(record.target);
        }
      } else {
        record.addedNodes.forEach(scan);
      }
    });
    sweep();
  }).observe(document.documentElement, {
    childList: true,
    subtree: true,
    attributes: true,
    attributeFilter: ['data-article-widget'].concat(NAMES.map(function (name) { return 'data-' + name; })),
  });
  scan(document.documentElement);

  window.ArticleWidget = Object.freeze({ version: VERSION, mount: mount });
})();
