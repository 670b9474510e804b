// A static file server for the trunk-built dist/, on 127.0.0.1, behaving like
// a static host with an SPA rewrite: files are served as they are, and a
// navigation to a path that is not a file gets index.html. Tests can make a
// path answer something else (an HTTP error, a broken body) to see how the
// app copes.

import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';

/** Content types by extension, as a static host sends them. */
export const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.wasm': 'application/wasm',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/feed+json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
};

/**
 * Serves `root` (a directory, or null for a server of `serve`d pages only).
 * With `cors`, every response allows any origin, as a CDN serving the widget
 * to partner pages must. With `rewrites: false` it is a host that answers
 * only the files it has (no SPA fallback), as plain object stores do.
 */
export async function startServer(root, { cors = false, rewrites = true } = {}) {
  const pages = new Map(); // path -> what `serve` put there
  const faults = new Map(); // path -> an injected failure, over whatever is there
  const holds = new Map();
  const endless = new Map(); // path -> how an endless body goes, see `endless`
  const requests = [];
  const received = []; // { pathname, method, headers } of every request
  const answered = []; // { pathname, status } of every `serve`d or injected answer
  const times = new Map();
  const aborted = [];
  const waiters = [];
  const notify = () => {
    for (const waiter of [...waiters]) {
      if (waiter.test()) {
        waiters.splice(waiters.indexOf(waiter), 1);
        waiter.resolve();
      }
    }
  };

  const server = createServer(async (request, response) => {
    const { pathname } = new URL(request.url, 'http://127.0.0.1');
    requests.push(pathname);
    received.push({ pathname, method: request.method, headers: request.headers });
    times.set(pathname, [...(times.get(pathname) ?? []), performance.now()]);
    response.on('close', () => {
      if (!response.writableFinished) aborted.push(pathname);
      notify();
    });
    notify();
    if (cors) response.setHeader('access-control-allow-origin', '*');
    if (holds.has(pathname)) await holds.get(pathname).promise;
    const fault = faults.get(pathname);
    if (fault?.remaining !== undefined && --fault.remaining <= 0) faults.delete(pathname);
    if (fault?.reset) {
      request.socket.destroy();
      return;
    }
    const stream = endless.get(pathname);
    if (stream) {
      streamEndlessly(request, response, stream);
      return;
    }
    const override = fault ?? pages.get(pathname);
    // A `serve`d body with an ETag revalidates as a static host's would.
    if (override?.headers?.etag && request.headers['if-none-match'] === override.headers.etag) {
      answered.push({ pathname, status: 304 });
      response.writeHead(304, { etag: override.headers.etag, 'cache-control': override.headers['cache-control'] ?? '' });
      response.end();
      return;
    }
    if (override) {
      answered.push({ pathname, status: override.status });
      response.writeHead(override.status, { 'content-type': override.type, ...override.headers });
      response.end(override.body);
      return;
    }
    const file = root && (await resolveFile(root, pathname, rewrites ? request.headers.accept ?? '' : ''));
    if (!file) {
      response.writeHead(404, { 'content-type': 'text/plain' });
      response.end('not found');
      return;
    }
    const body = await readFile(file);
    response.writeHead(200, {
      'content-type': TYPES[extname(file)] ?? 'application/octet-stream',
      'cache-control': 'no-store',
    });
    response.end(body);
  });

  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address();
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    /** Makes `pathname` answer `status` (with `headers`) until `heal` is called. */
    fail(pathname, status, headers = {}) {
      faults.set(pathname, { status, type: 'text/plain', body: 'injected failure', headers });
    },
    /** Makes the next `times` requests for `pathname` answer `status`, then serves it as usual. */
    failNext(pathname, status, times = 1, headers = {}) {
      faults.set(pathname, { status, type: 'text/plain', body: 'injected failure', headers, remaining: times });
    },
    /** Makes `pathname` answer 200 with `body` of `type` (and `headers`) until `heal` is called. */
    serve(pathname, type, body, headers = {}) {
      pages.set(pathname, { status: 200, type, body, headers });
    },
    /** Holds every response for `pathname` until `release(pathname)`. */
    hold(pathname) {
      let release;
      const promise = new Promise((resolve) => (release = resolve));
      holds.set(pathname, { promise, release });
    },
    release(pathname) {
      holds.get(pathname)?.release();
      holds.delete(pathname);
    },
    /**
     * Makes `pathname` answer 200 with a chunked body and no Content-Length
     * that goes on until the client goes away, or at most `maxBytes` (or
     * `maxMs`) so that it stops by itself. Returns what happened: bytes sent,
     * and whether the client closed the connection before the end.
     */
    endless(pathname, { chunk = 64 * 1024, maxBytes = 64 * 1024 * 1024, maxMs = 30000 } = {}) {
      const stats = { sent: 0, closedEarly: false, finished: false, done: null };
      stats.done = new Promise((resolve) => (stats.resolve = resolve));
      endless.set(pathname, { chunk, maxBytes, maxMs, stats });
      return stats;
    },
    /** Makes `pathname` drop the connection without an answer until `heal` is called. */
    reset(pathname, times = Infinity) {
      faults.set(pathname, { reset: true, remaining: times });
    },
    /** When each request for `pathname` arrived, in milliseconds. */
    times: (pathname) => times.get(pathname) ?? [],
    /** Ends an injected failure (or a `serve`d override, when there is none). */
    heal(pathname) {
      if (endless.delete(pathname)) return;
      if (!faults.delete(pathname)) pages.delete(pathname);
    },
    /** The headers (and method) of every request for a path that `test(pathname)` accepts, in order. */
    headersOf: (test) =>
      received.filter((r) => test(r.pathname)).map((r) => ({ pathname: r.pathname, method: r.method, ...r.headers })),
    /** The statuses of the `serve`d (or injected) answers for `pathname`, in order: 304 when an ETag matched. */
    statuses: (pathname) => answered.filter((a) => a.pathname === pathname).map((a) => a.status),
    /** How many requests asked for `pathname` so far. */
    count: (pathname) => requests.filter((requested) => requested === pathname).length,
    /** Resolves once `test()` holds, checked after every request. */
    until(test) {
      return new Promise((resolve) => {
        waiters.push({ test, resolve });
        notify();
      });
    },
    /** How many requests for `pathname` the client abandoned before the answer. */
    abortedCount: (pathname) => aborted.filter((p) => p === pathname).length,
    /** Resolves once a request for `pathname` was abandoned by the client. */
    untilAborted(pathname) {
      return this.until(() => aborted.includes(pathname));
    },
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(resolve);
      }),
  };
}

