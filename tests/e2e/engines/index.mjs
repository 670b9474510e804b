// The engine driver layer of the shared scenarios (tests/e2e/scenarios/):
// one small Session interface (see /docs in README's test section) over
// three backends, so that a scenario is written once and runs in Chromium
// (playwright-core), Firefox (puppeteer-core over WebDriver BiDi) and WebKit
// (classic WebDriver to WebKitWebDriver). Each backend launches a browser
// from Debian's packages with a fresh profile, and nothing else.

export const ALL_ENGINES = ['chromium', 'firefox', 'webkit'];

/** The engines to run, from `ENGINES` (comma-separated; default: all three). */
export const ENGINES = (process.env.ENGINES ?? ALL_ENGINES.join(','))
  .split(',')
  .map((name) => name.trim())
  .filter(Boolean);

for (const engine of ENGINES) {
  if (!ALL_ENGINES.includes(engine)) throw new Error(`ENGINES: unknown engine "${engine}" (known: ${ALL_ENGINES.join(', ')})`);
}

/**
 * Launches `engine` and resolves to a Session on one page:
 * `{ engine, goto, evaluate, waitFor, click, press, focused, screenshot, errors, close }`.
 * Options: `timezone` (IANA, as TZ of the browser process), `locale`
 * (navigator.language, best effort), `width`/`height` of the viewport,
 * `timeout` of waitFor in ms.
 */
export async function launch(engine, options = {}) {
  if (!ALL_ENGINES.includes(engine)) throw new Error(`unknown engine "${engine}"`);
  const backend = await import(`./${engine}.mjs`);
  return backend.launch({ width: 1280, height: 900, timeout: 15000, ...options });
}

/**
 * Rejects with `what` if `promise` has not settled within `ms`: launch and
 * close get a limit of their own, so a hung driver fails the run instead of
 * holding it.
 */
export function within(ms, what, promise) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  return Promise.race([promise, limit]).finally(() => clearTimeout(timer));
}

/**
 * Polls `check()` (which evaluates in the page) every 50 ms until it
 * resolves to something truthy; rejects after `timeout` ms naming `fn`.
 */
export async function poll(check, fn, timeout) {
  const deadline = Date.now() + timeout;
  let last;
  for (;;) {
    try {
      const value = await check();
      if (value) return value;
      last = value;
    } catch (error) {
      // A navigation in progress destroys the context the check ran in; try again.
      last = error;
    }
    if (Date.now() > deadline) {
      const source = String(fn).replace(/\s+/g, ' ').slice(0, 200);
      throw new Error(`waitFor timed out after ${timeout} ms: ${source} (last: ${last instanceof Error ? last.message : JSON.stringify(last)})`);
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/**
 * A page function that finds the element at `path`: each selector inside
 * the previous match's shadow root if it has one, else inside the element.
 * Kept as a string-free function so every backend can pass it as its own.
 */
export function resolvePath(path) {
  let scope = document;
  let element = null;
  for (const selector of path) {
    element = scope.querySelector(selector);
    if (!element) return null;
    scope = element.shadowRoot ?? element;
  }
  return element;
}

/** A page function: document.activeElement, followed into shadow roots. */
export function describeFocus() {
  let element = document.activeElement;
  const path = [];
  while (element) {
    path.push(element.id ? `${element.localName}#${element.id}` : element.localName);
    const inner = element.shadowRoot?.activeElement;
    if (!inner) break;
    element = inner;
  }
  if (!element) return null;
  return {
    tag: element.localName,
    id: element.id,
    className: typeof element.className === 'string' ? element.className : '',
    text: (element.textContent ?? '').trim().slice(0, 80),
    path,
  };
}

/**
 * Page-side recorder of uncaught errors, for engines whose driver does not
 * report them; installed at document start where the engine can.
 */
export const ERROR_RECORDER = `(() => {
  if (window.__awErrors) return;
  const errors = [];
  Object.defineProperty(window, '__awErrors', { value: errors, enumerable: false });
  window.addEventListener('error', (event) => errors.push(String(event.message)));
  window.addEventListener('unhandledrejection', (event) => errors.push('unhandled rejection: ' + String(event.reason)));
})();`;
