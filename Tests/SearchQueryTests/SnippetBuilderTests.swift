import SearchAnalysis
import Testing

@testable import SearchQuery

@Suite("SnippetBuilder")
struct SnippetBuilderTests {
    static func terms(_ words: String...) -> [[UInt8]] { words.map { Array($0.utf8) } }

    /// The highlighted substrings of a snippet.
    static func marked(_ snippet: Snippet) -> [String] {
        let bytes = Array(snippet.text.utf8)
        return snippet.highlights.map { String(decoding: bytes[$0], as: UTF8.self) }
    }

    @Test func shortTextIsShownWholeWithHighlights() {
        var builder = SnippetBuilder(analyzer: .plain, terms: Self.terms("quick", "dog"))
        let snippet = builder.snippet(of: "The Quick brown fox jumps over the lazy dog.")
        #expect(snippet.text == "The Quick brown fox jumps over the lazy dog.")
        #expect(snippet.highlights == [4..<9, 40..<43])
        #expect(Self.marked(snippet) == ["Quick", "dog"])
    }

    @Test func overlappingCJKBigramsMakeOneHighlight() {
        // 東京タワー is indexed as 東京 京タ タワ ワー; the whole word is one highlight, not every other bigram.
        var builder = SnippetBuilder(
            analyzer: .standard, terms: Self.terms("東京", "京タ", "タワ", "ワー", "港区", "stem"))
        let snippet = builder.snippet(of: "東京タワーは港区にある。Stemmed words are highlighted whole.")
        #expect(Self.marked(snippet) == ["東京タワー", "港区", "Stemmed"])
    }

    @Test func highlightsCountBytesNotCharacters() {
        var builder = SnippetBuilder(analyzer: .plain, terms: Self.terms("über", "東京", "u", "s"))
        let snippet = builder.snippet(of: "Café Über alles — 東京 and the U.S.")
        #expect(Self.marked(snippet) == ["Über", "東京", "U", "S"])
        #expect(snippet.highlights[0] == 6..<11)  // "Café " is 6 bytes; "Über" 5
    }

    @Test func lineBreaksBecomeSpaces() {
        var builder = SnippetBuilder(analyzer: .plain, terms: Self.terms("second"))
        let snippet = builder.snippet(of: "first line\nsecond\tline")
        #expect(snippet.text == "first line second line")
        #expect(Self.marked(snippet) == ["second"])
    }

    static let filler = String(repeating: "lorem ipsum dolor sit amet ", count: 20)  // 540 bytes

    @Test func prefersMoreDistinctTermsThenMoreOccurrences() {
        let text = "alpha alpha alpha. " + Self.filler + "alpha and beta here. " + Self.filler + "gamma"
        var builder = SnippetBuilder(analyzer: .plain, terms: Self.terms("alpha", "beta"), maxBytes: 100)
        let snippet = builder.snippet(of: text)
        #expect(Self.marked(snippet) == ["alpha", "beta"])
        #expect(snippet.text.hasPrefix("…") && snippet.text.hasSuffix("…"))

        let repeated = "beta once. " + Self.filler + "beta and beta twice. " + Self.filler
        var single = SnippetBuilder(analyzer: .plain, terms: Self.terms("beta"), maxBytes: 60)
        let best = single.snippet(of: repeated)
        #expect(Self.marked(best) == ["beta", "beta"])
    }

    @Test func cutsAtWordBoundariesWithEllipses() {
        let text = Self.filler + "needle " + Self.filler
        var builder = SnippetBuilder(analyzer: .plain, terms: Self.terms("needle"), maxBytes: 80)
        let snippet = builder.snippet(of: text)
        #expect(snippet.text.hasPrefix("…") && snippet.text.hasSuffix("…"))
        let inner = snippet.text.dropFirst().dropLast()
        #expect(inner.utf8.count <= 80)
        // Whole words only: every word of the snippet is a word of the filler or the needle.
        let words = Set(Self.filler.split(separator: " ").map(String.init) + ["needle"])
        #expect(inner.split(separator: " ").allSatisfy { words.contains(String($0)) }, "\(snippet.text)")
        #expect(Self.marked(snippet) == ["needle"])
    }

