#!/usr/bin/env python3
"""Markdown tables from the last `cargo bench -p benches --bench serde` run.

Usage: python3 benches/summarize.py [target/criterion] [new|base]

Reads criterion's estimates (`<group>/<bench>/new/estimates.json`, or `base`
for the run before) and prints, per payload, the median time per iteration,
MB/s (10^6 bytes of input per second) and the ratios RESULTS.md reports,
then one table of ours against the fastest peer per payload and direction,
with issue #16's goals. The median rather than criterion's headline
estimate, because this machine is shared and a few samples taken while
something else runs skew the mean.
"""

import json
import pathlib
import sys

GROUPS = ["chat_completion", "chat_chunks", "response", "response_events",
          "chat_request", "responses_request", "file_list"]
CONTENDERS = [("ours", "ours"), ("value", "serde_json::Value"),
              ("ignored_any", "IgnoredAny"), ("async_openai", "async-openai 0.43"),
              ("openapi_types", "openai-openapi-types 0.6")]
PEERS = ["async_openai", "openapi_types"]
# Issue #16: ours / fastest peer, per payload; 1.3x on the union-heavy ones.
TARGET = {"response": 1.3, "response_events": 1.3}
FLOOR = 2.5  # deserialize within 2.5x of IgnoredAny


def load(root, group, bench, run):
    directory = root / group / bench / run
    estimates = json.loads((directory / "estimates.json").read_text())
    meta = json.loads((directory / "benchmark.json").read_text())
    return estimates["median"]["point_estimate"], meta["throughput"]["Bytes"]


def fmt_time(ns):
    if ns >= 1e6:
        return f"{ns / 1e6:.2f} ms"
    if ns >= 1e3:
        return f"{ns / 1e3:.1f} µs"
    return f"{ns:.0f} ns"


def fastest_peer(times, op):
    """(their time / our time, peer name) for the fastest peer measured."""
    peers = [(times[op, key], key) for key in PEERS if (op, key) in times]
    if not peers or (op, "ours") not in times:
        return None
    best, key = min(peers)
    return best / times[op, "ours"], dict(CONTENDERS)[key]


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")
    run = sys.argv[2] if len(sys.argv) > 2 else "new"
    summary = []
    for group in GROUPS:
        times, size = {}, None
        for op in ("de", "ser"):
            for key, _ in CONTENDERS:
                path = root / group / f"{op}_{key}" / run
                if path.exists():
                    times[op, key], size = load(root, group, f"{op}_{key}", run)
        if not times:
            continue
        print(f"### {group} ({size:,} bytes)\n")
        print("| | " + " | ".join(name for _, name in CONTENDERS) + " |")
        print("|---|" + "---:|" * len(CONTENDERS))
        for op, label in (("de", "deserialize"), ("ser", "serialize")):
            cells = []
            for key, _ in CONTENDERS:
                ns = times.get((op, key))
                cells.append("—" if ns is None else f"{fmt_time(ns)} · {size / ns * 1e3:.0f} MB/s")
            print(f"| {label} | " + " | ".join(cells) + " |")
        print()
        for op, label in (("de", "deserialize"), ("ser", "serialize")):
            ours = times[op, "ours"]
            ratios = []
            for key in PEERS:
                name = dict(CONTENDERS)[key]
                theirs = times.get((op, key))
                ratios.append(f"vs {name} " + ("— (cannot read the payload)" if theirs is None
                                               else f"**{theirs / ours:.2f}x**"))
            line = f"- {label} (their time / ours, >1 = ours faster): " + ", ".join(ratios)
            if op == "de":
                line += (f"; ours / IgnoredAny floor **{ours / times['de', 'ignored_any']:.2f}x**"
                         f"; vs serde_json::Value {times['de', 'value'] / ours:.2f}x")
            print(line)
        print()
        summary.append((group, times))

    print("### Ours vs the fastest peer\n")
    print("| payload | de vs fastest peer | ser vs fastest peer | de / floor | goal (peer; floor ≤ 2.5x) |")
    print("|---|---:|---:|---:|---|")
    for group, times in summary:
        target = TARGET.get(group, 1.0)
        cells, met = [], []
        for op in ("de", "ser"):
            best = fastest_peer(times, op)
            if best is None:
                cells.append("—")
                continue
            ratio, name = best
            cells.append(f"{ratio:.2f}x ({name.split()[0]})")
            met.append(ratio >= target)
        floor = times["de", "ours"] / times["de", "ignored_any"]
        met.append(floor <= FLOOR)
        verdict = "met" if all(met) else "missed"
        print(f"| {group} | {cells[0]} | {cells[1]} | {floor:.2f}x | ≥ {target:.1f}x: **{verdict}** |")


if __name__ == "__main__":
    main()
