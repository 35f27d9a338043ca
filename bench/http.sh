#!/usr/bin/env bash
# HTTP benchmark: the release server pinned to CPU 0, wrk pinned to CPU 1.
# For each route, twice: every request a different random scenario
# (bench/scenarios.lua), so every answer is computed (misses); then one
# scenario every time, a shared permalink, so every answer after the first
# comes from the response cache (hits). wrk at 32 connections for SECONDS
# (default 5), ROUNDS rounds (default 3). Prints requests/s, p50/p99 latency
# and the ratio to /healthz measured in the same round (median over rounds):
# these machines are noisy, the ratios count. The targets are the misses'.
# Needs wrk and taskset (apt-get install wrk util-linux).
set -euo pipefail
source "$(dirname "$0")/server.sh"
require wrk
seconds="${SECONDS_PER_RUN:-5}"
rounds="${ROUNDS:-3}"
start_server /dev/null taskset -c 0

# name | MIX (route) | extra wrk header | ratio target ("-": a reference, no target)
# static-css is the 7.6 KB stylesheet, bytes compiled in: what sending a body
# the size of a comparison costs with no work at all, i.e. the ceiling for
# the API's ratio on this machine.
routes=(
  "healthz|healthz||1"
  "static-css|/static/app.css||-"
  "api-get|/api/v1/compare||0.85"
  "api-post|post||0.85"
  "html|/compare||0.75"
  "embed|/embed||0.75"
  "chart|/chart.svg||0.5"
  "card|/card.svg||0.5"
  "api-get-gzip|/api/v1/compare|Accept-Encoding: gzip|0.5"
  "html-gzip|/compare|Accept-Encoding: gzip|0.5"
  "chart-gzip|/chart.svg|Accept-Encoding: gzip|0.5"
  "card-gzip|/card.svg|Accept-Encoding: gzip|0.5"
  "embed-gzip|/embed|Accept-Encoding: gzip|0.5"
)

run() { # mix header permalink -> "rps p50 p99"
  local args=(-t1 -c32 -d"${seconds}s" --latency -s bench/scenarios.lua)
  [[ -n "$2" ]] && args+=(-H "$2")
  MIX="$1" PERMALINK="$3" INVALID_SHARE=0 taskset -c 1 wrk "${args[@]}" "$url" | awk '/^RESULT/ {
    for (i = 2; i <= NF; i++) { split($i, kv, "="); v[kv[1]] = kv[2] }
    print v["rps"], v["p50_ms"], v["p99_ms"], v["unexpected"] + v["answers_4xx"] }'
}

MIX=healthz taskset -c 1 wrk -t1 -c32 -d2s -s bench/scenarios.lua "$url" >/dev/null # warm-up
# A permalink is measured for the cached GET routes, not for /healthz, the
# stylesheet (one body already) or POST.
permalinked() { [[ "$1" == /* && "$1" != /static/* ]]; }

declare -A ratios rps p50 p99
for round in $(seq "$rounds"); do
  base=""
  for entry in "${routes[@]}"; do
    IFS='|' read -r name mix header target <<<"$entry"
    for kind in miss hit; do
      [[ $kind == hit ]] && ! permalinked "$mix" && continue
      read -r r l50 l99 bad < <(run "$mix" "$header" "$([[ $kind == hit ]] && echo 1)")
      [[ "$bad" == 0 ]] || { echo "FAIL: $name ($kind) answered $bad non-2xx responses" >&2; exit 1; }
      [[ -z "$base" ]] && base=$r
      ratios[$name.$kind]+="$(awk -v a="$r" -v b="$base" 'BEGIN { printf "%.3f", a / b }') "
      rps[$name.$kind]+="$r "; p50[$name.$kind]+="$l50 "; p99[$name.$kind]+="$l99 "
    done
  done
done

median() { tr ' ' '\n' | grep -v '^$' | sort -g | awk '{ a[NR] = $1 } END { print a[int((NR + 1) / 2)] }'; }
printf "%-14s | %9s %8s %8s %7s %-9s | %9s %8s %8s\n" "" "misses:" "" "" "" "" "hits:" "" ""
printf "%-14s | %9s %8s %8s %7s %-9s | %9s %8s %8s\n" route "req/s" "p99 ms" ratio target verdict "req/s" "p99 ms" ratio
fail=0
for entry in "${routes[@]}"; do
  IFS='|' read -r name mix header target <<<"$entry"
  ratio=$(echo "${ratios[$name.miss]}" | median)
  if [[ "$target" == "-" ]]; then
    verdict="reference"
  else
    verdict=$(awk -v r="$ratio" -v t="$target" 'BEGIN { print (r >= t ? "ok" : "BELOW") }')
    [[ "$verdict" == ok ]] || fail=1
  fi
  hit=("-" "-" "-")
  if permalinked "$mix"; then
    hit=("$(echo "${rps[$name.hit]}" | median)" "$(echo "${p99[$name.hit]}" | median)" \
      "$(echo "${ratios[$name.hit]}" | median)")
  fi
  printf "%-14s | %9s %8s %8s %7s %-9s | %9s %8s %8s\n" "$name" "$(echo "${rps[$name.miss]}" | median)" \
    "$(echo "${p99[$name.miss]}" | median)" "$ratio" "$target" "$verdict" "${hit[@]}"
done
echo "server memory after the run: $(awk '/VmRSS/ {print $2 " kB"}' /proc/$server/status)"
echo "machine: $(nproc) CPUs, $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ //'); ${rounds} rounds of ${seconds}s, 32 connections"
exit $fail
