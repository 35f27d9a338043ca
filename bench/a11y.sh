#!/usr/bin/env bash
# Accessibility check: installs axe-core from npm under target/a11y, then runs
# the real-browser axe test (tests/api/a11y.rs) at 390 and 1280 px, and the
# other browser tests with it. Needs node/npm, chromium and chromedriver.
set -euo pipefail
cd "$(dirname "$0")/.."
version=$(sed -n 's/^pub const AXE_VERSION: &str = "\(.*\)";/\1/p' tests/api/a11y.rs)
if [ ! -f target/a11y/node_modules/axe-core/axe.min.js ] ||
   ! grep -q "\"version\": \"$version\"" target/a11y/node_modules/axe-core/package.json; then
  mkdir -p target/a11y
  npm install --prefix target/a11y --no-save --no-audit --no-fund --silent "axe-core@$version"
fi
cargo test --test api -- --include-ignored a11y browser "$@"
