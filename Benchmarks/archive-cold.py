#!/usr/bin/env python3
"""Server CPU per request of archive pages asked for the first time (cold), then again.

    python3 Benchmarks/archive-cold.py --praxis BIN --config DIR/praxis/praxis.yaml URLS.txt...

For a store that `archive-load.py --keep DIR` built (its `praxis.yaml` and `urls-praxis-N.txt`
files): starts `praxis web` on it, asks for every URL of each file once, one request at a time
(so none is served from the page cache, and nothing else is queued), and prints the server's CPU
per request (user + system from /proc, every thread); then asks for the same URLs again (what
the caches make of them). wrk's figures mix both: its connections cycle over the same URLs, so
after the first pass a page type with few URLs is mostly cache hits.

Useful URL lists besides archive-load's: `/search?q=WORD` for a few hundred different common
words (each a search nobody asked for yet), and `/search?q=kernel&page=N` for N = 1-200 (paging
through one common word). `--write-lists DIR` writes those of issue 19's cold figures from the
store the configuration names, and exits:

- `cold-threads.txt`: the thread pages of the 150 threads with the most posts (in the benchmark's
  archive 59 of them have 30 or more), by their first post's Message-ID;
- `cold-words.txt`: the first page of a search for each word the index holds in 2,000-10,000
  posts (ASCII letters, 4+ of them), newest first; `cold-words-best.txt` the same, best first;
- `cold-kernel.txt`: "kernel", pages 1-200.
"""
import argparse
import os
import signal
import sqlite3
import subprocess
import time
import urllib.parse
import urllib.request


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def config_value(config, key):
    """The value of the first `key:` line of the configuration (`listen`, `database`)."""
    with open(config) as text:
        for line in text:
            if line.strip().startswith(key + ":"):
                return line.split(key + ":", 1)[1].strip()
    raise SystemExit(f"archive-cold: no {key} in {config}")


def write_lists(config, folder):
    store = sqlite3.connect(f"file:{config_value(config, 'database')}?mode=ro", uri=True)
    quote = lambda mid: urllib.parse.quote(mid, safe="@!$&'()*+,;=-._~")
    threads = [row[0] for row in store.execute(
        "SELECT (SELECT f.message_id FROM posts f WHERE f.thread_id = p.thread_id AND f.kind = 'post' "
        "AND f.message_id IS NOT NULL ORDER BY f.id LIMIT 1) FROM posts p "
        "WHERE p.kind = 'post' AND p.message_id IS NOT NULL GROUP BY p.thread_id "
        "ORDER BY COUNT(*) DESC, p.thread_id LIMIT 150")]
    store.execute("CREATE VIRTUAL TABLE temp.words USING fts5vocab(main, 'post_search', 'row')")
    words = [row[0] for row in store.execute(
        "SELECT term FROM temp.words WHERE doc BETWEEN 2000 AND 10000 AND length(term) >= 4 ORDER BY term")
        if row[0].isascii() and row[0].isalpha()]
    store.close()
    lists = {
        "cold-threads.txt": [f"/t/{quote(m)}/" for m in threads],
        "cold-words.txt": [f"/search?q={w}" for w in words],
        "cold-words-best.txt": [f"/search?q={w}&order=best" for w in words],
        "cold-kernel.txt": [f"/search?q=kernel&page={n}" for n in range(1, 201)],
    }
    for name, urls in lists.items():
        with open(os.path.join(folder, name), "w") as out:
            out.write("".join(url + "\n" for url in urls))
        print(f"{name}: {len(urls)} URLs")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--praxis", required=True)
    parser.add_argument("--config", required=True)
    parser.add_argument("--write-lists", metavar="DIR", help="write the cold URL lists from the store into DIR, and exit")
    parser.add_argument("urls", nargs="*", help="files of URL paths, one a line")
    args = parser.parse_args()
    if args.write_lists:
        return write_lists(args.config, args.write_lists)
    if not args.urls:
        parser.error("no URL lists given")
    base = "http://" + config_value(args.config, "listen")
    server = subprocess.Popen([args.praxis, "web", "--config", args.config])
    try:
        for _ in range(150):
            try:
                urllib.request.urlopen(base + "/", timeout=5).read()
                break
            except OSError:
                time.sleep(0.2)
        for path in args.urls:
            with open(path) as listing:
                urls = [line.strip() for line in listing if line.strip()]
            for label in ("first time", "again"):
                before, load, failed = cpu_seconds(server.pid), os.getloadavg()[0], 0
                for url in urls:
                    try:
                        urllib.request.urlopen(base + url, timeout=120).read()
                    except OSError:
                        failed += 1
                cpu = cpu_seconds(server.pid) - before
                print(f"{os.path.basename(path)}, {label}: {len(urls)} URLs, {1000 * cpu / len(urls):.2f} ms CPU/request, "
                      f"{failed} failed, load {load:.1f}", flush=True)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait(timeout=60)


if __name__ == "__main__":
    main()
