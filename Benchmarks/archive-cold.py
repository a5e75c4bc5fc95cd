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
through one common word).
"""
import argparse
import os
import signal
import subprocess
import time
import urllib.request


def cpu_seconds(pid):
    with open(f"/proc/{pid}/stat") as stat:
        fields = stat.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def listen_address(config):
    with open(config) as text:
        for line in text:
            if line.strip().startswith("listen:"):
                return line.split("listen:", 1)[1].strip()
    raise SystemExit(f"archive-cold: no web.listen in {config}")


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--praxis", required=True)
    parser.add_argument("--config", required=True)
    parser.add_argument("urls", nargs="+", help="files of URL paths, one a line")
    args = parser.parse_args()
    base = "http://" + listen_address(args.config)
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
