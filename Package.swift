// swift-tools-version: 6.1
import PackageDescription
import class Foundation.ProcessInfo

/// Micro benchmarks pull in ordo-one/benchmark, which slows a clean build several-fold, so they are built
/// only when `SEARCH_BENCHMARKS=1` is set (`SEARCH_BENCHMARKS=1 swift package --disable-sandbox benchmark`).
let benchmarksEnabled = ProcessInfo.processInfo.environment["SEARCH_BENCHMARKS"] == "1"

var package = Package(
    name: "search",
    platforms: [.macOS(.v15)],
    products: [
        .library(name: "Search", targets: ["Search"]),
        .executable(name: "search", targets: ["SearchCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.5.0"),
        .package(url: "https://github.com/hummingbird-project/hummingbird", from: "2.0.0"),
        .package(url: "https://github.com/apple/swift-log.git", from: "1.6.0"),
    ],
    targets: [
        .systemLibrary(
            name: "CLibXML2",
            pkgConfig: "libxml-2.0",
            providers: [.apt(["libxml2-dev"])]
        ),
        .target(
            name: "SearchExtraction",
            dependencies: ["CLibXML2"]
        ),
        .systemLibrary(name: "CZlib", providers: [.apt(["zlib1g-dev"])]),
        .target(name: "SearchAnalysis"),
        .target(name: "CPrefetch"),
        .target(
            name: "SearchIndex",
            dependencies: ["SearchAnalysis", "CZlib", "CPrefetch"]
        ),
        .target(
            name: "SearchQuery",
            dependencies: ["SearchAnalysis", "SearchIndex"]
        ),
        .target(
            name: "Search",
            dependencies: ["SearchExtraction", "SearchAnalysis", "SearchIndex", "SearchQuery", "CZlib"]
        ),
        .target(
            name: "SearchServer",
            dependencies: [
                "Search",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
        .executableTarget(
            name: "SearchCLI",
            dependencies: [
                "Search",
                "SearchServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .testTarget(name: "SearchExtractionTests", dependencies: ["SearchExtraction", "SearchAnalysis"]),
        .testTarget(name: "SearchAnalysisTests", dependencies: ["SearchAnalysis"]),
        .testTarget(name: "SearchIndexTests", dependencies: ["SearchIndex", "SearchAnalysis"]),
        .testTarget(name: "SearchQueryTests", dependencies: ["SearchQuery", "SearchIndex", "SearchAnalysis"]),
        .testTarget(name: "SearchTests", dependencies: ["Search"]),
        .testTarget(name: "EndToEndTests", dependencies: ["SearchCLI"]),
        .testTarget(
            name: "SearchServerTests",
            dependencies: [
                "SearchServer",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ]
        ),
    ]
)

if benchmarksEnabled {
    package.dependencies.append(
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.0", traits: ["MallocInterposer"])
    )
    package.targets.append(
        .executableTarget(
            name: "SearchBenchmarks",
            dependencies: [
                "Search",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/SearchBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        )
    )
}
