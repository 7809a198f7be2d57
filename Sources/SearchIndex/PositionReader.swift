/// The positions of one term in one document, ascending, decoded from their VBytes (the first absolute, the
/// others deltas) one at a time. Made by `PostingsCursor.positionReader()`; reads the mapped positions file
/// in place, so the segment must outlive it. Malformed bytes end the sequence early.
public struct PositionReader {
    /// The positions bytes (nil only for an empty reader, whose `remaining` is 0).
    @usableFromInline let data: UnsafeRawPointer?
    @usableFromInline var offset: Int
    @usableFromInline let end: Int
    /// Positions not yet returned.
    @usableFromInline var remaining: Int
    /// The last position returned (0 before the first, so the first, absolute value adds to it like a delta).
    @usableFromInline var position: UInt32 = 0

    /// The number of positions not yet returned.
    public var remainingCount: Int { remaining }

    /// An empty reader.
    init() {
        data = nil
        offset = 0
        end = 0
        remaining = 0
    }

    /// A reader of `count` positions whose VBytes start at `data + offset` and lie before `data + end`.
    init(data: UnsafeRawPointer, offset: Int, end: Int, count: Int) {
        self.data = data
        self.offset = offset
        self.end = end
        remaining = count
    }

    /// The next position, or nil after the last.
    @inlinable
    public mutating func next() -> UInt32? {
        guard remaining > 0 else { return nil }
        if offset < end {
            let byte = data.unsafelyUnwrapped.load(fromByteOffset: offset, as: UInt8.self)
            if byte < 0x80 {  // almost every delta: one byte
                offset &+= 1
                remaining &-= 1
                position &+= UInt32(byte)
                return position
            }
        }
        return nextLong()
    }

    /// The first remaining position >= `wanted`, or nil if there is none; the positions before it are read
    /// and dropped. Runs of eight one-byte deltas whose sum stays below the target are passed a word at a time
    /// (the sum of a word's bytes in two SWAR steps); the rest one byte at a time, at most eight before the
    /// word test is tried again. The loop keeps the reader's state in locals (registers), not in the reader,
    /// whose every update would otherwise go through memory: `nextLong` takes the reader by reference.
    @inlinable
    public mutating func advance(to wanted: UInt32) -> UInt32? {
        guard let data else { return nil }
        var offset = self.offset
        var remaining = self.remaining
        var position = self.position
        var found = false
        search: while remaining > 0 {
            while remaining >= 8 && end &- offset >= 8 {
                let word = UInt64(littleEndian: data.loadUnaligned(fromByteOffset: offset, as: UInt64.self))
                if word & 0x8080_8080_8080_8080 != 0 { break }
                let pairs = (word & 0x00FF_00FF_00FF_00FF) &+ ((word >> 8) & 0x00FF_00FF_00FF_00FF)
                let sum = (pairs &* 0x0001_0001_0001_0001) >> 48
                if UInt64(position) &+ sum >= UInt64(wanted) { break }
                position &+= UInt32(truncatingIfNeeded: sum)
                offset &+= 8
                remaining &-= 8
            }
            var budget = 8
            while remaining > 0 && budget > 0 {
                budget &-= 1
                if offset < end {
                    let byte = data.load(fromByteOffset: offset, as: UInt8.self)
                    if byte < 0x80 {
                        offset &+= 1
                        remaining &-= 1
                        position &+= UInt32(byte)
                        if position >= wanted {
                            found = true
                            break search
                        }
                        continue
                    }
                }
                (self.offset, self.remaining, self.position) = (offset, remaining, position)
                guard let long = nextLong() else { return nil }
                if long >= wanted { return long }
                (offset, remaining, position) = (self.offset, self.remaining, self.position)
            }
        }
        (self.offset, self.remaining, self.position) = (offset, remaining, position)
        return found ? position : nil
    }

    /// `next()` for a value of several bytes (or malformed data, which ends the sequence).
    @usableFromInline
    mutating func nextLong() -> UInt32? {
        guard let data, let delta = VByte.decode32(data, &offset, end) else {
            remaining = 0
            return nil
        }
        remaining &-= 1
        position &+= delta
        return position
    }
}
