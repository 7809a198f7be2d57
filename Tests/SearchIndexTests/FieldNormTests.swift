import SearchIndex
import Testing

@Suite struct FieldNormTests {
    /// The start of Lucene's byte4ToInt table (equal to tantivy's FIELD_NORMS_TABLE): exact up to 39, then
    /// three mantissa bits per power of two.
    static let tableStart: [UInt32] =
        Array(0...39) + [40, 42, 44, 46, 48, 50, 52, 54, 56, 60, 64, 68, 72, 76, 80, 84, 88, 96, 104, 112, 120, 128]

    @Test func decodesLuceneTable() {
        for (code, length) in Self.tableStart.enumerated() {
            #expect(FieldNorm.decode(UInt8(code)) == length, "code \(code)")
        }
        #expect(FieldNorm.decode(255) == 2_013_265_944)
    }

    @Test func decodingIsStrictlyIncreasing() {
        for code in 1...255 {
            #expect(FieldNorm.decode(UInt8(code)) > FieldNorm.decode(UInt8(code - 1)))
        }
    }

    @Test func encodeIsTheLargestCodeNotAboveTheLength() {
        let table = (0...255).map { FieldNorm.decode(UInt8($0)) }
        var generator = SeededGenerator(seed: 5)
        let lengths: [UInt32] =
            Array(0...5000) + table + table.map { $0 &+ 1 } + table.dropFirst().map { $0 - 1 }
            + (0..<5000).map { _ in UInt32.random(in: 0...UInt32.max, using: &generator) } + [UInt32.max]
        for length in lengths {
            let expected = UInt8(table.lastIndex { $0 <= length }!)
            #expect(FieldNorm.encode(length) == expected, "length \(length)")
        }
    }

    @Test func everyCodeRoundTrips() {
        for code in 0...255 {
            #expect(FieldNorm.encode(FieldNorm.decode(UInt8(code))) == UInt8(code))
        }
    }
}
