// Post-build step 6 (after embed-loader.mjs, before the publishing CLI
// wraps pages in index.html): Trunk starts the app with an inline
// <script type="module"> in index.html, which a Content-Security-Policy
// without 'unsafe-inline' (deploy/nginx/article-widget.conf) refuses to run,
// and which every prerendered page would inherit. Its text goes into a file,
// start-<hash>.js, loaded from the same place as the glue it imports, so
// the policy needs neither 'unsafe-inline' nor a hash that changes with each
// build. Trunk's modulepreload and preload links stay as they are.
//
// `trunk serve` appends its own autoreload <script> (classic, not a module);
// it is left alone: the dev server sends no CSP.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

const staging = process.env.TRUNK_STAGING_DIR;
if (!staging) throw new Error('run me as a Trunk post_build hook (TRUNK_STAGING_DIR is not set)');

const indexPath = join(staging, 'index.html');
const index = readFileSync(indexPath, 'utf8');

// Trunk writes `<script type="module">` and then `import init, … from
// '<public url><glue>.js';`; only that script is the app's start.
const inline = [...index.matchAll(/<script type="module"(?: nonce="[^"]*")?>([\s\S]*?)<\/script>/g)];
const starts = inline.filter(([, code]) => /\bfrom '[^']*article-widget-[0-9a-f]+\.js'/.test(code));
if (starts.length !== 1 || inline.length !== 1) {
  throw new Error(`expected one inline module script (Trunk's start of the app) in ${indexPath}, found ${inline.length}`);
}
const [tag, code] = starts[0];
// The public URL (`--public-url /news/`, or "/"), as Trunk wrote it before
// the glue's name.
const base = code.match(/\bfrom '([^']*)article-widget-[0-9a-f]+\.js'/)[1];

const text = code.trim() + '\n';
const hash = createHash('sha256').update(text).digest('hex').slice(0, 16);
const name = `start-${hash}.js`;
writeFileSync(join(staging, name), text);
const integrity = `sha384-${createHash('sha384').update(text).digest('base64')}`;
writeFileSync(
  indexPath,
  index.replace(tag, () => `<script type="module" src="${base}${name}" integrity="${integrity}" crossorigin="anonymous"></script>`),
);
console.log(`index.html starts the app from ${name}`);
