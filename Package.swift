// swift-tools-version: 6.1
import PackageDescription

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
                .product(name: "Yams", package: "Yams"),
                .product(name: "Mustache", package: "swift-mustache"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "GRDB", package: "GRDB.swift"),
            ],
            swiftSettings: [.enableUpcomingFeature("InternalImportsByDefault")]
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
            swiftSettings: [.enableUpcomingFeature("InternalImportsByDefault")]
        ),
        .target(
            name: "DigestPreview",
            dependencies: ["DigestCore", .product(name: "FlyingFox", package: "FlyingFox")],
            swiftSettings: [.enableUpcomingFeature("InternalImportsByDefault")]
        ),
        .target(
            name: "DigestServe",
            dependencies: [
                "DigestCore",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "NIOHTTPTypes", package: "swift-nio-extras"),
            ],
            swiftSettings: [.enableUpcomingFeature("InternalImportsByDefault")]
        ),
        .executableTarget(
            name: "digest",
            dependencies: [
                "DigestCore",
                "DigestPreview",
                "DigestServe",
                "DigestSMTP",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(name: "DigestBenchCorpus"),
        .executableTarget(
            name: "digest-bench",
            dependencies: [
                "DigestCore",
                "DigestSMTP",
                "DigestBenchCorpus",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .target(
            name: "DigestTestSupport",
            path: "Tests/Support",
            exclude: ["inspect_mail.py", "feedparser_table.py"]
        ),
        .testTarget(
            name: "DigestCoreTests",
            dependencies: ["DigestCore", "DigestTestSupport"],
            exclude: ["Fixtures", "Golden"]
        ),
        .testTarget(
            name: "DigestSMTPTests",
            dependencies: ["DigestSMTP", "DigestCore", "DigestTestSupport"],
            exclude: ["Servers"]
        ),
        .testTarget(
            name: "DigestPreviewTests",
            dependencies: ["DigestPreview", "DigestCore", "DigestTestSupport"]
        ),
        .testTarget(
            name: "DigestServeTests",
            dependencies: [
                "digest", "DigestServe", "DigestCore", "DigestTestSupport",
                .product(name: "Logging", package: "swift-log"),
            ],
            exclude: ["Scripts"]
        ),
        .testTarget(
            name: "DigestBenchTests",
            dependencies: ["DigestBenchCorpus", "DigestCore"]
        ),
        .testTarget(
            name: "DigestCLITests",
            dependencies: ["digest", "DigestTestSupport"]
        ),
    ],
    swiftLanguageModes: [.v6]
)
