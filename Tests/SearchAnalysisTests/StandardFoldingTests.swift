import SearchAnalysis
import Testing

/// Properties of the `standard` analyzer over the whole code space and random text.
@Suite struct StandardFoldingTests {
    /// Every scalar of the code space, each followed by a space.
    static let everyScalar: String = {
        var text = String.UnicodeScalarView()
        for value in 0...0x10FFFF as ClosedRange<UInt32> {
            guard let scalar = Unicode.Scalar(value) else { continue }
            text.append(scalar)
            text.append(" ")
        }
        return String(text)
    }()

    @Test func foldingIsIdempotent() {
        // Analyzing the analyzed terms again changes nothing: what a query term folds to is what the index
        // holds. This also checks that every folded output is made of word characters (or marks after them).
        let folded = terms(.standard, Self.everyScalar)
        #expect(folded.count > 100_000)
        let again = terms(.standard, folded.joined(separator: " "))
        #expect(again.count == folded.count)
        for (term, refolded) in zip(folded, again) where term != refolded {
            Issue.record("\(term.debugDescription) refolds to \(refolded.debugDescription)")
            break
        }
    }

    @Test func foldedTermsContainNoUppercaseAndNoDroppedDiacritics() {
        for term in terms(.standard, Self.everyScalar) {
            for scalar in term.unicodeScalars {
                let properties = scalar.properties
                let isLatinDiacritic = (0x300...0x36F).contains(scalar.value)
                if properties.changesWhenLowercased || isLatinDiacritic {
                    Issue.record("\(term.debugDescription) keeps U+\(String(scalar.value, radix: 16))")
                    return
                }
            }
        }
    }

    @Test func asciiTextAnalyzesAsPlain() {
        var generator = SplitMix64(seed: 5)
        for _ in 0..<300 {
            let length = Int(generator.next() % 200)
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next() % 128) }
            let text = String(decoding: bytes, as: UTF8.self)
            var plain = Analyzer(.plain)
            var standard = Analyzer(.standard)
            #expect(tokens(&plain, bytes).tokens == tokens(&standard, bytes).tokens, "\(text.debugDescription)")
        }
    }

    @Test func rangesCoverTheMarksAWordKeeps() {
        let (found, next) = tokens(.standard, "cafe\u{301} x\u{AD}y \u{301}z")
        #expect(found == [
            Token(term: "cafe", position: 0, start: 0, end: 6),
            Token(term: "xy", position: 1, start: 7, end: 11),
            Token(term: "z", position: 2, start: 14, end: 15),
        ])
        #expect(next == 3)
    }

    @Test func randomUnicodeTextKeepsTheTokenInvariants() {
        var generator = SplitMix64(seed: 77)
        var analyzer = Analyzer(.standard)
        for _ in 0..<2000 {
            let text = PlainReferenceTests.randomString(&generator, maxLength: 40)
            let bytes = Array(text.utf8)
            let (found, next) = tokens(&analyzer, bytes)
            var previous: Token? = nil
            for token in found {
                #expect(!token.term.isEmpty && token.term.unicodeScalars.count <= Analyzer.maximumTermScalars)
                #expect(token.start < token.end && token.end <= bytes.count)
                if let previous {
                    #expect(token.position > previous.position && token.start >= previous.end)
                }
                previous = token
            }
            #expect(next >= UInt32(found.count))
        }
    }
}
