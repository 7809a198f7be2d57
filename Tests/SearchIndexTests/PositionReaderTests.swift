import Testing

@testable import SearchIndex

@Suite struct PositionReaderTests {
    /// Random ascending positions, mostly close together (one-byte deltas) with some long gaps (several
    /// bytes), VByte-encoded as a document's positions are: the first absolute, the others deltas.
    static func encoded(count: Int, using generator: inout SeededGenerator) -> (positions: [UInt32], bytes: [UInt8]) {
        var positions: [UInt32] = []
        var bytes: [UInt8] = []
        var scratch = [UInt8](repeating: 0, count: VByte.maximumLength)
        var position: UInt32 = 0
        for i in 0..<count {
            let delta =
                UInt32.random(in: 0..<10, using: &generator) == 0
                ? UInt32.random(in: 128...40_000, using: &generator) : UInt32.random(in: 1...127, using: &generator)
            position = i == 0 ? delta - 1 : position + delta
            positions.append(position)
            let n = scratch.withUnsafeMutableBufferPointer {
                VByte.encode(UInt64(i == 0 ? position : delta), into: $0.baseAddress!)
            }
            bytes += scratch[0..<n]
        }
        return (positions, bytes)
    }

    /// `advance(to:)` returns what reading one position at a time up to the first one >= the target would, for
    /// ascending targets below, between, on and past the positions, and leaves the reader at the same place.
    @Test(arguments: [0, 1, 2, 9, 64, 300])
    func advanceMatchesReadingOneAtATime(count: Int) {
        var generator = SeededGenerator(seed: UInt64(count) + 11)
        for _ in 0..<20 {
            let (positions, bytes) = Self.encoded(count: count, using: &generator)
            var targets: [UInt32] = []
            var target: UInt32 = 0
            for _ in 0..<Int.random(in: 1...12, using: &generator) {
                target += UInt32.random(in: 0...(count > 0 ? positions[count - 1] / 4 + 2 : 3), using: &generator)
                targets.append(target)
            }
            bytes.withUnsafeBytes { raw in
                let base = raw.baseAddress ?? UnsafeRawPointer(bitPattern: 8)!
                var fast = PositionReader(data: base, offset: 0, end: raw.count, count: count)
                var slow = fast
                for target in targets {
                    var expected: UInt32?
                    while let next = slow.next() {
                        if next >= target {
                            expected = next
                            break
                        }
                    }
                    #expect(fast.advance(to: target) == expected, "count \(count), target \(target)")
                    #expect(fast.remainingCount == slow.remainingCount)
                }
                #expect(fast.next() == slow.next())
            }
        }
    }

    /// Bytes that end before the count says (malformed) end the positions: no read past them.
    @Test func advanceStopsAtTheEndOfTheBytes() {
        let bytes: [UInt8] = [1, 1, 1, 0x81, 1, 1]
        bytes.withUnsafeBytes { raw in
            var short = PositionReader(data: raw.baseAddress!, offset: 0, end: 4, count: 6)
            #expect(short.advance(to: 100) == nil)
            #expect(short.remainingCount == 0)
            var reader = PositionReader(data: raw.baseAddress!, offset: 0, end: 6, count: 6)
            #expect(reader.advance(to: 3) == 3)
            #expect(reader.advance(to: 4) == 132)  // 3 + 0x81 0x01 (129)
            #expect(reader.advance(to: 133) == 133)
            #expect(reader.advance(to: 134) == nil)
        }
    }
}
