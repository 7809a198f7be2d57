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

    /// Unpacks 128 document gaps of `width` bits (0...32) from `16 * width` bytes at `input` and writes the
    /// documents they encode into `output[0..<128]`: each is the previous one plus its gap plus one, the first
    /// following `previous` (a running sum taken four values at a time). Returns the last document. The caller
    /// checks `width` and that the input bytes are in bounds.
    static func unpackDocuments(
        _ input: UnsafeRawPointer, width: Int, after previous: UInt32, into output: UnsafeMutablePointer<UInt32>
    ) -> UInt32 {
        switch width {
        case 0:
            for i in 0..<blockSize { output[i] = previous &+ UInt32(truncatingIfNeeded: i) &+ 1 }
            return previous &+ UInt32(blockSize)
        case 1: return _unpack(input, 1, output, documentsAfter: previous)
        case 2: return _unpack(input, 2, output, documentsAfter: previous)
        case 3: return _unpack(input, 3, output, documentsAfter: previous)
        case 4: return _unpack(input, 4, output, documentsAfter: previous)
        case 5: return _unpack(input, 5, output, documentsAfter: previous)
        case 6: return _unpack(input, 6, output, documentsAfter: previous)
        case 7: return _unpack(input, 7, output, documentsAfter: previous)
        case 8: return _unpack(input, 8, output, documentsAfter: previous)
        case 9: return _unpack(input, 9, output, documentsAfter: previous)
        case 10: return _unpack(input, 10, output, documentsAfter: previous)
        case 11: return _unpack(input, 11, output, documentsAfter: previous)
        case 12: return _unpack(input, 12, output, documentsAfter: previous)
        case 13: return _unpack(input, 13, output, documentsAfter: previous)
        case 14: return _unpack(input, 14, output, documentsAfter: previous)
        case 15: return _unpack(input, 15, output, documentsAfter: previous)
        case 16: return _unpack(input, 16, output, documentsAfter: previous)
        case 17: return _unpack(input, 17, output, documentsAfter: previous)
        case 18: return _unpack(input, 18, output, documentsAfter: previous)
        case 19: return _unpack(input, 19, output, documentsAfter: previous)
        case 20: return _unpack(input, 20, output, documentsAfter: previous)
        case 21: return _unpack(input, 21, output, documentsAfter: previous)
        case 22: return _unpack(input, 22, output, documentsAfter: previous)
        case 23: return _unpack(input, 23, output, documentsAfter: previous)
        case 24: return _unpack(input, 24, output, documentsAfter: previous)
        case 25: return _unpack(input, 25, output, documentsAfter: previous)
        case 26: return _unpack(input, 26, output, documentsAfter: previous)
        case 27: return _unpack(input, 27, output, documentsAfter: previous)
        case 28: return _unpack(input, 28, output, documentsAfter: previous)
        case 29: return _unpack(input, 29, output, documentsAfter: previous)
        case 30: return _unpack(input, 30, output, documentsAfter: previous)
        case 31: return _unpack(input, 31, output, documentsAfter: previous)
        case 32: return _unpack(input, 32, output, documentsAfter: previous)
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

    /// Unpacks 128 values; with `documentsAfter`, turns them into documents as `unpackDocuments` describes and
    /// returns the last (0 otherwise). Group `g` of the vertical layout is values `4g ..< 4g + 4`, so the running
    /// sum needs no second pass: two in-register shifted adds, then the carry of the previous group.
    @inline(__always)
    @discardableResult
    private static func _unpack(
        _ input: UnsafeRawPointer, _ width: Int, _ output: UnsafeMutablePointer<UInt32>,
        documentsAfter previous: UInt32? = nil
    ) -> UInt32 {
        var carry = SIMD4<UInt32>(repeating: previous ?? 0)
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
            v &= mask
            if previous != nil {
                v &+= SIMD4(repeating: 1)
                v &+= SIMD4(0, v[0], v[1], v[2])
                v &+= SIMD4(0, 0, v[0], v[1])
                v &+= carry
                carry = SIMD4(repeating: v[3])
            }
            out.storeBytes(of: v, toByteOffset: group * 16, as: SIMD4<UInt32>.self)
        }
        return carry[0]
    }
}
