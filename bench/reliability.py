#!/usr/bin/env python3
"""Reliability probe of a running egress-planner (see reliability.sh).

One attacking address (127.0.0.2 by default; both it and the prober's
127.0.0.1 are this machine's loopback) tries for HOLD seconds to hold 20,000
idle connections and 1,000 slow-header ones (opened once and held, like
the issue's probes; RECONNECT=5 reopens what the server closes). Meanwhile /healthz is probed from 127.0.0.1 on a new
connection every 50 ms. Prints the probe's latency, the server's memory
during and 30 s after, then SIGTERMs the server with two stuck clients and
prints how long it took to exit. Every loop is bounded in time and count.

Usage: reliability.py PORT PID
"""

import os
import resource
import selectors
import signal
import socket
import subprocess
import sys
import threading
import time

import server_probe
from server_probe import percentile

PORT = int(sys.argv[1])
PID = int(sys.argv[2])
TARGET = ("127.0.0.1", PORT)
ATTACKERS = os.environ.get("ATTACKERS", "127.0.0.2").split()
IDLE = int(os.environ.get("IDLE", "20000"))
SLOW = int(os.environ.get("SLOW", "1000"))
HOLD = float(os.environ.get("HOLD", "30"))
AFTER = float(os.environ.get("AFTER", "30"))
# Each attacking process holds at most this many sockets (the descriptor limit).
PER_PROCESS = 9000


def rss_mb():
    return server_probe.rss_mb(PID)


def healthz_ms():
    return server_probe.healthz_ms(TARGET, timeout=3.0)


def attacker(kind, count, source, hold, report):
    """One process: `count` connections of one kind from `source`, held for
    `hold` seconds (or reopened RECONNECT seconds after the server closes them).
    Half of the slow ones send the issue's 390 KB unfinished head; the other
    half 200 bytes of head, then one byte a second."""
    os.nice(int(os.environ.get("ATTACKER_NICE", "0")))
    soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
    resource.setrlimit(resource.RLIMIT_NOFILE, (min(hard, count + 200), hard))
    # By default, like the probes, a connection is opened once and
    # held; RECONNECT=5 reopens what the server closes 5 s later (its Retry-After).
    reconnect = float(os.environ.get("RECONNECT", "inf"))
    big = b"GET / HTTP/1.1\r\nHost: x\r\nX: " + b"a" * 390000
    sel = selectors.DefaultSelector()
    slots = [None] * count  # per slot: [socket, bytes sent, next trickle time] or None
    reopen_at = [0.0] * count
    opened = refused = closed = 0
    deadline = time.monotonic() + hold

    def open_slot(i, now):
        nonlocal opened
        s = socket.socket()
        s.setblocking(False)
        try:
            s.bind((source, 0))
            s.connect_ex(TARGET)
        except OSError:
            s.close()
            reopen_at[i] = now + reconnect
            return
        slots[i] = [s, 0, now]
        sel.register(s, selectors.EVENT_READ, i)
        opened += 1

    def send_some(i, now):
        slot = slots[i]
        s, sent, next_byte = slot
        try:
            if i % 2 == 0:
                if sent < len(big):
                    slot[1] += s.send(big[sent:sent + 65536])
            elif sent < 200:
                slot[1] += s.send(big[sent:200])
            elif now >= next_byte:
                slot[1] += s.send(b"a")
                slot[2] = now + 1
        except OSError:
            pass

    now = time.monotonic()
    for i in range(count):
        open_slot(i, now)
    while time.monotonic() < deadline:
        for key, _ in sel.select(timeout=0.1):
            i = key.data
            s = slots[i][0]
            try:
                data = s.recv(4096)
            except OSError:
                data = b""
            if data.startswith(b"HTTP/1.1 429") or data.startswith(b"HTTP/1.1 503"):
                refused += 1
            else:
                closed += 1
            sel.unregister(s)
            s.close()
            slots[i] = None
            reopen_at[i] = time.monotonic() + reconnect
        now = time.monotonic()
        for i in range(count):
            if slots[i] is None:
                if reopen_at[i] <= now:
                    open_slot(i, now)
            elif kind == "slow":
                send_some(i, now)
    report.put((kind, opened, refused, closed))
    for slot in slots:
        if slot is not None:
            slot[0].close()


