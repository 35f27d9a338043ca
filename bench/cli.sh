#!/usr/bin/env bash
# Cold-process CLI time: `egress-planner compare --format json` for one
# scenario (the public acceptance scenario fargate-review-us-east-1), each
# run a new process, measured by hyperfine (apt-get install hyperfine).
# Fails when the mean is over TARGET_MS (default 20).
set -euo pipefail
cd "$(dirname "$0")/.."
target_ms="${TARGET_MS:-20}"
work="${CARGO_TARGET_DIR:-target}"
command -v hyperfine >/dev/null || { echo "hyperfine is not installed: apt-get install hyperfine" >&2; exit 1; }
cargo build --release --quiet
input="$work/bench-cli-scenario.json"
python3 -c 'import json, sys; print(json.dumps(json.load(open(sys.argv[1]))["input"]))' \
  tests/acceptance/fargate-review-us-east-1.json >"$input"
hyperfine --warmup 5 --runs "${RUNS:-100}" -N --export-json "$work/bench-cli.json" \
  "$work/release/egress-planner compare --format json --file $input"
mean_ms=$(python3 -c 'import json, sys; r = json.load(open(sys.argv[1]))["results"][0]; print("%.2f %.2f" % (r["mean"] * 1000, r["max"] * 1000))' "$work/bench-cli.json")
read -r mean max <<<"$mean_ms"
echo "compare --format json: mean $mean ms, max $max ms (target $target_ms ms)"
awk -v m="$mean" -v t="$target_ms" 'BEGIN { exit !(m < t) }'
