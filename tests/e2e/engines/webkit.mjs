// The WebKit backend of the engine layer: WebKitGTK's MiniBrowser driven by
// WebKitWebDriver (Debian's webkit2gtk-driver) over classic WebDriver, spoken
// with Node's fetch. MiniBrowser has no headless mode in the GTK 3 build, so
// each launch starts its own Xvfb (on a display it picks with -displayfd).
// `--automation` gives the page an ephemeral website data manager: every
// launch starts with an empty profile. Time zone and locale are the TZ and
// LANG/LANGUAGE of the driver, which the browser and its web processes
// inherit.
//
// Uncaught errors: classic WebDriver cannot run a script at document start,
// WebKitWebDriver 2.50 has no BiDi (the `webSocketUrl` capability is
// refused), and WebKit does not write console messages to stdout for
// ephemeral sessions, which automation sessions always are. So the recorder
// is installed by every command that runs a script (goto installs it right
// after the load event): errors from then on are reported, errors thrown
// while the document was loading are not.

import { spawn } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

import { freePort } from '../nginx.mjs';
import { describeFocus, poll, resolvePath } from './index.mjs';

/** How long one driver command may take before the session is deemed hung. */
const COMMAND_TIMEOUT = 60000;
const LAUNCH_TIMEOUT = 30000;
const CLOSE_TIMEOUT = 10000;
const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

// WebDriver's code points for the keys the scenarios press.
const KEYS = {
  Shift: '\uE008',
  Control: '\uE009',
  Alt: '\uE00A',
  Meta: '\uE03D',
  Backspace: '\uE003',
  Tab: '\uE004',
  Enter: '\uE007',
  Escape: '\uE00C',
  PageUp: '\uE00E',
  PageDown: '\uE00F',
  End: '\uE010',
  Home: '\uE011',
  ArrowLeft: '\uE012',
  ArrowUp: '\uE013',
  ArrowRight: '\uE014',
  ArrowDown: '\uE015',
  Delete: '\uE017',
};

/** The page-side recorder; idempotent, so every script can start with it. */
const RECORDER = `if (!window.__awErrors) {
  const errors = [];
  Object.defineProperty(window, '__awErrors', { value: errors });
  window.addEventListener('error', (event) => { if (event instanceof ErrorEvent) errors.push(String(event.message)); });
  window.addEventListener('unhandledrejection', (event) => errors.push('unhandled rejection: ' + String(event.reason && event.reason.message || event.reason)));
}`;

/** MiniBrowser's path: $MINIBROWSER, else where Debian's libwebkit2gtk puts it. */
export function miniBrowserPath() {
  if (process.env.MINIBROWSER) return process.env.MINIBROWSER;
  const candidates = [];
  for (const dir of readdirSync('/usr/lib')) {
    for (const api of ['webkit2gtk-4.1', 'webkit2gtk-4.0', 'webkitgtk-6.0']) candidates.push(join('/usr/lib', dir, api, 'MiniBrowser'));
  }
  const found = candidates.find((path) => existsSync(path));
  if (!found) throw new Error('webkit: no MiniBrowser under /usr/lib/*/webkit2gtk-4.*/ (apt-get install webkit2gtk-driver), or set MINIBROWSER');
  return found;
}

/**
 * The glibc locale for `locale` ('zh-CN' → 'zh_CN.UTF-8'), compiled with
 * localedef into a cache folder when the system does not have it: WebKit
 * takes navigator.language from setlocale(), which falls back to C (en-US)
 * for a locale that is not installed. Returns the env to add.
 */
async function localeEnv(locale) {
  const [language, region] = locale.split('-');
  const name = region ? `${language}_${region.toUpperCase()}` : language;
  const env = { LANG: `${name}.UTF-8`, LC_ALL: `${name}.UTF-8`, LANGUAGE: region ? `${name}:${language}` : language };
  const installed = await run('locale', ['-a']).catch(() => '');
  if (installed.split('\n').some((line) => line.toLowerCase().replace('utf8', 'utf-8') === `${name}.utf-8`.toLowerCase())) return env;
  const root = join(process.env.ARTICLE_WIDGET_TOOLS ?? join(homedir(), '.cache', 'article-widget', 'tools'), 'locales');
  if (!existsSync(join(root, `${name}.UTF-8`, 'LC_CTYPE'))) {
    await mkdir(root, { recursive: true });
    // localedef exits 1 on mere warnings; what counts is the compiled folder.
    await run('localedef', ['-i', name, '-f', 'UTF-8', join(root, `${name}.UTF-8`)]).catch(() => {});
    if (!existsSync(join(root, `${name}.UTF-8`, 'LC_CTYPE'))) {
      throw new Error(`webkit: cannot compile the ${name}.UTF-8 locale (apt-get install locales)`);
    }
  }
  return { ...env, LOCPATH: root };
}

