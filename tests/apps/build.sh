#!/usr/bin/env bash
# Builds the scratch React and Vue apps the way a partner's would be built: the
# npm package packed from the release build (`node scripts/pack.mjs`, only when
# the tarball is missing or older than dist/), each app installed with `npm ci`
# (its lock pins every version; the package comes from the tarball by path),
# type-checked (tsc, vue-tsc) and bundled by Vite into tests/apps/<app>/dist/.
# The two apps build side by side. tests/apps/apps.test.mjs then serves and
# drives what this built.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/../.."
repo=$PWD

version=$(sed -n 's/^version = "\(.*\)"$/\1/p' Cargo.toml | head -n 1)
tarball=target/npm/article-widget-$version.tgz
[[ -f dist/embed.js ]] || { echo "tests/apps/build.sh: no dist/: run scripts/build-release.sh first" >&2; exit 1; }
if [[ ! -f $tarball || -n $(find dist -newer "$tarball" -print -quit) ]]; then
  node scripts/pack.mjs
fi

build() {
  local app=$1 started=$SECONDS
  cd "$repo/tests/apps/$app"
  # The lock names the tarball without an integrity: with one, `npm ci` would
  # install the copy in npm's cache that has that integrity, not the tarball
  # just packed (an `npm install` here adds it back: delete that line).
  node -e '
    const entry = require("./package-lock.json").packages["node_modules/article-widget"];
    const want = "file:../../../" + process.argv[1];
    if (!entry || entry.resolved !== want || entry.integrity) {
      console.error(`package-lock.json: article-widget must be resolved from ${want}, without "integrity"`);
      process.exit(1);
    }' "$tarball"
  npm ci --prefer-offline --no-audit --no-fund --loglevel=error
  npm run --silent typecheck
  npm run --silent build -- --logLevel warn
  echo "installed, type-checked and built in $((SECONDS - started)) s"
}

declare -A pids
for app in react vue; do
  build "$app" > "$repo/target/apps-$app.log" 2>&1 &
  pids[$app]=$!
done
failed=0
for app in react vue; do
  wait "${pids[$app]}" || { failed=1; echo "tests/apps/$app: FAILED" >&2; }
  grep -v '^$' "$repo/target/apps-$app.log" | sed "s|^|tests/apps/$app: |"
done
exit $failed
