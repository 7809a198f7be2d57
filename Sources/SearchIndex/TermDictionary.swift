#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// One field's term dictionary in a mapped `.terms` file (layout in `TermDictionaryWriter`).
///
/// Invariants, established by `init` from the file and relied on by `lookup`: the block offsets are strictly
/// increasing, start at 0 and lie inside the blocks range; the key offsets are non-decreasing, start at 0 and
/// end at the keys' length; every range lies inside the file's content. Block contents are still untrusted:
/// decoding them is bounds-checked, and a malformed entry makes a lookup return nil.
struct TermDictionary {
    let field: IndexedField
    /// How errors in the field's blocks name them (formatted once: an enum's interpolation is slow).
    let blocksName: String
    let termCount: Int
    let base: UnsafeRawPointer
    let blockCount: Int
    let blocksStart: Int
    let blocksEnd: Int
    private let blockOffsetsStart: Int
    let keyOffsetsStart: Int
    let keysStart: Int
    /// The content ranges of the postings and positions files, which every term's data must lie inside.
    let postingsRange: Range<Int>
    let positionsRange: Range<Int>
    /// Each block's first term's first 8 bytes (zero-padded) as a big-endian word, so that word order agrees
    /// with term order: `lookup` binary-searches this one contiguous array (one cache line per step, the last
    /// steps in the same line) and compares whole terms only among blocks whose words tie.
    private var blockPrefixes: [UInt64] = []

    /// Reads and validates field `field`'s directory entry in the terms file.
    init(
        file: MappedFileBuffer, content: Range<Int>, field: IndexedField, postingsRange: Range<Int>,
        positionsRange: Range<Int>
    ) throws(IndexError) {
        let path = file.path
        let directoryStart = content.upperBound - IndexedField.count * TermDictionaryWriter.Section.byteCount
        guard directoryStart >= content.lowerBound else { throw .corrupt("\(path): directory is missing") }
        var reader = ByteReader(
            file.bytes,
            range: (directoryStart + field.index * TermDictionaryWriter.Section.byteCount)..<content.upperBound,
            path: path)
        let section = try TermDictionaryWriter.Section.read(&reader, limit: content.upperBound)
        let (termCount, blockCount, blocksStart, blocksEnd) =
            (section.termCount, section.blockCount, section.blocksStart, section.blocksEnd)
        let (blockOffsetsStart, keyOffsetsStart, keysStart, keysEnd) =
            (section.blockOffsetsStart, section.keyOffsetsStart, section.keysStart, section.keysEnd)
        let perBlock = TermDictionaryWriter.termsPerBlock
        guard blockCount == (termCount + perBlock - 1) / perBlock else {
            throw .corrupt("\(path): \(field) has \(termCount) terms but \(blockCount) blocks")
        }
        self.field = field
        self.blocksName = "\(field) term dictionary"
        self.termCount = termCount
        self.base = file.bytes.baseAddress ?? UnsafeRawPointer(bitPattern: 1)!
        self.blockCount = blockCount
        self.blocksStart = blocksStart
        self.blocksEnd = blocksEnd
        self.blockOffsetsStart = blockOffsetsStart
        self.keyOffsetsStart = keyOffsetsStart
        self.keysStart = keysStart
        self.postingsRange = postingsRange
        self.positionsRange = positionsRange
        guard blockCount > 0 else { return }

        func inside(_ start: Int, _ count: Int) -> Bool {
            start >= content.lowerBound && count >= 0 && count <= content.upperBound - start
        }
        guard blocksStart <= blocksEnd, inside(blocksStart, blocksEnd - blocksStart),
            inside(blockOffsetsStart, 4 * blockCount), inside(keyOffsetsStart, 4 * (blockCount + 1)),
            keysStart <= keysEnd, inside(keysStart, keysEnd - keysStart)
        else { throw .corrupt("\(path): \(field) dictionary sections lie outside the file") }
        var previous = -1
        for i in 0..<blockCount {
            let offset = Int(loadUInt32(blockOffsetsStart + 4 * i))
            guard offset > previous, offset < blocksEnd - blocksStart, i > 0 || offset == 0 else {
                throw .corrupt("\(path): \(field) block offsets are out of order")
            }
            previous = offset
        }
        previous = 0
        for i in 0...blockCount {
            let offset = Int(loadUInt32(keyOffsetsStart + 4 * i))
            guard offset >= previous, i > 0 || offset == 0, i < blockCount || offset == keysEnd - keysStart else {
                throw .corrupt("\(path): \(field) block keys are out of order")
            }
            previous = offset
        }
        blockPrefixes = (0..<blockCount).map { i in
            let key = blockKey(i)
            return Self.prefix(key.start, key.count)
        }
    }