/** Writes `[` and then spaces, chunk after chunk, as fast as the client reads. */
function streamEndlessly(request, response, { chunk, maxBytes, maxMs, stats }) {
  const piece = Buffer.from(' '.repeat(chunk));
  const started = performance.now();
  let over = false;
  const finish = (closedEarly) => {
    if (over) return;
    over = true;
    stats.closedEarly = closedEarly;
    stats.finished = !closedEarly;
    stats.resolve(stats);
  };
  response.on('close', () => finish(!response.writableFinished));
  response.writeHead(200, { 'content-type': 'application/feed+json', 'cache-control': 'no-store' });
  const pump = () => {
    while (!over && !response.destroyed) {
      if (stats.sent >= maxBytes || performance.now() - started > maxMs) {
        response.end(']');
        return;
      }
      stats.sent += piece.length;
      if (!response.write(stats.sent === piece.length ? Buffer.concat([Buffer.from('['), piece]) : piece)) {
        response.once('drain', pump);
        return;
      }
    }
  };
  pump();
}

async function resolveFile(root, pathname, accept) {
  let decoded;
  try {
    decoded = decodeURIComponent(pathname);
  } catch {
    return null;
  }
  const candidate = normalize(join(root, decoded));
  if (candidate !== root && !candidate.startsWith(root + sep)) return null;
  const info = await stat(candidate).catch(() => null);
  if (info?.isFile()) return candidate;
  if (info?.isDirectory()) {
    const index = join(candidate, 'index.html');
    if (await stat(index).catch(() => null)) return index;
  }
  // The SPA rewrite: page navigations fall back to the app shell.
  return accept.includes('text/html') ? join(root, 'index.html') : null;
}
