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
        case 1: _pack(values, BitWidth<1>(), output)
        case 2: _pack(values, BitWidth<2>(), output)
        case 3: _pack(values, BitWidth<3>(), output)
        case 4: _pack(values, BitWidth<4>(), output)
        case 5: _pack(values, BitWidth<5>(), output)
        case 6: _pack(values, BitWidth<6>(), output)
        case 7: _pack(values, BitWidth<7>(), output)
        case 8: _pack(values, BitWidth<8>(), output)
        case 9: _pack(values, BitWidth<9>(), output)
        case 10: _pack(values, BitWidth<10>(), output)
        case 11: _pack(values, BitWidth<11>(), output)
        case 12: _pack(values, BitWidth<12>(), output)
        case 13: _pack(values, BitWidth<13>(), output)
        case 14: _pack(values, BitWidth<14>(), output)
        case 15: _pack(values, BitWidth<15>(), output)
        case 16: _pack(values, BitWidth<16>(), output)
        case 17: _pack(values, BitWidth<17>(), output)
        case 18: _pack(values, BitWidth<18>(), output)
        case 19: _pack(values, BitWidth<19>(), output)
        case 20: _pack(values, BitWidth<20>(), output)
        case 21: _pack(values, BitWidth<21>(), output)
        case 22: _pack(values, BitWidth<22>(), output)
        case 23: _pack(values, BitWidth<23>(), output)
        case 24: _pack(values, BitWidth<24>(), output)
        case 25: _pack(values, BitWidth<25>(), output)
        case 26: _pack(values, BitWidth<26>(), output)
        case 27: _pack(values, BitWidth<27>(), output)
        case 28: _pack(values, BitWidth<28>(), output)
        case 29: _pack(values, BitWidth<29>(), output)
        case 30: _pack(values, BitWidth<30>(), output)
        case 31: _pack(values, BitWidth<31>(), output)
        case 32: _pack(values, BitWidth<32>(), output)
        default: preconditionFailure("bit width \(width) out of range")
        }
    }

    /// Unpacks 128 values of `width` bits (0...32) from `16 * width` bytes at `input` into `output[0..<128]`.
    /// The caller checks `width` and that the input bytes are in bounds.
    static func unpack(_ input: UnsafeRawPointer, width: Int, into output: UnsafeMutablePointer<UInt32>) {
        switch width {
        case 0: output.update(repeating: 0, count: blockSize)
        case 1: _unpackValues(input, BitWidth<1>(), output)
        case 2: _unpackValues(input, BitWidth<2>(), output)
        case 3: _unpackValues(input, BitWidth<3>(), output)
        case 4: _unpackValues(input, BitWidth<4>(), output)
        case 5: _unpackValues(input, BitWidth<5>(), output)
        case 6: _unpackValues(input, BitWidth<6>(), output)
        case 7: _unpackValues(input, BitWidth<7>(), output)
        case 8: _unpackValues(input, BitWidth<8>(), output)
        case 9: _unpackValues(input, BitWidth<9>(), output)
        case 10: _unpackValues(input, BitWidth<10>(), output)
        case 11: _unpackValues(input, BitWidth<11>(), output)
        case 12: _unpackValues(input, BitWidth<12>(), output)
        case 13: _unpackValues(input, BitWidth<13>(), output)
        case 14: _unpackValues(input, BitWidth<14>(), output)
        case 15: _unpackValues(input, BitWidth<15>(), output)
        case 16: _unpackValues(input, BitWidth<16>(), output)
        case 17: _unpackValues(input, BitWidth<17>(), output)
        case 18: _unpackValues(input, BitWidth<18>(), output)
        case 19: _unpackValues(input, BitWidth<19>(), output)
        case 20: _unpackValues(input, BitWidth<20>(), output)
        case 21: _unpackValues(input, BitWidth<21>(), output)
        case 22: _unpackValues(input, BitWidth<22>(), output)
        case 23: _unpackValues(input, BitWidth<23>(), output)
        case 24: _unpackValues(input, BitWidth<24>(), output)
        case 25: _unpackValues(input, BitWidth<25>(), output)
        case 26: _unpackValues(input, BitWidth<26>(), output)
        case 27: _unpackValues(input, BitWidth<27>(), output)
        case 28: _unpackValues(input, BitWidth<28>(), output)
        case 29: _unpackValues(input, BitWidth<29>(), output)
        case 30: _unpackValues(input, BitWidth<30>(), output)
        case 31: _unpackValues(input, BitWidth<31>(), output)
        case 32: _unpackValues(input, BitWidth<32>(), output)
        default: preconditionFailure("bit width \(width) out of range")
        }
    }

    /// Value `index` (0..<128) of a block of `width` bits (0...32) packed at `input`, read alone: its lane's
    /// word, and the next one where the value straddles two. The caller checks `width` and the bounds.
    @inline(__always)
    static func value(_ input: UnsafeRawPointer, width: Int, at index: Int) -> UInt32 {
        if width == 0 { return 0 }
        let bit = (index &>> 2) &* width
        let word = bit &>> 5
        let shift = bit & 31
        let lane = (index & 3) &* 4
        var v = UInt32(littleEndian: input.loadUnaligned(fromByteOffset: word &* 16 &+ lane, as: UInt32.self))
            &>> UInt32(truncatingIfNeeded: shift)
        if shift &+ width > 32 {
            v |= UInt32(littleEndian: input.loadUnaligned(fromByteOffset: (word &+ 1) &* 16 &+ lane, as: UInt32.self))
                &<< UInt32(truncatingIfNeeded: 32 &- shift)
        }
        return width < 32 ? v & ((1 &<< UInt32(truncatingIfNeeded: width)) &- 1) : v
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
        case 1: return _unpackDocuments(input, BitWidth<1>(), output, after: previous)
        case 2: return _unpackDocuments(input, BitWidth<2>(), output, after: previous)
        case 3: return _unpackDocuments(input, BitWidth<3>(), output, after: previous)
        case 4: return _unpackDocuments(input, BitWidth<4>(), output, after: previous)
        case 5: return _unpackDocuments(input, BitWidth<5>(), output, after: previous)
        case 6: return _unpackDocuments(input, BitWidth<6>(), output, after: previous)
        case 7: return _unpackDocuments(input, BitWidth<7>(), output, after: previous)
        case 8: return _unpackDocuments(input, BitWidth<8>(), output, after: previous)
        case 9: return _unpackDocuments(input, BitWidth<9>(), output, after: previous)
        case 10: return _unpackDocuments(input, BitWidth<10>(), output, after: previous)
        case 11: return _unpackDocuments(input, BitWidth<11>(), output, after: previous)
        case 12: return _unpackDocuments(input, BitWidth<12>(), output, after: previous)
        case 13: return _unpackDocuments(input, BitWidth<13>(), output, after: previous)
        case 14: return _unpackDocuments(input, BitWidth<14>(), output, after: previous)
        case 15: return _unpackDocuments(input, BitWidth<15>(), output, after: previous)
        case 16: return _unpackDocuments(input, BitWidth<16>(), output, after: previous)
        case 17: return _unpackDocuments(input, BitWidth<17>(), output, after: previous)
        case 18: return _unpackDocuments(input, BitWidth<18>(), output, after: previous)
        case 19: return _unpackDocuments(input, BitWidth<19>(), output, after: previous)
        case 20: return _unpackDocuments(input, BitWidth<20>(), output, after: previous)
        case 21: return _unpackDocuments(input, BitWidth<21>(), output, after: previous)
        case 22: return _unpackDocuments(input, BitWidth<22>(), output, after: previous)
        case 23: return _unpackDocuments(input, BitWidth<23>(), output, after: previous)
        case 24: return _unpackDocuments(input, BitWidth<24>(), output, after: previous)
        case 25: return _unpackDocuments(input, BitWidth<25>(), output, after: previous)
        case 26: return _unpackDocuments(input, BitWidth<26>(), output, after: previous)
        case 27: return _unpackDocuments(input, BitWidth<27>(), output, after: previous)
        case 28: return _unpackDocuments(input, BitWidth<28>(), output, after: previous)
        case 29: return _unpackDocuments(input, BitWidth<29>(), output, after: previous)
        case 30: return _unpackDocuments(input, BitWidth<30>(), output, after: previous)
        case 31: return _unpackDocuments(input, BitWidth<31>(), output, after: previous)
        case 32: return _unpackDocuments(input, BitWidth<32>(), output, after: previous)
        default: preconditionFailure("bit width \(width) out of range")
        }
    }

    // Every width gets its own specialized copy of the packing and unpacking (`width` is a generic value:
    // passed as an ordinary argument, the compiler merges the 32 cases into one call with a variable width),
    // and the 32 groups are written out as calls rather than a loop: with the width and the group constant,
    // every word offset and shift is an immediate and no loop state is left. (A loop of 32 groups is too large
    // for the compiler to unroll, and then pays for variable shifts and bookkeeping per group.) Packing and
    // unpacking each write their eight calls out: one shared helper taking the group's work as a closure
    // compiled some widths' unpacking into slower code (median count intersections +10% instructions).

    /// Packs 128 values.
    private static func _pack<let width: Int>(
        _ values: UnsafePointer<UInt32>, _: BitWidth<width>, _ output: UnsafeMutableRawPointer
    ) {
        let input = UnsafeRawPointer(values)
        var accumulator = SIMD4<UInt32>()
        _packGroups(input, width, 0, output, &accumulator)
        _packGroups(input, width, 8, output, &accumulator)
        _packGroups(input, width, 16, output, &accumulator)
        _packGroups(input, width, 24, output, &accumulator)
    }

    /// Packs groups `first ..< first + 8`.
    @inline(__always)
    private static func _packGroups(
        _ input: UnsafeRawPointer, _ width: Int, _ first: Int, _ output: UnsafeMutableRawPointer,
        _ accumulator: inout SIMD4<UInt32>
    ) {
        _packGroup(input, width, first, output, &accumulator)
        _packGroup(input, width, first &+ 1, output, &accumulator)
        _packGroup(input, width, first &+ 2, output, &accumulator)
        _packGroup(input, width, first &+ 3, output, &accumulator)
        _packGroup(input, width, first &+ 4, output, &accumulator)
        _packGroup(input, width, first &+ 5, output, &accumulator)
        _packGroup(input, width, first &+ 6, output, &accumulator)
        _packGroup(input, width, first &+ 7, output, &accumulator)
    }

    /// Packs group `group` (values `4 group ..< 4 group + 4`, each masked to `width` bits) into `accumulator`,
    /// the output word being filled, storing it when full and starting the next with the bits that did not fit.
    @inline(__always)
    private static func _packGroup(
        _ input: UnsafeRawPointer, _ width: Int, _ group: Int, _ output: UnsafeMutableRawPointer,
        _ accumulator: inout SIMD4<UInt32>
    ) {
        let bit = group &* width
        let word = bit &>> 5
        let shift = bit & 31
        var v = input.loadUnaligned(fromByteOffset: group &* 16, as: SIMD4<UInt32>.self)
        if width < 32 { v &= SIMD4(repeating: (1 &<< UInt32(truncatingIfNeeded: width)) &- 1) }
        if shift == 0 {
            accumulator = v
        } else {
            accumulator |= v &<< UInt32(truncatingIfNeeded: shift)
        }
        if shift &+ width >= 32 {
            output.storeBytes(of: accumulator, toByteOffset: word &* 16, as: SIMD4<UInt32>.self)
            // The value's high bits that did not fit start the next word.
            accumulator = shift &+ width > 32 ? v &>> UInt32(truncatingIfNeeded: 32 &- shift) : SIMD4<UInt32>()
        }
    }

    /// Unpacks 128 values.
    private static func _unpackValues<let width: Int>(
        _ input: UnsafeRawPointer, _: BitWidth<width>, _ output: UnsafeMutablePointer<UInt32>
    ) {
        var carry = SIMD4<UInt32>()
        let out = UnsafeMutableRawPointer(output)
        _unpackGroups(input, width, 0, out, false, &carry)
        _unpackGroups(input, width, 8, out, false, &carry)
        _unpackGroups(input, width, 16, out, false, &carry)
        _unpackGroups(input, width, 24, out, false, &carry)
    }

    /// Unpacks 128 gaps into documents as `unpackDocuments` describes and returns the last. Group `g` of the
    /// vertical layout is values `4g ..< 4g + 4`, so the running sum needs no second pass: an in-register
    /// prefix sum, then the carry of the previous group.
    private static func _unpackDocuments<let width: Int>(
        _ input: UnsafeRawPointer, _: BitWidth<width>, _ output: UnsafeMutablePointer<UInt32>, after previous: UInt32
    ) -> UInt32 {
        var carry = SIMD4<UInt32>(repeating: previous)
        let out = UnsafeMutableRawPointer(output)
        _unpackGroups(input, width, 0, out, true, &carry)
        _unpackGroups(input, width, 8, out, true, &carry)
        _unpackGroups(input, width, 16, out, true, &carry)
        _unpackGroups(input, width, 24, out, true, &carry)
        return carry[0]
    }

    /// Unpacks groups `first ..< first + 8`.
    @inline(__always)
    private static func _unpackGroups(
        _ input: UnsafeRawPointer, _ width: Int, _ first: Int, _ out: UnsafeMutableRawPointer, _ documents: Bool,
        _ carry: inout SIMD4<UInt32>
    ) {
        _unpackGroup(input, width, first, out, documents, &carry)
        _unpackGroup(input, width, first &+ 1, out, documents, &carry)
        _unpackGroup(input, width, first &+ 2, out, documents, &carry)
        _unpackGroup(input, width, first &+ 3, out, documents, &carry)
        _unpackGroup(input, width, first &+ 4, out, documents, &carry)
        _unpackGroup(input, width, first &+ 5, out, documents, &carry)
        _unpackGroup(input, width, first &+ 6, out, documents, &carry)
        _unpackGroup(input, width, first &+ 7, out, documents, &carry)
    }

    /// Unpacks group `group` (values `4 group ..< 4 group + 4`). For documents, each is `carry` (the previous
    /// document, in every lane) plus the gaps up to it plus one per value; `carry` becomes the last.
    @inline(__always)
    private static func _unpackGroup(
        _ input: UnsafeRawPointer, _ width: Int, _ group: Int, _ out: UnsafeMutableRawPointer, _ documents: Bool,
        _ carry: inout SIMD4<UInt32>
    ) {
        let bit = group &* width
        let word = bit &>> 5
        let shift = bit & 31
        var v = input.loadUnaligned(fromByteOffset: word &* 16, as: SIMD4<UInt32>.self)
            &>> UInt32(truncatingIfNeeded: shift)
        if shift &+ width > 32 {  // the value straddles two words: its high bits come from the next one
            v |= input.loadUnaligned(fromByteOffset: (word &+ 1) &* 16, as: SIMD4<UInt32>.self)
                &<< UInt32(truncatingIfNeeded: 32 &- shift)
        }
        if width < 32 { v &= SIMD4(repeating: (1 &<< UInt32(truncatingIfNeeded: width)) &- 1) }
        if documents {
            // Prefix sum: (v0, v0+v1, v2, v2+v3) by a 32-bit shift in 64-bit lanes, then v0+v1 onto the high pair.
            v &+= unsafeBitCast(unsafeBitCast(v, to: SIMD2<UInt64>.self) &<< 32, to: SIMD4<UInt32>.self)
            v &+= SIMD4(repeating: v[1]) & SIMD4(0, 0, .max, .max)
            v &+= carry &+ SIMD4(1, 2, 3, 4)
            carry = SIMD4(repeating: v[3])
        }
        out.storeBytes(of: v, toByteOffset: group &* 16, as: SIMD4<UInt32>.self)
    }
}

/// A bit width as a type, so that each width's unpacking is specialized with the width as a constant.
private struct BitWidth<let bits: Int> {}
