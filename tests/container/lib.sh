# Shared by the container tests: the static build, the image, and `podman run`
# with the flags this kind of machine needs. Source it; it sets:
#   IMAGE       the image tag built
#   RUN_FLAGS   extra `podman run` flags (empty where plain podman works)
# and defines build_image, wait_for_status.

IMAGE=${IMAGE:-localhost/egress-planner:test}
TARGET=x86_64-unknown-linux-gnu
BINARY=target/$TARGET/image/egress-planner
RUN_FLAGS=()

# Bounded wait for `curl URL` to answer STATUS: at most TRIES × 0.2 s.
wait_for_status() {
    local url=$1 status=$2 tries=${3:-150} got=
    for _ in $(seq "$tries"); do
        got=$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$url" || true)
        [ "$got" = "$status" ] && return 0
        sleep 0.2
    done
    echo "FAIL: $url answered ${got:-nothing}, not $status, within $((tries / 5)) s" >&2
    return 1
}

build_image() {
    echo "== static binary ($TARGET, crt-static, the size-optimised image profile)"
    RUSTFLAGS="-C target-feature=+crt-static" \
        cargo build --profile image --locked --target "$TARGET" --bin egress-planner
    strip "$BINARY"
    file "$BINARY" | sed 's/, BuildID[^,]*//'
    echo "== podman build -t $IMAGE ."
    podman build --quiet -t "$IMAGE" . >/dev/null
    local bytes
    bytes=$(podman image inspect --format '{{.Size}}' "$IMAGE")
    echo "image $IMAGE: $bytes bytes ($((bytes / 1024)) KiB)"
    if [ "$bytes" -gt $((15 * 1000 * 1000)) ]; then
        echo "FAIL: the image is over 15 MB" >&2
        return 1
    fi
    # Plain `podman run` first; on hosts with hybrid cgroups and no
    # CAP_SYS_RESOURCE (this project's CI VMs) crun cannot start a container,
    # and runc works with the nofile/nproc limits at or below the hard ones.
    if podman run --rm "$IMAGE" --version >/dev/null 2>&1; then
        RUN_FLAGS=()
    else
        local n
        n=$(ulimit -Hn)
        [ "$n" = unlimited ] && n=65536
        [ "$n" -gt 65536 ] && n=65536
        RUN_FLAGS=(--runtime runc --ulimit "nofile=$n:$n" --ulimit nproc=1024:1024)
        echo "plain podman run fails here; using: ${RUN_FLAGS[*]}"
        podman run --rm "${RUN_FLAGS[@]}" "$IMAGE" --version
    fi
}
