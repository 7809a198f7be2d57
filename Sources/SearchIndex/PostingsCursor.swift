/// Forward-only iterator over one term's postings in one segment. Reads the mmap'd segment in place; the
/// SegmentReader must outlive it.
///
/// The cursor decodes one block of up to 128 documents at a time into a buffer it owns (see `PostingsFormat`
/// for the encoding): full blocks' documents are unpacked with `BitPacking`, the tail block from VBytes.
/// `advance(to:)` consults the skip entries to jump over whole blocks without decoding them; a full block's
/// frequencies are unpacked only when `frequency` is first read in it (counting and leap-frogging past
/// non-matches never pay for them), and positions only when asked for (`positionReader()`). Malformed data
/// never causes an out-of-bounds read: the cursor treats it as the end of the postings.
///
/// Block-max data (Ding & Suel, "Faster top-k document retrieval using block-max indexes", SIGIR 2011) is
/// exposed for the *current block* — the one holding `doc`, or the one `shallowAdvance(to:)` moved to:
/// `blockLastDoc`, `blockMaxFrequency`, `blockMinLengthRatio` (the smallest field length / frequency) and
/// `blockMinNormCode` (the shortest document's norm code).
public struct PostingsCursor {
    /// The `doc` value once the postings are exhausted (greater than every document number).
    public static let exhausted: UInt32 = .max

    // Iteration state.
    @usableFromInline var _doc: UInt32
    /// The index of `_doc` in the decoded block (-1 right after decoding).
    @usableFromInline var index: Int
    /// The number of documents in the decoded block (0 when none is decoded).
    @usableFromInline var decodedCount: Int
    /// The current block: the one whose block-max data is exposed.
    @usableFromInline var block: Int
    /// The block held by the buffers (-1 if none).
    @usableFromInline var decodedBlock: Int
    @usableFromInline var docs: UnsafeMutablePointer<UInt32>
    @usableFromInline var frequencies: UnsafeMutablePointer<UInt32>
    @usableFromInline var storage: PostingsBlockBuffer
    @usableFromInline var _blockLastDoc: UInt32
    // The current block's bounds other than its last document, loaded when first asked for (counting and
    // plain leap-frogging never read them, and they lie in other cache lines than the skip data they use).
    @usableFromInline var _blockMaxFrequency: UInt32 = 0
    @usableFromInline var _blockMinNormCode: UInt8 = .max
    @usableFromInline var _blockMinLengthRatio: Float = .infinity
    /// The block whose bounds the three above hold (-1 if none).
    @usableFromInline var boundsBlock = -1
    /// The block whose frequencies `frequencies` holds (-1 if none).
    @usableFromInline var frequenciesBlock: Int
    /// Where the decoded full block's packed frequencies start, and their bit width.
    private var frequenciesOffset = 0
    private var frequenciesWidth = 0
    /// Where the decoded full block's packed positions lengths start (-1 if it has none), and their bit width.
    private var positionsLengthsOffset = -1
    private var positionsLengthsWidth = 0

    /// The number of documents containing the term.
    public let documentFrequency: UInt32

    // The term's bytes in the mapped files.
    private let data: UnsafeRawPointer
    /// Bytes of block data; the skip entries follow.
    private let blocksLength: Int
    private let fullBlockCount: Int
    private let tailCount: Int
    private let positionsData: UnsafeRawPointer
    private let positionsLength: Int
    private let norms: UnsafePointer<UInt8>
    private let normsCount: Int

    // Tail block bounds, computed once (when the tail is first decoded or shallow-selected).
    private var tailBoundsKnown = false
    private var tailLastDoc: UInt32 = 0
    private var tailMaxFrequency: UInt32 = 0
    private var tailMinNormCode: UInt8 = .max
    private var tailMinLengthRatio: Float = 0

    // Lazy positions: `positionsOffset` is where the positions of document `positionsDocIndex` of the decoded
    // block start (-1: nothing read in this block yet).
    private var positionsOffset = 0
    private var positionsDocIndex = -1

