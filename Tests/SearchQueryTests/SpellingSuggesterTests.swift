import SearchAnalysis
import SearchIndex
import Testing

@testable import SearchQuery

/// "Did you mean": corrections come from the index dictionary, prefer fewer edits, then frequent terms, and are
/// shown as the documents write them.
@Suite("Spelling suggestions")
struct SpellingSuggesterTests {
    static let documents = [
        StoredDocument(id: "1", title: "Nuclear weapons", body: "Talks on nuclear weapons in Pyongyang."),
        StoredDocument(id: "2", title: "Weapons", body: "The nuclear programme and its weapons."),
        StoredDocument(id: "3", title: "Tokyo", body: "Tokyo hosted the Olympics; nuclear power was debated."),
        StoredDocument(id: "4", title: "Nuclear", body: "A nucleus is not nuclear."),
        StoredDocument(id: "5", title: "Kyoto", body: "Kyoto temples."),
    ]

    @Test(arguments: [AnalyzerKind.plain, .standard])
    func misspeltWordsBecomeTheClosestFrequentTerm(_ analyzer: AnalyzerKind) throws {
        let index = try TemporaryIndex(
            analyzer: analyzer, batches: [Array(Self.documents[0..<2]), Array(Self.documents[2...])])
        let suggester = SpellingSuggester(reader: index.reader)
        #expect(try suggester.suggestion(for: "nucler weapns") == "nuclear weapons")
        #expect(try suggester.suggestion(for: "Pyongyng talks") == "pyongyang talks")
        // Field prefixes, operators, phrases and signs stay as they were.
        #expect(try suggester.suggestion(for: "title:tokio AND \"nuclear powr\"") == "title:tokyo AND \"nuclear power\"")
        // Excluded words and words the index knows well are not touched; nothing to correct gives nil.
        #expect(try suggester.suggestion(for: "tokyo -nucler") == nil)
        #expect(try suggester.suggestion(for: "nuclear weapons") == nil)
        #expect(try suggester.suggestion(for: "xqzzyw") == nil)
        #expect(try suggester.suggestion(for: "") == nil)
    }

    @Test func replacementsKeepTheFirstByteUnlessToldOtherwise() throws {
        let index = try TemporaryIndex(analyzer: .plain, batches: [Self.documents])
        var suggester = SpellingSuggester(reader: index.reader)
        // Only terms starting like the word are candidates, so a typo in the first letter is not corrected.
        #expect(try suggester.suggestion(for: "muclear") == nil)
        #expect(try suggester.suggestion(for: "nuclaer") == "nuclear")
        suggester.prefixLength = 0
        #expect(try suggester.suggestion(for: "muclear") == "nuclear")
    }

    @Test func longQueriesGetNoSuggestion() throws {
        let index = try TemporaryIndex(analyzer: .plain, batches: [Self.documents])
        var suggester = SpellingSuggester(reader: index.reader)
        suggester.maximumWords = 2
        #expect(try suggester.suggestion(for: "nucler weapns tokio") == nil)
        // Words too short to correct do not count.
        #expect(try suggester.suggestion(for: "nucler weapns in") == "nuclear weapons in")
    }

    @Test func stemsAreShownAsTheDocumentsWriteThem() throws {
        let index = try TemporaryIndex(analyzer: .standard, batches: [Self.documents])
        let suggester = SpellingSuggester(reader: index.reader)
        // "temples" is indexed as the stem "templ"; the suggestion is a word a reader knows.
        #expect(try suggester.suggestion(for: "kyoto tempels") == "kyoto temples")
    }

    @Test func fewerEditsWinThenMoreDocuments() throws {
        let documents = [
            StoredDocument(id: "1", title: "", body: "shogun"),
            StoredDocument(id: "2", title: "", body: "shogun"),
            StoredDocument(id: "3", title: "", body: "shoigu"),
            StoredDocument(id: "4", title: "", body: "shotgun shotgun"),
            StoredDocument(id: "5", title: "", body: "shotgun"),
            StoredDocument(id: "6", title: "", body: "shotgun"),
        ]
        let index = try TemporaryIndex(analyzer: .plain, batches: [documents])
        let suggester = SpellingSuggester(reader: index.reader)
        #expect(try suggester.suggestion(for: "shogu") == "shogun")
        #expect(try suggester.suggestion(for: "shotgu") == "shotgun")
        // Two edits for words over five bytes, one for shorter ones.
        #expect(try suggester.suggestion(for: "shgunn") == "shogun")
        #expect(try suggester.suggestion(for: "shgn") == nil)
    }

    @Test func editDistanceMatchesAPlainDynamicProgram() {
        var generator = SeededGenerator(seed: 9)
        for _ in 0..<3000 {
            let a = (0..<Int(generator.next() % 8)).map { _ in UInt8(ascii: "a") + UInt8(generator.next() % 3) }
            let b = (0..<Int(generator.next() % 8)).map { _ in UInt8(ascii: "a") + UInt8(generator.next() % 3) }
            let expected = Self.optimalStringAlignment(a, b)
            var distance = EditDistance(a, maximum: 2)
            let found = b.withUnsafeBufferPointer { distance.measure($0) }
            #expect(found == (expected <= 2 ? expected : nil), "\(a) \(b)")
        }
    }

    /// One measurer over many words in sorted order (so that it reuses the rows of shared beginnings, and
    /// rejects words behind a hopeless beginning unmeasured) agrees with a fresh table for every word.
    @Test func editDistanceReusesRowsOfSharedBeginnings() {
        var generator = SeededGenerator(seed: 17)
        for _ in 0..<200 {
            let a = (0..<Int(generator.next() % 9)).map { _ in UInt8(ascii: "a") + UInt8(generator.next() % 3) }
            var words = (0..<60).map { _ in
                (0..<Int(generator.next() % 10)).map { _ in UInt8(ascii: "a") + UInt8(generator.next() % 3) }
            }
            words.sort { $0.lexicographicallyPrecedes($1) }
            let maximum = Int(generator.next() % 3)
            var distance = EditDistance(a, maximum: maximum)
            for b in words {
                let expected = Self.optimalStringAlignment(a, b)
                let found = b.withUnsafeBufferPointer { distance.measure($0) }
                #expect(found == (expected <= maximum ? expected : nil), "\(a) \(b)")
            }
        }
    }

    /// The full table, no cut-off.
    static func optimalStringAlignment(_ a: [UInt8], _ b: [UInt8]) -> Int {
        var d = Array(repeating: Array(repeating: 0, count: b.count + 1), count: a.count + 1)
        for i in 0...a.count { d[i][0] = i }
        for j in 0...b.count { d[0][j] = j }
        for i in stride(from: 1, through: a.count, by: 1) {
            for j in stride(from: 1, through: b.count, by: 1) {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                d[i][j] = min(d[i - 1][j] + 1, d[i][j - 1] + 1, d[i - 1][j - 1] + cost)
                if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                    d[i][j] = min(d[i][j], d[i - 2][j - 2] + 1)
                }
            }
        }
        return d[a.count][b.count]
    }
}
