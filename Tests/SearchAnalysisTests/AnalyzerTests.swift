import Foundation
import SearchAnalysis
import Testing

/// One token as the analyzer reports it, with its term decoded for readable expectations.
struct Token: Equatable, CustomStringConvertible {
    var term: String
    var position: UInt32
    var start: Int
    var end: Int

    var description: String { "\(term)@\(position)[\(start)..<\(end)]" }
}

/// Runs `kind` over `text` and collects every callback, plus the returned next position.
func tokens(_ kind: AnalyzerKind, _ text: String, firstPosition: UInt32 = 0) -> (tokens: [Token], next: UInt32) {
    var analyzer = Analyzer(kind)
    return tokens(&analyzer, Array(text.utf8), firstPosition: firstPosition)
}

/// Runs `analyzer` over raw `bytes` (which need not be valid UTF-8).
func tokens(
    _ analyzer: inout Analyzer, _ bytes: [UInt8], firstPosition: UInt32 = 0
) -> (tokens: [Token], next: UInt32) {
    var result: [Token] = []
    let next = bytes.withUnsafeBufferPointer { buffer in
        analyzer.analyze(buffer, firstPosition: firstPosition) { term, position, start, end in
            let text = String(decoding: term, as: UTF8.self)
            result.append(Token(term: text, position: position, start: start, end: end))
        }
    }
    return (result, next)
}

/// The terms of `text` as strings.
func terms(_ kind: AnalyzerKind, _ text: String) -> [String] {
    var analyzer = Analyzer(kind)
    return analyzer.terms(text).map { String(decoding: $0, as: UTF8.self) }
}

