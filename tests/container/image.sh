#!/usr/bin/env bash
# The image test (.ci/run): build the FROM scratch image, run it, probe it,
# then stop it with SIGTERM and see /readyz turn 503 before it exits 0.
# Skips, saying why, where podman cannot run. Waits are bounded; the
# container is removed on any exit.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v podman >/dev/null || ! podman info >/dev/null 2>&1; then
    echo "== SKIPPED the image test: podman is not installed or 'podman info' fails here"
    exit 0
fi
. tests/container/lib.sh
PORT=${PORT:-28090}
NAME=egress-planner-image-test-$$
cleanup() { podman rm -f "$NAME" >/dev/null 2>&1 || true; }
trap cleanup EXIT

build_image

echo "== podman run on 127.0.0.1:$PORT (drain window 2 s, grace period 5 s)"
podman run -d --name "$NAME" "${RUN_FLAGS[@]}" -p "127.0.0.1:$PORT:8080" \
    -e LOG_FORMAT=json -e DRAIN_WINDOW=2s -e GRACE_PERIOD=5s "$IMAGE" >/dev/null
wait_for_status "http://127.0.0.1:$PORT/readyz" 200
for path in / /healthz "/card.svg?monthly_gb=5000&s3_percent=40" /api/v1/pricing /metrics; do
    printf '%-40s %s\n' "$path" "$(curl -s -o /dev/null -w '%{http_code} %{content_type} %{size_download} B' "http://127.0.0.1:$PORT$path")"
done
curl -s "http://127.0.0.1:$PORT/metrics" | grep -E '^(process_resident_memory_bytes|process_open_fds|egress_planner_pricing_table_info)'
echo "== healthcheck subcommand inside the container (no shell, no curl in the image)"
podman exec "$NAME" /egress-planner healthcheck
echo "healthcheck: exit 0"
podman exec "$NAME" /egress-planner healthcheck --url http://127.0.0.1:8080/nope || echo "healthcheck on a 404: exit $?"

echo "== SIGTERM to PID 1: /readyz 503 while draining, then exit 0"
start=$(date +%s.%N)
podman kill --signal TERM "$NAME" >/dev/null
wait_for_status "http://127.0.0.1:$PORT/readyz" 503 50
echo "/readyz answers 503 after SIGTERM; /healthz: $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PORT/healthz")"
code=$(timeout 30 podman wait "$NAME")
end=$(date +%s.%N)
echo "exited with $code after $(awk "BEGIN { printf \"%.1f\", $end - $start }") s"
podman logs "$NAME" 2>&1 | grep -E 'draining|shutting down|stopped' | cut -c1-200
[ "$code" = 0 ] || { echo "FAIL: exit code $code" >&2; exit 1; }
echo "== the image test passed"
