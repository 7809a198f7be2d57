import ArgumentParser
import Dispatch
import Foundation
import Search

/// `search optimize`: merges every segment of an index into one, leaving deleted documents out.
struct OptimizeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "optimize",
        abstract: "Merge all segments of an index into one, purging deleted documents.",
        discussion: """
            The live documents of every segment are merged, in order, into one new segment, which replaces \
            the others at one commit: their postings are merged, not their text analyzed again. Searches \
            answer as they would from an index built in one go from those documents.
            """
    )

    @OptionGroup var location: IndexLocation

    @Flag(help: "Print one JSON object: {\"segments\", \"documents\", \"purged\", \"seconds\"}.")
    var json = false

    func run() throws {
        let directory = location.directory
        let before = try IndexReader(directory: directory)  // no index: "no index at …" rather than a new one
        let purged = before.documentCount - before.liveDocumentCount
        let start = DispatchTime.now()
        let writer = try IndexWriter(directory: directory)
        let merged = try writer.forceMerge()
        let seconds = Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9
        if json {
            print(JSONOutput.object([
                ("segments", .int(merged)),
                ("documents", .int(writer.committedDocumentCount)),
                ("purged", .int(merged > 0 ? purged : 0)),
                ("seconds", .double(seconds)),
            ]).text)
        } else if merged == 0 {
            Terminal.error("\(directory) is already one segment without deletions\n")
        } else {
            Terminal.error(
                "Merged \(merged) segments into one: \(Format.count(writer.committedDocumentCount, "document")), "
                    + "\(Format.count(purged, "deleted document")) purged, in \(Format.fixed(seconds, 1)) s\n")
        }
    }
}
