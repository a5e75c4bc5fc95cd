#!/usr/bin/env python3
"""Soak test: the release `praxis run` under a steady mix of mail for a long time (issue 16).

    swift build -c release                       # in the repository: the binary under test
    python3 Benchmarks/soak.py --minutes 30      # from the repository, or give --praxis PATH

Builds nothing. In a fresh temporary folder it writes a configuration, a maildir and a store with
members, starts an SMTP server on 127.0.0.1 inside this script (it accepts everything and counts
what it gets), and starts `praxis run` with its `smtp.url` pointing there. Then, for --minutes:

- it delivers a steady mix into Maildir/new the maildir way (tmp/, then rename): posts from
  members (some replies, now and then one with a 1 MB attachment), posts from non-members (held
  for moderation), email commands to the request address, and bounces (RFC 3464 reports to a
  member's VERP address);
- every --digest-minutes it runs `praxis digest send --schedule weekly --now` beside the daemon,
  as an operator or cron would;
- every --hup-minutes it sends the daemon SIGHUP (reload);
- every --sample-seconds it reads the daemon's RSS (/proc/PID/status VmRSS), its open file
  descriptors (/proc/PID/fd) and the store's size on disk.

Then it stops feeding, waits for Maildir/new to empty and the outbox to drain, stops the daemon
with SIGTERM and checks that every message fed is accounted for (recorded as a post, held post,
command, bounce or automatic reply, noted as a duplicate, or quarantined; none left in new/), that
nothing is left queued or failed in the outbox, and that the SMTP server got every message the
outbox marked sent. It prints a table of the samples and a summary; exit status 1 when an
accounting check fails or the daemon died, 0 otherwise (the RSS and fd verdicts are printed,
judged by the reader: a shared machine makes RSS noisy).
"""

import argparse
import os
import random
import shutil
import signal
import socket
import socketserver
import sqlite3
import subprocess
import sys
import tempfile
import threading
import time
from email.utils import formatdate

LIST = "soak@lists.example.org"
REQUEST = "soak-request@lists.example.org"
OWNER = "soak-owner@lists.example.org"
BOUNCES = "soak-bounces@lists.example.org"
MODERATOR = "moderator@example.org"


# --- the SMTP server ------------------------------------------------------------------------------

class Counts:
    def __init__(self):
        self.lock = threading.Lock()
        self.messages = 0          # transactions accepted (one per outbox row: one recipient each)
        self.recipients = 0
        self.bytes = 0
        self.sessions = 0


COUNTS = Counts()


class SMTPHandler(socketserver.StreamRequestHandler):
    """Just enough ESMTP for libcurl: PIPELINING, 8BITMIME, SIZE; accepts everything."""

    def handle(self):
        with COUNTS.lock:
            COUNTS.sessions += 1
        self.wfile.write(b"220 soak ESMTP\r\n")
        recipients = 0
        while True:
            line = self.rfile.readline()
            if not line:
                return
            verb = line[:4].upper()
            if verb in (b"EHLO",):
                self.wfile.write(b"250-soak\r\n250-PIPELINING\r\n250-8BITMIME\r\n250-SIZE 104857600\r\n250 SMTPUTF8\r\n")
            elif verb == b"HELO" or verb == b"NOOP":
                self.wfile.write(b"250 Ok\r\n")
            elif verb == b"MAIL":
                recipients = 0
                self.wfile.write(b"250 2.1.0 Ok\r\n")
            elif verb == b"RCPT":
                recipients += 1
                self.wfile.write(b"250 2.1.5 Ok\r\n")
            elif verb == b"RSET":
                recipients = 0
                self.wfile.write(b"250 Ok\r\n")
            elif verb == b"DATA":
                self.wfile.write(b"354 go ahead\r\n")
                self.wfile.flush()
                size = 0
                while True:
                    data = self.rfile.readline()
                    if not data:
                        return
                    if data == b".\r\n" or data == b".\n":
                        break
                    size += len(data)
                with COUNTS.lock:
                    COUNTS.messages += 1
                    COUNTS.recipients += recipients
                    COUNTS.bytes += size
                recipients = 0
                self.wfile.write(b"250 2.0.0 Ok: queued\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 2.0.0 Bye\r\n")
                return
            else:
                self.wfile.write(b"502 5.5.2 not recognised\r\n")
            self.wfile.flush()


