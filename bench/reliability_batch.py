#!/usr/bin/env python3
"""Batch probes of a running egress-planner (see reliability.sh), the
issue's findings 1-4 measured: memory (RSS from /proc, sampled every 20 ms,
and VmHWM), /healthz latency while four batch clients run, and the lines
answered for a 17,500-line NDJSON stream sent at 30 MB/s by curl.

Usage: reliability_batch.py PORT PID
Knobs: LOAD_SECONDS (default 20), STREAM_ROUNDS (default 3).
"""

import http.client
import os
import socket
import subprocess
import sys
import threading
import time

import server_probe
from server_probe import percentile

PORT = int(sys.argv[1])
PID = int(sys.argv[2])
HOST = "127.0.0.1"
LOAD_SECONDS = float(os.environ.get("LOAD_SECONDS", "20"))
STREAM_ROUNDS = int(os.environ.get("STREAM_ROUNDS", "3"))
BATCH = "/api/v1/compare/batch"


def rss_mb():
    return server_probe.rss_mb(PID)


class Peak:
    """Samples the server's RSS every 20 ms while in a `with` block."""

    def __enter__(self):
        self.peak = rss_mb()
        self.stop = threading.Event()
        self.thread = threading.Thread(target=self.run, daemon=True)
        self.thread.start()
        return self

    def run(self):
        while not self.stop.is_set():
            self.peak = max(self.peak, rss_mb())
            time.sleep(0.02)

    def __exit__(self, *exc):
        self.stop.set()
        self.thread.join()


def loadavg():
    with open("/proc/loadavg") as f:
        return " ".join(f.read().split()[:3])


def healthz_ms():
    return server_probe.healthz_ms((HOST, PORT), timeout=5.0)


def post(path, body, content_type, headers=None, read=True):
    conn = http.client.HTTPConnection(HOST, PORT, timeout=120)
    h = {"Content-Type": content_type}
    h.update(headers or {})
    conn.request("POST", path, body=body, headers=h)
    response = conn.getresponse()
    size = 0
    if read:
        while True:
            chunk = response.read(64 * 1024)
            if not chunk:
                break
            size += len(chunk)
    conn.close()
    return response.status, size


def unread_request(raw, hold):
    """Sends a raw request with a small receive buffer and reads nothing for `hold` s."""
    s = socket.socket()
    s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    s.connect((HOST, PORT))
    s.settimeout(hold + 5)
    try:
        s.sendall(raw)
    except OSError:
        pass
    time.sleep(hold)
    s.close()


