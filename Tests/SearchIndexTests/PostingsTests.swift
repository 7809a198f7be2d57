import Testing

@testable import SearchIndex

/// One term's postings as plain arrays: the model the cursor is checked against.
struct PostingsModel {
    var docs: [UInt32]
    var frequencies: [UInt32]
    var positions: [[UInt32]]
    var norms: [UInt8]

    /// Random postings of `count` documents; `gap` bounds the distance between documents. `skewed` gaps are
    /// mostly 1 or 2 and one in eight up to `gap`, as a common word's are: the documents of such a block take
    /// fewer bytes as a bitmap than packed.
    static func random(
        count: Int, gap: UInt32, maxFrequency: UInt32, seed: UInt64, skewed: Bool = false
    ) -> PostingsModel {
        var generator = SeededGenerator(seed: seed)
        var docs: [UInt32] = []
        var doc = UInt32.random(in: 0...gap, using: &generator)
        for _ in 0..<count {
            docs.append(doc)
            let long = !skewed || UInt32.random(in: 0..<8, using: &generator) == 0
            doc += UInt32.random(in: 1...(long ? gap : 2), using: &generator)
        }
        var frequencies: [UInt32] = []
        var positions: [[UInt32]] = []
        for _ in 0..<count {
            // Mostly 1 or small; now and then up to `maxFrequency` (wide frequency bit widths).
            let frequency: UInt32 =
                switch UInt32.random(in: 0..<32, using: &generator) {
                case 0..<16: 1
                case 16..<31: UInt32.random(in: 1...Swift.min(maxFrequency, 8), using: &generator)
                default: UInt32.random(in: 1...maxFrequency, using: &generator)
                }
            frequencies.append(frequency)
            var position = UInt32.random(in: 0...1000, using: &generator)
            var list: [UInt32] = []
            for _ in 0..<frequency {
                list.append(position)
                position += UInt32.random(in: 1...300, using: &generator)
            }
            positions.append(list)
        }
        let salt = UInt32.random(in: 0...UInt32.max, using: &generator)
        let norms = [UInt8](unsafeUninitializedCapacity: Int(docs.last!) + 1) { buffer, initialized in
            for i in 0..<buffer.count {
                buffer[i] = UInt8(truncatingIfNeeded: (UInt32(i) ^ salt) &* 2_654_435_761 >> 24)
            }
            initialized = buffer.count
        }
        return PostingsModel(docs: docs, frequencies: frequencies, positions: positions, norms: norms)
    }

    /// The VByte positions stream the writer takes.
    var positionBytes: [UInt8] {
        var bytes: [UInt8] = []
        var scratch = [UInt8](repeating: 0, count: VByte.maximumLength)
        for list in positions {
            var previous: UInt32 = 0
            for (k, position) in list.enumerated() {
                let n = VByte.encode(UInt64(k == 0 ? position : position - previous), into: &scratch)
                bytes += scratch[0..<n]
                previous = position
            }
        }
        return bytes
    }

    /// The first index with docs[index] >= target, or nil.
    func firstIndex(atLeast target: UInt32) -> Int? {
        var low = 0
        var high = docs.count
        while low < high {
            let mid = (low + high) / 2
            if docs[mid] < target { low = mid + 1 } else { high = mid }
        }
        return low < docs.count ? low : nil
    }

    /// Block-max data of the block holding index `i`.
    func blockBounds(_ i: Int) -> (last: UInt32, maxFrequency: UInt32, minNorm: UInt8, minLengthRatio: Float) {
        let start = i / 128 * 128
        let end = Swift.min(start + 128, docs.count)
        let ratios = (start..<end).map { Float(FieldNorm.decode(norms[Int(docs[$0])])) / Float(frequencies[$0]) }
        return (
            docs[end - 1], frequencies[start..<end].max()!, docs[start..<end].map { norms[Int($0)] }.min()!,
            ratios.min()!
        )
    }
}

/// Postings written to real files with `PostingsWriter` and mapped back.
final class WrittenPostings {
    let postingsFile: MappedFileBuffer
    let positionsFile: MappedFileBuffer
    let location: TermLocation
    let model: PostingsModel
    /// The model's norms at a stable address for the cursors' lifetime.
    let norms: UnsafeMutableBufferPointer<UInt8>