function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'ignore'] });
    let out = '';
    child.stdout.on('data', (chunk) => (out += chunk));
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} exited ${code}`))));
  });
}

/** Starts `command` in a process group of its own, so that close can end all it spawned. */
function start(command, args, options) {
  const child = spawn(command, args, { detached: true, ...options });
  child.output = '';
  for (const stream of [child.stdout, child.stderr]) {
    stream?.on('data', (chunk) => {
      child.output = (child.output + chunk).slice(-4000);
    });
  }
  return child;
}

function killGroup(child, signal) {
  if (!child || child.exitCode !== null || child.signalCode !== null) return;
  try {
    process.kill(-child.pid, signal);
  } catch {
    // Already gone.
  }
}

function exited(child) {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve));
}

async function startXvfb(width, height, own) {
  const xvfb = own(start(
    'Xvfb',
    ['-displayfd', '3', '-screen', '0', `${Math.max(1920, width + 200)}x${Math.max(1200, height + 200)}x24`, '-nolisten', 'tcp'],
    { stdio: ['ignore', 'ignore', 'pipe', 'pipe'] },
  ));
  const display = await new Promise((resolve, reject) => {
    let text = '';
    xvfb.stdio[3].on('data', (chunk) => {
      text += chunk;
      if (text.includes('\n')) resolve(`:${text.trim()}`);
    });
    xvfb.on('error', (error) => reject(new Error(`webkit: cannot start Xvfb (apt-get install xvfb): ${error.message}`)));
    xvfb.on('exit', (code) => reject(new Error(`webkit: Xvfb exited ${code}: ${xvfb.output}`)));
  });
  xvfb.stdio[3].destroy();
  return { xvfb, display };
}

// Every process group a launch started and has not ended yet. The drivers
// run in groups of their own, out of reach of the `timeout` that limits a
// test run; a run ended by SIGTERM or SIGINT emits no 'exit', so those
// signals end the groups here too, then the runner, as they would have.
const running = new Set();
const endAll = () => running.forEach((child) => killGroup(child, 'SIGKILL'));
process.once('exit', endAll);
for (const signal of ['SIGTERM', 'SIGINT']) {
  process.once(signal, () => {
    endAll();
    process.exit(signal === 'SIGTERM' ? 143 : 130);
  });
}

export async function launch({ timezone, locale, width = 1280, height = 900, timeout = 15000 } = {}) {
  const children = [];
  let aborted = false;
  // A launch that timed out may still be starting processes: end them as they come.
  const own = (child) => {
    children.push(child);
    running.add(child);
    child.once('exit', () => running.delete(child));
    if (aborted) killGroup(child, 'SIGKILL');
    return child;
  };
  const profile = await mkdtemp(join(tmpdir(), 'aw-webkit-'));
  // A test runner that dies must not leave an Xvfb or a browser behind.
  const onExit = () => children.forEach((child) => killGroup(child, 'SIGKILL'));
  process.once('exit', onExit);
  let session;
  try {
    session = await withTimeout(LAUNCH_TIMEOUT, 'webkit launch', async () => {
      const { display } = await startXvfb(width, height, own);
      const env = {
        ...process.env,
        DISPLAY: display,
        GDK_BACKEND: 'x11',
        // No accessibility bus in a test run: GTK waits for it otherwise.
        NO_AT_BRIDGE: '1',
        XDG_CONFIG_HOME: join(profile, 'config'),
        XDG_DATA_HOME: join(profile, 'data'),
        ...(timezone ? { TZ: timezone } : {}),
        // Without a locale, WebKit reads C.UTF-8 (this container's LANG) as navigator.language 'C'.
        ...(await localeEnv(locale ?? 'en-US')),
      };
      const port = await freePort();
      const driver = start('WebKitWebDriver', [`--port=${port}`], { env, stdio: ['ignore', 'pipe', 'pipe'] });
      own(driver);
      const failed = new Promise((_, reject) => {
        driver.on('error', (error) => reject(new Error(`webkit: cannot start WebKitWebDriver (apt-get install webkit2gtk-driver): ${error.message}`)));
      });
      const base = `http://127.0.0.1:${port}`;
      await Promise.race([failed, driverReady(base, driver)]);
      const { sessionId } = await command(base, 'POST', '/session', {
        capabilities: {
          alwaysMatch: {
            pageLoadStrategy: 'normal',
            timeouts: { script: COMMAND_TIMEOUT - 5000, pageLoad: 30000, implicit: 0 },
            'webkitgtk:browserOptions': { binary: miniBrowserPath(), args: ['--automation'] },
          },
        },
      });
      const api = (method, path, body) => command(`${base}/session/${sessionId}`, method, path, body);
      await setViewport(api, width, height);
      return { api, base, sessionId };
    });
  } catch (error) {
    aborted = true;
    onExit();
    process.removeListener('exit', onExit);
    await rm(profile, { recursive: true, force: true });
    throw error;
  }
  const { api } = session;

  // Errors recorded by documents already navigated away from.
  const earlier = [];
  const harvest = async () => {
    const found = await api('POST', '/execute/sync', { script: 'return window.__awErrors ? [...window.__awErrors] : [];', args: [] }).catch(() => []);
    earlier.push(...found);
  };

  const evaluate = async (fn, ...args) => {
    const script = `const done = arguments[arguments.length - 1];
${RECORDER}
Promise.resolve()
  .then(() => (${fn})(...arguments[0]))
  .then((value) => done({ value: value === undefined ? null : value }), (error) => done({ error: error instanceof Error ? String(error) + '\\n' + error.stack : String(error) }));`;
    const result = await api('POST', '/execute/async', { script, args: [args] });
    if (result && 'error' in result) throw new Error(`evaluate: ${result.error}`);
    return result?.value;
  };

  const waitFor = (fn, ...args) => poll(() => evaluate(fn, ...args), fn, timeout);

  let closed = null;
  return {
    engine: 'webkit',
    async goto(url) {
      await harvest();
      await api('POST', '/url', { url });
      await api('POST', '/execute/sync', { script: RECORDER, args: [] });
    },
    evaluate,
    waitFor,
    async click(path) {
      const found = await api('POST', '/execute/sync', { script: `return (${resolvePath})(arguments[0]);`, args: [path] });
      if (!found?.[ELEMENT]) throw new Error(`click: nothing at ${JSON.stringify(path)}`);
      await api('POST', `/element/${found[ELEMENT]}/click`, {});
    },
    async press(key) {
      const parts = key === '+' ? ['+'] : key.split('+');
      const main = parts.pop();
      const codes = [...parts, main].map((name) => {
        const code = KEYS[name] ?? (name === ' ' || [...name].length === 1 ? name : null);
        if (!code) throw new Error(`press: unknown key "${name}" in "${key}"`);
        return code;
      });
      const down = codes.map((value) => ({ type: 'keyDown', value }));
      const up = codes.reverse().map((value) => ({ type: 'keyUp', value }));
      await api('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions: [...down, ...up] }] });
    },
    focused: () => evaluate(describeFocus),
    async screenshot(file) {
      const png = await api('GET', '/screenshot');
      await mkdir(dirname(file), { recursive: true });
      await writeFile(file, Buffer.from(png, 'base64'));
    },
    async errors() {
      const now = await api('POST', '/execute/sync', { script: `${RECORDER}\nreturn [...window.__awErrors];`, args: [] });
      return [...earlier, ...now];
    },
    close() {
      closed ??= (async () => {
        await withTimeout(CLOSE_TIMEOUT, 'webkit close', () => api('DELETE', '')).catch(() => {});
        for (const child of children.reverse()) {
          killGroup(child, 'SIGTERM');
          const timer = setTimeout(() => killGroup(child, 'SIGKILL'), 3000);
          await exited(child);
          clearTimeout(timer);
        }
        process.removeListener('exit', onExit);
        await rm(profile, { recursive: true, force: true });
      })();
      return closed;
    },
  };
}

