/// The documents of a dense full postings block as a bitmap (see `PostingsFormat`): bit i, in byte i / 8
/// counted from the least significant bit, stands for document `base + i`. Chosen by the writer where it
/// takes less than twice the bytes of the block's packed gaps (where the term is in more than about one
/// document in ten of the block's range): a count then tests a candidate with one load instead of a decode
/// and a scan, and the common terms' bitmaps are mostly smaller than their packed gaps.
enum DocumentBitmap {
    /// The number of bytes of a bitmap of the documents from `base` through `last`.
    @inline(__always)
    static func byteCount(base: UInt32, last: UInt32) -> Int {
        Int(last &- base) &>> 3 &+ 1
    }

    /// 1 if bit `bit` of `bitmap` is set, else 0 (the caller checks that the bit lies in the bitmap).
    @inline(__always)
    static func bit(_ bitmap: UnsafeRawPointer, _ bit: Int) -> Int {
        Int(truncatingIfNeeded: bitmap.load(fromByteOffset: bit &>> 3, as: UInt8.self) &>> UInt8(bit & 7) & 1)
    }

    /// Writes the bitmap of the 128 ascending `docs`, all from `base` on, to the `byteCount` bytes at `output`
    /// (`byteCount(base:last:)` of the last document).
    static func pack(
        _ docs: UnsafePointer<UInt32>, base: UInt32, into output: UnsafeMutableRawPointer, byteCount: Int
    ) {
        let bytes = output.initializeMemory(as: UInt8.self, repeating: 0, count: byteCount)
        for i in 0..<BitPacking.blockSize {
            let bit = Int(docs[i] &- base)
            bytes[bit &>> 3] |= 1 &<< UInt8(bit & 7)
        }
    }

    /// Writes the documents of the `byteCount`-byte bitmap at `bitmap` to `docs[0..<128]`; false unless exactly
    /// 128 bits are set. A byte at a time, without a branch per bit: the offsets of a byte's set bits (from
    /// `bitOffsets`) are widened and stored as eight documents at once, all but as many as the byte has bits
    /// to be overwritten by the next byte's. `docs` needs room for 136 values: the eight after the block are
    /// overwritten, and left `UInt32.max` (the sentinels of `PostingsBlockBuffer`).
    static func unpack(
        _ bitmap: UnsafeRawPointer, byteCount: Int, base: UInt32, into docs: UnsafeMutablePointer<UInt32>
    ) -> Bool {
        bitOffsets.withUnsafeBufferPointer { table in
            var n = 0
            var byteBase = SIMD8<UInt32>(repeating: base)
            for i in 0..<byteCount {
                guard n <= BitPacking.blockSize else { break }
                let byte = Int(bitmap.load(fromByteOffset: i, as: UInt8.self))
                let offsets = unsafeBitCast(table[byte], to: SIMD8<UInt8>.self)
                UnsafeMutableRawPointer(docs + n).storeBytes(
                    of: SIMD8<UInt32>(truncatingIfNeeded: offsets) &+ byteBase, as: SIMD8<UInt32>.self)
                n &+= byte.nonzeroBitCount
                byteBase &+= SIMD8(repeating: 8)
            }
            (docs + BitPacking.blockSize).update(repeating: .max, count: 8)
            return n == BitPacking.blockSize
        }
    }

    /// ORs the `byteCount`-byte bitmap at `bitmap` into `bits` from bit `offset` on, eight bytes at a time.
    /// Words of `bits` are touched only where some bit of the bitmap lands (a byte past the last set bit is 0).
    static func merge(_ bitmap: UnsafeRawPointer, byteCount: Int, at offset: Int, into bits: UnsafeMutablePointer<UInt64>) {
        var j = 0
        while j < byteCount {
            var word: UInt64
            if byteCount &- j >= 8 {
                word = UInt64(littleEndian: bitmap.loadUnaligned(fromByteOffset: j, as: UInt64.self))
            } else {
                word = 0
                for k in 0..<(byteCount &- j) {
                    word |= UInt64(bitmap.load(fromByteOffset: j &+ k, as: UInt8.self)) &<< UInt64(8 &* k)
                }
            }
            let k = offset &+ 8 &* j
            let shift = UInt64(k & 63)
            if word != 0 {
                bits[k &>> 6] |= word &<< shift
                if shift != 0 {
                    let carried = word &>> (64 &- shift)
                    if carried != 0 { bits[(k &>> 6) &+ 1] |= carried }
                }
            }
            j &+= 8
        }
    }

    /// For each byte value, the offsets of its set bits, ascending, one per byte of the word (the rest 0).
    private static let bitOffsets: [UInt64] = (0..<256).map { value in
        var word: UInt64 = 0
        var k = 0
        for bit in 0..<8 where value & (1 << bit) != 0 {
            word |= UInt64(bit) << (8 * k)
            k += 1
        }
        return word
    }
}
