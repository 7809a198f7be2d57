/// Many growing byte streams interleaved in one zero-filled byte array (the idea of Lucene's ByteBlockPool):
/// each stream is a chain of slices of increasing size, so a term's postings grow in place without a
/// per-term allocation.
///
/// A slice of level `l` has `8 << l` bytes (level capped at `maxLevel`); its first `size - 4` bytes are payload
/// and its last 4 bytes start out as an end marker: a nonzero byte (the next slice's level + 1) followed by
/// three zeros. Payload bytes are zero until written, so a writer finds the end of its slice by meeting a
/// nonzero byte; it then allocates the next slice and overwrites the 4 marker bytes with the next slice's
/// offset (UInt32, little-endian). A stream's state outside the pool is two offsets: its first byte and the
/// next byte to write. Offsets are UInt32, so a pool holds at most 4 GiB (the writer flushes long before).
struct ByteSlicePool: ~Copyable {
    /// Slice levels go from 0 (8 bytes) to `maxLevel` (1 KiB).
    static let maxLevel = 7

    /// The pool's bytes; everything past `bytes.count` is zero (the array is created `zeroed`).
    private(set) var bytes = _UnsafeGrowableArray<UInt8>(capacity: 1 << 16, zeroed: true)

    /// The bytes allocated (for the writer's memory budget).
    var allocatedBytes: Int { bytes.allocatedBytes }

    @inline(__always)
    static func sliceSize(level: Int) -> Int { 8 << level }

    /// Starts a new stream; returns the offset of its first byte (also its initial write offset).
    mutating func newStream() -> UInt32 {
        UInt32(truncatingIfNeeded: allocateSlice(level: 0))
    }

    private mutating func allocateSlice(level: Int) -> Int {
        let size = Self.sliceSize(level: level)
        let start = bytes.extend(by: size)
        precondition(start + size <= Int(UInt32.max), "byte slice pool exceeds 4 GiB")
        bytes[start + size - 4] = UInt8(Swift.min(level + 1, Self.maxLevel) + 1)
        return start
    }

    /// Appends `byte` to the stream whose next write offset is `upto`, and advances `upto`.
    @inline(__always)
    mutating func append(_ byte: UInt8, at upto: inout UInt32) {
        var offset = Int(upto)
        if bytes.base[offset] != 0 { offset = nextSlice(at: offset) }
        bytes.base[offset] = byte
        upto = UInt32(truncatingIfNeeded: offset + 1)
    }

    /// Appends `value` as a VByte.
    @inline(__always)
    mutating func appendVByte(_ value: UInt64, at upto: inout UInt32) {
        var value = value
        while value >= 0x80 {
            append(UInt8(truncatingIfNeeded: value) | 0x80, at: &upto)
            value >>= 7
        }
        append(UInt8(truncatingIfNeeded: value), at: &upto)
    }

    /// Allocates the slice after the one whose end marker is at `markerOffset`, links it, returns its start.
    @inline(never)
    private mutating func nextSlice(at markerOffset: Int) -> Int {
        let level = Int(bytes[markerOffset]) - 1
        let start = allocateSlice(level: level)
        UnsafeMutableRawPointer(bytes.base + markerOffset)
            .storeBytes(of: UInt32(truncatingIfNeeded: start).littleEndian, as: UInt32.self)
        return start
    }

    /// Copies the stream that starts at `start` and ends before `end` into `output` (appending).
    func copyStream(start: UInt32, end: UInt32, into output: inout _UnsafeGrowableArray<UInt8>) {
        var offset = Int(start)
        var level = 0
        let end = Int(end)
        while true {
            let limit = offset + Self.sliceSize(level: level) - 4
            if end >= offset && end <= limit {
                output.append(contentsOf: UnsafeBufferPointer(start: bytes.base + offset, count: end - offset))
                return
            }
            output.append(contentsOf: UnsafeBufferPointer(start: bytes.base + offset, count: limit - offset))
            offset = Int(UnsafeRawPointer(bytes.base + limit).loadUnaligned(as: UInt32.self).littleEndian)
            level = Swift.min(level + 1, Self.maxLevel)
        }
    }

    /// Forgets all streams, keeping (and re-zeroing) the memory.
    mutating func removeAll() { bytes.removeAll() }
}