    /// Matches are looked for in the first 64 KB (to a word's end) only: a term past them is not found, one
    /// just before the bound is.
    @Test func looksForMatchesInTheFirst64KB() {
        let long = String(repeating: "ab ", count: (SnippetBuilder.analyzedBytes - 12) / 3)  // ends 13 bytes before
        var builder = SnippetBuilder(analyzer: .plain, terms: Self.terms("needle", "pin"), maxBytes: 80)
        let near = builder.snippet(of: long + "needle " + Self.filler + " pin " + Self.filler)
        #expect(Self.marked(near) == ["needle"])
        let far = builder.snippet(of: long + Self.filler + " pin needle")
        #expect(far.highlights.isEmpty)
        #expect(far.text.hasPrefix("ab ab"))
    }

    @Test func withoutMatchesShowsTheStart() {
        var builder = SnippetBuilder(analyzer: .plain, terms: Self.terms("absent"), maxBytes: 30)
        let snippet = builder.snippet(of: "  " + Self.filler)
        #expect(snippet.text == "lorem ipsum dolor sit amet…")
        #expect(snippet.highlights.isEmpty)
        var none = SnippetBuilder(analyzer: .plain, terms: [], maxBytes: 240)
        #expect(none.snippet(of: "short text") == Snippet(text: "short text", highlights: []))
        #expect(none.snippet(of: "") == Snippet(text: "", highlights: []))
    }

    @Test func neverSplitsACharacter() {
        // No spaces to cut at: the cut falls back to character boundaries.
        let text = String(repeating: "東京都", count: 40) + "大阪" + String(repeating: "東京都", count: 40)
        for maxBytes in 1...20 {
            var builder = SnippetBuilder(analyzer: .plain, terms: Self.terms("大阪"), maxBytes: maxBytes)
            let snippet = builder.snippet(of: text)
            #expect(!snippet.text.contains("\u{FFFD}"))
            #expect(Array(snippet.text.utf8).count == snippet.text.utf8.count)
            var plain = SnippetBuilder(analyzer: .plain, terms: [], maxBytes: maxBytes)
            let start = plain.snippet(of: text)
            #expect(!start.text.contains("\u{FFFD}"), "\(maxBytes)")
            #expect(start.text.utf8.count <= maxBytes + 3)
        }
    }

    @Test func randomTextsKeepInvariants() {
        var rng = SeededGenerator(seed: 7)
        let pieces = ["a", "bb", "Ünï", "東京", "x-y", "😀", "ab", "\n", "  ", ".", "é", "ß"]
        for _ in 0..<500 {
            var text = ""
            for _ in 0..<Int.random(in: 0..<80, using: &rng) {
                text += pieces.randomElement(using: &rng)! + (Bool.random(using: &rng) ? " " : "")
            }
            let maxBytes = Int.random(in: 1...60, using: &rng)
            let terms = Self.terms("bb", "ünï", "東京", "y", "é")
            var builder = SnippetBuilder(analyzer: .plain, terms: terms, maxBytes: maxBytes)
            let snippet = builder.snippet(of: text)
            #expect(!snippet.text.contains("\u{FFFD}"))
            let bytes = Array(snippet.text.utf8)
            var analyzer = Analyzer(.plain)
            var previousEnd = 0
            for range in snippet.highlights {
                #expect(range.lowerBound >= previousEnd && range.upperBound <= bytes.count)
                previousEnd = range.upperBound
                let word = String(decoding: bytes[range], as: UTF8.self)
                #expect(analyzer.terms(word).count == 1 && terms.contains(analyzer.terms(word)[0]), "\(word)")
            }
        }
    }
}
