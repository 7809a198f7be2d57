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
    private let idTables: [DocumentIDTable]

    /// Opens the latest commit of the index in `directory`.
    public convenience init(directory: String, parameters: BM25Parameters = BM25Parameters()) throws {
        let committedAt = ManifestSignature(directory: directory)?.modified
        try self.init(
            directory: directory, parameters: parameters, committedAt: committedAt, idTables: DocumentIDTables())
    }

    init(directory: String, parameters: BM25Parameters, committedAt: Date?, idTables: DocumentIDTables) throws {
        searcher = try ArticleSearcher(directory: directory, parameters: parameters)
        self.committedAt = committedAt
        let segments = searcher.reader.segments
        self.idTables = idTables.tables(for: segments)
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

    /// The stored document whose id is `id`, or nil. When an id was indexed more than once, the latest copy.
    /// The first lookup in a segment reads all of its stored documents once (see `DocumentIDTable`).
    public func document(id: String) throws -> StoredDocument? {
        let segments = searcher.reader.segments
        for index in segments.indices.reversed() {
            if let document = try idTables[index].document(id: id, in: segments[index]) { return document }
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
