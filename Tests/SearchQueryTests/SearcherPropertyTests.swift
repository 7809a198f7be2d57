import SearchAnalysis
import SearchIndex
import Testing

@testable import SearchQuery

/// The seeded generator of the property tests, so a failing seed can be replayed.
typealias SeededGenerator = SplitMix64

@Suite("Searcher against brute force")
struct SearcherPropertyTests {
    static let vocabulary = [
        "alpha", "bravo", "charlie", "delta", "echo", "foxtrot", "golf", "hotel", "india", "juliet",
        "kilo", "lima", "mike", "november", "oscar", "papa", "quebec", "romeo", "sierra", "tango",
        "uniform", "victor", "whiskey", "xray", "yankee", "zulu", "été", "straße", "東京", "42",
        // Stop words and inflected forms, for the standard analyzer's stop words and stemming.
        "the", "of", "running", "runs", "東京タワー",
    ]

    /// A vocabulary word, skewed towards the front so document frequencies spread from rare to common.
    static func word(_ rng: inout SeededGenerator) -> String {
        let x = Double.random(in: 0..<1, using: &rng)
        return vocabulary[min(vocabulary.count - 1, Int(x * x * Double(vocabulary.count)))]
    }

    static func text(_ rng: inout SeededGenerator, words: ClosedRange<Int>) -> String {
        let separators = [" ", " ", " ", ", ", ". ", "\n", " - ", "; "]
        var text = ""
        for i in 0..<Int.random(in: words, using: &rng) {
            if i > 0 { text += separators.randomElement(using: &rng)! }
            let w = word(&rng)
            text += Bool.random(using: &rng) && i == 0 ? w.capitalized : w
        }
        return text
    }

    static func document(_ rng: inout SeededGenerator, id: Int, bodyWords: ClosedRange<Int>) -> StoredDocument {
        let url = Int.random(in: 0..<4, using: &rng) == 0
            ? "" : "https://site\(Int.random(in: 0..<3, using: &rng)).example/\(word(&rng))/\(word(&rng))"
        return StoredDocument(
            id: "doc\(id)", url: url, title: text(&rng, words: 0...4), body: text(&rng, words: bodyWords))
    }

    /// A random query in the supported syntax (may be invalid, e.g. only exclusions; callers skip those).
    static func query(_ rng: inout SeededGenerator, depth: Int = 0) -> String {
        func field() -> String {
            switch Int.random(in: 0..<10, using: &rng) {
            case 0: return "title:"
            case 1: return "url:"
            case 2: return "body:"
            default: return ""
            }
        }
        func leaf() -> String {
            switch Int.random(in: 0..<12, using: &rng) {
            case 0: return "absentword"
            case 1: return field() + "\"\(word(&rng)) \(word(&rng))\""
            case 2: return "\"\(word(&rng)) \(word(&rng)) \(word(&rng))\""
            case 3:
                let w = word(&rng)
                return "\"\(w) \(w)\""
            case 4: return "\(word(&rng))-\(word(&rng))"  // one word, two terms: a phrase
            case 5: return word(&rng).uppercased()
            default: return field() + word(&rng)
            }
        }
        let clauses = depth >= 2 ? 1 : Int.random(in: 1...4, using: &rng)
        var parts: [String] = []
        for i in 0..<clauses {
            if i > 0 {
                switch Int.random(in: 0..<8, using: &rng) {
                case 0: parts.append("AND")
                case 1: parts.append("OR")
                default: break
                }
            }
            let modifier = ["", "", "", "+", "+", "-"].randomElement(using: &rng)!
            let clause = depth < 2 && Int.random(in: 0..<6, using: &rng) == 0
                ? field() + "(" + query(&rng, depth: depth + 1) + ")" : leaf()
            parts.append(modifier + clause)
        }
        return parts.joined(separator: " ")
    }