    /// A cursor over postings bytes `postings` (blocks then skip entries) and positions bytes `positions`, for a
    /// term with `documentFrequency` documents in a field whose norm codes are `norms`; positioned on the first
    /// document >= `target` (or exhausted if there is none or the data is malformed). Only the block holding
    /// that document is decoded: a cursor that a conjunction starts at its rarest term's first document skips
    /// the blocks before it unread.
    init(
        postings: UnsafeRawBufferPointer, positions: UnsafeRawBufferPointer, documentFrequency: UInt32,
        norms: UnsafeBufferPointer<UInt8>, from target: UInt32 = 0
    ) {
        // No local reference to the buffer: it would make `decode` below copy it (copy-on-write).
        self.storage = PostingsBlockBuffer()
        self.docs = self.storage.docs
        self.frequencies = self.storage.frequencies
        self.documentFrequency = documentFrequency
        let full = Int(documentFrequency) / PostingsFormat.blockSize
        let skipBytes = full * PostingsFormat.skipEntrySize
        // Empty inputs get a harmless non-nil base (never read: their lengths are 0 or the cursor is exhausted).
        self.fullBlockCount = full
        self.tailCount = Int(documentFrequency) % PostingsFormat.blockSize
        self.data = postings.baseAddress ?? UnsafeRawPointer(docs)
        self.blocksLength = postings.count - skipBytes
        self.positionsData = positions.baseAddress ?? UnsafeRawPointer(docs)
        self.positionsLength = positions.baseAddress == nil ? 0 : positions.count
        self.norms =
            norms.baseAddress ?? UnsafePointer(UnsafeRawPointer(docs).assumingMemoryBound(to: UInt8.self))
        self.normsCount = norms.baseAddress == nil ? 0 : norms.count
        _doc = Self.exhausted
        index = 0
        decodedCount = 0
        block = 0
        decodedBlock = -1
        frequenciesBlock = -1
        _blockLastDoc = Self.exhausted
        guard documentFrequency > 0, postings.baseAddress != nil, blocksLength >= 0 else {
            _ = exhaust()
            return
        }
        if target > 0 {
            // Before the first block: `advanceSlowly` then searches the skip entries from block 0.
            _doc = 0
            _blockLastDoc = 0
            block = -1
            _ = advanceSlowly(to: target)
            return
        }
        guard decode(0) else {
            _ = exhaust()
            return
        }
        index = 0
        _doc = docs[0]
    }

    // MARK: - Iteration

    /// The current document, or `exhausted`.
    @inlinable
    public var doc: UInt32 { _doc }

    /// The term's frequency in the current document (0 once exhausted).
    @inlinable
    public var frequency: UInt32 {
        mutating get {
            if _doc == Self.exhausted { return 0 }
            if frequenciesBlock != decodedBlock { decodeFrequencies() }
            return frequencies[index]
        }
    }

    /// Moves to the next document and returns it (or `exhausted`).
    @inlinable
    @discardableResult
    public mutating func next() -> UInt32 {
        let i = index &+ 1
        if i < decodedCount && block == decodedBlock {
            index = i
            _doc = docs[i]
            return _doc
        }
        return nextBlock()
    }

    /// Moves to the first doc >= target (skipping whole blocks via skip entries); returns it or `exhausted`.
    /// Does nothing if the current document is already >= target.
    @inlinable
    @discardableResult
    public mutating func advance(to target: UInt32) -> UInt32 {
        if target <= _doc { return _doc }
        if block == decodedBlock && target <= _blockLastDoc {
            let i = Self.firstIndex(in: docs, from: index &+ 1, atLeast: target)
            if i < decodedCount {
                index = i
                _doc = docs[i]
                return _doc
            }
        }
        return advanceSlowly(to: target)
    }

    /// The index of the first of the decoded `docs` at or after `start` that is >= `target`: eight at a time,
    /// then one at a time. Ends at the latest on the sentinels after the block (`PostingsBlockBuffer`), which
    /// are at least eight, so the eight-at-a-time step never reads past them.
    @inlinable @inline(__always)
    static func firstIndex(in docs: UnsafeMutablePointer<UInt32>, from start: Int, atLeast target: UInt32) -> Int {
        var i = start
        while docs[i &+ 7] < target { i &+= 8 }
        while docs[i] < target { i &+= 1 }
        return i
    }

    @usableFromInline
    mutating func nextBlock() -> UInt32 {
        guard _doc != Self.exhausted else { return _doc }
        if block == decodedBlock { block += 1 }
        guard decode(block) else { return exhaust() }
        index = 0
        _doc = docs[0]
        return _doc
    }

