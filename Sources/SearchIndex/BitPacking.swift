/// Frame-of-reference bit packing of exactly 128 UInt32 values at a fixed width of 0...32 bits.
///
/// Layout (16 × width bytes, 4 × width little-endian UInt32 words): the values are split over four lanes,
/// lane `j` holding values `j, j+4, j+8, ...`; each lane packs its 32 values least significant bits first into
/// `width` words, and word `k` of lane `j` is stored at word index `4k + j`. This "vertical" layout (after
/// Lemire & Boytsov, "Decoding billions of integers per second through vectorization") lets one 128-bit SIMD
/// shift/mask step produce four consecutive values, so packing and unpacking run on `SIMD4<UInt32>` registers;
/// every width has its own fully inlined copy of the loop, so shifts are constants.
enum BitPacking {
    /// The number of values in a packed block.
    static let blockSize = 128

    /// The number of bytes a block of 128 values takes at `width` bits.
    @inline(__always)
    static func byteCount(width: Int) -> Int { 16 * width }

    /// The number of bits needed for `value` (0 for 0).
    @inline(__always)
    static func width(of value: UInt32) -> Int { 32 - value.leadingZeroBitCount }

    /// The number of bits needed for the largest of 128 values.
    @inline(__always)
    static func width(of values: UnsafePointer<UInt32>) -> Int {
        var accumulated: UInt32 = 0
        for i in 0..<blockSize { accumulated |= values[i] }
        return width(of: accumulated)
    }

    /// Packs `values[0..<128]` (each < 2^width; higher bits are dropped) into `16 * width` bytes at `output`.
    static func pack(_ values: UnsafePointer<UInt32>, width: Int, into output: UnsafeMutableRawPointer) {
        switch width {
        case 0: return
        case 1: _pack(values, 1, output)
        case 2: _pack(values, 2, output)
        case 3: _pack(values, 3, output)
        case 4: _pack(values, 4, output)
        case 5: _pack(values, 5, output)
        case 6: _pack(values, 6, output)
        case 7: _pack(values, 7, output)
        case 8: _pack(values, 8, output)
        case 9: _pack(values, 9, output)
        case 10: _pack(values, 10, output)
        case 11: _pack(values, 11, output)
        case 12: _pack(values, 12, output)
        case 13: _pack(values, 13, output)
        case 14: _pack(values, 14, output)
        case 15: _pack(values, 15, output)
        case 16: _pack(values, 16, output)
        case 17: _pack(values, 17, output)
        case 18: _pack(values, 18, output)
        case 19: _pack(values, 19, output)
        case 20: _pack(values, 20, output)
        case 21: _pack(values, 21, output)
        case 22: _pack(values, 22, output)
        case 23: _pack(values, 23, output)
        case 24: _pack(values, 24, output)
        case 25: _pack(values, 25, output)
        case 26: _pack(values, 26, output)
        case 27: _pack(values, 27, output)
        case 28: _pack(values, 28, output)
        case 29: _pack(values, 29, output)
        case 30: _pack(values, 30, output)
        case 31: _pack(values, 31, output)
        case 32: _pack(values, 32, output)
        default: preconditionFailure("bit width \(width) out of range")
        }
    }

    /// Unpacks 128 values of `width` bits (0...32) from `16 * width` bytes at `input` into `output[0..<128]`.
    /// The caller checks `width` and that the input bytes are in bounds.
    static func unpack(_ input: UnsafeRawPointer, width: Int, into output: UnsafeMutablePointer<UInt32>) {
        switch width {
        case 0: output.update(repeating: 0, count: blockSize)
        case 1: _unpack(input, 1, output)
        case 2: _unpack(input, 2, output)
        case 3: _unpack(input, 3, output)
        case 4: _unpack(input, 4, output)
        case 5: _unpack(input, 5, output)
        case 6: _unpack(input, 6, output)
        case 7: _unpack(input, 7, output)
        case 8: _unpack(input, 8, output)
        case 9: _unpack(input, 9, output)
        case 10: _unpack(input, 10, output)
        case 11: _unpack(input, 11, output)
        case 12: _unpack(input, 12, output)
        case 13: _unpack(input, 13, output)
        case 14: _unpack(input, 14, output)
        case 15: _unpack(input, 15, output)
        case 16: _unpack(input, 16, output)
        case 17: _unpack(input, 17, output)
        case 18: _unpack(input, 18, output)
        case 19: _unpack(input, 19, output)
        case 20: _unpack(input, 20, output)
        case 21: _unpack(input, 21, output)
        case 22: _unpack(input, 22, output)
        case 23: _unpack(input, 23, output)
        case 24: _unpack(input, 24, output)
        case 25: _unpack(input, 25, output)
        case 26: _unpack(input, 26, output)
        case 27: _unpack(input, 27, output)
        case 28: _unpack(input, 28, output)
        case 29: _unpack(input, 29, output)
        case 30: _unpack(input, 30, output)
        case 31: _unpack(input, 31, output)
        case 32: _unpack(input, 32, output)
        default: preconditionFailure("bit width \(width) out of range")
        }
    }

    @inline(__always)
    private static func _pack(_ values: UnsafePointer<UInt32>, _ width: Int, _ output: UnsafeMutableRawPointer) {
        let mask = SIMD4<UInt32>(repeating: width == 32 ? .max : (1 << UInt32(width)) &- 1)
        let input = UnsafeRawPointer(values)
        var accumulator = SIMD4<UInt32>()
        var filled = 0  // bits of `accumulator` already used
        var word = 0
        for group in 0..<32 {
            let v = input.loadUnaligned(fromByteOffset: group * 16, as: SIMD4<UInt32>.self) & mask
            accumulator |= v &<< UInt32(truncatingIfNeeded: filled)
            filled += width
            if filled >= 32 {
                output.storeBytes(of: accumulator, toByteOffset: word * 16, as: SIMD4<UInt32>.self)
                word += 1
                filled -= 32
                // The value's high `filled` bits that did not fit start the next word.
                accumulator = filled > 0 ? v &>> UInt32(truncatingIfNeeded: width - filled) : SIMD4<UInt32>()
            }
        }
    }

    @inline(__always)
    private static func _unpack(_ input: UnsafeRawPointer, _ width: Int, _ output: UnsafeMutablePointer<UInt32>) {
        let mask = SIMD4<UInt32>(repeating: width == 32 ? .max : (1 << UInt32(width)) &- 1)
        let out = UnsafeMutableRawPointer(output)
        var word = 0
        var current = input.loadUnaligned(fromByteOffset: 0, as: SIMD4<UInt32>.self)
        var consumed = 0  // bits of `current` already used
        for group in 0..<32 {
            var v = current &>> UInt32(truncatingIfNeeded: consumed)
            consumed += width
            if consumed >= 32 {
                word += 1
                consumed -= 32
                if word < width {
                    current = input.loadUnaligned(fromByteOffset: word * 16, as: SIMD4<UInt32>.self)
                    // The value straddles two words: its high `consumed` bits come from the next one.
                    if consumed > 0 { v |= current &<< UInt32(truncatingIfNeeded: width - consumed) }
                }
            }
            out.storeBytes(of: v & mask, toByteOffset: group * 16, as: SIMD4<UInt32>.self)
        }
    }
}
