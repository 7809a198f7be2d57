import ArgumentParser
import Foundation
import Search

/// `search index PATH…`: adds pages, directories of pages and JSONL files to an index and commits.
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Index HTML pages (.html, .htm, .xhtml, also .gz), directories of them, or JSONL files.",
        discussion: """
            JSONL lines are {"id", "url"?, "title"?, "body" | "text" | "html"}. Use - to read standard input.
            Inputs that cannot be read are reported and skipped; the exit status is then 1.
            """
    )

    @Argument(help: "Files or directories to index, or - for standard input.")
    var paths: [String]

    @OptionGroup var location: IndexLocation

    @Option(help: "The analyzer of a new index: standard or plain (lowercase and split only).")
    var analyzer: AnalyzerKind?

    @Option(help: "Input format: auto (by name, then content), html or jsonl.")
    var format: InputFormat = .auto

    @Option(help: "Threads that extract pages (default: the number of cores).")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @Flag(help: "Print no progress line.")
    var quiet = false

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one file or directory to index") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    func run() throws {
        let indexer = try ArticleIndexer(directory: location.directory, analyzer: analyzer)
        var line = ProgressLine()
        let summary = try indexer.index(paths, format: format, jobs: jobs) { progress in
            guard !quiet else { return }
            line.update(Self.describe(progress), seconds: progress.seconds)
        }
        for failure in summary.failures.prefix(20) {
            Terminal.error("search: skipped \(failure.origin): \(failure.message)\n")
        }
        if summary.failures.count > 20 {
            Terminal.error("search: … and \(summary.failures.count - 20) more skipped inputs\n")
        }
        if !quiet {
            line.finish(Self.describe(IndexingProgress(
                documents: summary.indexed, failed: summary.failures.count, bytes: summary.bytes,
                seconds: summary.seconds)) + ", committed to \(location.directory)")
        }
        if !summary.failures.isEmpty { throw ExitCode(1) }
    }

    private static func describe(_ progress: IndexingProgress) -> String {
        let seconds = max(progress.seconds, 1e-9)
        let failed = progress.failed > 0 ? ", \(progress.failed) skipped" : ""
        return "\(progress.documents) documents, \(Format.bytes(progress.bytes)) in \(Format.fixed(seconds, 1)) s "
            + "(\(Format.fixed(Double(progress.documents) / seconds, 0)) docs/s, "
            + "\(Format.fixed(Double(progress.bytes) / seconds / 1_048_576, 1)) MB/s)\(failed)"
    }
}

extension AnalyzerKind: ExpressibleByArgument {}
extension InputFormat: ExpressibleByArgument {}
