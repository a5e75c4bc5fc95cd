#!/usr/bin/env bash
# Runs the release build of Praxis on the sample configuration (Config/praxis.yaml): checks it,
# delivers the sample messages into the demo maildir the way an MTA does (tmp/, then new/),
# records them with `praxis ingest --once`, and shows `praxis status`. Everything lands in demo/
# (ignored by git); run it again and nothing is recorded twice.
set -euo pipefail
cd "$(dirname "${BASH_SOURCE[0]}")/.."

praxis=.build/release/praxis
config=Config/praxis.yaml
if [[ ! -x $praxis ]]; then
    echo "demo: $praxis is missing; build it first with: swift build -c release" >&2
    exit 2
fi

"$praxis" check-config --config "$config"
maildir=demo/Maildir
mkdir -p "$maildir/tmp" "$maildir/new" "$maildir/cur"
for sample in Config/samples/*.eml; do
    name="1715670000.demo-$(basename "$sample" .eml).praxis"
    # Delivered once: a file already recorded sits in cur/ with its ":2,S" flags.
    if [[ -e "$maildir/new/$name" || -e "$maildir/cur/$name:2,S" ]]; then continue; fi
    cp "$sample" "$maildir/tmp/$name"
    mv "$maildir/tmp/$name" "$maildir/new/$name"
done
"$praxis" ingest --once --config "$config"
"$praxis" status --config "$config"
echo
echo "How one of them parses (praxis parse):"
"$praxis" parse Config/samples/plain.eml
