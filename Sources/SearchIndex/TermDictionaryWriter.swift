/// Writes the `.terms` file: for each field, its terms in ascending byte order, front-coded in blocks of
/// `termsPerBlock`, followed by the block index that `TermDictionary` binary-searches.
///
///     per field:
///       blocks:   postingsOffset VByte | positionsOffset VByte        (absolute, of the block's first term)
///                 then per term: prefixLength VByte | suffixLength VByte | suffix bytes
///                                | documentFrequency VByte | totalTermFrequency - documentFrequency VByte
///                                | postingsLength VByte | positionsLength VByte
///                 (prefixLength = bytes shared with the previous term of the block, 0 for the first; a term's
///                 postings and positions start where the previous term's end)
///       index:    blockOffset u32[blockCount]           (from the start of the field's blocks)
///                 keyOffset u32[blockCount + 1]         (into the keys; key i = the first term of block i)
///                 keys bytes
///     directory (3 × 8 u64, in field order): termCount | blockCount | blocksStart | blocksEnd
///                 | blockOffsetsStart | keyOffsetsStart | keysStart | keysEnd
final class TermDictionaryWriter {
    /// Terms per front-coded block: a lookup binary-searches the block keys, then decodes at most this many.
    static let termsPerBlock = 16

    /// One field's entry in the directory at the end of the file.
    struct Section {
        var termCount = 0
        var blockCount = 0
        var blocksStart = 0
        var blocksEnd = 0
        var blockOffsetsStart = 0
        var keyOffsetsStart = 0
        var keysStart = 0
        var keysEnd = 0

        static let byteCount = 64

        /// Reads one field's entry of the directory, each offset at most `limit`.
        static func read(_ reader: inout ByteReader, limit: Int) throws(IndexError) -> Section {
            Section(
                termCount: try reader.readOffset(max: Int(UInt32.max) * 16, "term count"),
                blockCount: try reader.readOffset(max: limit, "block count"),
                blocksStart: try reader.readOffset(max: limit, "blocks start"),
                blocksEnd: try reader.readOffset(max: limit, "blocks end"),
                blockOffsetsStart: try reader.readOffset(max: limit, "block offsets start"),
                keyOffsetsStart: try reader.readOffset(max: limit, "key offsets start"),
                keysStart: try reader.readOffset(max: limit, "keys start"),
                keysEnd: try reader.readOffset(max: limit, "keys end"))
        }
    }

    let output: FileOutput
    private var sections = [Section](repeating: Section(), count: IndexedField.count)
    private var field: IndexedField?
    private var section = Section()
    private var blockOffsets: [UInt32] = []
    private var keyOffsets: [UInt32] = []
    private var keys: [UInt8] = []
    private var previous: [UInt8] = []

    init(output: FileOutput) {
        self.output = output
    }

    func startField(_ field: IndexedField) {
        self.field = field
        section = Section()
        section.blocksStart = output.position
        blockOffsets.removeAll(keepingCapacity: true)
        keyOffsets.removeAll(keepingCapacity: true)
        keys.removeAll(keepingCapacity: true)
        previous.removeAll(keepingCapacity: true)
    }

    /// Adds the next term of the current field (terms strictly ascending).
    func add(
        _ term: UnsafeBufferPointer<UInt8>, documentFrequency: UInt32, totalTermFrequency: UInt64,
        location: TermLocation
    ) throws(IndexError) {
        let prefix: Int
        if section.termCount % Self.termsPerBlock == 0 {
            let offset = output.position - section.blocksStart
            guard offset <= Int(UInt32.max) else {
                throw .io("could not write \(output.path): a field's term dictionary exceeds 4 GiB")
            }
            blockOffsets.append(UInt32(offset))
            keyOffsets.append(UInt32(keys.count))
            keys.append(contentsOf: term)
            output.writeVByte(UInt64(location.postingsOffset))
            output.writeVByte(UInt64(location.positionsOffset))
            prefix = 0
        } else {
            var shared = 0
            let limit = Swift.min(previous.count, term.count)
            while shared < limit && previous[shared] == term[shared] { shared += 1 }
            prefix = shared
        }
        output.writeVByte(UInt64(prefix))
        output.writeVByte(UInt64(term.count - prefix))
        output.writeBytes(UnsafeRawBufferPointer(UnsafeBufferPointer(rebasing: term[prefix...])))
        output.writeVByte(UInt64(documentFrequency))
        output.writeVByte(totalTermFrequency - UInt64(documentFrequency))
        output.writeVByte(UInt64(location.postingsLength))
        output.writeVByte(UInt64(location.positionsLength))
        previous.removeAll(keepingCapacity: true)
        previous.append(contentsOf: term)
        section.termCount += 1
    }

    func finishField() throws(IndexError) {
        guard let field else { return }
        guard keys.count <= Int(UInt32.max) else {
            throw .io("could not write \(output.path): a field's term dictionary exceeds 4 GiB")
        }
        section.blocksEnd = output.position
        section.blockCount = blockOffsets.count
        section.blockOffsetsStart = output.position
        for offset in blockOffsets { output.writeUInt32(offset) }
        section.keyOffsetsStart = output.position
        for offset in keyOffsets { output.writeUInt32(offset) }
        output.writeUInt32(UInt32(keys.count))
        section.keysStart = output.position
        output.writeBytes(keys)
        section.keysEnd = output.position
        sections[field.index] = section
        self.field = nil
    }

    /// Writes the directory and the footer, and syncs the file.
    func finish() throws(IndexError) {
        for section in sections {
            for value in [
                section.termCount, section.blockCount, section.blocksStart, section.blocksEnd,
                section.blockOffsetsStart, section.keyOffsetsStart, section.keysStart, section.keysEnd,
            ] {
                output.writeUInt64(UInt64(value))
            }
        }
        try output.finish()
    }
}
