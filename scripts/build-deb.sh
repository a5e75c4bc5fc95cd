#!/usr/bin/env bash
# Builds the Debian package praxis_VERSION_ARCH.deb from this checkout, with no network:
#
#   bash scripts/build-deb.sh [--output DIR]        (default DIR: the repository root)
#
# 1. a release build linked with the Swift runtime statically (--static-swift-stdlib), checked
#    with ldd to need no Swift library, so the target machine needs no toolchain;
# 2. VERSION from `praxis --version` (PraxisVersion.current, the one place it lives), which must
#    be the newest entry of packaging/debian/changelog;
# 3. man pages and bash, zsh and fish completions generated from the built binary's argument
#    parser (scripts/write-man-pages.py, --generate-completion-script), never written by hand;
# 4. the tree staged and packed with dpkg-deb --root-owner-group, Depends computed by
#    dpkg-shlibdeps from the libraries the binary links;
# 5. lintian, when installed (scripts/setup-debian.sh installs it): any tag it reports that
#    packaging/lintian-overrides does not explain fails the build.
# Prints the package's path last. The build scratch path is $PRAXIS_SCRATCH_PATH (default .build).
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
output="$root"
while (($# > 0)); do
    case "$1" in
        --output) output="${2:?build-deb: --output needs a directory}"; shift 2 ;;
        *) echo "build-deb: unknown argument '$1'; usage: build-deb.sh [--output DIR]" >&2; exit 2 ;;
    esac
done
scratch="${PRAXIS_SCRATCH_PATH:-$root/.build}"
packaging="$root/packaging"

fail() { echo "build-deb: $*" >&2; exit 1; }
step() { printf '== %s\n' "$*" >&2; }

for tool in dpkg-deb dpkg-shlibdeps gzip strip readelf chrpath python3; do
    command -v "$tool" >/dev/null 2>&1 || fail "$tool is missing (bash scripts/setup-debian.sh installs it)"
done
if ! command -v swift >/dev/null 2>&1 && [[ -x /opt/swift/usr/bin/swift ]]; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
stage="$work/praxis"
umask 022

build_binary() {
    step "swift build -c release --static-swift-stdlib (scratch $scratch)"
    (cd "$root" && swift build -c release --static-swift-stdlib --scratch-path "$scratch" >&2)
    binary="$(cd "$root" && swift build -c release --static-swift-stdlib --scratch-path "$scratch" --show-bin-path)/praxis"
    [[ -x "$binary" ]] || fail "the build produced no $binary"
    # A Swift library the target does not have would make the package useless there.
    local swift_libraries
    swift_libraries="$(ldd "$binary" | grep -E 'libswift|libFoundation|lib_Foundation|libdispatch|libBlocksRuntime|libXCTest|libTesting' || true)"
    [[ -z "$swift_libraries" ]] || fail "$binary links Swift runtime libraries dynamically: $swift_libraries"
}

read_version() {
    version="$("$binary" --version)" || fail "$binary --version failed: the binary does not run on this machine"
    [[ "$version" =~ ^[0-9]+(\.[0-9]+)*$ ]] || fail "praxis --version printed '$version', not a version like 1.2.3"
    local newest
    newest="$(sed -n '1s/^praxis (\([^)]*\)).*/\1/p' "$packaging/debian/changelog")"
    [[ "$newest" == "$version" ]] ||
        fail "praxis --version says $version but packaging/debian/changelog's newest entry is '$newest'; add an entry for $version"
    architecture="$(dpkg --print-architecture)"
    # Reproducible timestamps (man pages, gzip, the archive) from the changelog's date.
    SOURCE_DATE_EPOCH="$(date -d "$(sed -n 's/^ -- .*>  //p' "$packaging/debian/changelog" | head -n 1)" +%s)"
    export SOURCE_DATE_EPOCH
}

