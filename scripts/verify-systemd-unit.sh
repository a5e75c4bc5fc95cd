#!/usr/bin/env bash
# Checks systemd/praxis@.service and systemd/praxis-web@.service with `systemd-analyze verify`.
#
#   bash scripts/verify-systemd-unit.sh [PATH-TO-PRAXIS-BINARY]
#
# verify insists that ExecStart's program exists, and the unit names the installed path
# /usr/local/bin/praxis. So a copy of the unit is checked with that path replaced by the binary
# given, else .build/release/praxis or .build/debug/praxis, else a stub script (which checks
# everything but the binary). Any warning counts as a failure: a clean unit prints nothing.
# Without systemd-analyze (apt-get install systemd) it says SKIPPED and exits 0.
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
units=("$root/systemd/praxis@.service" "$root/systemd/praxis-web@.service")
installed=/usr/local/bin/praxis

if ! command -v systemd-analyze >/dev/null 2>&1; then
    echo "SKIPPED: systemd-analyze is not installed (apt-get install systemd); ${units[*]} not verified"
    exit 0
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

binary="${1:-}"
if [[ -z "$binary" ]]; then
    for candidate in "$root/.build/release/praxis" "$root/.build/debug/praxis"; do
        if [[ -x "$candidate" ]]; then binary="$candidate"; break; fi
    done
fi
if [[ -z "$binary" ]]; then
    binary="$work/praxis"
    printf '#!/bin/sh\nexit 0\n' >"$binary"
    chmod 755 "$binary"
    echo "note: no praxis binary built; checking with a stub in place of $installed"
elif [[ ! -x "$binary" ]]; then
    echo "error: $binary is not an executable file" >&2
    exit 2
fi

for unit in "${units[@]}"; do
    if ! grep -q "^ExecStart=$installed " "$unit"; then
        echo "FAILED: $unit: ExecStart does not start $installed" >&2
        exit 1
    fi
    # The copy keeps the template's name, so verify checks it as a template (instance "i").
    sed "s|^ExecStart=$installed |ExecStart=$binary |" "$unit" >"$work/$(basename "$unit")"
done

for unit in "${units[@]}"; do
    set +e
    output="$(systemd-analyze verify "$work/$(basename "$unit")" 2>&1)"
    status=$?
    set -e
    if [[ $status -ne 0 || -n "$output" ]]; then
        printf '%s\n' "$output" >&2
        echo "FAILED: systemd-analyze verify $unit (exit $status)" >&2
        exit 1
    fi
    echo "OK: $unit is clean under systemd-analyze verify ($(systemd-analyze --version | head -n 1)), ExecStart checked with $binary"
done
