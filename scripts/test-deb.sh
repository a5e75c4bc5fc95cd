#!/usr/bin/env bash
# Builds the Debian package (scripts/build-deb.sh, lintian included), installs it with dpkg -i and
# runs Praxis as the installed software, then removes and purges it and checks that the
# community's state is still there. Part of the README's test command, so CI runs it.
#
#   bash scripts/test-deb.sh
#
# Installing needs root: as another user the package is built and checked by lintian, and the
# install steps say SKIPPED. Where systemd-analyze is missing the unit check says SKIPPED.
# It refuses to run where a praxis package is already installed (it would replace and remove it),
# and removes the praxis user and the folders the package created when they were not there before.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
work="$(mktemp -d)"
community=deb-test-$$
state=/var/lib/praxis/$community
config=/etc/praxis/$community.yaml

fail() { echo "FAILED: test-deb: $*" >&2; exit 1; }
step() { printf '\n== %s\n' "$*"; }
as_praxis() { runuser -u praxis -- "$@"; }

started=$SECONDS
if [[ "$(id -u)" == 0 ]] && dpkg-query -W -f='${Status}' praxis 2>/dev/null | grep -q 'installed'; then
    fail "a praxis package is installed on this machine already; this test installs and removes one, so it does not run here"
fi

step "scripts/build-deb.sh"
deb="$(bash "$root/scripts/build-deb.sh" --output "$work")"
build_seconds=$((SECONDS - started))
version="$(basename "$deb" | sed -n 's/^praxis_\([^_]*\)_.*\.deb$/\1/p')"
[[ -n "$version" ]] || fail "$deb is not named praxis_VERSION_ARCH.deb"
echo "built $deb in $build_seconds s"

if [[ "$(id -u)" != 0 ]]; then
    echo "SKIPPED: test-deb: installing the package needs root (CI runs as root); built and checked only"
    rm -rf "$work"
    exit 0
fi

# What existed before, so that cleaning up removes only what this run created.
had_user=no; getent passwd praxis >/dev/null && had_user=yes
had_state_root=no; [[ -d /var/lib/praxis ]] && had_state_root=yes
had_config_root=no; [[ -d /etc/praxis ]] && had_config_root=yes
clean_up() {
    dpkg-query -W -f='${Status}' praxis 2>/dev/null | grep -q 'installed' && dpkg --purge praxis >/dev/null 2>&1
    rm -rf "$work" "$state" "$config"
    if [[ $had_state_root == no ]]; then rmdir /var/lib/praxis 2>/dev/null || true; fi
    if [[ $had_config_root == no ]]; then rmdir /etc/praxis 2>/dev/null || true; fi
    if [[ $had_user == no ]] && getent passwd praxis >/dev/null; then userdel praxis; fi
    if [[ $had_user == no ]] && getent group praxis >/dev/null; then groupdel praxis; fi
}
trap clean_up EXIT

step "dpkg -i $(basename "$deb")"
dpkg -i "$deb"
[[ "$(command -v praxis)" == /usr/bin/praxis ]] || fail "praxis on PATH is $(command -v praxis), not /usr/bin/praxis"
getent passwd praxis >/dev/null || fail "installing created no praxis user"
[[ -d /var/lib/praxis && -d /etc/praxis ]] || fail "installing created no /var/lib/praxis or /etc/praxis"

step "praxis --version"
[[ "$(praxis --version)" == "$version" ]] || fail "praxis --version says '$(praxis --version)', the package is $version"
echo "$version"

step "ldd /usr/bin/praxis"
ldd /usr/bin/praxis
if ldd /usr/bin/praxis | grep -E 'libswift|libFoundation|lib_Foundation|libdispatch|libBlocksRuntime'; then
    fail "/usr/bin/praxis links a Swift runtime library (above)"
fi

