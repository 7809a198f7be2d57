import Foundation
import SearchAnalysis
import Testing

@testable import SearchIndex
@testable import SearchQuery

/// Merged segments answer exactly as one segment built from the same live documents: same documents in the
/// same order, same scores, same counts.
@Suite("Merges")
struct MergeTests {
    /// A fresh index directory, removed on deinit.
    final class Directory {
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("search-merge-\(UUID().uuidString)")
            .path
        deinit { try? FileManager.default.removeItem(atPath: path) }
    }

    static func documents(seed: UInt64, count: Int, bodyWords: ClosedRange<Int>) -> [StoredDocument] {
        var rng = SeededGenerator(state: seed)
        return (0..<count).map { SearcherPropertyTests.document(&rng, id: $0, bodyWords: bodyWords) }
    }

    /// An index of `documents` in one segment.
    static func singleSegment(
        _ documents: [StoredDocument], analyzer: AnalyzerKind
    ) throws -> (Directory, IndexReader) {
        let directory = Directory()
        let writer = try IndexWriter(directory: directory.path, analyzer: analyzer)
        for document in documents { try writer.add(document) }
        try writer.commit()
        return (directory, try IndexReader(directory: directory.path))
    }

    /// Checks that `merged` and `expected` give the same hits, scores and counts for random queries.
    static func expectSameAnswers(_ merged: IndexReader, _ expected: IndexReader, seed: UInt64) throws {
        let a = Searcher(reader: merged)
        let b = Searcher(reader: expected)
        var rng = SeededGenerator(state: seed)
        var checked = 0
        var nonEmpty = 0
        while checked < 100 {
            let text = SearcherPropertyTests.query(&rng)
            guard let query = try? QueryParser.parse(text) else { continue }
            checked += 1
            let top = a.search(query, limit: 20)
            if top.total > 0 { nonEmpty += 1 }
            #expect(top.hits == b.search(query, limit: 20).hits, "\(text)")
            #expect(top.total == b.search(query, limit: 0).total, "\(text)")
            #expect(a.count(query) == b.count(query), "\(text)")
            #expect(a.topHits(query, limit: 10) == b.topHits(query, limit: 10), "\(text)")
        }
        #expect(nonEmpty > 30)
    }

    /// Checks that the one segment of `merged` has the same terms, postings, positions, norms, statistics and
    /// identities files, byte for byte between header and footer, as the one segment of `expected`.
    static func expectSameFiles(_ merged: IndexReader, _ expected: IndexReader) throws {
        try #require(merged.segments.count == 1 && expected.segments.count == 1)
        let kinds = SegmentFiles.kinds.filter { $0.kind != .stored }
        for (fileExtension, _) in kinds {
            let a = readBytes(SegmentFiles.path(merged.directory, merged.segments[0].name, fileExtension))
            let b = readBytes(SegmentFiles.path(expected.directory, expected.segments[0].name, fileExtension))
            let content = { (bytes: [UInt8]) in bytes[FileFormat.headerSize..<(bytes.count - FileFormat.footerSize)] }
            let same = content(a) == content(b)
            #expect(same, "\(fileExtension) files differ")
        }
    }

    static func readBytes(_ path: String) -> [UInt8] {
        [UInt8](FileManager.default.contents(atPath: path) ?? Data())
    }

    @Test("optimize purges deletions and equals one segment of the live documents", arguments: [1, 2])
    func optimizeEqualsOneSegment(seed: UInt64) throws {
        let analyzer: AnalyzerKind = seed == 1 ? .plain : .standard
        let documents = Self.documents(seed: seed, count: 300, bodyWords: 0...40)
        var rng = SeededGenerator(state: seed &+ 100)
        let directory = Directory()
        let writer = try IndexWriter(directory: directory.path, analyzer: analyzer)
        var live: [StoredDocument] = []
        for batch in stride(from: 0, to: documents.count, by: 50) {
            for document in documents[batch..<(batch + 50)] { try writer.add(document) }
            try writer.commit()
        }
        for (segment, name) in writer.committedSegmentNames.enumerated() {
            for doc in 0..<50 {
                if Int.random(in: 0..<4, using: &rng) == 0 {
                    try writer.delete(segment: name, document: UInt32(doc))
                } else {
                    live.append(documents[segment * 50 + doc])
                }
            }
        }
        try writer.commit()
        #expect(try writer.forceMerge() == 6)
        let merged = try IndexReader(directory: directory.path)
        #expect(merged.segments.count == 1 && merged.documentCount == live.count)
        #expect(merged.liveDocumentCount == live.count && merged.segments[0].deletedDocuments == nil)
        #expect(try (0..<live.count).map { try merged.segments[0].document(UInt32($0)) } == live)
        let (expectedDirectory, expected) = try Self.singleSegment(live, analyzer: analyzer)
        try Self.expectSameAnswers(merged, expected, seed: seed)
        try Self.expectSameFiles(merged, expected)
        #expect(try writer.forceMerge() == 0, "already one segment without deletions")
        #expect(try IndexChecker(directory: directory.path).check().isIntact)
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("s") }
        #expect(names.count == 6, "only the merged segment's six files are left: \(names)")
        _ = expectedDirectory
    }

    /// The smallest memory budget flushes a segment every few hundred documents; merged, they are one segment.
    @Test func manySmallFlushesThenOptimizeEqualOneSegment() throws {
        let documents = Self.documents(seed: 9, count: 4_000, bodyWords: 100...300)
        let directory = Directory()
        let writer = try IndexWriter(directory: directory.path, analyzer: .standard)
        writer.memoryBudget = 1 << 20
        for document in documents { try writer.add(document) }
        try writer.commit()
        let flushed = try IndexReader(directory: directory.path).segments.count
        #expect(flushed >= 5, "\(flushed) segments")
        #expect(try writer.forceMerge() == flushed)
        let merged = try IndexReader(directory: directory.path)
        let (expectedDirectory, expected) = try Self.singleSegment(documents, analyzer: .standard)
        #expect(merged.segments.count == 1 && merged.documentCount == documents.count)
        try Self.expectSameAnswers(merged, expected, seed: 9)
        try Self.expectSameFiles(merged, expected)
        _ = expectedDirectory
    }

    @Test func thePolicyKeepsSegmentsLogarithmic() throws {
        let documents = Self.documents(seed: 5, count: 40, bodyWords: 0...20)
        let directory = Directory()
        let writer = try IndexWriter(directory: directory.path, analyzer: .plain)
        for document in documents {
            try writer.add(document)
            try writer.commit()
        }
        #expect(writer.committedSegmentNames.count == 40)
        // 40 one-document segments, all of the smallest tier (below 1,000 documents): one pass of 5 merges of 8,
        // then the 5 merged segments are too few for another.
        #expect(try writer.maybeMerge() == 5)
        let reader = try IndexReader(directory: directory.path)
        #expect(reader.segments.map(\.documentCount) == [8, 8, 8, 8, 8])
        #expect(try writer.maybeMerge() == 0)
        let (expectedDirectory, expected) = try Self.singleSegment(documents, analyzer: .plain)
        let ids = { (reader: IndexReader) in
            try reader.segments.flatMap { segment in
                try (0..<segment.documentCount).map { try segment.document(UInt32($0)).id }
            }
        }
        #expect(try ids(reader) == ids(expected))
        _ = expectedDirectory
    }
}
