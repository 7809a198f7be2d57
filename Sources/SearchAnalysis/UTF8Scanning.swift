/// Strict UTF-8 decoding on raw bytes, forward and backward. Anything that is not a well-formed, shortest-form
/// encoding of a scalar (stray continuation bytes, overlong forms, surrogates, values above U+10FFFF,
/// truncated sequences) decodes as invalid, and the tokenizer treats each such byte as a separator.
@usableFromInline
enum UTF8Scanning {
    /// Decodes the scalar whose lead byte `lead` (≥ 0x80) is at `index`. Returns its value, its byte width
    /// (0 if the bytes there are not valid UTF-8) and its bytes little-endian in the low bytes of `bytes`
    /// (which the tokenizer copies as they are when a scalar maps to itself).
    @inlinable @inline(__always)
    static func decode(
        _ base: UnsafePointer<UInt8>, _ index: Int, _ count: Int, lead: UInt8
    ) -> (scalar: UInt32, width: Int, bytes: UInt32) {
        let available = count &- index
        // Two-byte sequences first (Latin-1 supplement to Arabic: most non-ASCII text in the Western and
        // Cyrillic web), tested with one range compare rather than a switch.
        if lead &- 0xC2 < 0x1E {
            guard available >= 2 else { return (0, 0, 0) }
            let b1 = base[index &+ 1]
            guard b1 & 0xC0 == 0x80 else { return (0, 0, 0) }
            return (UInt32(lead & 0x1F) << 6 | UInt32(b1 & 0x3F), 2, UInt32(lead) | UInt32(b1) << 8)
        }
        switch lead {
        case 0xE0...0xEF:
            guard available >= 3 else { return (0, 0, 0) }
            let b1 = base[index &+ 1], b2 = base[index &+ 2]
            // E0 needs b1 ≥ A0 (no overlongs); ED needs b1 ≤ 9F (no surrogates).
            let low: UInt8 = lead == 0xE0 ? 0xA0 : 0x80
            let high: UInt8 = lead == 0xED ? 0x9F : 0xBF
            guard b1 >= low, b1 <= high, b2 & 0xC0 == 0x80 else { return (0, 0, 0) }
            let value = UInt32(lead & 0x0F) << 12 | UInt32(b1 & 0x3F) << 6 | UInt32(b2 & 0x3F)
            return (value, 3, UInt32(lead) | UInt32(b1) << 8 | UInt32(b2) << 16)
        case 0xF0...0xF4:
            guard available >= 4 else { return (0, 0, 0) }
            let b1 = base[index &+ 1], b2 = base[index &+ 2], b3 = base[index &+ 3]
            // F0 needs b1 ≥ 90 (no overlongs); F4 needs b1 ≤ 8F (nothing above U+10FFFF).
            let low: UInt8 = lead == 0xF0 ? 0x90 : 0x80
            let high: UInt8 = lead == 0xF4 ? 0x8F : 0xBF
            guard b1 >= low, b1 <= high, b2 & 0xC0 == 0x80, b3 & 0xC0 == 0x80 else { return (0, 0, 0) }
            let value = UInt32(lead & 0x07) << 18 | UInt32(b1 & 0x3F) << 12 | UInt32(b2 & 0x3F) << 6
                | UInt32(b3 & 0x3F)
            return (value, 4, UInt32(lead) | UInt32(b1) << 8 | UInt32(b2) << 16 | UInt32(b3) << 24)
        default:
            return (0, 0, 0)
        }
    }

    /// Decodes the scalar (or ASCII byte) at `index`; see `decode(_:_:_:lead:)`.
    @inlinable @inline(__always)
    static func decode(
        _ base: UnsafePointer<UInt8>, _ index: Int, _ count: Int
    ) -> (scalar: UInt32, width: Int, bytes: UInt32) {
        let lead = base[index]
        return lead < 0x80 ? (UInt32(lead), 1, UInt32(lead)) : decode(base, index, count, lead: lead)
    }

    /// The UTF-8 bytes of `scalar`, little-endian in the low bytes of the result.
    @usableFromInline
    static func bytes(of scalar: Unicode.Scalar) -> UInt32 {
        var word: UInt32 = 0
        var shift: UInt32 = 0
        UTF8.encode(scalar) { byte in
            word |= UInt32(byte) << shift
            shift += 8
        }
        return word
    }

    /// Decodes the scalar that ends just before `end`; returns its value and start, or nil if the bytes
    /// there are not the end of a valid sequence.
    @usableFromInline
    static func decode(
        endingAt end: Int, _ base: UnsafePointer<UInt8>, _ count: Int
    ) -> (scalar: UInt32, start: Int)? {
        guard end > 0 else { return nil }
        var start = end - 1
        while start > 0, end - start < 4, base[start] & 0xC0 == 0x80 { start -= 1 }
        let (scalar, width, _) = decode(base, start, count)
        return width == end - start ? (scalar, start) : nil
    }
}
