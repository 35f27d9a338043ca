#!/usr/bin/env bash
# Flow-log measurement throughput: generates MB megabytes (uncompressed) of gzip flow logs with
# crates/ingest/examples/flowlogs_gen.rs, then times the release measure_flow_logs example on them
# under /usr/bin/time -v and prints records/s, MB/s (uncompressed and gzip) and peak memory.
# Usage: bench/flowlogs.sh [MB]   (default 1500; env OUT=dir keeps the data elsewhere)
set -euo pipefail
cd "$(dirname "$0")/.."
MB=${1:-1500}
OUT=${OUT:-target/flowlogs-bench/$MB}

cargo build --release -q -p egress-ingest --example flowlogs_gen --example measure_flow_logs
if [ ! -f "$OUT/nat.json" ]; then
  rm -rf "$OUT"
  target/release/examples/flowlogs_gen "$OUT" "$MB"
fi
gz_bytes=$(find "$OUT/AWSLogs" -name '*.log.gz' -printf '%s\n' | awk '{s+=$1} END {print s}')
raw_bytes=$((MB * 1000000))

/usr/bin/time -v target/release/examples/measure_flow_logs \
  --ip-ranges "$OUT/ip-ranges.json" --nat-json "$OUT/nat.json" "$OUT/AWSLogs" \
  >"$OUT/report.txt" 2>"$OUT/time.txt" || { cat "$OUT/time.txt"; exit 1; }

records=$(sed -n 's/^measured \([0-9]*\) records in \([0-9.]*\) s.*/\1/p' "$OUT/time.txt")
secs=$(sed -n 's/^measured \([0-9]*\) records in \([0-9.]*\) s.*/\2/p' "$OUT/time.txt")
rss_kb=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$OUT/time.txt")
user=$(sed -n 's/.*User time (seconds): //p' "$OUT/time.txt")
sys=$(sed -n 's/.*System time (seconds): //p' "$OUT/time.txt")
cpu_pct=$(sed -n 's/.*Percent of CPU this job got: //p' "$OUT/time.txt")
# Wall-clock figures suffer when other work shares the 2 cores; the CPU-time ones are per core used.
awk -v r="$records" -v s="$secs" -v c="$user + $sys" -v u="$user" -v y="$sys" -v raw="$raw_bytes" -v gz="$gz_bytes" -v kb="$rss_kb" -v p="$cpu_pct" 'BEGIN {
  cpu = u + y
  printf "records:        %d\n", r
  printf "wall:           %.2f s, one thread (it had %s of a core)\n", s, p
  printf "cpu:            %.2f s (user %.2f + system %.2f)\n", cpu, u, y
  printf "records/s:      %.0f per CPU-second, %.0f per wall second\n", r / cpu, r / s
  printf "MB/s:           %.1f uncompressed, %.1f gzip per CPU-second (%.0f MB of text in %.0f MB gzip)\n", raw / cpu / 1e6, gz / cpu / 1e6, raw / 1e6, gz / 1e6
  printf "peak memory:    %.1f MB (max RSS)\n", kb / 1024
}'
echo "report: $OUT/report.txt"