/** Sets the window so that the viewport (not the window) is width × height. */
async function setViewport(api, width, height) {
  let rect = { width, height };
  for (let attempt = 0; attempt < 3; attempt++) {
    await api('POST', '/window/rect', rect);
    const [innerWidth, innerHeight] = await api('POST', '/execute/sync', { script: 'return [innerWidth, innerHeight];', args: [] });
    if (innerWidth === width && innerHeight === height) return;
    rect = { width: rect.width + width - innerWidth, height: rect.height + height - innerHeight };
  }
  throw new Error(`webkit: cannot make the viewport ${width}×${height}`);
}

async function driverReady(base, driver) {
  for (;;) {
    if (driver.exitCode !== null) throw new Error(`webkit: WebKitWebDriver exited ${driver.exitCode}: ${driver.output}`);
    try {
      const status = await command(base, 'GET', '/status');
      if (status.ready) return;
    } catch {
      // Not listening yet.
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** One WebDriver command; rejects with the driver's error, or after COMMAND_TIMEOUT. */
async function command(base, method, path, body) {
  let response;
  let json;
  try {
    response = await fetch(base + path, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json; charset=utf-8' },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(COMMAND_TIMEOUT),
    });
    json = await response.json().catch(() => ({}));
  } catch (error) {
    const reason = error.name === 'TimeoutError' ? `no answer within ${COMMAND_TIMEOUT} ms` : error.cause?.code ?? error.message;
    throw new Error(`webkit: ${method} ${path}: ${reason}`);
  }
  if (!response.ok) {
    const { error, message } = json.value ?? {};
    throw new Error(`webkit: ${method} ${path}: ${error ?? response.status}${message ? `: ${message}` : ''}`);
  }
  return json.value;
}

async function withTimeout(ms, what, fn) {
  let timer;
  const limit = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${ms} ms`)), ms);
  });
  try {
    return await Promise.race([fn(), limit]);
  } finally {
    clearTimeout(timer);
  }
}