    @usableFromInline
    mutating func advanceSlowly(to target: UInt32) -> UInt32 {
        guard _doc != Self.exhausted else { return _doc }
        if target > _blockLastDoc { block = firstBlock(after: block, endingAtOrAfter: target) }
        while true {
            if block != decodedBlock {
                guard decode(block) else { return exhaust() }
            }
            let i = Self.firstIndex(in: docs, from: index &+ 1, atLeast: target)
            if i < decodedCount {
                index = i
                _doc = docs[i]
                return _doc
            }
            block += 1  // only with malformed skip data: the block ended below its recorded last doc
        }
    }

    private mutating func exhaust() -> UInt32 {
        _doc = Self.exhausted
        index = 0
        decodedCount = 0
        decodedBlock = -1
        block = fullBlockCount + (tailCount > 0 ? 1 : 0)
        _blockLastDoc = Self.exhausted
        return Self.exhausted
    }

    // MARK: - Bulk

    /// The most documents `takeBlock(into:)` writes.
    public static let blockCapacity = PostingsFormat.blockSize

    /// Writes the documents from the current one to the end of its block to `output` (room for
    /// `blockCapacity`), moves to the next block's first document (or `exhausted`), and returns how many it
    /// wrote (0 once exhausted).
    public mutating func takeBlock(into output: UnsafeMutablePointer<UInt32>) -> Int {
        guard _doc != Self.exhausted, index >= 0, index < decodedCount else { return 0 }
        let n = decodedCount - index
        output.update(from: docs + index, count: n)
        index = decodedCount - 1
        _ = nextBlock()
        return n
    }

    /// Keeps (in place, in order) those of the `count` ascending `candidates` that the term contains, moving
    /// to each in turn; returns how many remain. Afterwards the cursor is on the first of its documents at or
    /// after the last candidate it reached (`exhausted` if there is none).
    ///
    /// The candidates that fall in the decoded block are matched in one loop over locals, keeping each without
    /// a branch on whether the term contains it; only a candidate past the block goes through `advance(to:)`.
    public mutating func retainContained(_ candidates: UnsafeMutablePointer<UInt32>, count: Int) -> Int {
        var kept = 0
        var j = 0
        var reached: UInt32 = 0
        while j < count {
            let first = candidates[j]
            if first > _blockLastDoc, let bitmap = bitmapBlock(endingAtOrAfter: first) {
                // A bitmap block: the candidates up to its last document are looked up bit by bit, undecoded.
                // The block becomes current (as after `shallowAdvance`); the cursor moves onto a document below.
                let (bits, base, last) = bitmap
                while j < count {
                    let candidate = candidates[j]
                    if candidate > last { break }
                    let bit = Int(truncatingIfNeeded: candidate &- base)
                    candidates[kept] = candidate
                    kept &+= DocumentBitmap.bit(bits, bit)
                    j &+= 1
                    reached = candidate
                }
                continue
            }
            let d = advance(to: first)
            if d == Self.exhausted { break }
            candidates[kept] = first
            kept &+= d == first ? 1 : 0
            j &+= 1
            guard block == decodedBlock, index >= 0 else { continue }
            // The rest of the candidates up to the block's last document: each stops the scan within the block.
            let last = _blockLastDoc
            let docs = self.docs
            var i = index
            while j < count {
                let candidate = candidates[j]
                if candidate > last { break }
                i = Self.firstIndex(in: docs, from: i, atLeast: candidate)
                candidates[kept] = candidate
                kept &+= docs[i] == candidate ? 1 : 0
                j &+= 1
            }
            index = i
            _doc = docs[i]
        }
        if block != decodedBlock && reached > _doc { advance(to: reached) }
        return kept
    }

    /// The bitmap, first and last document of the full block that may hold `target` (after the current one),
    /// which becomes current, if it is a well-formed bitmap block; nil otherwise (nothing changes).
    @inline(__always)
    private mutating func bitmapBlock(endingAtOrAfter target: UInt32) -> (UnsafeRawPointer, UInt32, UInt32)? {
        let b = firstBlock(after: block, endingAtOrAfter: target)
        // The candidates from `target` on, up to `last`, must fall in the bitmap (damaged skip data aside).
        guard let bitmap = bitmap(ofBlock: b), target >= bitmap.1 else { return nil }
        block = b
        _blockLastDoc = bitmap.2
        return bitmap
    }

