// Debian's nginx on 127.0.0.1, running the repository's deploy config
// (deploy/nginx/article-widget.conf) over a given dist/ directory, so the
// tests check the recipe publishers copy rather than a lookalike. Each server
// lives in a fresh prefix under the OS temp dir (config, pid, logs, temp
// files) and never reads /etc/nginx beyond mime.types, which publishers get
// from Debian's nginx.conf too.

import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, readFile, rm, symlink, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const NGINX = '/usr/sbin/nginx';
const SITE_CONF = join(dirname(fileURLToPath(import.meta.url)), '..', '..', 'deploy', 'nginx', 'article-widget.conf');
const BROTLI_MODULES = [
  '/usr/lib/nginx/modules/ngx_http_brotli_filter_module.so',
  '/usr/lib/nginx/modules/ngx_http_brotli_static_module.so',
];

/**
 * The Content-Security-Policy the recipe sends (written out again here, so a
 * change to the config is a change to the tests too): `app` on the app's
 * pages (index.html, 404.html, the prerendered articles and archive pages), `demo` on
 * partner-demo.html, `configure` on configure.html, `file` on everything else (SVG, XML, feeds, scripts,
 * wasm: as documents of their own, nothing in them runs or loads).
 */
export const POLICIES = {
  app: "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' https:; connect-src 'self'; base-uri 'self'; form-action 'none'; frame-ancestors 'none'; object-src 'none'",
  demo: "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self' 'unsafe-inline'; img-src 'self' https:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'; object-src 'none'",
  file: "default-src 'none'; style-src 'unsafe-inline'; sandbox",
  configure: "default-src 'none'; script-src 'self' 'wasm-unsafe-eval'; style-src 'self'; img-src 'self' https:; connect-src 'self' https:; base-uri 'self'; form-action 'none'; frame-ancestors 'none'; object-src 'none'",
};

/** Whether Debian's libnginx-mod-http-brotli-filter and -static are installed. */
export const brotliInstalled = BROTLI_MODULES.every((path) => existsSync(path));

/**
 * Serves `root` (a dist/ directory) with the deploy config at `publicPath`
 * ("/" or "/news/"), on 127.0.0.1:`port` (0: a free one). With `brotli`
 * false the config runs as it must on a machine without the brotli modules.
 * Resolves once nginx answers, to `{ url, brotli, close }`; `url` has no
 * trailing slash and does not include the public path.
 */
export async function startNginx(root, { publicPath = '/', port = 0, brotli = brotliInstalled } = {}) {
  if (!existsSync(NGINX)) throw new Error(`${NGINX} is missing: run scripts/setup.sh (apt-get install nginx)`);
  if (!/^\/(?:[^/]+\/)*$/.test(publicPath)) throw new Error(`publicPath must start and end with "/": ${publicPath}`);
  if (brotli && !brotliInstalled) throw new Error('the brotli modules are not installed');

  const prefix = await mkdtemp(join(tmpdir(), 'article-widget-nginx-'));
  try {
    await mkdir(join(prefix, 'logs'));
    await mkdir(join(prefix, 'temp'));
    // A sub-path deploy puts dist/ at <root>/news/, as a publisher would.
    let docroot = resolve(root);
    if (publicPath !== '/') {
      docroot = join(prefix, 'html');
      const mount = join(docroot, publicPath.slice(1, -1));
      await mkdir(dirname(mount), { recursive: true });
      await symlink(resolve(root), mount);
    }
    const site = await readFile(SITE_CONF, 'utf8');
    await writeFile(join(prefix, 'nginx.conf'), mainConf(prefix, brotli));

    // A free port can be taken by someone else before nginx binds it; then
    // nginx exits and another port is tried.
    for (let attempt = 1; ; attempt++) {
      const chosen = port || (await freePort());
      await writeFile(join(prefix, 'article-widget.conf'), siteConf(site, { port: chosen, docroot, publicPath, brotli }));
      try {
        const server = await launch(prefix, chosen, publicPath);
        const close = () => server.close().finally(() => rm(prefix, { recursive: true, force: true }));
        return { url: `http://127.0.0.1:${chosen}`, brotli, close };
      } catch (error) {
        if (port || attempt === 3 || !/Address already in use/.test(error.message)) throw error;
      }
    }
  } catch (error) {
    await rm(prefix, { recursive: true, force: true });
    throw error;
  }
}

