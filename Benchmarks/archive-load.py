#!/usr/bin/env python3
"""The archive under load: `praxis web` beside public-inbox 1.9 on the same 30,000+ real messages.

    python3 Benchmarks/archive-load.py --praxis .build/release/praxis [--corpora ../shared/corpora]
        [--seconds 20] [--connections 16] [--skip-public-inbox] [--keep DIR]

What it builds (standard library only; needs Debian's `wrk` and `public-inbox`):

- One archive longer than a year from the real mail in `../shared/corpora`: linux-mips 2004 (2,814),
  every message of `list-topics` (7,248, 2025-2026), the 20 Newsgroups training half (11,314, 1993;
  they have no Message-ID or Date, so each gets `<20news.GROUP.FILE@bench.invalid>` and a date in
  spring 1993 in file order), and, to pass 30,000, a second copy of linux-mips a year later and of
  `list-topics` two years earlier, with every Message-ID, In-Reply-To and References token prefixed
  (`r1.`) so threads hold and nothing is a duplicate: 31,438 messages.
- Praxis: `praxis import mbox` into a fresh store (timed: import and search index together), then
  `praxis web` on 127.0.0.1 with `web.audience: public`.
- public-inbox: a v1 inbox, the same messages added with PublicInbox::Import (git only, not timed),
  then `public-inbox-index` (timed: its over.sqlite3 and Xapian index), then `public-inbox-httpd`.

Each page type is loaded with `wrk` at `--connections` connections for `--seconds`, cycling over at
least 200 different URLs (a Lua script reads them from a file): message page, thread page (threads
of 30+ posts), sub-issue index (public-inbox has no sub-issues: its paged message index `?t=` is
the counterpart), search for a common word, search for a rare phrase, Atom feed (Praxis has only
eight feeds, the community's and one per sub-issue: all of them are cycled). Sub-issue pages are
those that exist (`/s/ID/?page=N`, 50 threads a page, configured sub-issues only). Printed:
requests/s, p50/p99 latency, the server's CPU per request (user + system from /proc, workers
included), non-2xx responses, the load average, and each server's peak RSS (VmHWM), as a
Markdown table. A page type whose first URLs answer 404 (`/search` before the search page is
wired) is skipped with a note, not measured.
"""
import argparse
import email
import email.policy
import email.utils
import os
import random
import re
import resource
import shutil
import signal
import socket
import sqlite3
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timedelta, timezone

from mbox_messages import fields, header_and_body, split_mbox

HERE = os.path.dirname(os.path.abspath(__file__))
MESSAGE_ID_TOKEN = re.compile(rb"<([^<>\s]+@[^<>\s]+)>")
ID_HEADERS = re.compile(rb"^(message-id|in-reply-to|references)$", re.I)
COMMON_WORD = "kernel"

CONFIGURATION = """community:
  name: Archive benchmark
  list_address: bench@lists.example.org
  timezone: UTC
paths:
  maildir: {root}/Maildir
  database: {root}/praxis.sqlite
smtp:
  url: maildir:{root}/outgoing
web:
  listen: 127.0.0.1:{port}
  base_url: http://127.0.0.1:{port}/
  audience: public
sub_issues:
  - {{id: mips, name: Linux on MIPS, keywords: [mips, kernel, patch, linux, cpu]}}
  - {{id: radio, name: Radio and networks, keywords: [usrp, uhd, ham, ax25, can bus, batman, mesh, bufferbloat]}}
  - {{id: storage, name: Storage and file sharing, keywords: [raid, mdadm, samba, smb, disk]}}
  - {{id: docs, name: Documentation and process, keywords: [man page, manual, ksummit, maintainer, apparmor]}}
  - {{id: computing, name: Computing, keywords: [windows, graphics, mac, pc, x11, software]}}
  - {{id: science, name: Science and medicine, keywords: [space, nasa, orbit, medical, doctor, electronics, encryption]}}
  - {{id: society, name: Society and sport, keywords: [god, church, gun, israel, baseball, hockey, car, motorcycle, sale]}}
log_level: warning
"""


