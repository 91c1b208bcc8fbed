#!/usr/bin/env python3
"""The verdict on a soak.sh run: is every node's series flat after the first 5 minutes?

Usage: soak-verdict.py DIR   (DIR holds node0.tsv.. and generator.log; exit 0 pass, 1 fail)

For each node and series over the judged samples (minute >= 5): the least-squares slope,
projected to one hour, and the spread (max - min), each against a bound that is a share of the
series' mean with a floor for small means. Growth only counts as drift: a series that shrinks is
not a leak. File descriptors are judged as those a node holds beyond its connections (fds minus
/stats connections), since the connections themselves come and go with churn and storms. The
bounds are chosen so that a leak of one object or descriptor per few hundred joins or reconnects
breaks them, while one storm's transient (a quarter of the connections reconnecting) does not.
"""
import re
import sys
from pathlib import Path

JUDGED_FROM_MINUTE = 5
MIB = 1024
# series: (label, column or function, drift share of mean per hour, drift floor, spread share, spread floor, unit, unit size)
SERIES = [
    ("live heap (full GC)", "heap_kib", 0.10, 4 * MIB, 0.25, 8 * MIB, "MiB", MIB),
    ("RSS", "rss_kib", 0.10, 32 * MIB, 0.15, 32 * MIB, "MiB", MIB),
    ("threads", "threads", 0.05, 4, 0.10, 4, "", 1),
    ("fds beyond connections", "fd_excess", 0.0, 50, 0.0, 50, "", 1),
]


def read(path):
    lines = path.read_text().splitlines()
    head = lines[0].split("\t")
    rows = [dict(zip(head, (float(v) for v in line.split("\t")))) for line in lines[1:] if line.strip()]
    for r in rows:
        r["fd_excess"] = r["fds"] - r["connections"]
    return rows


def slope_per_minute(xs, ys):
    n = len(xs)
    mx, my = sum(xs) / n, sum(ys) / n
    sxx = sum((x - mx) ** 2 for x in xs)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys)) / sxx if sxx else 0.0


def judge(name, rows):
    judged = [r for r in rows if r["minute"] >= JUDGED_FROM_MINUTE]
    failures, lines = [], []
    if len(judged) < 2:
        return [f"{name}: fewer than 2 samples from minute {JUDGED_FROM_MINUTE}"], lines
    for r in judged:
        if r["heap_kib"] < 0 or r["connections"] < 0:
            failures.append(f"{name}: minute {r['minute']:.0f} could not be sampled (jcmd or /stats did not answer)")
    xs = [r["minute"] for r in judged]
    for label, col, drift_share, drift_floor, spread_share, spread_floor, unit, size in SERIES:
        ys = [r[col] for r in judged]
        mean = sum(ys) / len(ys)
        drift = slope_per_minute(xs, ys) * 60
        spread = max(ys) - min(ys)
        drift_bound = max(drift_share * abs(mean), drift_floor)
        spread_bound = max(spread_share * abs(mean), spread_floor)
        ok = drift <= drift_bound and spread <= spread_bound
        f = (lambda v: f"{v / size:.1f}") if size > 1 else (lambda v: f"{v:.0f}")
        lines.append(f"  {name} {label:<24} mean {f(mean):>7}{unit} drift {f(drift):>7}{unit}/h (bound {f(drift_bound)})"
                     f"  spread {f(spread):>6}{unit} (bound {f(spread_bound)})  {'ok' if ok else 'NOT FLAT'}")
        if not ok:
            failures.append(f"{name} {label}: drift {f(drift)}{unit}/h (bound {f(drift_bound)}), "
                            f"spread {f(spread)}{unit} (bound {f(spread_bound)})")
    return failures, lines


def main(out):
    nodes = sorted(out.glob("node*.tsv"))
    if not nodes:
        print(f"soak-verdict: no node*.tsv in {out}")
        return 2
    failures = []
    print(f"Flatness from minute {JUDGED_FROM_MINUTE} (drift: least-squares slope projected to 1 h; growth only):")
    all_rows = {}
    for path in nodes:
        rows = read(path)
        all_rows[path.stem] = rows
        f, lines = judge(path.stem, rows)
        failures += f
        print("\n".join(lines))
    peers = re.search(r"peers=(\d+)", (out / "generator.log").read_text())
    if peers:
        minutes = sorted({r["minute"] for rows in all_rows.values() for r in rows if r["minute"] >= JUDGED_FROM_MINUTE})
        held = [sum(r["connections"] for rows in all_rows.values() for r in rows if r["minute"] == m) for m in minutes]
        expected = int(peers.group(1))
        print(f"  audience held (connections over all nodes, judged minutes): min {min(held):.0f}, max {max(held):.0f} of {expected}")
        # A storm caught mid-reconnect may leave a quarter out; less than half means nothing was soaked.
        if min(held) < 0.5 * expected:
            failures.append(f"the audience was not held: {min(held):.0f} of {expected} connections at one sample")
    if failures:
        print("SOAK FAIL: " + "; ".join(failures))
        return 1
    print("SOAK PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
