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

    @Test func asciiTextAnalyzesAsPlainThenStemmedWithoutPossessives() {
        // On ASCII, standard is plain with each term stemmed (a plural s on a token without vowels simply
        // removed) and every s that follows a word and an apostrophe removed (later positions move up by one).
        var generator = SplitMix64(seed: 5)
        for _ in 0..<300 {
            let length = Int(generator.next() % 200)
            let bytes = (0..<length).map { _ in
                let byte = UInt8(truncatingIfNeeded: generator.next() % 128)
                return byte % 7 == 0 ? UInt8(ascii: "'") : byte % 11 == 0 ? UInt8(ascii: "s") : byte
            }
            let text = String(decoding: bytes, as: UTF8.self)
            var plain = Analyzer(.plain)
            var standard = Analyzer(.standard)
            var expected: [Token] = []
            var previousEnd = -1
            var removed: UInt32 = 0
            for token in tokens(&plain, bytes).tokens {
                defer { previousEnd = token.end }
                if token.term == "s" && token.start >= 2 && bytes[token.start - 1] == UInt8(ascii: "'")
                    && previousEnd == token.start - 1 {
                    removed += 1
                    continue
                }
                expected.append(Token(
                    term: Self.stemmed(token.term), position: token.position - removed, start: token.start,
                    end: token.end))
            }
            #expect(tokens(&standard, bytes).tokens == expected, "\(text.debugDescription)")
        }
    }

    /// The standard chain's stemming of an ASCII term, written out: abbreviation plurals lose their s, other
    /// terms go through the Snowball stemmer.
    static func stemmed(_ term: String) -> String {
        let vowels = Set("aeiouy")
        if term.count >= 3 && term.hasSuffix("s") && !term.hasSuffix("ss")
            && !term.dropLast().contains(where: vowels.contains) {
            return String(term.dropLast())
        }
        return EnglishStemmer.stem(term)
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
                    // Only CJK bigrams overlap (by one character).
                    #expect(token.position > previous.position && token.start > previous.start)
                }
                previous = token
            }
            #expect(next >= UInt32(found.count))
        }
    }
}
