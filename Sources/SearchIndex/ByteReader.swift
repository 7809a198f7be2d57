/// A bounds-checked little-endian reader over mapped or loaded bytes, for parsing file directories where a
/// bad length or offset must become `IndexError.corrupt`, never an out-of-bounds read.
struct ByteReader {
    let bytes: UnsafeRawBufferPointer
    /// The next byte to read (an index into `bytes`).
    var offset: Int
    /// The end of the readable range (exclusive).
    let end: Int
    /// The file's path (for error messages).
    let path: String

    init(_ bytes: UnsafeRawBufferPointer, range: Range<Int>, path: String) {
        self.bytes = bytes
        self.offset = range.lowerBound
        self.end = Swift.min(range.upperBound, bytes.count)
        self.path = path
    }

    func truncated(_ what: String = "data") -> IndexError {
        .corrupt("\(path): \(what) runs past the end of its section at offset \(offset)")
    }

    private func check(_ count: Int) throws(IndexError) {
        guard count >= 0, count <= end - offset else { throw truncated() }
    }

    mutating func readUInt8() throws(IndexError) -> UInt8 {
        try check(1)
        defer { offset += 1 }
        return bytes.load(fromByteOffset: offset, as: UInt8.self)
    }

    mutating func readUInt32() throws(IndexError) -> UInt32 {
        try check(4)
        defer { offset += 4 }
        return bytes.loadUnaligned(fromByteOffset: offset, as: UInt32.self).littleEndian
    }

    mutating func readUInt64() throws(IndexError) -> UInt64 {
        try check(8)
        defer { offset += 8 }
        return bytes.loadUnaligned(fromByteOffset: offset, as: UInt64.self).littleEndian
    }

    mutating func readVByte() throws(IndexError) -> UInt64 {
        guard let base = bytes.baseAddress, let value = VByte.decode(base, &offset, end) else {
            throw .corrupt("\(path): bad variable-length integer at offset \(offset)")
        }
        return value
    }

    /// Reads a VByte that must be at most `limit` (a count or length), as an Int.
    mutating func readCount(max limit: Int, _ what: String) throws(IndexError) -> Int {
        let value = try readVByte()
        guard value <= UInt64(limit) else { throw .corrupt("\(path): \(what) \(value) is out of range") }
        return Int(value)
    }

    /// Reads a UInt64 offset or length that must be at most `limit`, as an Int.
    mutating func readOffset(max limit: Int, _ what: String) throws(IndexError) -> Int {
        let value = try readUInt64()
        guard value <= UInt64(limit) else { throw .corrupt("\(path): \(what) \(value) is out of range") }
        return Int(value)
    }

    /// The next `count` bytes, without copying.
    mutating func readBytes(_ count: Int) throws(IndexError) -> UnsafeRawBufferPointer {
        try check(count)
        defer { offset += count }
        return UnsafeRawBufferPointer(rebasing: bytes[offset..<(offset + count)])
    }
}