    /// The bitmap, first and last document of full block `b` if it is a well-formed bitmap block, else nil.
    @inline(__always)
    private func bitmap(ofBlock b: Int) -> (UnsafeRawPointer, UInt32, UInt32)? {
        guard b < fullBlockCount else { return nil }
        let start = b == 0 ? 0 : skipBlockEnd(b - 1)
        guard start >= 0, start < blocksLength,
            data.load(fromByteOffset: start, as: UInt8.self) == PostingsFormat.bitmapMarker
        else { return nil }
        let base = b == 0 ? 0 : skipLastDoc(b - 1) &+ 1
        let last = skipLastDoc(b)
        guard last >= base, skipBlockEnd(b) <= blocksLength,
            start &+ 2 &+ DocumentBitmap.byteCount(base: base, last: last) <= skipBlockEnd(b)
        else { return nil }
        return (data + start + 2, base, last)
    }

    /// Sets, in `bits` (bit i standing for document `base + i`), the bits of the documents from the current
    /// one to the last below `end`, and moves to the first document at or after `end` (or `exhausted`).
    /// Requires `base` <= the current document and `bits` to hold `end - base` bits. The following bitmap
    /// blocks that end below `end` are merged in 64 documents at a time, undecoded.
    public mutating func setBits(base: UInt32, end: UInt32, into bits: UnsafeMutablePointer<UInt64>) {
        let size = end &- base
        while _doc < end {
            if block == decodedBlock && index >= 0 {
                var i = index
                while i < decodedCount {
                    let d = docs[i]
                    let k = d &- base
                    if k >= size {
                        if d >= end {
                            index = i
                            _doc = d
                            return
                        }
                        i &+= 1  // below `base`: only damaged postings go back; such a document is not set
                        continue
                    }
                    bits[Int(k &>> 6)] |= 1 &<< UInt64(k & 63)
                    i &+= 1
                }
            } else if _doc &- base < size {
                // After `shallowAdvance`: the current document, then the new current block.
                let k = _doc &- base
                bits[Int(k &>> 6)] |= 1 &<< UInt64(k & 63)
            }
            var b = block == decodedBlock ? block + 1 : block
            while b < fullBlockCount && skipLastDoc(b) < end, let (bitmap, first, last) = bitmap(ofBlock: b),
                first >= base
            {
                DocumentBitmap.merge(bitmap, byteCount: DocumentBitmap.byteCount(base: first, last: last),
                                     at: Int(truncatingIfNeeded: first &- base), into: bits)
                b += 1
            }
            guard decode(b) else {
                _ = exhaust()
                return
            }
            index = 0
            _doc = docs[0]
        }
    }

    // MARK: - Block-max data

    /// The last document of the current block (`exhausted` past the end).
    @inlinable
    public var blockLastDoc: UInt32 { _blockLastDoc }

    /// The largest term frequency in the current block (0 past the end).
    @inlinable
    public var blockMaxFrequency: UInt32 {
        mutating get {
            if boundsBlock != block { loadBounds() }
            return _blockMaxFrequency
        }
    }

    /// The smallest norm code (shortest field) among the current block's documents (255 past the end).
    @inlinable
    public var blockMinNormCode: UInt8 {
        mutating get {
            if boundsBlock != block { loadBounds() }
            return _blockMinNormCode
        }
    }

    /// The smallest field length / term frequency among the current block's documents (`PostingsFormat
    /// .lengthRatio`; infinity past the end).
    @inlinable
    public var blockMinLengthRatio: Float {
        mutating get {
            if boundsBlock != block { loadBounds() }
            return _blockMinLengthRatio
        }
    }

    /// Makes the block that may contain `target` current, without decoding it, so that its block-max data can
    /// be checked before paying for `advance(to:)`. `doc`, `frequency` and `positions` keep describing the
    /// current document; the next `next()` or `advance(to:)` continues in the new current block (documents of
    /// skipped blocks are not visited).
    public mutating func shallowAdvance(to target: UInt32) {
        guard _doc != Self.exhausted, target > _blockLastDoc else { return }
        block = firstBlock(after: block, endingAtOrAfter: target)
        if block < fullBlockCount {
            _blockLastDoc = skipLastDoc(block)
        } else if block == fullBlockCount && tailCount > 0 && (tailBoundsKnown || decodeTail(store: false))
            && tailLastDoc >= target
        {
            _blockLastDoc = tailLastDoc
        } else {
            block = fullBlockCount + (tailCount > 0 ? 1 : 0)
            _blockLastDoc = Self.exhausted
        }
    }

