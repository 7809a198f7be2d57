import Foundation
import Testing

/// Locates the shared data sets (`../shared/data` relative to the package root) and reads them.
enum TestData {
    /// The package root, found from this file's path (Tests/SearchExtractionTests/TestData.swift).
    static let packageRoot: URL = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// `../shared/data` next to the package root.
    static let sharedData: URL = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data")

    /// The bytes of `relativePath` under shared/data; records a test failure (never a silent pass) if missing.
    static func bytes(_ relativePath: String, sourceLocation: SourceLocation = #_sourceLocation) throws -> [UInt8] {
        let url = sharedData.appendingPathComponent(relativePath)
        guard let data = FileManager.default.contents(atPath: url.path) else {
            Issue.record("missing shared test data: \(url.path)", sourceLocation: sourceLocation)
            throw MissingData(path: url.path)
        }
        return [UInt8](data)
    }

    /// The decompressed bytes of a .gz file (through the system gzip).
    static func gunzip(_ path: String) throws -> [UInt8] {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["gzip", "-dc", path]
        let pipe = Pipe()
        process.standardOutput = pipe
        try process.run()
        let data = pipe.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        guard process.terminationStatus == 0 else { throw MissingData(path: path) }
        return [UInt8](data)
    }

    struct MissingData: Error, CustomStringConvertible {
        var path: String
        var description: String { "missing or unreadable test data: \(path)" }
    }
}
