import Foundation
import SearchAnalysis
import SearchIndex
import SearchQuery

/// An index in a fresh temporary directory, built from batches of documents (one commit, so one segment,
/// per batch) and removed when the value is released.
final class TemporaryIndex {
    let directory: String
    let reader: IndexReader

    /// With `deleting`, the documents for which it returns true (given batch number and position in the batch)
    /// are then deleted in one more commit.
    init(
        analyzer: AnalyzerKind = .plain, batches: [[StoredDocument]],
        deleting: ((_ batch: Int, _ position: Int) -> Bool)? = nil
    ) throws {
        directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("search-query-tests-\(UUID().uuidString)").path
        let writer = try IndexWriter(directory: directory, analyzer: analyzer)
        for batch in batches where !batch.isEmpty {
            for document in batch { try writer.add(document) }
            try writer.commit()
        }
        if let deleting {
            var segments = writer.committedSegmentNames.makeIterator()
            for (b, batch) in batches.enumerated() where !batch.isEmpty {
                let segment = segments.next()!
                for position in batch.indices where deleting(b, position) {
                    try writer.delete(segment: segment, document: UInt32(position))
                }
            }
            try writer.commit()
        }
        reader = try IndexReader(directory: directory)
    }

    convenience init(analyzer: AnalyzerKind = .plain, bodies: [String]) throws {
        try self.init(
            analyzer: analyzer,
            batches: [bodies.enumerated().map { StoredDocument(id: "d\($0.offset)", body: $0.element) }])
    }

    deinit { try? FileManager.default.removeItem(atPath: directory) }

    /// The stored id of a hit.
    func id(_ hit: ScoredDocument) throws -> String {
        try reader.segments[hit.segment].document(hit.doc).id
    }
}
