#!/usr/bin/env python3
"""The verdict on a soak.sh run: is every node's series flat after the first 5 minutes?

Usage: soak-verdict.py DIR   (DIR holds node0.tsv.. and generator.log; exit 0 pass, 1 fail)

For each node and series over the judged samples (minute >= 5): the least-squares slope,
projected to one hour (over 10 judged minutes or more), and the spread (max - min), each against a bound that is a share of the
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
# A slope over a shorter span, projected to an hour, multiplies one sample's noise (a thread pool
# growing by one) past any useful bound: shorter runs are judged on their spread only.
DRIFT_JUDGED_FROM_SPAN_MINUTES = 10
MIB = 1024
# series: (label, column or function, drift share of mean per hour, drift floor, spread share, spread floor, unit, unit size)
SERIES = [
    ("live heap (full GC)", "heap_kib", 0.10, 4 * MIB, 0.25, 8 * MIB, "MiB", MIB),
    ("RSS", "rss_kib", 0.15, 32 * MIB, 0.15, 32 * MIB, "MiB", MIB),
    ("threads", "threads", 0.10, 10, 0.10, 8, "", 1),
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
    # The minute a sample was taken, from its clock: sampling a node under load takes seconds.
    xs = [(r["epoch"] - rows[0]["epoch"]) / 60 for r in judged]
    drift_judged = max(xs) - min(xs) >= DRIFT_JUDGED_FROM_SPAN_MINUTES
    if not drift_judged:
        lines.append(f"  {name}: judged over {max(xs) - min(xs):.0f} minutes, drift not judged (fewer than {DRIFT_JUDGED_FROM_SPAN_MINUTES})")
    for label, col, drift_share, drift_floor, spread_share, spread_floor, unit, size in SERIES:
        ys = [r[col] for r in judged]
        mean = sum(ys) / len(ys)
        drift = slope_per_minute(xs, ys) * 60
        spread = max(ys) - min(ys)
        drift_bound = max(drift_share * abs(mean), drift_floor)
        spread_bound = max(spread_share * abs(mean), spread_floor)
        ok = (drift <= drift_bound or not drift_judged) and spread <= spread_bound
        f = (lambda v: f"{v / size:.1f}") if size > 1 else (lambda v: f"{v:.0f}")
        lines.append(f"  {name} {label:<24} mean {f(mean):>7}{unit} drift {f(drift):>7}{unit}/h (bound {f(drift_bound)})"
                     f"  spread {f(spread):>6}{unit} (bound {f(spread_bound)})  {'ok' if ok else 'NOT FLAT'}")
        if not ok:
            failures.append(f"{name} {label}: drift {f(drift)}{unit}/h (bound {f(drift_bound)}), "
                            f"spread {f(spread)}{unit} (bound {f(spread_bound)})")
    return failures, lines


def histogram(path):
    """Bytes per class from a `jcmd GC.class_histogram` listing (its ranked lines)."""
    sizes = {}
    if path.exists():
        for line in path.read_text().splitlines():
            parts = line.split()
            if len(parts) >= 4 and parts[0].endswith(":") and parts[0][:-1].isdigit():
                sizes[parts[3]] = int(parts[2])
    return sizes


def grown_classes(out, node, count=8):
    """The classes whose bytes grew most from minute 5 to the end, among each listing's top 40."""
    start, end = histogram(out / f"histo-{node}-start.txt"), histogram(out / f"histo-{node}-end.txt")
    grown = sorted(((end[c] - start.get(c, 0), c) for c in end), reverse=True)[:count]
    return [f"    {d / 1024:+10.0f} KiB  {c}" for d, c in grown if d >= 1024]


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
        if any("live heap" in x for x in f):
            print(f"  {path.stem}: classes grown most from minute {JUDGED_FROM_MINUTE} to the end (histogram top 40):")
            print("\n".join(grown_classes(out, path.stem)) or "    (no histograms kept)")
    # generator.log in a run's folder; summary.txt, which quotes its first line, in a kept one
    log = out / "generator.log" if (out / "generator.log").exists() else out / "summary.txt"
    peers = re.search(r"peers=(\d+)", log.read_text())
    if peers:
        minutes = sorted({r["minute"] for rows in all_rows.values() for r in rows if r["minute"] >= JUDGED_FROM_MINUTE})
        held = [sum(r["connections"] for rows in all_rows.values() for r in rows if r["minute"] == m) for m in minutes]
        expected = int(peers.group(1))
        print(f"  audience held (connections over all nodes, judged minutes): min {min(held):.0f}, max {max(held):.0f} of {expected}")
        # A storm caught mid-reconnect may leave a quarter out at one sample, so the median is
        # judged: an audience much below its size, or still growing, makes heap and fds move with it.
        median = sorted(held)[len(held) // 2]
        if median < 0.9 * expected:
            failures.append(f"the audience was not held: a median of {median:.0f} of {expected} connections")
    if failures:
        print("SOAK FAIL: " + "; ".join(failures))
        return 1
    print("SOAK PASS")
    return 0


if __name__ == "__main__":
    sys.exit(main(Path(sys.argv[1])))
