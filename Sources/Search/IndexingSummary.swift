/// What a finished (or interrupted) batch did.
public struct IndexingSummary: Sendable {
    /// Documents added whose identity (URL, or id without one) the index did not hold.
    public var indexed = 0
    /// Documents that replaced an older version with the same identity but other content.
    public var updated = 0
    /// Documents the index already held with the same identity and content: left as they were.
    public var unchanged = 0
    /// Documents added or updated in the last commit of the batch: all of them once `index` has returned.
    public var committed = 0
    /// Commits made, the final one included (merges not counted).
    public var commits = 0
    /// Merges made by the merge policy: in the background after commits, then after the last commit.
    public var merges = 0
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
        var progress = IndexingProgress(
            documents: indexed + updated + unchanged, skipped: skipped, failed: failures.count, bytes: bytes,
            totalBytes: totalBytes, seconds: seconds)
        progress.updated = updated
        progress.unchanged = unchanged
        return progress
    }
}
