import Foundation
import Testing

@testable import SearchIndex

/// `IndexChecker` must pass an intact index and name the damaged file for every kind of damage: bytes the
/// checksum catches, and content that is wrong although its checksum was recomputed over it.
@Suite struct IndexCheckerTests {
    static func check(_ directory: TemporaryDirectory) throws -> IndexCheckReport {
        try IndexChecker(directory: directory.path).check()
    }

    /// Whether some problem of `report` names the file at `path`.
    static func blames(_ report: IndexCheckReport, _ path: String) -> Bool {
        report.problems.contains { $0.hasPrefix(path + ":") }
    }

    /// Recomputes the CRC-32 in the footer of the file at `path`, so that only the content checks can find damage.
    static func resealFile(_ path: String) {
        var bytes = readBytes(path)
        let crc = bytes.withUnsafeBytes { Checksum.of(UnsafeRawBufferPointer(rebasing: $0.prefix(bytes.count - 4))) }
        withUnsafeBytes(of: crc.littleEndian) { bytes.replaceSubrange((bytes.count - 4)..., with: $0) }
        writeBytes(bytes, to: path)
    }

    /// A one-segment index of three documents whose only tokens are title terms, so every byte's place is known:
    /// "a" at positions 0 and 1 of every document, "b" at position 2 of the first.
    static func buildTinyIndex(in directory: TemporaryDirectory) throws -> String {
        let writer = try IndexWriter(directory: directory.path, analyzer: .plain)
        for i in 0..<3 {
            var title: [(term: [UInt8], position: UInt32)] = [(Array("a".utf8), 0), (Array("a".utf8), 1)]
            if i == 0 { title.append((Array("b".utf8), 2)) }
            try writer.add(StoredDocument(id: "d\(i)", url: "", title: "a a", body: ""), tokens: [.title: title])
        }
        try writer.commit()
        return try IndexReader(directory: directory.path).segments[0].name
    }

