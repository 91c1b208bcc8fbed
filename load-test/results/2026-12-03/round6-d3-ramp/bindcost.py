import socket, time, sys
addr = sys.argv[1]; reuse = sys.argv[2] == '1'; n = int(sys.argv[3])
socks = []; t_prev = time.perf_counter(); mark = 1000
for i in range(1, n + 1):
    s = socket.socket()
    if reuse: s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind((addr, 0)); socks.append(s)
    if i % mark == 0:
        t = time.perf_counter(); print(f"{'reuse' if reuse else 'plain'} {i:6d} sockets: {1e6*(t-t_prev)/mark:8.1f} us per bind", flush=True); t_prev = t
