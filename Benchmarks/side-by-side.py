#!/usr/bin/env python3
"""Two release builds of praxis, measured alternately by the same benchmark tools.

    python3 Benchmarks/side-by-side.py --before OLD/praxis --after NEW/praxis [--runs 5] [--tools DIR]

Each round runs every benchmark once with the old binary and once with the new one (the order
swaps each round, so neither always runs on a warmer machine), then prints each figure's median
per binary as a Markdown table. The tools are the release executables of this package
(`swift build -c release` in Benchmarks/; `--tools` names their folder). The load average is
printed with each run: figures taken while something else runs say little.
"""
import argparse
import os
import re
import statistics
import subprocess
import sys

# name, tool, arguments, {figure: (regex with one group, unit)}
BENCHMARKS = [
    ("ingest, 50,000 as held posts", "ingest-throughput", [],
     {"msg/s": r"([\d.]+) messages/s", "peak RSS MB": r"peak RSS ([\d.]+) MB"}),
    ("ingest, 50,000 as list copies to 10 readers", "ingest-throughput", ["--members", "--readers", "10"],
     {"msg/s": r"([\d.]+) messages/s", "peak RSS MB": r"peak RSS ([\d.]+) MB"}),
    ("ingest, member posts with classification and circles", "ingest-throughput", ["--sub-issues", "--members"],
     {"msg/s": r"([\d.]+) messages/s", "peak RSS MB": r"peak RSS ([\d.]+) MB"}),
    ("delivery vs smtp-source", "delivery-throughput", ["--runs", "1"],
     {"1 session % of smtp-source": r"connections 1: medians [\d.]+ s and [\d.]+ s: (\d+)%",
      "2 sessions % of smtp-source": r"connections 2: medians [\d.]+ s and [\d.]+ s: (\d+)%"}),
    ("fan-out, 100 posts to 100 members", "fanout-latency", [],
     {"p50 ms": r"p50 ([\d.]+) ms", "p99 ms": r"p99 ([\d.]+) ms"}),
    ("10,000 digests", "digest-throughput", [],
     {"total s": r"total: ([\d.]+) s wall"}),
]


def load_average():
    with open("/proc/loadavg") as file:
        return float(file.read().split()[0])


def run(tool, arguments, praxis):
    command = [tool] + arguments + ["--praxis", praxis]
    result = subprocess.run(command, capture_output=True, text=True)
    return result.returncode, result.stdout + result.stderr


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", required=True, help="the old release praxis binary")
    parser.add_argument("--after", required=True, help="the new release praxis binary")
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--tools", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), ".build", "release"))
    parser.add_argument("--only", help="run only the benchmarks whose name contains this text")
    options = parser.parse_args()

    binaries = {"before": os.path.abspath(options.before), "after": os.path.abspath(options.after)}
    figures = {}  # (benchmark, figure, binary) -> [values]
    chosen = [b for b in BENCHMARKS if not options.only or options.only in b[0]]
    for round_number in range(options.runs):
        order = ["before", "after"] if round_number % 2 == 0 else ["after", "before"]
        for name, tool, arguments, patterns in chosen:
            for binary in order:
                status, output = run(os.path.join(options.tools, tool), arguments, binaries[binary])
                load = load_average()
                found = {}
                for figure, pattern in patterns.items():
                    match = re.search(pattern, output)
                    if match:
                        found[figure] = float(match.group(1))
                        figures.setdefault((name, figure, binary), []).append(found[figure])
                print(f"round {round_number + 1}, {binary}, {name}: exit {status}, load {load:.1f}, {found}", flush=True)
                if not found:
                    print(output[-2000:], file=sys.stderr)

    print()
    print("| benchmark | figure | before (median) | after (median) | runs |")
    print("|---|---|---|---|---|")
    for name, _, _, patterns in chosen:
        for figure in patterns:
            before = figures.get((name, figure, "before"), [])
            after = figures.get((name, figure, "after"), [])
            def median(values):
                return f"{statistics.median(values):,.1f}" if values else "—"
            print(f"| {name} | {figure} | {median(before)} | {median(after)} | {len(before)} / {len(after)} |")


if __name__ == "__main__":
    main()
