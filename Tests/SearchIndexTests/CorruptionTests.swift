import Foundation
import Testing

@testable import SearchIndex

/// Damaged files must surface as `IndexError.corrupt` (with checksums verified), and must never crash a
/// reader even when checksums are not verified.
@Suite struct CorruptionTests {
    /// A small two-segment index.
    static func buildIndex(in directory: TemporaryDirectory, documents: Int = 300) throws {
        let writer = try IndexWriter(directory: directory.path, analyzer: .plain)
        var generator = SeededGenerator(seed: 12)
        for i in 0..<documents {
            if i == documents * 2 / 3 { try writer.commit() }
            try writer.add(IndexPropertyTests.randomDocument(i, using: &generator))
        }
        try writer.commit()
    }

    static func indexFiles(_ directory: TemporaryDirectory) -> [String] {
        let names = try! FileManager.default.contentsOfDirectory(atPath: directory.path)
        return names.filter { $0 != IndexWriter.lockFileName }.sorted()
    }

    @Test func everyFlippedByteIsDetected() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        try Self.buildIndex(in: directory)
        let files = Self.indexFiles(directory)
        #expect(files.count == 1 + 2 * SegmentFiles.all.count)
        var generator = SeededGenerator(seed: 3)
        var undetected: [String] = []
        for name in files {
            let path = directory.file(name)
            let original = readBytes(path)
            var offsets = [0, 4, 8, 12, 16, 31, 32, original.count / 2, original.count - 8, original.count - 5]
            offsets +=
                [original.count - 1] + (0..<12).map { _ in Int.random(in: 0..<original.count, using: &generator) }
            for offset in offsets {
                var bytes = original
                bytes[offset] ^= UInt8.random(in: 1...255, using: &generator)
                writeBytes(bytes, to: path)
                if !throwsCorrupt({ _ = try IndexReader(directory: directory.path) }) {
                    undetected.append("\(name)@\(offset)")
                }
            }
            writeBytes(original, to: path)
        }
        #expect(undetected.isEmpty)
        _ = try IndexReader(directory: directory.path)  // restored
    }

    /// A large segment's files are verified on all cores: that must report exactly what verifying them in
    /// turn reports, the first damaged file's error in file order, whichever finishes first.
    @Test func parallelVerificationReportsWhatSequentialVerificationReports() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        try Self.buildIndex(in: directory)
        let info = try Manifest.read(from: directory.path).segments[0]
        let kinds = SegmentFiles.kinds
        let paths = kinds.map { SegmentFiles.path(directory.path, info.name, $0.fileExtension) }
        func outcome(parallelFrom threshold: Int) -> String {
            do {
                let files = try paths.map { path throws(IndexError) in try FileSystem.map(path) }
                let ranges = try SegmentReader.validate(
                    files, kinds: kinds.map(\.kind), segment: info.id, verifyChecksums: true, parallelFrom: threshold)
                return "\(ranges)"
            } catch {
                return "\(error)"
            }
        }
        #expect(outcome(parallelFrom: 0) == outcome(parallelFrom: .max))
        #expect(!outcome(parallelFrom: 0).contains("corrupt"))
        var generator = SeededGenerator(seed: 5)
        // One damaged file at a time, then two at once (the earlier one in file order must be reported).
        let damaged = paths.indices.map { [$0] } + [[1, 4], [2, 5], [0, 3]]
        for group in damaged {
            let originals = group.map { readBytes(paths[$0]) }
            for (k, i) in group.enumerated() {
                var bytes = originals[k]
                bytes[Int.random(in: 0..<bytes.count, using: &generator)] ^= 0x5A
                writeBytes(bytes, to: paths[i])
            }
            let parallel = outcome(parallelFrom: 0)
            #expect(parallel == outcome(parallelFrom: .max), "damaged \(group)")
            #expect(parallel.contains(SegmentFiles.path(directory.path, info.name, kinds[group[0]].fileExtension)), "\(group)")
            for (k, i) in group.enumerated() { writeBytes(originals[k], to: paths[i]) }
        }
    }

    @Test func everyTruncationIsDetected() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        try Self.buildIndex(in: directory)
        var undetected: [String] = []
        for name in Self.indexFiles(directory) {
            let path = directory.file(name)
            let original = readBytes(path)
            for length in [0, 1, 8, 31, 39, 40, original.count / 2, original.count - 4, original.count - 1] {
                writeBytes(Array(original.prefix(length)), to: path)
                if !throwsCorrupt({ _ = try IndexReader(directory: directory.path) }) {
                    undetected.append("\(name)/\(length)")
                }
            }
            // Extra bytes at the end are damage too.
            writeBytes(original + [0], to: path)
            if !throwsCorrupt({ _ = try IndexReader(directory: directory.path) }) { undetected.append("\(name)+1") }
            writeBytes(original, to: path)
        }
        #expect(undetected.isEmpty)
    }

    @Test func missingOrSwappedSegmentFilesAreDetected() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        try Self.buildIndex(in: directory)
        let reader = try IndexReader(directory: directory.path)
        let (first, second) = (reader.segments[0].name, reader.segments[1].name)
        for fileExtension in SegmentFiles.all {
            let path = SegmentFiles.path(directory.path, first, fileExtension)
            let original = readBytes(path)
            try FileManager.default.removeItem(atPath: path)
            #expect(throws: IndexError.corrupt("\(path): file is missing")) {
                try IndexReader(directory: directory.path)
            }
            // The same kind of file from the other segment: a valid file, but not this segment's.
            writeBytes(readBytes(SegmentFiles.path(directory.path, second, fileExtension)), to: path)
            #expect(throwsCorrupt { _ = try IndexReader(directory: directory.path) })
            writeBytes(original, to: path)
        }
    }

    /// With checksums off, random damage must lead to errors or wrong answers, never to a crash, a hang or a
    /// huge allocation: every read path bounds-checks what it takes from the file.
    @Test func unverifiedDamageNeverCrashes() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        try Self.buildIndex(in: directory, documents: 150)
        let files = Self.indexFiles(directory)
        let originals = files.map { readBytes(directory.file($0)) }
        var generator = SeededGenerator(seed: 77)
        var opened = 0
        for round in 0..<300 {
            let victim = round % files.count
            var bytes = originals[victim]
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                let offset = Int.random(in: 0..<bytes.count, using: &generator)
                bytes[offset] = round % 3 == 0 ? UInt8.random(in: 0...255, using: &generator) : bytes[offset] ^ 0x80
            }
            writeBytes(bytes, to: directory.file(files[victim]))
            if let reader = try? IndexReader(directory: directory.path, verifyChecksums: false) {
                opened += 1
                Self.readEverything(reader)
            }
            writeBytes(originals[victim], to: directory.file(files[victim]))
        }
        #expect(opened > 100)  // most damage is only visible to checksums
    }

    static func readEverything(_ reader: IndexReader) {
        var positions: [UInt32] = []
        for segment in reader.segments {
            for field in IndexedField.allCases {
                _ = segment.statistics(field)
                let norms = segment.norms(field)
                var checksum = 0
                for code in norms { checksum &+= Int(code) }
                var terms: [[UInt8]] = []
                try? segment.forEachTerm(field) { term, _ in terms.append(Array(term)) }
                for term in terms + [Array("the".utf8), Array("index".utf8)] {
                    guard let info = segment.termInfo(field, term) else { continue }
                    var cursor = segment.postings(info)
                    var steps = 0
                    while cursor.doc != PostingsCursor.exhausted && steps <= Int(info.documentFrequency) {
                        cursor.positions(into: &positions)
                        _ = (cursor.frequency, cursor.blockMaxFrequency, cursor.blockMinNormCode, cursor.blockLastDoc)
                        cursor.next()
                        steps += 1
                    }
                    var jumper = segment.postings(info)
                    jumper.shallowAdvance(to: 150)
                    jumper.advance(to: 100)
                    jumper.advance(to: 250)
                    jumper.positions(into: &positions)
                    // Counting's window filling and bulk filter, which read bitmap blocks in place.
                    var window = [UInt64](repeating: 0, count: 64)
                    var filler = segment.postings(info)
                    while filler.doc != PostingsCursor.exhausted {
                        let base = filler.doc
                        window.withUnsafeMutableBufferPointer {
                            filler.setBits(base: base, end: base &+ 4096, into: $0.baseAddress!)
                        }
                    }
                    var filter = segment.postings(info)
                    var candidates = [UInt32](repeating: 0, count: PostingsCursor.blockCapacity)
                    for start in stride(from: 0, to: segment.documentCount + 1, by: candidates.count) {
                        for k in candidates.indices { candidates[k] = UInt32(start + k) }
                        _ = candidates.withUnsafeMutableBufferPointer {
                            filter.retainContained($0.baseAddress!, count: $0.count)
                        }
                    }
                }
            }
            for doc in 0...segment.documentCount { _ = try? segment.document(UInt32(doc)) }
        }
    }
}
