#!/usr/bin/env bash
# Load test: the release server for DURATION seconds (default 60) at 64
# connections, every request a random scenario (a fifth of them invalid) over
# the API, the HTML pages and the SVGs. Prints requests served, answers that
# should not be there (anything but 2xx/4xx: must be 0), socket errors (0) and
# the server's memory at the start and the end.
# Needs wrk (apt-get install wrk).
set -euo pipefail
source "$(dirname "$0")/server.sh"
require wrk
duration="${DURATION:-60}"
connections="${CONNECTIONS:-64}"
start_server /dev/null
rss() { awk '/VmRSS/ {print $2 " kB"}' "/proc/$server/status"; }
# Warm up briefly so the start figure is the server's working size, not its first page.
wrk -t2 -c8 -d2s -s bench/scenarios.lua "http://127.0.0.1:$port" >/dev/null
start_rss=$(rss)
# Three equal segments, memory read after each: growth in the first is the
# allocator reaching its working size; flat means no growth after that.
segment=$((duration / 3))
totals="requests=0 answers_4xx=0 unexpected=0 socket_errors=0"
rss_after=()
for i in 1 2 3; do
  part=$(SPLIT_STATUS=1 wrk -t2 -c"$connections" -d"${segment}s" --timeout 5s -s bench/scenarios.lua "http://127.0.0.1:$port" | grep '^RESULT')
  rss_after+=("$(rss)")
  totals=$(awk -v a="$totals" -v b="$part" 'BEGIN {
    n = split(a, x, " "); for (i = 1; i <= n; i++) { split(x[i], kv, "="); t[kv[1]] = kv[2] }
    m = split(b, y, " "); for (i = 2; i <= m; i++) { split(y[i], kv, "="); if (kv[1] in t) t[kv[1]] += kv[2]; last[kv[1]] = kv[2] }
    printf "requests=%d answers_4xx=%d unexpected=%d socket_errors=%d p99_ms_last_segment=%s", t["requests"], t["answers_4xx"], t["unexpected"], t["socket_errors"], last["p99_ms"] }')
done
result="RESULT $totals"
echo "load: ${duration}s at ${connections} connections, mixed API / HTML / SVG, 20% invalid"
echo "$result" | sed 's/^RESULT //' | tr ' ' '\n' | sed 's/^/  /'
echo "  memory: start=$start_rss, after each third: ${rss_after[*]}"
curl -sf "http://127.0.0.1:$port/healthz" >/dev/null && echo "  server still answers: yes"
unexpected=$(echo "$result" | sed -n 's/.*unexpected=\([0-9]*\).*/\1/p')
socket=$(echo "$result" | sed -n 's/.*socket_errors=\([0-9]*\).*/\1/p')
[[ "$unexpected" == 0 && "$socket" == 0 ]] || { echo "FAIL: unexpected answers or socket errors" >&2; exit 1; }