def main():
    import multiprocessing

    print(f"server pid {PID} on port {PORT}; attacking from {' '.join(ATTACKERS)}; probing from 127.0.0.1")
    base = [healthz_ms() for _ in range(40)]
    base_ok = [v for v in base if v is not None]
    print(f"before: /healthz p50 {percentile(base_ok, 50):.2f} ms, p99 {percentile(base_ok, 99):.2f} ms; RSS {rss_mb():.1f} MB")

    report = multiprocessing.Queue()
    procs = []
    for source in ATTACKERS:
        idle = IDLE // len(ATTACKERS)
        while idle > 0:
            n = min(idle, PER_PROCESS)
            procs.append(multiprocessing.Process(target=attacker, args=("idle", n, source, HOLD, report)))
            idle -= n
        procs.append(multiprocessing.Process(target=attacker, args=("slow", SLOW // len(ATTACKERS), source, HOLD, report)))
    for p in procs:
        p.start()

    def cpu_s():
        with open(f"/proc/{PID}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    cpu_before = cpu_s()
    latencies, failures, peak, slow_at = [], 0, 0.0, []
    begin = time.monotonic()
    end = begin + HOLD
    while time.monotonic() < end:
        at = time.monotonic() - begin
        ms = healthz_ms()
        if ms is None:
            failures += 1
        else:
            latencies.append(ms)
            if ms > 50:
                slow_at.append(f"{at:.1f}")
        peak = max(peak, rss_mb())
        time.sleep(0.05)
    totals = {"idle": [0, 0, 0], "slow": [0, 0, 0]}
    for _ in procs:
        kind, opened, refused, closed = report.get(timeout=60)
        for j, v in enumerate((opened, refused, closed)):
            totals[kind][j] += v
    for p in procs:
        p.join(timeout=30)
    print(f"during {HOLD:.0f} s of attack: /healthz {len(latencies)} answered, {failures} failed; "
          f"p50 {percentile(latencies, 50):.2f} ms, p99 {percentile(latencies, 99):.2f} ms, max {max(latencies, default=float('nan')):.2f} ms, "
          f"{len(slow_at)} over 50 ms (at {', '.join(slow_at) or '-'} s)")
    for kind in ("idle", "slow"):
        opened, refused, closed = totals[kind]
        print(f"  {kind} attacker: {opened} connections opened, {refused} refused at once (429/503), {closed} closed by the server")
    print(f"  server RSS: peak {peak:.1f} MB during; server CPU {cpu_s() - cpu_before:.2f} s")
    time.sleep(AFTER)
    print(f"  server RSS {AFTER:.0f} s after: {rss_mb():.1f} MB")

    # Shutdown with two stuck clients: an unfinished head, and a client that
    # asked for 300 responses (8 MB) and reads none of them.
    head = socket.create_connection(TARGET)
    head.sendall(b"GET /healthz HTTP/1.1\r\nHost: stuck\r\n")
    reader = socket.socket()
    reader.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
    reader.connect(TARGET)
    reader.sendall(b"GET /api/v1/pricing HTTP/1.1\r\nHost: stuck\r\n\r\n" * 300)
    time.sleep(1)
    start = time.monotonic()
    os.kill(PID, signal.SIGTERM)
    while time.monotonic() - start < 60:
        try:
            with open(f"/proc/{PID}/status") as f:
                if any(line.startswith("State:") and "Z" in line for line in f):
                    break
        except FileNotFoundError:
            break
        time.sleep(0.01)
    print(f"SIGTERM with a stuck head and a client that does not read: exited after {time.monotonic() - start:.2f} s")
    head.close()
    reader.close()


if __name__ == "__main__":
    main()
