#!/usr/bin/env python3
"""Markdown tables from the last `cargo bench -p benches` run.

Usage: python3 benches/summarize.py [target/criterion] [new|base]

Reads criterion's estimates (`<group>/<bench>/new/estimates.json`, or `base`
for the run before) and prints, per payload, the median time per iteration,
MB/s (10^6 bytes of input per second) and the ratios RESULTS.md reports.
The median rather than criterion's headline estimate, because this machine
is shared and a few samples taken while something else runs skew the mean.
"""

import json
import pathlib
import sys

GROUPS = ["chat_completion", "chat_chunks", "response", "response_events", "file_list"]
CONTENDERS = [("ours", "ours"), ("value", "serde_json::Value"),
              ("ignored_any", "IgnoredAny"), ("async_openai", "async-openai")]


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


def main():
    root = pathlib.Path(sys.argv[1] if len(sys.argv) > 1 else "target/criterion")
    run = sys.argv[2] if len(sys.argv) > 2 else "new"
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
        de_ours = times["de", "ours"]
        print()
        print(f"- deserialize: ours vs async-openai **{times['de', 'async_openai'] / de_ours:.2f}x** "
              f"(>1 = ours faster); ours vs IgnoredAny floor **{de_ours / times['de', 'ignored_any']:.2f}x** "
              f"slower; ours vs serde_json::Value {times['de', 'value'] / de_ours:.2f}x")
        print(f"- serialize: ours vs async-openai **{times['ser', 'async_openai'] / times['ser', 'ours']:.2f}x**\n")


if __name__ == "__main__":
    main()
