/// Decodes one term's postings and positions completely (layout in `PostingsFormat`) and checks them against
/// the term's dictionary entry, the segment's document count and norms, and the skip entries: the checks that
/// `PostingsCursor` leaves out to stay fast, which may only turn damage into wrong results, never into a crash.
final class PostingsChecker {
    /// What is wrong with a term's data, and whether it lies in the `.positions` file (else in `.postings`).
    struct Problem: Error {
        var inPositions: Bool
        var message: String
    }

    /// The segment's document count: every document number must be below it.
    let documentCount: Int
    private let buffer = PostingsBlockBuffer()

    init(documentCount: Int) {
        self.documentCount = documentCount
    }

    /// Checks the bytes of one term: `postings` (blocks, then skip entries) and `positions`, against `info`
    /// and the field's `norms`.
    func check(
        postings: UnsafeRawBufferPointer, positions: UnsafeRawBufferPointer, info: TermInfo,
        norms: UnsafeBufferPointer<UInt8>
    ) throws(Problem) {
        let documentFrequency = Int(info.documentFrequency)
        guard documentFrequency <= documentCount else {
            throw Problem(
                inPositions: false,
                message: "document frequency \(documentFrequency) exceeds the segment's \(documentCount) documents")
        }
        let fullBlocks = documentFrequency / PostingsFormat.blockSize
        let skipStart = postings.count - fullBlocks * PostingsFormat.skipEntrySize
        guard skipStart >= 0 else {
            throw Problem(
                inPositions: false,
                message: "\(postings.count) bytes cannot hold the skip entries of \(fullBlocks) blocks")
        }
        let base = postings.baseAddress ?? UnsafeRawPointer(buffer.docs)
        var run = Run(positions: positions, fallback: UnsafeRawPointer(buffer.docs), documentCount: documentCount)
        var offset = 0
        for block in 0..<fullBlocks {
            guard skipStart - offset >= 2 else {
                throw run.postingsProblem("block \(block) runs into the skip entries")
            }
            let docWidth = Int(base.load(fromByteOffset: offset, as: UInt8.self))
            let frequencyByte = base.load(fromByteOffset: offset + 1, as: UInt8.self)
            let recordsLengths = frequencyByte & PostingsFormat.positionsLengthsFlag != 0
            let frequencyWidth = Int(frequencyByte & ~PostingsFormat.positionsLengthsFlag)
            let isBitmap = docWidth == Int(PostingsFormat.bitmapMarker)
            guard docWidth <= 32 || isBitmap, frequencyWidth <= 32 else {
                throw run.postingsProblem("block \(block) has bit widths \(docWidth) and \(frequencyWidth)")
            }
            // A bitmap runs from the document after the previous block's last to the last one its skip entry
            // records (checked against the documents below).
            let firstDoc = run.previous + 1
            let recordedLast = Int(
                base.loadUnaligned(fromByteOffset: skipStart + 4 * block, as: UInt32.self).littleEndian)
            if isBitmap && recordedLast < firstDoc {
                throw run.postingsProblem("skip entry \(block) records last document \(recordedLast), before the block")
            }
            let documentBytes =
                isBitmap
                ? DocumentBitmap.byteCount(base: UInt32(firstDoc), last: UInt32(recordedLast))
                : BitPacking.byteCount(width: docWidth)
            var end = offset + 2 + documentBytes + BitPacking.byteCount(width: frequencyWidth)
            guard end <= skipStart else { throw run.postingsProblem("block \(block) runs into the skip entries") }
            var lengthWidth = -1
            if recordsLengths {
                guard end < skipStart else { throw run.postingsProblem("block \(block) runs into the skip entries") }
                lengthWidth = Int(base.load(fromByteOffset: end, as: UInt8.self))
                guard lengthWidth <= 32 else {
                    throw run.postingsProblem("block \(block) has positions lengths of bit width \(lengthWidth)")
                }
                let lengthsStart = end + 1
                end = lengthsStart + BitPacking.byteCount(width: lengthWidth)
                guard end <= skipStart else { throw run.postingsProblem("block \(block) runs into the skip entries") }
                BitPacking.unpack(base + lengthsStart, width: lengthWidth, into: buffer.positionsLengths)
            }
            if isBitmap {
                guard
                    DocumentBitmap.unpack(
                        base + offset + 2, byteCount: documentBytes, base: UInt32(firstDoc), into: buffer.docs)
                else { throw run.postingsProblem("the bitmap of block \(block) does not hold 128 documents") }
                // As gaps, like a packed block's.
                var previous = UInt32(firstDoc) &- 1
                for i in 0..<PostingsFormat.blockSize {
                    let doc = buffer.docs[i]
                    buffer.docs[i] = doc &- previous &- 1
                    previous = doc
                }
            } else {
                BitPacking.unpack(base + offset + 2, width: docWidth, into: buffer.docs)
            }
            BitPacking.unpack(
                base + offset + 2 + documentBytes, width: frequencyWidth, into: buffer.frequencies)
            var maxFrequency: UInt32 = 0
            var minNormCode = UInt8.max
            var minLengthRatio = Float.infinity
            var marks: [Int] = []
            for i in 0..<PostingsFormat.blockSize {
                if i > 0 && i % PostingsFormat.positionsMarkInterval == 0 { marks.append(run.positionsOffset) }
                guard buffer.frequencies[i] < .max else { throw run.postingsProblem("a frequency overflows") }
                let frequency = buffer.frequencies[i] + 1
                let doc = run.previous + Int(buffer.docs[i]) + 1
                let positionsStart = run.positionsOffset
                try run.visit(doc: doc, frequency: frequency)
                let recorded = Int(frequency) + Int(buffer.positionsLengths[i])
                if lengthWidth >= 0 && run.positionsOffset - positionsStart != recorded {
                    throw run.postingsProblem(
                        "block \(block) records positions of \(recorded) bytes for document \(doc), "
                            + "which has \(run.positionsOffset - positionsStart)")
                }
                maxFrequency = Swift.max(maxFrequency, frequency)
                if doc < norms.count {
                    minNormCode = Swift.min(minNormCode, norms[doc])
                    minLengthRatio = Swift.min(
                        minLengthRatio, PostingsFormat.lengthRatio(normCode: norms[doc], frequency: frequency))
                }
            }
            offset = end
            func skipValue(_ array: Int) -> UInt32 {
                base.loadUnaligned(fromByteOffset: skipStart + 4 * (array * fullBlocks + block), as: UInt32.self)
                    .littleEndian
            }
            let recordedMinNorm = base.load(fromByteOffset: skipStart + 32 * fullBlocks + block, as: UInt8.self)
            for (k, actual) in marks.enumerated() {
                let at = skipStart + 20 * fullBlocks + 4 * (PostingsFormat.positionsMarkCount * block + k)
                let recorded = Int(base.loadUnaligned(fromByteOffset: at, as: UInt32.self).littleEndian)
                guard recorded == actual else {
                    throw run.postingsProblem(
                        "skip entry \(block) records positions mark \(k) at \(recorded), the block has it at \(actual)")
                }
            }
            let recordedRatio = Float(bitPattern: skipValue(4))
            guard recordedRatio == minLengthRatio else {
                throw run.postingsProblem(
                    "skip entry \(block) records length ratio \(recordedRatio), the block has \(minLengthRatio)")
            }
            let mismatches = [
                ("last document", Int(skipValue(0)), run.previous),
                ("block end", Int(skipValue(1)), offset),
                ("positions end", Int(skipValue(2)), run.positionsOffset),
                ("largest frequency", Int(skipValue(3)), Int(maxFrequency)),
                ("smallest norm", Int(recordedMinNorm), Int(minNormCode)),
            ].filter { $0.1 != $0.2 }
            if let (what, recorded, actual) = mismatches.first {
                throw run.postingsProblem("skip entry \(block) records \(what) \(recorded), the block has \(actual)")
            }
        }
        for i in 0..<(documentFrequency % PostingsFormat.blockSize) {
            let number = fullBlocks * PostingsFormat.blockSize + i
            guard let code = VByte.decode(base, &offset, skipStart) else {
                throw run.postingsProblem("document \(number) of the tail block runs into the skip entries")
            }
            guard code >> 1 <= UInt64(UInt32.max) else {
                throw run.postingsProblem("document \(number) has the impossible gap \(code >> 1)")
            }
            let frequency: UInt32
            if code & 1 == 1 {
                frequency = 1
            } else {
                guard let value = VByte.decode32(base, &offset, skipStart), value >= 1 else {
                    throw run.postingsProblem("document \(number) of the tail block has no valid frequency")
                }
                frequency = value
            }
            try run.visit(doc: run.previous + Int(code >> 1) + 1, frequency: frequency)
        }
        guard offset == skipStart else {
            throw run.postingsProblem("\(skipStart - offset) bytes lie between the last document and the skip entries")
        }
        guard run.positionsOffset == positions.count else {
            throw Problem(
                inPositions: true,
                message: "\(positions.count - run.positionsOffset) bytes follow the last document's positions")
        }
        guard run.totalFrequency == info.totalTermFrequency else {
            throw run.postingsProblem(
                "the frequencies add up to \(run.totalFrequency), the dictionary says \(info.totalTermFrequency)")
        }
    }

