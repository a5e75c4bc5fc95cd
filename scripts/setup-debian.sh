#!/usr/bin/env bash
# Installs the Debian 12 packages Praxis needs to build and test, and checks for the Swift
# toolchain. Idempotent and quick: when every package is already installed, apt is not touched.
# Runs unattended (CI=true, no stdin): as root, or through sudo when that is available.
set -euo pipefail

packages=(
    # What the Swift toolchain itself needs to compile and link on Debian 12.
    binutils git libc6-dev libgcc-12-dev libstdc++-12-dev libxml2-dev zlib1g-dev libz3-dev tzdata
    # PraxisDelivery sends mail through libcurl; PraxisStore keeps its state in SQLite.
    libcurl4-openssl-dev pkg-config sqlite3 libsqlite3-dev
    # PraxisStore hashes every message with OpenSSL's SHA-256 (CPU SHA instructions).
    libssl-dev
    # ../shared/tools/mime_diff.py compares `praxis parse --json` with Python's email package.
    python3
    # Delivery tests and benchmarks: Postfix's smtp-sink and smtp-source, and aiosmtpd (STARTTLS,
    # AUTH) under /usr/bin/python3; openssl makes the tests' self-signed certificate.
    postfix python3-aiosmtpd openssl
    # The web archive's tests load its pages in a real browser (headless), and its benchmark
    # measures them with wrk; the sign-in test drives the browser through chromedriver (WebDriver).
    chromium chromium-driver wrk
    # scripts/build-deb.sh packs the Debian package (dpkg-shlibdeps computes its Depends) and
    # checks it with lintian; scripts/test-deb.sh reads an installed man page with man; chrpath
    # drops the toolchain's RUNPATH from the packaged binary.
    dpkg-dev lintian man-db chrpath
    # Add packages for later features here.
)

missing=()
for package in "${packages[@]}"; do
    if [[ "$(dpkg-query -W -f='${Status}' "$package" 2>/dev/null || true)" != "install ok installed" ]]; then
        missing+=("$package")
    fi
done

if ((${#missing[@]} > 0)); then
    echo "setup-debian: installing ${missing[*]}" >&2
    run_as_root=()
    if [[ "$(id -u)" != 0 ]]; then run_as_root=(sudo); fi
    export DEBIAN_FRONTEND=noninteractive
    # Postfix asks how to configure itself on install; the tests only need its tools, not a
    # running MTA, so answer "No configuration" ahead of time.
    if [[ " ${missing[*]} " == *" postfix "* ]]; then
        echo "postfix postfix/main_mailer_type select No configuration" | "${run_as_root[@]}" debconf-set-selections
    fi
    "${run_as_root[@]}" apt-get update -q
    "${run_as_root[@]}" apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

# Swift is not packaged for Debian 12: the toolchain is expected on PATH or in /opt/swift.
if ! command -v swift >/dev/null 2>&1 && [[ ! -x /opt/swift/usr/bin/swift ]]; then
    echo "setup-debian: no Swift toolchain: put Swift 6.1 or later on PATH or in /opt/swift" >&2
    exit 1
fi
if ! command -v swift >/dev/null 2>&1; then
    echo "setup-debian: Swift is in /opt/swift/usr/bin but not on PATH: export PATH=/opt/swift/usr/bin:\$PATH" >&2
fi
