import Foundation
import Testing

@testable import SearchIndex

@Suite struct DeletedDocumentsTests {
    static func document(_ i: Int) -> StoredDocument {
        StoredDocument(id: "d\(i)", url: "https://example.com/\(i)", title: "Title \(i)", body: "alpha beta \(i)")
    }

    /// An index of two committed segments of `count` documents each.
    static func twoSegments(_ directory: TemporaryDirectory, count: Int = 100) throws -> IndexWriter {
        let writer = try IndexWriter(directory: directory.path)
        for i in 0..<count { try writer.add(document(i)) }
        try writer.commit()
        for i in count..<(2 * count) { try writer.add(document(i)) }
        try writer.commit()
        return writer
    }

    @Test func bitsAndWordsAcrossWordBoundaries() {
        let deleted = DeletedDocuments(documentCount: 130)
        for doc: UInt32 in [0, 63, 64, 100, 129] { #expect(deleted.insert(doc)) }
        #expect(!deleted.insert(63))
        #expect(deleted.count == 5)
        #expect(deleted.contains(64) && !deleted.contains(65) && !deleted.contains(500))
        #expect(deleted.word(startingAt: 0) == 1 | 1 << 63 as UInt64)
        #expect(deleted.word(startingAt: 63) == 1 | 1 << 1 | 1 << 37)
        #expect(deleted.word(startingAt: 100) == 1 | 1 << 29)
        #expect(deleted.word(startingAt: 129) == 1)
        #expect(deleted.word(startingAt: 4_096) == 0)
    }

    @Test func deletionsAreVisibleAfterCommitAndSurviveReopening() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let writer = try Self.twoSegments(directory)
        let names = writer.committedSegmentNames
        #expect(try writer.delete(segment: names[0], document: 3))
        #expect(try writer.delete(segment: names[1], document: 99))
        #expect(try !writer.delete(segment: names[1], document: 99))
        #expect(try writer.isDeleted(segment: names[0], document: 3))
        // Not committed yet: readers still see every document.
        #expect(try IndexReader(directory: directory.path).liveDocumentCount == 200)
        try writer.commit()
        let reader = try IndexReader(directory: directory.path)
        #expect(reader.documentCount == 200)
        #expect(reader.liveDocumentCount == 198)
        #expect(reader.segments[0].isDeleted(3) && !reader.segments[0].isDeleted(4))
        #expect(reader.segments[1].isDeleted(99) && reader.segments[1].deletedCount == 1)
        #expect(writer.committedDocumentCount == 198)
        #expect(FileSystem.exists(SegmentFiles.deletesPath(directory.path, names[0], generation: 3)))

        // A later deletion in the same segment writes a new generation and removes the old file.
        try writer.delete(segment: names[0], document: 4)
        try writer.commit()
        #expect(!FileSystem.exists(SegmentFiles.deletesPath(directory.path, names[0], generation: 3)))
        #expect(FileSystem.exists(SegmentFiles.deletesPath(directory.path, names[0], generation: 4)))
        let reopened = try IndexReader(directory: directory.path)
        #expect(reopened.liveDocumentCount == 197)
        #expect(reopened.segments[0].isDeleted(3) && reopened.segments[0].isDeleted(4))
        #expect(try IndexChecker(directory: directory.path).check().isIntact)
        #expect(try IndexChecker(directory: directory.path).check().deletedCount == 3)
    }

    @Test func aSegmentWithNothingLiveLeavesTheIndex() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let writer = try Self.twoSegments(directory, count: 10)
        let first = writer.committedSegmentNames[0]
        for doc in 0..<10 { try writer.delete(segment: first, document: UInt32(doc)) }
        try writer.commit()
        let reader = try IndexReader(directory: directory.path)
        #expect(reader.segments.map(\.name) == [writer.committedSegmentNames[0]])
        #expect(reader.segments.count == 1 && reader.liveDocumentCount == 10)
        let left = try FileManager.default.contentsOfDirectory(atPath: directory.path).filter { $0.hasPrefix(first) }
        #expect(left.isEmpty, "\(left)")
    }

    /// A commit that fails after writing the deletions file leaves the previous commit in place; the file is
    /// not visible to readers, and the retried commit publishes it.
    @Test func aDeletionsFileIsOnlyVisibleAfterTheManifestCommit() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let writer = try Self.twoSegments(directory, count: 10)
        let name = writer.committedSegmentNames[1]
        try writer.delete(segment: name, document: 0)
        let temporary = directory.file(Manifest.temporaryFileName)
        let fault = FileSystem.injectFault(.init(pathPrefix: temporary, operation: .open, errorNumber: ENOSPC, skip: 0))
        #expect(throws: IndexError.self) { try writer.commit() }
        FileSystem.removeFault(fault)
        #expect(FileSystem.exists(SegmentFiles.deletesPath(directory.path, name, generation: 3)))
        let before = try IndexReader(directory: directory.path)
        #expect(before.liveDocumentCount == 20 && before.generation == 2)
        #expect(!before.segments[1].isDeleted(0))
        try writer.commit()
        let after = try IndexReader(directory: directory.path)
        #expect(after.liveDocumentCount == 19 && after.segments[1].isDeleted(0))
    }

    @Test func damagedDeletionsAreReported() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let writer = try Self.twoSegments(directory, count: 70)
        let name = writer.committedSegmentNames[0]
        try writer.delete(segment: name, document: 65)
        try writer.commit()
        let path = SegmentFiles.deletesPath(directory.path, name, generation: 3)
        let original = readBytes(path)
        var flipped = original
        flipped[FileFormat.headerSize + 16] ^= 1
        writeBytes(flipped, to: path)
        #expect(throwsCorrupt { _ = try IndexReader(directory: directory.path) })
        let report = try IndexChecker(directory: directory.path).check()
        #expect(report.problems.count == 1 && report.problems[0].contains("checksum"), "\(report.problems)")
        try FileManager.default.removeItem(atPath: path)
        #expect(throwsCorrupt { _ = try IndexReader(directory: directory.path) })
        #expect(try !IndexChecker(directory: directory.path).check().isIntact)
    }

    @Test func filesOfOtherSegmentsAndUnknownFilesAreLeftAlone() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        writeBytes([1, 2, 3], to: directory.file("notes.txt"))
        writeBytes([1, 2, 3], to: directory.file("s0000zzzz.stored"))  // a crashed writer's segment
        let writer = try Self.twoSegments(directory, count: 5)
        #expect(FileSystem.exists(directory.file("notes.txt")))
        #expect(!FileSystem.exists(directory.file("s0000zzzz.stored")))
        #expect(writer.committedSegmentNames.count == 2)
    }
}