    /// The walk over one term's documents in order, reading each one's positions.
    private struct Run {
        let positions: UnsafeRawBufferPointer
        let positionsBase: UnsafeRawPointer
        let documentCount: Int
        /// The last document visited (-1 before the first).
        var previous = -1
        var positionsOffset = 0
        var totalFrequency: UInt64 = 0

        init(positions: UnsafeRawBufferPointer, fallback: UnsafeRawPointer, documentCount: Int) {
            self.positions = positions
            self.positionsBase = positions.baseAddress ?? fallback
            self.documentCount = documentCount
        }

        func postingsProblem(_ message: String) -> Problem { Problem(inPositions: false, message: message) }

        /// Accepts the next document (strictly after `previous` by construction) and reads its positions.
        mutating func visit(doc: Int, frequency: UInt32) throws(Problem) {
            guard doc < documentCount else {
                throw postingsProblem("document \(doc) is beyond the segment's \(documentCount) documents")
            }
            previous = doc
            totalFrequency += UInt64(frequency)
            guard Int(frequency) <= positions.count - positionsOffset else {  // a position takes at least a byte
                throw Problem(inPositions: true, message: "the positions of document \(doc) are cut off")
            }
            var position: UInt64 = 0
            for k in 0..<Int(frequency) {
                guard let delta = VByte.decode32(positionsBase, &positionsOffset, positions.count) else {
                    throw Problem(inPositions: true, message: "the positions of document \(doc) are cut off")
                }
                guard k == 0 || delta > 0 else {
                    throw Problem(inPositions: true, message: "the positions of document \(doc) are not increasing")
                }
                position += UInt64(delta)
                guard position <= UInt64(UInt32.max) else {
                    throw Problem(inPositions: true, message: "a position of document \(doc) overflows")
                }
            }
        }
    }
}