# --- The archive -----------------------------------------------------------------------------

def rewrite_fields(message, rewrite):
    """`message` with `rewrite(name, value) -> value` applied to each header field (unfolded)."""
    header, body = header_and_body(message)
    out = []
    for field in fields(header):
        name, colon, value = field.partition(b":")
        out.append(name + b":" + rewrite(name.strip(), value.rstrip(b"\n")) + b"\n" if colon else field)
    return b"".join(out) + b"\n" + body


def shifted_copy(message, days, prefix=b"r1."):
    def rewrite(name, value):
        if ID_HEADERS.match(name):
            return MESSAGE_ID_TOKEN.sub(lambda m: b"<" + prefix + m.group(1) + b">", value)
        if name.lower() == b"date":
            try:
                moment = email.utils.parsedate_to_datetime(value.decode("ascii", "replace").strip())
                return b" " + email.utils.format_datetime(moment + timedelta(days=days)).encode()
            except (TypeError, ValueError):
                return value
        return value
    return rewrite_fields(message, rewrite)


def twenty_news(path, group, name, moment):
    data = open(path, "rb").read().replace(b"\r\n", b"\n")
    header = (b"Message-ID: <20news." + group.encode() + b"." + name.encode() + b"@bench.invalid>\n"
              + b"Date: " + email.utils.format_datetime(moment).encode() + b"\n")
    return header + data


def assemble(corpora):
    mips = split_mbox(open(os.path.join(corpora, "lists", "linux-mips-2004.mbox"), "rb").read())
    topics = []
    for half in ("train", "test"):
        root = os.path.join(corpora, "list-topics", half)
        for label in sorted(os.listdir(root)):
            for name in sorted(os.listdir(os.path.join(root, label))):
                topics.append(open(os.path.join(root, label, name), "rb").read().replace(b"\r\n", b"\n"))
    news, moment = [], datetime(1993, 3, 1, tzinfo=timezone.utc)
    root = os.path.join(corpora, "20news-bydate-train")
    for group in sorted(d for d in os.listdir(root) if os.path.isdir(os.path.join(root, d))):
        for name in sorted(os.listdir(os.path.join(root, group)), key=lambda n: int(n) if n.isdigit() else 0):
            news.append(twenty_news(os.path.join(root, group, name), group, name, moment))
            moment += timedelta(minutes=11)
    copies = [shifted_copy(m, 365) for m in mips] + [shifted_copy(m, -730) for m in topics]
    return mips + topics + news + copies


def write_mbox(messages, path):
    with open(path, "wb") as out:
        for message in messages:
            out.write(b"From bench@example.org Thu Jan  1 00:00:00 1970\n")
            out.write(re.sub(rb"(?m)^(>*From )", rb">\1", message))
            if not message.endswith(b"\n"):
                out.write(b"\n")
            out.write(b"\n")


# --- Servers ---------------------------------------------------------------------------------

def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def timed_run(command, **options):
    """Runs `command` to its end; its wall time and the CPU (user + system) of it and every
    process it waited for, in seconds."""
    before, started = resource.getrusage(resource.RUSAGE_CHILDREN), time.monotonic()
    subprocess.run(command, check=True, **options)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return time.monotonic() - started, (after.ru_utime + after.ru_stime) - (before.ru_utime + before.ru_stime)


def wait_for(url, seconds=60):
    deadline = time.time() + seconds
    while time.time() < deadline:
        try:
            with urllib.request.urlopen(url, timeout=5) as response:
                response.read()
                return
        except Exception:
            time.sleep(0.2)
    sys.exit(f"archive-load: {url} did not answer within {seconds} s")


def peak_rss_mb(pid):
    """VmHWM of `pid` and its children (public-inbox-httpd forks workers)."""
    total = 0
    for each in server_pids(pid):
        try:
            for line in open(f"/proc/{each}/status"):
                if line.startswith("VmHWM:"):
                    total += int(line.split()[1])
        except FileNotFoundError:
            pass
    return total / 1024


