import Testing

@testable import SearchIndex

@Suite struct VByteTests {
    static let samples: [UInt64] = [
        0, 1, 127, 128, 255, 16_383, 16_384, 2_097_151, 2_097_152, UInt64(UInt32.max), UInt64(UInt32.max) + 1,
        1 << 62, UInt64.max - 1, UInt64.max,
    ]

    @Test func roundTripsBoundaryValues() {
        var buffer = [UInt8](repeating: 0, count: VByte.maximumLength * Self.samples.count)
        var length = 0
        buffer.withUnsafeMutableBufferPointer { out in
            for value in Self.samples { length += VByte.encode(value, into: out.baseAddress! + length) }
        }
        buffer.withUnsafeBytes { raw in
            var offset = 0
            for value in Self.samples {
                #expect(VByte.decode(raw.baseAddress!, &offset, length) == value)
            }
            #expect(offset == length)
        }
    }

    @Test func encodedLengthIsSevenBitsPerByte() {
        var buffer = [UInt8](repeating: 0, count: VByte.maximumLength)
        buffer.withUnsafeMutableBufferPointer { out in
            #expect(VByte.encode(127, into: out.baseAddress!) == 1)
            #expect(VByte.encode(128, into: out.baseAddress!) == 2)
            #expect(VByte.encode(UInt64(UInt32.max), into: out.baseAddress!) == 5)
            #expect(VByte.encode(UInt64.max, into: out.baseAddress!) == 10)
        }
        _ = VByte.encode(300, into: &buffer)
        #expect(Array(buffer[0..<2]) == [0xAC, 0x02])  // 300 = 0b10_0101100
    }

    @Test func rejectsTruncatedAndOverlongInput() {
        let truncated: [UInt8] = [0x80, 0x80]
        let overlong = [UInt8](repeating: 0xFF, count: 11) + [0x01]
        let tooBigFor64: [UInt8] = [UInt8](repeating: 0xFF, count: 9) + [0x02]
        for bytes in [truncated, overlong, tooBigFor64] {
            bytes.withUnsafeBytes { raw in
                var offset = 0
                #expect(VByte.decode(raw.baseAddress!, &offset, raw.count) == nil)
            }
        }
        let big: [UInt8] = [0x80, 0x80, 0x80, 0x80, 0x10]  // 2^32
        big.withUnsafeBytes { raw in
            var offset = 0
            #expect(VByte.decode32(raw.baseAddress!, &offset, raw.count) == nil)
            offset = 0
            #expect(VByte.decode(raw.baseAddress!, &offset, raw.count) == 1 << 32)
        }
        let empty: [UInt8] = [0]
        empty.withUnsafeBytes { raw in
            var offset = 0
            #expect(VByte.decode(raw.baseAddress!, &offset, 0) == nil)
        }
    }

    @Test func skipsWholeValues() {
        let bytes: [UInt8] = [0x05, 0x81, 0x01, 0xFF, 0xFF, 0x03, 0x07]
        bytes.withUnsafeBytes { raw in
            var offset = 0
            #expect(VByte.skip(3, raw.baseAddress!, &offset, raw.count))
            #expect(offset == 6)
            #expect(VByte.decode(raw.baseAddress!, &offset, raw.count) == 7)
            offset = 1
            #expect(!VByte.skip(4, raw.baseAddress!, &offset, raw.count))
            #expect(offset == 1)
        }
    }

    /// `skip` counts value ends eight bytes at a time, in passes, with counters flushed every 255 words; it must
    /// land exactly where decoding one value at a time does, for every count (each small one, and large ones
    /// past the flush), and fail when the values run out.
    @Test func skipLandsWhereDecodingDoes() {
        var generator = SeededGenerator(seed: 5)
        var values: [UInt64] = []
        for _ in 0..<3000 {
            // Mostly one-byte values, with runs of longer ones, like position deltas.
            let width = [7, 7, 7, 7, 14, 21, 35][Int.random(in: 0..<7, using: &generator)]
            values.append(UInt64.random(in: 0..<(1 << UInt64(width)), using: &generator))
        }
        var bytes = [UInt8](repeating: 0, count: VByte.maximumLength * values.count)
        var length = 0
        bytes.withUnsafeMutableBufferPointer { out in
            for value in values { length += VByte.encode(value, into: out.baseAddress! + length) }
        }
        bytes.withUnsafeBytes { raw in
            var ends = [0]
            var offset = 0
            for _ in values {
                _ = VByte.decode(raw.baseAddress!, &offset, length)
                ends.append(offset)
            }
            for start in [0, 1, 5, 17] {
                let all = values.count - start
                for count in Array(0...300) + Array(stride(from: 301, to: all, by: 37)) + [all] {
                    var skipped = ends[start]
                    #expect(VByte.skip(count, raw.baseAddress!, &skipped, length))
                    if skipped != ends[start + count] {
                        Issue.record("skip \(count) from value \(start) ends at \(skipped), not \(ends[start + count])")
                        return
                    }
                }
                var past = ends[start]
                #expect(!VByte.skip(values.count - start + 1, raw.baseAddress!, &past, length))
            }
        }
    }
}
