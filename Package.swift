// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Praxis",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "praxis", targets: ["praxis"]),
        .library(name: "PraxisMail", targets: ["PraxisMail"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
    ],
    targets: [
        .target(name: "PraxisMail"),
        .executableTarget(
            name: "praxis",
            dependencies: [
                "PraxisMail",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "PraxisStore",
            dependencies: ["PraxisMail", .product(name: "GRDB", package: "GRDB.swift")]
        ),
        .testTarget(name: "PraxisMailTests", dependencies: ["PraxisMail"]),
        .testTarget(name: "PraxisStoreTests", dependencies: ["PraxisStore"]),
    ],
    swiftLanguageModes: [.v6]
)
