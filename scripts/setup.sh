#!/usr/bin/env bash
# Installs what building, serving and testing need, and skips what is there:
# the wasm32 target, Node.js, Chromium + ChromeDriver, Firefox ESR,
# WebKitWebDriver + Xvfb, a CJK font and nginx (apt), Trunk, the
# wasm-bindgen-cli that matches Cargo.lock and twiggy (cargo install, into a
# fixed root outside the checkout so that fresh clones reuse them), and the
# npm tools (wasm-opt from `binaryen`, esbuild, playwright-core,
# puppeteer-core). Nothing is downloaded from outside the package registries.
#
# Source it (`. scripts/setup.sh`) to also get the tools on PATH; it leaves
# the calling shell's options as they were.

_aw_setup() {
  local repo tools trunk_version release_toolchain wasm_bindgen_version sudo=""
  repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
  tools=${ARTICLE_WIDGET_TOOLS:-$HOME/.cache/article-widget/tools}
  trunk_version=0.21.14
  release_toolchain=nightly-2026-05-20
  export PATH="$tools/bin:$repo/node_modules/.bin:$HOME/.cargo/bin:$PATH"
  export TRUNK_SKIP_VERSION_CHECK=true
  [ "$(id -u)" -eq 0 ] || sudo="sudo -n"

  if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
    step "rustup target add wasm32-unknown-unknown"
    rustup target add wasm32-unknown-unknown || return
  fi

  # The release wasm's toolchain (scripts/build-release.sh; ARCHITECTURE.md,
  # "Build pipeline"): a dated nightly, so every release build is the same,
  # with the std sources that `-Z build-std` compiles. Stable builds the rest.
  export ARTICLE_WIDGET_RELEASE_TOOLCHAIN=$release_toolchain
  local sysroot
  sysroot=$(RUSTUP_AUTO_INSTALL=0 rustup run "$release_toolchain" rustc --print sysroot 2>/dev/null) || sysroot=/nonexistent
  if [ ! -d "$sysroot/lib/rustlib/src/rust/library" ] || [ ! -d "$sysroot/lib/rustlib/wasm32-unknown-unknown" ]; then
    step "rustup toolchain install $release_toolchain (10-35 seconds)"
    rustup toolchain install "$release_toolchain" --profile minimal --component rust-src \
      --target wasm32-unknown-unknown --no-self-update || return
  fi

  local missing=()
  command -v node >/dev/null || missing+=(nodejs)
  command -v npm >/dev/null || missing+=(npm)
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  # Firefox for the shared scenarios (tests/e2e/scenarios/), driven over
  # WebDriver BiDi by puppeteer-core, which downloads no browser of its own.
  command -v firefox-esr >/dev/null || missing+=(firefox-esr)
  # No pipe into `grep -q`: an early exit would fail the pipeline on SIGPIPE.
  [ -n "$(fc-list :lang=zh 2>/dev/null)" ] || missing+=(fonts-wqy-microhei)
  # >>> WebKit (issue 17; tests/e2e/engines/webkit.mjs): WebKitWebDriver, which
  # drives WebKitGTK's MiniBrowser (same package's dependency), an Xvfb for its
  # display, and glibc's locale sources, from which the backend compiles the
  # locale a test asks for (zh_CN.UTF-8) when the system lacks it.
  command -v WebKitWebDriver >/dev/null || missing+=(webkit2gtk-driver)
  command -v Xvfb >/dev/null || missing+=(xvfb)
  [ -e /usr/share/i18n/locales/zh_CN ] || missing+=(locales)
  # <<< WebKit
  # nginx for the deploy tests (tests/e2e/deploy.test.mjs); /usr/sbin is not
  # on every user's PATH, so look for the files.
  [ -x /usr/sbin/nginx ] || missing+=(nginx)
  # rsync and jq for the deploy test that moves only what a publish changed.
  command -v rsync >/dev/null || missing+=(rsync)
  command -v jq >/dev/null || missing+=(jq)
  [ -e /usr/lib/nginx/modules/ngx_http_brotli_filter_module.so ] || missing+=(libnginx-mod-http-brotli-filter)
  [ -e /usr/lib/nginx/modules/ngx_http_brotli_static_module.so ] || missing+=(libnginx-mod-http-brotli-static)
  if ((${#missing[@]})); then
    step "apt-get install ${missing[*]}"
    $sudo apt-get update -qq || return
    $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null || return
    # Debian starts its own nginx on port 80 at install; the tests start theirs on 127.0.0.1.
    if [[ " ${missing[*]} " == *" nginx "* ]] && command -v systemctl >/dev/null; then
      $sudo systemctl disable --now nginx >/dev/null 2>&1 || true
    fi
  fi

  if [ "$(trunk --version 2>/dev/null)" != "trunk $trunk_version" ]; then
    step "cargo install trunk@$trunk_version (about 8 minutes on 2 cores)"
    # LTO off halves the build time of a tool that is not size-sensitive.
    CARGO_PROFILE_RELEASE_LTO=false CARGO_PROFILE_RELEASE_CODEGEN_UNITS=16 \
      cargo install --locked --quiet "trunk@$trunk_version" --root "$tools" || return
  fi

  # The CLI must equal the wasm-bindgen crate in Cargo.lock (pinned in Cargo.toml).
  wasm_bindgen_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/[^0-9.]/, ""); print; exit }' "$repo/Cargo.lock")
  if [ -z "$wasm_bindgen_version" ]; then
    echo "setup: no wasm-bindgen version in Cargo.lock" >&2
    return 1
  fi
  if [ "$(wasm-bindgen --version 2>/dev/null)" != "wasm-bindgen $wasm_bindgen_version" ]; then
    step "cargo install wasm-bindgen-cli@$wasm_bindgen_version (about 3 minutes)"
    # Without --locked: its lock file asks for a version the registry does not serve.
    cargo install --quiet "wasm-bindgen-cli@$wasm_bindgen_version" --root "$tools" || return
  fi

  # twiggy, for what grew when the size budget fails (scripts/size-report.mjs).
  if [ "$(twiggy --version 2>/dev/null)" != "twiggy-opt 0.8.0" ]; then
    step "cargo install twiggy@0.8.0 (about 3 minutes)"
    cargo install --quiet --locked "twiggy@0.8.0" --root "$tools" ||
      cargo install --quiet "twiggy@0.8.0" --root "$tools" || return
  fi

  if ! cmp -s "$repo/package-lock.json" "$repo/node_modules/.package-lock.json.copy" ||
    [ ! -x "$repo/node_modules/.bin/wasm-opt" ] || [ ! -d "$repo/node_modules/playwright-core" ] ||
    [ ! -d "$repo/node_modules/puppeteer-core" ]; then
    step "npm ci"
    (cd "$repo" && npm ci --no-audit --no-fund --loglevel=error &&
      cp package-lock.json node_modules/.package-lock.json.copy) || return
  fi

  # Trunk builds with `cargo build --offline` (Trunk.toml), so fetch first.
  (cd "$repo" && cargo fetch --locked --quiet)
  # And the crates std itself depends on, for the release build's `-Z build-std`.
  (cd "$repo" && RUSTUP_TOOLCHAIN=$release_toolchain CARGO_UNSTABLE_BUILD_STD=std,panic_abort \
    cargo fetch --locked --quiet --target wasm32-unknown-unknown)
}

step() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
  set -euo pipefail
  _aw_setup
else
  _aw_setup
fi