    /// Loads the current block's maximum frequency, smallest norm code and length ratio.
    @usableFromInline
    mutating func loadBounds() {
        boundsBlock = block
        if block < fullBlockCount {
            _blockMaxFrequency = skipMaxFrequency(block)
            _blockMinNormCode = skipMinNormCode(block)
            _blockMinLengthRatio = skipMinLengthRatio(block)
        } else if block == fullBlockCount && tailCount > 0 && (tailBoundsKnown || decodeTail(store: false)) {
            _blockMaxFrequency = tailMaxFrequency
            _blockMinNormCode = tailMinNormCode
            _blockMinLengthRatio = tailMinLengthRatio
        } else {
            _blockMaxFrequency = 0
            _blockMinNormCode = .max
            _blockMinLengthRatio = .infinity
        }
    }

    /// Calls `body` with the largest term frequency and the smallest length / frequency ratio of every block
    /// of the term, from the skip entries (and the tail block, read once), so callers can bound the term's
    /// best score without visiting its documents. Leaves the iteration state as it is.
    public mutating func forEachBlockBound(_ body: (_ maxFrequency: UInt32, _ minLengthRatio: Float) -> Void) {
        for b in 0..<fullBlockCount { body(skipMaxFrequency(b), skipMinLengthRatio(b)) }
        if tailCount > 0 && (tailBoundsKnown || decodeTail(store: false)) {
            body(tailMaxFrequency, tailMinLengthRatio)
        }
    }

    /// The first block after `current` whose last document is >= target (the tail block, or one past the last
    /// block, if no full block qualifies).
    ///
    /// Gallops: checks the next blocks one at a time, then at doubling distances, and binary-searches the last
    /// gap, so a short hop costs a comparison or two and a long one O(log distance).
    private func firstBlock(after current: Int, endingAtOrAfter target: UInt32) -> Int {
        var below = current + 1
        if below >= fullBlockCount || skipLastDoc(below) >= target { return below }
        // Block `below` ends below the target; the answer lies after it.
        var step = 1
        while true {
            let next = below + step
            if next >= fullBlockCount || skipLastDoc(next) >= target {
                // The answer lies in (below, min(next, fullBlockCount)].
                var low = below + 1
                var high = Swift.min(next, fullBlockCount)
                while low < high {
                    let middle = (low + high) >> 1
                    if skipLastDoc(middle) < target { low = middle + 1 } else { high = middle }
                }
                return low
            }
            below = next
            step &<<= 1
        }
    }

    // MARK: - Positions

    /// Replaces the contents of `buffer` with the current doc's positions (ascending).
    public mutating func positions(into buffer: inout [UInt32]) {
        buffer.removeAll(keepingCapacity: true)
        var reader = positionReader()
        buffer.reserveCapacity(reader.remainingCount)
        while let position = reader.next() { buffer.append(position) }
    }

    /// Writes the current doc's positions (ascending) to `output`, which has room for `frequency` values, and
    /// returns how many it wrote: `frequency`, or fewer if the positions data is malformed (0 once exhausted).
    public mutating func positions(writingTo output: UnsafeMutablePointer<UInt32>) -> Int {
        var reader = positionReader()
        var k = 0
        while let position = reader.next() {
            output[k] = position
            k &+= 1
        }
        return k
    }

    /// A reader of the current doc's positions, ascending, decoded one at a time, so a caller that needs only
    /// some of them (the first match of a phrase, those up to a bound) decodes no more. Empty once exhausted
    /// or if the positions data is malformed.
    public mutating func positionReader() -> PositionReader {
        guard _doc != Self.exhausted, index >= 0, index < decodedCount else { return PositionReader() }
        if frequenciesBlock != decodedBlock { decodeFrequencies() }
        var offset = positionsOffset
        var docIndex = positionsDocIndex
        // Start from the nearest mark at or before the document, unless the last one read is nearer.
        let mark = decodedBlock < fullBlockCount ? index / PostingsFormat.positionsMarkInterval : 0
        let markDoc = mark * PostingsFormat.positionsMarkInterval
        if index < docIndex || markDoc > docIndex {
            docIndex = markDoc
            offset = Swift.min(
                mark > 0
                    ? skipPositionsMark(decodedBlock, mark - 1)
                    : decodedBlock == 0 ? 0 : skipPositionsEnd(decodedBlock - 1),
                positionsLength)
        }
        if decodedBlock < fullBlockCount && positionsLengthsOffset >= 0 {
            // The block records its documents' positions lengths (beyond a byte per position): add them up.
            let lengths = data + positionsLengthsOffset
            while docIndex < index {
                offset += Int(frequencies[docIndex])
                    + Int(BitPacking.value(lengths, width: positionsLengthsWidth, at: docIndex))
                docIndex += 1
            }
            guard offset <= positionsLength else { return PositionReader() }
        } else {
            var skipped = 0
            while docIndex < index {
                skipped += Int(frequencies[docIndex])
                docIndex += 1
            }
            guard VByte.skip(skipped, positionsData, &offset, positionsLength) else { return PositionReader() }
        }
        positionsOffset = offset
        positionsDocIndex = index
        let count = Int(frequencies[index])
        guard count <= positionsLength - offset else { return PositionReader() }  // a position takes ≥ 1 byte
        return PositionReader(data: positionsData, offset: offset, end: positionsLength, count: count)
    }

