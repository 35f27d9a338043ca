#!/usr/bin/env bash
# CPU per PNG card: renders N (default 200) 1200 x 630 card PNGs in a release build
# (examples/render_png.rs), pinned to one CPU, and prints the mean CPU time per card, where the
# time goes (SVG template, text as outlines, parse, drawing, encoding at each level tried) and the
# chart's cost. Fails when a card takes more than TARGET_MS (default 30) of CPU.
set -euo pipefail
cd "$(dirname "$0")/.."
target_ms="${TARGET_MS:-30}"
cargo build --release --example render_png
bin="${CARGO_TARGET_DIR:-target}/release/examples/render_png"
pin=()
if command -v taskset >/dev/null; then pin=(taskset -c 0); fi
out=$("${pin[@]}" "$bin")
echo "$out"
per_card=$(echo "$out" | sed -n 's/^card PNG 1200x630: \([0-9.]*\) ms CPU per card.*/\1/p')
if awk -v t="$per_card" -v max="$target_ms" 'BEGIN { exit !(t > max) }'; then
  echo "FAIL: $per_card ms CPU per card, over $target_ms ms" >&2
  exit 1
fi
echo "ok: $per_card ms CPU per card (at most $target_ms)"
