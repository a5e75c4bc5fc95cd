// swift-tools-version: 6.1
import PackageDescription

// The benchmark suite is its own package so that the main package, and CI's `swift test`, never
// resolve or build the benchmark harness and its dependencies.
let package = Package(
    name: "PraxisBenchmarks",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(name: "Praxis", path: ".."),
        // Only "MallocInterposer": the default trait set also asks for "RuntimeInterposer", whose
        // package (swift-runtime-interposer) is not available here, and jemalloc is not installed.
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        // What the benchmark tools share: their command lines and finding the release `praxis`.
        .target(name: "BenchmarkSupport"),
        // What is measured, shared by the ordo-one benchmark and the plain `parse-throughput` tool.
        .target(
            name: "ParseWorkload",
            dependencies: [.product(name: "PraxisMail", package: "Praxis")]
        ),
        .executableTarget(
            name: "MailParsing",
            dependencies: [
                "ParseWorkload",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/MailParsing",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        .executableTarget(
            name: "parse-throughput",
            dependencies: ["BenchmarkSupport", "ParseWorkload"]
        ),
        .executableTarget(
            name: "trim-throughput",
            dependencies: [
                "BenchmarkSupport", "ParseWorkload", .product(name: "PraxisMail", package: "Praxis"),
                .product(name: "PraxisCommunity", package: "Praxis"),
            ]
        ),
        // Runs the release `praxis ingest --once` on a generated maildir; uses the corpus loader
        // of ParseWorkload and PraxisMail's Mbox only to build that maildir, and PraxisCommunity's
        // AddressSyntax to pick the authors `--members` imports.
        .executableTarget(
            name: "ingest-throughput",
            dependencies: [
                "BenchmarkSupport", "ParseWorkload", .product(name: "PraxisMail", package: "Praxis"),
                .product(name: "PraxisCommunity", package: "Praxis"),
            ]
        ),
        // Runs the release `praxis outbox flush` against Postfix's smtp-sink, beside smtp-source.
        .executableTarget(
            name: "delivery-throughput",
            dependencies: ["BenchmarkSupport", .product(name: "PraxisTestSupport", package: "Praxis")]
        ),
        // Training time, cross-validated accuracy and classification throughput on 20news.
        .executableTarget(
            name: "classify-throughput",
            dependencies: [
                .product(name: "PraxisMail", package: "Praxis"), .product(name: "PraxisCommunity", package: "Praxis"),
            ]
        ),
        // Reads the outbox the release `praxis digest send` filled; SQLite's C API, nothing more.
        .systemLibrary(name: "CSQLiteBench", providers: [.apt(["libsqlite3-dev"])]),
        // 10,000 personalised digests over a week of 2,000 posts: queued by the release binary,
        // then sent over SMTP to Postfix's smtp-sink on loopback.
        .executableTarget(
            name: "digest-throughput",
            dependencies: ["BenchmarkSupport", "CSQLiteBench"]
        ),
        // Runs the release `praxis run` and times a post's fan-out to the tests' recording SMTP
        // server, in-process.
        .executableTarget(
            name: "fanout-latency",
            dependencies: ["BenchmarkSupport", .product(name: "PraxisTestSupport", package: "Praxis")]
        ),
    ],
    swiftLanguageModes: [.v6]
)
