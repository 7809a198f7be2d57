import Foundation
import SearchAnalysis
import Testing

/// Finding given terms in text without stemming the words that cannot become one of them.
@Suite struct HighlightAnalysisTests {
    /// The lowercase words of the Snowball vocabulary (nil when the shared data is missing).
    static let vocabulary: [String]? = {
        let path = EnglishStemmerTests.vocabularyDirectory.appendingPathComponent("voc.txt").path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        return text.split(separator: "\n").map(String.init)
    }()

    @Test func everyWordOfTheVocabularyIsAdmittedByItsOwnStem() throws {
        let words = try #require(Self.vocabulary, "the stemmer vocabulary is missing")
        var checked = 0
        for word in words where word.utf8.count >= 3 && !word.hasPrefix("'") {
            let stem = Array(EnglishStemmer.stem(word).utf8)
            let admitted = Array(word.utf8).withUnsafeBufferPointer { StemPrefixes([stem]).admits($0.baseAddress!) }
            #expect(admitted, "\(word) → \(String(decoding: stem, as: UTF8.self))")
            checked += 1
        }
        #expect(checked > 40_000)
    }

    @Test func prefixesRejectOtherWords() {
        let prefixes = StemPrefixes([Array("run".utf8), Array("die".utf8), Array("x".utf8)])
        func admits(_ word: String) -> Bool { Array(word.utf8).withUnsafeBufferPointer { prefixes.admits($0.baseAddress!) } }
        #expect(admits("running") && admits("dying") && admits("xylophone") && admits("'tis"))
        #expect(!admits("ran") && !admits("walking") && !admits("dan"))
    }

    /// Every token that is one of the terms comes out with the same position and byte range as from the full
    /// analysis, on running text of vocabulary words, for many random sets of terms.
    @Test(arguments: [AnalyzerKind.standard, .plain])
    func lookingForTermsFindsWhatTheFullAnalysisFinds(kind: AnalyzerKind) throws {
        let words = try #require(Self.vocabulary, "the stemmer vocabulary is missing")
        var generator = SplitMix64(seed: 7)
        var full = Analyzer(kind)
        var looking = Analyzer(kind)
        for _ in 0..<40 {
            var text = (0..<400).map { _ in
                let word = words[Int(generator.next() % UInt64(words.count))]
                return generator.next() % 5 == 0 ? word.capitalized + "," : word
            }.joined(separator: " ")
            var all: [(term: [UInt8], position: UInt32, range: Range<Int>)] = []
            text.withUTF8 { bytes in
                _ = full.analyze(bytes) { term, position, start, end in all.append((Array(term), position, start..<end)) }
            }
            let terms = (0..<1 + Int(generator.next() % 4)).map { _ in all[Int(generator.next() % UInt64(all.count))].term }
            let expected = all.filter { terms.contains($0.term) }
            var found: [(term: [UInt8], position: UInt32, range: Range<Int>)] = []
            let prefixes = StemPrefixes(terms)
            text.withUTF8 { bytes in
                _ = looking.analyze(bytes, lookingFor: prefixes) { term, position, start, end in
                    if terms.contains(where: { $0.elementsEqual(term) }) { found.append((Array(term), position, start..<end)) }
                }
            }
            #expect(found.count == expected.count)
            for (a, b) in zip(found, expected) {
                #expect(a.term == b.term && a.position == b.position && a.range == b.range)
            }
        }
    }
}
