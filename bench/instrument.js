// The in-page half of the benchmark, inlined at the top of every page the
// harness serves (ours and vanilla alike, so both pay the same for it). It
// only observes: a rAF watch for the first card, the ready event, long tasks,
// and helpers the harness calls with page.evaluate. No timers: every wait is
// a frame, an event or a promise.
//
// "Painted" throughout means: the first animation frame whose rAF callback
// sees the element (so that frame renders it), plus a user-blocking task
// posted from that callback (scheduler.postTask; a message where there is
// none), which runs once the frame's style, layout and paint are done.
// That counts the layout of what was inserted, which the rAF timestamp alone
// (taken before layout) would miss — for 10,000 cards that is most of the cost.

export function instrument() {
  const bench = (window.__bench = { longTasks: [] });

  try {
    bench.longTaskObserver = new PerformanceObserver((list) => {
      for (const entry of list.getEntries()) bench.longTasks.push({ start: entry.startTime, duration: entry.duration });
    });
    bench.longTaskObserver.observe({ type: 'longtask', buffered: true });
  } catch {
    bench.longTaskObserver = null;
  }

  // Both renderers dispatch articlewidget:ready on their host (bubbling, composed).
  bench.ready = new Promise((resolve) => {
    document.addEventListener('articlewidget:ready', (event) => resolve({ at: performance.now(), count: event.detail?.count }), {
      once: true,
    });
  });

  // A widget that gives up says so; the harness fails the page at once instead of waiting it out.
  document.addEventListener('articlewidget:error', (event) => console.error(`[bench] widget error: ${event.detail?.kind} ${event.detail?.message}`));

  const HOSTS = '[data-article-widget],[data-vanilla-widget],article-widget';
  let hosts = [];
  /** The first match in the document or in a widget's (open) shadow root. */
  bench.query = (selector) => {
    const inDocument = document.querySelector(selector);
    if (inDocument) return inDocument;
    if (!hosts.length) hosts = [...document.querySelectorAll(HOSTS)];
    for (const host of hosts) {
      const found = host.shadowRoot?.querySelector(selector);
      if (found) return found;
    }
    return null;
  };
  bench.queryAll = (selector) => {
    const found = [...document.querySelectorAll(selector)];
    for (const host of document.querySelectorAll(HOSTS)) if (host.shadowRoot) found.push(...host.shadowRoot.querySelectorAll(selector));
    return found;
  };

  /** Runs `fn` as soon as the current task (here: the frame) is over, ahead of queued loading and timer tasks. */
  const afterThisTask = (fn) => {
    if (window.scheduler?.postTask) return void scheduler.postTask(fn, { priority: 'user-blocking' });
    const channel = new MessageChannel();
    channel.port1.onmessage = fn;
    channel.port2.postMessage(null);
  };

  /** Resolves with { raf, painted } for the first frame in which `test()` holds. */
  bench.frameWith = (test) =>
    new Promise((resolve) => {
      const tick = (raf) => {
        if (!test()) return requestAnimationFrame(tick);
        afterThisTask(() => resolve({ raf, painted: performance.now() }));
      };
      requestAnimationFrame(tick);
    });

  bench.frames = (n) => new Promise((resolve) => {
    const tick = () => (--n <= 0 ? resolve() : requestAnimationFrame(tick));
    requestAnimationFrame(tick);
  });

  // Watched from the start of the page: the first frame with the widget in it
  // (its skeleton, or already a card), and the first with a card.
  bench.firstCard = bench.frameWith(() => bench.query('.aw-card'));
  bench.firstWidget = bench.frameWith(() => bench.query('.aw-skeleton, .aw-card'));

  /** The next click (its event time) to the first painted frame with the article's heading. */
  bench.nextClick = () =>
    new Promise((resolve) => {
      addEventListener(
        'click',
        (event) => {
          const clicked = event.timeStamp;
          bench.frameWith(() => bench.query('h1.aw-article__title')).then(({ raf, painted }) => resolve({ raf: raf - clicked, painted: painted - clicked }));
        },
        { capture: true, once: true },
      );
    });

  /** Every node: the document's and, recursively, those inside shadow roots. */
  bench.countNodes = () => {
    let count = 0;
    const walk = (root) => {
      const walker = document.createTreeWalker(root, NodeFilter.SHOW_ALL);
      for (let node = walker.currentNode; node; node = walker.nextNode()) {
        count++;
        if (node.shadowRoot) walk(node.shadowRoot);
      }
    };
    walk(document);
    return count;
  };

  /** The node count once it has held still for three frames (a windowed list may take a frame or two to settle). */
  bench.settledNodeCount = async () => {
    let last = -1;
    let same = 0;
    for (let frame = 0; frame < 240; frame++) {
      await bench.frames(1);
      const count = bench.countNodes();
      same = count === last ? same + 1 : 0;
      last = count;
      if (same >= 2) return count;
    }
    return last;
  };

  /** What scrolls the list: the page, unless the list scrolls inside an element of its own. */
  bench.scroller = () => {
    const page = document.scrollingElement;
    if (page.scrollHeight > page.clientHeight + 1) return page;
    let best = page;
    const consider = (root) => {
      for (const element of root.querySelectorAll('*')) {
        if (element.scrollHeight > element.clientHeight + 1 && element.scrollHeight > best.scrollHeight) {
          const overflow = getComputedStyle(element).overflowY;
          if (overflow === 'auto' || overflow === 'scroll') best = element;
        }
        if (element.shadowRoot) consider(element.shadowRoot);
      }
    };
    consider(document);
    return best;
  };

  /** Scrolls to `fraction` of the list and returns the settled node count. */
  bench.nodesAt = async (fraction) => {
    const scroller = bench.scroller();
    scroller.scrollTop = Math.round(fraction * (scroller.scrollHeight - scroller.clientHeight));
    const count = await bench.settledNodeCount();
    return { count, scrollTop: scroller.scrollTop, scrollHeight: scroller.scrollHeight };
  };

  /** Tag and class names of everything under the widget's root: its DOM structure, without the text. */
  bench.structure = () => {
    const root = bench.query('.aw-root');
    if (!root) return null;
    const lines = [];
    const walk = (element, depth) => {
      for (const child of element.children) {
        const classes = [...child.classList].sort().join('.');
        lines.push(`${'  '.repeat(depth)}${child.localName}${classes ? '.' + classes : ''}${child.hidden ? ' [hidden]' : ''}`);
        walk(child, depth + 1);
      }
    };
    walk(root, 0);
    return lines;
  };
}