    /// The first 8 bytes of a term (zero-padded) as a big-endian word: `a < b` as terms implies
    /// `prefix(a) <= prefix(b)`.
    @inline(__always)
    private static func prefix(_ bytes: UnsafeRawPointer, _ count: Int) -> UInt64 {
        var word: UInt64 = 0
        for i in 0..<Swift.min(count, 8) {
            word |= UInt64(bytes.load(fromByteOffset: i, as: UInt8.self)) << UInt64(56 - 8 * i)
        }
        return word
    }

    /// Block `block`'s first term (its key).
    @inline(__always)
    private func blockKey(_ block: Int) -> (start: UnsafeRawPointer, count: Int) {
        let start = Int(loadUInt32(keyOffsetsStart + 4 * block))
        let end = Int(loadUInt32(keyOffsetsStart + 4 * block + 4))
        return (base + keysStart + start, end - start)
    }

    @inline(__always)
    func loadUInt32(_ offset: Int) -> UInt32 {
        base.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian
    }

    /// memcmp-then-length order of two byte strings, as the writer sorts them.
    @inline(__always)
    private static func compare(_ a: UnsafeRawPointer, _ aCount: Int, _ b: UnsafeRawPointer, _ bCount: Int) -> Int {
        let n = Swift.min(aCount, bCount)
        if n > 0 {
            let c = memcmp(a, b, n)
            if c != 0 { return Int(c) }
        }
        return aCount - bCount
    }

    /// The dictionary entry of `term`, or nil if the field has no such term (or its entry is malformed).
    /// O(log(termCount / 16)) word comparisons, whole-term comparisons among blocks whose first 8 bytes tie
    /// with the target's, and at most 16 entry decodes; allocates nothing.
    func lookup(_ term: UnsafeBufferPointer<UInt8>) -> TermInfo? {
        guard blockCount > 0 else { return nil }
        let target = UnsafeRawPointer(term.baseAddress) ?? base
        let targetCount = term.count
        let blocks = blocksStarting(atOrBelow: target, targetCount)
        guard blocks > 0 else { return nil }
        return scanBlock(blocks - 1, for: target, targetCount)
    }

    /// The number of blocks whose first term is <= the target (so the target, if present, is in the last of
    /// them): a binary search over the blocks' first words, then whole terms among the blocks whose words tie.
    private func blocksStarting(atOrBelow target: UnsafeRawPointer, _ targetCount: Int) -> Int {
        let targetPrefix = Self.prefix(target, targetCount)
        // Blocks before `low` start below the target and blocks from `high` on above it, by their words alone.
        var low = 0
        var high = blockCount
        blockPrefixes.withUnsafeBufferPointer { prefixes in
            while low < high {
                let middle = (low + high) >> 1
                if prefixes[middle] < targetPrefix { low = middle + 1 } else { high = middle }
            }
            var end = blockCount
            var start = low
            while start < end {
                let middle = (start + end) >> 1
                if prefixes[middle] <= targetPrefix { start = middle + 1 } else { end = middle }
            }
            high = start
        }
        // The last block whose first term is <= the target: among the ties, by whole terms.
        while low < high {
            let mid = (low + high) >> 1
            let key = blockKey(mid)
            if Self.compare(key.start, key.count, target, targetCount) <= 0 {
                low = mid + 1
            } else {
                high = mid
            }
        }
        return low
    }

    func blockRange(_ block: Int) -> Range<Int> {
        let start = blocksStart + Int(loadUInt32(blockOffsetsStart + 4 * block))
        let end = block + 1 < blockCount ? blocksStart + Int(loadUInt32(blockOffsetsStart + 4 * block + 4)) : blocksEnd
        return start..<end
    }

