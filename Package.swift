// swift-tools-version: 6.1
import PackageDescription

/// Upcoming features on for every target: `any` spelled out for existentials, and a member
/// is visible only in files that import the module declaring it (GRDB's `SQL` interpolation
/// members once leaked into DigestPreview's type inference).
let upcomingFeatures: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
]

/// The library targets also import internally by default (`public import` where the API needs it).
let libraryFeatures: [SwiftSetting] = upcomingFeatures + [.enableUpcomingFeature("InternalImportsByDefault")]

let package = Package(
    name: "digest",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "digest", targets: ["digest"]),
        .library(name: "DigestCore", targets: ["DigestCore"]),
        .executable(name: "digest-bench", targets: ["digest-bench"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache", from: "2.1.1"),
        .package(url: "https://github.com/apple/swift-crypto", from: "3.12.3"),
        .package(url: "https://github.com/jpsim/Yams", from: "5.0.1"),
        .package(url: "https://github.com/swhitty/FlyingFox", from: "0.27.1"),
        .package(url: "https://github.com/groue/GRDB.swift", from: "7.10.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.28.1", traits: []),
        .package(url: "https://github.com/apple/swift-log", from: "1.16.2"),
        .package(url: "https://github.com/apple/swift-nio", from: "2.101.2"),
        .package(url: "https://github.com/apple/swift-nio-extras", from: "1.35.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl", from: "2.37.6"),
        // Already resolved through Hummingbird; named because `digest serve` spells its stop signals.
        .package(url: "https://github.com/swift-server/swift-service-lifecycle", from: "2.13.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CCmark",
            pkgConfig: "libcmark",
            providers: [.apt(["libcmark-dev"])]
        ),
        .systemLibrary(
            name: "CCurl",
            pkgConfig: "libcurl",
            providers: [.apt(["libcurl4-openssl-dev"])]
        ),
        // Linux calls the Glibc module does not declare (renameat2); header only.
        .systemLibrary(name: "CLinux"),
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(
            name: "DigestCore",
            dependencies: [
                "CCmark",
                "CCurl",
                "CLibXML2",
                "CLinux",
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: libraryFeatures
        ),
        .target(
            name: "DigestSMTP",
            dependencies: [
                "DigestCore",
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "_CryptoExtras", package: "swift-crypto"),
            ],
            swiftSettings: libraryFeatures
        ),
        .target(
            name: "DigestPreview",
            dependencies: ["DigestCore", .product(name: "FlyingFox", package: "FlyingFox")],
            swiftSettings: libraryFeatures
        ),
        .target(
            name: "DigestServe",
            dependencies: [
                "DigestCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
                .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            ],
            swiftSettings: libraryFeatures
        ),
        .executableTarget(
            name: "digest",
            dependencies: [
                "DigestCore",
                "DigestPreview",
                "DigestServe",
                "DigestSMTP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: upcomingFeatures
        ),
        .target(name: "DigestBenchCorpus", swiftSettings: upcomingFeatures),
        .executableTarget(
            name: "digest-bench",
            dependencies: [
                "DigestCore",
                "DigestSMTP",
                "DigestBenchCorpus",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: upcomingFeatures
        ),
        .target(
            name: "DigestTestSupport",
            path: "Tests/Support",
            exclude: ["inspect_mail.py", "feedparser_table.py"],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "DigestCoreTests",
            dependencies: ["DigestCore", "DigestTestSupport"],
            exclude: ["Fixtures", "Golden"],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "DigestSMTPTests",
            dependencies: ["DigestSMTP", "DigestCore", "DigestTestSupport"],
            exclude: ["Servers"],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "DigestPreviewTests",
            dependencies: ["DigestPreview", "DigestCore", "DigestTestSupport"],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "DigestServeTests",
            dependencies: [
                "digest", "DigestServe", "DigestCore", "DigestTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Scripts"],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "DigestBenchTests",
            dependencies: ["DigestBenchCorpus", "DigestCore"],
            swiftSettings: upcomingFeatures
        ),
        .testTarget(
            name: "DigestCLITests",
            dependencies: ["digest", "DigestTestSupport"],
            swiftSettings: upcomingFeatures
        ),
    ],
    swiftLanguageModes: [.v6]
)
