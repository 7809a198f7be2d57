import Foundation
import Testing

@testable import SearchIndex

/// `IndexWriter.update`: a document's identity is its URL, or its id when it has none; the same content is
/// left alone, other content replaces the live version.
@Suite struct IndexWriterUpdateTests {
    static func document(_ i: Int, body: String = "alpha beta", url: Bool = true) -> StoredDocument {
        StoredDocument(
            id: "d\(i)", url: url ? "https://example.com/\(i)" : "", title: "Title \(i)", body: "\(body) \(i)")
    }

    /// The live documents of the index, as (id, body), in index order.
    static func live(_ directory: TemporaryDirectory) throws -> [String] {
        let reader = try IndexReader(directory: directory.path)
        var result: [String] = []
        for segment in reader.segments {
            for doc in 0..<UInt32(segment.documentCount) where !segment.isDeleted(doc) {
                let document = try segment.document(doc)
                result.append("\(document.id): \(document.body)")
            }
        }
        return result
    }

    /// An index of documents 0, 1 and 2, committed by a writer that is gone.
    static func threeDocuments(_ label: String = #function) throws -> TemporaryDirectory {
        let directory = TemporaryDirectory(label)
        let writer = try IndexWriter(directory: directory.path)
        for i in 0..<3 { try writer.update(Self.document(i)) }
        try writer.commit()
        return directory
    }

    @Test func unchangedDocumentsAreNotAddedAgain() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let writer = try IndexWriter(directory: directory.path)
        for i in 0..<5 { #expect(try writer.update(Self.document(i)) == .added) }
        try writer.commit()
        let generation = try IndexReader(directory: directory.path).generation
        for i in 0..<5 { #expect(try writer.update(Self.document(i)) == .unchanged) }
        try writer.commit()
        let reader = try IndexReader(directory: directory.path)
        #expect(reader.generation == generation, "nothing changed, so nothing was committed")
        #expect(reader.documentCount == 5 && reader.liveDocumentCount == 5)
        #expect(reader.segments.count == 1)
    }

    @Test func aChangedDocumentReplacesTheOldVersion() throws {
        let directory = try Self.threeDocuments()
        defer { directory.remove() }
        let writer = try IndexWriter(directory: directory.path)  // a later run
        #expect(try writer.update(Self.document(1, body: "gamma")) == .updated)
        #expect(try writer.update(Self.document(2)) == .unchanged)
        #expect(try writer.update(Self.document(3)) == .added)
        try writer.commit()
        #expect(try Self.live(directory) == ["d0: alpha beta 0", "d2: alpha beta 2", "d1: gamma 1", "d3: alpha beta 3"])
        let reader = try IndexReader(directory: directory.path)
        #expect(reader.liveDocumentCount == 4 && reader.documentCount == 5)
        #expect(reader.segments[0].liveDocuments(identity: "https://example.com/1").isEmpty)
        #expect(reader.segments[1].liveDocuments(identity: "https://example.com/1") == [0])
        #expect(reader.segments[1].liveDocuments(id: "d1") == [0])
        #expect(try IndexChecker(directory: directory.path).check().isIntact)
    }

    /// The identity is the URL: the same page under another id is the same document; without a URL, the id.
    @Test func identityIsTheURLOrElseTheID() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let writer = try IndexWriter(directory: directory.path)
        try writer.update(StoredDocument(id: "a", url: "https://example.com/x", body: "one"))
        try writer.update(StoredDocument(id: "b", body: "two"))
        try writer.commit()
        #expect(try writer.update(StoredDocument(id: "renamed", url: "https://example.com/x", body: "one")) == .updated)
        #expect(try writer.update(StoredDocument(id: "b", body: "two")) == .unchanged)
        #expect(try writer.update(StoredDocument(id: "b", body: "three")) == .updated)
        try writer.commit()
        #expect(try Self.live(directory) == ["renamed: one", "b: three"])
    }