    /// Decodes block `block` looking for the target. `matched` is the length of the common prefix of the
    /// target and the previous entry: an entry sharing more than `matched` bytes with its predecessor is still
    /// below the target, one sharing fewer is above it, and only an entry sharing exactly `matched` bytes
    /// needs its suffix compared.
    private func scanBlock(_ block: Int, for target: UnsafeRawPointer, _ targetCount: Int) -> TermInfo? {
        let range = blockRange(block)
        var offset = range.lowerBound
        let end = range.upperBound
        guard var postings = VByte.decode(base, &offset, end), var positions = VByte.decode(base, &offset, end),
            postings <= UInt64(postingsRange.upperBound), positions <= UInt64(positionsRange.upperBound)
        else { return nil }
        let entries = Swift.min(
            TermDictionaryWriter.termsPerBlock, termCount - block * TermDictionaryWriter.termsPerBlock)
        var matched = 0
        for _ in 0..<entries {
            guard let prefix = VByte.decode(base, &offset, end), let suffixCount = VByte.decode(base, &offset, end),
                suffixCount <= UInt64(end - offset)
            else { return nil }
            let suffix = base + offset
            offset += Int(suffixCount)
            guard let documentFrequency = VByte.decode32(base, &offset, end),
                let extraFrequency = VByte.decode(base, &offset, end),
                let postingsLength = VByte.decode(base, &offset, end), postingsLength <= UInt64(postingsRange.count),
                let positionsLength = VByte.decode(base, &offset, end), positionsLength <= UInt64(positionsRange.count)
            else { return nil }
            if prefix == UInt64(matched) {
                let suffixCount = Int(suffixCount)
                let remaining = targetCount - matched
                let n = Swift.min(suffixCount, remaining)
                var common = 0
                while common < n
                    && suffix.load(fromByteOffset: common, as: UInt8.self)
                        == target.load(fromByteOffset: matched + common, as: UInt8.self)
                {
                    common += 1
                }
                if common == suffixCount {
                    if common == remaining {
                        return info(
                            documentFrequency: documentFrequency, extraFrequency: extraFrequency,
                            postings: Int(postings), postingsLength: Int(postingsLength), positions: Int(positions),
                            positionsLength: Int(positionsLength))
                    }
                    matched += common  // this entry is a proper prefix of the target: below it
                } else if common == remaining {
                    return nil  // the target is a proper prefix of this entry: above it
                } else if suffix.load(fromByteOffset: common, as: UInt8.self)
                    < target.load(fromByteOffset: matched + common, as: UInt8.self)
                {
                    matched += common
                } else {
                    return nil
                }
            } else if prefix < UInt64(matched) {
                return nil
            }
            postings += postingsLength
            positions += positionsLength
        }
        return nil
    }

    private func info(
        documentFrequency: UInt32, extraFrequency: UInt64, postings: Int, postingsLength: Int, positions: Int,
        positionsLength: Int
    ) -> TermInfo? {
        guard documentFrequency > 0, extraFrequency <= UInt64.max - UInt64(documentFrequency),
            postings >= postingsRange.lowerBound, postingsLength <= postingsRange.upperBound - postings,
            positions >= positionsRange.lowerBound, positionsLength <= positionsRange.upperBound - positions
        else { return nil }
        return TermInfo(
            documentFrequency: documentFrequency, totalTermFrequency: UInt64(documentFrequency) + extraFrequency,
            field: field, postingsOffset: postings, postingsLength: postingsLength, positionsOffset: positions,
            positionsLength: positionsLength)
    }


    /// Calls `body` with every term of the field that starts with `prefix` (by default, every term), in ascending
    /// order, and its entry (the bytes are valid only during the call). Decodes only the blocks that can hold
    /// such terms: from the block where `prefix` itself would be, to the first term past them. Allocates one
    /// scratch buffer per call, not per term.
    func forEachTerm(
        withPrefix prefix: UnsafeBufferPointer<UInt8> = UnsafeBufferPointer(start: nil, count: 0),
        _ body: (UnsafeBufferPointer<UInt8>, TermInfo) throws -> Void
    ) throws {
        try walkTerms(withPrefix: prefix) { term, info in
            try body(term, info)
            return 0
        }
    }

