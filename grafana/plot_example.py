#!/usr/bin/env python3
"""Draws panels of the overview dashboard as an SVG from a real Prometheus's query results.

Grafana is not needed: the queries are read from hivecast-overview.json, run through the
Prometheus HTTP API (query_range) with $namespace/$pod = All, and drawn the way the panels show
them. Usage: python3 grafana/plot_example.py http://127.0.0.1:9090 START END OUT.svg
(START and END in Unix seconds). Standard library only.
"""
import json
import math
import os
import sys
import urllib.parse
import urllib.request

HERE = os.path.dirname(os.path.abspath(__file__))
PANELS = ["Connections", "Offers and answers relayed", "Answer rate", "Time to answer",
          "Offers dropped", "Event-loop delay"]
COLORS = ["#73bf69", "#f2cc0c", "#5794f2", "#ff9830", "#f2495c", "#b877d9", "#8ab8ff"]
W, H, COLS = 420, 230, 3


def query_range(base, expr, start, end, step):
    qs = urllib.parse.urlencode({"query": expr, "start": start, "end": end, "step": step})
    with urllib.request.urlopen(f"{base}/api/v1/query_range?{qs}", timeout=30) as r:
        body = json.load(r)
    if body.get("status") != "success":
        raise SystemExit(f"Prometheus refused {expr}: {body}")
    return body["data"]["result"]


def legend(fmt, metric):
    if not fmt or fmt == "__auto":
        return ",".join(f"{k}={v}" for k, v in metric.items()) or "value"
    out = fmt
    for k, v in metric.items():
        out = out.replace("{{" + k + "}}", v)
    return out


def fmt_value(v, unit):
    if unit == "percentunit":
        return f"{v * 100:.0f}%"
    if unit == "s":
        if v == 0:
            return "0"
        return f"{v * 1000:.0f} ms" if v < 1 else f"{v:.1f} s"
    if abs(v) >= 1000:
        return f"{v / 1000:.1f}k"
    return f"{v:.0f}" if abs(v) >= 10 or v == 0 else f"{v:.1f}"


def esc(s):
    return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def draw(panel, series, x0, y0, start, end, unit):
    out = [f'<rect x="{x0 + 4}" y="{y0 + 4}" width="{W - 8}" height="{H - 8}" rx="3" fill="#181b1f" '
           f'stroke="#2c3235"/>',
           f'<text x="{x0 + 14}" y="{y0 + 24}" fill="#ccccdc" font-size="13" font-weight="600">'
           f'{esc(panel)}</text>']
    px0, px1, py0, py1 = x0 + 50, x0 + W - 14, y0 + 36, y0 + H - 58
    values = [v for _, pts in series for _, v in pts if not math.isnan(v)]
    top = max(values) if values else 1
    top = 1 if unit == "percentunit" and top <= 1.05 else top * 1.1 or 1
    for i in range(5):
        y = py1 - (py1 - py0) * i / 4
        out.append(f'<line x1="{px0}" y1="{y:.1f}" x2="{px1}" y2="{y:.1f}" stroke="#2c3235"/>')
        out.append(f'<text x="{px0 - 6}" y="{y + 4:.1f}" fill="#8e8e8e" font-size="10" text-anchor="end">'
                   f'{esc(fmt_value(top * i / 4, unit))}</text>')
    for i in range(4):
        t = start + (end - start) * i / 3
        x = px0 + (px1 - px0) * i / 3
        label = f"-{(end - t) / 60:.0f} min" if end - t >= 1 else "now"
        out.append(f'<text x="{x:.1f}" y="{py1 + 14}" fill="#8e8e8e" font-size="10" text-anchor="middle">'
                   f'{label}</text>')
    lx, row = x0 + 14, y0 + H - 30
    for n, (name, pts) in enumerate(series):
        color = COLORS[n % len(COLORS)]
        path, pen = [], "M"
        for t, v in pts:
            if math.isnan(v):
                pen = "M"
                continue
            x = px0 + (px1 - px0) * (t - start) / (end - start)
            y = py1 - (py1 - py0) * v / top
            path.append(f"{pen}{x:.1f},{y:.1f}")
            pen = "L"
        if path:
            out.append(f'<path d="{" ".join(path)}" fill="none" stroke="{color}" stroke-width="1.5"/>')
        width = 18 + 6 * len(name)
        if lx + width > x0 + W - 10:
            lx, row = x0 + 14, row + 13
        out.append(f'<rect x="{lx}" y="{row - 6}" width="10" height="3" fill="{color}"/>')
        out.append(f'<text x="{lx + 14}" y="{row - 1}" fill="#ccccdc" font-size="10">{esc(name)}</text>')
        lx += width
    return out


def main():
    base, start, end, target = sys.argv[1], int(sys.argv[2]), int(sys.argv[3]), sys.argv[4]
    with open(os.path.join(HERE, "hivecast-overview.json")) as f:
        board = json.load(f)
    by_title = {}
    for p in board["panels"]:
        if p["type"] == "timeseries" or p["title"] == "Connections":
            by_title.setdefault(p["title"], p)
    step = max(5, (end - start) // 120)
    parts = []
    for i, title in enumerate(PANELS):
        panel = by_title[title]
        series = []
        for t in panel["targets"]:
            expr = (t["expr"].replace("$namespace", ".*").replace("$pod", ".*")
                    .replace("$__rate_interval", "30s"))
            for s in query_range(base, expr, start, end, step):
                pts = [(float(ts), float(v)) for ts, v in s["values"]]
                series.append((legend(t.get("legendFormat"), s["metric"]), pts))
        x0, y0 = (i % COLS) * W, 40 + (i // COLS) * H
        parts += draw(title, series, x0, y0, start, end, panel["fieldConfig"]["defaults"]["unit"])
    rows = math.ceil(len(PANELS) / COLS)
    svg = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{COLS * W}" height="{40 + rows * H}" '
           f'font-family="Inter, Helvetica, Arial, sans-serif">',
           f'<rect width="100%" height="100%" fill="#111217"/>',
           f'<text x="14" y="26" fill="#ccccdc" font-size="16">{esc(board["title"])} '
           f'(panels drawn from Prometheus query results)</text>'] + parts + ["</svg>"]
    with open(target, "w") as f:
        f.write("\n".join(svg) + "\n")


if __name__ == "__main__":
    main()
