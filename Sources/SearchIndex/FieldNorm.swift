/// Lucene's SmallFloat.intToByte4 / byte4ToInt length quantisation (same as tantivy's fieldnorm codes).
///
/// Lengths 0...23 are stored exactly; above, a length `24 + x` keeps `x`'s four most significant bits (a tiny
/// float: three mantissa bits plus an implicit leading one, five exponent bits), rounding down. Codes are
/// monotone, `decode(encode(n)) <= n`, and BM25's length factor becomes a 256-entry table lookup.
public enum FieldNorm {
    // 24 = Lucene's NUM_FREE_VALUES: 255 minus the int4 code of Int32.max; lengths below it are their own code.

    /// The one-byte code of a field length (the largest code whose decoded length is <= `length`).
    @inlinable
    public static func encode(_ length: UInt32) -> UInt8 {
        if length < 24 { return UInt8(truncatingIfNeeded: length) }
        let x = UInt64(Swift.min(length, UInt32(Int32.max)) - 24)
        let bitCount = 64 - x.leadingZeroBitCount
        let int4: UInt64
        if bitCount < 4 {
            int4 = x  // "subnormal": exact
        } else {
            let shift = UInt64(bitCount - 4)
            int4 = ((x >> shift) & 0x07) | ((shift + 1) << 3)
        }
        return UInt8(truncatingIfNeeded: 24 + int4)
    }

    /// The field length a code stands for (the smallest length with that code).
    @inlinable
    public static func decode(_ code: UInt8) -> UInt32 {
        if code < 24 { return UInt32(code) }
        let int4 = UInt32(code) - 24
        let bits = int4 & 0x07
        let shift = Int(int4 >> 3) - 1
        let x: UInt32 = shift < 0 ? bits : (bits | 0x08) << UInt32(shift)
        return 24 + x
    }
}
