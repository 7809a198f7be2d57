import ArgumentParser
import Foundation
import Search

/// `search check`: reads every byte of an index and reports each damaged file.
struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Verify an index: checksums, the manifest against its segments, and every dictionary and "
            + "postings list.",
        discussion: "Exits with status 0 when the index is intact, 1 with one line per problem otherwise."
    )

    @OptionGroup var location: IndexLocation

    @Flag(help: "Print one JSON object.")
    var json = false

    func run() throws {
        let report = try IndexChecker(directory: location.directory).check()
        if json {
            print(JSONOutput.object([
                ("ok", .bool(report.isIntact)),
                ("documents", .int(report.documentCount)),
                ("segments", .int(report.segmentCount)),
                ("files", .int(report.fileCount)),
                ("bytes", .int(report.byteCount)),
                ("problems", .array(report.problems.map { .string($0) })),
            ]).text)
        } else if report.isIntact {
            print("ok: \(Format.count(report.documentCount, "document")), "
                + "\(Format.count(report.segmentCount, "segment")), \(Format.count(report.fileCount, "file")), "
                + "\(Format.fixed(Double(report.byteCount) / 1_048_576, 1)) MB verified")
        } else {
            for problem in report.problems { Terminal.error("search: \(problem)\n") }
            Terminal.error(
                "search: the index at \(location.directory) is damaged: "
                    + "\(Format.count(report.problems.count, "problem"))\n")
        }
        if !report.isIntact { throw ExitCode(1) }
    }
}
