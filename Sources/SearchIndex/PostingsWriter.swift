/// Encodes terms' postings (blocks and skip entries) into the `.postings` file and their positions into the
/// `.positions` file; see `PostingsFormat` for the layout. One instance per segment flush; its scratch arrays
/// are reused across terms, and touched only by terms with full blocks (most terms have none).
final class PostingsWriter {
    let postings: FileOutput
    let positions: FileOutput
    private let deltas = UnsafeMutablePointer<UInt32>.allocate(capacity: PostingsFormat.blockSize)
    private let blockFrequencies = UnsafeMutablePointer<UInt32>.allocate(capacity: PostingsFormat.blockSize)
    /// Each document's positions length minus its frequency.
    private let positionsLengths = UnsafeMutablePointer<UInt32>.allocate(capacity: PostingsFormat.blockSize)
    private var lastDocs: [UInt32] = []
    private var blockEnds: [UInt32] = []
    private var positionsEnds: [UInt32] = []
    private var maxFrequencies: [UInt32] = []
    private var minLengthRatios: [Float] = []
    private var positionsMarks: [UInt32] = []
    private var minNorms: [UInt8] = []

    init(postings: FileOutput, positions: FileOutput) {
        self.postings = postings
        self.positions = positions
    }

    deinit {
        deltas.deallocate()
        blockFrequencies.deallocate()
        positionsLengths.deallocate()
    }

    /// Writes one term: `docs` ascending and `frequencies` (>= 1) of equal count >= 1; `positionBytes` the
    /// VByte positions of all its documents in order; `norms` the field's norm code of every document of the
    /// segment. Returns where the term's data went.
    func write(
        docs: UnsafeBufferPointer<UInt32>, frequencies termFrequencies: UnsafeBufferPointer<UInt32>,
        positionBytes: UnsafeBufferPointer<UInt8>, norms: UnsafeBufferPointer<UInt8>
    ) throws(IndexError) -> TermLocation {
        let count = docs.count
        let postingsStart = postings.position
        let positionsStart = positions.position
        let fullBlocks = count / PostingsFormat.blockSize
        if fullBlocks > 0 {
            lastDocs.removeAll(keepingCapacity: true)
            blockEnds.removeAll(keepingCapacity: true)
            positionsEnds.removeAll(keepingCapacity: true)
            maxFrequencies.removeAll(keepingCapacity: true)
            minLengthRatios.removeAll(keepingCapacity: true)
            positionsMarks.removeAll(keepingCapacity: true)
            minNorms.removeAll(keepingCapacity: true)
        }

        var previous = UInt32.max  // so that the first delta, doc - previous - 1, is the doc itself
        var positionsRead = 0
        for block in 0..<fullBlocks {
            let first = block * PostingsFormat.blockSize
            let blockBase = previous &+ 1
            var maxFrequency: UInt32 = 0
            var minNorm: UInt8 = .max
            var minLengthRatio = Float.infinity
            let blockPositionsStart = positionsRead
            for i in 0..<PostingsFormat.blockSize {
                if i > 0 && i % PostingsFormat.positionsMarkInterval == 0 {
                    // The block's positions are written after the loop, from `blockPositionsStart` on.
                    positionsMarks.append(
                        try relative(positions.position - positionsStart + positionsRead - blockPositionsStart))
                }
                let doc = docs[first + i]
                let frequency = termFrequencies[first + i]
                deltas[i] = doc &- previous &- 1
                blockFrequencies[i] = frequency &- 1
                previous = doc
                maxFrequency = Swift.max(maxFrequency, frequency)
                minNorm = Swift.min(minNorm, norms[Int(doc)])
                minLengthRatio = Swift.min(
                    minLengthRatio, PostingsFormat.lengthRatio(normCode: norms[Int(doc)], frequency: frequency))
                var end = positionsRead
                _ = VByte.skip(Int(frequency), UnsafeRawPointer(positionBytes.baseAddress!), &end, positionBytes.count)
                positionsLengths[i] = UInt32(end - positionsRead) &- frequency
                positionsRead = end
            }
            let docWidth = BitPacking.width(of: deltas)
            let frequencyWidth = BitPacking.width(of: blockFrequencies)
            let recordsLengths = positionsRead - blockPositionsStart > PostingsFormat.positionsLengthsThreshold
            let frequencyByte = UInt8(frequencyWidth) | (recordsLengths ? PostingsFormat.positionsLengthsFlag : 0)
            let bitmapBytes = DocumentBitmap.byteCount(base: blockBase, last: previous)
            // Up to twice the packed size: counting tests a bitmap's candidates without decoding it.
            if bitmapBytes < 2 * BitPacking.byteCount(width: docWidth) {
                postings.writeByte(PostingsFormat.bitmapMarker)
                postings.writeByte(frequencyByte)
                DocumentBitmap.pack(
                    docs.baseAddress! + first, base: blockBase, into: postings.reserve(bitmapBytes), byteCount: bitmapBytes)
            } else {
                postings.writeByte(UInt8(docWidth))
                postings.writeByte(frequencyByte)
                BitPacking.pack(
                    deltas, width: docWidth, into: postings.reserve(BitPacking.byteCount(width: docWidth)))
            }
            BitPacking.pack(
                blockFrequencies, width: frequencyWidth,
                into: postings.reserve(BitPacking.byteCount(width: frequencyWidth)))
            if recordsLengths {
                let lengthWidth = BitPacking.width(of: positionsLengths)
                postings.writeByte(UInt8(lengthWidth))
                BitPacking.pack(
                    positionsLengths, width: lengthWidth,
                    into: postings.reserve(BitPacking.byteCount(width: lengthWidth)))
            }
            positions.writeBytes(
                UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: positionBytes[blockPositionsStart..<positionsRead])))

