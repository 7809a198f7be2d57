/// Figures reported while a batch is indexed.
public struct IndexingProgress: Sendable {
    /// Documents read and processed so far (added, updated or found unchanged).
    public var documents: Int
    /// Of `documents`, those that replaced an older version.
    public var updated = 0
    /// Of `documents`, those the index already held unchanged.
    public var unchanged = 0
    /// Inputs passed over because they hold no page (WARC requests, metadata, non-HTML responses).
    public var skipped: Int
    /// Inputs that could not be read or extracted.
    public var failed: Int
    /// Raw bytes of input read so far (compressed bytes for gzipped files).
    public var bytes: Int
    /// The total size of the inputs, when known in advance (files and directories; not standard input).
    public var totalBytes: Int?
    /// Seconds since the batch started.
    public var seconds: Double
    /// Whether everything is read and committed and the last merges are running.
    public var merging = false

    /// Creates a progress report.
    public init(documents: Int, skipped: Int = 0, failed: Int, bytes: Int, totalBytes: Int? = nil, seconds: Double) {
        self.documents = documents
        self.skipped = skipped
        self.failed = failed
        self.bytes = bytes
        self.totalBytes = totalBytes
        self.seconds = seconds
    }
}
