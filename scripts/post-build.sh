#!/usr/bin/env sh
# Trunk's post-build hook (one script: Trunk runs hooks concurrently), in the
# staging folder Trunk then moves to dist/. ARCHITECTURE.md's "Build pipeline"
# says what each step is for.
set -eu
node scripts/minify.mjs        # release: the two JS glues and the CSS, with esbuild
node scripts/wasm-imports.mjs  # release: short names for the wasm modules' imports
node scripts/integrity.mjs     # index.html's integrity hashes follow the files
node scripts/embed-hash.mjs    # the embed's glue and wasm get content-hashed names
node scripts/embed-loader.mjs  # the glue as a classic script; embed.js, v/<version>/, v/<major>/; integrity.json
node scripts/start-file.mjs    # the app's inline start script moves into start-<hash>.js
# The sample content (www/content) published into the build with the CLI, as
# a publisher would publish theirs: feeds, article documents, prerendered pages.
# The CLI is native and built by stable, also when scripts/build-release.sh
# gave this build the nightly for the wasm.
env -u RUSTUP_TOOLCHAIN -u CARGO_UNSTABLE_BUILD_STD -u CARGO_UNSTABLE_BUILD_STD_FEATURES \
  cargo run --quiet --locked --offline --bin article-widget-publish -- build www/content --out "$TRUNK_STAGING_DIR" --no-cache
node scripts/snippet.mjs "$TRUNK_STAGING_DIR"  # the pinned snippet with its integrity hashes