            lastDocs.append(previous)
            blockEnds.append(try relative(postings.position - postingsStart))
            positionsEnds.append(try relative(positions.position - positionsStart))
            maxFrequencies.append(maxFrequency)
            minLengthRatios.append(minLengthRatio)
            minNorms.append(minNorm)
        }
        for i in (fullBlocks * PostingsFormat.blockSize)..<count {
            let doc = docs[i]
            let frequency = termFrequencies[i]
            postings.writeVByte(UInt64(doc &- previous &- 1) << 1 | (frequency == 1 ? 1 : 0))
            if frequency != 1 { postings.writeVByte(UInt64(frequency)) }
            previous = doc
        }
        positions.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: positionBytes[positionsRead...])))

        if fullBlocks > 0 {
            for value in lastDocs { postings.writeUInt32(value) }
            for value in blockEnds { postings.writeUInt32(value) }
            for value in positionsEnds { postings.writeUInt32(value) }
            for value in maxFrequencies { postings.writeUInt32(value) }
            for value in minLengthRatios { postings.writeUInt32(value.bitPattern) }
            for value in positionsMarks { postings.writeUInt32(value) }
            minNorms.withUnsafeBytes { postings.writeBytes($0) }
        }
        return TermLocation(
            postingsOffset: postingsStart, postingsLength: postings.position - postingsStart,
            positionsOffset: positionsStart, positionsLength: positions.position - positionsStart)
    }

    private func relative(_ offset: Int) throws(IndexError) -> UInt32 {
        guard offset <= Int(UInt32.max) else {
            throw .io("could not write \(postings.path): a term's postings exceed 4 GiB")
        }
        return UInt32(offset)
    }
}

/// The three files a segment's terms go to, headers written: the dictionary, the postings and the positions.
struct TermOutputs {
    let dictionary: TermDictionaryWriter
    let postings: PostingsWriter

    /// Creates the files of segment `segment` at `path(extension)`.
    init(path: (String) -> String, segment id: SegmentID) throws(IndexError) {
        let terms = try FileOutput(path: path(SegmentFiles.terms))
        let postings = try FileOutput(path: path(SegmentFiles.postings))
        let positions = try FileOutput(path: path(SegmentFiles.positions))
        FileFormat.writeHeader(terms, kind: .terms, segment: id)
        FileFormat.writeHeader(postings, kind: .postings, segment: id)
        FileFormat.writeHeader(positions, kind: .positions, segment: id)
        self.postings = PostingsWriter(postings: postings, positions: positions)
        dictionary = TermDictionaryWriter(output: terms)
    }

    /// Finishes (syncs) the three files, the dictionary's last fields written.
    func finish() throws(IndexError) {
        try dictionary.finish()
        try postings.postings.finish()
        try postings.positions.finish()
    }
}
