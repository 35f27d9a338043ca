#!/usr/bin/env bash
# Two replicas of the image behind nginx (from apt, run on the host as the
# proxy of deploy/compose.yaml): both answer, a permalink gets the same body
# and ETag from each, and links follow the proxy's X-Forwarded-* headers.
# Skips where podman or nginx cannot run. Cleans up its containers and nginx.
set -euo pipefail
cd "$(dirname "$0")/../.."

if ! command -v podman >/dev/null || ! podman info >/dev/null 2>&1; then
    echo "== SKIPPED the replicas test: podman is not installed or 'podman info' fails here"
    exit 0
fi
if ! command -v nginx >/dev/null; then
    echo "== SKIPPED the replicas test: no nginx (apt-get install nginx-light)"
    exit 0
fi
. tests/container/lib.sh
PROXY=${PROXY_PORT:-28180}
PORTS=(${REPLICA_PORTS:-28181 28182})
NAMES=(egress-planner-replica-a-$$ egress-planner-replica-b-$$)
WORK=$(mktemp -d)
cleanup() {
    [ -f "$WORK/nginx.pid" ] && kill "$(cat "$WORK/nginx.pid")" 2>/dev/null || true
    for name in "${NAMES[@]}"; do podman rm -f "$name" >/dev/null 2>&1 || true; done
    rm -rf "$WORK"
}
trap cleanup EXIT

build_image

for i in 0 1; do
    podman run -d --name "${NAMES[$i]}" "${RUN_FLAGS[@]}" -p "127.0.0.1:${PORTS[$i]}:8080" \
        -e LOG_FORMAT=json "$IMAGE" --trust-forwarded --max-connections-per-ip 1024 >/dev/null
done
for port in "${PORTS[@]}"; do wait_for_status "http://127.0.0.1:$port/readyz" 200; done

# The deployed proxy configuration, pointed at the two published ports.
mkdir -p "$WORK/logs"
sed -e "s/server app:8080;/server 127.0.0.1:${PORTS[0]};\n    server 127.0.0.1:${PORTS[1]};/" \
    -e "s/listen 8080;/listen 127.0.0.1:$PROXY;/" deploy/nginx/egress-planner.conf >"$WORK/site.conf"
cat >"$WORK/nginx.conf" <<CONF
daemon off;
pid $WORK/nginx.pid;
error_log $WORK/logs/error.log;
events { worker_connections 256; }
http {
    access_log off;
    client_body_temp_path $WORK/body; proxy_temp_path $WORK/proxy;
    fastcgi_temp_path $WORK/fcgi; uwsgi_temp_path $WORK/uwsgi; scgi_temp_path $WORK/scgi;
    include $WORK/site.conf;
}
CONF
nginx -t -q -c "$WORK/nginx.conf" -p "$WORK"
nginx -c "$WORK/nginx.conf" -p "$WORK" &
wait_for_status "http://127.0.0.1:$PROXY/healthz" 200

echo "== one permalink, 6 times through the proxy"
URL="http://127.0.0.1:$PROXY/card.svg?monthly_gb=5000&s3_percent=40&azs=3"
for i in $(seq 6); do
    curl -s -D "$WORK/h$i" -o "$WORK/b$i" "$URL"
    printf '%s  etag %s  body sha256 %s\n' \
        "$(grep -i '^x-upstream' "$WORK/h$i" | tr -d '\r' | cut -d' ' -f2)" \
        "$(grep -i '^etag' "$WORK/h$i" | tr -d '\r' | cut -d' ' -f2)" \
        "$(sha256sum <"$WORK/b$i" | cut -c1-16)"
done >"$WORK/table"
cat "$WORK/table"
upstreams=$(cut -d' ' -f1 "$WORK/table" | sort -u | wc -l)
variants=$(cut -d' ' -f2- "$WORK/table" | sort -u | wc -l)
[ "$upstreams" = 2 ] || { echo "FAIL: $upstreams replica(s) answered, not 2" >&2; exit 1; }
[ "$variants" = 1 ] || { echo "FAIL: the replicas gave $variants different bodies or ETags" >&2; exit 1; }
echo "both replicas answered; one body and one ETag"

echo "== links built from the proxy's X-Forwarded-Host and -Proto (--trust-forwarded)"
# Saved to a file first: `curl | grep -q` under pipefail fails when grep
# exits at its first match and curl then dies of SIGPIPE.
curl -s -H 'Host: egress.example.test' "http://127.0.0.1:$PROXY/compare?monthly_gb=5000" >"$WORK/page"
grep -o 'http://egress.example.test/[a-z.]*' "$WORK/page" | sort -u >"$WORK/links"
sed -n 1,3p "$WORK/links"
[ -s "$WORK/links" ] || { echo "FAIL: no forwarded link" >&2; exit 1; }
echo "/metrics through the proxy: $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$PROXY/metrics") (internal only)"
echo "== the replicas test passed"
