#!/usr/bin/env python3
"""One run of jvm-cgroup.sh as one JSON line: what the tracker held, what it cost, how it failed.

    jvm-cgroup-summary.py RUN_DIR NAME COLLECTOR LIMIT JVM_FLAGS EXIT LOAD_START LOAD_END STEAL_S WALL_S WAITED_S
"""
import json
import os
import re
import sys

run, name, gc, limit, jvm, rc, load_start, load_end, steal_s, wall_s, waited_s = sys.argv[1:12]

# A collection some tool asked for (measure.sh's live-heap histogram) is not the collector's doing.
REQUESTED = ("Diagnostic Command", "Heap Inspection", "System.gc")
PAUSE = re.compile(r"\[([\d.]+)s\].*GC\(\d+\) (Pause [^(]*)(.*?) ([\d.]+)ms$")


def read(path):
    try:
        with open(os.path.join(run, path)) as f:
            return f.read()
    except OSError:
        return ""


def pauses():
    found = []
    for line in read("gc.log").splitlines():
        m = PAUSE.search(line)
        if m and not any(r in m.group(3) for r in REQUESTED):
            found.append((float(m.group(1)), m.group(2).strip() + m.group(3), float(m.group(4))))
    if not found:
        return {"pauses": 0}
    longest = max(found, key=lambda p: p[2])
    full = [p for p in found if p[1].startswith("Pause Full")]
    return {"pauses": len(found), "full_pauses": len(full), "pause_total_ms": round(sum(p[2] for p in found), 1),
            "longest_pause_ms": longest[2], "longest_pause": longest[1], "longest_pause_at_s": longest[0]}


def held():
    """Peers open before the generator saw its first failed connection, error or close."""
    most, first_error = 0, None
    for line in read("measure/generator.log").splitlines():
        m = re.search(r"open=(\d+) failed=(\d+) .*failures=(\d+) closes=(\d+)", line)
        if not m:
            continue
        opened, failed, failures, closes = map(int, m.groups())
        if failed or failures or closes:
            first_error = line.strip()
            break
        most = max(most, opened)
    return {"peers_held": most, "first_error": first_error}


def samples():
    rows = [line.split("\t") for line in read("samples.tsv").splitlines()[1:]]
    rows = [[int(x) if x else 0 for x in r] for r in rows if len(r) == 6]
    if not rows:
        return {}
    charge = lambda r: r[1] - r[2]  # usage without page cache
    before = [r for r in rows if r[5] == 0 and r[4] > 0]
    most = max(r[5] for r in rows)
    loaded = [r for r in rows if most and r[5] >= 0.99 * most]
    out = {"peak_charge_mib": round(max(charge(r) for r in rows) / 2**20, 1),
           "peak_rss_mib": round(max(r[4] for r in rows) / 1024, 1)}
    if before and loaded:
        # The median loaded sample: the last ones may fall after the window, while the
        # generator closes its connections and its log still says they are open.
        b, e = before[-1], loaded[len(loaded) // 2]
        out.update({"base_charge_mib": round(charge(b) / 2**20, 1), "base_rss_mib": round(b[4] / 1024, 1),
                    "charge_per_peer_b": round((charge(e) - charge(b)) / e[5]),
                    "kmem_per_peer_b": round((e[3] - b[3]) / e[5]),
                    "rss_per_peer_b_sampled": round((e[4] - b[4]) * 1024 / e[5])})
    return out


def nmt():
    """Committed KiB per NMT category at the last summary taken while the tracker ran."""
    out = {}
    for m in re.finditer(r"^-\s+(.+?) \(reserved=\d+KB, committed=(\d+)KB\)", read("nmt.txt"), re.M):
        out[m.group(1).strip()] = int(m.group(2))
    total = re.search(r"Total: reserved=\d+KB, committed=(\d+)KB", read("nmt.txt"))
    if total:
        out["Total"] = int(total.group(1))
    return out


def cgroup():
    text = read("cgroup.txt")
    get = lambda k: int(re.search(rf"^{k} (\d+)", text, re.M).group(1)) if re.search(rf"^{k} (\d+)", text, re.M) else None
    peak = get("max_usage_in_bytes")
    return {"cgroup_peak_mib": round(peak / 2**20, 1) if peak else None, "cgroup_failcnt": get("failcnt"),
            "oom_kills": get("oom_kill")}


def measured():
    try:
        doc = json.loads(read("measure/measure.json"))
    except ValueError:
        return {}
    m, g = doc["measure"], doc.get("generator") or {}
    lat = g.get("latency_ms", {})
    return {"peers": m.get("peers"), "rss_per_peer_b": m.get("rss_per_peer_b"), "rss_base_kib": m.get("rss_base_kib"),
            "o2a_p50_ms": lat.get("offer_to_answer", {}).get("p50"), "o2a_p99_ms": lat.get("offer_to_answer", {}).get("p99"),
            "announce_p99_ms": lat.get("announce_rtt", {}).get("p99"), "us_per_msg": m.get("us_per_msg"),
            "failures": m.get("failures"), "unexpected_closes": m.get("unexpected_closes"),
            "others_cpu_s": m.get("others_cpu_s"), "window_steal_s": m.get("steal_s"), "window_s": m.get("window_s")}


tracker_log = read("measure/tracker.log")
summary = {"run": name, "collector": gc, "limit": limit, "jvm": jvm, "measure_exit": int(rc),
           "tracker_oom_exit": "Terminating due to java.lang.OutOfMemoryError" in tracker_log,
           "load_avg_start": load_start, "load_avg_end": load_end, "steal_s": int(steal_s), "wall_s": int(wall_s),
           "waited_for_quiet_s": int(waited_s)}
for part in (held(), measured(), pauses(), samples(), cgroup(), {"nmt_committed_kib": nmt()}):
    summary.update(part)
print(json.dumps(summary))
