/*
 * The hand-written baseline for bench/run.mjs: the article widget's job done
 * in plain DOM code, written to be as fast as that can be. Same feed, same
 * cards, same article view, same CSS (www/widget.css, filled in for
 * WIDGET_CSS by bench/build-vanilla.mjs, so one script brings everything) and
 * the same DOM structure and classes as the Yew components.
 *
 *   <div data-vanilla-widget data-feed="/feed.json" data-limit="20"></div>
 *   <script async src="vanilla-widget.js"></script>
 *
 * The job, as the Yew widget does it: an open shadow root with the stylesheet
 * inside, a skeleton while loading, the feed fetched when the widget nears the
 * viewport (`loading="lazy"`, the default) with a time limit, retries with
 * backoff and a 5 MB cap, the last good copy kept in localStorage, feed HTML
 * never put into the page as HTML (an inert DOMParser document walked with an
 * allow-list), only http(s) links and images, excerpts cut between grapheme
 * clusters, times as the publisher wrote them, the article opened inline with
 * focus on its heading and back again, and the same `articlewidget:*` events.
 *
 * Where being fast allows it, work is done lazily: an item is turned into an
 * article (links resolved, dates read, body split or converted) only when its
 * card or article is rendered, so decoding a feed costs JSON.parse and one
 * pass over the ids. Options implemented: feed, limit (1–100, plus `all` for
 * the benchmark's 10,000-card page), heading, lang, theme, layout, loading,
 * timeout. Not implemented (the benchmark uses their defaults): open, show,
 * accent, timezone, WordPress feeds, the JS API.
 */