    deinit { norms.deallocate() }

    init(_ model: PostingsModel, directory: TemporaryDirectory, prefixTerms: Int = 1) throws {
        self.model = model
        self.norms = .allocate(capacity: model.norms.count)
        _ = self.norms.initialize(from: model.norms)
        let postings = try FileOutput(path: directory.file("p.postings"))
        let positions = try FileOutput(path: directory.file("p.positions"))
        FileFormat.writeHeader(postings, kind: .postings, segment: .none)
        FileFormat.writeHeader(positions, kind: .positions, segment: .none)
        let writer = PostingsWriter(postings: postings, positions: positions)
        let bytes = model.positionBytes
        var location: TermLocation?
        // Other terms before (and after) the one under test, so offsets are not trivially zero.
        let filler = PostingsModel.random(count: 3, gap: 5, maxFrequency: 3, seed: 99)
        var norms = model.norms
        if norms.count < filler.norms.count { norms += [UInt8](repeating: 0, count: filler.norms.count - norms.count) }
        for round in 0..<(prefixTerms + 2) {
            let term = round == prefixTerms ? model : filler
            let termBytes = round == prefixTerms ? bytes : filler.positionBytes
            let result = try term.docs.withUnsafeBufferPointer { docs in
                try term.frequencies.withUnsafeBufferPointer { frequencies in
                    try termBytes.withUnsafeBufferPointer { positionBytes in
                        try norms.withUnsafeBufferPointer { norms in
                            try writer.write(
                                docs: docs, frequencies: frequencies, positionBytes: positionBytes, norms: norms)
                        }
                    }
                }
            }
            if round == prefixTerms { location = result }
        }
        try postings.finish()
        try positions.finish()
        self.location = location!
        postingsFile = try FileSystem.map(directory.file("p.postings"))
        positionsFile = try FileSystem.map(directory.file("p.positions"))
    }

    func cursor() -> PostingsCursor {
        PostingsCursor(
            postings: UnsafeRawBufferPointer(
                rebasing: postingsFile.bytes[
                    location.postingsOffset..<(location.postingsOffset + location.postingsLength)]),
            positions: UnsafeRawBufferPointer(
                rebasing: positionsFile.bytes[
                    location.positionsOffset..<(location.positionsOffset + location.positionsLength)]),
            documentFrequency: UInt32(model.docs.count), norms: UnsafeBufferPointer(norms))
    }
}

@Suite struct PostingsTests {
    static let shapes: [(count: Int, gap: UInt32, maxFrequency: UInt32, skewed: Bool)] = [
        (1, 10, 3, false), (2, 3, 2, false), (127, 5, 4, false), (128, 1, 1, false), (128, 7, 70_000, false),
        (129, 2, 9, false), (255, 3, 3, false), (256, 1, 2, false), (257, 40, 5, false), (1000, 1, 1, false),
        (1000, 3, 6, false), (3000, 1000, 12, false), (5000, 2, 300, false), (70, 100_000, 2, false),
        (300, 20_000, 1, false), (128, 40, 3, true), (1000, 30, 4, true), (3000, 200, 2, true),
    ]

    /// Random postings of shape `shape`, and the same written to `directory`.
    static func written(_ shape: Int, seed: UInt64, in directory: TemporaryDirectory) throws
        -> (PostingsModel, WrittenPostings)
    {
        let (count, gap, maxFrequency, skewed) = shapes[shape]
        let model = PostingsModel.random(
            count: count, gap: gap, maxFrequency: maxFrequency, seed: seed, skewed: skewed)
        return (model, try WrittenPostings(model, directory: directory))
    }

    /// What a cursor reports on one document (compared in bulk: one expectation per test, not per document).
    struct Observation: Equatable {
        var doc: UInt32
        var frequency: UInt32?
        var blockLastDoc: UInt32
        var blockMaxFrequency: UInt32
        var blockMinNormCode: UInt8
        var blockMinLengthRatio: Float
        var positions: [UInt32]?
    }

