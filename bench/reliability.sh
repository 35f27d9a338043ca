#!/usr/bin/env bash
# Reliability: one client address against the release server, on loopback only.
# For HOLD seconds (default 30) 127.0.0.2 tries to hold 20,000 idle
# connections and 1,000 slow-header ones (half the issue's 390 KB unfinished
# head, half a byte a second), opened once and held like the issue's probes
# (RECONNECT=5 reopens what the server closes); /healthz is probed from 127.0.0.1 every 50 ms on a new connection.
# Prints /healthz latency (p50/p99/max, failures) during the attack, the
# server's RSS before, at its peak and 30 s after, the limit hits it logged,
# then the seconds from SIGTERM to exit with two stuck clients, and the exit code.
# Knobs: HOLD, AFTER (s), IDLE, SLOW (connections), RECONNECT (s),
# ATTACKERS="127.0.0.2 127.0.0.3" (split the connections over addresses).
# Server settings through their environment variables, e.g. MAX_CONNECTIONS_PER_IP=1000.
# PROBES="batch connections" (the default) picks the probes: `batch` runs
# bench/reliability_batch.py first (memory of batches whose clients read or
# not, /healthz latency under four batch clients, lines answered of a
# 17,500-line NDJSON stream at 30 MB/s; knobs LOAD_SECONDS, STREAM_ROUNDS).
set -euo pipefail
cd "$(dirname "$0")/.."
source bench/server.sh
log=$(mktemp)
start_server "$log"
probes="${PROBES:-batch connections}"
if [[ " $probes " == *" batch "* ]]; then
  require curl
  python3 bench/reliability_batch.py "$port" "$server"
fi
if [[ " $probes " == *" connections "* ]]; then
  python3 bench/reliability.py "$port" "$server"
else
  kill -TERM "$server"
fi
status=0
wait "$server" || status=$?
echo "server exit status: $status"
echo "limit hits logged (one line a second at most per kind):"
grep -oE 'refused a connection: [^(]*|closed a connection: [a-z ]*|ended a request: [a-z ]*|could not accept[a-z ]*|grace period over[^"]*' "$log" | sort | uniq -c | sed 's/^/  /' || true
rm -f "$log"
[[ "$status" == 0 ]]
