/// Eight ASCII bytes at a time in one `UInt64` (SWAR): which are letters or digits, and their lowercase.
///
/// Why: on real text a byte-at-a-time loop mispredicts the loop exit at almost every word end (word lengths
/// vary), which costs more than the work per byte. Classifying eight bytes with integer arithmetic and
/// jumping by the count of leading word bytes turns most words into one iteration with no data-dependent
/// branch. The ASCII definitions here must equal the scalar tables' (`ScalarTable.init` checks that).
///
/// Lanes are bytes in memory order (the word is loaded little-endian). Every lane computation adds at most
/// 0x80 to a 7-bit value, so no carry crosses into the next lane.
@usableFromInline
enum ASCIIWordScan {
    @inlinable static var ones: UInt64 { 0x0101_0101_0101_0101 }
    @inlinable static var highBits: UInt64 { 0x8080_8080_8080_8080 }

    /// Lane high bit set where the byte lies in `low...high` (both ASCII); bytes ≥ 0x80 must be masked out
    /// by the caller.
    @inlinable @inline(__always)
    static func inRange(_ sevenBits: UInt64, _ low: UInt8, _ high: UInt8) -> UInt64 {
        let atLeastLow = sevenBits &+ ones &* UInt64(0x80 - low)
        let aboveHigh = sevenBits &+ ones &* UInt64(0x7F - high)
        return atLeastLow & ~aboveHigh & highBits
    }

    /// The lanes of `word` holding ASCII letters or digits (high bit of each such lane set), and `word` with
    /// its ASCII capitals lowercased.
    @inlinable @inline(__always)
    static func classify(_ word: UInt64) -> (letterOrDigit: UInt64, lowercased: UInt64) {
        let sevenBits = word & ~highBits
        let ascii = ~word & highBits
        let upper = inRange(sevenBits, 0x41, 0x5A) & ascii
        let lower = inRange(sevenBits, 0x61, 0x7A) & ascii
        let digit = inRange(sevenBits, 0x30, 0x39) & ascii
        return (upper | lower | digit, word | upper >> 2)   // 0x80 >> 2 == 0x20, the case bit
    }

    /// The lanes that are not ASCII separators (letters, digits and bytes ≥ 0x80), as lane high bits.
    @inlinable @inline(__always)
    static func nonSeparators(_ word: UInt64, _ letterOrDigit: UInt64) -> UInt64 {
        (letterOrDigit | word) & highBits
    }

    /// The number of leading lanes (0...8) whose high bit is set in `mask`.
    @inlinable @inline(__always)
    static func leadingLanes(_ mask: UInt64) -> Int {
        (~mask & highBits).trailingZeroBitCount &>> 3
    }

    /// The number of leading lanes (0...8) whose high bit is clear in `mask`.
    @inlinable @inline(__always)
    static func leadingClearLanes(_ mask: UInt64) -> Int {
        (mask & highBits).trailingZeroBitCount &>> 3
    }

    /// The 8 bytes at `pointer`, first byte in the lowest lane.
    @inlinable @inline(__always)
    static func load(_ pointer: UnsafePointer<UInt8>) -> UInt64 {
        UInt64(littleEndian: UnsafeRawPointer(pointer).loadUnaligned(as: UInt64.self))
    }
}
