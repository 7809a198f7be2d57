import ArgumentParser
import Foundation
import Search

/// `search stats`: what an index holds and how large it is.
struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "Show an index's documents, deletions, segments, analyzer and size on disk."
    )

    @OptionGroup var location: IndexLocation

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        let reader = try IndexReader(directory: location.directory)
        let size = Self.diskSize(location.directory)
        var tokens: UInt64 = 0
        for segment in reader.segments { tokens += segment.statistics(.body).totalTermCount }
        if json {
            print(JSONOutput.object([
                ("documents", .int(reader.liveDocumentCount)),
                ("deleted", .int(reader.documentCount - reader.liveDocumentCount)),
                ("segments", .int(reader.segments.count)),
                ("analyzer", .string(reader.analyzer.rawValue)),
                ("tokens", .int(Int(tokens))),
                ("bytes", .int(size)),
            ]).text)
        } else {
            print("""
                index     \(location.directory)
                documents \(reader.liveDocumentCount)
                deleted   \(reader.documentCount - reader.liveDocumentCount) (purged by merges and `search optimize`)
                segments  \(reader.segments.count)
                analyzer  \(reader.analyzer.rawValue)
                tokens    \(tokens) (body field)
                size      \(Format.bytes(size))
                """)
        }
    }

    /// The total size of the regular files in `directory`.
    static func diskSize(_ directory: String) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        return names.reduce(0) { total, name in
            let attributes = try? FileManager.default.attributesOfItem(atPath: directory + "/" + name)
            return total + ((attributes?[.size] as? NSNumber)?.intValue ?? 0)
        }
    }
}
