import Testing

@testable import SearchIndex

@Suite struct BitPackingTests {
    @Test(arguments: 0...32)
    func roundTripsEveryWidth(width: Int) {
        var generator = SeededGenerator(seed: UInt64(width) &+ 17)
        let limit: UInt64 = width == 0 ? 0 : (1 << UInt64(width)) - 1
        let patterns: [[UInt32]] = [
            (0..<128).map { _ in UInt32(UInt64.random(in: 0...limit, using: &generator)) },
            [UInt32](repeating: UInt32(limit), count: 128),
            (0..<128).map { $0 % 2 == 0 ? UInt32(limit) : 0 },
            (0..<128).map { UInt32(UInt64($0) & limit) },
        ]
        for values in patterns {
            var packed = [UInt8](repeating: 0xEE, count: BitPacking.byteCount(width: width) + 16)
            values.withUnsafeBufferPointer { input in
                packed.withUnsafeMutableBytes {
                    BitPacking.pack(input.baseAddress!, width: width, into: $0.baseAddress!)
                }
            }
            // Packing writes exactly 16 × width bytes.
            #expect(packed[BitPacking.byteCount(width: width)...].allSatisfy { $0 == 0xEE })
            var output = [UInt32](repeating: 0xDEAD_BEEF, count: 128)
            packed.withUnsafeBytes { raw in
                output.withUnsafeMutableBufferPointer {
                    BitPacking.unpack(raw.baseAddress!, width: width, into: $0.baseAddress!)
                }
            }
            #expect(output == values)
        }
    }

    @Test func widthIsTheBitsOfTheLargestValue() {
        #expect(BitPacking.width(of: 0 as UInt32) == 0)
        #expect(BitPacking.width(of: 1 as UInt32) == 1)
        #expect(BitPacking.width(of: 255 as UInt32) == 8)
        #expect(BitPacking.width(of: 256 as UInt32) == 9)
        #expect(BitPacking.width(of: UInt32.max) == 32)
        var values = [UInt32](repeating: 3, count: 128)
        values[127] = 1 << 20
        #expect(values.withUnsafeBufferPointer { BitPacking.width(of: $0.baseAddress!) } == 21)
    }

    @Test func highBitsBeyondTheWidthAreDropped() {
        let values = (0..<128).map { UInt32($0) | 0xFFFF_FF00 }
        var packed = [UInt8](repeating: 0, count: BitPacking.byteCount(width: 7))
        values.withUnsafeBufferPointer { input in
            packed.withUnsafeMutableBytes { BitPacking.pack(input.baseAddress!, width: 7, into: $0.baseAddress!) }
        }
        var output = [UInt32](repeating: 0, count: 128)
        packed.withUnsafeBytes { raw in
            output.withUnsafeMutableBufferPointer {
                BitPacking.unpack(raw.baseAddress!, width: 7, into: $0.baseAddress!)
            }
        }
        #expect(output == (0..<128).map { UInt32($0) & 0x7F })
    }
}
