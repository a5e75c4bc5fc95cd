#!/usr/bin/env bash
# Builds the PraxisMail libFuzzer target and fuzzes it.
#
#   bash Fuzz/run.sh                    # 600 s (FUZZ_SECONDS), ASan + libFuzzer
#   FUZZ_SECONDS=120 bash Fuzz/run.sh
#   bash Fuzz/run.sh Fuzz/artifacts/crash-…   # replay one input (any libFuzzer arguments work)
#
# Environment: FUZZ_SECONDS (default 600), FUZZ_SANITIZERS (default "fuzzer,address"; the script
# falls back to "fuzzer" alone if the toolchain cannot link ASan), FUZZ_BUILD_DIR (default
# .build-fuzz in the repository). Exit status is libFuzzer's: non-zero when it found something.
set -euo pipefail

repository="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
fuzz="$repository/Fuzz"
build="${FUZZ_BUILD_DIR:-$repository/.build-fuzz}"
seconds="${FUZZ_SECONDS:-600}"
sanitizers="${FUZZ_SANITIZERS:-fuzzer,address}"
binary="$build/fuzz-mail-parser"

if ! command -v swiftc >/dev/null 2>&1; then
    export PATH="/opt/swift/usr/bin:$PATH"
fi
swiftc_path="$(command -v swiftc)"
linker=()
# lld ships with the toolchain and understands the sanitizer runtimes' symbols; gold, the
# default, links too but prints a page of "Cannot export local symbol" warnings.
if [[ -x "$(dirname "$swiftc_path")/ld.lld" ]]; then linker=(-use-ld=lld); fi

mkdir -p "$build" "$fuzz/corpus" "$fuzz/artifacts"

compile() {
    # One module from the library's sources plus the entry point: no package build needed, and
    # internal API is reachable.
    swiftc -O -sanitize="$1" -parse-as-library -module-name PraxisMailFuzz -swift-version 6 \
        "${linker[@]}" "$repository"/Sources/PraxisMail/*.swift "$fuzz/FuzzMailParser.swift" -o "$binary"
}

echo "fuzz: building $binary with -sanitize=$sanitizers" >&2
if ! compile "$sanitizers"; then
    if [[ "$sanitizers" == "fuzzer" ]]; then exit 1; fi
    echo "fuzz: building with -sanitize=$sanitizers failed; falling back to -sanitize=fuzzer (no ASan)" >&2
    compile fuzzer
fi

# Read-only seed folders after the corpus folder: libFuzzer loads them all but writes new inputs
# only to the first. The shared corpora are read in place, never copied into the repository.
seed_dirs=("$fuzz/seeds")
if [[ -d "$repository/Config/samples" ]]; then seed_dirs+=("$repository/Config/samples"); fi
shared_mime="$repository/../shared/corpora/mime"
if [[ -d "$shared_mime" ]]; then
    seed_dirs+=("$shared_mime")
else
    echo "fuzz: $shared_mime is absent; seeding from the built-in seeds only" >&2
fi

# Swift's backtracer would otherwise intercept the crash before libFuzzer saves the input.
export SWIFT_BACKTRACE=enable=no

if [[ $# -gt 0 ]]; then
    exec "$binary" -rss_limit_mb=2048 -timeout=5 "$@"
fi

exec "$binary" \
    -max_total_time="$seconds" -max_len=65536 -timeout=5 -rss_limit_mb=2048 \
    -dict="$fuzz/mail.dict" -artifact_prefix="$fuzz/artifacts/" -print_final_stats=1 \
    "$fuzz/corpus" "${seed_dirs[@]}"