    @Test func intactIndexPassesWithItsCounts() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        try CorruptionTests.buildIndex(in: directory)
        let report = try Self.check(directory)
        #expect(report.problems == [])
        #expect(report.documentCount == 300)
        #expect(report.segmentCount == 2)
        #expect(report.fileCount == 1 + 2 * SegmentFiles.all.count)
        let sizes = CorruptionTests.indexFiles(directory).map { readBytes(directory.file($0)).count }
        #expect(report.byteCount == sizes.reduce(0, +))
    }

    @Test func tinyIndexPasses() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        _ = try Self.buildTinyIndex(in: directory)
        #expect(try Self.check(directory).problems == [])
    }

    /// Versions 6 and 7 only added bitmap blocks to `.postings` and let `.stored` blocks lie in any order: an
    /// index written as version 5 (the tiny index has no full block, and its stored blocks are in order, so its
    /// bytes are those version 5 wrote) is read and checked as before.
    @Test func filesOfTheEarlierVersionStillRead() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        _ = try Self.buildTinyIndex(in: directory)
        for name in CorruptionTests.indexFiles(directory) {
            var bytes = readBytes(directory.file(name))
            bytes[8] = 5
            writeBytes(bytes, to: directory.file(name))
            Self.resealFile(directory.file(name))
        }
        #expect(try Self.check(directory).problems == [])
        let reader = try IndexReader(directory: directory.path)
        #expect(reader.segments[0].termInfo(.title, Array("a".utf8))?.documentFrequency == 3)
    }

    @Test func noIndexIsMissingNotDamaged() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        #expect(throws: IndexError.missing(directory.path)) { try Self.check(directory) }
    }

    @Test func flippedBytesAreReportedInTheirFile() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        try CorruptionTests.buildIndex(in: directory)
        var generator = SeededGenerator(seed: 5)
        var unreported: [String] = []
        for name in CorruptionTests.indexFiles(directory) {
            let path = directory.file(name)
            let original = readBytes(path)
            let offsets = [0, 12, 20, original.count - 6, original.count - 1]
                + (0..<8).map { _ in Int.random(in: 0..<original.count, using: &generator) }
            for offset in offsets {
                var bytes = original
                bytes[offset] ^= UInt8.random(in: 1...255, using: &generator)
                writeBytes(bytes, to: path)
                if !Self.blames(try Self.check(directory), path) { unreported.append("\(name)@\(offset)") }
            }
            writeBytes(original, to: path)
        }
        #expect(unreported == [])
        #expect(try Self.check(directory).isIntact)
    }

    @Test func truncatedExtendedAndMissingFilesAreReported() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        try CorruptionTests.buildIndex(in: directory)
        var unreported: [String] = []
        for name in CorruptionTests.indexFiles(directory) {
            let path = directory.file(name)
            let original = readBytes(path)
            for length in [0, 7, 32, 40, original.count / 2, original.count - 1] {
                writeBytes(Array(original.prefix(length)), to: path)
                if !Self.blames(try Self.check(directory), path) { unreported.append("\(name)/\(length)") }
            }
            writeBytes(original + [0, 0, 0, 0], to: path)
            if !Self.blames(try Self.check(directory), path) { unreported.append("\(name)+4") }
            try FileManager.default.removeItem(atPath: path)
            if name != Manifest.fileName {
                #expect(try Self.check(directory).problems.contains("\(path): file is missing"))
            } else {
                #expect(throws: IndexError.missing(directory.path)) { try Self.check(directory) }
            }
            writeBytes(original, to: path)
        }
        #expect(unreported == [])
    }

    @Test func documentCountDisagreeingWithTheManifestIsReported() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let segment = try Self.buildTinyIndex(in: directory)
        var manifest = try Manifest.read(from: directory.path)
        manifest.segments[0].documentCount = 4
        try manifest.publish(in: directory.path)
        let report = try Self.check(directory)
        #expect(report.problems.contains("\(directory.file(segment)).norms: holds the norms of 3 documents, "
            + "but the manifest lists 4"))
        #expect(report.problems.contains("\(directory.file(segment)).stored: holds 3 documents, "
            + "but the manifest lists 4"))
    }

    /// Damage with a valid checksum: each case rewrites one byte whose place the tiny index's layout fixes.
    @Test(arguments: [
        // The first document gap of "a": documents 3, 4, 5 instead of 0, 1, 2.
        ("postings", 32, UInt8(3 << 1 | 0), "title term \"a\": document 3 is beyond the segment's 3 documents"),
        // The second position of "a" in the first document: a delta of 0.
        ("positions", 33, UInt8(0), "title term \"a\": the positions of document 0 are not increasing"),
        // The second term of the title dictionary, "b", becomes "0", below "a".
        ("terms", 43, UInt8(ascii: "0"), "title terms are out of order in block 0"),
        // The title's token total (u64 after the document count and the title's document count).
        ("norms", 48, UInt8(1), "title statistics (3 documents, 1 tokens) disagree with its norms"),
    ])
    func contentDamageUnderAValidChecksumIsReported(
        fileExtension: String, offset: Int, value: UInt8, message: String
    ) throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let segment = try Self.buildTinyIndex(in: directory)
        let path = "\(directory.file(segment)).\(fileExtension)"
        var bytes = readBytes(path)
        #expect(bytes[offset] != value)
        bytes[offset] = value
        writeBytes(bytes, to: path)
        Self.resealFile(path)
        let report = try Self.check(directory)
        #expect(report.problems.contains { $0.hasPrefix("\(path): \(message)") }, "\(report.problems)")
    }

    @Test func bytesAppendedInsideTheContentAreReported() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let segment = try Self.buildTinyIndex(in: directory)
        for fileExtension in [SegmentFiles.postings, SegmentFiles.positions] {
            let path = "\(directory.file(segment)).\(fileExtension)"
            let original = readBytes(path)
            var bytes = original
            bytes.insert(0, at: bytes.count - FileFormat.footerSize)
            writeBytes(bytes, to: path)
            Self.resealFile(path)
            let report = try Self.check(directory)
            #expect(report.problems.contains { $0.hasPrefix("\(path): 1 bytes after the last term's") },
                "\(report.problems)")
            writeBytes(original, to: path)
        }
    }

    /// Random damage under recomputed checksums: the checker must report or pass it, never crash or hang.
    @Test func resealedRandomDamageNeverCrashesTheChecker() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        try CorruptionTests.buildIndex(in: directory, documents: 150)
        let files = CorruptionTests.indexFiles(directory)
        let originals = files.map { readBytes(directory.file($0)) }
        var generator = SeededGenerator(seed: 41)
        var reported = 0
        for round in 0..<200 {
            let victim = round % files.count
            let path = directory.file(files[victim])
            var bytes = originals[victim]
            for _ in 0..<Int.random(in: 1...3, using: &generator) {
                let offset = Int.random(in: FileFormat.headerSize..<(bytes.count - FileFormat.footerSize),
                    using: &generator)
                bytes[offset] ^= UInt8.random(in: 1...255, using: &generator)
            }
            writeBytes(bytes, to: path)
            Self.resealFile(path)
            if let report = try? Self.check(directory), !report.isIntact { reported += 1 }
            writeBytes(originals[victim], to: path)
        }
        #expect(reported > 100)  // most structure is checked; text inside stored blocks cannot be
    }
}
