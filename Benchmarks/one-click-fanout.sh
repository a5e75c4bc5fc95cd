#!/bin/bash
# Queueing list copies with and without one-click unsubscribe links (issue 20): 100 posts x 300
# immediate members, `praxis ingest --once` timed, alternating 4 times. PRAXIS=path/to/praxis
# (default: this worktree's .build-rel release build). Needs sqlite3 and bc.
P=${PRAXIS:-$(cd "$(dirname "$0")/.." && pwd)/.build-rel/release/praxis}
run() {
  local mode=$1 D=$(mktemp -d /tmp/fanout-oc.XXXX)
  cd $D; mkdir -p Maildir/new Maildir/tmp Maildir/cur
  { printf 'community:\n  name: Bench\n  list_address: list@lists.example.org\npaths:\n  maildir: Maildir\n  database: praxis.sqlite\nsmtp:\n  url: maildir:Outbox\nlog_level: warning\n'
    [ $mode = link ] && printf 'web:\n  base_url: https://cop.example.org/bench/\n'; } > praxis.yaml
  $P status --config praxis.yaml >/dev/null
  sqlite3 praxis.sqlite "INSERT INTO members (address, joined_at) VALUES ('alice@example.org', 0);
    INSERT INTO members (address, joined_at) WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 300) SELECT 'member' || i || '@example.org', 0 FROM n;
    INSERT INTO member_sub_issue (member_id, sub_issue, standing, is_pinned, since) SELECT id, 'general', 'inner', 1, 0 FROM members WHERE address LIKE 'member%';"
  for i in $(seq 1 100); do printf 'From: alice@example.org\r\nTo: list@lists.example.org\r\nSubject: Post %s\r\nDate: Mon, 01 Mar 2004 10:00:00 +0000\r\nMessage-ID: <p%s@example.org>\r\n\r\nText %s\r\n' $i $i $i > Maildir/new/$i.bench; done
  local t0=$(date +%s.%N); $P ingest --once --config praxis.yaml >/dev/null; local t1=$(date +%s.%N)
  local rows=$(sqlite3 praxis.sqlite "select count(*) from outbox where kind='post'")
  local withlink=$(sqlite3 praxis.sqlite "select count(*) from outbox where kind='post' and length(message) > 0")
  printf '%s ingest %.2f s (%s copies queued, %s with their own one-click lines)\n' $mode $(echo "$t1-$t0"|bc) $rows $withlink
  cd /; rm -rf $D
}
for r in 1 2 3 4; do run mailto; run link; done