    @Test(arguments: 0..<shapes.count)
    func iteratesDocsFrequenciesAndPositions(shape: Int) throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let (model, written) = try Self.written(shape, seed: UInt64(shape), in: directory)
        let count = model.docs.count
        var cursor = written.cursor()
        #expect(cursor.documentFrequency == UInt32(count))
        var observed: [Observation] = []
        var expected: [Observation] = []
        var positions: [UInt32] = []
        var repeated = true
        while cursor.doc != PostingsCursor.exhausted && observed.count <= count {
            let i = observed.count
            // Positions and frequencies of some documents only, so that the lazy decoding is exercised too.
            let wantPositions = i % 2 == 0 || i % 5 == 0
            let wantFrequency = i % 3 != 1
            var observation = Observation(
                doc: cursor.doc, frequency: wantFrequency ? cursor.frequency : nil, blockLastDoc: cursor.blockLastDoc,
                blockMaxFrequency: cursor.blockMaxFrequency, blockMinNormCode: cursor.blockMinNormCode,
                blockMinLengthRatio: cursor.blockMinLengthRatio)
            if wantPositions {
                cursor.positions(into: &positions)
                observation.positions = positions
                if i % 5 == 0 {  // asking twice gives the same answer
                    cursor.positions(into: &positions)
                    repeated = repeated && positions == observation.positions
                }
            }
            observed.append(observation)
            let bounds = model.blockBounds(i)
            expected.append(
                Observation(
                    doc: model.docs[i], frequency: wantFrequency ? model.frequencies[i] : nil,
                    blockLastDoc: bounds.last, blockMaxFrequency: bounds.maxFrequency, blockMinNormCode: bounds.minNorm,
                    blockMinLengthRatio: bounds.minLengthRatio, positions: wantPositions ? model.positions[i] : nil))
            cursor.next()
        }
        #expect(observed.count == count)
        #expect(observed == Array(expected.prefix(observed.count)))
        #expect(repeated)
        #expect(cursor.doc == PostingsCursor.exhausted)
        #expect(cursor.next() == PostingsCursor.exhausted)
        #expect(cursor.frequency == 0)
        cursor.positions(into: &positions)
        #expect(positions.isEmpty)
    }

    @Test(arguments: 0..<shapes.count)
    func advancesToEveryKindOfTarget(shape: Int) throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let (model, written) = try Self.written(shape, seed: UInt64(shape) + 50, in: directory)
        let count = model.docs.count
        let last = model.docs.last!
        var targets: [UInt32] = [
            0, 1, last, last + 1, last + 1000, PostingsCursor.exhausted - 1, PostingsCursor.exhausted,
        ]
        for doc in model.docs.prefix(400) + model.docs.suffix(300) { targets += [doc, doc + 1, doc &- 1] }
        var generator = SeededGenerator(seed: UInt64(shape))
        for _ in 0..<200 { targets.append(UInt32.random(in: 0...(last + 2), using: &generator)) }
        var positions: [UInt32] = []
        // From a fresh cursor: one jump, then staying put for lower targets, then next().
        var observed: [[UInt32]] = []
        var expected: [[UInt32]] = []
        for target in targets {
            var cursor = written.cursor()
            let doc = cursor.advance(to: target)
            if let i = model.firstIndex(atLeast: target) {
                cursor.positions(into: &positions)
                observed.append(
                    [doc, cursor.frequency, cursor.blockMaxFrequency] + positions
                        + [cursor.advance(to: target), cursor.advance(to: 0), cursor.next()])
                expected.append(
                    [model.docs[i], model.frequencies[i], model.blockBounds(i).maxFrequency] + model.positions[i]
                        + [model.docs[i], model.docs[i], i + 1 < count ? model.docs[i + 1] : PostingsCursor.exhausted])
            } else {
                observed.append([doc])
                expected.append([PostingsCursor.exhausted])
            }
        }
        #expect(observed == expected)
        // On one cursor: ascending targets, mixed with next() and positions.
        var cursor = written.cursor()
        var sequence: [UInt32] = []
        var expectedSequence: [UInt32] = []
        for (k, target) in Array(Set(targets)).sorted().enumerated() {
            // An exhausted cursor stays exhausted; otherwise it never moves backwards.
            let expectedIndex =
                cursor.doc == PostingsCursor.exhausted ? nil : model.firstIndex(atLeast: Swift.max(target, cursor.doc))
            sequence.append(cursor.advance(to: target))
            expectedSequence.append(expectedIndex.map { model.docs[$0] } ?? PostingsCursor.exhausted)
            if k % 4 == 1, let i = expectedIndex {
                // Positions of documents far apart in one block: read from the block's positions marks.
                cursor.positions(into: &positions)
                sequence += positions
                expectedSequence += model.positions[i]
            }
            if k % 3 == 0, let i = expectedIndex {
                sequence.append(cursor.next())
                expectedSequence.append(i + 1 < count ? model.docs[i + 1] : PostingsCursor.exhausted)
            }
        }
        #expect(sequence == expectedSequence)
    }

    @Test func shallowAdvanceExposesTheTargetBlockWithoutMovingTheDocument() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let model = PostingsModel.random(count: 1000, gap: 4, maxFrequency: 50, seed: 7)
        let written = try WrittenPostings(model, directory: directory)
        for blockIndex in [1, 3, 7] {  // 7 is the tail block (1000 = 7 × 128 + 104)
            var cursor = written.cursor()
            let target = model.docs[blockIndex * 128 + 5]
            cursor.shallowAdvance(to: target)
            #expect(cursor.doc == model.docs[0])
            #expect(cursor.frequency == model.frequencies[0])
            let bounds = model.blockBounds(blockIndex * 128 + 5)
            #expect(cursor.blockLastDoc == bounds.last)
            #expect(cursor.blockMaxFrequency == bounds.maxFrequency)
            #expect(cursor.blockMinNormCode == bounds.minNorm)
            #expect(cursor.blockMinLengthRatio == bounds.minLengthRatio)
            #expect(cursor.advance(to: target) == target)
            #expect(cursor.frequency == model.frequencies[blockIndex * 128 + 5])
            var shallowThenNext = written.cursor()
            shallowThenNext.shallowAdvance(to: target)
            #expect(shallowThenNext.next() == model.docs[blockIndex * 128])
        }
        var cursor = written.cursor()
        cursor.shallowAdvance(to: model.docs.last! + 1)
        #expect(cursor.blockLastDoc == PostingsCursor.exhausted)
        #expect(cursor.blockMaxFrequency == 0)
        #expect(cursor.advance(to: model.docs.last! + 1) == PostingsCursor.exhausted)
    }

    /// Bulk reads: blocks taken one after another (after a first move into the postings) give back the
    /// documents in order, and filtering ascending candidates keeps exactly those the term contains.
    @Test(arguments: 0..<shapes.count)
    func takesBlocksAndRetainsContainedCandidates(shape: Int) throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let (model, written) = try Self.written(shape, seed: UInt64(shape) + 90, in: directory)
        let count = model.docs.count
        let buffer = UnsafeMutablePointer<UInt32>.allocate(capacity: PostingsCursor.blockCapacity)
        defer { buffer.deallocate() }
        let start = count / 3
        var cursor = written.cursor()
        cursor.advance(to: model.docs[start])
        var taken: [UInt32] = []
        while true {
            let n = cursor.takeBlock(into: buffer)
            if n == 0 { break }
            taken += UnsafeBufferPointer(start: buffer, count: n)
        }
        #expect(taken == Array(model.docs[start...]))
        #expect(cursor.doc == PostingsCursor.exhausted)

        var generator = SeededGenerator(seed: UInt64(shape))
        let contained = Set(model.docs)
        var filter = written.cursor()
        var kept: [UInt32] = []
        var expected: [UInt32] = []
        var next: UInt32 = 0
        for _ in 0..<20 {
            // Ascending runs of candidates: some documents of the term, some not, some past its end.
            var candidates: [UInt32] = []
            for _ in 0..<Int.random(in: 0...PostingsCursor.blockCapacity, using: &generator) {
                next += UInt32.random(in: 1...(2 * Self.shapes[shape].gap + 1), using: &generator)
                candidates.append(next)
            }
            expected += candidates.filter(contained.contains)
            candidates.withUnsafeMutableBufferPointer { pointer in
                guard let base = pointer.baseAddress else { return }
                let n = filter.retainContained(base, count: pointer.count)
                kept += pointer.prefix(n)
            }
        }
        #expect(kept == expected)
    }

    /// Windows of bits, as a union count fills them, hold exactly the term's documents of each window, whether
    /// they come from decoded blocks or from bitmaps merged undecoded; the cursor ends on the first document
    /// past each window.
    @Test(arguments: 0..<shapes.count)
    func setsTheBitsOfEachWindow(shape: Int) throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let (model, written) = try Self.written(shape, seed: UInt64(shape) + 400, in: directory)
        var generator = SeededGenerator(seed: UInt64(shape) + 7)
        var cursor = written.cursor()
        cursor.advance(to: model.docs[model.docs.count / 4])
        var seen: [UInt32] = []
        var ends: [Bool] = []
        while cursor.doc != PostingsCursor.exhausted {
            let base = cursor.doc - UInt32.random(in: 0...Swift.min(cursor.doc, 70), using: &generator)
            let size = UInt32.random(in: 1...4096, using: &generator)
            let end = base + size
            var bits = [UInt64](repeating: 0, count: (Int(size) + 63) / 64)
            bits.withUnsafeMutableBufferPointer { cursor.setBits(base: base, end: end, into: $0.baseAddress!) }
            for (w, word) in bits.enumerated() {
                var word = word
                while word != 0 {
                    seen.append(base + UInt32(w * 64 + word.trailingZeroBitCount))
                    word &= word - 1
                }
            }
            ends.append(cursor.doc >= end && (cursor.doc == PostingsCursor.exhausted || model.docs.contains(cursor.doc)))
        }
        #expect(seen == Array(model.docs[(model.docs.count / 4)...]))
        #expect(ends.allSatisfy { $0 })
    }

    @Test func copiesOfACursorMoveIndependently() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let model = PostingsModel.random(count: 600, gap: 3, maxFrequency: 4, seed: 11)
        let written = try WrittenPostings(model, directory: directory)
        var first = written.cursor()
        first.advance(to: model.docs[130])
        var second = first
        second.advance(to: model.docs[400])
        #expect(first.doc == model.docs[130])
        #expect(first.frequency == model.frequencies[130])
        #expect(first.next() == model.docs[131])
        #expect(second.doc == model.docs[400])
        #expect(second.next() == model.docs[401])
    }

    /// Blocks whose documents take fewer bytes as a bitmap are written as one, read back alike by every path
    /// (the shape tests above), and a bitmap that does not hold 128 documents is reported, not trusted.
    @Test func commonTermsBlocksAreBitmapsAndCheckedAsSuch() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let model = PostingsModel.random(count: 1000, gap: 30, maxFrequency: 4, seed: 5, skewed: true)
        let written = try WrittenPostings(model, directory: directory)
        let postings = UnsafeRawBufferPointer(
            rebasing: written.postingsFile.bytes[
                written.location.postingsOffset..<(written.location.postingsOffset + written.location.postingsLength)])
        #expect(postings[0] == PostingsFormat.bitmapMarker)
        let checker = PostingsChecker(documentCount: Int(model.docs.last!) + 1)
        let location = written.location
        let info = TermInfo(
            documentFrequency: UInt32(model.docs.count),
            totalTermFrequency: model.frequencies.reduce(0) { $0 + UInt64($1) }, field: .body,
            postingsOffset: location.postingsOffset, postingsLength: location.postingsLength,
            positionsOffset: location.positionsOffset, positionsLength: location.positionsLength)
        let positions = UnsafeRawBufferPointer(
            rebasing: written.positionsFile.bytes[
                written.location.positionsOffset..<(written.location.positionsOffset + written.location.positionsLength)])
        let norms = UnsafeBufferPointer(written.norms)
        try checker.check(postings: postings, positions: positions, info: info, norms: norms)

        // One more document in the first bitmap: 129 bits set.
        var damaged = [UInt8](postings)
        let base = 2
        let spare = (0..<(8 * 16)).first { damaged[base + $0 / 8] & (1 << ($0 % 8)) == 0 }!
        damaged[base + spare / 8] |= 1 << (spare % 8)
        try damaged.withUnsafeBytes { bytes in
            #expect(throws: PostingsChecker.Problem.self) {
                try checker.check(postings: bytes, positions: positions, info: info, norms: norms)
            }
            var cursor = PostingsCursor(
                postings: bytes, positions: positions, documentFrequency: info.documentFrequency, norms: norms)
            var seen = 0
            while cursor.doc != PostingsCursor.exhausted && seen <= model.docs.count {
                seen += 1
                cursor.next()
            }
            #expect(seen < model.docs.count)  // the damaged block ends the postings
        }
    }

    /// A block whose positions take many bytes records each document's positions length: positions read back
    /// alike (the shape tests above cover such blocks too), and a recorded length that disagrees with the
    /// positions is reported, while a cursor over it stays in bounds.
    @Test func longPositionsBlocksRecordLengthsAndAreCheckedAsSuch() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        // 20 positions a document, some gaps over 127 (two bytes): about 4 KB of positions a block.
        let count = 300
        let model = PostingsModel(
            docs: (0..<UInt32(count)).map { 40 * $0 }, frequencies: Array(repeating: 20, count: count),
            positions: (0..<UInt32(count)).map { i in
                Array((1..<UInt32(20)).reduce(into: [i]) { list, k in list.append(list.last! + 100 + (i + 7 * k) % 60) })
            },
            norms: Array(repeating: 1, count: 40 * count))
        let written = try WrittenPostings(model, directory: directory)
        let location = written.location
        let postings = UnsafeRawBufferPointer(
            rebasing: written.postingsFile.bytes[
                location.postingsOffset..<(location.postingsOffset + location.postingsLength)])
        let positions = UnsafeRawBufferPointer(
            rebasing: written.positionsFile.bytes[
                location.positionsOffset..<(location.positionsOffset + location.positionsLength)])
        #expect(postings[0] != PostingsFormat.bitmapMarker)
        #expect(postings[1] & PostingsFormat.positionsLengthsFlag != 0)
        let info = TermInfo(
            documentFrequency: UInt32(model.docs.count),
            totalTermFrequency: model.frequencies.reduce(0) { $0 + UInt64($1) }, field: .body,
            postingsOffset: location.postingsOffset, postingsLength: location.postingsLength,
            positionsOffset: location.positionsOffset, positionsLength: location.positionsLength)
        let norms = UnsafeBufferPointer(written.norms)
        let checker = PostingsChecker(documentCount: Int(model.docs.last!) + 1)
        try checker.check(postings: postings, positions: positions, info: info, norms: norms)

        // The first document's recorded length, one off.
        let frequencyWidth = Int(postings[1] & ~PostingsFormat.positionsLengthsFlag)
        let lengths = 2 + BitPacking.byteCount(width: Int(postings[0])) + BitPacking.byteCount(width: frequencyWidth)
        #expect(postings[lengths] > 0)
        var damaged = [UInt8](postings)
        damaged[lengths + 1] ^= 1
        try damaged.withUnsafeBytes { bytes in
            #expect(throws: PostingsChecker.Problem.self) {
                try checker.check(postings: bytes, positions: positions, info: info, norms: norms)
            }
            var cursor = PostingsCursor(
                postings: bytes, positions: positions, documentFrequency: info.documentFrequency, norms: norms)
            var buffer: [UInt32] = []
            var seen = 0
            while cursor.doc != PostingsCursor.exhausted && seen <= model.docs.count {
                cursor.positions(into: &buffer)
                #expect(buffer.count <= Int(cursor.frequency))
                seen += 1
                cursor.next()
            }
            #expect(seen == model.docs.count)
        }
    }

    @Test func denseRunsPackToZeroBits() throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        let count = 128 * 4
        let model = PostingsModel(
            docs: (0..<UInt32(count)).map { $0 }, frequencies: Array(repeating: 1, count: count),
            positions: Array(repeating: [0], count: count), norms: Array(repeating: 1, count: count))
        let written = try WrittenPostings(model, directory: directory)
        // Four blocks of two width bytes each plus 17 bytes of skip data per block.
        #expect(written.location.postingsLength == 4 * (2 + PostingsFormat.skipEntrySize))
        var cursor = written.cursor()
        var seen: [UInt32] = []
        while cursor.doc != PostingsCursor.exhausted {
            seen.append(cursor.doc)
            cursor.next()
        }
        #expect(seen == model.docs)
    }
}
