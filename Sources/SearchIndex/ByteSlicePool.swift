/// Many growing byte streams interleaved in one byte array (the idea of Lucene's ByteBlockPool):
/// each stream is a chain of slices of increasing size, so a term's postings grow in place without a
/// per-term allocation.
///
/// A slice of level `l` has `8 << l` bytes (level capped at `maxLevel`); its first `size - 4` bytes are payload
/// and its last 4 bytes start out as an end marker, whose first byte is the next slice's level + 1; when a
/// writer reaches it, it allocates the next slice and overwrites the 4 marker bytes with the next slice's offset
/// (UInt32, little-endian). No byte is read before it is written, so the array is not cleared: its unused
/// capacity costs address space, not memory. A stream's state outside the pool is three offsets: its
/// first byte, the next byte to write and the end of the current slice's payload. Offsets are UInt32, so a
/// pool holds at most 4 GiB (the writer flushes long before).
struct ByteSlicePool: ~Copyable {
    /// Slice levels go from 0 (8 bytes) to `maxLevel` (1 KiB).
    static let maxLevel = 7

    /// The pool's bytes.
    private(set) var bytes = _UnsafeGrowableArray<UInt8>(capacity: 1 << 16)

    /// The bytes in use (for the writer's memory budget): the capacity beyond them is never touched, so the
    /// system gives it no memory.
    var allocatedBytes: Int { bytes.count }

    @inline(__always)
    static func sliceSize(level: Int) -> Int { 8 << level }

    /// Starts a new stream; returns the offset of its first byte (also its initial write offset) and the end
    /// of its first slice's payload.
    mutating func newStream() -> (start: UInt32, end: UInt32) {
        let start = allocateSlice(level: 0)
        return (UInt32(truncatingIfNeeded: start), UInt32(truncatingIfNeeded: start + Self.sliceSize(level: 0) - 4))
    }

    private mutating func allocateSlice(level: Int) -> Int {
        let size = Self.sliceSize(level: level)
        let start = bytes.extend(by: size)
        precondition(start + size <= Int(UInt32.max), "byte slice pool exceeds 4 GiB")
        bytes[start + size - 4] = UInt8(Swift.min(level + 1, Self.maxLevel) + 1)
        return start
    }

    /// Appends `byte` to the stream whose next write offset is `upto` and whose current slice's payload ends
    /// at `end`, advancing both as needed. Keeping `end` with the caller (rather than reading the end marker
    /// before every write) makes the common case a pure store, which does not wait for a cache miss.
    @inline(__always)
    mutating func append(_ byte: UInt8, at upto: inout UInt32, end: inout UInt32) {
        if upto == end { nextSlice(at: &upto, end: &end) }
        bytes.base[Int(upto)] = byte
        upto &+= 1
    }

    /// Appends `value` as a VByte.
    @inline(__always)
    mutating func appendVByte(_ value: UInt64, at upto: inout UInt32, end: inout UInt32) {
        var value = value
        while value >= 0x80 {
            append(UInt8(truncatingIfNeeded: value) | 0x80, at: &upto, end: &end)
            value >>= 7
        }
        append(UInt8(truncatingIfNeeded: value), at: &upto, end: &end)
    }

    /// Allocates the slice after the one whose end marker is at `upto`, links it, and moves the stream there.
    @inline(never)
    private mutating func nextSlice(at upto: inout UInt32, end: inout UInt32) {
        let markerOffset = Int(upto)
        let level = Int(bytes[markerOffset]) - 1
        let start = allocateSlice(level: level)
        UnsafeMutableRawPointer(bytes.base + markerOffset)
            .storeBytes(of: UInt32(truncatingIfNeeded: start).littleEndian, as: UInt32.self)
        upto = UInt32(truncatingIfNeeded: start)
        end = UInt32(truncatingIfNeeded: start + Self.sliceSize(level: level) - 4)
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
}