stage_program() {
    install -D -m 0755 "$binary" "$stage/usr/bin/praxis"
    # Debian ships binaries without their symbol table; Swift's runtime metadata lives in sections
    # strip keeps, and the stripped binary is run below to make sure.
    strip --strip-unneeded --remove-section=.comment --remove-section=.note "$stage/usr/bin/praxis"
    # swiftc records the toolchain's library folder as RUNPATH even when nothing is loaded from it;
    # on the target it would make the loader search /opt/swift first, so it goes.
    if readelf -d "$stage/usr/bin/praxis" | grep -q -E '\((RUNPATH|RPATH)\)'; then
        chrpath -d "$stage/usr/bin/praxis" >/dev/null
    fi
    [[ "$("$stage/usr/bin/praxis" --version)" == "$version" ]] || fail "the stripped binary does not run"
    local unit
    for unit in praxis@.service praxis-web@.service; do
        grep -q '^ExecStart=/usr/local/bin/praxis ' "$root/systemd/$unit" ||
            fail "systemd/$unit: no 'ExecStart=/usr/local/bin/praxis ' line to point at /usr/bin/praxis"
        install -d "$stage/lib/systemd/system"
        sed 's|^ExecStart=/usr/local/bin/praxis |ExecStart=/usr/bin/praxis |' "$root/systemd/$unit" >"$stage/lib/systemd/system/$unit"
        chmod 0644 "$stage/lib/systemd/system/$unit"
    done
    install -D -m 0644 "$packaging/sysusers.conf" "$stage/usr/lib/sysusers.d/praxis.conf"
    install -D -m 0644 "$packaging/tmpfiles.conf" "$stage/usr/lib/tmpfiles.d/praxis.conf"
}

# The checkout's sample writes into ../demo and a local maildir; the installed example names the
# folders the unit uses and the local MTA, and says how to adopt it. Each rewrite must match, so a
# change to Config/praxis.yaml that defeats one fails here rather than shipping a demo config.
stage_example_configuration() {
    local example="$stage/usr/share/doc/praxis/examples/praxis.yaml"
    install -d "$(dirname "$example")"
    python3 - "$root/Config/praxis.yaml" "$example" <<'PYTHON'
import re, sys
source, target = sys.argv[1:]
text = open(source, encoding="utf-8").read()
rewrites = [
    (r"# This sample works as it is from a checkout:.*?so no MTA is needed\.\n",
     "# The example installed by the Debian package praxis. To start a community called NAME:\n"
     "#   install -m 0640 -o root -g praxis /usr/share/doc/praxis/examples/praxis.yaml /etc/praxis/NAME.yaml\n"
     "# replace \"mobility\" in the paths below by NAME, set the community's addresses and sub-issues,\n"
     "#   runuser -u praxis -- praxis check-config --config /etc/praxis/NAME.yaml\n"
     "#   systemctl enable --now praxis@NAME\n"
     "# Outgoing mail goes to the local MTA (smtp.url); /var/lib/praxis/NAME is the unit's state folder.\n"),
    (r"\n  maildir: \.\./demo/Maildir\n", "\n  maildir: /var/lib/praxis/mobility/Maildir\n"),
    (r"\n  database: \.\./demo/praxis\.sqlite\n", "\n  database: /var/lib/praxis/mobility/praxis.sqlite\n"),
    (r"\n  url: maildir:\.\./demo/outgoing\n", "\n  url: smtp://127.0.0.1:25\n"),
]
for pattern, replacement in rewrites:
    text, count = re.subn(pattern, lambda _: replacement, text, count=1, flags=re.S)
    if count != 1:
        sys.exit(f"build-deb: Config/praxis.yaml no longer matches /{pattern}/; update scripts/build-deb.sh")
if "../demo" in text:
    sys.exit("build-deb: the installed example still mentions demo/ paths; update scripts/build-deb.sh")
open(target, "w", encoding="utf-8").write(text)
PYTHON
    chmod 0644 "$example"
}

