#!/usr/bin/env bash
# Batch throughput: NDJSON of SCENARIOS (default 100,000) random valid
# scenarios (bench/scenarios.py) in one request to
# POST /api/v1/compare/batch?detail=summary, the release server pinned to
# CPU 0, curl to CPU 1. ROUNDS rounds (default 3); prints scenarios/s for each
# and the median, and fails when an answer is an error, an answer is missing,
# or the median is under TARGET (default 100,000 scenarios/s). It also prints
# the server's own CPU time per round (from /proc): on a shared machine the
# wall time includes waiting for the CPU, the CPU time does not.
# Needs curl, python3 and taskset (util-linux).
set -euo pipefail
cd "$(dirname "$0")/.."
count="${SCENARIOS:-100000}"
rounds="${ROUNDS:-3}"
target="${TARGET:-100000}"
work="${CARGO_TARGET_DIR:-target}"
# One request carries every scenario: raise the batch limit (default 4 MiB).
export BATCH_MAX_BYTES=$((512 * 1024 * 1024))
export BATCH_MAX_NDJSON_SCENARIOS=$count
source bench/server.sh
start_server /dev/null taskset -c 0

regions=$(curl -sf "$url/api/v1/regions" | python3 -c 'import json, sys; print(" ".join(r["code"] for r in json.load(sys.stdin)["regions"]))')
input="$work/bench-batch-$count.ndjson"
output="$work/bench-batch-answers.ndjson"
python3 bench/scenarios.py "$count" $regions >"$input"
echo "$count scenarios, $(($(stat -c %s "$input") / 1024)) KiB of NDJSON"

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$server/stat"; }
hz=$(getconf CLK_TCK)
rates=()
for round in $(seq "$rounds"); do
  before=$(cpu_ticks)
  seconds=$(taskset -c 1 curl -sS --fail -o "$output" -w '%{time_total}' \
    -H 'Content-Type: application/x-ndjson' --data-binary @"$input" \
    "$url/api/v1/compare/batch?detail=summary")
  answers=$(wc -l <"$output")
  errors=$(grep -c '"error"' "$output" || true)
  [[ "$answers" == "$count" && "$errors" == 0 ]] || {
    echo "FAIL: $answers answers, $errors errors for $count scenarios" >&2
    exit 1
  }
  cpu=$(awk -v a="$before" -v b="$(cpu_ticks)" -v hz="$hz" 'BEGIN { printf "%.2f", (b - a) / hz }')
  rate=$(awk -v n="$count" -v s="$seconds" 'BEGIN { printf "%d", n / s }')
  per_cpu=$(awk -v n="$count" -v c="$cpu" 'BEGIN { printf "%d", (c > 0) ? n / c : 0 }')
  echo "round $round: ${seconds}s, $rate scenarios/s; server CPU ${cpu}s, $per_cpu scenarios per CPU-second"
  rates+=("$rate")
done
median=$(printf '%s\n' "${rates[@]}" | sort -n | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }')
echo "median: $median scenarios/s (target $target)"
[[ "$median" -ge "$target" ]]
