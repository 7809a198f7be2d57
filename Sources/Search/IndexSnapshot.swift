import Foundation
import SearchIndex
import SearchQuery

/// One commit of an index opened for reading: the searcher over it, lookups by document id, and the figures a
/// server reports about it. Immutable; share it between threads and keep it for as long as a request runs.
public final class IndexSnapshot: Sendable {
    /// Ranks queries over this commit.
    public let searcher: ArticleSearcher
    /// When the commit was published (the manifest's modification time), if known.
    public let committedAt: Date?
    /// Bytes on disk of the commit's files (manifest and segments).
    public let sizeInBytes: Int

    /// Opens the latest commit of the index in `directory`.
    public convenience init(directory: String, parameters: BM25Parameters = BM25Parameters()) throws {
        let committedAt = ManifestSignature(directory: directory)?.modified
        try self.init(directory: directory, parameters: parameters, committedAt: committedAt)
    }

    init(directory: String, parameters: BM25Parameters, committedAt: Date?) throws {
        searcher = try ArticleSearcher(directory: directory, parameters: parameters)
        self.committedAt = committedAt
        let segments = searcher.reader.segments
        sizeInBytes = Self.size(of: segments.map(\.name), in: directory)
    }

    /// The commit's generation (one more at every commit).
    public var generation: UInt64 { searcher.reader.generation }
    /// The number of documents in the commit, deleted ones left out.
    public var documentCount: Int { searcher.reader.liveDocumentCount }
    /// The number of segments in the commit.
    public var segmentCount: Int { searcher.reader.segments.count }
    /// The analyzer the index was built with.
    public var analyzer: AnalyzerKind { searcher.reader.analyzer }

    /// The live stored document whose id is `id`, or nil; when several have it, the newest. A lookup is a
    /// binary search in each segment's `.ids` file and one stored read.
    public func document(id: String) throws -> StoredDocument? {
        for segment in searcher.reader.segments.reversed() {
            if let doc = segment.liveDocuments(id: id).last { return try segment.document(doc) }
        }
        return nil
    }

    /// The total size of the manifest and of the files named `<segment>.<extension>` for `segments`.
    private static func size(of segments: [String], in directory: String) -> Int {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
        let wanted = Set(segments)
        var total = 0
        for name in names {
            // `<segment>.<kind>` and `<segment>_<generation>.deletes`.
            let stem = name.split(separator: ".", maxSplits: 1).first.map { $0.split(separator: "_").first ?? $0 }
                .map(String.init) ?? name
            guard name == "manifest" || (name.contains(".") && wanted.contains(stem)) else { continue }
            let attributes = try? FileManager.default.attributesOfItem(atPath: directory + "/" + name)
            total += (attributes?[.size] as? NSNumber)?.intValue ?? 0
        }
        return total
    }
}
