extension TermDictionary {
    /// Decodes every block of the field for `IndexChecker`, checking what `lookup` relies on without checking:
    /// each block key is its first term, terms strictly ascend, each entry's counts are possible, every block is
    /// used to its last byte, and each term's postings and positions start where the previous term's end —
    /// from `postings` and `positions` on, which on return are where the field's last term's data end.
    /// `body` gets every term (bytes valid only during the call) with its entry.
    func check(
        path: String, postings: inout Int, positions: inout Int,
        _ body: (UnsafeBufferPointer<UInt8>, TermInfo) throws(IndexError) -> Void
    ) throws(IndexError) {
        var term: [UInt8] = []
        var previous: [UInt8] = []
        let perBlock = TermDictionaryWriter.termsPerBlock
        for block in 0..<blockCount {
            let range = blockRange(block)
            var reader = ByteReader(
                UnsafeRawBufferPointer(start: base, count: range.upperBound), range: range, path: path)
            let blockPostings = try reader.readVByte()
            let blockPositions = try reader.readVByte()
            guard blockPostings == UInt64(postings), blockPositions == UInt64(positions) else {
                throw .corrupt(
                    "\(path): \(field) block \(block) puts its first term's data at \(blockPostings) and "
                        + "\(blockPositions), not where the previous term's end (\(postings) and \(positions))")
            }
            for entry in 0..<Swift.min(perBlock, termCount - block * perBlock) {
                let prefix = try reader.readCount(max: entry == 0 ? 0 : term.count, "shared prefix length")
                let suffixCount = try reader.readCount(max: range.count, "suffix length")
                term.removeSubrange(prefix...)
                term.append(contentsOf: try reader.readBytes(suffixCount))
                if entry == 0 {
                    let keyStart = keysStart + Int(loadUInt32(keyOffsetsStart + 4 * block))
                    let keyEnd = keysStart + Int(loadUInt32(keyOffsetsStart + 4 * block + 4))
                    let key = UnsafeRawBufferPointer(start: base + keyStart, count: keyEnd - keyStart)
                    guard key.elementsEqual(term) else {
                        throw .corrupt("\(path): \(field) block \(block)'s key is not its first term")
                    }
                }
                guard (block == 0 && entry == 0) || previous.lexicographicallyPrecedes(term) else {
                    throw .corrupt("\(path): \(field) terms are out of order in block \(block)")
                }
                let documentFrequency = try reader.readVByte()
                let extraFrequency = try reader.readVByte()
                guard documentFrequency >= 1, documentFrequency <= UInt64(UInt32.max),
                    extraFrequency <= UInt64.max - documentFrequency
                else { throw .corrupt("\(path): \(field) block \(block) has an impossible document frequency") }
                let postingsLength = try reader.readCount(max: postingsRange.upperBound - postings, "postings length")
                let positionsLength = try reader.readCount(
                    max: positionsRange.upperBound - positions, "positions length")
                let info = TermInfo(
                    documentFrequency: UInt32(documentFrequency),
                    totalTermFrequency: documentFrequency + extraFrequency,
                    field: field, postingsOffset: postings, postingsLength: postingsLength, positionsOffset: positions,
                    positionsLength: positionsLength)
                try term.withUnsafeBufferPointer { bytes throws(IndexError) in try body(bytes, info) }
                postings += postingsLength
                positions += positionsLength
                previous.removeAll(keepingCapacity: true)
                previous.append(contentsOf: term)
            }
            guard reader.offset == range.upperBound else {
                throw .corrupt("\(path): \(field) block \(block) has \(range.upperBound - reader.offset) unused bytes")
            }
        }
    }
}