class SMTPServer(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True


# --- the community --------------------------------------------------------------------------------

def configuration(smtp_port):
    return f"""community:
  name: Soak CoP
  list_address: {LIST}
  request_address: {REQUEST}
  owner_address: {OWNER}
  bounce_address: {BOUNCES}
  timezone: UTC
paths:
  maildir: Maildir
  database: praxis.sqlite
smtp:
  url: smtp://127.0.0.1:{smtp_port}
  tls: off
  connections: 2
  connect_timeout: 5
sub_issues:
  - id: general
    name: General
  - id: cycling
    name: Cycling infrastructure
    keywords: [bike lane, cycle path, bicycle, cycling]
  - id: parking
    name: Parking and kerbside
    keywords: [parking, kerbside, loading zone]
circles:
  core: [{MODERATOR}]
delivery:
  inner: immediate
  outer: digest
digests:
  - {{name: weekly, schedule: "weekly mon 07:00", audience: outer, format: html}}
log_level: notice
"""


def member_address(index):
    return f"member{index}@example.org"


class Feeder:
    """Writes the mix into the maildir; remembers what it fed."""

    def __init__(self, folder, members, immediate, seed):
        self.folder = folder
        self.members = members
        self.immediate = immediate
        self.random = random.Random(seed)
        self.fed = {"post": 0, "held": 0, "command": 0, "bounce": 0, "large": 0}
        self.count = 0
        self.message_ids = []
        self.attachment = None

    def deliver(self, text):
        self.count += 1
        name = f"{int(time.time())}.M{self.count:08d}P{os.getpid()}.soak.example.org"
        temporary = os.path.join(self.folder, "Maildir", "tmp", name)
        with open(temporary, "wb") as handle:
            handle.write(text.encode("utf-8") if isinstance(text, str) else text)
        os.rename(temporary, os.path.join(self.folder, "Maildir", "new", name))

    def header(self, sender, to, subject, message_id, extra=""):
        return (f"From: {sender}\nTo: {to}\nSubject: {subject}\nDate: {formatdate(localtime=False)}\n"
                f"Message-ID: <{message_id}>\nMIME-Version: 1.0\n{extra}")

    def topic(self):
        return self.random.choice([
            ("bike lane", "The new bike lane on the ring road is open; cycling counts doubled."),
            ("parking", "Kerbside parking permits: we moved the loading zone to the side street."),
            ("general", "A question for everyone: how do you run your quarterly review?"),
        ])

    def member_post(self):
        author = self.random.randrange(self.members)
        keyword, text = self.topic()
        message_id = f"soak-{self.count}-{self.random.getrandbits(32):08x}@example.org"
        extra = ""
        subject = f"About the {keyword}, note {self.count}"
        if self.message_ids and self.random.random() < 0.4:
            parent = self.random.choice(self.message_ids[-50:])
            extra = f"In-Reply-To: <{parent}>\nReferences: <{parent}>\n"
            subject = "Re: " + subject
        self.message_ids.append(message_id)
        self.fed["post"] += 1
        return (self.header(f"Member {author} <{member_address(author)}>", LIST, subject, message_id,
                            extra + "Content-Type: text/plain; charset=utf-8\n")
                + f"\nHello all,\n{text}\nIteration {self.count}, written by member {author}.\n\n-- \nMember {author}\n")

    def large_post(self):
        """A post with a 1 MB attachment: stored once, sent to every immediate member."""
        if self.attachment is None:
            import base64
            raw = random.Random(16).randbytes(768 * 1024)
            self.attachment = base64.encodebytes(raw).decode("ascii")
        author = self.random.randrange(self.members)
        message_id = f"soak-large-{self.count}@example.org"
        self.message_ids.append(message_id)
        self.fed["post"] += 1
        self.fed["large"] += 1
        return (self.header(f"Member {author} <{member_address(author)}>", LIST, f"Cycling survey data {self.count}",
                            message_id, 'Content-Type: multipart/mixed; boundary="soak"\n')
                + "\n--soak\nContent-Type: text/plain; charset=utf-8\n\nThe bicycle counts are attached.\n"
                + '--soak\nContent-Type: application/octet-stream; name="counts.bin"\n'
                + "Content-Transfer-Encoding: base64\n\n" + self.attachment + "--soak--\n")

    def stranger_post(self):
        message_id = f"soak-held-{self.count}@elsewhere.example"
        self.fed["held"] += 1
        return (self.header(f"Stranger <stranger{self.count % 97}@elsewhere.example>", LIST,
                            f"Offer number {self.count}", message_id, "Content-Type: text/plain\n")
                + "\nHello, we sell bicycles and parking meters at good prices.\n")

    def command(self):
        member = self.random.randrange(self.members)
        verb = self.random.choice(["help", "whoami", "set digest weekly"])
        self.fed["command"] += 1
        return (self.header(f"<{member_address(member)}>", REQUEST, verb, f"soak-cmd-{self.count}@example.org",
                            "Content-Type: text/plain\n") + f"\n{verb}\n")

    def bounce(self):
        # Members outside the immediate group, each a few times at most, so nobody is disabled.
        member = self.immediate + (self.fed["bounce"] % (self.members - self.immediate))
        address = member_address(member)
        verp = BOUNCES.replace("@", f"+{address.replace('@', '=')}@")
        self.fed["bounce"] += 1
        return (f"From: Mail Delivery System <MAILER-DAEMON@mx.example.org>\nTo: {verp}\nDelivered-To: {verp}\n"
                f"Subject: Undelivered Mail Returned to Sender\nDate: {formatdate(localtime=False)}\n"
                f"Message-ID: <soak-bounce-{self.count}@mx.example.org>\nMIME-Version: 1.0\n"
                'Content-Type: multipart/report; report-type=delivery-status; boundary="dsn"\n\n'
                "--dsn\nContent-Type: text/plain\n\nThe mailbox was full for a while.\n"
                "--dsn\nContent-Type: message/delivery-status\n\nReporting-MTA: dns; mx.example.org\n\n"
                f"Final-Recipient: rfc822; {address}\nAction: delayed\nStatus: 4.2.2\n"
                "Diagnostic-Code: smtp; 452 4.2.2 Mailbox full\n--dsn--\n")

    def next(self):
        """One message of the mix: 6 of 10 member posts, 2 non-member, 1 command, 1 bounce."""
        if self.count % 100 == 50:
            return self.large_post()
        roll = self.count % 10
        if roll < 6:
            return self.member_post()
        if roll < 8:
            return self.stranger_post()
        if roll == 8:
            return self.command()
        return self.bounce()


# --- measuring ------------------------------------------------------------------------------------

def rss_kib(pid):
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def open_fds(pid):
    return len(os.listdir(f"/proc/{pid}/fd"))


def file_bytes(folder, name):
    path = os.path.join(folder, name)
    return os.path.getsize(path) if os.path.exists(path) else 0


def query(folder, sql):
    connection = sqlite3.connect(f"file:{os.path.join(folder, 'praxis.sqlite')}?mode=ro", uri=True, timeout=30)
    try:
        return connection.execute(sql).fetchall()
    finally:
        connection.close()


def slope_per_hour(samples):
    """Least-squares slope of (seconds, value) pairs, per hour."""
    if len(samples) < 2:
        return 0.0
    n = len(samples)
    mean_t = sum(t for t, _ in samples) / n
    mean_v = sum(v for _, v in samples) / n
    var = sum((t - mean_t) ** 2 for t, _ in samples)
    if var == 0:
        return 0.0
    return sum((t - mean_t) * (v - mean_v) for t, v in samples) / var * 3600


def main():
    parser = argparse.ArgumentParser(description="Soak test of the release praxis run (see the file's header).")
    here = os.path.dirname(os.path.abspath(__file__))
    parser.add_argument("--minutes", type=float, default=30)
    parser.add_argument("--praxis", default=os.path.join(here, "..", ".build", "release", "praxis"))
    parser.add_argument("--rate", type=float, default=2.0, help="messages fed per second (default 2)")
    parser.add_argument("--members", type=int, default=200)
    parser.add_argument("--immediate", type=int, default=20, help="members who get posts at once (default 20)")
    parser.add_argument("--sample-seconds", type=float, default=15)
    parser.add_argument("--hup-minutes", type=float, default=5)
    parser.add_argument("--digest-minutes", type=float, default=3)
    parser.add_argument("--warm-up-minutes", type=float, default=None,
                        help="samples before this are not judged (default: a sixth of the run, at least 1)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary folder")
    parser.add_argument("--seed", type=int, default=16)
    arguments = parser.parse_args()
    praxis = os.path.abspath(arguments.praxis)
    if not os.access(praxis, os.X_OK):
        sys.exit(f"soak: no praxis executable at {praxis} (swift build -c release, or --praxis PATH)")
    warm_up = arguments.warm_up_minutes if arguments.warm_up_minutes is not None else max(1.0, arguments.minutes / 6)

    folder = tempfile.mkdtemp(prefix="praxis-soak-")
    for sub in ("tmp", "new", "cur"):
        os.makedirs(os.path.join(folder, "Maildir", sub))
    server = SMTPServer(("127.0.0.1", 0), SMTPHandler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    config = os.path.join(folder, "praxis.yaml")
    with open(config, "w") as handle:
        handle.write(configuration(server.server_address[1]))

    # Members through the binary (CSV import), before the daemon starts; the first --immediate of
    # them get every post at once, the others read the weekly digest.
    csv = os.path.join(folder, "members.csv")
    with open(csv, "w") as handle:
        handle.write("address,name,role,delivery,pinned\n")
        for index in range(arguments.members):
            delivery = "immediate" if index < arguments.immediate else "digest"
            handle.write(f"{member_address(index)},Member {index},,{delivery},\n")
    subprocess.run([praxis, "members", "import", csv, "--config", config], check=True, stdout=subprocess.DEVNULL)

    log = open(os.path.join(folder, "praxis-run.log"), "wb")
    daemon = subprocess.Popen([praxis, "run", "--config", config], stdout=log, stderr=log, stdin=subprocess.DEVNULL)
    print(f"soak: praxis run (pid {daemon.pid}) in {folder}, SMTP server on port {server.server_address[1]}, "
          f"{arguments.minutes:g} min at {arguments.rate:g} msg/s, {arguments.members} members "
          f"({arguments.immediate} immediate); load average {os.getloadavg()[0]:.1f}", flush=True)

    feeder = Feeder(folder, arguments.members, arguments.immediate, arguments.seed)
    start = time.monotonic()
    end = start + arguments.minutes * 60
    next_message = start
    next_sample = start
    next_hup = start + arguments.hup_minutes * 60
    next_digest = start + arguments.digest_minutes * 60
    samples = []   # (seconds, rss KiB, fds, database bytes, WAL bytes, fed, smtp messages, load)
    hups = 0
    digests = 0
    digest_failures = 0
    failure = None
    # The WAL grows to wal_autocheckpoint (128 MiB) before it is copied back and cut to 64 MiB,
    # so it is shown apart from the database file.
    print(f"{'min':>6} {'RSS MB':>8} {'fds':>5} {'db MB':>7} {'WAL MB':>7} {'fed':>6} {'smtp':>7} {'load':>5}", flush=True)
    try:
        while True:
            now = time.monotonic()
            if daemon.poll() is not None:
                failure = f"praxis run exited with status {daemon.returncode} during the run"
                break
            if now >= next_sample:
                with COUNTS.lock:
                    sent = COUNTS.messages
                sample = (now - start, rss_kib(daemon.pid), open_fds(daemon.pid), file_bytes(folder, "praxis.sqlite"),
                          file_bytes(folder, "praxis.sqlite-wal"), feeder.count, sent, os.getloadavg()[0])
                samples.append(sample)
                print(f"{sample[0] / 60:6.1f} {sample[1] / 1024:8.1f} {sample[2]:5d} {sample[3] / 1e6:7.1f} "
                      f"{sample[4] / 1e6:7.1f} {sample[5]:6d} {sample[6]:7d} {sample[7]:5.1f}", flush=True)
                next_sample += arguments.sample_seconds
            if now >= end:
                break
            if now >= next_hup:
                daemon.send_signal(signal.SIGHUP)
                hups += 1
                next_hup += arguments.hup_minutes * 60
            if now >= next_digest:
                result = subprocess.run([praxis, "digest", "send", "--schedule", "weekly", "--now", "--config", config],
                                        stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
                digests += 1
                if result.returncode != 0:
                    digest_failures += 1
                    print(f"soak: digest send failed: {result.stderr.decode(errors='replace').strip()}", flush=True)
                next_digest += arguments.digest_minutes * 60
            while next_message <= now:
                feeder.deliver(feeder.next())
                next_message += 1 / arguments.rate
            time.sleep(max(0.0, min(next_message, next_sample, end) - time.monotonic()))
    except KeyboardInterrupt:
        failure = "interrupted"

    # Drain: everything fed recorded, everything queued sent.
    drain_start = time.monotonic()
    drained = False
    while failure is None and time.monotonic() - drain_start < 300:
        left = len(os.listdir(os.path.join(folder, "Maildir", "new")))
        waiting = query(folder, "SELECT count(*) FROM outbox WHERE state IN ('queued','sending')")[0][0]
        if left == 0 and waiting == 0:
            drained = True
            break
        time.sleep(1)
    drain_seconds = time.monotonic() - drain_start
    final_rss = rss_kib(daemon.pid) if daemon.poll() is None else 0
    final_fds = open_fds(daemon.pid) if daemon.poll() is None else 0
    if daemon.poll() is None:
        daemon.send_signal(signal.SIGTERM)
        try:
            daemon.wait(timeout=120)
        except subprocess.TimeoutExpired:
            daemon.kill()
            daemon.wait()
            failure = failure or "praxis run did not stop within 120 s of SIGTERM"
    stopped = daemon.returncode
    server.shutdown()

    # Accounting.
    kinds = dict(query(folder, "SELECT kind, count(*) FROM posts GROUP BY kind"))
    duplicates = query(folder, "SELECT count(*) FROM duplicates")[0][0]
    quarantined = query(folder, "SELECT count(*) FROM quarantine")[0][0]
    outbox = dict(query(folder, "SELECT state, count(*) FROM outbox GROUP BY state"))
    outbox_kinds = dict(query(folder, "SELECT kind, count(*) FROM outbox GROUP BY kind"))
    bodies = query(folder, "SELECT count(*), coalesce(sum(length(bytes)), 0) FROM outbox_bodies")[0] \
        if query(folder, "SELECT count(*) FROM sqlite_master WHERE name = 'outbox_bodies'")[0][0] else (0, 0)
    left_in_new = len(os.listdir(os.path.join(folder, "Maildir", "new")))
    in_cur = len(os.listdir(os.path.join(folder, "Maildir", "cur")))
    recorded = sum(kinds.values())
    accounted = recorded + duplicates + quarantined

    judged = [s for s in samples if s[0] >= warm_up * 60]
    print()
    print(f"fed {feeder.count} messages in {arguments.minutes:g} min: {feeder.fed['post']} member posts "
          f"({feeder.fed['large']} with a 1 MB attachment), {feeder.fed['held']} from non-members, "
          f"{feeder.fed['command']} commands, {feeder.fed['bounce']} bounces; {hups} SIGHUP, "
          f"{digests} digest runs ({digest_failures} failed)")
    print(f"recorded {recorded} ({', '.join(f'{k} {v}' for k, v in sorted(kinds.items()))}), duplicates {duplicates}, "
          f"quarantined {quarantined}; left in new/ {left_in_new}, in cur/ {in_cur}")
    print(f"outbox: {', '.join(f'{k} {v}' for k, v in sorted(outbox.items()))} "
          f"({', '.join(f'{k} {v}' for k, v in sorted(outbox_kinds.items()))}); shared bodies {bodies[0]} "
          f"({bodies[1] / 1e6:.1f} MB); SMTP server got {COUNTS.messages} messages, {COUNTS.bytes / 1e6:.1f} MB, "
          f"over {COUNTS.sessions} sessions; drained in {drain_seconds:.0f} s; praxis run exit {stopped}")
    if judged:
        rss = [s[1] / 1024 for s in judged]
        fds = [s[2] for s in judged]
        halves = len(judged) // 2 or 1
        print(f"after the {warm_up:g}-minute warm-up ({len(judged)} samples): RSS {min(rss):.1f}-{max(rss):.1f} MB, "
              f"mean of first half {sum(rss[:halves]) / halves:.1f} MB, of second half "
              f"{sum(rss[halves:]) / max(1, len(rss) - halves):.1f} MB, slope {slope_per_hour([(s[0], s[1] / 1024) for s in judged]):+.1f} MB/h; "
              f"fds {min(fds)}-{max(fds)}; at the end RSS {final_rss / 1024:.1f} MB, fds {final_fds}")
        print(f"load average during the run: {min(s[7] for s in samples):.1f}-{max(s[7] for s in samples):.1f}; "
              f"database file {samples[-1][3] / 1e6:.1f} MB at the end")

    problems = []
    if failure:
        problems.append(failure)
    if not drained and failure is None:
        problems.append("not drained within 300 s")
    if accounted != feeder.count:
        problems.append(f"{feeder.count} fed but {accounted} accounted for")
    if left_in_new:
        problems.append(f"{left_in_new} left in new/")
    if outbox.get("queued", 0) or outbox.get("sending", 0) or outbox.get("failed", 0):
        problems.append(f"outbox not all sent: {outbox}")
    if COUNTS.messages != outbox.get("sent", 0):
        problems.append(f"the server got {COUNTS.messages} messages, the outbox says {outbox.get('sent', 0)} sent")
    if stopped != 0:
        problems.append(f"praxis run exited {stopped} after SIGTERM")
    if problems:
        print("FAILED: " + "; ".join(problems))
    else:
        print("OK: every message accounted for, the outbox all sent and received")
    log.close()
    if arguments.keep or problems:
        print(f"kept {folder} (praxis-run.log there)")
    else:
        shutil.rmtree(folder)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
