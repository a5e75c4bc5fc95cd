#!/usr/bin/env python3
"""`praxis parse --json` against Python's email package, whole processes, on the same files.

    python3 Benchmarks/parse-side-by-side.py --praxis PATH/praxis [--runs 3] [--mbox FILE]

Splits the mbox (default: the linux-mips 2004 list, ../shared/corpora relative to the package
root) into one file per message in a temporary folder, then runs, best of `--runs` each and
alternating, `praxis parse --json FILES...` and `parse-python.py FILES...` (which parses each file
with `email.policy.default` and extracts subject and body text), stdout to a file. Prints wall
and CPU seconds (user + system, from wait4) of each and their ratios, the load average, and
whether the two agree on every file's subject (each differing file is listed).
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from mbox_messages import split_mbox  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_MBOX = os.path.join(HERE, "..", "..", "shared", "corpora", "lists", "linux-mips-2004.mbox")


def timed(command, output_path):
    """Wall seconds, CPU seconds (user + system) and exit status of one whole process."""
    with open(output_path, "wb") as output:
        started = time.monotonic()
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.DEVNULL)
        _, status, usage = os.wait4(process.pid, 0)
        wall = time.monotonic() - started
    process.returncode = os.waitstatus_to_exitcode(status)
    return wall, usage.ru_utime + usage.ru_stime, process.returncode


def subjects(path):
    found = {}
    with open(path, encoding="utf-8") as lines:
        for line in lines:
            item = json.loads(line)
            found[item["file"]] = item.get("subject")
    return found


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--praxis", required=True, help="the release praxis binary")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--mbox", default=DEFAULT_MBOX)
    options = parser.parse_args()
    if not os.path.exists(options.mbox):
        sys.exit(f"skipped: the corpus {options.mbox} is absent")

    folder = tempfile.mkdtemp(prefix="praxis-parse-")
    try:
        with open(options.mbox, "rb") as mbox:
            messages = split_mbox(mbox.read())
        files = []
        for number, message in enumerate(messages):
            path = os.path.join(folder, f"{number:05d}.eml")
            with open(path, "wb") as file:
                file.write(message)
            files.append(path)
        size = sum(len(m) for m in messages)
        print(f"{len(files)} files, {size / 1e6:.2f} MB, from {os.path.abspath(options.mbox)}")
        commands = {
            "praxis": [options.praxis, "parse", "--json"] + files,
            "python": [sys.executable, os.path.join(HERE, "parse-python.py")] + files,
        }
        best = {name: (float("inf"), float("inf")) for name in commands}
        for run in range(options.runs):
            order = list(commands) if run % 2 == 0 else list(reversed(commands))
            for name in order:
                wall, cpu, status = timed(commands[name], os.path.join(folder, f"{name}.jsonl"))
                if status != 0:
                    print(f"{name} exited {status}", file=sys.stderr)
                best[name] = (min(best[name][0], wall), min(best[name][1], cpu))
                print(f"  run {run + 1} {name}: {wall:.3f} s wall, {cpu:.3f} s CPU (load {os.getloadavg()[0]:.2f})")
        for name, (wall, cpu) in best.items():
            print(f"{name}: best {wall:.3f} s wall, {cpu:.3f} s CPU, {len(files) / wall:,.0f} messages/s")
        print(f"ratio python/praxis: {best['python'][0] / best['praxis'][0]:.1f}x wall, "
              f"{best['python'][1] / best['praxis'][1]:.1f}x CPU")

        ours, theirs = subjects(os.path.join(folder, "praxis.jsonl")), subjects(os.path.join(folder, "python.jsonl"))
        differing = [path for path in files if ours.get(path) != theirs.get(path)]
        print(f"subjects agree on {len(files) - len(differing)} of {len(files)} files")
        for path in differing:
            print(f"  {os.path.basename(path)}: praxis {ours.get(path)!r}, python {theirs.get(path)!r}")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