    /// Inside one batch the last version wins, whether the earlier one is still buffered, already flushed to a
    /// segment (small memory budget) or committed.
    @Test func theLastVersionInABatchWins() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let writer = try IndexWriter(directory: directory.path)
        writer.memoryBudget = 1 << 20
        try writer.update(Self.document(0, body: "first"))
        try writer.update(Self.document(1, body: "first", url: false))
        #expect(try writer.update(Self.document(0, body: "second")) == .updated)  // buffered
        #expect(try writer.update(Self.document(0, body: "second")) == .unchanged)
        let filler = String(repeating: "lorem ipsum dolor sit amet ", count: 2_000)
        func flushed() throws -> Bool {
            try FileManager.default.contentsOfDirectory(atPath: directory.path).contains { $0.hasSuffix(".ids") }
        }
        var i = 100
        while try !flushed() && i < 1_000 {
            try writer.update(Self.document(i, body: filler + "\(i)"))
            i += 1
        }
        #expect(try flushed())
        #expect(try writer.update(Self.document(1, body: "third", url: false)) == .updated)  // flushed
        try writer.commit()
        #expect(try writer.update(Self.document(0, body: "fourth")) == .updated)  // committed
        try writer.commit()
        let live = try Self.live(directory).filter { $0.hasPrefix("d0:") || $0.hasPrefix("d1:") }
        #expect(live == ["d1: third 1", "d0: fourth 0"])
        #expect(try IndexChecker(directory: directory.path).check().isIntact)
    }

    /// Two inputs of every run share one URL (a page saved under two names): the second wins, and a later run
    /// of the same inputs puts back what was there and publishes nothing.
    @Test func twoInputsWithOneIdentityDoNotChangeTheIndexAtEveryRun() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let first = StoredDocument(id: "GOTO", url: "https://example.org/goto", body: "goto statement, upper case")
        let second = StoredDocument(id: "Goto", url: "https://example.org/goto", body: "goto statement")
        do {
            let writer = try IndexWriter(directory: directory.path)
            #expect(try writer.update(first) == .added)
            #expect(try writer.update(second) == .updated)
            try writer.commit()
        }
        let generation = try IndexReader(directory: directory.path).generation
        for _ in 0..<2 {
            let writer = try IndexWriter(directory: directory.path)
            #expect(try writer.update(first) == .updated)
            #expect(try writer.update(second) == .restored)
            try writer.commit()
            let reader = try IndexReader(directory: directory.path)
            #expect(reader.generation == generation)
            #expect(try Self.live(directory) == ["Goto: goto statement"])
        }
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix("s") }
        #expect(names.count == SegmentFiles.all.count + 1, "one segment and its deletes file: \(names)")
        #expect(try IndexChecker(directory: directory.path).check().isIntact)
    }

    /// A restore whose segment already went through a commit of this writer still works: the deletion is undone
    /// in a new generation of the deletes file.
    @Test func aRestoreAfterACommitWritesTheDeletionsAgain() throws {
        let directory = try Self.threeDocuments()
        defer { directory.remove() }
        let writer = try IndexWriter(directory: directory.path)
        #expect(try writer.update(Self.document(1, body: "changed")) == .updated)
        try writer.commit()
        #expect(try Self.live(directory) == ["d0: alpha beta 0", "d2: alpha beta 2", "d1: changed 1"])
        #expect(try writer.update(Self.document(1)) == .restored)
        try writer.commit()
        #expect(try Self.live(directory) == ["d0: alpha beta 0", "d1: alpha beta 1", "d2: alpha beta 2"])
        let reader = try IndexReader(directory: directory.path)
        #expect(reader.segments.count == 1 && reader.segments[0].deletedDocuments == nil)
        #expect(try IndexChecker(directory: directory.path).check().isIntact)
    }

    @Test func identityTablesAreChecked() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let writer = try IndexWriter(directory: directory.path)
        for i in 0..<10 { try writer.update(Self.document(i)) }
        try writer.commit()
        let name = writer.committedSegmentNames[0]
        let path = SegmentFiles.path(directory.path, name, SegmentFiles.identities)
        var bytes = readBytes(path)
        // Swap two entries of the identity table and fix the checksum: the file is intact but out of order.
        let table = FileFormat.headerSize + 8 + 8 * 10
        let first = Array(bytes[table..<(table + 20)])
        bytes.replaceSubrange(table..<(table + 20), with: bytes[(table + 20)..<(table + 40)])
        bytes.replaceSubrange((table + 20)..<(table + 40), with: first)
        let crc = bytes.withUnsafeBytes { Checksum.of(UnsafeRawBufferPointer(rebasing: $0[0..<(bytes.count - 4)])) }
        withUnsafeBytes(of: crc.littleEndian) { bytes.replaceSubrange((bytes.count - 4)..., with: $0) }
        writeBytes(bytes, to: path)
        let report = try IndexChecker(directory: directory.path).check()
        #expect(report.problems.count == 1 && report.problems[0].contains("out of order"), "\(report.problems)")
    }

    @Test func contentHashesSeparateFields() {
        let a = StoredDocument(id: "x", title: "ab", body: "c")
        let b = StoredDocument(id: "x", title: "a", body: "bc")
        #expect(ContentHasher.contentHash(of: a) != ContentHasher.contentHash(of: b))
        #expect(ContentHasher.contentHash(of: a) == ContentHasher.contentHash(of: a))
        #expect(DocumentKey("https://example.com/1") != DocumentKey("https://example.com/2"))
        var keys = Set<DocumentKey>()
        for i in 0..<10_000 { keys.insert(DocumentKey("doc-\(i)")) }
        #expect(keys.count == 10_000)
    }
}

