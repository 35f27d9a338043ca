#!/usr/bin/env bash
# Import benchmark (not a timed test): generates an AmazonEC2 region offer file
# of SIZE_MB (default 1024) MB in AWS's real CSV format (bench/gen_ec2_csv.py),
# runs the release `egress-planner pricing import` on it under /usr/bin/time -v,
# and prints the read rate (MB/s) and the peak memory (max RSS). Targets: at
# least 100 MB/s and under 150 MB RSS on the project's 2-core machine.
# The generated file is kept in BENCH_DIR (default /tmp) for reruns.
set -euo pipefail
cd "$(dirname "$0")/.."
size_mb="${SIZE_MB:-1024}"
dir="${BENCH_DIR:-/tmp}"
file="$dir/AmazonEC2-eu-west-2-bench-${size_mb}MB.csv"
target="${CARGO_TARGET_DIR:-target}"

[ -x /usr/bin/time ] || { echo "/usr/bin/time is missing: apt-get install time" >&2; exit 1; }
if [ ! -s "$file" ]; then
  python3 bench/gen_ec2_csv.py "$file" "$size_mb"
fi
cargo build --release --quiet --bin egress-planner
bytes=$(stat -c %s "$file")

# Read the file once so the first run is not a disk benchmark.
cat "$file" > /dev/null
out=$(mktemp)
log=$(mktemp)
/usr/bin/time -v "$target/release/egress-planner" pricing import --out "$out" "$file" 2> "$log" || {
  cat "$log" >&2
  exit 1
}
seconds=$(awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, p, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + p[i]; print s }' "$log")
rss_kb=$(awk -F': ' '/Maximum resident set size/ { print $2 }' "$log")
grep -q 'nat_hour .*imported' "$log" || { echo "the import did not find the NAT rows" >&2; cat "$log" >&2; exit 1; }
awk -v b="$bytes" -v s="$seconds" -v r="$rss_kb" 'BEGIN {
  mb = b / 1e6
  printf "file      %.1f MB\n", mb
  printf "time      %.2f s\n", s
  printf "rate      %.0f MB/s   (target >= 100)\n", mb / s
  printf "max RSS   %.1f MB     (target < 150)\n", r / 1024
}'
rm -f "$out" "$log"
