import Foundation
import SearchAnalysis
import Testing

@testable import SearchIndex

/// Random documents → index (several commits, so several segments) → every term's postings, frequencies and
/// positions, the norms, statistics and stored documents equal a brute-force model built here.
@Suite struct IndexPropertyTests {
    /// What one segment should contain, computed without the index.
    struct SegmentModel {
        var documents: [StoredDocument] = []
        /// Per field: term → per document (ascending) its positions.
        var postings: [[[UInt8]: [(doc: UInt32, positions: [UInt32])]]] = Array(repeating: [:], count: 3)
        /// Per field: each document's token count.
        var lengths: [[UInt32]] = Array(repeating: [], count: 3)

        mutating func add(_ document: StoredDocument, analyzer: inout Analyzer) {
            let doc = UInt32(documents.count)
            documents.append(document)
            let texts = [document.title, document.title + "\n" + document.body, document.url]
            for (field, text) in texts.enumerated() {
                var tokens: [([UInt8], UInt32)] = []
                var copy = text
                _ = copy.withUTF8 { bytes in
                    analyzer.analyze(bytes) { term, position, _, _ in tokens.append((Array(term), position)) }
                }
                lengths[field].append(UInt32(tokens.count))
                for (term, position) in tokens {
                    var list = postings[field][term, default: []]
                    if list.last?.doc == doc {
                        list[list.count - 1].positions.append(position)
                    } else {
                        list.append((doc, [position]))
                    }
                    postings[field][term] = list
                }
            }
        }
    }

    static let vocabulary = [
        "the", "The", "of", "and", "search", "Search", "engine", "índex", "index", "café", "CAFÉ", "naïve", "über",
        "日本語", "東京", "x", "y2k", "2024", "αβγ", "data", "postings", "block", "skip", "Lucene", "tantivy",
        "word", "words", "a-b", "c_d", "e.f", String(repeating: "long", count: 20), "rare1", "rare2", "rare3",
    ]

    static func randomText(words: ClosedRange<Int>, using generator: inout SeededGenerator) -> String {
        let count = Int.random(in: words, using: &generator)
        var text = ""
        for i in 0..<count {
            // Skewed choice: low indexes (common words) much more often, so some terms pass 128 documents.
            let r = Double.random(in: 0..<1, using: &generator)
            let index = Int(r * r * r * Double(vocabulary.count))
            text +=
                (i == 0 ? "" : [" ", "  ", ", ", "\n", " — "].randomElement(using: &generator)!) + vocabulary[index]
        }
        return text
    }

    static func randomDocument(_ i: Int, using generator: inout SeededGenerator) -> StoredDocument {
        let hasTitle = Int.random(in: 0..<10, using: &generator) > 0
        let hasURL = Int.random(in: 0..<4, using: &generator) > 0
        return StoredDocument(
            id: "doc-\(i)",
            url: hasURL
                ? "https://example.com/"
                    + randomText(words: 1...4, using: &generator)
                    .replacingOccurrences(of: " ", with: "/") : "",
            title: hasTitle ? randomText(words: 1...8, using: &generator) : "",
            author: i % 3 == 0 ? "Zoë Ünal" : "",
            published: i % 2 == 0 ? "2024-03-\(i % 28 + 1)" : "",
            // One document in twenty is long enough to be inverted in several batches of tokens.
            body: randomText(
                words: 0...Int.random(in: 0...(i % 20 == 7 ? 3_000 : 400), using: &generator), using: &generator))
    }

    @Test(arguments: [AnalyzerKind.plain, .standard])
    func indexMatchesBruteForceModel(kind: AnalyzerKind) throws {
        let directory = TemporaryDirectory()
        defer { directory.remove() }
        var generator = SeededGenerator(seed: kind == .plain ? 1 : 2)
        var analyzer = Analyzer(kind)
        var models: [SegmentModel] = []
        let writer = try IndexWriter(directory: directory.path, analyzer: kind)
        var next = 0
        for segmentSize in [300, 1, 0, 650] {
            var model = SegmentModel()
            for _ in 0..<segmentSize {
                let document = Self.randomDocument(next, using: &generator)
                next += 1
                model.add(document, analyzer: &analyzer)
                try writer.add(document)
            }
            try writer.commit()
            if segmentSize > 0 { models.append(model) }
        }
        let reader = try IndexReader(directory: directory.path)
        #expect(reader.segments.count == models.count)
        #expect(reader.documentCount == next)
        #expect(reader.analyzer == kind)
        for (segment, model) in zip(reader.segments, models) {
            try Self.check(segment, against: model)
        }
    }

    static func check(_ segment: SegmentReader, against model: SegmentModel) throws {
        #expect(segment.documentCount == model.documents.count)
        for (doc, document) in model.documents.enumerated() {
            #expect(try segment.document(UInt32(doc)) == document)
        }
        var positions: [UInt32] = []
        for field in IndexedField.allCases {
            let lengths = model.lengths[field.index]
            #expect(Array(segment.norms(field)) == lengths.map(FieldNorm.encode))
            let statistics = segment.statistics(field)
            #expect(statistics.documentCount == lengths.filter { $0 > 0 }.count)
            #expect(statistics.totalTermCount == lengths.reduce(0) { $0 + UInt64($1) })

            let expectedTerms = model.postings[field.index].keys.sorted { $0.lexicographicallyPrecedes($1) }
            var terms: [[UInt8]] = []
            try segment.forEachTerm(field) { term, _ in terms.append(Array(term)) }
            #expect(terms == expectedTerms, "\(field) term set")

            var mismatches: [String] = []
            for term in expectedTerms {
                let expected = model.postings[field.index][term]!
                guard let info = segment.termInfo(field, term) else {
                    mismatches.append("\(field) \(term): missing")
                    continue
                }
                let totalFrequency = expected.reduce(0) { $0 + UInt64($1.positions.count) }
                if info.documentFrequency != UInt32(expected.count) || info.totalTermFrequency != totalFrequency {
                    mismatches.append("\(field) \(term): statistics")
                }
                var cursor = segment.postings(info)
                var actual: [(doc: UInt32, positions: [UInt32])] = []
                while cursor.doc != PostingsCursor.exhausted && actual.count <= expected.count {
                    cursor.positions(into: &positions)
                    if cursor.frequency != UInt32(positions.count) { mismatches.append("\(field) \(term): frequency") }
                    actual.append((cursor.doc, positions))
                    cursor.next()
                }
                if actual.map(\.doc) != expected.map(\.doc) || actual.map(\.positions) != expected.map(\.positions) {
                    mismatches.append("\(field) \(String(decoding: term, as: UTF8.self)): postings")
                }
            }
            #expect(mismatches.isEmpty, "\(mismatches.prefix(10))")
            for absent in ["zzzz", "rare", "inde", "indexx", ""] {
                #expect(segment.termInfo(field, Array(absent.utf8)) == nil)
            }
        }
    }
}
