#!/usr/bin/env bash
# The response cache's bound in practice: the release server with its default
# cache (64 MiB) answers COUNT (default 200,000) distinct scenarios, spread
# over the results page, its Markdown, the embed, the chart, the card and the
# API, half of them asking for gzip; then prints the server's resident memory
# (VmRSS, and its peak VmHWM, from /proc) and what /metrics says of the cache.
# Needs curl and python3; takes a few minutes on 2 CPUs. SERVER_LOG=FILE keeps
# the server's log.
set -euo pipefail
source "$(dirname "$0")/server.sh"
count="${COUNT:-200000}"
start_server "${SERVER_LOG:-/dev/null}"
work=$(mktemp -d)
trap 'kill $server 2>/dev/null || true; rm -rf "$work"' EXIT

# Two curl config files, each half of the distinct scenarios: every URL once.
python3 - "$count" "$url" "$work" <<'EOF'
import random, sys
count, base, work = int(sys.argv[1]), sys.argv[2], sys.argv[3]
routes = ["/compare", "/compare.md", "/embed", "/chart.svg", "/card.svg", "/api/v1/compare"]
regions = ["us-east-1", "eu-west-1", "ap-southeast-2", "sa-east-1", "eu-central-1"]
random.seed(28)
files = [open(f"{work}/{half}.cfg", "w") for half in ("plain", "gzip")]
for i in range(count):
    s3 = random.randint(0, 60)
    query = (f"region={random.choice(regions)}&monthly_gb={1000 + i}.{random.randint(0, 99)}"
             f"&s3_percent={s3}&aws_percent={random.randint(0, 100 - s3)}"
             f"&azs={random.randint(1, 6)}&public_ips={random.randint(0, 50)}"
             f"&peak_gbps={random.randint(0, 40)}")
    files[i % 2].write(f'url = "{base}{routes[i % len(routes)]}?{query}"\noutput = "/dev/null"\n')
for f in files:
    f.close()
EOF

rss() { awk -v k="$1:" '$1 == k { print $2 / 1024 " MB" }' "/proc/$server/status"; }
echo "at rest: $(rss VmRSS)"
started=$(date +%s)
for half in plain gzip; do
  args=(--no-progress-meter --parallel --parallel-max 8 -K "$work/$half.cfg" -w '%{http_code}\n')
  [[ $half == gzip ]] && args+=(-H "Accept-Encoding: gzip")
  curl "${args[@]}" >"$work/$half.codes"
done
answered=$(cat "$work"/*.codes | grep -c '^200$' || true)
echo "$answered of $count answered 200 in $(( $(date +%s) - started )) s"
echo "resident memory after: $(rss VmRSS) (peak $(rss VmHWM))"
curl -s "$url/metrics" | grep '^egress_planner_response_cache_'
