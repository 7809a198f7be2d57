import ArgumentParser
import Foundation
import Search

/// `search index PATH…`: adds pages, directories of pages, JSONL files and web archives to an index and commits.
struct IndexCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "index",
        abstract: "Index HTML pages (.html, .htm, .xhtml), JSONL files and WARC archives (each also .gz), or "
            + "directories of them.",
        discussion: """
            JSONL lines are {"id", "url"?, "title"?, "body" | "text" | "html"}. WARC files give the HTML of their \
            response records, named by WARC-Target-URI; other records are counted as skipped. Use - to read \
            standard input.
            Inputs that cannot be read are reported and skipped; the exit status is then 1. Ctrl-C (SIGINT) or \
            SIGTERM stops reading, commits what was read and exits with 130 or 143.
            """
    )

    @Argument(help: "Files or directories to index, or - for standard input.")
    var paths: [String]

    @OptionGroup var location: IndexLocation

    @Option(help: "The analyzer of a new index: standard or plain (lowercase and split only).")
    var analyzer: AnalyzerKind?

    @Option(help: "Input format: auto (by content, then name), html, jsonl or warc.")
    var format: InputFormat = .auto

    @Option(help: "Threads that extract pages (default: the number of cores).")
    var jobs = ProcessInfo.processInfo.activeProcessorCount

    @Option(help: "Commit after every N documents (0, the default: by time and at the end only).")
    var commitEvery = 0

    @Option(help: "Commit when this many seconds have passed since the last commit (0: never).")
    var commitInterval = 60.0

    @Option(help: "Memory for buffered documents, in MB, before they are written as a segment (default: 256).")
    var memory: Int?

    @Flag(help: "Print the summary as one JSON object on standard output.")
    var json = false

    @Flag(help: "Print nothing but errors.")
    var quiet = false

    /// Seconds between progress lines when standard error is not a terminal.
    static let plainProgressInterval = 5.0
    /// Failures listed one by one before the rest are only counted.
    static let listedFailures = 20

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one file or directory to index") }
        guard jobs >= 1 else { throw ValidationError("--jobs must be at least 1") }
        guard commitEvery >= 0 else { throw ValidationError("--commit-every must be 0 or more") }
        guard commitInterval >= 0 else { throw ValidationError("--commit-interval must be 0 or more") }
        if let memory { guard memory >= 1 else { throw ValidationError("--memory must be at least 1 (MB)") } }
    }

    func run() throws {
        let indexer = try ArticleIndexer(directory: location.directory, analyzer: analyzer)
        var options = IndexingOptions()
        options.format = format
        options.jobs = jobs
        options.commitEvery = commitEvery > 0 ? commitEvery : nil
        options.commitInterval = commitInterval > 0 ? commitInterval : nil
        options.memoryBudget = memory.map { $0 << 20 }
        let interrupt = InterruptFlag()
        options.interrupt = interrupt
        let trap = SignalTrap(interrupt)
        var line = ProgressLine(interval: Self.plainProgressInterval)
        let quiet = quiet
        let summary = try indexer.index(paths, options: options) { progress in
            guard !quiet else { return }
            let text = line.isLive ? Self.bar(progress) : Self.describe(progress)
            if progress.merging {
                line.show(text + ", merging segments")
            } else {
                line.update(text, seconds: progress.seconds)
            }
        }
        withExtendedLifetime(trap) {}
        line.clear()
        for failure in summary.failures.prefix(Self.listedFailures) {
            Terminal.error("search: failed \(failure.origin): \(failure.message)\n")
        }
        if summary.failures.count > Self.listedFailures {
            Terminal.error("search: … and \(summary.failures.count - Self.listedFailures) more failed inputs\n")
        }
        if json {
            print(Self.json(summary, directory: location.directory).text)
        } else if !quiet {
            let interrupted = summary.interruptedBy.map { "Interrupted by \(SignalTrap.name(of: $0)): " } ?? ""
            Terminal.error(interrupted + Self.describe(summary.progress) + ", committed to \(location.directory)\n")
        }
        if let signal = summary.interruptedBy { throw ExitCode(128 + signal) }
        if !summary.failures.isEmpty { throw ExitCode(1) }
    }

    /// The summary object of `--json`: `{"indexed", "updated", "unchanged", "skipped", "failed", "bytes",
    /// "seconds", "commits", "merges",
    /// "interrupted", "index", "failures": [{"origin", "message"}]}`.
    static func json(_ summary: IndexingSummary, directory: String) -> JSONOutput {
        .object([
            ("indexed", .int(summary.indexed)),
            ("updated", .int(summary.updated)),
            ("unchanged", .int(summary.unchanged)),
            ("skipped", .int(summary.skipped)),
            ("failed", .int(summary.failures.count)),
            ("bytes", .int(summary.bytes)),
            ("seconds", .double(summary.seconds)),
            ("commits", .int(summary.commits)),
            ("merges", .int(summary.merges)),
            ("interrupted", summary.interruptedBy.map { .string(SignalTrap.name(of: $0)) } ?? .null),
            ("index", .string(directory)),
            ("failures", .array(summary.failures.map {
                .object([("origin", .string($0.origin)), ("message", .string($0.message))])
            })),
        ])
    }

    /// Documents, bytes, time, rates and what was passed over, as one line of text.
    static func describe(_ progress: IndexingProgress) -> String {
        let seconds = max(progress.seconds, 1e-9)
        let updated = progress.updated > 0 ? ", \(progress.updated) updated" : ""
        let unchanged = progress.unchanged > 0 ? ", \(progress.unchanged) unchanged" : ""
        let skipped = progress.skipped > 0 ? ", \(progress.skipped) skipped" : ""
        let failed = progress.failed > 0 ? ", \(progress.failed) failed" : ""
        return "\(Format.count(progress.documents, "document")), \(Format.bytes(progress.bytes)) in "
            + "\(Format.fixed(seconds, 1)) s "
            + "(\(Format.fixed(Double(progress.documents) / seconds, 0)) docs/s, "
            + "\(Format.fixed(Double(progress.bytes) / seconds / 1_048_576, 1)) MB/s)"
            + "\(updated)\(unchanged)\(skipped)\(failed)"
    }

    /// The terminal's progress line: a bar, the share done and the time left when the total size is known,
    /// then the figures of `describe`.
    static func bar(_ progress: IndexingProgress) -> String {
        guard let total = progress.totalBytes, total > 0 else { return describe(progress) }
        let width = 24
        let fraction = min(1, Double(progress.bytes) / Double(total))
        let filled = Int(fraction * Double(width))
        let bar = "[" + String(repeating: "#", count: filled) + String(repeating: ".", count: width - filled) + "]"
        let eta: String
        if progress.bytes > 0 && progress.seconds > 1 {
            let remaining = progress.seconds * Double(total - progress.bytes) / Double(progress.bytes)
            eta = " ETA " + Format.duration(remaining)
        } else {
            eta = ""
        }
        return "\(bar) \(Format.fixed(fraction * 100, 0))%\(eta)  " + describe(progress)
    }
}

extension AnalyzerKind: ExpressibleByArgument {}
extension InputFormat: ExpressibleByArgument {}