/// Several indexing threads: their in-memory segments are flushed together as one segment, each thread's
/// documents after the previous one's, with the deletions of replaced documents carried over.
@Suite struct IndexWriterThreadsTests {
    @Test func threadsFlushAsOneSegmentWithTheirDeletions() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let writer = try IndexWriter(directory: directory.path)
        try writer.useThreads(3)
        // Batches go to different threads; later batches replace documents buffered by earlier ones.
        for batch in 0..<9 {
            let documents = (0..<40).map { i in
                IndexWriterUpdateTests.document(batch * 30 + i, body: "harbour batch\(batch) shared")
            }
            try writer.update(documents)
        }
        try writer.commit()
        let reader = try IndexReader(directory: directory.path)
        #expect(reader.segments.count == 1)
        // Batch b holds documents 30b ..< 30b + 40: 280 documents, 80 of them replaced by the next batch.
        let live = try IndexWriterUpdateTests.live(directory)
        #expect(live.count == 280)
        #expect(Set(live).count == live.count)
        for i in [0, 29, 30, 39, 100, 269, 279] {
            let last = (0..<9).last { $0 * 30 <= i && i < $0 * 30 + 40 }!  // the last batch holding i wins
            #expect(live.contains("d\(i): harbour batch\(last) shared \(i)"), "\(i)")
        }
        #expect(reader.segments[0].deletedCount == 9 * 40 - live.count)
        let report = try IndexChecker(directory: directory.path).check()
        #expect(report.problems.isEmpty, "\(report.problems)")
    }
}

extension IndexWriterThreadsTests {
    /// A field with more terms than `SegmentWriter.parallelTermThreshold` is written in chunks on two threads;
    /// every term still has exactly its postings, in order, and the checker finds nothing wrong.
    @Test func manyTermsAreWrittenInChunksThatAddUp() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let writer = try IndexWriter(directory: directory.path, analyzer: .plain)
        try writer.useThreads(2)
        let count = 2 * SegmentWriter.parallelTermThreshold
        for batch in stride(from: 0, to: count, by: 500) {
            try writer.update((batch..<(batch + 500)).map { i in
                StoredDocument(id: "d\(i)", body: "common tok\(i) w\(i % 7) common")
            })
        }
        try writer.commit()
        let reader = try IndexReader(directory: directory.path)
        #expect(reader.segments.count == 1)
        let segment = reader.segments[0]
        let report = try IndexChecker(directory: directory.path).check()
        #expect(report.problems.isEmpty, "\(report.problems)")
        var wrong: [String] = []
        for i in stride(from: 0, to: count, by: 97) {
            guard let info = segment.termInfo(.body, Array("tok\(i)".utf8)), info.documentFrequency == 1 else {
                wrong.append("tok\(i) missing")
                continue
            }
            var cursor = segment.postings(info)
            var positions: [UInt32] = []
            cursor.positions(into: &positions)
            let id = try segment.document(cursor.doc).id
            if id != "d\(i)" || positions != [1] { wrong.append("tok\(i): \(id) \(positions)") }
        }
        #expect(wrong.isEmpty, "\(wrong.prefix(5))")
        let common = try #require(segment.termInfo(.body, Array("common".utf8)))
        #expect(common.documentFrequency == UInt32(count))
        #expect(common.totalTermFrequency == UInt64(2 * count))
        let sevenths: [UInt32] = (0..<7).map { k in
            segment.termInfo(.body, Array("w\(k)".utf8))?.documentFrequency ?? 0
        }
        let expected: [UInt32] = (0..<7).map { k in UInt32((0..<count).filter { $0 % 7 == k }.count) }
        #expect(sevenths == expected)
    }
}
