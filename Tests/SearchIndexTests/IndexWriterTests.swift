import Foundation
import SearchAnalysis
import Testing

@testable import SearchIndex

@Suite struct IndexWriterTests {
    static func document(_ i: Int, words: String = "alpha beta") -> StoredDocument {
        StoredDocument(id: "d\(i)", url: "https://example.com/\(i)", title: "Title \(i)", body: "\(words) \(i)")
    }

    @Test func missingIndexIsReported() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        #expect(throws: IndexError.missing(directory.path)) { try IndexReader(directory: directory.path) }
        let nowhere = directory.file("does/not/exist")
        #expect(throws: IndexError.missing(nowhere)) { try IndexReader(directory: nowhere) }
        #expect(IndexError.missing(nowhere).description == "no index at \(nowhere)")
    }

    @Test func newIndexIsEmptyAndReadable() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.file("nested/index")
        let writer = try IndexWriter(directory: path)
        #expect(writer.analyzer == .standard)
        let reader = try IndexReader(directory: path)
        #expect(reader.documentCount == 0)
        #expect(reader.segments.isEmpty)
        #expect(reader.analyzer == .standard)
        #expect(reader.generation == 0)
    }

    @Test func analyzerIsRecordedAndChecked() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        do { _ = try IndexWriter(directory: directory.path, analyzer: .plain) }
        #expect(throws: IndexError.analyzerMismatch(directory: directory.path, index: .plain, requested: .standard)) {
            _ = try IndexWriter(directory: directory.path, analyzer: .standard)
        }
        let writer = try IndexWriter(directory: directory.path)
        #expect(writer.analyzer == .plain)
        #expect(try IndexReader(directory: directory.path).analyzer == .plain)
        let message = IndexError.analyzerMismatch(directory: "/i", index: .plain, requested: .standard).description
        #expect(message == "the index at /i was built with the plain analyzer, not the requested standard analyzer")
    }

    @Test func onlyOneWriterAtATime() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        var first: IndexWriter? = try IndexWriter(directory: directory.path)
        let pid = ProcessInfo.processInfo.processIdentifier
        #expect(throws: IndexError.locked(directory: directory.path, pid: pid)) {
            _ = try IndexWriter(directory: directory.path)
        }
        let message = IndexError.locked(directory: directory.path, pid: pid).description
        #expect(message == "\(directory.path): index is locked by PID \(pid), which is writing to it")
        _ = first
        first = nil
        #expect(readBytes(directory.file(IndexWriter.lockFileName)).isEmpty)  // released: names no process
        _ = try IndexWriter(directory: directory.path)
    }

    /// A crashed writer leaves `write.lock` naming its dead process; the kernel has released its lock, so the
    /// next writer takes the lock over and names itself.
    @Test func lockFileOfADeadProcessDoesNotBlock() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/true")
        try child.run()
        child.waitUntilExit()
        let lockPath = directory.file(IndexWriter.lockFileName)
        writeBytes(Array("\(child.processIdentifier)\n".utf8), to: lockPath)
        let writer = try IndexWriter(directory: directory.path)
        #expect(String(decoding: readBytes(lockPath), as: UTF8.self) == "\(ProcessInfo.processInfo.processIdentifier)\n")
        _ = writer
    }

    @Test func commitsAppendSegmentsAndOpenReadersKeepTheirView() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let writer = try IndexWriter(directory: directory.path, analyzer: .plain)
        for i in 0..<10 { try writer.add(Self.document(i)) }
        #expect(writer.uncommittedDocumentCount == 10)
        try writer.commit()
        let first = try IndexReader(directory: directory.path)
        for i in 10..<15 { try writer.add(Self.document(i)) }
        try writer.commit()
        try writer.commit()  // nothing new: no new generation
        let second = try IndexReader(directory: directory.path)
        #expect(first.segments.map(\.documentCount) == [10])
        #expect(first.generation == 1)
        #expect(second.segments.map(\.documentCount) == [10, 5])
        #expect(second.documentCount == 15)
        #expect(second.generation == 2)
        #expect(try second.segments[1].document(0) == Self.document(10))
        #expect(Set(second.segments.map(\.name)).count == 2)
    }

    @Test func openingAWriterRemovesFilesNoCommitNames() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        do {
            let writer = try IndexWriter(directory: directory.path)
            try writer.add(Self.document(1))
            try writer.commit()
        }
        // What a crash in a flush or a merge leaves: a segment's files that no manifest names, and a deletions
        // generation of a live segment that the manifest does not name either.
        let leftovers = ["s00000099.terms", "s00000099.stored", "s00000000_5.deletes"]
        for name in leftovers + ["notes.txt"] { writeBytes([1, 2, 3], to: directory.file(name)) }
        _ = try IndexWriter(directory: directory.path)
        for name in leftovers { #expect(!FileManager.default.fileExists(atPath: directory.file(name)), "\(name)") }
        #expect(FileManager.default.fileExists(atPath: directory.file("notes.txt")), "not an index file: kept")
        #expect(try IndexReader(directory: directory.path).documentCount == 1)
    }

    @Test func reopenedWriterAppends() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        do {
            let writer = try IndexWriter(directory: directory.path, analyzer: .plain)
            try writer.add(Self.document(0))
            try writer.commit()
            try writer.add(Self.document(1))  // never committed: dropped with the writer
        }
        do {
            let writer = try IndexWriter(directory: directory.path)
            #expect(writer.committedDocumentCount == 1)
            try writer.add(Self.document(2))
            try writer.commit()
        }
        let reader = try IndexReader(directory: directory.path)
        #expect(reader.segments.map(\.documentCount) == [1, 1])
        #expect(Set(reader.segments.map(\.name)).count == 2)
        #expect(try reader.segments[1].document(0) == Self.document(2))
    }

    @Test func memoryBudgetFlushesSegments() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let writer = try IndexWriter(directory: directory.path, analyzer: .plain)
        writer.memoryBudget = 1 << 20
        var generator = SeededGenerator(seed: 4)
        for i in 0..<1500 {
            let words = (0..<120).map { _ in "w\(UInt32.random(in: 0..<50_000, using: &generator))" }
            try writer.add(Self.document(i, words: words.joined(separator: " ")))
        }
        try writer.commit()
        let reader = try IndexReader(directory: directory.path)
        #expect(reader.segments.count > 1)
        #expect(reader.documentCount == 1500)
        var doc = 0
        for segment in reader.segments {
            for d in [0, segment.documentCount - 1] {
                #expect(try segment.document(UInt32(d)).id == "d\(doc + d)")
            }
            doc += segment.documentCount
        }
    }

    /// A writer whose index holds documents 0..<20 in one commit, with documents 20..<30 added but not committed.
    static func writerWithPendingDocuments(in directory: TemporaryDirectory) throws -> IndexWriter {
        let writer = try IndexWriter(directory: directory.path, analyzer: .plain)
        for i in 0..<20 { try writer.add(Self.document(i)) }
        try writer.commit()
        for i in 20..<30 { try writer.add(Self.document(i)) }
        return writer
    }

    /// A failure at any step of a commit leaves the previous commit as the index's state; the commit can then
    /// be retried.
    @Test(arguments: [
        (FileSystem.Operation.write, "s00000001.postings"), (.sync, "s00000001.stored"), (.open, "s00000001.norms"),
        (.sync, "manifest.tmp"), (.rename, "manifest"), (.write, "manifest.tmp"), (.close, "s00000001.terms"),
    ])
    func failedCommitLeavesThePreviousCommit(operation: FileSystem.Operation, file: String) throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let writer = try Self.writerWithPendingDocuments(in: directory)
        let fault = FileSystem.injectFault(
            .init(pathPrefix: directory.file(file), operation: operation, errorNumber: EIO, skip: 0))
        #expect(throws: IndexError.self) { try writer.commit() }
        let reader = try IndexReader(directory: directory.path)
        #expect(reader.documentCount == 20)
        #expect(reader.generation == 1)
        FileSystem.removeFault(fault)
        try writer.commit()
        let after = try IndexReader(directory: directory.path)
        #expect(after.documentCount == 30)
        #expect(try after.segments.last!.document(9) == Self.document(29))
    }

    /// A disk that fills up halfway through writing a segment: the commit fails naming the file and the cause,
    /// and the previous commit stays the index's state.
    @Test func diskFullDuringACommitIsReportedAndLosesNothing() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let writer = try Self.writerWithPendingDocuments(in: directory)
        let fault = FileSystem.injectFault(
            .init(pathPrefix: directory.file("s00000001.stored"), operation: .write, errorNumber: ENOSPC, skip: 1))
        defer { FileSystem.removeFault(fault) }
        do {
            try writer.commit()
            Issue.record("the commit succeeded on a full disk")
        } catch let error as IndexError {
            #expect(error.description.contains("s00000001.stored"), "\(error)")
            #expect(error.description.contains("No space left on device"), "\(error)")
        }
        let reader = try IndexReader(directory: directory.path)
        #expect(reader.documentCount == 20)
        #expect(reader.generation == 1)
    }

    @Test func ioErrorsAreSentences() {
        let error = IndexError.io("could not sync /i/manifest.tmp: Input/output error")
        #expect(error.description == "could not sync /i/manifest.tmp: Input/output error")
        #expect(
            IndexError.corrupt("/i/s1.terms: checksum mismatch").description
                == "the index is corrupt: /i/s1.terms: checksum mismatch")
    }
}
