#!/usr/bin/env python3
"""Pipelines N requests for PATH to a tracker on 127.0.0.1:PORT from a client that never reads
(4 KiB receive buffer), then prints how many bytes it could send and how the tracker's RSS (from
/proc/PID/status) moved: what one such client makes a node hold. Loopback only; stops by itself
(each send waits at most 20 s, then 5 s of settling).

    load-test/http-pipelining-probe.py PORT PID PATH N     e.g. ... 8000 12345 /x 100000
"""
import re
import socket
import sys
import time

port, pid, path, n = int(sys.argv[1]), sys.argv[2], sys.argv[3], int(sys.argv[4])


def rss_kib():
    return int(re.search(r"VmRSS:\s+(\d+)", open(f"/proc/{pid}/status").read()).group(1))


before = rss_kib()
client = socket.socket()
client.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096)
client.connect(("127.0.0.1", port))
client.settimeout(20)
batch = f"GET {path} HTTP/1.1\r\nHost: x\r\n\r\n".encode() * 1000
sent = 0
try:
    for _ in range(n // 1000):
        client.sendall(batch)
        sent += len(batch)
except OSError as e:
    print(f"sending stopped: {type(e).__name__}")
time.sleep(5)
after = rss_kib()
print(f"{path}: sent {sent / 1e6:.1f} MB of requests; tracker RSS {before / 1024:.0f} -> {after / 1024:.0f} MiB"
      f" ({(after - before) / 1024:+.1f})")
client.close()
