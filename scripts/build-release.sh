#!/usr/bin/env bash
# The release build: `trunk build --release` (extra arguments go to it), with
# both wasm modules compiled by the pinned nightly that scripts/setup.sh
# installs, std rebuilt for size and panics compiled to a bare trap
# (ARCHITECTURE.md, "Build pipeline", says why). Everything else, the
# publishing CLI in the post-build hook included, stays on stable.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."
. scripts/setup.sh
# A RUSTFLAGS from the environment would replace the wasm32 flags below.
unset RUSTFLAGS CARGO_ENCODED_RUSTFLAGS
export RUSTUP_TOOLCHAIN=$ARTICLE_WIDGET_RELEASE_TOOLCHAIN
export CARGO_UNSTABLE_BUILD_STD=std,panic_abort
export CARGO_UNSTABLE_BUILD_STD_FEATURES=optimize_for_size
export CARGO_TARGET_WASM32_UNKNOWN_UNKNOWN_RUSTFLAGS="${ARTICLE_WIDGET_RELEASE_RUSTFLAGS--Zunstable-options -Cpanic=immediate-abort}"
exec trunk build --release "$@"
