// swift-tools-version:6.0
// The package graph is the architecture diagram: data flows left to right
// (bytes → records → events → matches → findings → output). A new edge needs a
// reason in the commit message. See docs/architecture.md.
import PackageDescription

// Release builds skip the dynamic exclusivity checks (swift_beginAccess on every class property
// access, ~3 % of a hunt's instructions); debug builds, which run the test suite, keep them, and
// so do the fuzzers' release builds (scripts/fuzz sets LOGHUNT_CHECK_EXCLUSIVITY=1).
let exclusivity: [SwiftSetting] =
    Context.environment["LOGHUNT_CHECK_EXCLUSIVITY"] == "1"
    ? [] : [.unsafeFlags(["-enforce-exclusivity=unchecked"], .when(configuration: .release))]

let strict: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
] + exclusivity

let package = Package(
    name: "loghunt",
    products: [
        .executable(name: "loghunt", targets: ["LogHuntCLI"]),
        .library(name: "LogHunt", targets: ["LogHunt"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based.git", from: "2.0.1"),
    ],
    targets: [
        // C system libraries: one Swift file per library imports each of them.
        .systemLibrary(
            name: "CPCRE2", pkgConfig: "libpcre2-8",
            providers: [.apt(["libpcre2-dev"]), .brew(["pcre2"])]),
        .systemLibrary(
            name: "CZlib", pkgConfig: "zlib",
            providers: [.apt(["zlib1g-dev"])]),
        .systemLibrary(
            name: "CISAL", pkgConfig: "libisal",
            providers: [.apt(["libisal-dev"])]),
        .systemLibrary(
            name: "CMaxMindDB", pkgConfig: "libmaxminddb",
            providers: [.apt(["libmaxminddb-dev"])]),

        // JSON structural scanning, 64 bytes at a time (SSE2): the framer's array elements.
        .target(name: "CByteScan"),

        // Stages.
        .target(name: "LogHuntCore", swiftSettings: strict),
        .target(name: "LogHuntIngest", dependencies: ["LogHuntCore", "CZlib", "CISAL", "CByteScan"], swiftSettings: strict),
        .target(
            name: "LogHuntNormalize", dependencies: ["LogHuntCore", "LogHuntIngest", "CMaxMindDB", "CByteScan"],
            swiftSettings: strict),
        .target(
            name: "LogHuntRules",
            dependencies: ["LogHuntCore", .product(name: "Yams", package: "Yams")],
            swiftSettings: strict),
        .target(name: "LogHuntRegex", dependencies: ["CPCRE2"], swiftSettings: strict),
        .target(
            name: "LogHuntEngine",
            dependencies: [
                "LogHuntCore", "LogHuntIngest", "LogHuntNormalize", "LogHuntRules", "LogHuntRegex", "CByteScan",
            ],
            swiftSettings: strict),
        .target(
            name: "LogHuntReport", dependencies: ["LogHuntCore", "LogHuntNormalize", "LogHuntEngine"],
            swiftSettings: strict),
        // Rules as SQL for distributed engines: a sibling of Engine fed by the same AST.
        .target(
            name: "LogHuntConvert", dependencies: ["LogHuntCore", "LogHuntNormalize", "LogHuntRules"],
            swiftSettings: strict),
        .target(
            name: "LogHunt",
            dependencies: [
                "LogHuntCore", "LogHuntIngest", "LogHuntNormalize", "LogHuntRules", "LogHuntRegex",
                "LogHuntEngine", "LogHuntReport", "LogHuntConvert",
            ],
            swiftSettings: strict),
        .executableTarget(
            name: "LogHuntCLI",
            dependencies: ["LogHunt", .product(name: "ArgumentParser", package: "swift-argument-parser")],
            swiftSettings: strict),

        // Fuzz entry points: replays corpus files normally; built with -D FUZZING and
        // -sanitize=fuzzer by scripts/fuzz it exports LLVMFuzzerTestOneInput.
        .executableTarget(
            name: "LogHuntFuzz", dependencies: ["LogHuntCore", "LogHuntIngest", "LogHuntRules"],
            swiftSettings: strict),

        // Tests: one target per library target, plus shared support.
        .target(
            name: "LogHuntTestSupport",
            dependencies: ["LogHuntCore", "LogHuntIngest"],
            path: "Tests/LogHuntTestSupport"),
        .testTarget(
            name: "LogHuntCoreTests",
            dependencies: ["LogHuntCore", "LogHuntIngest", "LogHuntTestSupport", .product(name: "PropertyBased", package: "swift-property-based")]),
        .testTarget(
            name: "LogHuntIngestTests",
            dependencies: ["LogHuntIngest", "CByteScan", "LogHuntTestSupport", .product(name: "PropertyBased", package: "swift-property-based")],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "LogHuntNormalizeTests",
            dependencies: [
                "LogHuntNormalize", "LogHuntIngest", "LogHuntTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        .testTarget(
            name: "LogHuntRulesTests",
            dependencies: [
                "LogHuntRules", "LogHuntTestSupport", .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "LogHuntRegexTests",
            dependencies: ["LogHuntRegex"]),
        .testTarget(
            name: "LogHuntEngineTests",
            dependencies: [
                "LogHuntEngine", "LogHuntRules", "LogHuntNormalize", "LogHuntIngest", "LogHuntTestSupport",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        .testTarget(
            name: "LogHuntConvertTests",
            dependencies: [
                "LogHuntConvert", "LogHuntRules", "LogHuntTestSupport", "LogHuntNormalize", "LogHuntIngest",
                "LogHuntReport",
            ],
            exclude: ["Fixtures"]),
        .testTarget(
            name: "LogHuntReportTests",
            dependencies: ["LogHuntReport", "LogHuntEngine", "LogHuntNormalize", "LogHuntTestSupport"],
            exclude: ["Snapshots"]),
        .testTarget(
            name: "LogHuntCLITests",
            dependencies: ["LogHuntCLI", "LogHunt", "LogHuntTestSupport"],
            exclude: ["Fixtures"]),
    ]
)
