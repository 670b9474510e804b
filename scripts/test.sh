#!/usr/bin/env bash
# Sets up what is missing, then runs every check and test, cheapest first:
# formatting, clippy (host and wasm32), native tests (model + components via
# Yew SSR), browser tests (wasm-bindgen-test in headless Chromium), the
# release build, end-to-end tests (playwright-core) against that build, and
# the shared scenarios in each engine (Chromium, Firefox, WebKit).
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
started=$SECONDS
. scripts/setup.sh

step "cargo fmt --check"
cargo fmt --all -- --check

step "cargo clippy (host)"
cargo clippy --locked --all-targets -- -D warnings

step "cargo clippy (wasm32: the app, the embed, both)"
for features in spa embed spa,embed; do
  cargo clippy --locked --all-targets --target wasm32-unknown-unknown --features "$features" -- -D warnings
done

step "native tests"
cargo test --locked --test native

step "browser tests (headless Chromium)"
CHROMEDRIVER=$(command -v chromedriver) cargo test --locked --target wasm32-unknown-unknown --features spa,embed --test browser

# The release builds: `trunk build --release` with the wasm compiled by the
# pinned nightly (scripts/build-release.sh), as deployed.
step "scripts/build-release.sh (trunk build --release)"
scripts/build-release.sh

step "scripts/build-release.sh --public-url /news/ (a sub-path deploy, for the end-to-end tests)"
scripts/build-release.sh --public-url /news/ --dist target/dist-news

# The embed's brotli size (loader + embed.css + glue + wasm) may not grow past this: the
# last measurement plus a small margin. The hardening work raised it from 99
# (a streamed body cap, own-property reads, storage rules, the loader's guard,
# the HTML complexity guard); issue 13 from 102 (the wire shapes with serde
# derive, options and event details through serde: BENCHMARKS.md has the
# reasons); the partner-page issue brought it down (the release wasm built by
# a pinned nightly with std rebuilt for size, BENCHMARKS.md "Size").
# Issues 14 and 15 raised it from 98: a third UI language, zh-Hant (its
# table, +1.1 KB of the wasm), and the loader checking the glue's and the
# wasm's integrity (+0.4 KB). Issue 15's one-article embeds (`article`) raised
# it to 99.8 (+0.85 KB measured, after a saving of 0.6 in reading the options).
# Live updates (`refresh`) raised it to 101.5: the feature measures +1.6 KB
# (101.3 KB with both features; BENCHMARKS.md "Size"), a cost accepted for what
# partners asked for most, with 0.2 KB of margin for brotli's noise between
# builds. Tag filters (`tags`) raised it to 105.2: +3.6 KB measured against
# the same session's main (104.9 KB, BENCHMARKS.md "Size"), after 0.3 paid
# down; the most requested feature, accepted at its cost. The next feature
# that adds wasm finds its bytes first.
embed_budget_kb=105.2
step "release size (embed budget: $embed_budget_kb KB brotli)"
if ! node scripts/size.mjs dist --budget "$embed_budget_kb" --json target/size.json; then
  node scripts/size-report.mjs
  exit 1
fi

step "the npm package (scripts/pack.mjs: target/npm/, npm pack)"
node scripts/pack.mjs

step "end-to-end tests (playwright-core, dist/ on 127.0.0.1)"
# A hung browser test fails after two minutes instead of holding CI.
node --test --test-timeout=120000 tests/e2e/

# A smoke run of the npm package as partners use it: a React 19 and a Vue 3
# app install the packed tarball, type-check, bundle with Vite, and run in
# Chromium (30-50 s warm, the two builds side by side; README "React and Vue").
step "React and Vue apps with the npm package (tests/apps/)"
tests/apps/build.sh
node --test --test-timeout=120000 tests/apps/

# The shared scenarios once per engine, each run under its own limit so that
# a hung browser or driver fails CI instead of holding it (SIGTERM first,
# which the drivers answer by ending their browser; SIGKILL 15 s later).
engines=${ENGINES:-chromium,firefox,webkit}
engine_seconds=()
for engine in ${engines//,/ }; do
  step "shared end-to-end scenarios in $engine (tests/e2e/scenarios/)"
  engine_started=$SECONDS
  ENGINES=$engine timeout --kill-after=15 300 node --test --test-timeout=120000 tests/e2e/scenarios/run.mjs
  engine_seconds+=("$engine $((SECONDS - engine_started)) s")
done
step "shared scenarios: $(IFS=,; echo "${engine_seconds[*]}" | sed 's/,/, /g')"

step "all checks passed in $((SECONDS - started)) s"
