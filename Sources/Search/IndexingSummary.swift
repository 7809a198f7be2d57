/// What a finished (or interrupted) batch did.
public struct IndexingSummary: Sendable {
    /// Documents added.
    public var indexed = 0
    /// Documents in the last commit of the batch: all of `indexed` once `index` has returned.
    public var committed = 0
    /// Commits made, the final one included.
    public var commits = 0
    /// Inputs passed over because they hold no page (WARC requests, metadata, non-HTML responses).
    public var skipped = 0
    /// Inputs that could not be read or extracted, with the reason for each.
    public var failures: [(origin: String, message: String)] = []
    /// Raw bytes of input read (compressed bytes for gzipped files).
    public var bytes = 0
    /// The total size of the inputs when known in advance (files and directories; not standard input).
    public var totalBytes: Int?
    /// Wall-clock seconds, commits included.
    public var seconds = 0.0
    /// The signal that stopped the batch early, or nil when every input was read.
    public var interruptedBy: Int32?

    /// An empty summary.
    public init() {}

    /// The figures as a progress report.
    public var progress: IndexingProgress {
        IndexingProgress(
            documents: indexed, skipped: skipped, failed: failures.count, bytes: bytes, totalBytes: totalBytes,
            seconds: seconds)
    }
}
