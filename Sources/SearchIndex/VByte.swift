/// Variable-byte integers: 7 bits per byte, least significant group first, high bit set on all but the last
/// byte (LEB128). Used for tail blocks, positions, the term dictionary and stored-field lengths.
enum VByte {
    /// The largest number of bytes a UInt64 takes.
    static let maximumLength = 10

    /// Writes `value` at `pointer` and returns the number of bytes written (at most `maximumLength`).
    @inline(__always)
    static func encode(_ value: UInt64, into pointer: UnsafeMutablePointer<UInt8>) -> Int {
        var value = value
        var n = 0
        while value >= 0x80 {
            pointer[n] = UInt8(truncatingIfNeeded: value) | 0x80
            value >>= 7
            n += 1
        }
        pointer[n] = UInt8(truncatingIfNeeded: value)
        return n + 1
    }

    /// Decodes one value from `base[offset..<end]`, advancing `offset`; nil if the bytes run past `end` or the
    /// value does not fit 64 bits.
    @inline(__always)
    static func decode(_ base: UnsafeRawPointer, _ offset: inout Int, _ end: Int) -> UInt64? {
        guard offset < end else { return nil }
        let first = base.load(fromByteOffset: offset, as: UInt8.self)
        offset += 1
        if first < 0x80 { return UInt64(first) }
        var value = UInt64(first & 0x7F)
        var shift: UInt64 = 7
        while offset < end {
            let byte = base.load(fromByteOffset: offset, as: UInt8.self)
            offset += 1
            if shift == 63 && byte > 1 { return nil }
            value |= UInt64(byte & 0x7F) << shift
            if byte < 0x80 { return value }
            shift += 7
            if shift > 63 { return nil }
        }
        return nil
    }

    /// Like `decode`, but nil also when the value exceeds UInt32.max.
    @inline(__always)
    static func decode32(_ base: UnsafeRawPointer, _ offset: inout Int, _ end: Int) -> UInt32? {
        guard let value = decode(base, &offset, end), value <= UInt64(UInt32.max) else { return nil }
        return UInt32(truncatingIfNeeded: value)
    }

    /// Advances `offset` past `count` values; false if the bytes run out first.
    ///
    /// A value ends at each byte without the continuation bit, so the next `remaining` bytes end at most
    /// `remaining` values and can be passed whole; each continuation byte among them leaves one more value to
    /// skip after them. Those bytes are counted eight at a time in per-byte counters, without a branch or a
    /// population count per word, and the passes repeat on what is left (a few bytes: position deltas rarely
    /// take two). The last values' ends are then found in one word by clearing the ends before them.
    @inline(__always)
    static func skip(_ count: Int, _ base: UnsafeRawPointer, _ offset: inout Int, _ end: Int) -> Bool {
        var remaining = count
        var i = offset
        while remaining >= 8 && end - i >= remaining {
            let words = remaining >> 3
            var continuations = 0
            var k = 0
            while k < words {
                // Per-byte counters hold at most 255 words' bits.
                let stop = Swift.min(words, k &+ 255)
                var counters: UInt64 = 0
                while k < stop {
                    let word = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i &+ k &<< 3, as: UInt64.self))
                    counters &+= (word >> 7) & 0x0101_0101_0101_0101
                    k &+= 1
                }
                let pairs = (counters & 0x00FF_00FF_00FF_00FF) &+ ((counters >> 8) & 0x00FF_00FF_00FF_00FF)
                continuations &+= Int(truncatingIfNeeded: (pairs &* 0x0001_0001_0001_0001) >> 48)
            }
            i &+= words &<< 3
            remaining &-= words &<< 3 &- continuations
        }
        while remaining > 0 && end - i >= 8 {
            var ends = ~UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self)) & 0x8080_8080_8080_8080
            while ends != 0 {
                remaining &-= 1
                if remaining == 0 {
                    offset = i &+ ends.trailingZeroBitCount &>> 3 &+ 1
                    return true
                }
                ends &= ends &- 1
            }
            i &+= 8
        }
        while remaining > 0 {
            guard i < end else { return false }
            remaining &-= Int(truncatingIfNeeded: ~base.load(fromByteOffset: i, as: UInt8.self) >> 7)
            i += 1
        }
        offset = i
        return true
    }
}
