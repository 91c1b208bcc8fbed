#!/usr/bin/env python3
"""probe2.py OUT MAX_S: every 5 s, per java process: user and system CPU (cores) of the whole
process and of its busiest thread; nstat deltas. Ends after MAX_S or when no java is left."""
import os, re, subprocess, sys, time
out, max_s = sys.argv[1], float(sys.argv[2])
tck = os.sysconf('SC_CLK_TCK')
def javas():
    r = {}
    for p in os.listdir('/proc'):
        if not p.isdigit(): continue
        try: cmd = open(f'/proc/{p}/cmdline','rb').read().split(b'\0')
        except OSError: continue
        c = b' '.join(cmd)
        if not cmd[0].endswith(b'java'): continue
        if b'hivecast-tracker.jar' in c: r[int(p)] = 'node'
        elif b'hivecast-load-test.jar' in c:
            m = re.search(rb'--first-peer (\d+)', c); r[int(p)] = 'gen' + (m.group(1).decode() if m else '')
    return r
def st(path):
    s = open(path).read(); f = s[s.rfind(')')+2:].split(); return int(f[11]), int(f[12])
def threads(p):
    d = {}
    for t in os.listdir(f'/proc/{p}/task'):
        try: d[t] = st(f'/proc/{p}/task/{t}/stat')
        except OSError: pass
    return d
def nstat():
    o = subprocess.run(['nstat','-az'],capture_output=True,text=True).stdout
    keys = ('TcpExtListenOverflows','TcpExtTCPSynRetrans','TcpExtTCPTimeouts','TcpActiveOpens','TcpPassiveOpens','TcpAttemptFails','TcpEstabResets','TcpExtTCPAbortOnData','TcpExtTCPAbortOnClose')
    d = {}
    for l in o.splitlines():
        f = l.split()
        if f and f[0] in keys: d[f[0]] = int(f[1])
    return d
t0 = time.time(); prev = {}; prev_n = nstat(); prev_w = time.time(); seen = False
with open(out, 'w') as w:
    while time.time() - t0 < max_s:
        time.sleep(5)
        js = javas()
        if js: seen = True
        elif seen: break
        now = time.time(); dt = now - prev_w; prev_w = now
        n = nstat()
        parts = [f"{time.strftime('%H:%M:%S')} +{now-t0:4.0f}s"]
        for p, kind in sorted(js.items()):
            try: th = threads(p)
            except OSError: continue
            old = prev.get(p, {}); prev[p] = th
            if not old: continue
            du = sum(v[0] - old.get(t, (0, 0))[0] for t, v in th.items())
            ds = sum(v[1] - old.get(t, (0, 0))[1] for t, v in th.items())
            top = max(th, key=lambda t: sum(th[t]) - sum(old.get(t, (0, 0))))
            tu = th[top][0] - old.get(top, (0, 0))[0]; ts = th[top][1] - old.get(top, (0, 0))[1]
            parts.append(f"{kind} u{du/tck/dt:.2f} s{ds/tck/dt:.2f} top u{tu/tck/dt:.2f} s{ts/tck/dt:.2f}")
        parts.append(' '.join(f"{k.replace('TcpExt','').replace('Tcp','')}+{n[k]-prev_n.get(k,0)}" for k in n if n[k]-prev_n.get(k,0)))
        prev_n = n
        w.write(' | '.join(parts) + '\n'); w.flush()