@Suite struct AnalyzerTests {
    @Test(arguments: AnalyzerKind.allCases)
    func asciiWordsAreLowercasedWithPositionsAndRanges(_ kind: AnalyzerKind) {
        let (found, next) = tokens(kind, "The QUICK brown Fox")
        #expect(found == [
            Token(term: "the", position: 0, start: 0, end: 3),
            Token(term: "quick", position: 1, start: 4, end: 9),
            Token(term: "brown", position: 2, start: 10, end: 15),
            Token(term: "fox", position: 3, start: 16, end: 19),
        ])
        #expect(next == 4)
    }

    @Test(arguments: AnalyzerKind.allCases)
    func punctuationUnderscoreAndApostrophesSplit(_ kind: AnalyzerKind) {
        // Standard removes the possessive s (see EnglishStemmerTests); everything else splits alike.
        let possessive = kind == .plain ? ["s"] : []
        #expect(terms(kind, "Hello, world! snake_case don't it’s e-mail a.b.c (x) [y] {z} <tag> #1 @me")
            == ["hello", "world", "snake", "case", "don", "t", "it"] + possessive + ["e", "mail", "a", "b", "c",
                "x", "y", "z", "tag", "1", "me"])
    }

    @Test(arguments: AnalyzerKind.allCases)
    func digitsAreWordCharacters(_ kind: AnalyzerKind) {
        #expect(terms(kind, "3.14159 in 2024, 1,000,000 COVID-19 mp3 v2beta") ==
            ["3", "14159", "in", "2024", "1", "000", "000", "covid", "19", "mp3", "v2beta"])
    }

    @Test(arguments: AnalyzerKind.allCases)
    func emptyAndSeparatorOnlyInputs(_ kind: AnalyzerKind) {
        #expect(tokens(kind, "").tokens.isEmpty)
        #expect(tokens(kind, "", firstPosition: 7).next == 7)
        #expect(tokens(kind, " \n\t.,;!?-_— “” ").tokens.isEmpty)
        var analyzer = Analyzer(kind)
        let next = analyzer.analyze(UnsafeBufferPointer(start: nil, count: 0), firstPosition: 3) { _, _, _, _ in
            Issue.record("no token expected")
        }
        #expect(next == 3)
    }

    @Test(arguments: AnalyzerKind.allCases)
    func firstPositionOffsetsPositionsAndReturnsNextFree(_ kind: AnalyzerKind) {
        let (found, next) = tokens(kind, "alpha beta gamma", firstPosition: 100)
        #expect(found.map(\.position) == [100, 101, 102])
        #expect(next == 103)
        // Continuing a second field where the first stopped gives one consecutive stream.
        let second = tokens(kind, "delta", firstPosition: next)
        #expect(second.tokens.map(\.position) == [103])
        #expect(second.next == 104)
    }

    @Test(arguments: AnalyzerKind.allCases)
    func tokensOverSixtyFourScalarsAreDroppedButConsumeAPosition(_ kind: AnalyzerKind) {
        let exactly64 = String(repeating: "a", count: 64)
        let over = String(repeating: "b", count: 65)
        let long = String(repeating: "x", count: 5000)   // also longer than the term buffer
        let cyrillic64 = String(repeating: "ж", count: 64)   // 128 bytes, 64 scalars: kept
        let cyrillic65 = String(repeating: "Ж", count: 65)
        let (found, next) = tokens(kind, "one \(exactly64) \(over) two \(long) \(cyrillic64) \(cyrillic65) three")
        #expect(found.map(\.term) == ["one", exactly64, "two", cyrillic64, "three"])
        #expect(found.map(\.position) == [0, 1, 3, 5, 7])
        #expect(next == 8)
    }

    @Test(arguments: AnalyzerKind.allCases)
    func byteRangesMapBackToTheOriginalText(_ kind: AnalyzerKind) {
        let text = "Größe: 12 «Ελληνικά» — Москва, 東京タワー e\u{301}t\u{E9} İzmir naïve ＡＢＣ"
        let bytes = Array(text.utf8)
        let (found, _) = tokens(kind, text)
        #expect(!found.isEmpty)
        var previousEnd = 0
        var previousStart = -1
        for token in found {
            // Ranges ascend; only CJK bigrams overlap, each sharing a character with the next.
            let overlapping = kind == .standard && token.start > previousStart && token.start < previousEnd
            #expect((token.start >= previousEnd || overlapping) && token.start < token.end && token.end <= bytes.count)
            // Ranges fall on scalar boundaries and cover text that analyzes to exactly this term.
            let slice = String(validating: bytes[token.start..<token.end], as: UTF8.self)
            #expect(slice != nil, "range \(token) splits a scalar")
            if let slice {
                #expect(terms(kind, slice) == [token.term], "\(token) covers \(slice.debugDescription)")
            }
            previousEnd = token.end
            previousStart = token.start
        }
    }

    @Test func plainLowercasesButKeepsAccentsAndScripts() {
        #expect(terms(.plain, "Crème BRÛLÉE Straße ÆØÅ Łódź Ελληνικά МОСКВА 東京タワー 서울 عربي עברית हिन्दी") ==
            ["crème", "brûlée", "straße", "æøå", "łódź", "ελληνικά", "москва", "東京タワー", "서울", "عربي",
             "עברית", "ह", "न", "द"])
    }

    @Test func standardFoldsDiacriticsAndCompatibilityForms() {
        // Folded ASCII words are then stemmed.
        #expect(terms(.standard, "Crème BRÛLÉE Straße ÆØÅ Łódź Ελληνικά МОСКВА Ёлка naïve Œuvre þorn ðe") ==
            ["creme", "brule", "strass", "aeoa", "lodz", "ελληνικα", "москва", "елка", "naiv", "oeuvr",
             "thorn", "de"])
        #expect(terms(.standard, "ＦＵＬＬ ｗｉｄｔｈ ０１２ ﬁnance x² Ⅻ ①") ==
            ["full", "width", "012", "financ", "x2", "xii", "1"])
        #expect(terms(.standard, "٣٤ ३४ ３４") == ["34", "34", "34"])
        // Cyrillic: ё is commonly typed as е, but й is a letter of its own.
        #expect(terms(.standard, "Ёжик йогурт Мой") == ["ежик", "йогурт", "мой"])
        // Greek tonos and Arabic hamza forms fold; Hangul and kana keep their composed letters (in bigrams).
        #expect(terms(.standard, "Ελλάδα ΆΛΦΑ أحمد إسلام 한국어 がっこう") ==
            ["ελλαδα", "αλφα", "احمد", "اسلام", "한국", "국어", "がっ", "っこ", "こう"])
    }

    @Test func standardKeepsCombiningMarksInsideWords() {
        // Decomposed accents: plain splits at the mark (Python's isalnum is false for marks), standard
        // joins and drops it, so both spellings of "café" meet.
        #expect(terms(.plain, "cafe\u{301} cre\u{300}me") == ["cafe", "cre", "me"])
        #expect(terms(.standard, "cafe\u{301} cre\u{300}me café") == ["cafe", "creme", "cafe"])
        // Marks that change the letter (Devanagari vowel signs, virama) stay in the term.
        #expect(terms(.standard, "हिन्दी") == ["हिन्दी"])
        // Soft hyphens and zero-width joiners found inside web text do not split words in standard.
        #expect(terms(.standard, "Wiki\u{AD}pedia") == ["wikipedia"])
        #expect(terms(.plain, "Wiki\u{AD}pedia") == ["wiki", "pedia"])
        // A mark with nothing before it is not a word.
        #expect(terms(.standard, "\u{301} \u{301}a") == ["a"])
    }

    @Test func dottedCapitalIFollowsPythonInPlainAndFoldsInStandard() {
        // Python: "İstanbul".lower() == "i\u{307}stanbul", and the combining dot is not alphanumeric.
        let (found, _) = tokens(.plain, "İstanbul")
        #expect(found == [
            Token(term: "i", position: 0, start: 0, end: 2),
            Token(term: "stanbul", position: 1, start: 2, end: 9),
        ])
        #expect(terms(.plain, "DİYARBAKIR") == ["di", "yarbakir"])
        #expect(terms(.standard, "İstanbul DİYARBAKIR") == ["istanbul", "diyarbakir"])
    }

    @Test func capitalSigmaFollowsPythonsFinalSigmaRule() {
        // Final when a cased letter precedes and none follows (case-ignorable characters skipped).
        #expect(terms(.plain, "ΟΔΟΣ ΟΔΟΣ. Σ ΣΑ ΑΣΑ Α'Σ ΑΣ'Α ΑΣ'") ==
            ["οδος", "οδος", "σ", "σα", "ασα", "α", "ς", "ασ", "α", "ας"])
        // Standard does not distinguish the two small sigmas.
        #expect(terms(.standard, "ΟΔΟΣ οδος οδοσ") == ["οδοσ", "οδοσ", "οδοσ"])
    }

    @Test(arguments: AnalyzerKind.allCases)
    func invalidUTF8BytesSeparateTokens(_ kind: AnalyzerKind) {
        var analyzer = Analyzer(kind)
        let cases: [([UInt8], [String])] = [
            ([0x61, 0xFF, 0x62], ["a", "b"]),                     // invalid byte
            ([0x61, 0x80, 0x62], ["a", "b"]),                     // stray continuation
            ([0x61, 0xC3], ["a"]),                                // truncated at the end
            ([0xC3, 0x61], ["a"]),                                // lead without continuation
            ([0x61, 0xC0, 0xAF, 0x62], ["a", "b"]),               // overlong '/'
            ([0x61, 0xED, 0xA0, 0x80, 0x62], ["a", "b"]),         // UTF-16 surrogate
            ([0x61, 0xF4, 0x90, 0x80, 0x80, 0x62], ["a", "b"]),   // above U+10FFFF
            ([0xE6, 0x97, 0xA5, 0xE6, 0x97], ["日"]),              // valid then truncated
        ]
        for (bytes, expected) in cases {
            let (found, _) = tokens(&analyzer, bytes)
            #expect(found.map(\.term) == expected, "\(bytes)")
            for token in found { #expect(token.end <= bytes.count) }
        }
        // Random garbage of every length, including the eight-byte path: no crash, sane ranges.
        var generator = SplitMix64(seed: 42)
        for length in 0..<300 {
            let bytes = (0..<length).map { _ in UInt8(truncatingIfNeeded: generator.next()) }
            let (found, _) = tokens(&analyzer, bytes)
            var previousEnd = 0
            for token in found {
                #expect(token.start >= previousEnd && token.start < token.end && token.end <= bytes.count)
                previousEnd = token.end
            }
            // Invalid bytes act like any other separator: decoding with replacement characters (not
            // alphanumeric either) gives the same terms.
            #expect(found.map(\.term) == terms(kind, String(decoding: bytes, as: UTF8.self)))
        }
    }

    @Test(arguments: AnalyzerKind.allCases)
    func tokensAcrossTheEightByteBoundaries(_ kind: AnalyzerKind) {
        // Words and separators of every length at every alignment, against a byte-at-a-time definition.
        var generator = SplitMix64(seed: 7)
        let alphabet = Array("aZ9 ,.\n_-é".unicodeScalars)
        for _ in 0..<500 {
            let length = Int(generator.next() % 40)
            let text = String(String.UnicodeScalarView((0..<length).map { _ in
                alphabet[Int(generator.next() % UInt64(alphabet.count))]
            }))
            let expected = text.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map {
                kind == .standard ? EnglishStemmer.stem($0.replacingOccurrences(of: "é", with: "e")) : String($0)
            }
            #expect(terms(kind, text) == expected, "\(text.debugDescription)")
        }
    }

    @Test func analyzerCopiesDoNotShareTermBytes() {
        var outer = Analyzer(.plain)
        var inner = outer
        var seen: [String] = []
        Array("first second".utf8).withUnsafeBufferPointer { text in
            _ = outer.analyze(text) { term, _, _, _ in
                let before = Array(term)
                _ = inner.terms("interfering words")
                seen.append(String(decoding: term, as: UTF8.self))
                #expect(Array(term) == before)
            }
        }
        #expect(seen == ["first", "second"])
        #expect(outer.kind == .plain)
    }
}


@Suite struct ConcurrentAnalyzerTests {
    @Test func analyzersInParallelTasksAgree() async {
        // Supplementary-plane scalars make the first analyzers build those planes' tables concurrently.
        let text = "𝐀𝐁𝐂 𠀀𠀁 𐐀𐐨 😀 Ǆemal ΟΔΟΣ İstanbul ＡＢＣ \u{31350}\u{30000}"
        let expected = AnalyzerKind.allCases.map { terms($0, text) }
        await withTaskGroup(of: [[String]].self) { group in
            for _ in 0..<8 {
                group.addTask {
                    AnalyzerKind.allCases.map { kind in
                        (0..<50).map { _ in terms(kind, text) }.last!
                    }
                }
            }
            for await result in group {
                #expect(result == expected)
            }
        }
    }
}
