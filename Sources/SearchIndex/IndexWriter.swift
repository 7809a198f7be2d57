import SearchAnalysis

/// Accumulates documents in memory (contiguous arrays) and commits them as immutable segments.
///
/// One writer per index at a time: an advisory lock on `write.lock` enforces it, and the file names the process
/// id of the writer holding it, for the error another writer gets. Documents are buffered in a
/// `SegmentWriter`; when its memory passes `memoryBudget` it is flushed to a new segment that becomes visible
/// at the next `commit()`. A commit syncs every new file, then publishes a new manifest atomically, so a crash
/// at any point leaves the previous commit intact and readable.
public final class IndexWriter {
    /// The index directory.
    public let directory: String
    /// The analyzer recorded in the index.
    public let analyzer: AnalyzerKind
    /// Flush buffered documents to a segment once they take this many bytes (at most 2 GiB).
    public var memoryBudget: Int = 256 << 20 {
        didSet { memoryBudget = Swift.min(Swift.max(memoryBudget, 1 << 20), 2 << 30) }
    }

    private var analysis: Analyzer
    private var committed: Manifest
    /// Segments flushed since the last commit (synced, not yet in the manifest).
    private var pending: [SegmentInfo] = []
    private var nextSegmentNumber: UInt64
    private var buffer = SegmentWriter()
    private var lock: Int32?

    /// The lock file's name.
    static let lockFileName = "write.lock"

    /// Opens the index in `directory`, creating the directory and an empty index if needed. A new index records
    /// `analyzer` (default .standard); opening an existing index with a different explicit analyzer throws.
    public init(directory: String, analyzer: AnalyzerKind? = nil) throws {
        try FileSystem.createDirectory(directory)
        let lockPath = "\(directory)/\(Self.lockFileName)"
        guard let lock = try FileSystem.tryLock(lockPath) else {
            throw IndexError.locked(directory: directory, pid: FileSystem.lockHolder(lockPath))
        }
        do {
            let manifest: Manifest
            if FileSystem.exists("\(directory)/\(Manifest.fileName)") {
                manifest = try Manifest.read(from: directory)
                if let analyzer, analyzer != manifest.analyzer {
                    throw IndexError.analyzerMismatch(
                        directory: directory, index: manifest.analyzer, requested: analyzer)
                }
            } else {
                manifest = Manifest(generation: 0, nextSegmentNumber: 0, analyzer: analyzer ?? .standard, segments: [])
                try manifest.publish(in: directory)
            }
            self.directory = directory
            self.analyzer = manifest.analyzer
            self.analysis = Analyzer(manifest.analyzer)
            self.committed = manifest
            self.nextSegmentNumber = manifest.nextSegmentNumber
            self.lock = lock
        } catch {
            FileSystem.unlock(lock)
            throw error
        }
    }

    deinit {
        if let lock { FileSystem.unlock(lock) }
    }

    /// The number of documents added since the last commit.
    public var uncommittedDocumentCount: Int {
        pending.reduce(buffer.documentCount) { $0 + $1.documentCount }
    }

    /// The number of documents in the last commit.
    public var committedDocumentCount: Int {
        committed.segments.reduce(0) { $0 + $1.documentCount }
    }

    /// Buffers one document (assigned the next document number).
    public func add(_ document: StoredDocument) throws {
        buffer.add(document, analyzer: &analysis)
        if buffer.allocatedBytes >= memoryBudget || buffer.documentCount >= SegmentWriter.maximumDocumentCount {
            try flush()
        }
    }

    /// Buffers one pre-tokenized document (for tests of the on-disk structures).
    func add(_ document: StoredDocument, tokens: [IndexedField: [(term: [UInt8], position: UInt32)]]) throws {
        buffer.add(document, tokens: tokens)
    }

    /// Writes the buffered documents as a new segment (not yet visible to readers).
    private func flush() throws(IndexError) {
        guard buffer.documentCount > 0 else { return }
        let name = SegmentFiles.name(number: nextSegmentNumber)
        let info = try buffer.flush(directory: directory, name: name)
        nextSegmentNumber += 1
        pending.append(info)
        buffer = SegmentWriter()
    }

    /// Flushes buffered documents into a new segment and atomically publishes a new manifest (commit point).
    /// Does nothing when no document was added since the last commit. If it throws, the previous commit stays
    /// the index's state and the documents stay buffered, so the commit can be retried.
    public func commit() throws {
        try flush()
        guard !pending.isEmpty else { return }
        // The new segment files' directory entries must be durable before the manifest names them.
        try FileSystem.syncDirectory(directory)
        var manifest = committed
        manifest.generation += 1
        manifest.nextSegmentNumber = nextSegmentNumber
        manifest.segments += pending
        try manifest.publish(in: directory)
        committed = manifest
        pending.removeAll()
    }
}
