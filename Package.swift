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
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .target(name: "PraxisMail"),
        .target(name: "PraxisCommunity", dependencies: ["PraxisMail"]),
        .target(
            name: "PraxisDaemon",
            dependencies: ["PraxisCommunity", "PraxisMail", .product(name: "Yams", package: "Yams")]
        ),
        .executableTarget(
            name: "praxis",
            dependencies: [
                "PraxisMail",
                "PraxisDaemon",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "PraxisMailTests", dependencies: ["PraxisMail"]),
        .testTarget(name: "PraxisCommunityTests", dependencies: ["PraxisCommunity"]),
        .testTarget(name: "PraxisDaemonTests", dependencies: ["PraxisDaemon", "PraxisCommunity"]),
    ],
    swiftLanguageModes: [.v6]
)