/* global WIDGET_CSS */
(() => {
  'use strict';
  if (window.__vanillaWidget) return; // the tag was included twice
  window.__vanillaWidget = true;

  const SELECTOR = '[data-vanilla-widget]';
  const MAX_BYTES = 5 * 1024 * 1024;
  const EXCERPT = 80;
  const STORE = 'vanilla-widget:v1:';
  const STORE_MAX = 512 * 1024;
  const STORE_FEEDS = 8;

  const TEXT = {
    'zh-CN': {
      heading: '最新信息', loading: '正在加载…', back: '返回列表', source: '文章来源:', untitled: '(无标题)',
      empty: '暂时还没有文章。', more: '加载更多', moreFailed: '更多内容加载失败,请重试。', retry: '重试',
      visit: '前往网站', error: '内容暂时无法显示', readOriginal: '阅读原文', sep: '、',
      stale: '暂时无法更新,显示的是之前保存的内容。', notFound: '找不到这篇文章',
      skipped: (n) => `另有 ${n} 条内容因格式有误未显示。`,
      ago: (m) => (m < 1 ? '刚刚' : m < 60 ? `${m}分钟前` : `${(m / 60) | 0}小时前`),
      failed: { network: '网络连接失败,请检查网络后重试。', timeout: '信息源响应超时,请稍后重试。',
        http: '服务器拒绝了请求。', too_large: '信息源过大(超过 5 MB)。', feed: '信息源的内容不是 JSON Feed 格式。',
        config: '页面没有指定信息源。' },
    },
    en: {
      heading: 'Latest', loading: 'Loading…', back: 'Back to the list', source: 'Source: ', untitled: '(untitled)',
      empty: 'No articles yet.', more: 'Load more', moreFailed: 'More articles could not be loaded. Try again.',
      retry: 'Try again', visit: 'Go to the site', error: 'This content cannot be shown right now',
      readOriginal: 'Read the original', sep: ', ', stale: 'Could not update: showing a copy saved earlier.',
      notFound: 'Article not found',
      skipped: (n) => (n === 1 ? '1 more item could not be shown: it is malformed.' : `${n} more items could not be shown: they are malformed.`),
      ago: (m) => (m < 1 ? 'just now' : m < 60 ? `${m} min ago` : `${(m / 60) | 0} hours ago`),
      failed: { network: 'The network connection failed.', timeout: 'The feed took too long to answer.',
        http: 'The server refused the request.', too_large: 'The feed is too large (over 5 MB).',
        feed: 'The feed is not a JSON Feed.', config: 'No feed was given.' },
    },
  };
  const langOf = (tag) => {
    const primary = String(tag || '').trim().toLowerCase().split(/[-_]/)[0];
    return primary === 'zh' ? 'zh-CN' : primary === 'en' ? 'en' : null;
  };

  // ---- Small DOM helpers ----------------------------------------------------

  const el = (tag, className, text) => {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined) node.textContent = text;
    return node;
  };

  // ---- Reading the feed -----------------------------------------------------

  /** A non-blank string, trimmed; anything else (a number, an object) is absent. */
  const str = (value) => (typeof value === 'string' && (value = value.trim()) ? value : undefined);
  const isObject = (value) => value !== null && typeof value === 'object' && !Array.isArray(value);

  // A root-relative path of plain segments (none empty, none starting with a
  // dot, nothing to percent-encode) resolves to the base's origin + itself:
  // no need to run the URL parser for it.
  const PLAIN_PATH = /^(?:\/[A-Za-z0-9_~-][A-Za-z0-9._~-]*)+\/?$/;
  const origins = new Map();
  const resolved = new Map(); // images and source links repeat from item to item

  /** An http(s) URL resolved against `base`, in canonical form, or undefined. */
  const link = (raw, base) => {
    if (typeof raw !== 'string') return undefined;
    if (PLAIN_PATH.test(raw)) {
      let origin = origins.get(base);
      if (origin === undefined) origins.set(base, (origin = /^https?:$/.test(new URL(base).protocol) ? new URL(base).origin : null));
      if (origin) return origin + raw;
    }
    const key = base + '\n' + raw;
    if (resolved.has(key)) return resolved.get(key);
    let href;
    if (/[^\0- ]/.test(raw)) {
      try {
        const url = new URL(raw, base);
        if (url.protocol === 'https:' || url.protocol === 'http:') href = url.href;
      } catch {
        href = undefined;
      }
    }
    if (resolved.size < 1000) resolved.set(key, href);
    return href;
  };

  const RFC3339 = /^(\d{4})-(\d{2})-(\d{2})[Tt ](\d{2}):(\d{2}):(\d{2})(\.\d+)?([Zz]|([+-])(\d{2}):(\d{2}))$/;
  /** An RFC 3339 date-time as the publisher wrote it, or undefined. */
  const timestamp = (raw) => {
    const s = str(raw);
    const m = s && RFC3339.exec(s);
    if (!m) return undefined;
    const [y, mo, d, h, mi, sec] = [+m[1], +m[2], +m[3], +m[4], +m[5], +m[6]];
    const oh = m[10] ? +m[10] : 0;
    const om = m[11] ? +m[11] : 0;
    const days = mo === 2 ? (y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0) ? 29 : 28) : 30 + ((mo + (mo >> 3)) & 1);
    if (mo < 1 || mo > 12 || d < 1 || d > days || h > 23 || mi > 59 || sec > 60 || oh > 23 || om > 59) return undefined;
    const offset = (m[9] === '-' ? -1 : 1) * (oh * 60 + om);
    let rfc = s.slice(0, 10) + 'T' + s.slice(11);
    if (rfc.endsWith('z')) rfc = rfc.slice(0, -1) + 'Z';
    return {
      rfc,
      // The wall-clock time at the publisher, straight from the text.
      label: `${m[1]}-${m[2]}-${m[3]} ${m[4]}:${m[5]}`,
      unix: Date.UTC(y, mo - 1, d, h, mi, sec) / 1000 - offset * 60,
    };
  };

  /** One paragraph per line, print-style indentation trimmed, blank lines dropped. */
  const paragraphs = (text) => text.split(/[\n\r\u2028\u2029]/).map((line) => line.trim()).filter(Boolean);

  let segmenter;
  const CJK = /[\u3000-\u303f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff\uff00-\uffef\u{20000}-\u{2fa1f}]$/u;
  /** The first `max` graphemes of `text`, with "……" after Chinese, "…" otherwise, when cut. */
  const excerpt = (text, max = EXCERPT) => {
    text = text.trim();
    if (text.length <= max) return text; // max graphemes need at least max code units
    segmenter ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
    let count = 0;
    for (const { index } of segmenter.segment(text)) {
      if (count++ === max) {
        const kept = text.slice(0, index).trimEnd();
        return kept + (CJK.test(kept) ? '……' : '…');
      }
    }
    return text;
  };

  const VERSION = /^https?:\/\/jsonfeed\.org\/version\/(1|1\.1)\/*$/;

  /**
   * Text to feed: JSON.parse, the envelope checked, and one pass over the
   * items that skips those without a usable or unique id. Everything else is
   * read per item when it is shown (see `article`).
   */
  const decode = (text, feedUrl) => {
    const start = performance.now();
    let json;
    try {
      json = JSON.parse(text);
    } catch (error) {
      throw { kind: 'feed', message: `not JSON: ${error.message}` };
    }
    if (!isObject(json)) throw { kind: 'feed', message: 'not a JSON object' };
    if (typeof json.version !== 'string' || !VERSION.test(json.version)) throw { kind: 'feed', message: 'not a JSON Feed version' };
    if (!Array.isArray(json.items)) throw { kind: 'feed', message: 'no items' };
    const ext = isObject(json._article) ? json._article : {};
    const feed = {
      url: feedUrl,
      language: str(json.language),
      disclaimer: str(ext.disclaimer),
      next: link(json.next_url, feedUrl),
      items: [],
      skipped: 0,
    };
    const seen = new Set();
    for (const raw of json.items) {
      let id = isObject(raw) ? raw.id : undefined;
      if (typeof id === 'number') id = String(id);
      if (typeof id !== 'string' || !id.trim() || id === '.' || id === '..' || seen.has(id)) {
        feed.skipped++;
        continue;
      }
      seen.add(id);
      feed.items.push({ id, raw, feed, view: null });
    }
    performance.measure('vanilla-widget:decode', { start, end: performance.now() });
    return feed;
  };

  /** An item read into what the views show; done once, when first shown. */
  const article = (item) => {
    if (item.view) return item.view;
    const { raw, feed } = item;
    const url = link(raw.url, feed.url);
    const ext = isObject(raw._article) ? raw._article : {};
    const source = isObject(ext.source) && str(ext.source.name) ? { name: str(ext.source.name), url: link(ext.source.url, feed.url) } : undefined;
    const authors = Array.isArray(raw.authors) && raw.authors.every(isObject) ? raw.authors : isObject(raw.author) ? [raw.author] : [];
    const html = str(raw.content_html);
    const text = str(raw.content_text);
    let body;
    const v = {
      id: item.id,
      url,
      title: str(raw.title),
      summary: str(raw.summary),
      image: link(raw.image, feed.url),
      published: timestamp(raw.date_published),
      authors: authors.map((a) => str(a.name)).filter(Boolean),
      lang: str(raw.language) || feed.language,
      source,
      disclaimer: str(ext.disclaimer) || feed.disclaimer,
      // Blocks (from HTML) or paragraphs (from text), made on first use.
      get body() {
        if (body === undefined) {
          body = html ? { blocks: htmlToBlocks(html, url || feed.url) } : text ? { paragraphs: paragraphs(text) } : {};
        }
        return body;
      },
      get excerpt() {
        if (this.summary) return this.summary;
        const first = this.body.paragraphs ? this.body.paragraphs[0] : this.body.blocks ? firstText(this.body.blocks) : undefined;
        return first ? excerpt(first) : undefined;
      },
    };
    return (item.view = v);
  };

  // ---- Feed HTML to safe blocks (the rules of src/model/blocks.rs) -----------

  const DROPPED = new Set(('script style template noscript iframe frame frameset object embed applet form input button ' +
    'select textarea option head title meta link base svg math canvas audio video source track map area dialog portal ' +
    'param noembed noframes xmp plaintext').split(' '));
  const CONTAINERS = new Set(('div section article main header footer aside nav body html center details summary table ' +
    'thead tbody tfoot tr dl figcaption address hgroup picture li dt dd td th caption').split(' '));

  let parser;
  const htmlToBlocks = (html, base) => {
    // An inert document: no script runs, nothing loads. Its nodes are only
    // read; the page gets new elements with checked attributes.
    parser ??= new DOMParser();
    const body = parser.parseFromString(html, 'text/html').body;
    return body ? convert(body, base) : [];
  };

  /** Appends text with HTML white space runs folded to one space, merged with the text before. */
  const pushText = (out, text) => {
    let folded = text.replace(/[ \t\n\r\f]+/g, ' ');
    if (!folded) return;
    const last = out.length - 1;
    if (typeof out[last] === 'string') {
      if (out[last].endsWith(' ') && folded.startsWith(' ')) folded = folded.slice(1);
      out[last] += folded;
    } else out.push(folded);
  };
  const extend = (out, more) => {
    for (const inline of more) typeof inline === 'string' ? pushText(out, inline) : out.push(inline);
  };
  const trimInlines = (inl) => {
    while (inl.length && inl[0].k === 'br') inl.shift();
    while (inl.length && inl[inl.length - 1].k === 'br') inl.pop();
    if (typeof inl[0] === 'string') inl[0] = inl[0].trimStart();
    if (typeof inl[inl.length - 1] === 'string') inl[inl.length - 1] = inl[inl.length - 1].trimEnd();
    return inl.filter((inline) => inline !== '');
  };
  const textOf = (node) => {
    if (node.nodeType === 3) return node.data;
    if (node.nodeType !== 1 || DROPPED.has(node.localName)) return '';
    let text = '';
    for (let child = node.firstChild; child; child = child.nextSibling) text += textOf(child);
    return text;
  };
  const imageOf = (node, base) => {
    const src = link(node.getAttribute('src'), base);
    return src ? { src, alt: (node.getAttribute('alt') || '').trim() } : undefined;
  };
  const findImage = (node, base) => {
    for (let child = node.firstChild; child; child = child.nextSibling) {
      if (child.nodeType !== 1) continue;
      const name = child.localName;
      if (name === 'img') return imageOf(child, base);
      if (name !== 'figcaption' && !DROPPED.has(name)) {
        const image = findImage(child, base);
        if (image) return image;
      }
    }
    return undefined;
  };
  const linkHref = (raw, base) => {
    const trimmed = raw.replace(/^[\0- ]+|[\0- ]+$/g, '');
    if (trimmed.length > 7 && /^mailto:/i.test(trimmed) && !/[\t\n\r<>"]/.test(trimmed)) return trimmed;
    return link(raw, base);
  };

  const inlineChildren = (node, base) => {
    const out = [];
    for (let child = node.firstChild; child; child = child.nextSibling) extend(out, inlineOf(child, base));
    return out;
  };
  const wrap = (k, c) => (c.length ? [{ k, c }] : c);
  const inlineOf = (node, base) => {
    if (node.nodeType === 3) {
      const out = [];
      pushText(out, node.data);
      return out;
    }
    if (node.nodeType !== 1) return [];
    const name = node.localName;
    if (DROPPED.has(name)) return [];
    switch (name) {
      case 'br': return [{ k: 'br' }];
      case 'em': case 'i': case 'cite': case 'dfn': case 'var': return wrap('em', inlineChildren(node, base));
      case 'strong': case 'b': return wrap('strong', inlineChildren(node, base));
      case 'code': case 'kbd': case 'samp': case 'tt': {
        const t = textOf(node);
        return t ? [{ k: 'code', t }] : [];
      }
      case 'a': {
        const c = inlineChildren(node, base);
        const raw = node.getAttribute('href');
        const href = raw === null ? undefined : linkHref(raw, base);
        return href && c.length ? [{ k: 'a', href, c }] : c;
      }
      case 'img': {
        const image = imageOf(node, base);
        return image && image.alt ? [image.alt] : [];
      }
      default: return inlineChildren(node, base);
    }
  };

  const convert = (root, base) => {
    const blocks = [];
    let inl = [];
    const flush = () => {
      const content = trimInlines(inl);
      inl = [];
      if (content.length) blocks.push({ k: 'p', c: content });
    };
    const push = (block) => {
      flush();
      blocks.push(block);
    };
    const visit = (node) => {
      if (node.nodeType === 3) return pushText(inl, node.data);
      if (node.nodeType !== 1) return;
      const name = node.localName;
      if (DROPPED.has(name)) return;
      if (name === 'p') {
        flush();
        const c = trimInlines(inlineChildren(node, base));
        if (c.length) blocks.push({ k: 'p', c });
      } else if (/^h[1-6]$/.test(name)) {
        const c = trimInlines(inlineChildren(node, base));
        // The article's own title is the h1; content headings start at h2.
        if (c.length) push({ k: 'h', level: Math.max(2, +name[1]), c });
      } else if (name === 'ul' || name === 'ol') {
        const items = [];
        for (let child = node.firstChild; child; child = child.nextSibling) {
          const item = trimInlines(child.nodeType === 1 && child.localName === 'li' ? inlineChildren(child, base) : inlineOf(child, base));
          if (item.length) items.push(item);
        }
        if (items.length) push({ k: 'list', ordered: name === 'ol', items });
      } else if (name === 'blockquote') {
        const inner = convert(node, base);
        if (inner.length) push({ k: 'quote', c: inner });
      } else if (name === 'figure') {
        const image = findImage(node, base);
        let caption = [];
        for (let child = node.firstChild; child; child = child.nextSibling) {
          if (child.nodeType === 1 && child.localName === 'figcaption') {
            caption = trimInlines(inlineChildren(child, base));
            break;
          }
        }
        if (image) push({ k: 'figure', image, caption });
        else if (caption.length) push({ k: 'p', c: caption });
      } else if (name === 'img') {
        const image = imageOf(node, base);
        if (image) push({ k: 'figure', image, caption: [] });
      } else if (name === 'pre') {
        const t = textOf(node);
        if (t.trim()) push({ k: 'pre', t: t.trimEnd() });
      } else if (name === 'hr') {
        push({ k: 'hr' });
      } else if (name === 'br') {
        inl.push({ k: 'br' });
      } else if (CONTAINERS.has(name)) {
        flush();
        for (let child = node.firstChild; child; child = child.nextSibling) visit(child);
        flush();
      } else {
        extend(inl, inlineOf(node, base));
      }
    };
    for (let child = root.firstChild; child; child = child.nextSibling) visit(child);
    flush();
    return blocks;
  };

  const inlineText = (inl) => inl.map((i) => (typeof i === 'string' ? i : i.k === 'code' ? i.t : i.k === 'br' ? ' ' : inlineText(i.c))).join('');
  const firstText = (blocks) => {
    for (const b of blocks) {
      const t = b.k === 'p' || b.k === 'h' ? inlineText(b.c)
        : b.k === 'list' ? inlineText(b.items[0] || [])
        : b.k === 'quote' ? firstText(b.c) || ''
        : b.k === 'figure' ? inlineText(b.caption)
        : b.k === 'pre' ? b.t : '';
      if (t.trim()) return t.trim();
    }
    return undefined;
  };

  const renderInlines = (inl, parent) => {
    for (const i of inl) {
      if (typeof i === 'string') parent.append(i);
      else if (i.k === 'br') parent.append(el('br'));
      else if (i.k === 'code') parent.append(el('code', '', i.t));
      else {
        const node = el(i.k);
        if (i.k === 'a') {
          node.setAttribute('href', i.href);
          node.rel = 'noopener noreferrer';
          node.target = '_blank';
        }
        renderInlines(i.c, node);
        parent.append(node);
      }
    }
  };
  const withDir = (node) => (node.setAttribute('dir', 'auto'), node);
  const renderBlocks = (blocks, parent) => {
    for (const b of blocks) {
      let node;
      if (b.k === 'p') renderInlines(b.c, (node = withDir(el('p'))));
      else if (b.k === 'h') renderInlines(b.c, (node = withDir(el('h' + b.level, 'aw-article__subheading'))));
      else if (b.k === 'list') {
        node = el(b.ordered ? 'ol' : 'ul');
        for (const item of b.items) renderInlines(item, node.appendChild(withDir(el('li'))));
      } else if (b.k === 'quote') renderBlocks(b.c, (node = el('blockquote')));
      else if (b.k === 'figure') {
        node = el('figure', 'aw-article__figure');
        const img = el('img');
        img.alt = b.image.alt;
        img.loading = 'lazy';
        img.decoding = 'async';
        img.referrerPolicy = 'no-referrer';
        img.src = b.image.src;
        node.append(img);
        if (b.caption.length) renderInlines(b.caption, node.appendChild(withDir(el('figcaption'))));
      } else if (b.k === 'pre') node = el('pre', '', b.t);
      else node = el('hr');
      parent.append(node);
    }
  };

  // ---- Fetching -------------------------------------------------------------

  const retryable = (e) => e.kind === 'network' || e.kind === 'timeout' || (e.kind === 'http' && (e.status === 408 || e.status === 429 || e.status >= 500));
  const retryAfterMs = (header) => {
    if (!header) return undefined;
    const seconds = /^\s*\d+\s*$/.test(header) ? +header : (Date.parse(header) - Date.now()) / 1000;
    return Number.isFinite(seconds) ? Math.max(0, seconds * 1000) : undefined;
  };

  /** The feed's text: one attempt per `timeout` seconds, up to 3 retries with backoff (or Retry-After). */
  const fetchText = async (url, timeout, alive) => {
    for (let attempt = 0; ; attempt++) {
      const controller = new AbortController();
      alive.controller = controller;
      let timedOut = false;
      const timer = setTimeout(() => ((timedOut = true), controller.abort()), timeout * 1000);
      let error;
      let wait;
      try {
        // `no-cache`: revalidate with the server's ETag, no headers that need a preflight.
        const response = await fetch(url, { cache: 'no-cache', signal: controller.signal });
        if (!response.ok) {
          error = { kind: 'http', status: response.status, message: `HTTP ${response.status}` };
          wait = retryAfterMs(response.headers.get('retry-after'));
        } else {
          if (+response.headers.get('content-length') > MAX_BYTES) throw { kind: 'too_large' };
          const text = await response.text();
          if (text.length > MAX_BYTES) throw { kind: 'too_large' };
          return { text, url: response.url };
        }
      } catch (e) {
        error = e && e.kind ? e : { kind: timedOut ? 'timeout' : 'network', message: String(e && e.message) };
      } finally {
        clearTimeout(timer);
      }
      if (!alive.on || !retryable(error) || attempt >= 3 || wait > 30000) throw error;
      const delay = wait ?? 250 * 2 ** attempt * (1 + Math.random());
      await new Promise((resolve) => setTimeout(resolve, delay));
      if (!alive.on) throw error;
    }
  };

  // The last good copy of each feed, for a repeat visit (at most 8 of 512 KB).
  const stored = {
    read(url) {
      try {
        return localStorage.getItem(STORE + url);
      } catch {
        return null;
      }
    },
    write(url, text) {
      if (text.length > STORE_MAX) return;
      try {
        const index = JSON.parse(localStorage.getItem(STORE + 'index') || '[]').filter((u) => u !== url);
        index.push(url);
        while (index.length > STORE_FEEDS) localStorage.removeItem(STORE + index.shift());
        localStorage.setItem(STORE + url, text);
        localStorage.setItem(STORE + 'index', JSON.stringify(index));
      } catch {
        /* storage full or blocked: no copy, no harm */
      }
    },
  };

  // ---- The widget -----------------------------------------------------------

  const pick = (value, allowed, fallback) => (allowed.includes(value) ? value : fallback);

  const optionsOf = (host) => {
    const get = (name) => host.getAttribute(name) ?? host.getAttribute('data-' + name);
    const limitRaw = (get('limit') || '').trim();
    const limit = limitRaw === 'all' ? Infinity : /^\d+$/.test(limitRaw) && +limitRaw >= 1 && +limitRaw <= 100 ? +limitRaw : 10;
    const timeoutRaw = (get('timeout') || '').trim();
    return {
      feed: str(get('feed')),
      limit,
      heading: str(get('heading')),
      lang: langOf(get('lang')),
      theme: pick((get('theme') || '').trim(), ['light', 'dark', 'auto'], 'light'),
      layout: pick((get('layout') || '').trim(), ['list', 'grid', 'compact', 'headlines'], 'list'),
      eager: (get('loading') || '').trim() === 'eager',
      timeout: /^\d+$/.test(timeoutRaw) && +timeoutRaw >= 1 && +timeoutRaw <= 60 ? +timeoutRaw : 10,
    };
  };

  /** The card every card is cloned from: one cloneNode is cheaper than eight createElements. */
  let cardTemplate;
  const cardPrototype = () => {
    if (cardTemplate) return cardTemplate;
    const li = el('li', 'aw-card');
    const body = li.appendChild(el('article', 'aw-card__body'));
    const h3 = withDir(el('h3', 'aw-card__title'));
    h3.append(el('a', 'aw-card__link'));
    const summary = withDir(el('p', 'aw-card__summary'));
    const meta = el('p', 'aw-card__meta');
    meta.append(el('time'), el('span', 'aw-card__source'));
    const img = el('img', 'aw-card__thumb');
    img.alt = '';
    img.loading = 'lazy';
    img.decoding = 'async';
    body.append(h3, summary, meta, img);
    return (cardTemplate = li);
  };

  class Widget {
    constructor(host) {
      this.host = host;
      this.options = optionsOf(host);
      this.alive = { on: true, controller: null };
      this.shown = this.options.limit;
      const shadow = host.shadowRoot || host.attachShadow({ mode: 'open' });
      const style = el('style', '', WIDGET_CSS);
      const mountPoint = el('div');
      const o = this.options;
      this.root = mountPoint.appendChild(el('div', 'aw-root aw-widget'));
      this.root.dataset.theme = o.theme;
      this.root.dataset.layout = o.layout;
      this.lang = o.lang || langOf(navigator.language) || 'zh-CN';
      this.root.lang = this.lang;
      this.root.addEventListener('click', (event) => this.onClick(event));
      this.root.addEventListener('keydown', (event) => {
        if (this.openArticle && event.key === 'Escape') {
          event.preventDefault();
          this.back();
        }
      });
      this.skeleton();
      shadow.replaceChildren(style, mountPoint);
      if (!o.feed) return this.fail({ kind: 'config', message: 'no feed' });
      this.feedUrl = new URL(o.feed, document.baseURI).href;
      if (o.eager || !window.IntersectionObserver) return void this.load();
      this.observer = new IntersectionObserver(
        (entries) => {
          if (entries.some((entry) => entry.isIntersecting)) {
            this.observer.disconnect();
            this.load();
          }
        },
        { rootMargin: '200px' },
      );
      this.observer.observe(this.root);
    }

    get text() {
      return TEXT[this.lang];
    }

    emit(name, detail) {
      this.host.dispatchEvent(new CustomEvent(name, { bubbles: true, composed: true, detail }));
    }

    skeleton() {
      const section = el('section', 'aw-list aw-skeleton');
      section.setAttribute('aria-busy', 'true');
      section.setAttribute('aria-live', 'polite');
      const ul = el('ul', 'aw-list__items');
      ul.setAttribute('aria-hidden', 'true');
      const rows = Math.min(this.options.limit, 100);
      for (let i = 0; i < rows; i++) {
        const li = ul.appendChild(el('li', 'aw-skeleton__card'));
        li.append(el('div', 'aw-skeleton__line aw-skeleton__line--title'), el('div', 'aw-skeleton__line'), el('div', 'aw-skeleton__line aw-skeleton__line--short'));
      }
      section.append(el('span', 'aw-visually-hidden', this.text.loading), el('div', 'aw-skeleton__line aw-skeleton__line--heading'), ul);
      this.root.replaceChildren(section);
    }

    async load() {
      const copy = stored.read(this.feedUrl);
      if (copy) {
        try {
          this.show(decode(copy, this.feedUrl), true);
        } catch {
          /* a bad copy is as good as none */
        }
      }
      try {
        const { text, url } = await fetchText(this.feedUrl, this.options.timeout, this.alive);
        if (!this.alive.on) return;
        const feed = decode(text, url);
        this.show(feed, false);
        // Kept for the next visit, after this frame is painted.
        requestAnimationFrame(() => setTimeout(() => stored.write(this.feedUrl, text)));
      } catch (error) {
        if (!this.alive.on) return;
        if (this.feed) this.showStale();
        else this.fail(error);
      }
    }

    show(feed, fromStore) {
      this.feed = feed;
      this.fromStore = fromStore;
      this.lang = this.options.lang || langOf(feed.language) || langOf(navigator.language) || 'zh-CN';
      this.root.lang = this.lang;
      this.openArticle = null;
      this.renderList();
      this.emit('articlewidget:ready', { count: Math.min(feed.items.length, this.shown) });
    }

    showStale() {
      const note = el('p', 'aw-list__stale', this.text.stale);
      note.setAttribute('role', 'status');
      this.section.insertBefore(note, this.section.children[1]);
    }

    renderList() {
      const t = this.text;
      const feed = this.feed;
      const list = el('div', 'aw-widget__list');
      const section = list.appendChild(el('section', 'aw-list'));
      section.setAttribute('aria-labelledby', 'aw-list-heading');
      const heading = section.appendChild(el('h2', 'aw-list__heading', this.options.heading || t.heading));
      heading.id = 'aw-list-heading';
      this.list = list;
      this.section = section;
      this.ul = null;
      if (!feed.items.length) section.append(el('p', 'aw-empty', t.empty));
      else {
        this.ul = section.appendChild(el('ul', 'aw-list__items'));
        this.ul.append(this.cards(0, Math.min(this.shown, feed.items.length)));
      }
      this.moreBox = null;
      this.renderMore();
      if (feed.skipped) section.append(el('p', 'aw-list__skipped', t.skipped(feed.skipped)));
      // One insertion of a finished tree: one style and layout pass.
      this.root.replaceChildren(list);
    }

    /** Cards `from`..`to`, in a fragment. */
    cards(from, to) {
      const fragment = document.createDocumentFragment();
      const proto = cardPrototype();
      const t = this.text;
      const now = Date.now() / 1000;
      const items = this.feed.items;
      for (let i = from; i < to; i++) {
        const a = article(items[i]);
        const li = proto.cloneNode(true);
        const body = li.firstChild;
        const h3 = body.firstChild;
        const anchor = h3.firstChild;
        const summary = h3.nextSibling;
        const meta = summary.nextSibling;
        const img = meta.nextSibling;
        const excerptText = a.excerpt;
        anchor.setAttribute('href', a.url || '#');
        anchor.textContent = a.title || excerptText || t.untitled;
        anchor._article = items[i];
        if (a.lang) h3.setAttribute('lang', a.lang);
        if (excerptText) {
          summary.textContent = excerptText;
          if (a.lang) summary.setAttribute('lang', a.lang);
        } else summary.remove();
        if (a.published || a.source) {
          const time = meta.firstChild;
          const source = time.nextSibling;
          if (a.published) this.time(time, a.published, now);
          else time.remove();
          if (a.source) source.textContent = a.source.name;
          else source.remove();
        } else meta.remove();
        if (a.image) {
          body.dataset.thumb = '';
          img.src = a.image;
        } else img.remove();
        fragment.appendChild(li);
      }
      return fragment;
    }

    /** A <time>: relative under a day old, else the publisher's wall-clock time. */
    time(node, at, now) {
      node.setAttribute('datetime', at.rfc);
      const seconds = now - at.unix;
      if (seconds >= -60 && seconds < 86400) {
        node.title = at.label;
        node.textContent = this.text.ago(Math.max(0, Math.floor(seconds / 60)));
      } else node.textContent = at.label;
      return node;
    }

    renderMore() {
      const feed = this.feed;
      const heldBack = feed.items.length > this.shown;
      const available = heldBack || !!feed.next;
      if (!available) {
        this.moreBox?.remove();
        this.moreBox = null;
        return;
      }
      if (!this.moreBox) {
        this.moreBox = el('div', 'aw-list__more');
        this.moreBox.setAttribute('aria-live', 'polite');
        this.moreButton = this.moreBox.appendChild(el('button', 'aw-button aw-button--quiet', this.text.more));
        this.moreButton.type = 'button';
        this.section.insertBefore(this.moreBox, this.section.querySelector('.aw-list__skipped'));
      }
    }

    async loadMore() {
      const feed = this.feed;
      const from = Math.min(this.shown, feed.items.length);
      if (feed.items.length > this.shown) {
        this.shown += this.options.limit;
        this.ul.append(this.cards(from, Math.min(this.shown, feed.items.length)));
        return this.renderMore();
      }
      const button = this.moreButton;
      button.disabled = true;
      button.setAttribute('aria-busy', 'true');
      button.textContent = this.text.loading;
      this.moreBox.querySelector('.aw-list__more-error')?.remove();
      try {
        const { text, url } = await fetchText(feed.next, this.options.timeout, this.alive);
        const page = decode(text, url);
        // Items keep their own page, whose URL their relative links resolve against.
        const known = new Set(feed.items.map((item) => item.id));
        for (const item of page.items) if (!known.has(item.id)) feed.items.push(item);
        feed.skipped += page.skipped;
        // A next_url that points back at a page already read ends the list.
        (feed.fetched ??= new Set([feed.url])).add(feed.next).add(url);
        feed.next = page.next && !feed.fetched.has(page.next) ? page.next : undefined;
        this.shown += this.options.limit;
        this.ul.append(this.cards(from, Math.min(this.shown, feed.items.length)));
      } catch {
        this.moreBox.prepend(el('p', 'aw-list__more-error', this.text.moreFailed));
      }
      button.disabled = false;
      button.removeAttribute('aria-busy');
      button.textContent = this.text.more;
      this.renderMore();
    }

    onClick(event) {
      if (event.button !== 0 || event.ctrlKey || event.metaKey || event.shiftKey || event.altKey) return;
      const target = event.target;
      const card = target.closest && target.closest('.aw-card__link');
      if (card && card._article) {
        event.preventDefault();
        const a = article(card._article);
        this.emit('articlewidget:open', { id: a.id, url: a.url ?? null });
        return this.open(card);
      }
      if (this.openArticle && target.closest('.aw-back')) {
        event.preventDefault();
        return this.back();
      }
      if (target === this.moreButton) return void this.loadMore();
      if (target.closest('.aw-error .aw-button')) {
        this.skeleton();
        this.load();
      }
    }

    /** The article, inline: the list stays (hidden) so coming back keeps the reader's place. */
    open(card) {
      const t = this.text;
      const a = article(card._article);
      const view = el('article', 'aw-article');
      const back = view.appendChild(el('a', 'aw-back', '← ' + t.back));
      back.setAttribute('href', '#');
      const h1 = view.appendChild(withDir(el('h1', 'aw-article__title', a.title || a.excerpt || t.untitled)));
      h1.tabIndex = -1;
      if (a.lang) h1.setAttribute('lang', a.lang);
      const meta = view.appendChild(el('p', 'aw-article__meta'));
      if (a.published) meta.append(this.time(el('time'), a.published, Date.now() / 1000));
      if (a.authors.length) meta.append(el('span', 'aw-article__authors', a.authors.join(t.sep)));
      if (a.image) {
        const figure = view.appendChild(el('figure', 'aw-article__figure'));
        const img = figure.appendChild(el('img'));
        img.alt = '';
        img.decoding = 'async';
        img.src = a.image;
      }
      const body = view.appendChild(el('div', 'aw-article__body'));
      if (a.lang) body.setAttribute('lang', a.lang);
      const content = a.body;
      if (content.paragraphs) for (const p of content.paragraphs) body.append(withDir(el('p', '', p)));
      else if (content.blocks) renderBlocks(content.blocks, body);
      else {
        if (a.summary) body.append(el('p', '', a.summary));
        if (a.url) {
          const original = el('a', 'aw-article__original', t.readOriginal);
          original.setAttribute('href', a.url);
          original.rel = 'noopener noreferrer';
          body.appendChild(el('p')).append(original);
        }
      }
      if (a.source) {
        const source = view.appendChild(el('p', 'aw-article__source', t.source));
        const name = el('bdi', '', a.source.name);
        if (a.source.url) {
          const anchor = source.appendChild(el('a'));
          anchor.setAttribute('href', a.source.url);
          anchor.rel = 'noopener noreferrer';
          anchor.append(name);
        } else source.append(name);
      }
      if (a.disclaimer) {
        const disclaimer = view.appendChild(el('p', 'aw-article__disclaimer', a.disclaimer));
        if (a.lang) disclaimer.setAttribute('lang', a.lang);
      }
      this.list.hidden = true;
      this.root.append(view);
      this.openArticle = { view, card };
      // The reader's focus follows them into the article.
      h1.focus();
    }

    back() {
      const { view, card } = this.openArticle;
      this.openArticle = null;
      view.remove();
      this.list.hidden = false;
      card.focus();
    }

    fail(error) {
      const t = this.text;
      const section = el('section', 'aw-error');
      section.setAttribute('role', 'alert');
      section.setAttribute('aria-live', 'polite');
      section.append(
        el('h2', 'aw-error__heading', t.error),
        el('p', 'aw-error__message', t.failed[error.kind] || t.failed.network),
        el('p', 'aw-error__detail', error.message || error.kind),
      );
      const actions = section.appendChild(el('p', 'aw-error__actions'));
      const retry = actions.appendChild(el('button', 'aw-button', t.retry));
      retry.type = 'button';
      const site = this.host.querySelector('a[href]');
      const siteUrl = site && link(site.getAttribute('href'), document.baseURI);
      if (siteUrl) {
        const anchor = actions.appendChild(el('a', 'aw-error__site', t.visit));
        anchor.setAttribute('href', siteUrl);
      }
      this.root.replaceChildren(section);
      this.emit('articlewidget:error', { kind: error.kind, message: error.message || error.kind });
    }

    destroy() {
      this.alive.on = false;
      this.alive.controller?.abort();
      this.observer?.disconnect();
      this.host.shadowRoot.replaceChildren(document.createElement('slot'));
    }
  }

  // ---- Finding hosts: now, and whenever the page adds or removes one --------

  const widgets = new Map();
  const start = (host) => {
    if (!widgets.has(host)) widgets.set(host, new Widget(host));
  };
  const scan = (node) => {
    if (node.nodeType !== 1) return;
    if (node.matches(SELECTOR)) start(node);
    for (const host of node.querySelectorAll(SELECTOR)) start(host);
  };
  new MutationObserver((records) => {
    for (const record of records) for (const node of record.addedNodes) scan(node);
    for (const [host, widget] of widgets) {
      if (!host.isConnected) {
        widget.destroy();
        widgets.delete(host);
      }
    }
  }).observe(document.documentElement, { childList: true, subtree: true });
  scan(document.documentElement);
})();