stage_documentation() {
    local doc="$stage/usr/share/doc/praxis"
    install -d "$doc" "$stage/usr/share/praxis"
    cp -R "$root/Config/templates" "$stage/usr/share/praxis/templates"
    gzip -9n <"$root/README.md" >"$doc/README.md.gz"
    # The version has no Debian revision (it is praxis --version itself), which makes this a
    # native package, whose changelog Debian names changelog.gz, not changelog.Debian.gz.
    gzip -9n <"$packaging/debian/changelog" >"$doc/changelog.gz"
    install -m 0644 "$packaging/debian/copyright" "$doc/copyright"
    install -D -m 0644 "$packaging/lintian-overrides" "$stage/usr/share/lintian/overrides/praxis"

    local man="$stage/usr/share/man/man1" page
    install -d "$man"
    python3 "$root/scripts/write-man-pages.py" "$stage/usr/bin/praxis" "$man" \
        --date "$(date -u -d "@$SOURCE_DATE_EPOCH" +%F)" >"$work/pages"
    [[ -s "$work/pages" ]] || fail "write-man-pages.py wrote no page"
    for page in "$man"/*.1; do gzip -9n "$page"; done

    # bash-completion sources the file; a #! line would suggest it is run.
    "$stage/usr/bin/praxis" --generate-completion-script bash | sed '1{/^#!/d}' >"$work/praxis.bash"
    "$stage/usr/bin/praxis" --generate-completion-script zsh >"$work/_praxis"
    "$stage/usr/bin/praxis" --generate-completion-script fish >"$work/praxis.fish"
    install -D -m 0644 "$work/praxis.bash" "$stage/usr/share/bash-completion/completions/praxis"
    install -D -m 0644 "$work/_praxis" "$stage/usr/share/zsh/vendor-completions/_praxis"
    install -D -m 0644 "$work/praxis.fish" "$stage/usr/share/fish/vendor_completions.d/praxis.fish"
}

# Depends: what dpkg-shlibdeps finds the binary links (libc6, libcurl4, libsqlite3-0, libssl3,
# libstdc++6, libgcc-s1, zlib1g, ...), with the versions their symbols need. It wants a
# debian/control to read, which is all the source package it gets.
compute_depends() {
    mkdir -p "$work/shlibs/debian"
    printf 'Source: praxis\n\nPackage: praxis\nArchitecture: any\n' >"$work/shlibs/debian/control"
    local line
    line="$(cd "$work/shlibs" && dpkg-shlibdeps -O -e "$stage/usr/bin/praxis" 2>"$work/shlibdeps.err")" ||
        fail "dpkg-shlibdeps failed: $(cat "$work/shlibdeps.err")"
    depends="${line#shlibs:Depends=}"
    [[ "$depends" == *libcurl* && "$depends" == *libsqlite3* ]] ||
        fail "dpkg-shlibdeps found no libcurl or libsqlite3 in '$depends'"
}

write_control() {
    install -d -m 0755 "$stage/DEBIAN"
    local script
    for script in postinst prerm postrm; do
        install -m 0755 "$packaging/debian/$script" "$stage/DEBIAN/$script"
    done
    local installed_size
    installed_size="$(du -sk --apparent-size "$stage" | cut -f1)"
    cat >"$stage/DEBIAN/control" <<EOF
Package: praxis
Version: $version
Architecture: $architecture
Maintainer: Praxis maintainers <maintainers@praxis.example.org>
Installed-Size: $installed_size
Depends: $depends
Recommends: systemd, default-mta | mail-transport-agent
Suggests: sqlite3
Section: mail
Priority: optional
Description: mailing list and digest daemon for a community of practice
 Praxis runs beside an ordinary MTA: it reads a list's mail from a maildir,
 classifies each post into one of the community's sub-issues, keeps members
 in core, inner and outer circles, and sends list copies, digests and weekly
 reports over SMTP. A web archive with search and sign-in by mailed link is
 built in.
 .
 One instance runs per community under systemd (praxis@NAME.service, reading
 /etc/praxis/NAME.yaml and keeping its state in /var/lib/praxis/NAME). The
 package starts nothing by itself; an example configuration is in
 /usr/share/doc/praxis/examples.
EOF
    (cd "$stage" && find . -path ./DEBIAN -prune -o -type f -printf '%P\0' | LC_ALL=C sort -z | xargs -0 md5sum) >"$stage/DEBIAN/md5sums"
    chmod 0644 "$stage/DEBIAN/control" "$stage/DEBIAN/md5sums"
}

check_with_lintian() {
    if ! command -v lintian >/dev/null 2>&1; then
        echo "build-deb: lintian is not installed (apt-get install lintian); package NOT checked by lintian" >&2
        return
    fi
    step "lintian $deb"
    local report
    # Tags explained in packaging/lintian-overrides are shown as overridden, not reported.
    report="$(lintian --fail-on none "$deb" 2>&1 | grep -v -e '^N: ' -e '^running with root privileges' || true)"
    if [[ -n "$report" ]]; then
        printf '%s\n' "$report" >&2
        fail "lintian reported the tags above; fix them or explain each in packaging/lintian-overrides"
    fi
    echo "build-deb: lintian: clean at the default level ($(lintian --version))" >&2
}

started=$SECONDS
build_binary
read_version
step "staging praxis $version for $architecture"
stage_program
stage_example_configuration
stage_documentation
compute_depends
write_control
mkdir -p "$output"
deb="$(cd "$output" && pwd)/praxis_${version}_${architecture}.deb"
dpkg-deb --build --root-owner-group -Zxz "$stage" "$deb" >&2
check_with_lintian
echo "build-deb: built in $((SECONDS - started)) s: $(wc -l <"$work/pages") man pages, Depends: $depends" >&2
echo "$deb"