    // MARK: - Decoding

    @inline(__always)
    private func skipValue(_ array: Int, _ b: Int) -> UInt32 {
        data.loadUnaligned(fromByteOffset: blocksLength + 4 * (array * fullBlockCount + b), as: UInt32.self)
            .littleEndian
    }

    @inline(__always) private func skipLastDoc(_ b: Int) -> UInt32 { skipValue(0, b) }
    @inline(__always) private func skipBlockEnd(_ b: Int) -> Int { Int(skipValue(1, b)) }
    @inline(__always) private func skipPositionsEnd(_ b: Int) -> Int { Int(skipValue(2, b)) }
    @inline(__always) private func skipMaxFrequency(_ b: Int) -> UInt32 { skipValue(3, b) }
    @inline(__always) private func skipMinLengthRatio(_ b: Int) -> Float { Float(bitPattern: skipValue(4, b)) }
    /// Where the positions of document `32 (k + 1)` of full block `b` start (k < 3).
    @inline(__always) private func skipPositionsMark(_ b: Int, _ k: Int) -> Int {
        Int(
            data.loadUnaligned(
                fromByteOffset: blocksLength + 20 * fullBlockCount + 4 * (PostingsFormat.positionsMarkCount * b + k),
                as: UInt32.self
            ).littleEndian)
    }
    @inline(__always) private func skipMinNormCode(_ b: Int) -> UInt8 {
        data.load(fromByteOffset: blocksLength + 32 * fullBlockCount + b, as: UInt8.self)
    }

    /// Makes the buffers hold block `b` (which becomes current); false if there is no such block or its data
    /// is malformed.
    private mutating func decode(_ b: Int) -> Bool {
        // A block starts after the previous block's recorded last document; that must not lie below the current
        // document, or damaged skip data would make the documents go back (callers index arrays by their
        // distance from an earlier document).
        if b > 0 && b <= fullBlockCount && _doc != Self.exhausted && skipLastDoc(b - 1) < _doc { return false }
        if !isKnownUniquelyReferenced(&storage) {
            storage = storage.copy()
            docs = storage.docs
            frequencies = storage.frequencies
        }
        block = b
        index = -1
        positionsDocIndex = -1
        if b < fullBlockCount {
            let start = b == 0 ? 0 : skipBlockEnd(b - 1)
            let end = skipBlockEnd(b)
            guard start >= 0, start <= end - 2, end <= blocksLength else { return false }
            let docWidth = Int(data.load(fromByteOffset: start, as: UInt8.self))
            let frequencyByte = data.load(fromByteOffset: start + 1, as: UInt8.self)
            let frequencyWidth = Int(frequencyByte & ~PostingsFormat.positionsLengthsFlag)
            let after = b == 0 ? UInt32.max : skipLastDoc(b - 1)
            let documentBytes: Int
            let previous: UInt32
            if docWidth == Int(PostingsFormat.bitmapMarker) {
                let last = skipLastDoc(b)
                guard last > after || b == 0 else { return false }
                documentBytes = DocumentBitmap.byteCount(base: after &+ 1, last: last)
                guard frequencyWidth <= 32,
                    end - start == 2 + documentBytes + BitPacking.byteCount(width: frequencyWidth)
                        + positionsLengthsBytes(frequencyByte, at: start + 2 + documentBytes, frequencyWidth, end),
                    DocumentBitmap.unpack(data + start + 2, byteCount: documentBytes, base: after &+ 1, into: docs)
                else { return false }
                previous = docs[PostingsFormat.blockSize - 1]
            } else {
                documentBytes = BitPacking.byteCount(width: docWidth)
                guard docWidth <= 32, frequencyWidth <= 32,
                    end - start == 2 + documentBytes + BitPacking.byteCount(width: frequencyWidth)
                        + positionsLengthsBytes(frequencyByte, at: start + 2 + documentBytes, frequencyWidth, end)
                else { return false }
                previous = BitPacking.unpackDocuments(data + start + 2, width: docWidth, after: after, into: docs)
            }
            frequenciesOffset = start + 2 + documentBytes
            frequenciesWidth = frequencyWidth
            frequenciesBlock = -1
            decodedCount = PostingsFormat.blockSize
            decodedBlock = b
            _blockLastDoc = previous
        } else if b == fullBlockCount && tailCount > 0 {
            guard decodeTail(store: true) else { return false }
            decodedCount = tailCount
            decodedBlock = b
            frequenciesBlock = b
            _blockLastDoc = tailLastDoc
        } else {
            return false
        }
        return true
    }

