#!/usr/bin/env python3
"""`praxis ingest --once` on 50,000 linux-mips messages, two binaries alternated.

    python3 Benchmarks/linux-mips-50k.py --before OLD/praxis --after NEW/praxis [--runs 5]
        [--members] [--only VARIANT] [--mbox ../shared/corpora/lists/linux-mips-2004.mbox]

The maildir the figures under "Figures seen so far" were taken on: the largest 688 messages of
linux-mips-2004 (9 KB mean), cycled to 50,000, each copy's Message-ID and last body line made
unique so that none is a duplicate. Two variants:

- "list copies": as archived, so the list's own headers (`Precedence: bulk`, `List-*`) make
  screening take each for automatic mail (recorded, never distributed, text not trimmed);
- "held posts": the list headers removed, so each is a post from a non-member, held for
  moderation, classified by tags and thread;
- "member posts" (with `--members`): the same messages, their authors first imported as members
  reading digests (not timed) and five sub-issues configured, so each is accepted at once: every
  stage of classification, its text stored and indexed for search, its author's circle evaluated.

Each run gets a fresh store and a copy of the maildir (hard links: ingest only renames), and is
timed from outside: wall time, the child's peak RSS and its CPU time, user plus system (`wait4`).
The binaries alternate, the order swapping each round; medians are printed as a Markdown table.
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

from mbox_messages import fields, header_and_body, split_mbox

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

SUB_ISSUES = """sub_issues:
  - {id: kernel, name: Kernel, keywords: [kernel, patch, driver, interrupt, cache]}
  - {id: toolchain, name: Toolchain, keywords: [gcc, binutils, compiler, assembler, linker]}
  - {id: boards, name: Boards, keywords: [board, firmware, serial console, pci, ethernet]}
  - {id: userland, name: Userland, keywords: [glibc, debian, package, installer, shell]}
  - {id: closed, name: Closed, keywords: [confidential], protected: true, members: [core@lists.example.org]}
"""


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


def authors_csv(messages, path):
    """A members CSV of every From address of `messages`, each reading digests."""
    addresses = set()
    for message in messages:
        for field in fields(header_and_body(message)[0]):
            name, _, value = field.partition(b":")
            if name.strip().lower() == b"from":
                address = email.utils.parseaddr(value.decode("latin-1").strip())[1].lower()
                if "@" in address and "," not in address:
                    addresses.add(address)
    with open(path, "w") as file:
        file.write("address,name,role,delivery,pinned\n")
        file.writelines(f"{address},,outer,digest,no\n" for address in sorted(addresses))
    return len(addresses)


def build_maildir(messages, folder, keep_list_headers, count):
    for sub in ("tmp", "new", "cur"):
        os.makedirs(os.path.join(folder, sub), exist_ok=True)
    for number in range(count):
        with open(os.path.join(folder, "new", "%d.bench.linux-mips" % number), "wb") as file:
            file.write(copy_of(messages[number % len(messages)], number, keep_list_headers))


def run_once(praxis, template, work, members=None):
    if os.path.exists(work):
        shutil.rmtree(work)
    os.makedirs(work)
    maildir = os.path.join(work, "Maildir")
    subprocess.run(["cp", "-al", template, maildir], check=True)
    configuration = os.path.join(work, "praxis.yaml")
    with open(configuration, "w") as file:
        file.write(CONFIGURATION.format(maildir=maildir, database=os.path.join(work, "praxis.sqlite"),
                                        outgoing=os.path.join(work, "outgoing")))
        if members:
            file.write(SUB_ISSUES)
    if members:
        subprocess.run([praxis, "members", "import", members, "--config", configuration], check=True,
                       stdout=subprocess.DEVNULL)
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
    return seconds, usage.ru_maxrss / 1024, usage.ru_utime + usage.ru_stime, output


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--before", required=True)
    parser.add_argument("--after", required=True)
    parser.add_argument("--runs", type=int, default=5)
    parser.add_argument("--count", type=int, default=50_000)
    parser.add_argument("--members", action="store_true", help="also the member posts variant")
    parser.add_argument("--only", action="append", help="run only this variant (repeatable)")
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
        for variant, keep in (("list copies", True), ("held posts", False)):
            templates[variant] = os.path.join(scratch, variant.replace(" ", "-"))
            build_maildir(largest, templates[variant], keep, options.count)
        members = {}
        if options.members:
            # The held posts' maildir, its authors members: the same bytes, accepted instead of held.
            templates["member posts"] = templates["held posts"]
            members["member posts"] = os.path.join(scratch, "members.csv")
            print(f"{authors_csv(largest, members['member posts'])} authors imported as members for member posts")
        for variant in list(templates):
            if options.only and variant not in options.only:
                del templates[variant]
        binaries = {"before": os.path.abspath(options.before), "after": os.path.abspath(options.after)}
        figures = {}
        for round_number in range(options.runs):
            order = ["before", "after"] if round_number % 2 == 0 else ["after", "before"]
            for variant, template in templates.items():
                for binary in order:
                    seconds, rss, cpu, output = run_once(
                        binaries[binary], template, os.path.join(scratch, "run"), members.get(variant))
                    rate = options.count / seconds
                    micros = cpu / options.count * 1e6
                    figures.setdefault((variant, binary), []).append((rate, rss, micros))
                    load = os.getloadavg()[0]
                    print(f"round {round_number + 1}, {binary}, {variant}: {rate:,.0f} msg/s, {rss:.1f} MB, "
                          f"{micros:.0f} µs CPU/msg, load {load:.1f}; praxis: {output}", flush=True)
        print()
        print("| variant | before: msg/s, peak RSS, CPU per message (medians) | after: the same | runs |")
        print("|---|---|---|---|")
        for variant in templates:
            cells = []
            for binary in ("before", "after"):
                values = figures.get((variant, binary), [])
                cells.append(f"{statistics.median(v[0] for v in values):,.0f} msg/s, "
                             f"{statistics.median(v[1] for v in values):.1f} MB, "
                             f"{statistics.median(v[2] for v in values):.0f} µs")
            print(f"| {variant} | {cells[0]} | {cells[1]} | {options.runs} each |")
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
