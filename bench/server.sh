# Sourced by the benchmark and fuzzing scripts; moves to the repository root.
cd "$(dirname "${BASH_SOURCE[0]}")/.."

# Exits, saying what to install, unless TOOL is on the PATH.
# Usage: require TOOL [PACKAGE]   e.g. require wrk
require() {
  command -v "$1" >/dev/null || { echo "$1 is not installed: apt-get install ${2:-$1}" >&2; exit 1; }
}

# Builds the release server and starts it on a free loopback port (from
# $CARGO_TARGET_DIR when set). Sets $port, $server and $url, stops the server
# when the calling script exits, and waits until /healthz answers.
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
