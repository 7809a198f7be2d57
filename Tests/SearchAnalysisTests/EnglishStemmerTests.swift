import Foundation
import SearchAnalysis
import Testing

/// The Snowball English stemmer against the official vocabulary, and its place in the `standard` chain.
@Suite struct EnglishStemmerTests {
    /// `../shared/data/stemming/english` relative to the package root (three levels above this file).
    static let vocabularyDirectory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/data/stemming/english").standardizedFileURL

    @Test func everyWordOfTheOfficialVocabularyStemsAsPublished() throws {
        let directory = Self.vocabularyDirectory
        guard FileManager.default.fileExists(atPath: directory.appendingPathComponent("voc.txt").path) else {
            Issue.record("the stemmer vocabulary is missing: expected \(directory.path)/voc.txt and output.txt")
            return
        }
        let words = try String(contentsOf: directory.appendingPathComponent("voc.txt"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        let stems = try String(contentsOf: directory.appendingPathComponent("output.txt"), encoding: .utf8)
            .split(separator: "\n", omittingEmptySubsequences: false)
        #expect(words.count == stems.count)
        #expect(words.count > 40_000)
        var mismatches = 0
        for (word, expected) in zip(words, stems) {
            let stem = EnglishStemmer.stem(String(word))
            if stem != expected {
                mismatches += 1
                if mismatches <= 20 { Issue.record("\(word) → \(stem), expected \(expected)") }
            }
        }
        #expect(mismatches == 0)
    }

    @Test func cachedStemsInTheAnalyzerEqualTheStemmers() throws {
        let path = Self.vocabularyDirectory.appendingPathComponent("voc.txt").path
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            Issue.record("the stemmer vocabulary is missing: expected \(path)")
            return
        }
        // Plain ASCII letters only, so each word is one token stemmed as a whole.
        let words = text.split(separator: "\n").map(String.init)
            .filter { $0.count >= 3 && $0.utf8.allSatisfy { (97...122).contains($0) } }
        #expect(words.count > 30_000)
        // One analyzer, one cache: the second pass finds many words in it, the stream forces collisions.
        var analyzer = Analyzer(.standard)
        var generator = SystemRandomNumberGenerator()
        for pass in 0..<2 {
            let sample = pass == 0 ? words : words.shuffled(using: &generator)
            let found = analyzer.terms(sample.joined(separator: " "))
            #expect(found.count == sample.count)
            var mismatches = 0
            for (word, term) in zip(sample, found) where String(decoding: term, as: UTF8.self) != Self.chain(word) {
                mismatches += 1
                if mismatches <= 10 { Issue.record("\(word) → \(String(decoding: term, as: UTF8.self))") }
            }
            #expect(mismatches == 0)
        }
    }

    /// The standard chain's term for one lowercase ASCII word, without the cache.
    static func chain(_ word: String) -> String {
        let vowels = Set("aeiouy")
        if word.hasSuffix("s") && !word.hasSuffix("ss") && !word.dropLast().contains(where: vowels.contains) {
            return String(word.dropLast())
        }
        return EnglishStemmer.stem(word)
    }

    @Test func definitionExamples() {
        // Examples given in the definition's text, one per rule.
        let cases = [
            ("gaps", "gap"), ("gas", "gas"), ("kiwis", "kiwi"), ("ties", "tie"), ("cries", "cri"),
            ("luxuriated", "luxuri"), ("hopping", "hop"), ("hoped", "hope"), ("added", "add"), ("cry", "cri"),
            ("say", "say"), ("dying", "die"), ("herrings", "herring"), ("generously", "generous"),
            ("generate", "generat"), ("geologist", "geolog"), ("geology", "geolog"), ("news", "news"),
            ("proceeding", "proceed"), ("skies", "sky"), ("'tis", "tis"), ("john's", "john"),
        ]
        for (word, stem) in cases { #expect(EnglishStemmer.stem(word) == stem, "\(word)") }
    }

    @Test func standardStemsAndPlainDoesNot() {
        #expect(terms(.standard, "Running runners ran; connections connected") ==
            ["run", "runner", "ran", "connect", "connect"])
        #expect(terms(.plain, "Running connections") == ["running", "connections"])
        // Folding comes first, so accented spellings stem like plain ones.
        #expect(terms(.standard, "naïve Cafés RÉSUMÉS") == ["naiv", "cafe", "resum"])
        // Plurals of abbreviations and numbers, which have no vowel, lose their s too.
        #expect(terms(.standard, "DVDs RXRs 1990s mp3s GPUs bus gas CDs ss xss") ==
            ["dvd", "rxr", "1990", "mp3", "gpus", "bus", "gas", "cd", "ss", "xss"])
        // Words in other scripts, and words of one or two letters, are left alone.
        #expect(terms(.standard, "Москвы is as") == ["москвы", "is", "as"])
    }

    @Test func possessivesAreRemovedWithoutTakingAPosition() {
        let (found, next) = tokens(.standard, "Putin's army, the Parties’ views and NASA’S probe")
        #expect(found.map(\.term) == ["putin", "armi", "the", "parti", "view", "and", "nasa", "probe"])
        #expect(found.map(\.position) == Array(0..<8))
        #expect(next == 8)
        // Only an s glued to a word by the apostrophe goes; quoted or spaced ones stay.
        #expect(terms(.standard, "'s the letter ' s x'sy") == ["s", "the", "letter", "s", "x", "sy"])
        // Plain keeps the harness's tokens.
        #expect(terms(.plain, "Putin's") == ["putin", "s"])
    }
}

/// Lucene's English stop words.
@Suite struct StopWordsTests {
    func isStopWord(_ text: String) -> Bool {
        Array(text.utf8).withUnsafeBufferPointer { StopWords.isEnglish($0) }
    }

    @Test func theClassicSetInAnyCase() {
        #expect(StopWords.english.count == 33)
        for word in StopWords.english {
            #expect(isStopWord(word) && isStopWord(word.uppercased()) && isStopWord(word.capitalized))
        }
        for word in ["", "ins", "wills", "thee", "tha", "thes", "s", "quantum", "théir", "and1"] {
            #expect(!isStopWord(word), "\(word)")
        }
    }

    @Test func theIndexSideKeepsStopWords() {
        #expect(terms(.standard, "state of the art") == ["state", "of", "the", "art"])
        #expect(AnalyzerKind.standard.ignoresStopWordsInQueries)
        #expect(!AnalyzerKind.plain.ignoresStopWordsInQueries)
    }
}