    /// The bytes of the positions lengths of a full block whose frequencies' width byte is `frequencyByte` and
    /// whose packed frequencies start at `frequencies` (0 if it records none), and where they are noted;
    /// -1 if they do not fit before the block's `end` or their width is out of range.
    private mutating func positionsLengthsBytes(
        _ frequencyByte: UInt8, at frequencies: Int, _ frequencyWidth: Int, _ end: Int
    ) -> Int {
        positionsLengthsOffset = -1
        guard frequencyByte & PostingsFormat.positionsLengthsFlag != 0 else { return 0 }
        let widthOffset = frequencies + BitPacking.byteCount(width: frequencyWidth)
        guard widthOffset < end else { return -1 }
        let width = Int(data.load(fromByteOffset: widthOffset, as: UInt8.self))
        guard width <= 32 else { return -1 }
        positionsLengthsOffset = widthOffset + 1
        positionsLengthsWidth = width
        return 1 + BitPacking.byteCount(width: width)
    }

    /// Unpacks the frequencies of the decoded full block (stored minus one), checked in bounds by `decode`.
    @usableFromInline
    mutating func decodeFrequencies() {
        BitPacking.unpack(data + frequenciesOffset, width: frequenciesWidth, into: frequencies)
        for i in 0..<PostingsFormat.blockSize { frequencies[i] &+= 1 }
        frequenciesBlock = decodedBlock
    }

    /// Reads the VByte tail block: with `store`, into the buffers; otherwise computing its bounds (which needs
    /// the norm of every document, so decoding alone does not).
    private mutating func decodeTail(store: Bool) -> Bool {
        var offset = fullBlockCount == 0 ? 0 : skipBlockEnd(fullBlockCount - 1)
        guard offset >= 0, offset <= blocksLength else { return false }
        var previous = fullBlockCount == 0 ? UInt32.max : skipLastDoc(fullBlockCount - 1)
        var maxFrequency: UInt32 = 0
        var minNormCode: UInt8 = .max
        var minLengthRatio = Float.infinity
        for i in 0..<tailCount {
            guard let code = VByte.decode(data, &offset, blocksLength), code >> 1 <= UInt64(UInt32.max) else {
                return false
            }
            previous = previous &+ UInt32(truncatingIfNeeded: code >> 1) &+ 1
            let frequency: UInt32
            if code & 1 == 1 {
                frequency = 1
            } else {
                guard let value = VByte.decode32(data, &offset, blocksLength) else { return false }
                frequency = value
            }
            if store {
                docs[i] = previous
                frequencies[i] = frequency
                continue
            }
            maxFrequency = Swift.max(maxFrequency, frequency)
            if Int(previous) < normsCount {
                minNormCode = Swift.min(minNormCode, norms[Int(previous)])
                minLengthRatio = Swift.min(
                    minLengthRatio, PostingsFormat.lengthRatio(normCode: norms[Int(previous)], frequency: frequency))
            } else {
                minLengthRatio = 0  // no norm to go by (malformed): the loosest bound
            }
        }
        tailLastDoc = previous
        if store {
            (docs + tailCount).update(repeating: .max, count: PostingsBlockBuffer.sentinelCount)
            return true
        }
        tailMaxFrequency = maxFrequency
        tailMinNormCode = minNormCode
        tailMinLengthRatio = minLengthRatio
        tailBoundsKnown = true
        return true
    }
}
