// swift-tools-version: 6.1
import PackageDescription

/// libFuzzer harnesses, kept out of the main package so that its build is unaffected. See README.md.
let dependencies: [Target.Dependency] = ["CFuzzerDriver", .product(name: "Search", package: "search")]

let package = Package(
    name: "search-fuzz",
    platforms: [.macOS(.v15)],
    dependencies: [.package(name: "search", path: "../..")],
    targets: [
        .target(name: "CFuzzerDriver"),
        .executableTarget(
            name: "FuzzHTMLExtractor", dependencies: dependencies),
        .executableTarget(
            name: "FuzzQueryParser", dependencies: dependencies),
        .executableTarget(
            name: "FuzzSegmentReader", dependencies: dependencies),
    ]
)
