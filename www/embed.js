/*
 * article-widget embed loader: the one file partner pages include.
 *
 *   <article-widget feed="https://news.example/feed.json" limit="5">
 *     <a href="https://news.example/">最新信息</a>
 *   </article-widget>
 *   <script async src="https://cdn.example/article-widget/embed.js"></script>
 *
 * It loads the hashed JS glue and .wasm once per page, each checked against
 * the Subresource Integrity this build wrote in, turns every <article-widget>
 * and [data-article-widget] element into a widget, and defines no global but
 * window.ArticleWidget. Nothing here throws into the host page: if the module
 * cannot load (or is not the one this loader names), the element's own
 * content stays.
 * Included twice, the first copy runs and the second does nothing (with a
 * console warning if their versions differ).
 *
 * The __PLACEHOLDERS__ are filled in at build time by scripts/embed-loader.mjs,
 * which writes this file three times: embed.js, v/<version>/embed.js and
 * v/<major>/embed.js, the same but for __ROOT__.
 */
(function () {
  'use strict';
  // The #regions are shared with the npm package's entry (npm/index.js,
  // written by scripts/pack.mjs), which has its own "locate" instead.
  //#region constants
  var VERSION = '__VERSION__';
  var GLUE = '__GLUE__';
  var WASM = '__WASM__';
  // The option names, from `options::NAMES` in src/options.rs.
  var NAMES = __NAMES__;
  var TAG = 'article-widget';
  var DATA_SELECTOR = '[data-article-widget]';
  // Our object carries this brand as an own property: an element with
  // id="ArticleWidget" (named access) or another script's global is not ours.
  var BRAND = Symbol.for(TAG);
  // Who says "not started" in the warnings below.
  var WHO = 'embed.js';

  function warn(message) {
    try {
      console.warn('[article-widget]', message);
    } catch (_) {
      /* a host may have replaced console */
    }
  }
  //#endregion

  //#region guard
  // The first loader on the page wins: widgets are already managed by it. A
  // second copy of the same version (the tag pasted twice) stays silent; a
  // different version says which one runs. Named access makes an element
  // with id="ArticleWidget" or a frame named so (a cross-origin one, whose
  // members throw when read) appear as the global: those we take over. A
  // loader from before the brand (a `mount` function) or one that defined
  // <article-widget> is running; anything else is the page's own global,
  // which we neither overwrite nor share.
  var running;
  try {
    running = window.ArticleWidget;
    if (
      (typeof running !== 'object' && typeof running !== 'function') ||
      !running ||
      running.window === running ||
      running instanceof Node ||
      running instanceof HTMLCollection
    ) {
      running = null;
    } else if (Object.prototype.hasOwnProperty.call(running, BRAND) || typeof running.mount === 'function') {
      running = String(running.version);
    } else {
      warn(WHO + ' ' + VERSION + ' not started: the page has its own window.ArticleWidget');
      return;
    }
  } catch (_) {
    running = null;
  }
  if (running === null && window.customElements && customElements.get(TAG)) running = 'another loader';
  if (running !== null) {
    if (running !== VERSION) warn(WHO + ' ' + VERSION + ' not started: ' + running + ' already runs here');
    return;
  }
  //#endregion

  //#region locate
  // What the glue and the wasm must hash to: a changed byte and the browser
  // refuses them, as it refuses a pinned loader (README, "Versioned URLs and
  // Subresource Integrity").
  var GLUE_INTEGRITY = '__GLUE_INTEGRITY__';
  var WASM_INTEGRITY = '__WASM_INTEGRITY__';
  // Where they are, from this file: './' for /embed.js, '../../' for
  // /v/<version>/embed.js and /v/<major>/embed.js.
  var ROOT = '__ROOT__';

  // The glue and wasm sit at ROOT from this file. Only a classic <script src>
  // knows its own URL (document.currentScript, async or not); loaded any
  // other way (as a module, inlined) the loader does nothing rather than
  // guess which script on the page is ours.
  var script = document.currentScript;
  if (!script || !script.src) {
    warn('include embed.js with <script src>, not as a module or inline');
    return;
  }
  var base = new URL(ROOT, script.src);

  var modulePromise = null;
  function loadModule() {
    if (!modulePromise) {
      // The wasm downloads while the glue loads, not after it, and goes to
      // WebAssembly.instantiateStreaming as a Response; with `integrity` the
      // browser hands that over once the whole body has arrived and matched.
      // The catch only keeps a failed download from being an unhandled
      // rejection; init below still sees it fail.
      var wasmUrl = new URL(WASM, base).href;
      var wasm = fetch(wasmUrl, { integrity: WASM_INTEGRITY }).then(null, function (error) {
        throw new Error('could not load ' + wasmUrl + ': ' + messageOf(error));
      });
      wasm.catch(function () {});
      modulePromise = loadGlue(new URL(GLUE, base).href).then(function (glue) {
        return glue.init({ module_or_path: wasm }).then(function () {
          return glue;
        });
      });
    }
    return modulePromise;
  }

  // The glue is a classic script (scripts/embed-loader.mjs made it one from
  // wasm-bindgen's ES module), loaded by a <script integrity crossorigin>
  // that this removes again once it ran. It defines no global: it hands
  // `init` and `mount` to the element that loaded it, in an event.
  function loadGlue(url) {
    return new Promise(function (resolve, reject) {
      var tag = document.createElement('script');
      var glue = null;
      var done = function (error) {
        tag.remove();
        if (glue) resolve(glue);
        else reject(new Error('could not load ' + url + (error ? ' (missing, blocked, or not the file this loader names)' : ': it did not start')));
      };
      tag.addEventListener('article-widget:glue', function (event) {
        glue = glue || event.detail;
      });
      tag.addEventListener('load', function () { done(false); });
      tag.addEventListener('error', function () { done(true); });
      tag.integrity = GLUE_INTEGRITY;
      tag.crossOrigin = 'anonymous';
      tag.src = scriptUrl(url);
      (document.head || document.documentElement).appendChild(tag);
    });
  }

  // A page that enforces Trusted Types (`require-trusted-types-for 'script'`)
  // takes a script's URL only from a policy: ours is named article-widget.
  var policy;
  function scriptUrl(url) {
    if (policy === undefined) {
      policy = null;
      try {
        if (window.trustedTypes) {
          policy = trustedTypes.createPolicy('article-widget', {
            createScriptURL: function (value) {
              if (value !== url) throw new TypeError('article-widget: not the glue');
              return value;
            },
          });
        }
      } catch (_) {
        /* the page's trusted-types list leaves us out: a plain string it is */
      }
    }
    return policy ? policy.createScriptURL(url) : url;
  }
  //#endregion

  //#region shared
  function messageOf(error) {
    return String(error && error.message ? error.message : error);
  }

  function optionsOf(element) {
    // No prototype: a page's polluted Object.prototype adds no option.
    var options = Object.create(null);
    NAMES.forEach(function (name) {
      var value = element.getAttribute(name);
      if (value === null) value = element.getAttribute('data-' + name);
      if (value !== null) options[name] = value;
    });
    return options;
  }

  var warned = new Set();
  function warnOnce(error) {
    var message = messageOf(error);
    if (warned.has(message)) return; // one failed module load, not one warning per widget
    warned.add(message);
    warn(message);
  }

  /** Mounts a widget on `element`; resolves to a handle with refresh(), update(options), destroy(). */
  function mount(element, options) {
    // An element the loader manages is handed over to the caller, not mounted twice.
    stop(element);
    return loadModule().then(function (glue) {
      return glue.mount(element, options || optionsOf(element));
    });
  }

  // How close to the viewport a lazy widget loads (hooks::use_near_viewport's MARGIN).
  var MARGIN = 200;

  // The feed request of a widget that will load at once (eager, or lazy and
  // already within MARGIN of the viewport, vertically) starts now, while the
  // glue and wasm download, not after the wasm has run: the one fetch src/api
  // would make (`cache: "no-cache"`, nothing else), whose URL, response
  // promise, AbortController and start go to the wasm, which owns everything
  // after (the time limit counted from here, the size cap while reading,
  // retries, errors). Until then stop() aborts it.
  function prefetch(element, options) {
    try {
      var box;
      if (
        String(options.loading).trim().toLowerCase() === 'eager' ||
        ((box = element.getBoundingClientRect()),
        box.bottom >= -MARGIN && box.top <= innerHeight + MARGIN && (box.width || box.height))
      ) {
        var url = new URL(options.feed.trim(), document.baseURI).href;
        var controller = new AbortController();
        var started = performance.now();
        var response = fetch(url, { cache: 'no-cache', signal: controller.signal });
        response.catch(function () {}); // the wasm reports a failure, or nobody wants it
        prefetched.set(element, [url, response, controller, started]);
      }
    } catch (_) {
      /* no feed, or no such URL: the wasm says so */
    }
  }

  // Elements managed automatically: element -> promise of a handle.
  var managed = new Map();
  // Their feed requests not yet handed over: element -> prefetch.
  var prefetched = new Map();

  function start(element) {
    if (managed.has(element)) return;
    var options = optionsOf(element);
    prefetch(element, options);
    var entry = loadModule()
      .then(function (glue) {
        // Removed (or restarted) while the module was loading: not mounted.
        if (managed.get(element) !== entry) return null;
        var first = prefetched.get(element) || [];
        prefetched.delete(element);
        return glue.mount(element, options, first[0], first[1], first[2], first[3]);
      })
      .then(null, function (error) {
        if (managed.get(element) === entry) managed.delete(element);
        // The fallback content stays; embed.css's reserved height goes.
        try {
          element.setAttribute('data-aw-off', '');
        } catch (_) {}
        warnOnce(error);
        return null;
      });
    managed.set(element, entry);
  }

  function stop(element) {
    var first = prefetched.get(element);
    if (first) {
      prefetched.delete(element);
      first[2].abort();
    }
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
  //#endregion

  //#region define
  if (window.customElements) {
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

  try {
    window.ArticleWidget = Object.freeze({ version: VERSION, mount: mount, [BRAND]: true });
  } catch (error) {
    warnOnce(error); // a host's read-only ArticleWidget: the widgets still run
  }
  //#endregion
})();
