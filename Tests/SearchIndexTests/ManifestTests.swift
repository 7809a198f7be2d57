import Testing

@testable import SearchIndex

@Suite struct ManifestTests {
    static let sample = Manifest(
        generation: 42, nextSegmentNumber: 7, analyzer: .plain,
        segments: [
            SegmentInfo(name: "s00000005", id: SegmentID(high: 1, low: 2), documentCount: 1000),
            SegmentInfo(name: "s00000006", id: SegmentID.random(), documentCount: 0),
        ])

    @Test func roundTrips() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        try Self.sample.publish(in: directory.path)
        #expect(try Manifest.read(from: directory.path) == Self.sample)
        #expect(!FileSystem.exists(directory.file(Manifest.temporaryFileName)))
        let empty = Manifest(generation: 0, nextSegmentNumber: 0, analyzer: .standard, segments: [])
        try empty.publish(in: directory.path)
        #expect(try Manifest.read(from: directory.path) == empty)
    }

    /// Rewrites the manifest's version field and fixes the checksum, as a future build would write it.
    @Test func otherVersionsAreUnsupported() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        try Self.sample.publish(in: directory.path)
        let path = directory.file(Manifest.fileName)
        var bytes = readBytes(path)
        bytes[8] = UInt8(FileFormat.version + 1)
        let crc = bytes.withUnsafeBytes { Checksum.of(UnsafeRawBufferPointer(rebasing: $0[0..<(bytes.count - 4)])) }
        withUnsafeBytes(of: crc.littleEndian) { bytes.replaceSubrange((bytes.count - 4)..., with: $0) }
        writeBytes(bytes, to: path)
        #expect(throws: IndexError.unsupportedVersion(file: path, version: FileFormat.version + 1, supported: FileFormat.version)) {
            try IndexReader(directory: directory.path)
        }
        #expect(throws: IndexError.self) { try IndexWriter(directory: directory.path) }
    }

    @Test func damagedManifestIsCorrupt() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        try Self.sample.publish(in: directory.path)
        let path = directory.file(Manifest.fileName)
        let original = readBytes(path)
        for offset in 0..<original.count {
            var bytes = original
            bytes[offset] ^= 0x20
            writeBytes(bytes, to: path)
            #expect(throwsCorrupt { _ = try Manifest.read(from: directory.path) }, "offset \(offset)")
        }
        writeBytes(Array(original.prefix(20)), to: path)
        #expect(throws: IndexError.corrupt("\(path): file is truncated (20 bytes)")) {
            try Manifest.read(from: directory.path)
        }
    }

    @Test func segmentNamesSortByNumberAndAreChecked() {
        #expect(SegmentFiles.name(number: 0) == "s00000000")
        #expect(SegmentFiles.name(number: 35) == "s0000000z")
        #expect(SegmentFiles.name(number: 36) == "s00000010")
        #expect(SegmentFiles.isValidName("s00000010"))
        #expect(!SegmentFiles.isValidName("../etc"))
        #expect(!SegmentFiles.isValidName(""))
        #expect(!SegmentFiles.isValidName("a/b"))
    }
}
