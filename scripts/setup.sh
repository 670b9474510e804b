#!/usr/bin/env bash
# Installs what building, serving and testing need, and skips what is there:
# the wasm32 target, Chromium + ChromeDriver + a CJK font (apt), Trunk and the
# wasm-bindgen-cli that matches Cargo.lock (cargo install, into a fixed root
# outside the checkout so that fresh clones reuse them), and the npm tools
# (wasm-opt from `binaryen`, playwright-core). Nothing is downloaded from
# outside the package registries.
#
# Source it (`. scripts/setup.sh`) to also get the tools on PATH.

set -euo pipefail

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
tools=${ARTICLE_WIDGET_TOOLS:-$HOME/.cache/article-widget/tools}
trunk_version=0.21.14
export PATH="$tools/bin:$repo/node_modules/.bin:$HOME/.cargo/bin:$PATH"
export TRUNK_SKIP_VERSION_CHECK=true

step() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  step "rustup target add wasm32-unknown-unknown"
  rustup target add wasm32-unknown-unknown
fi

missing_debs=()
command -v chromium >/dev/null || missing_debs+=(chromium)
command -v chromedriver >/dev/null || missing_debs+=(chromium-driver)
fc-list :lang=zh 2>/dev/null | grep -q . || missing_debs+=(fonts-wqy-microhei)
if ((${#missing_debs[@]})); then
  step "apt-get install ${missing_debs[*]}"
  sudo=""
  [ "$(id -u)" -eq 0 ] || sudo=sudo
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${missing_debs[@]}" >/dev/null
fi

if [ "$(trunk --version 2>/dev/null)" != "trunk $trunk_version" ]; then
  step "cargo install trunk@$trunk_version (about 8 minutes on 2 cores)"
  # LTO off halves the build time of a tool that is not size-sensitive.
  CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
    cargo install --locked --quiet "trunk@$trunk_version" --root "$tools"
fi

# The CLI must equal the wasm-bindgen crate in Cargo.lock (pinned in Cargo.toml).
wasm_bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print }' "$repo/Cargo.lock")
if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wasm_bindgen_version" ]; then
  step "cargo install wasm-bindgen-cli@$wasm_bindgen_version (about 3 minutes)"
  # Without --locked: its lock file asks for a version the registry does not serve.
  cargo install --quiet "wasm-bindgen-cli@$wasm_bindgen_version" --root "$tools"
fi

if ! cmp -s "$repo/package-lock.json" "$repo/node_modules/.package-lock.json.copy" 2>/dev/null; then
  step "npm ci"
  (cd "$repo" && npm ci --no-audit --no-fund --loglevel=error &&
    cp package-lock.json node_modules/.package-lock.json.copy)
fi

# Trunk builds with `cargo build --offline` (Trunk.toml), so fetch first.
(cd "$repo" && cargo fetch --locked --quiet)