WRK_SCRIPT = """
local paths = {}
for line in io.lines(os.getenv("URL_FILE")) do paths[#paths + 1] = line end
local counter = 0
request = function()
  counter = counter + 1
  return wrk.format("GET", paths[(counter % #paths) + 1])
end
"""


def server_pids(pid):
    return [pid] + [int(p) for p in subprocess.run(["pgrep", "-P", str(pid)], capture_output=True, text=True).stdout.split()]


def cpu_seconds(pid):
    """User + system CPU of `pid` and its live children so far (/proc/PID/stat), in seconds."""
    ticks = 0
    for each in server_pids(pid):
        try:
            fields_ = open(f"/proc/{each}/stat").read().rsplit(")", 1)[1].split()
            ticks += int(fields_[11]) + int(fields_[12])
        except (FileNotFoundError, IndexError, ValueError):
            pass
    return ticks / os.sysconf("SC_CLK_TCK")


def answers_404(base, paths):
    """Whether the first few URLs all answer 404 (a page type this build does not serve)."""
    for path in paths[:3]:
        try:
            with urllib.request.urlopen(base + path, timeout=30) as response:
                response.read()
                return False
        except urllib.error.HTTPError as error:
            if error.code != 404:
                return False
    return True


def load(base, paths, label, work, seconds, connections, server_pid):
    if answers_404(base, paths):
        print(f"archive-load: {label} answers 404 for {paths[0]}: this page type is skipped", file=sys.stderr)
        return {"skipped": True, "urls": len(set(paths))}
    url_file = os.path.join(work, f"urls-{label}-{len(os.listdir(work))}.txt")
    with open(url_file, "w") as out:
        out.write("\n".join(paths) + "\n")
    script = os.path.join(work, "cycle.lua")
    with open(script, "w") as out:
        out.write(WRK_SCRIPT)
    cpu_before, load_before = cpu_seconds(server_pid), os.getloadavg()[0]
    result = subprocess.run(["wrk", "-t2", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", script, base],
                            capture_output=True, text=True, env=dict(os.environ, URL_FILE=url_file))
    cpu = cpu_seconds(server_pid) - cpu_before
    text = result.stdout
    rps = float(re.search(r"Requests/sec:\s+([\d.]+)", text).group(1))
    requests = int(re.search(r"(\d+) requests in", text).group(1))
    latency = dict(re.findall(r"^\s+(50|99)%\s+(\S+)", text, re.M))
    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", text)
    return {"rps": rps, "p50": latency.get("50", "?"), "p99": latency.get("99", "?"),
            "non2xx": int(errors.group(1)) if errors else 0, "urls": len(set(paths)),
            "cpu_ms": 1000 * cpu / max(requests, 1), "load": max(load_before, os.getloadavg()[0])}


# --- What to ask for -------------------------------------------------------------------------

def rare_phrases(messages, count, rng):
    """Three-word phrases of new text (not quoted, not signature), each from a different message:
    three whole words in a row on one line, nothing between them but spaces."""
    phrases = []
    for message in rng.sample(messages, min(len(messages), count * 4)):
        parsed = email.message_from_bytes(message, policy=email.policy.default)
        part = parsed.get_body(preferencelist=("plain",))
        try:
            text = part.get_content() if part is not None else ""
        except (LookupError, ValueError):
            continue
        runs = []
        for line in text.split("\n"):
            if line.startswith((">", "-- ")) or line.strip() == "--":
                if line.strip() in ("--", "-- "):
                    break
                continue
            words = line.split()
            for start in range(len(words) - 2):
                run = words[start:start + 3]
                if all(re.fullmatch(r"[A-Za-z]{5,}", w) for w in run) and len(set(run)) == 3:
                    runs.append(" ".join(run))
        if runs:
            phrases.append(rng.choice(runs))
        if len(phrases) == count:
            break
    return phrases


def configured_sub_issues():
    """The sub-issue ids of CONFIGURATION: only they have pages (any other answers 404)."""
    return re.findall(r"\{id: ([a-z0-9-]+),", CONFIGURATION)


def praxis_paths(database, messages, rng):
    store = sqlite3.connect(f"file:{database}?mode=ro", uri=True)
    ids = [row[0] for row in store.execute("SELECT message_id FROM posts WHERE kind = 'post' AND message_id IS NOT NULL")]
    big = [row[0] for row in store.execute(
        "SELECT p.message_id FROM posts p JOIN threads t ON t.id = p.thread_id "
        "WHERE t.post_count >= 30 AND p.kind = 'post' AND p.message_id IS NOT NULL")]
    threads = dict(store.execute(
        "SELECT sub_issue, COUNT(DISTINCT thread_id) FROM posts WHERE kind = 'post' AND message_id IS NOT NULL "
        "GROUP BY sub_issue"))
    store.close()
    subs = configured_sub_issues()
    quote = lambda mid: urllib.parse.quote(mid, safe="@!$&'()*+,;=-._~")
    phrases = rare_phrases(messages, 240, rng)
    # Every page that exists (50 threads a page, ArchiveSite.threadsPerPage), cycled to 200+ URLs.
    pages = [f"/s/{sub}/" + (f"?page={n}" if n > 1 else "") for sub in subs
             for n in range(1, (threads.get(sub, 0) + 49) // 50 + 1)]
    return {
        "message": [f"/m/{quote(m)}/" for m in rng.sample(ids, 400)],
        "thread (30+ posts)": [f"/t/{quote(m)}/" for m in rng.sample(big, min(400, len(big)))],
        "sub-issue index": pages,
        f"search \"{COMMON_WORD}\"": [f"/search?q={COMMON_WORD}&page={n}" for n in range(1, 201)],
        "search rare phrase": ["/search?q=" + urllib.parse.quote(f'"{p}"') for p in phrases],
        # Praxis has one feed per community and per sub-issue: these are all of them.
        "Atom feed": ["/feed.atom"] + [f"/s/{sub}/feed.atom" for sub in subs],
    }, len(big)


def public_inbox_paths(messages, praxis, rng):
    """The same requests in public-inbox's URL layout (its inbox is named `bench`)."""
    def to_pi(path):
        if path.startswith("/m/"):
            return "/bench/" + path[3:]
        if path.startswith("/t/"):
            return "/bench/" + path[3:] + "T/"
        if path.startswith("/search"):
            query = urllib.parse.parse_qs(urllib.parse.urlparse(path).query)
            return "/bench/?q=" + urllib.parse.quote(query["q"][0]) + "&o=" + str(int(query.get("page", ["1"])[0]) * 200 - 200)
        return path
    start = datetime(2026, 1, 20, tzinfo=timezone.utc)
    return {
        "message": [to_pi(p) for p in praxis["message"]],
        "thread (30+ posts)": [to_pi(p) for p in praxis["thread (30+ posts)"]],
        "sub-issue index": [f"/bench/?t={(start - timedelta(days=9 * n)).strftime('%Y%m%d%H%M%S')}" for n in range(300)],
        f"search \"{COMMON_WORD}\"": [to_pi(p) for p in praxis[f"search \"{COMMON_WORD}\""]],
        "search rare phrase": [to_pi(p) for p in praxis["search rare phrase"]],
        "Atom feed": ["/bench/new.atom"] + ["/bench/" + p[3:] + "t.atom" for p in praxis["thread (30+ posts)"][:250]],
    }


def run_praxis(args, work, messages, mbox):
    root = os.path.join(work, "praxis")
    os.makedirs(root)
    port = free_port()
    config = os.path.join(root, "praxis.yaml")
    with open(config, "w") as out:
        out.write(CONFIGURATION.format(root=root, port=port))
    indexing = timed_run([args.praxis, "import", "mbox", mbox, "--config", config], stdout=subprocess.DEVNULL)
    server = subprocess.Popen([args.praxis, "web", "--config", config])
    try:
        wait_for(f"http://127.0.0.1:{port}/")
        paths, big = praxis_paths(os.path.join(root, "praxis.sqlite"), messages, random.Random(0))
        results = {kind: load(f"http://127.0.0.1:{port}", urls, "praxis", work, args.seconds, args.connections, server.pid)
                   for kind, urls in paths.items()}
        for kind, figures in results.items():
            if kind.startswith("search") and figures.get("skipped"):
                for order in ("newest", "best"):
                    figures[f"cli {order}"] = cli_search_latency(args.praxis, config, paths[kind], order)
        return indexing, results, peak_rss_mb(server.pid), paths, big
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)


def cli_search_latency(praxis, config, urls, order):
    """`praxis search` run once per URL's query and page, each timed whole (wall, and the child's
    CPU from wait4), beside the same command for a word no post holds: the difference is the
    search itself, as the search page will run it (the same store function), without HTTP."""
    def timed(query, page):
        started = time.monotonic()
        child = subprocess.Popen([praxis, "search", query, "--page", str(page), "--order", order, "--config", config],
                                 stdout=subprocess.DEVNULL)
        _, status, usage = os.wait4(child.pid, 0)
        if os.waitstatus_to_exitcode(status) != 0:
            sys.exit(f"archive-load: praxis search {query!r} failed")
        return time.monotonic() - started, usage.ru_utime + usage.ru_stime
    queries = []
    for url in urls:
        query = urllib.parse.parse_qs(urllib.parse.urlparse(url).query)
        queries.append((query["q"][0], int(query.get("page", ["1"])[0])))
    empty = sorted(timed("zzzqqxnohit", 1)[1] for _ in range(20))
    baseline = empty[len(empty) // 2]
    cpu = sorted(max(0.0, timed(q, page)[1] - baseline) * 1000 for q, page in queries)
    pick = lambda share: cpu[min(len(cpu) - 1, int(share * len(cpu)))]
    return {"queries": len(queries), "p50": pick(0.5), "p99": pick(0.99), "max": cpu[-1], "startup": baseline * 1000}


PERL_IMPORT = r"""
use strict; use PublicInbox::Git; use PublicInbox::Import; use PublicInbox::Eml;
my ($dir, $list) = @ARGV;
my $git = PublicInbox::Git->new($dir);
my $im = PublicInbox::Import->new($git, 'bench', 'bench@lists.example.org');
open my $fh, '<', $list or die "open $list: $!";
while (my $path = <$fh>) {
    chomp $path;
    open my $m, '<', $path or die "open $path: $!";
    my $raw = do { local $/; <$m> };
    $im->add(PublicInbox::Eml->new(\$raw));
}
$im->done;
"""


def run_public_inbox(args, work, messages, praxis_paths_by_kind):
    root = os.path.join(work, "public-inbox")
    files = os.path.join(root, "messages")
    os.makedirs(files)
    listing = os.path.join(root, "list.txt")
    with open(listing, "w") as out:
        for number, message in enumerate(messages):
            path = os.path.join(files, f"{number:06d}.eml")
            with open(path, "wb") as m:
                m.write(message)
            out.write(path + "\n")
    env = dict(os.environ, PI_CONFIG=os.path.join(root, "config"), HOME=root)
    inbox = os.path.join(root, "bench")
    port = free_port()
    subprocess.run(["public-inbox-init", "-V1", "bench", inbox, f"http://127.0.0.1:{port}/bench",
                    "bench@lists.example.org"], check=True, env=env)
    script = os.path.join(root, "import.pl")
    with open(script, "w") as out:
        out.write(PERL_IMPORT)
    subprocess.run(["perl", script, inbox, listing], check=True, env=env)
    indexing = timed_run(["public-inbox-index", inbox], env=env, stdout=subprocess.DEVNULL)
    server = subprocess.Popen(["public-inbox-httpd", "-l", f"127.0.0.1:{port}"], env=env)
    try:
        wait_for(f"http://127.0.0.1:{port}/bench/")
        paths = public_inbox_paths(messages, praxis_paths_by_kind, random.Random(0))
        results = {kind: load(f"http://127.0.0.1:{port}", urls, "public-inbox", work, args.seconds, args.connections, server.pid)
                   for kind, urls in paths.items()}
        return indexing, results, peak_rss_mb(server.pid)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--praxis", required=True)
    parser.add_argument("--corpora", default=os.path.join(HERE, "..", "..", "shared", "corpora"))
    parser.add_argument("--seconds", type=int, default=20)
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--skip-public-inbox", action="store_true")
    parser.add_argument("--keep", help="build in this folder and keep it")
    args = parser.parse_args()
    for tool in ["wrk"] + ([] if args.skip_public_inbox else ["public-inbox-index", "public-inbox-httpd"]):
        if shutil.which(tool) is None:
            sys.exit(f"archive-load: {tool} is not installed (apt-get install wrk public-inbox)")
    if not os.path.isdir(args.corpora):
        sys.exit(f"archive-load: no corpora at {args.corpora}")
    work = args.keep or tempfile.mkdtemp(prefix="archive-load-")
    os.makedirs(work, exist_ok=True)
    try:
        messages = assemble(args.corpora)
        mbox = os.path.join(work, "archive.mbox")
        write_mbox(messages, mbox)
        print(f"{len(messages):,} messages, {os.path.getsize(mbox) / 1e6:.0f} MB as mbox; load {os.getloadavg()[0]:.1f}")
        indexing, praxis, rss, paths, big = run_praxis(args, work, messages, mbox)
        print(f"praxis import (posts and search index): {indexing[0]:.1f} s, CPU {indexing[1]:.1f} s; {big} messages in threads of 30+ posts; peak RSS {rss:.0f} MB")
        pi = None
        if not args.skip_public_inbox:
            pi = run_public_inbox(args, work, messages, paths)
            print(f"public-inbox-index: {pi[0][0]:.1f} s, CPU {pi[0][1]:.1f} s; peak RSS {pi[2]:.0f} MB")
        print()
        print("| page | URLs | praxis req/s | p50 / p99 | CPU ms/req | non-2xx | public-inbox req/s | p50 / p99 | CPU ms/req | ratio | load |")
        print("|---|---|---|---|---|---|---|---|---|---|---|")
        for kind, figures in praxis.items():
            other = pi[1][kind] if pi else None
            if figures.get("skipped"):
                print(f"| {kind} | {figures['urls']} | skipped: 404 on this build | | | | | | | | |")
                continue
            ratio = f"{figures['rps'] / other['rps']:.1f}x" if other and other.get("rps") else "—"
            other_text = (f"{other['rps']:,.0f} | {other['p50']} / {other['p99']} | {other['cpu_ms']:.2f}"
                          if other and not other.get("skipped") else "— | — | —")
            loads = f"{figures['load']:.1f}" + (f", {other['load']:.1f}" if other and not other.get("skipped") else "")
            print(f"| {kind} | {figures['urls']} | {figures['rps']:,.0f} | {figures['p50']} / {figures['p99']} | "
                  f"{figures['cpu_ms']:.2f} | {figures['non2xx']} | {other_text} | {ratio} | {loads} |")
        for kind, figures in praxis.items():
            for order in ("newest", "best"):
                cli = figures.get(f"cli {order}")
                if cli:
                    print(f"\n`praxis search`, {kind}, {order} first: {cli['queries']} queries, CPU beyond start-up "
                          f"({cli['startup']:.0f} ms) p50 {cli['p50']:.1f} ms, p99 {cli['p99']:.1f} ms, max {cli['max']:.1f} ms")
        if pi:
            print(f"\nindexing: praxis {indexing[0]:.1f} s (CPU {indexing[1]:.1f} s), public-inbox-index {pi[0][0]:.1f} s "
                  f"(CPU {pi[0][1]:.1f} s): {pi[0][0] / indexing[0]:.1f}x by wall, {pi[0][1] / max(indexing[1], 0.001):.1f}x by CPU")
        print(f"peak RSS: praxis web {rss:.0f} MB" + (f", public-inbox-httpd {pi[2]:.0f} MB" if pi else ""))
    finally:
        if not args.keep:
            shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
