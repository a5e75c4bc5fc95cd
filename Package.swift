// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Praxis",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "praxis", targets: ["praxis"]),
        .library(name: "PraxisMail", targets: ["PraxisMail"]),
        .library(name: "PraxisCommunity", targets: ["PraxisCommunity"]),
        // Test and benchmark support (a recording SMTP server, free ports), for the Benchmarks
        // package: never linked into the `praxis` binary.
        .library(name: "PraxisTestSupport", targets: ["PraxisTestSupport"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1"),
    ],
    targets: [
        .target(name: "PraxisMail"),
        // What Daemon and Delivery share with the operating system: the system-call wrapper, the
        // maildir reader and writer, the directory watch.
        .target(name: "PraxisSystem"),
        .systemLibrary(name: "CCrypto", pkgConfig: "libcrypto", providers: [.apt(["libssl-dev"])]),
        .systemLibrary(name: "CCurl", pkgConfig: "libcurl", providers: [.apt(["libcurl4-openssl-dev"])]),
        .systemLibrary(name: "CSQLiteConfig", providers: [.apt(["libsqlite3-dev"])]),
        .target(
            name: "PraxisCommunity",
            dependencies: ["PraxisMail", .product(name: "Mustache", package: "swift-mustache")]
        ),
        .target(
            name: "PraxisStore",
            dependencies: [
                "PraxisMail", "PraxisCommunity", "CCrypto", "CSQLiteConfig", .product(name: "GRDB", package: "GRDB.swift"),
            ]
        ),
        .target(
            name: "PraxisDelivery",
            dependencies: [
                "CCurl", "PraxisMail", "PraxisStore", "PraxisSystem",
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .target(
            name: "PraxisDaemon",
            dependencies: [
                "PraxisCommunity", "PraxisMail", "PraxisStore", "PraxisSystem", "PraxisDelivery", "PraxisWeb",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ]
        ),
        // The online archive (DESIGN §8): pages over the store, served by Hummingbird.
        .target(
            name: "PraxisWeb",
            dependencies: [
                "PraxisCommunity", "PraxisMail", "PraxisStore", "PraxisSystem",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "praxis",
            dependencies: [
                "PraxisMail",
                "PraxisDaemon",
                "PraxisDelivery",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "PraxisMailTests", dependencies: ["PraxisMail"]),
        .testTarget(name: "PraxisCommunityTests", dependencies: ["PraxisCommunity"]),
        .testTarget(name: "PraxisStoreTests", dependencies: ["PraxisStore", "PraxisCommunity"]),
        .testTarget(name: "PraxisSystemTests", dependencies: ["PraxisSystem", "PraxisTestSupport"]),
        // What more than one test target and the benchmarks need (a recording SMTP server, free
        // ports); not a test target itself.
        .target(name: "PraxisTestSupport", path: "Tests/PraxisTestSupport"),
        .testTarget(
            name: "PraxisDaemonTests", dependencies: ["PraxisDaemon", "PraxisCommunity", "PraxisStore", "PraxisSystem", "PraxisTestSupport"]),
        .testTarget(
            name: "PraxisWebTests",
            dependencies: [
                "PraxisWeb", "PraxisDaemon", "PraxisCommunity", "PraxisStore", "PraxisSystem", "PraxisTestSupport",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ]
        ),
        .testTarget(name: "PraxisDeliveryTests", dependencies: ["PraxisDelivery", "PraxisStore", "PraxisTestSupport"]),
    ],
    swiftLanguageModes: [.v6]
)