    @Test("top-k, totals and counts equal a brute-force evaluation", arguments: [1, 2, 3, 4, 5, 6])
    func matchesBruteForce(seed: UInt64) throws {
        try check(seed: seed, batches: 2...5, documents: 1...40, bodyWords: 0...60, queries: 150)
    }

    /// Segments of thousands of documents: several 4,096-document union windows and many 128-document
    /// postings blocks, so skipping (`advance(to:)` across blocks) is exercised too.
    @Test("the same on large segments", arguments: [7])
    func matchesBruteForceOnLargeSegments(seed: UInt64) throws {
        try check(seed: seed, batches: 2...2, documents: 4_200...4_800, bodyWords: 0...10, queries: 25)
    }

    /// A third of the documents deleted: they still count in BM25's statistics but are never returned or counted.
    @Test("the same with deleted documents", arguments: [45, 46, 47])
    func matchesBruteForceWithDeletions(seed: UInt64) throws {
        try check(seed: seed, batches: 2...5, documents: 1...40, bodyWords: 0...60, queries: 150, deleting: 3)
        try check(
            seed: seed, batches: 2...3, documents: 1...40, bodyWords: 0...60, queries: 100, analyzer: .standard,
            deleting: 3)
    }

    @Test("the same with deletions on large segments", arguments: [43])
    func matchesBruteForceWithDeletionsOnLargeSegments(seed: UInt64) throws {
        try check(seed: seed, batches: 2...2, documents: 4_200...4_800, bodyWords: 0...10, queries: 25, deleting: 3)
    }

    /// `standard` indexes: stemming, stop words left out of queries, BM25F over title and body. Seeds 41, 44, 48
    /// and 49 draw queries whose proximity words repeat (`india +india`) or surface when an absent word drops out
    /// (`(absentword OR whiskey)`).
    @Test("the same on standard indexes with BM25F", arguments: [11, 12, 13, 41, 44, 48, 49])
    func matchesBruteForceOnStandardIndexes(seed: UInt64) throws {
        try check(
            seed: seed, batches: 2...5, documents: 1...40, bodyWords: 0...60, queries: 150, analyzer: .standard)
    }

    @Test("the same with other BM25F parameters", arguments: [21])
    func matchesBruteForceWithOtherParameters(seed: UInt64) throws {
        try check(
            seed: seed, batches: 2...3, documents: 1...40, bodyWords: 0...60, queries: 100, analyzer: .standard,
            parameters: BM25Parameters(
                standardK1: 1.3, bodyB: 0.6, titleB: 0.3, titleWeight: 2.5, proximityWeight: 0.5))
        try check(
            seed: seed, batches: 2...3, documents: 1...40, bodyWords: 0...60, queries: 50, analyzer: .standard,
            parameters: BM25Parameters(titleWeight: 0, proximityWeight: 0))
    }

    @Test("the same on large standard segments", arguments: [17])
    func matchesBruteForceOnLargeStandardSegments(seed: UInt64) throws {
        try check(
            seed: seed, batches: 2...2, documents: 4_200...4_800, bodyWords: 0...10, queries: 25, analyzer: .standard)
    }

    /// The query shapes with block-max evaluators (one term, OR and AND of terms, phrases) on segments of
    /// many 128-document blocks, where pruning against the top-k threshold skips documents and whole blocks.
    @Test("block-max top-k equals brute force on large segments", arguments: [31, 32])
    func blockMaxShapesMatchBruteForce(seed: UInt64) throws {
        var rng = SeededGenerator(seed: seed)
        var id = 0
        let batches = (0..<2).map { _ in
            (0..<Int.random(in: 4_000...5_000, using: &rng)).map { _ in
                id += 1
                return Self.document(&rng, id: id, bodyWords: 0...24)
            }
        }
        let index = try TemporaryIndex(analyzer: .plain, batches: batches)
        let searcher = Searcher(reader: index.reader)
        var brute = try BruteForceSearcher(reader: index.reader)
        for _ in 0..<40 {
            let words = (0..<Int.random(in: 1...4, using: &rng)).map { _ in Self.word(&rng) }
            let text: String
            switch Int.random(in: 0..<4, using: &rng) {
            case 0: text = words.joined(separator: " ")
            case 1: text = words.map { "+" + $0 }.joined(separator: " ")
            case 2: text = "\"" + words.joined(separator: " ") + "\""
            default: text = words[0]
            }
            let query = try QueryParser.parse(text)
            let expected = brute.search(query)
            for limit in [1, 10, 100] {
                let page = Array(expected.prefix(limit))
                #expect(searcher.topHits(query, limit: limit) == page, "seed \(seed): \(text) limit \(limit)")
            }
        }
    }

