import socket, time, sys
addr = sys.argv[1]; tw = int(sys.argv[2]); n = int(sys.argv[3])
ls = socket.socket(); ls.bind(('127.0.0.1', 0)); ls.listen(4096); port = ls.getsockname()[1]
for i in range(tw):  # client-first close: the client's port goes to TIME_WAIT
    c = socket.socket(); c.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); c.bind((addr, 0)); c.connect(('127.0.0.1', port))
    a, _ = ls.accept(); c.close(); a.close()
print(open('/proc/net/sockstat').read().split('\n')[1])
socks = []; t_prev = time.perf_counter()
for i in range(1, n + 1):
    s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1); s.bind((addr, 0)); socks.append(s)
    if i % 1000 == 0:
        t = time.perf_counter(); print(f"after {tw} in TIME_WAIT, {i:6d} sockets: {(t-t_prev)*1000:8.1f} us per bind", flush=True); t_prev = t
