/*
 * The configurator (configure.html): reads the form, sets the preview
 * widget's attributes (the real widget, from this build's embed.js, which
 * re-renders on attribute changes), and writes the snippets. Plain JS, no
 * inline anything: it runs under the site's Content-Security-Policy.
 */
(function () {
  'use strict';

  // Every option the widget reads, in the order of `options::NAMES` in
  // src/options.rs (tests/e2e/configure.test.mjs checks they agree), with the
  // value that means "the widget's default": those stay out of the snippet.
  var DEFAULTS = {
    feed: null,
    article: '',
    limit: '10',
    layout: 'list',
    theme: 'light',
    lang: '',
    open: 'inline',
    show: 'image,summary,date,source',
    heading: '',
    accent: '',
    loading: 'lazy',
    timezone: 'publisher',
    timeout: '10',
    storage: 'local',
    refresh: '',
    tags: '',
  };
  var NAMES = Object.keys(DEFAULTS);
  var DEFAULT_ACCENT = '#b5121b';
  var PARTS = ['image', 'summary', 'date', 'source', 'tags'];

  var form = document.getElementById('cfg-options');
  var widget = document.getElementById('cfg-widget');
  var feedInput = form.elements.feed;
  var accentInput = form.elements.accent;
  var accentPick = document.getElementById('cfg-accent-pick');
  var baseInput = document.getElementById('cfg-base');
  var previewStatus = document.getElementById('cfg-preview-status');
  var pinNote = document.getElementById('cfg-pin-note');
  var outputs = {
    element: document.getElementById('cfg-element'),
    div: document.getElementById('cfg-div'),
    react: document.getElementById('cfg-react'),
  };

  // This site's own sample feed, and this page's own origin and base path.
  var siteBase = new URL('./', document.baseURI).href;
  feedInput.value = new URL('feed.json', siteBase).href;
  baseInput.value = siteBase;

  // The last valid value of each field that can hold an invalid one.
  var last = { feed: feedInput.value, limit: DEFAULTS.limit, timeout: DEFAULTS.timeout, accent: '', base: siteBase };
  // integrity.json of this build, when the site has one (see loadIntegrity).
  var integrity = null;

  function showError(input, errorId, invalid) {
    if (invalid) input.setAttribute('aria-invalid', 'true');
    else input.removeAttribute('aria-invalid');
    if (errorId) document.getElementById(errorId).hidden = !invalid;
  }

  function httpUrl(text, base) {
    try {
      var url = new URL(text.trim(), base);
      return url.protocol === 'http:' || url.protocol === 'https:' ? url.href : null;
    } catch (_) {
      return null;
    }
  }

  function wholeNumber(name, min, max, errorId) {
    var input = form.elements[name];
    var text = input.value.trim();
    var ok = /^\d+$/.test(text) && Number(text) >= min && Number(text) <= max;
    showError(input, errorId, !ok);
    if (ok) last[name] = String(Number(text));
    return last[name];
  }

  function isColour(text) {
    return !!(window.CSS && CSS.supports && CSS.supports('color', text)) && !/\b(?:var|env|attr)\(/i.test(text);
  }

  /** The value of every option, as attribute strings. */
  function read() {
    var feed = httpUrl(feedInput.value, siteBase);
    showError(feedInput, 'cfg-feed-error', !feed);
    if (feed) last.feed = feed;

    var accent = accentInput.value.trim();
    var accentOk = accent === '' || isColour(accent);
    showError(accentInput, 'cfg-accent-error', !accentOk);
    if (accentOk) last.accent = accent.toLowerCase() === DEFAULT_ACCENT ? '' : accent;

    var parts = PARTS.filter(function (part) {
      return form.querySelector('input[name="show"][value="' + part + '"]').checked;
    });

    return {
      feed: last.feed,
      article: form.elements.article.value.trim(),
      limit: wholeNumber('limit', 1, 100, 'cfg-limit-error'),
      layout: form.elements.layout.value,
      theme: form.elements.theme.value,
      lang: form.elements.lang.value,
      open: form.elements.open.value,
      show: parts.length ? parts.join(',') : 'none',
      heading: form.elements.heading.value.trim(),
      accent: last.accent,
      loading: form.elements.loading.value,
      timezone: form.elements.timezone.value,
      timeout: wholeNumber('timeout', 1, 60, 'cfg-timeout-error'),
      storage: form.elements.storage.value,
      refresh: form.elements.refresh.value,
      tags: form.elements.tags.value.trim(),
    };
  }

  /** The options that differ from the default, in NAMES order: [[name, value]]. */
  function changed(values) {
    return NAMES.filter(function (name) {
      return values[name] !== DEFAULTS[name];
    }).map(function (name) {
      return [name, values[name]];
    });
  }

  function escapeHtml(text) {
    return text.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
  }

  /** ` name="value"` for each, on one line, or one a line when that line would be long. */
  function attributes(pairs, indent) {
    var written = pairs.map(function (pair) {
      return pair[0] + '="' + escapeHtml(pair[1]) + '"';
    });
    if (written.length <= 1 || written.join(' ').length <= 72) return ' ' + written.join(' ');
    return '\n' + written.map(function (a) {
      return indent + '  ' + a;
    }).join('\n') + '\n' + indent;
  }

  /** A JSX prop: numbers as numbers, plain strings quoted, anything else as a JS string. */
  function prop(name, value) {
    if ((name === 'limit' || name === 'timeout' || name === 'refresh') && /^\d+$/.test(value)) return name + '={' + value + '}';
    if (/^[^"&{}<>\\]*$/.test(value)) return name + '="' + value + '"';
    return name + '={' + JSON.stringify(value) + '}';
  }

  /** Where the snippet loads embed.js and embed.css from, with SRI when pinned. */
  function assets() {
    var base = last.base;
    var pinned = integrity && document.querySelector('input[name="pin"]:checked').value === 'pinned';
    if (pinned) {
      var dir = 'v/' + integrity.version + '/';
      return {
        js: base + dir + 'embed.js',
        css: base + dir + 'embed.css',
        jsSri: integrity.files[dir + 'embed.js'],
        cssSri: integrity.files[dir + 'embed.css'],
        npm: tarball(integrity.version),
      };
    }
    var auto = integrity ? 'v/' + integrity.major + '/' : '';
    return { js: base + auto + 'embed.js', css: base + auto + 'embed.css', npm: tarball(integrity ? integrity.version : '<version>') };
  }

  // The package is not on a registry: it is the tarball the build makes
  // (scripts/pack.mjs), installed by its path.
  function tarball(version) {
    return './article-widget-' + version + '.tgz  # the tarball from `node scripts/pack.mjs`';
  }

  function sri(value) {
    return value ? ' integrity="' + value + '" crossorigin="anonymous"' : '';
  }

  function snippets(values) {
    var pairs = changed(values);
    var at = assets();
    var fallbackHref = new URL('./', values.feed).href;
    // The widget's own default heading in that language (src/ui_text.rs).
    var fallbackText = values.heading || { en: 'Latest', 'zh-Hant': '最新消息' }[values.lang] || '最新信息';
    var fallback = '  <a href="' + escapeHtml(fallbackHref) + '">' + escapeHtml(fallbackText) + '</a>\n';
    var link = '<link rel="stylesheet" href="' + escapeHtml(at.css) + '"' + sri(at.cssSri) + '>\n';
    var script = '<script async src="' + escapeHtml(at.js) + '"' + sri(at.jsSri) + '></script>\n';
    var dataPairs = pairs.map(function (pair) {
      return ['data-' + pair[0], pair[1]];
    });
    var props = pairs.map(function (pair) {
      return prop(pair[0], pair[1]);
    });
    var open =
      props.length <= 1 || props.join(' ').length <= 60
        ? '    <ArticleWidget ' + props.join(' ') + '>\n'
        : '    <ArticleWidget\n' + props.map(function (p) {
            return '      ' + p + '\n';
          }).join('') + '    >\n';
    var jsxText = /^[^{}<>&]*$/.test(fallbackText) ? fallbackText : '{' + JSON.stringify(fallbackText) + '}';
    var jsx =
      '  return (\n' + open +
      '      <a ' + prop('href', fallbackHref) + '>' + jsxText + '</a>\n' +
      '    </ArticleWidget>\n  );\n';
    return {
      element: link + '<article-widget' + attributes(pairs, '') + '>\n' + fallback + '</article-widget>\n' + script,
      div: link + '<div data-article-widget' + attributes(dataPairs, '') + '>\n' + fallback + '</div>\n' + script,
      react:
        '// npm install ' + at.npm + '\n' +
        "import { ArticleWidget } from 'article-widget/react';\n" +
        "// Reserves the widget's height before it loads, as embed.css's <link> does\n" +
        "import 'article-widget/embed.css';\n\n" +
        'export function LatestArticles() {\n' + jsx + '}\n',
    };
  }

  /** Sets the preview's attributes to the snippet's: changed ones set, the rest removed. */
  function preview(values) {
    var changedAny = false;
    NAMES.forEach(function (name) {
      var value = values[name] === DEFAULTS[name] ? null : values[name];
      var now = widget.getAttribute(name);
      // The page's own feed="feed.json" is the same feed as its absolute URL: no refetch.
      if (now === value || (name === 'feed' && now !== null && new URL(now, document.baseURI).href === value)) return;
      if (value === null) widget.removeAttribute(name);
      else widget.setAttribute(name, value);
      changedAny = true;
    });
    // What the last event said ("10 articles shown") may no longer hold; the next one says it again.
    if (changedAny) previewStatus.textContent = '';
  }

  function render() {
    var values = read();
    preview(values);
    var texts = snippets(values);
    Object.keys(outputs).forEach(function (key) {
      var output = outputs[key];
      if (output.value === texts[key]) return;
      output.value = texts[key];
      // Lines are not wrapped (configure.css), so the text's lines are the box's.
      output.rows = Math.max(4, texts[key].split('\n').length + 1);
      // A confirmation belongs to the text it confirms.
      output.parentNode.querySelector('.cfg-copied').textContent = '';
    });
  }

  // Text fields that would refetch or rewrite on every keystroke (the feed,
  // the article, the tags, the base URL) apply on change (leaving the field, or Enter); the rest at once.
  var onChange = [feedInput, form.elements.article, form.elements.tags];
  form.addEventListener('input', function (event) {
    if (onChange.indexOf(event.target) < 0) render();
  });
  form.addEventListener('change', render);
  onChange.forEach(function (input) {
    input.addEventListener('keydown', function (event) {
      if (event.key === 'Enter') render(); // the form has no submit button, so Enter submits nothing
    });
  });
  form.addEventListener('submit', function (event) {
    event.preventDefault(); // Enter in a field applies it; nothing is sent anywhere
    render();
  });
  accentPick.addEventListener('input', function () {
    accentInput.value = accentPick.value;
    render();
  });
  accentInput.addEventListener('input', function () {
    if (/^#[0-9a-f]{6}$/i.test(accentInput.value.trim())) accentPick.value = accentInput.value.trim().toLowerCase();
  });

  function applyBase() {
    var base = httpUrl(baseInput.value, siteBase);
    showError(baseInput, 'cfg-base-error', !base);
    if (base) last.base = base.replace(/[?#].*$/, '').replace(/\/?$/, '/');
    render();
  }
  baseInput.addEventListener('change', applyBase);
  baseInput.addEventListener('keydown', function (event) {
    if (event.key === 'Enter') applyBase();
  });
  document.querySelectorAll('input[name="pin"]').forEach(function (radio) {
    radio.addEventListener('change', render);
  });

  // Copy: the Clipboard API, else the text is selected for Ctrl+C.
  document.querySelectorAll('button[data-copy]').forEach(function (button) {
    var output = document.getElementById(button.getAttribute('data-copy'));
    var status = button.parentNode.querySelector('.cfg-copied');
    button.addEventListener('click', function () {
      var selectIt = function () {
        output.focus();
        output.select();
        status.textContent = 'Selected: press Ctrl+C (⌘C on a Mac) to copy.';
      };
      if (!navigator.clipboard || !navigator.clipboard.writeText) return selectIt();
      navigator.clipboard.writeText(output.value).then(function () {
        status.textContent = 'Copied.';
      }, selectIt);
    });
  });

  // The preview's own events, told in words.
  widget.addEventListener('articlewidget:ready', function (event) {
    var count = event.detail && event.detail.count;
    previewStatus.textContent = 'Preview: ' + count + (count === 1 ? ' article' : ' articles') + ' shown.';
  });
  widget.addEventListener('articlewidget:error', function (event) {
    var detail = event.detail || {};
    previewStatus.textContent =
      'Preview: the widget shows its error state (' + detail.kind + ': ' + detail.message + ').' +
      (detail.kind === 'network' ? ' A feed on another site must allow CORS.' : '');
  });

  // A widget the loader gave up on (the wasm blocked, no WebAssembly) keeps its fallback link.
  new MutationObserver(function () {
    if (widget.hasAttribute('data-aw-off')) previewStatus.textContent = 'Preview: the widget cannot run in this browser; its fallback link stays.';
  }).observe(widget, { attributes: true, attributeFilter: ['data-aw-off'] });

  /**
   * integrity.json (written by the build next to this page):
   * {"version":"0.1.0","major":"0","files":{"v/0.1.0/embed.js":"sha384-…","v/0.1.0/embed.css":"sha384-…"}}.
   * Without it (or with something else in it) only the unpinned address is offered.
   */
  function loadIntegrity() {
    var pinned = document.querySelector('input[name="pin"][value="pinned"]');
    var absent = function () {
      pinNote.textContent =
        'This site has no integrity.json, so only the auto-updating address (embed.js) is offered: ' +
        'a pinned version with Subresource Integrity needs a build that writes one.';
      render();
    };
    fetch(new URL('integrity.json', siteBase).href, { cache: 'no-cache' })
      .then(function (response) {
        return response.ok ? response.json() : null;
      })
      .then(function (json) {
        var version = json && json.version;
        var files = json && json.files;
        var ok =
          typeof version === 'string' &&
          /^\d+\.\d+\.\d+$/.test(version) &&
          typeof json.major === 'string' &&
          /^\d+$/.test(json.major) &&
          files &&
          /^sha384-[A-Za-z0-9+/]+=*$/.test(files['v/' + version + '/embed.js']) &&
          /^sha384-[A-Za-z0-9+/]+=*$/.test(files['v/' + version + '/embed.css']);
        if (!ok) return absent();
        integrity = { version: version, major: json.major, files: files };
        pinned.disabled = false;
        document.getElementById('cfg-pin-auto-label').textContent =
          'Auto-updating: the latest ' + json.major + '.x (v/' + json.major + '/embed.js)';
        document.getElementById('cfg-pin-pinned-label').textContent =
          'Pinned: ' + version + ', with Subresource Integrity (v/' + version + '/embed.js)';
        pinNote.textContent =
          'Auto-updating gets fixes and new features without breaking changes; pinned never changes, ' +
          'and the browser refuses it if a byte differs.';
        render();
      })
      .catch(absent);
  }

  render();
  loadIntegrity();
})();
