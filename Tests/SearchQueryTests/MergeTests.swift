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
        var rng = SeededGenerator(seed: seed)
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

    /// Checks that `merged` and `expected` give the same hits (by document id), scores and counts for random
    /// queries, however each is segmented; with `countsOnly`, the same counts (deleted documents that are still
    /// in a segment count in its statistics, so scores differ from an index without them).
    static func expectSameAnswers(
        _ merged: IndexReader, _ expected: IndexReader, seed: UInt64, countsOnly: Bool = false
    ) throws {
        let a = Searcher(reader: merged)
        let b = Searcher(reader: expected)
        func named(_ hits: [ScoredDocument], _ reader: IndexReader) throws -> [String] {
            try hits.map { "\(try reader.segments[$0.segment].document($0.doc).id) \($0.score)" }
        }
        var rng = SeededGenerator(seed: seed)
        var checked = 0
        var nonEmpty = 0
        while checked < 100 {
            let text = SearcherPropertyTests.query(&rng)
            guard let query = try? QueryParser.parse(text) else { continue }
            checked += 1
            let top = a.search(query, limit: 20)
            if top.total > 0 { nonEmpty += 1 }
            #expect(a.count(query) == b.count(query), "\(text)")
            if countsOnly { continue }
            #expect(try named(top.hits, merged) == named(b.search(query, limit: 20).hits, expected), "\(text)")
            #expect(top.total == b.search(query, limit: 0).total, "\(text)")
            #expect(
                try named(a.topHits(query, limit: 10), merged) == named(b.topHits(query, limit: 10), expected),
                "\(text)")
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
        var rng = SeededGenerator(seed: seed &+ 100)
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

    /// Documents identified by their ids (no URL), for tests of updates.
    static func documentsByID(seed: UInt64, count: Int) -> [StoredDocument] {
        documents(seed: seed, count: count, bodyWords: 0...30).map {
            StoredDocument(id: $0.id, url: "", title: $0.title, body: $0.body)
        }
    }

    /// A writer whose index holds `documents` in segments of `perSegment` documents, one commit each.
    static func segmentedWriter(_ documents: [StoredDocument], perSegment: Int, in directory: Directory) throws
        -> IndexWriter
    {
        let writer = try IndexWriter(directory: directory.path, analyzer: .plain)
        for batch in stride(from: 0, to: documents.count, by: perSegment) {
            for document in documents[batch..<min(batch + perSegment, documents.count)] { try writer.add(document) }
            try writer.commit()
        }
        return writer
    }

    /// The ids of an index's documents, in order, deleted ones left out.
    static func liveIDs(_ reader: IndexReader) throws -> [String] {
        try reader.segments.flatMap { segment in
            try (0..<UInt32(segment.documentCount)).filter { !segment.isDeleted($0) }.map {
                try segment.document($0).id
            }
        }
    }

    /// Checks that the index in `directory` holds `live` (by id, in order), answers like one segment of them
    /// (see `expectSameAnswers`) and is intact.
    static func expectHolds(_ live: [StoredDocument], in directory: Directory, seed: UInt64, countsOnly: Bool = false)
        throws
    {
        let reader = try IndexReader(directory: directory.path)
        #expect(try liveIDs(reader) == live.map(\.id))
        let (expectedDirectory, expected) = try singleSegment(live, analyzer: .plain)
        try expectSameAnswers(reader, expected, seed: seed, countsOnly: countsOnly)
        #expect(try IndexChecker(directory: directory.path).check().isIntact)
        _ = expectedDirectory
    }

    @Test func mergingInTheBackgroundAfterEveryCommitEqualsOneSegment() throws {
        let documents = Self.documents(seed: 11, count: 600, bodyWords: 0...40)
        let directory = Directory()
        let writer = try IndexWriter(directory: directory.path, analyzer: .plain)
        var installed = 0
        for batch in stride(from: 0, to: documents.count, by: 10) {
            for document in documents[batch..<(batch + 10)] { try writer.add(document) }
            try writer.commit()
            installed += try writer.mergeInBackground()
        }
        installed += try writer.maybeMerge()
        #expect(installed >= 7, "60 segments of 10 documents need at least 7 merges of 8")
        #expect(writer.runningMerge == nil)
        let merged = try IndexReader(directory: directory.path)
        #expect(merged.segments.count < 8, "\(merged.segments.map(\.documentCount))")
        try Self.expectHolds(documents, in: directory, seed: 11)
    }

    @Test func documentsDeletedDuringABackgroundMergeStayDeleted() throws {
        let documents = Self.documentsByID(seed: 12, count: 240)
        let directory = Directory()
        let writer = try Self.segmentedWriter(documents, perSegment: 30, in: directory)
        #expect(try writer.mergeInBackground() == 0)
        let merge = try #require(writer.runningMerge)
        #expect(merge.sources.count == 8)
        // While it runs (or after it finished: it is installed only below), delete and replace documents of the
        // segments it merges, and add others.
        for k in stride(from: 3, to: 240, by: 7) { #expect(try writer.delete(id: "doc\(k)") == 1) }
        let changed = StoredDocument(id: "doc5", url: "", title: "changed", body: "a new version")
        #expect(try writer.update(changed) == .updated)
        let added = Self.documentsByID(seed: 13, count: 20).map {
            StoredDocument(id: "new-" + $0.id, url: "", title: $0.title, body: $0.body)
        }
        for document in added { try writer.add(document) }
        #expect(try writer.finishMerge() == 1)
        #expect(try IndexReader(directory: directory.path).segments.map(\.documentCount) == [240, 21])
        let live =
            documents.enumerated().filter { $0.offset % 7 != 3 && $0.offset != 5 }.map(\.element) + [changed] + added
        try Self.expectHolds(live, in: directory, seed: 12, countsOnly: true)
    }

    @Test func aBackgroundMergeWhoseSegmentsChangedIsDropped() throws {
        let documents = Self.documentsByID(seed: 14, count: 80)
        let directory = Directory()
        let writer = try Self.segmentedWriter(documents, perSegment: 10, in: directory)
        try writer.mergeInBackground()
        // Every document of the fourth segment goes, and the segment with them: the merge no longer fits.
        for k in 30..<40 { #expect(try writer.delete(id: "doc\(k)") == 1) }
        #expect(try writer.finishMerge() == 0)
        let reader = try IndexReader(directory: directory.path)
        #expect(reader.segments.count == 7)
        #expect(try Self.liveIDs(reader) == documents.filter { !(30..<40).contains(Int($0.id.dropFirst(3))!) }.map(\.id))
        let files = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("s") }
        #expect(files.count == 7 * 6, "the merged segment's files are gone: \(files.sorted())")
        #expect(try writer.maybeMerge() == 0, "seven segments are fewer than a merge takes")
    }

    @Test func aBackgroundMergeMissingARestoredDocumentIsDropped() throws {
        let documents = Self.documentsByID(seed: 15, count: 80)
        let directory = Directory()
        _ = try Self.segmentedWriter(documents, perSegment: 10, in: directory)
        let writer = try IndexWriter(directory: directory.path)
        let original = documents[12]
        #expect(try writer.update(StoredDocument(id: original.id, url: "", title: "other", body: "other")) == .updated)
        try writer.commit()
        try writer.mergeInBackground()  // merges the eight segments without the original
        #expect(try writer.update(original) == .restored)
        #expect(try writer.finishMerge() == 0)
        let reader = try IndexReader(directory: directory.path)
        #expect(try Self.liveIDs(reader) == documents.map(\.id))
        #expect(try IndexChecker(directory: directory.path).check().isIntact)
    }
}
