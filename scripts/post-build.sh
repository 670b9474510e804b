#!/usr/bin/env sh
# Trunk's post-build hook (one script: Trunk runs hooks concurrently). It
# finishes the two wasm modules and writes embed.js, moves the app's start
# from an inline script into a file (scripts/start-file.mjs), then publishes
# the sample content (www/content) into the build with the publishing CLI, as
# a publisher would publish theirs: feeds, article documents, prerendered
# pages.
set -eu
node scripts/embed-loader.mjs
node scripts/start-file.mjs
cargo run --quiet --locked --offline --bin article-widget-publish -- build www/content --out "$TRUNK_STAGING_DIR"