def probe_memory():
    print("== memory (finding 1 and 2) ==")
    empties = ("[" + ",".join(["{}"] * 10_000) + "]").encode()
    print(f"8 concurrent JSON batches of 10,000 {{}} ({len(empties) // 1024} KB each, full answers), read:")
    statuses = []
    before = rss_mb()
    with Peak() as peak:
        threads = [
            threading.Thread(target=lambda: statuses.append(post(BATCH, empties, "application/json")))
            for _ in range(8)
        ]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    sizes = sorted({s for _, s in statuses})
    print(f"  statuses {sorted(st for st, _ in statuses)}; answer {sizes[-1] / 1e6:.0f} MB each; "
          f"RSS before {before:.0f} MB, peak {peak.peak:.0f} MB (issue: 1.20 GB)")

    print("8 concurrent JSON batches of 10,000 {} whose clients read nothing for 15 s:")
    head = (f"POST {BATCH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
            f"Content-Length: {len(empties)}\r\n\r\n").encode()
    with Peak() as peak:
        threads = [threading.Thread(target=unread_request, args=(head + empties, 15)) for _ in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
    print(f"  RSS peak {peak.peak:.0f} MB")

    body = b"{}\n" * 300_000  # 900 KB
    print(f"one NDJSON client sending {len(body) // 1024} KB of {{}} lines, reading nothing for 15 s:")
    head = (f"POST {BATCH} HTTP/1.1\r\nHost: x\r\nContent-Type: application/x-ndjson\r\n"
            f"Content-Length: {len(body)}\r\n\r\n").encode()
    with Peak() as peak:
        unread_request(head + body, 15)
    print(f"  RSS peak {peak.peak:.0f} MB (issue: ~575 MB); after {rss_mb():.0f} MB; VmHWM {server_probe.status_kb(PID, 'VmHWM') / 1024:.0f} MB")


def probe_latency(ndjson):
    print("== /healthz under four batch clients (finding 4) ==")
    base = [v for v in (healthz_ms() for _ in range(40)) if v is not None]
    print(f"  idle: p50 {percentile(base, 50):.2f} ms, p99 {percentile(base, 99):.2f} ms")
    stop = threading.Event()
    counts = {"batches": 0, "503": 0, "other": 0}
    lock = threading.Lock()
    empties = ("[" + ",".join(['{"monthly_gb": "5000"}'] * 5000) + "]").encode()

    def client(i):
        while not stop.is_set():
            if i % 2 == 0:
                status, _ = post(BATCH + "?detail=summary", ndjson, "application/x-ndjson")
            else:
                status, _ = post(BATCH, empties, "application/json", {"Accept-Encoding": "gzip"})
            with lock:
                key = "batches" if status == 200 else "503" if status == 503 else "other"
                counts[key] += 1
            if status == 503:
                time.sleep(1)

    threads = [threading.Thread(target=client, args=(i,), daemon=True) for i in range(4)]
    for t in threads:
        t.start()
    time.sleep(1)
    samples, failures = [], 0
    end = time.time() + LOAD_SECONDS
    while time.time() < end:
        v = healthz_ms()
        if v is None:
            failures += 1
        else:
            samples.append(v)
        time.sleep(0.05)
    load = loadavg()
    stop.set()
    for t in threads:
        t.join(timeout=120)
    print(f"  loaded ({LOAD_SECONDS:.0f} s; 2 NDJSON clients of 17,500 lines, 2 gzip JSON clients of 5,000): "
          f"{len(samples)} probes, p50 {percentile(samples, 50):.2f} ms, p99 {percentile(samples, 99):.2f} ms, "
          f"max {max(samples, default=float('nan')):.2f} ms, {failures} failed (issue: p99 up to 983 ms)")
    print(f"  batches answered {counts['batches']}, refused 503 {counts['503']}, other {counts['other']}; load average {load}")


def probe_stream(path):
    print("== 17,500-line NDJSON stream at 30 MB/s (finding 3) ==")
    for round in range(STREAM_ROUNDS):
        start = time.perf_counter()
        out = subprocess.run(
            ["curl", "-s", "--limit-rate", "30M", "-X", "POST", f"http://{HOST}:{PORT}{BATCH}",
             "-H", "Content-Type: application/x-ndjson", "--data-binary", f"@{path}"],
            capture_output=True, check=False)
        lines = out.stdout.splitlines()
        errors = sum(1 for l in lines if l.startswith(b'{"index":null'))
        print(f"  round {round + 1}: {len(lines)} of 17500 lines answered ({errors} cut notices), "
              f"curl exit {out.returncode}, {time.perf_counter() - start:.1f} s")


def main():
    print(f"server pid {PID} on port {PORT}; load average {loadavg()}; RSS {rss_mb():.0f} MB")
    path = os.path.join(os.environ.get("CARGO_TARGET_DIR", "target"), "reliability-s.ndjson")
    with open(path, "wb") as f:
        subprocess.run(["python3", "bench/scenarios.py", "17500", "us-east-1", "eu-west-2"], stdout=f, check=True)
    with open(path, "rb") as f:
        ndjson = f.read()
    probe_stream(path)
    probe_memory()
    probe_latency(ndjson)
    print(f"end: load average {loadavg()}; RSS {rss_mb():.0f} MB")


if __name__ == "__main__":
    main()
