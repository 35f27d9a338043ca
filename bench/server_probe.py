"""What the reliability probes (reliability.py, reliability_batch.py) share:
a running server's memory from /proc, one /healthz on a new connection, and
percentiles of the latencies."""

import socket
import time


def status_kb(pid, key):
    """A figure of /proc/PID/status in kB (`VmRSS`, `VmHWM`), or None."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return None


def rss_mb(pid):
    """The process's resident memory in MB (NaN when /proc does not say)."""
    kb = status_kb(pid, "VmRSS")
    return float("nan") if kb is None else kb / 1024


def healthz_ms(target, timeout):
    """One /healthz to `target` (host, port) on a new connection;
    milliseconds, or None on failure."""
    start = time.perf_counter()
    try:
        with socket.create_connection(target, timeout=timeout) as s:
            s.sendall(b"GET /healthz HTTP/1.1\r\nHost: probe\r\nConnection: close\r\n\r\n")
            data = b""
            while True:
                chunk = s.recv(4096)
                if not chunk:
                    break
                data += chunk
        if not data.startswith(b"HTTP/1.1 200"):
            return None
    except OSError:
        return None
    return (time.perf_counter() - start) * 1000


def percentile(values, p):
    """The `p`th percentile of `values` (nearest rank), NaN for none."""
    values = sorted(values)
    if not values:
        return float("nan")
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]
