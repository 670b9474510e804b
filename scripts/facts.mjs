// What the build reads from the sources, each from its one place: the
// version (Cargo.toml) and the option names (`options::NAMES` in
// src/options.rs). Used by embed-loader.mjs (embed.js) and pack.mjs (the npm
// package).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

/** `[package] version` of the Cargo.toml in `root`. */
export const cargoVersion = (root) => cargoField(root, 'version');

/** A top-level string field of Cargo.toml's `[package]` (`version`, `license`). */
export function cargoField(root, field) {
  const found = readFileSync(join(root, 'Cargo.toml'), 'utf8').match(new RegExp(`^${field} = "([^"]+)"`, 'm'));
  if (!found) throw new Error(`${root}/Cargo.toml: no ${field}`);
  return found[1];
}

/** The option names, in order, from `pub const NAMES` in src/options.rs. */
export function optionNames(root) {
  const path = join(root, 'src', 'options.rs');
  const declared = readFileSync(path, 'utf8').match(/pub const NAMES: \[&str; (\d+)\] = \[([^\]]*)\];/);
  const names = declared ? [...declared[2].matchAll(/"([a-z-]+)"/g)].map(([, name]) => name) : [];
  if (!declared || names.length !== Number(declared[1])) {
    throw new Error(`${path}: could not read the option names from \`pub const NAMES\``);
  }
  return names;
}

/** `names` as the JavaScript array literal the loaders' __NAMES__ becomes. */
export const namesLiteral = (names) => `[${names.map((name) => `'${name}'`).join(', ')}]`;