step "man praxis-run"
if [[ ! -e /usr/share/man/man1/praxis-run.1.gz ]]; then
    excluded="$(grep -ls 'path-exclude.*/usr/share/man' /etc/dpkg/dpkg.cfg.d/* 2>/dev/null || true)"
    fail "/usr/share/man/man1/praxis-run.1.gz was not installed${excluded:+ (dpkg excludes /usr/share/man in $excluded)}"
fi
manual="$(MANPAGER=cat MANWIDTH=100 man praxis-run 2>&1)" || fail "man praxis-run failed: $manual"
printf '%s\n' "$manual" | head -n 12
grep -q -- '--config' <<<"$manual" || fail "man praxis-run does not describe --config"
for page in praxis praxis-ingest praxis-outbox-flush praxis-check-config; do
    MANPAGER=cat man "$page" >/dev/null 2>&1 || fail "man $page failed"
done
echo "($(ls /usr/share/man/man1/praxis*.1.gz | wc -l) praxis man pages installed)"

step "completions"
bash -c 'source /usr/share/bash-completion/completions/praxis && complete -p praxis' ||
    fail "the bash completion does not register for praxis"
[[ -s /usr/share/zsh/vendor-completions/_praxis && -s /usr/share/fish/vendor_completions.d/praxis.fish ]] ||
    fail "the zsh or fish completion is missing"

step "praxis check-config on a copy of the installed example"
install -m 0640 -o root -g praxis /usr/share/doc/praxis/examples/praxis.yaml "$config"
install -d -m 0700 -o praxis -g praxis "$state"
# The example's folders become this test community's; mail goes into a maildir, not to an MTA.
sed -i -e "s|/var/lib/praxis/mobility/|$state/|" -e "s|^  url: smtp://127.0.0.1:25$|  url: maildir:$state/outgoing|" "$config"
grep -q "^  url: maildir:$state/outgoing$" "$config" || fail "the installed example has no 'url: smtp://127.0.0.1:25' line to point at a maildir"
[[ "$(grep -c "$state/" "$config")" -ge 3 ]] || fail "the installed example's paths were not all under /var/lib/praxis/mobility/"
as_praxis praxis check-config --config "$config"

step "postinst on upgrade restarts only instances the new binary accepts (systemctl faked)"
# No systemd runs here, so the installed postinst's restart step runs with systemctl and
# deb-systemd-invoke standing in; the check itself is the real binary on real files.
fake="$work/fake-systemd"
mkdir -p "$fake"
printf 'community: [unclosed\n' >"$state/bad.yaml"
chown praxis:praxis "$state/bad.yaml"
cat >"$fake/systemctl" <<FAKE
#!/bin/sh
case "\$1 \$4" in
    list-units*) printf '%s loaded active running x\\n' praxis@good.service praxis@bad.service praxis-web@bare.service ;;
    "show praxis@good.service") echo "{ path=/usr/bin/praxis ; argv[]=/usr/bin/praxis run --config $config ; ignore_errors=no }" ;;
    "show praxis@bad.service") echo "{ path=/usr/bin/praxis ; argv[]=/usr/bin/praxis run --config=$state/bad.yaml ; ignore_errors=no }" ;;
    "show "*) echo "{ path=/usr/bin/praxis ; argv[]=/usr/bin/praxis web ; ignore_errors=no }" ;;
esac
FAKE
printf '#!/bin/sh\necho "$*" >>"%s/invoked"\n' "$fake" >"$fake/deb-systemd-invoke"
chmod 0755 "$fake/systemctl" "$fake/deb-systemd-invoke"
functions="$(sed -n '/^configuration_of()/,/^}/p; /^restart_checked_instances()/,/^}/p' /var/lib/dpkg/info/praxis.postinst)"
[[ -n "$functions" ]] || fail "the installed postinst has no restart_checked_instances function"
PATH="$fake:$PATH" sh -c "$functions
restart_checked_instances" >"$work/restart.out" 2>"$work/restart.err" || fail "the restart step failed: $(cat "$work/restart.err")"
cat "$work/restart.out" "$work/restart.err"
[[ "$(cat "$fake/invoked")" == "restart praxis@good.service" ]] ||
    fail "postinst restarted '$(tr '\n' ' ' <"$fake/invoked")', not just praxis@good.service"
