# Sourced by the benchmark and fuzzing scripts: builds the release server and
# starts it on a free loopback port (from $CARGO_TARGET_DIR when set). Sets $port, $server and $url, stops the
# server when the calling script exits, and waits until /healthz answers.
# Usage: start_server [LOG] [PREFIX...]   e.g. start_server /dev/null taskset -c 0
start_server() {
  local log="${1:-/dev/null}"
  shift || true
  cargo build --release --quiet
  port=$(python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
  RUST_LOG="${RUST_LOG:-warn}" PORT=$port "$@" "${CARGO_TARGET_DIR:-target}/release/egress-planner" >"$log" 2>&1 &
  server=$!
  url="http://127.0.0.1:$port"
  trap 'kill $server 2>/dev/null || true' EXIT
  for _ in $(seq 100); do curl -sf "$url/healthz" >/dev/null && return 0; sleep 0.1; done
  echo "the server did not start; see $log" >&2
  return 1
}
