import Foundation
import Testing

@testable import SearchIndex

@Suite struct StoredFieldsTests {
    static func roundTrip(
        _ documents: [StoredDocument], in directory: TemporaryDirectory, writer: StoredFieldsWriter = StoredFieldsWriter()
    ) throws -> StoredFieldsReader {
        for document in documents { writer.add(document) }
        let path = directory.file("s.stored")
        try writer.write(path: path, segment: .none)
        let file = try FileSystem.map(path)
        let content = try FileFormat.validate(file.bytes, path: path, kind: .stored, segment: .none)
        return try StoredFieldsReader(file: file, content: content)
    }

    @Test func roundTripsUnicodeEmptyAndLargeDocuments() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        var generator = SeededGenerator(seed: 1)
        let words = ["alpha", "βήτα", "日本語", "emoji 🚀🏳️‍🌈", "naïve café", "", "\n", "\u{0}", "zero\u{0}byte"]
        var documents: [StoredDocument] = [
            StoredDocument(id: "", body: ""),
            StoredDocument(
                id: "ü-1", url: "https://example.org/ä?q=1", title: "Über uns", author: "Zoë", published: "2024-01-02",
                body: "Grüße\naus Köln"),
            StoredDocument(id: "big", title: "large", body: String(repeating: "0123456789abcdef", count: 10_000)),
        ]
        for i in 0..<2000 {
            let body = (0..<Int.random(in: 0...60, using: &generator)).map { _ in
                words.randomElement(using: &generator)!
            }
            documents.append(
                StoredDocument(
                    id: "doc-\(i)", url: i % 3 == 0 ? "" : "https://example.com/\(i)",
                    title: words.randomElement(using: &generator)!, author: i % 2 == 0 ? "" : "author \(i)",
                    published: i % 5 == 0 ? "" : "2023-05-\(i % 28 + 1)", body: body.joined(separator: " ")))
        }
        documents.append(StoredDocument(id: "last", body: String(repeating: "🚀", count: 20_000)))
        let reader = try Self.roundTrip(documents, in: directory)
        #expect(reader.documentCount == documents.count)
        for (i, document) in documents.enumerated() {
            #expect(try reader.document(UInt32(i)) == document)
        }
        #expect(throws: IndexError.documentOutOfRange(doc: UInt32(documents.count), count: documents.count)) {
            try reader.document(UInt32(documents.count))
        }
    }

    /// Compressed blocks moved to a scratch file read back as if they had stayed in memory; when no scratch file
    /// can be made, or writing to it fails part way, they stay in memory.
    @Test(arguments: [nil, FileSystem.Operation.open, .write])
    func spilledBlocksReadBack(failing operation: FileSystem.Operation?) throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        var generator = SeededGenerator(seed: 7)
        let words = ["harbour", "storm", "ferry", "Ōsaka", "tide", "🚢"]
        let documents = (0..<600).map { i in
            StoredDocument(
                id: "doc-\(i)", url: "https://example.com/\(i)", title: "title \(i)",
                body: (0..<Int.random(in: 50...400, using: &generator)).map { _ in
                    words.randomElement(using: &generator)!
                }.joined(separator: " "))
        }
        let fault = operation.map {
            FileSystem.injectFault(.init(pathPrefix: directory.path + "/.scratch", operation: $0, errorNumber: ENOSPC,
                skip: $0 == .write ? 3 : 0))
        }
        defer { fault.map(FileSystem.removeFault) }
        let writer = StoredFieldsWriter(spill: StoredSpill(directory: directory.path), spillThreshold: 10_000)
        let reader = try Self.roundTrip(documents, in: directory, writer: writer)
        #expect(reader.documentCount == documents.count)
        for (i, document) in documents.enumerated() { #expect(try reader.document(UInt32(i)) == document) }
        try reader.check(content: Self.content(of: reader))
        // The spill file had no name: the directory holds only the stored file.
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["s.stored"])
    }

    /// The byte range between header and footer of the file `reader` reads.
    static func content(of reader: StoredFieldsReader) -> Range<Int> {
        FileFormat.headerSize..<(reader.file.bytes.count - FileFormat.footerSize)
    }

    static func documents(_ prefix: String, _ count: Int, seed: UInt64) -> [StoredDocument] {
        var generator = SeededGenerator(seed: seed)
        let words = ["harbour", "storm", "ferry", "Ōsaka", "tide", "🚢", "lighthouse", "gale"]
        return (0..<count).map { i in
            StoredDocument(
                id: "\(prefix)-\(i)", url: "https://example.com/\(prefix)/\(i)", title: "\(prefix) \(i)",
                body: (0..<Int.random(in: 50...400, using: &generator)).map { _ in
                    words.randomElement(using: &generator)!
                }.joined(separator: " "))
        }
    }

    /// Writers sharing one spill move their blocks there in turns, so the file interleaves them; flushed
    /// together, they read back in writer order. When the spill's file can be named it becomes the stored file
    /// (nothing copied, nothing left over); when the system cannot name it, or when another writer's blocks are
    /// in it too, the flushed writers' blocks are copied into a new file and the other writer's are left out; when
    /// naming fails, the write fails and can be tried again.
    @Test(arguments: ["named", "cannot be named", "naming fails", "another writer's blocks"])
    func writersSharingASpillReadBackInOrder(case name: String) throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let errorNumber = name == "cannot be named" ? EPERM : name == "naming fails" ? EIO : nil
        var fault = errorNumber.map {
            FileSystem.injectFault(.init(pathPrefix: directory.path, operation: .link, errorNumber: $0, skip: 0))
        }
        defer { fault.map(FileSystem.removeFault) }
        // Named where it is, the spill is never read back.
        let readFault = name == "named"
            ? FileSystem.injectFault(.init(pathPrefix: directory.path + "/.scratch", operation: .read, errorNumber: EIO, skip: 0))
            : nil
        defer { readFault.map(FileSystem.removeFault) }
        let spill = StoredSpill(directory: directory.path)
        let writers = (0..<3).map { _ in StoredFieldsWriter(spill: spill, spillThreshold: 20_000) }
        let parts = [Self.documents("a", 500, seed: 1), Self.documents("b", 300, seed: 2), Self.documents("c", 200, seed: 3)]
        for i in 0..<500 {
            for (writer, part) in zip(writers, parts) where i < part.count { writer.add(part[i]) }
        }
        let flushed = name == "another writer's blocks" ? [writers[0], writers[1]] : writers
        let path = directory.file("s.stored")
        if name == "naming fails" {
            #expect(throws: IndexError.self) { try StoredFieldsWriter.write(flushed, path: path, segment: .none) }
            fault.map(FileSystem.removeFault)
            fault = nil
        }
        try StoredFieldsWriter.write(flushed, path: path, segment: .none)
        let file = try FileSystem.map(path)
        let content = try FileFormat.validate(file.bytes, path: path, kind: .stored, segment: .none)
        let reader = try StoredFieldsReader(file: file, content: content)
        let expected = Array(parts.prefix(flushed.count).joined())
        #expect(reader.documentCount == expected.count)
        for (i, document) in expected.enumerated() { #expect(try reader.document(UInt32(i)) == document) }
        try reader.check(content: content)
        #expect(try FileManager.default.contentsOfDirectory(atPath: directory.path) == ["s.stored"])
    }

    /// A flush that named the spill as the stored file and then failed elsewhere is tried again after more
    /// documents came, which the closed spill could not take: the retry copies the blocks out of the named
    /// file into a new one, and every document reads back.
    @Test func writingAgainAfterTheSpillWasNamedKeepsEveryDocument() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let writer = StoredFieldsWriter(spill: StoredSpill(directory: directory.path), spillThreshold: 20_000)
        let first = Self.documents("first", 300, seed: 4)
        let later = Self.documents("later", 100, seed: 5)
        for document in first { writer.add(document) }
        let path = directory.file("s.stored")
        try writer.write(path: path, segment: .none)
        for document in later { writer.add(document) }
        try writer.write(path: path, segment: .none)
        let file = try FileSystem.map(path)
        let content = try FileFormat.validate(file.bytes, path: path, kind: .stored, segment: .none)
        let reader = try StoredFieldsReader(file: file, content: content)
        let expected = first + later
        #expect(reader.documentCount == expected.count)
        for (i, document) in expected.enumerated() { #expect(try reader.document(UInt32(i)) == document) }
        try reader.check(content: content)
    }

    @Test func emptySegmentHasNoDocuments() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let reader = try Self.roundTrip([], in: directory)
        #expect(reader.documentCount == 0)
        #expect(throws: IndexError.self) { try reader.document(0) }
    }
}
