#!/usr/bin/env bash
# Runs the release build of Praxis on the sample configuration (Config/praxis.yaml): checks it,
# imports the sample members, delivers the sample messages into the demo maildir the way an MTA
# does (tmp/, then new/), records them with `praxis ingest --once` (screened, classified, held or
# distributed), delivers the outbox into demo/outgoing (the sample's `smtp.url` is a maildir, so no
# MTA is needed), and shows status, circles and the weekly report. Everything lands in demo/
# (ignored by git); run it again and nothing is recorded or sent twice.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

praxis=.build/release/praxis
config=Config/praxis.yaml
if [[ ! -x $praxis ]]; then
    echo "demo: $praxis is missing; build it first with: swift build -c release" >&2
    exit 2
fi

step() { printf '\n== %s\n' "$*"; }

step "praxis check-config"
"$praxis" check-config --config "$config"
step "praxis members import Config/samples/members.csv"
"$praxis" members import Config/samples/members.csv --config "$config"
maildir=demo/Maildir
mkdir -p "$maildir/tmp" "$maildir/new" "$maildir/cur"
for sample in Config/samples/*.eml; do
    name="1715670000.demo-$(basename "$sample" .eml).praxis"
    # Delivered once: a file already recorded sits in cur/ with its ":2,S" flags.
    if [[ -e "$maildir/new/$name" || -e "$maildir/cur/$name:2,S" ]]; then continue; fi
    cp "$sample" "$maildir/tmp/$name"
    mv "$maildir/tmp/$name" "$maildir/new/$name"
done
step "praxis ingest --once"
"$praxis" ingest --once --config "$config"
step "praxis outbox flush (into demo/outgoing/new)"
"$praxis" outbox flush --config "$config" || true
step "praxis status"
"$praxis" status --config "$config"
step "praxis circles"
"$praxis" circles --config "$config"
step "praxis classify Config/samples/plain.eml --explain"
"$praxis" classify Config/samples/plain.eml --explain --config "$config"
step "praxis report preview --format text --week 2024-W20"
"$praxis" report preview --format text --week 2024-W20 --config "$config" | head -40
step "How one of them parses (praxis parse)"
"$praxis" parse Config/samples/plain.eml