/** The repository's site config with this server's root and public path filled in. */
function siteConf(text, { port, docroot, publicPath, brotli }) {
  const replace = (pattern, replacement) => {
    const matches = text.match(new RegExp(pattern.source, pattern.flags + 'g'));
    if (matches?.length !== 1) throw new Error(`${SITE_CONF}: expected one ${pattern}, found ${matches?.length ?? 0}`);
    text = text.replace(pattern, replacement);
  };
  replace(/^([ \t]*)listen \[::\]:80;\n/m, '');
  replace(/^([ \t]*)listen 80;/m, `$1listen 127.0.0.1:${port};`);
  replace(/^([ \t]*)root [^;]+;/m, `$1root ${quote(docroot)};`);
  replace(/^([ \t]*)location \/ \{/m, `$1location ${publicPath} {`);
  replace(/^([ \t]*)error_page 404 \/404\.html;/m, `$1error_page 404 ${publicPath}404.html;`);
  // The Content-Security-Policy map names the app's pages under the public path.
  const pages = text.match(/^[ \t]*"~\^\/.*# public path$/gm) ?? [];
  if (pages.length !== 3) throw new Error(`${SITE_CONF}: expected three page patterns marked "public path", found ${pages.length}`);
  text = text.replace(/^([ \t]*"~\^)\/(.*# public path)$/gm, `$1${publicPath}$2`);
  if (!brotli) text = text.replace(/^[ \t]*brotli\w*\s[^;]*;\n/gm, '');
  return text;
}

function mainConf(prefix, brotli) {
  const at = (...parts) => quote(join(prefix, ...parts));
  return [
    ...(brotli ? BROTLI_MODULES.map((path) => `load_module ${path};`) : []),
    'daemon off;',
    `pid ${at('nginx.pid')};`,
    `lock_file ${at('nginx.lock')};`,
    `error_log ${at('logs', 'error.log')} warn;`,
    'worker_processes 1;',
    // As root, workers would become "nobody" and could not read a test's
    // mkdtemp directory (mode 700); they read what the test can read.
    ...(process.getuid?.() === 0 ? ['user root;'] : []),
    'events { worker_connections 128; }',
    'http {',
    '  include /etc/nginx/mime.types;',
    '  default_type application/octet-stream;',
    `  access_log ${at('logs', 'access.log')};`,
    ...['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi'].map((kind) => `  ${kind}_temp_path ${at('temp', kind)};`),
    `  include ${at('article-widget.conf')};`,
    '}',
    '',
  ].join('\n');
}

async function launch(prefix, port, publicPath) {
  const errorLog = join(prefix, 'logs', 'error.log');
  // -e: the log for messages before the config is read, which would
  // otherwise go to the compiled-in path.
  const child = spawn(NGINX, ['-p', prefix + '/', '-e', errorLog, '-c', join(prefix, 'nginx.conf')], {
    stdio: ['ignore', 'ignore', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (chunk) => (stderr += chunk));
  const exited = new Promise((resolve) => child.once('exit', (code, signal) => resolve({ code, signal })));
  let running = true;
  exited.then(() => (running = false));
  // A test run that ends without close() must not leave nginx behind.
  const orphan = () => child.kill('SIGTERM');
  process.once('exit', orphan);

  const close = async () => {
    process.removeListener('exit', orphan);
    if (running) child.kill('SIGTERM'); // nginx's fast shutdown
    await exited;
  };

  const failure = async (what) => {
    await close();
    const log = await readFile(errorLog, 'utf8').catch(() => '');
    return new Error(`nginx ${what}\n${stderr}${log}`);
  };

  const deadline = Date.now() + 10_000;
  for (;;) {
    if (!running) throw await failure(`exited before answering (${JSON.stringify(await exited)})`);
    const answered = await fetch(`http://127.0.0.1:${port}${publicPath}`, { method: 'HEAD', redirect: 'manual' }).then(
      () => true,
      (error) => (error.cause?.code === 'ECONNREFUSED' ? false : error),
    );
    if (answered instanceof Error) throw await failure(`did not answer: ${answered.cause?.message ?? answered.message}`);
    if (answered) break;
    if (Date.now() > deadline) throw await failure('did not answer within 10 s');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  // A warning at start-up is a config mistake that publishers would see in
  // "nginx -t", so it fails the tests too.
  if (/\[(?:warn|emerg|alert|crit)\]/.test(await readFile(errorLog, 'utf8'))) throw await failure('warned at start-up');
  return { close };
}

/** A port that was free a moment ago on 127.0.0.1. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const probe = createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address();
      probe.close(() => resolve(port));
    });
  });
}

/** A path as an nginx config string; nginx would expand "$" in it as a variable. */
function quote(path) {
  if (/["\\$]/.test(path)) throw new Error(`nginx config cannot name this path: ${path}`);
  return `"${path}"`;
}
