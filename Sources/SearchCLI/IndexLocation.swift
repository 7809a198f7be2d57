import ArgumentParser
import Foundation

/// The `--index DIR` option shared by every command that reads an index.
struct IndexLocation: ParsableArguments {
    /// The folder used when `--index` is not given.
    static let defaultDirectory = ".search-index"

    @Option(name: .long, help: "The index folder (default: \(IndexLocation.defaultDirectory)).")
    var index: String?

    /// The folder to use.
    var directory: String { index ?? Self.defaultDirectory }
}
