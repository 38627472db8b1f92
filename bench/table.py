#!/usr/bin/env python3
"""bench/run's rows (name, rate, p50, p99, max, errors, command) as one table, each figure also as a share of the
raw limit it is bounded by, measured in the same run."""
import sys

rows = [line.rstrip("\n").split("\t") for line in open(sys.argv[1]) if line.strip()]
rate = {r[0]: float(r[1]) for r in rows if r[1].replace(".", "").isdigit()}

def limit_for(name):
    if name.startswith("nginx"): return None
    if name.startswith("PostgreSQL"): return None
    if name.startswith("gateway static asset, a new"): return "nginx static 2 KB, a new connection each"
    if name.startswith("gateway static"): return "nginx static 2 KB"
    if name.startswith("article page"): return "gateway static asset"
    if name.startswith("taps") or name.startswith("SMS sign-ups"): return "PostgreSQL single-row commit"
    return None

print("| figure | rate/s | p50 ms | p99 ms | max ms | errors | ratio to the limit (same run) | command |")
print("|---|---:|---:|---:|---:|---:|---|---|")
for r in rows:
    name, figure = r[0], r[1:6]
    lim = limit_for(name)
    ratio = "(a limit)" if lim is None else (
        f"{100 * float(r[1]) / rate[lim]:.0f}% of {lim}" if lim in rate and r[1].replace('.', '').isdigit() else "-")
    extra = ""
    if name.startswith("article page") and "nginx static 2 KB" in rate and r[1].replace('.', '').isdigit():
        extra = f"; {100 * float(r[1]) / rate['nginx static 2 KB']:.0f}% of nginx"
    print(f"| {name} | {' | '.join(figure)} | {ratio}{extra} | `{r[6] if len(r) > 6 else ''}` |")
