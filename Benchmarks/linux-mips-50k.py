#!/usr/bin/env python3
"""`praxis ingest --once` on 50,000 linux-mips messages, two binaries alternated.

    python3 Benchmarks/linux-mips-50k.py --before OLD/praxis --after NEW/praxis [--runs 5]
        [--variants "list copies,held posts"] [--count 50000] [--mbox ../shared/corpora/lists/linux-mips-2004.mbox]

The maildir the figures under "Figures seen so far" were taken on: the largest 688 messages of
linux-mips-2004 (9 KB mean), cycled to 50,000, each copy's Message-ID and last body line made
unique so that none is a duplicate. Two variants:

- "list copies": as archived, so the list's own headers (`Precedence: bulk`, `List-*`) make
  screening take each for automatic mail (recorded, never distributed, text not trimmed);
- "held posts": the list headers removed, so each is a post from a non-member, held for
  moderation, classified by tags and thread.

Each run gets a fresh store and a copy of the maildir (hard links: ingest only renames), and is
timed from outside: wall time, the child's CPU time (user + system) and peak RSS (`wait4`). The
binaries alternate, the order swapping each round; medians are printed as a Markdown table.

On a machine others are loading, wall-clock msg/s moves by ±15% between runs of one and the same
binary; CPU per message (µs of user + system time, all threads) moves far less, so compare that,
and give the wall figure as a median with its spread.
"""
import argparse
import email.utils
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

LIST_HEADERS = re.compile(rb"^(precedence|list-[a-z-]+|x-mailing-list|mailing-list|sender|errors-to|x-beenthere|x-loop)$", re.I)

CONFIGURATION = """community:
  name: linux-mips
  list_address: list@lists.example.org
paths:
  maildir: {maildir}
  database: {database}
smtp:
  url: maildir:{outgoing}
log_level: warning
"""


def split_mbox(data):
    """The messages of an mboxo file, each without its envelope line, `>From ` unquoted."""
    messages = []
    for chunk in re.split(rb"(?m)^From [^\n]*\n", data):
        if chunk.strip():
            messages.append(re.sub(rb"(?m)^>(>*From )", rb"\1", chunk))
    return messages


def header_and_body(message):
    end = message.find(b"\n\n")
    return (message, b"") if end < 0 else (message[:end + 1], message[end + 2:])


def fields(header):
    """The header's fields, each with its continuation lines."""
    out = []
    for line in header.splitlines(keepends=True):
        if line[:1] in (b" ", b"\t") and out:
            out[-1] += line
        else:
            out.append(line)
    return out


def copy_of(message, number, keep_list_headers):
    header, body = header_and_body(message)
    kept = []
    has_id = False
    for field in fields(header):
        name = field.split(b":", 1)[0].strip()
        if not keep_list_headers and LIST_HEADERS.match(name):
            continue
        if name.lower() == b"message-id":
            has_id = True
            field = re.sub(rb">\s*$", b".copy%d>" % number, field.rstrip(b"\r\n")) + b"\n"
        kept.append(field)
    if not has_id:
        kept.append(b"Message-ID: <linux-mips-50k.copy%d@benchmark.invalid>\n" % number)
    return b"".join(kept) + b"\n" + body.rstrip(b"\n") + b"\ncopy %d\n" % number


def build_maildir(messages, folder, keep_list_headers, count):
    for sub in ("tmp", "new", "cur"):
        os.makedirs(os.path.join(folder, sub), exist_ok=True)
    for number in range(count):
        with open(os.path.join(folder, "new", "%d.bench.linux-mips" % number), "wb") as file:
            file.write(copy_of(messages[number % len(messages)], number, keep_list_headers))


def run_once(praxis, template, work):
    if os.path.exists(work):
        shutil.rmtree(work)
    os.makedirs(work)
    maildir = os.path.join(work, "Maildir")
    subprocess.run(["cp", "-al", template, maildir], check=True)
    configuration = os.path.join(work, "praxis.yaml")
    with open(configuration, "w") as file:
        file.write(CONFIGURATION.format(maildir=maildir, database=os.path.join(work, "praxis.sqlite"),
                                        outgoing=os.path.join(work, "outgoing")))
    start = time.monotonic()
    child = subprocess.Popen([praxis, "ingest", "--once", "--config", configuration],
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(child.pid, 0)
    seconds = time.monotonic() - start
    output = child.stdout.read().decode(errors="replace").strip()
    left = len(os.listdir(os.path.join(maildir, "new")))
    if status != 0 or left:
        print(f"praxis failed (status {status}, {left} left in new/): {output} {child.stderr.read().decode()[-500:]}",
              file=sys.stderr)
    return seconds, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024, output


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--count", type=int, default=50_000)
    parser.add_argument("--variants", default="list copies,held posts",
                        help="comma-separated: list copies, held posts")
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--mbox", default=os.path.join(here, "..", "..", "shared", "corpora", "lists", "linux-mips-2004.mbox"))
    options = parser.parse_args()
    if not os.path.exists(options.mbox):
        print(f"SKIPPED: {options.mbox} is absent")
        return 0
    with open(options.mbox, "rb") as file:
        messages = split_mbox(file.read())
    largest = sorted(messages, key=len, reverse=True)[:688]
    print(f"{len(messages)} messages in the mbox; the largest 688, mean {statistics.mean(map(len, largest)) / 1000:.1f} KB, "
          f"cycled to {options.count}")
    scratch = tempfile.mkdtemp(prefix="linux-mips-50k-")
    try:
        templates = {}
        wanted = {name.strip() for name in options.variants.split(",")}
        for variant, keep in (("list copies", True), ("held posts", False)):
            if variant not in wanted:
                continue
            templates[variant] = os.path.join(scratch, variant.replace(" ", "-"))
            build_maildir(largest, templates[variant], keep, options.count)
        binaries = {"before": os.path.abspath(options.before), "after": os.path.abspath(options.after)}
        figures = {}
        for round_number in range(options.runs):
            order = ["before", "after"] if round_number % 2 == 0 else ["after", "before"]
            for variant, template in templates.items():
                for binary in order:
                    seconds, cpu, rss, output = run_once(binaries[binary], template, os.path.join(scratch, "run"))
                    rate = options.count / seconds
                    cpu_per_message = cpu / options.count * 1e6
                    figures.setdefault((variant, binary), []).append((rate, rss, cpu_per_message))
                    load = os.getloadavg()[0]
                    print(f"round {round_number + 1}, {binary}, {variant}: {rate:,.0f} msg/s, "
                          f"CPU {cpu_per_message:.1f} µs/msg, {rss:.1f} MB, load {load:.1f}; praxis: {output}", flush=True)
        print()
        print("| variant | before: msg/s (min-max), CPU µs/msg, peak RSS (medians) "
              "| after: msg/s (min-max), CPU µs/msg, peak RSS (medians) | runs |")
        print("|---|---|---|---|")
        for variant in templates:
            cells = []
            for binary in ("before", "after"):
                values = figures.get((variant, binary), [])
                rates = [v[0] for v in values]
                cells.append(f"{statistics.median(rates):,.0f} msg/s ({min(rates):,.0f}-{max(rates):,.0f}), "
                             f"{statistics.median(v[2] for v in values):.1f} µs/msg, "
                             f"{statistics.median(v[1] for v in values):.1f} MB")
            print(f"| {variant} | {cells[0]} | {cells[1]} | {options.runs} each |")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