grep -q "not restarting praxis@bad.service: the new praxis refuses $state/bad.yaml" "$work/restart.err" ||
    fail "postinst did not say why praxis@bad.service was not restarted"
grep -q "not restarting praxis-web@bare.service: its ExecStart names no --config" "$work/restart.err" ||
    fail "postinst did not say why praxis-web@bare.service was not restarted"
rm "$state/bad.yaml"

step "praxis members import, ingest --once, outbox flush as the praxis user"
# In the state folder: the praxis user cannot read this run's private work folder.
install -m 0600 -o praxis -g praxis "$root/Config/samples/members.csv" "$state/members.csv"
as_praxis praxis members import "$state/members.csv" --config "$config"
as_praxis praxis ingest --once --config "$config"
for sample in "$root"/Config/samples/*.eml; do
    name="1715670000.deb-test-$(basename "$sample" .eml).praxis"
    install -m 0600 -o praxis -g praxis "$sample" "$state/Maildir/tmp/$name"
    mv "$state/Maildir/tmp/$name" "$state/Maildir/new/$name"
done
recorded="$(as_praxis praxis ingest --once --config "$config")"
echo "$recorded"
samples=$(ls "$root"/Config/samples/*.eml | wc -l)
[[ "$recorded" == "recorded $samples, "* ]] || fail "ingest --once did not record the $samples sample messages: $recorded"
as_praxis praxis outbox flush --config "$config"
sent=$(find "$state/outgoing/new" -type f 2>/dev/null | wc -l)
((sent > 0)) || fail "outbox flush delivered nothing into $state/outgoing/new"
echo "outbox flush delivered $sent messages"
posts="$(as_praxis praxis status --json --config "$config" | python3 -c 'import json,sys; print(json.load(sys.stdin)["posts"])')"

step "systemd-analyze verify on the installed units"
if ! command -v systemd-analyze >/dev/null 2>&1; then
    echo "SKIPPED: systemd-analyze is not installed (apt-get install systemd); installed units not verified"
else
    for unit in /lib/systemd/system/praxis@.service /lib/systemd/system/praxis-web@.service; do
        report="$(systemd-analyze verify "$unit" 2>&1)" || fail "systemd-analyze verify $unit: $report"
        [[ -z "$report" ]] || fail "systemd-analyze verify $unit: $report"
        echo "OK: $unit"
    done
fi

step "dpkg -i again (an upgrade to the same version: postinst configure with the old version)"
dpkg -i "$deb" >/dev/null
as_praxis praxis status --config "$config" >/dev/null

step "dpkg -r praxis, then dpkg --purge praxis: the state stays"
for action in -r --purge; do
    dpkg "$action" praxis
    [[ ! -e /usr/bin/praxis ]] || fail "dpkg $action left /usr/bin/praxis"
    [[ -s "$state/praxis.sqlite" && -d "$state/Maildir/cur" && -f "$config" ]] ||
        fail "after dpkg $action the store, maildir or configuration of $community is gone"
    getent passwd praxis >/dev/null || fail "dpkg $action removed the praxis user, which owns the stores"
    kept="$(sqlite3 "$state/praxis.sqlite" 'SELECT count(*) FROM posts' 2>&1)"
    [[ "$kept" == "$posts" ]] || fail "after dpkg $action the store holds '$kept' posts, not $posts"
    echo "after dpkg $action: $state holds the store ($kept posts) and the maildir"
done

echo
echo "OK: test-deb: package built in $build_seconds s, installed, run, removed and purged with the state kept ($((SECONDS - started)) s in all)"
