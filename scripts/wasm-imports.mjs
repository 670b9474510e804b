// Post-build step 2 (release builds only): short names for each wasm module's
// imports from its JS glue. wasm-bindgen names each import
// `__wbg_<name>_<16 hex digits>`; the hex digits are random to a compressor,
// and there are nearly two hundred of them. Renaming them in the wasm's import
// section and in the glue's import object (to `a`, `b`, … `ba`…) is the same
// module with about 4.7 KB less brotli. The exports that call Rust closures
// from JavaScript are named after their Rust types (up to 194 characters,
// with crate hashes): they become `$0`, `$1`, … in the wasm and the glue,
// −0.3 KB brotli on the embed.
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

import { app, embed, release, staging } from './staging.mjs';

if (release) {
  shortenImports(join(staging, app.wasm()), join(staging, app.glue()), './article-widget_bg.js');
  shortenImports(join(staging, embed.wasm), join(staging, embed.glue), './article-widget-embed_bg.js');
}

/** Renames, in `wasmPath` and `gluePath`, the imports the wasm takes from `module`. */
function shortenImports(wasmPath, gluePath, module) {
  const wasm = readFileSync(wasmPath);
  let glue = readFileSync(gluePath, 'utf8');
  const { bytes, renamed, exports } = renameSections(wasm, module);
  // Longest first, so that no name is replaced inside a longer one.
  const pattern = (from) => new RegExp(`(?<![\\w$])${from.replace(/[$]/g, '\\$&')}(?![\\w$])`, 'g');
  for (const [from, to] of [...renamed].sort((a, b) => b[0].length - a[0].length)) {
    const count = (glue.match(pattern(from)) ?? []).length;
    if (count !== 1) throw new Error(`${gluePath}: the import ${from} appears ${count} times, expected once`);
    glue = glue.replace(pattern(from), to);
  }
  // The glue calls each closure export as a property of the instance's exports.
  for (const [from, to] of exports) {
    if (!(glue.match(pattern(from)) ?? []).length) throw new Error(`${gluePath}: the export ${from} is never used`);
    glue = glue.replace(pattern(from), () => to);
  }
  writeFileSync(wasmPath, bytes);
  writeFileSync(gluePath, glue);
}

function renameSections(wasm, module) {
  const reader = { bytes: wasm, at: 8 };
  const parts = [wasm.subarray(0, 8)];
  const renamed = new Map();
  const exports = new Map();
  while (reader.at < wasm.length) {
    const start = reader.at;
    const id = wasm[reader.at++];
    const size = leb(reader);
    const end = reader.at + size;
    if (id === 7) {
      const body = [];
      const count = leb(reader);
      body.push(encodeLeb(count));
      for (let i = 0; i < count; i++) {
        let field = name(reader);
        const descStart = reader.at;
        reader.at += 1; // kind
        leb(reader); // index
        // `$` starts no name wasm-bindgen gives an export.
        if (/^wasm_bindgen_[0-9a-f]{16}___convert__closures_\w+$/.test(field)) {
          const short = `$${exports.size}`;
          exports.set(field, short);
          field = short;
        }
        body.push(encodeName(field), wasm.subarray(descStart, reader.at));
      }
      if (reader.at !== end) throw new Error('the export section did not parse to its end');
      const payload = Buffer.concat(body);
      parts.push(Buffer.from([7]), encodeLeb(payload.length), payload);
    } else if (id !== 2) {
      parts.push(wasm.subarray(start, end));
    } else {
      const body = [];
      const count = leb(reader);
      body.push(encodeLeb(count));
      for (let i = 0; i < count; i++) {
        const from = name(reader);
        let field = name(reader);
        const descStart = reader.at;
        skipDescription(reader);
        if (from === module) {
          const short = shortName(renamed.size);
          renamed.set(field, short);
          field = short;
        }
        body.push(encodeName(from), encodeName(field), wasm.subarray(descStart, reader.at));
      }
      if (reader.at !== end) throw new Error('the import section did not parse to its end');
      const payload = Buffer.concat(body);
      parts.push(Buffer.from([2]), encodeLeb(payload.length), payload);
    }
    reader.at = end;
  }
  return { bytes: Buffer.concat(parts), renamed, exports };
}

/** `a`…`z`, then `ba`…: letters only, so they stay plain object keys. */
function shortName(n) {
  let out = '';
  do {
    out = String.fromCharCode(97 + (n % 26)) + out;
    n = Math.floor(n / 26);
  } while (n > 0);
  return out;
}

function skipDescription(reader) {
  const kind = reader.bytes[reader.at++];
  const limits = () => {
    const flags = leb(reader);
    leb(reader);
    if (flags & 1) leb(reader);
  };
  if (kind === 0) leb(reader); // function: type index
  else if (kind === 1) {
    reader.at++; // table: reference type
    limits();
  } else if (kind === 2) limits(); // memory
  else if (kind === 3) reader.at += 2; // global: value type, mutability
  else if (kind === 4) {
    reader.at++; // tag: attribute
    leb(reader);
  } else throw new Error(`unknown import kind ${kind}`);
}

function leb(reader) {
  let result = 0;
  let shift = 0;
  for (;;) {
    const byte = reader.bytes[reader.at++];
    result += (byte & 0x7f) * 2 ** shift;
    if (!(byte & 0x80)) return result;
    shift += 7;
  }
}

function name(reader) {
  const length = leb(reader);
  const text = reader.bytes.subarray(reader.at, reader.at + length).toString('utf8');
  reader.at += length;
  return text;
}

function encodeLeb(value) {
  const out = [];
  do {
    let byte = value & 0x7f;
    value = Math.floor(value / 128);
    if (value) byte |= 0x80;
    out.push(byte);
  } while (value);
  return Buffer.from(out);
}

function encodeName(text) {
  const bytes = Buffer.from(text, 'utf8');
  return Buffer.concat([encodeLeb(bytes.length), bytes]);
}
