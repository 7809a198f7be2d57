/// The `.norms` file: the segment's document count, each field's statistics, and one norm byte per document
/// per field.
///
///     documentCount u64
///     per field (3): documentsWithField u64 | totalTermCount u64
///     per field (3): norm codes u8[documentCount]
struct NormsFile {
    let documentCount: Int
    let statistics: [FieldStatistics]
    /// Where each field's norms start in the mapped file.
    private let normsStart: Int
    private let file: MappedFileBuffer

    /// Writes a norms file.
    static func write(
        path: String, segment: SegmentID, documentCount: Int, statistics: [FieldStatistics], norms: [[UInt8]]
    ) throws(IndexError) {
        let output = try FileOutput(path: path)
        FileFormat.writeHeader(output, kind: .norms, segment: segment)
        output.writeUInt64(UInt64(documentCount))
        for field in statistics {
            output.writeUInt64(UInt64(field.documentCount))
            output.writeUInt64(field.totalTermCount)
        }
        for field in norms { output.writeBytes(field) }
        try output.finish()
    }

    /// Parses and validates a mapped norms file.
    init(file: MappedFileBuffer, content: Range<Int>) throws(IndexError) {
        var reader = ByteReader(file.bytes, range: content, path: file.path)
        let count = try reader.readOffset(max: content.count, "document count")
        var statistics: [FieldStatistics] = []
        for field in IndexedField.allCases {
            let documents = try reader.readOffset(max: count, "\(field) document count")
            let tokens = try reader.readUInt64()
            statistics.append(FieldStatistics(documentCount: documents, totalTermCount: tokens))
        }
        guard content.upperBound - reader.offset == IndexedField.count * count else {
            throw .corrupt("\(file.path): norms for \(count) documents have the wrong size")
        }
        self.documentCount = count
        self.statistics = statistics
        self.normsStart = reader.offset
        self.file = file
    }

    /// One norm byte per document for `field`.
    func norms(_ field: IndexedField) -> UnsafeBufferPointer<UInt8> {
        guard let base = file.bytes.baseAddress else { return UnsafeBufferPointer(start: nil, count: 0) }
        let start = (base + normsStart + field.index * documentCount).assumingMemoryBound(to: UInt8.self)
        return UnsafeBufferPointer(start: start, count: documentCount)
    }
}