    func check(
        seed: UInt64, batches: ClosedRange<Int>, documents: ClosedRange<Int>, bodyWords: ClosedRange<Int>,
        queries: Int, analyzer: AnalyzerKind = .plain, parameters: BM25Parameters = BM25Parameters(),
        deleting: Int? = nil
    ) throws {
        var rng = SeededGenerator(seed: seed)
        var id = 0
        let batches = (0..<Int.random(in: batches, using: &rng)).map { _ in
            (0..<Int.random(in: documents, using: &rng)).map { _ in
                id += 1
                return Self.document(&rng, id: id, bodyWords: bodyWords)
            }
        }
        var deletions = SeededGenerator(seed: seed &* 31)
        let index = try TemporaryIndex(
            analyzer: analyzer, batches: batches,
            deleting: deleting.map { share in { _, _ in Int.random(in: 0..<share, using: &deletions) == 0 } })
        let searcher = Searcher(reader: index.reader, parameters: parameters)
        var brute = try BruteForceSearcher(reader: index.reader, parameters: parameters)
        var checked = 0
        var nonEmpty = 0
        while checked < queries {
            let text = Self.query(&rng)
            guard let query = try? QueryParser.parse(text) else { continue }
            checked += 1
            let expected = brute.search(query)
            if !expected.isEmpty { nonEmpty += 1 }
            #expect(searcher.count(query) == expected.count, "seed \(seed): \(text)")
            for (limit, offset) in [(10, 0), (3, 2), (1_000, 0), (0, 0)] {
                let top = searcher.search(query, limit: limit, offset: offset)
                let page = Array(expected.dropFirst(offset).prefix(limit))
                #expect(top.total == expected.count, "seed \(seed): \(text)")
                #expect(top.hits == page, "seed \(seed): \(text) limit \(limit) offset \(offset)")
                // The block-max paths (no total) must keep exactly the same hits, scores included.
                let pruned = searcher.topHits(query, limit: limit, offset: offset)
                #expect(pruned == page, "seed \(seed): topHits \(text) limit \(limit) offset \(offset)")
            }
        }
        // The generator must exercise real matches, not just empty results.
        #expect(nonEmpty > checked / (deleting == nil ? 3 : 4))
        // Explanations add up to the scores, and a document that does not match has none.
        rng = SeededGenerator(seed: seed &+ 1)
        var explained = 0
        while explained < 40 {
            guard let query = try? QueryParser.parse(Self.query(&rng)) else { continue }
            explained += 1
            let hits = searcher.search(query, limit: max(1, index.reader.documentCount)).hits
            for (rank, hit) in hits.prefix(5).enumerated() {
                let explanation = searcher.explain(
                    query, segment: hit.segment, doc: hit.doc, proximity: rank < Searcher.proximityDepth)
                #expect(explanation != nil)
                if let explanation {
                    #expect(abs(explanation.value - hit.score) <= 1e-5 * max(1, hit.score), "\(query)")
                }
            }
            let matched = Set(hits.map { [$0.segment, Int($0.doc)] })
            for (s, segment) in index.reader.segments.enumerated() {
                for d in 0..<min(segment.documentCount, 20) where !matched.contains([s, d]) {
                    #expect(searcher.explain(query, segment: s, doc: UInt32(d)) == nil, "\(query)")
                }
            }
        }
    }
}