    /// `forEachTerm(withPrefix:_:)` where `body` may cut the walk short: it returns a number of leading bytes of
    /// the term it was given such that no later term beginning with them is wanted (0: every term is), and the
    /// walk then goes on from the first term past them, skipping whole blocks by the index of block heads.
    func walkTerms(
        withPrefix prefix: UnsafeBufferPointer<UInt8> = UnsafeBufferPointer(start: nil, count: 0),
        _ body: (UnsafeBufferPointer<UInt8>, TermInfo) throws -> Int
    ) throws {
        guard blockCount > 0 else { return }
        let blocks = blocksStarting(atOrBelow: UnsafeRawPointer(prefix.baseAddress) ?? base, prefix.count)
        var terms = TermIterator(self, fromBlock: Swift.max(blocks - 1, 0))
        // Terms below `resume` are passed over (empty: none is).
        var resume: [UInt8] = []
        while let info = try terms.next() {
            let (stop, unwanted): (Bool, Int) = try terms.term.withUnsafeBufferPointer { term in
                if !resume.isEmpty && term.lexicographicallyPrecedes(resume) { return (false, 0) }
                if term.starts(with: prefix) { return (false, try body(term, info)) }
                // Terms below the prefix come first in its block; the first one above it ends the walk.
                return (!term.lexicographicallyPrecedes(prefix), 0)
            }
            if stop { return }
            guard unwanted > 0 else { continue }
            // The first term past those beginning with the unwanted bytes: their last byte that can be
            // incremented, incremented.
            resume = Array(terms.term.prefix(unwanted))
            while resume.last == 0xFF { resume.removeLast() }
            guard !resume.isEmpty else { return }
            resume[resume.count - 1] += 1
            let block = resume.withUnsafeBytes { blocksStarting(atOrBelow: $0.baseAddress!, $0.count) } - 1
            if block > terms.block { terms = TermIterator(self, fromBlock: block) }
        }
    }

    /// The entry of a term decoded from a block, or a corruption error naming the block.
    fileprivate func checkedInfo(
        documentFrequency: UInt64, extraFrequency: UInt64, postings: UInt64, postingsLength: Int, positions: UInt64,
        positionsLength: Int, block: Int
    ) throws(IndexError) -> TermInfo {
        guard documentFrequency <= UInt64(UInt32.max), postings <= UInt64(postingsRange.upperBound),
            positions <= UInt64(positionsRange.upperBound),
            let info = info(
                documentFrequency: UInt32(documentFrequency), extraFrequency: extraFrequency,
                postings: Int(postings), postingsLength: postingsLength, positions: Int(positions),
                positionsLength: positionsLength)
        else { throw IndexError.corrupt("\(field) term dictionary: malformed entry in block \(block)") }
        return info
    }
}

/// The terms of one field's dictionary in ascending order, decoded one at a time (merges walk several
/// segments' dictionaries side by side). Every entry is checked as it is decoded.
struct TermIterator {
    private let dictionary: TermDictionary
    /// The block being decoded, and the reader over it.
    private(set) var block = -1
    private var reader: ByteReader
    private var remainingInBlock = 0
    private var postings: UInt64 = 0
    private var positions: UInt64 = 0
    /// The current term's bytes (after a `next()` that returned an entry).
    private(set) var term: [UInt8] = []

    /// An iterator before the first term of block `first` of `dictionary` (by default, of the whole field).
    init(_ dictionary: TermDictionary, fromBlock first: Int = 0) {
        self.dictionary = dictionary
        block = first - 1
        reader = ByteReader(UnsafeRawBufferPointer(start: nil, count: 0), range: 0..<0, path: "")
    }

    /// Moves to the next term and returns its entry (its bytes are `term`), or nil after the last.
    mutating func next() throws(IndexError) -> TermInfo? {
        let perBlock = TermDictionaryWriter.termsPerBlock
        if remainingInBlock == 0 {
            block += 1
            guard block < dictionary.blockCount else { return nil }
            let range = dictionary.blockRange(block)
            reader = ByteReader(
                UnsafeRawBufferPointer(start: dictionary.base, count: range.upperBound), range: range,
                path: dictionary.blocksName)
            postings = try reader.readVByte()
            positions = try reader.readVByte()
            remainingInBlock = Swift.min(perBlock, dictionary.termCount - block * perBlock)
            term.removeAll(keepingCapacity: true)
        }
        let prefix = try reader.readCount(max: term.count, "shared prefix length")
        let suffixCount = try reader.readCount(max: reader.end - reader.offset, "suffix length")
        term.removeSubrange(prefix...)
        term.append(contentsOf: try reader.readBytes(suffixCount))
        let documentFrequency = try reader.readVByte()
        let extraFrequency = try reader.readVByte()
        let postingsLength = try reader.readCount(max: dictionary.postingsRange.count, "postings length")
        let positionsLength = try reader.readCount(max: dictionary.positionsRange.count, "positions length")
        let info = try dictionary.checkedInfo(
            documentFrequency: documentFrequency, extraFrequency: extraFrequency, postings: postings,
            postingsLength: postingsLength, positions: positions, positionsLength: positionsLength, block: block)
        postings += UInt64(postingsLength)
        positions += UInt64(positionsLength)
        remainingInBlock -= 1
        return info
    }
}
