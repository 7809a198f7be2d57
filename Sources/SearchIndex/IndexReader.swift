import SearchAnalysis

/// A point-in-time view of one commit: the manifest's segments, memory-mapped.
///
/// Later commits do not change an open reader (segment files are immutable); open a new reader to see them.
public final class IndexReader: @unchecked Sendable {
    /// The index directory.
    public let directory: String
    /// The analyzer the index was built with (queries must use it too).
    public let analyzer: AnalyzerKind
    /// The commit's segments, oldest first.
    public let segments: [SegmentReader]
    /// The number of documents, summed over segments, deleted ones included (BM25's N, as in Lucene).
    public let documentCount: Int
    /// The number of documents not deleted.
    public let liveDocumentCount: Int
    /// The commit's generation (increases by one per commit).
    public let generation: UInt64

    /// Opens the latest commit in `directory`; throws IndexError (missing index, corrupt file, version) otherwise.
    public convenience init(directory: String) throws {
        try self.init(directory: directory, verifyChecksums: true)
    }

    /// Opens the latest commit in `directory`. With `verifyChecksums: false` only the files' headers, footers
    /// and directories are checked, not their CRC-32 (faster for very large indexes; damage inside postings or
    /// stored blocks then shows as wrong results or `IndexError.corrupt` when read, never as a crash).
    ///
    /// A writer removes the files of merged segments and old deletions after each commit, so a reader that read
    /// the previous manifest may find a file gone: it then opens the newer commit instead.
    public init(directory: String, verifyChecksums: Bool) throws {
        var manifest = try Manifest.read(from: directory, verifyChecksum: verifyChecksums)
        var segments: [SegmentReader] = []
        var attempts = 0
        while true {
            do {
                segments = try manifest.segments.map { info throws(IndexError) in
                    try SegmentReader(directory: directory, info: info, verifyChecksums: verifyChecksums)
                }
                break
            } catch {
                attempts += 1
                let newer = try Manifest.read(from: directory, verifyChecksum: verifyChecksums)
                guard attempts < 8, newer.generation != manifest.generation else { throw error }
                manifest = newer
            }
        }
        self.directory = directory
        self.analyzer = manifest.analyzer
        self.segments = segments
        self.documentCount = segments.reduce(0) { $0 + $1.documentCount }
        self.liveDocumentCount = segments.reduce(0) { $0 + $1.liveDocumentCount }
        self.generation = manifest.generation
    }
}
