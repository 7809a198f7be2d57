import Foundation
import SearchIndex
import Testing

@testable import SearchQuery

@Suite("BM25")
struct BM25Tests {
    @Test func idfMatchesHandComputedValues() {
        // ln(1 + (N - df + 0.5) / (df + 0.5))
        #expect(abs(BM25.idf(documentFrequency: 1, documentCount: 10) - Float(log(1 + 9.5 / 1.5))) < 1e-6)
        #expect(abs(BM25.idf(documentFrequency: 10, documentCount: 10) - Float(log(1 + 0.5 / 10.5))) < 1e-6)
        #expect(abs(BM25.idf(documentFrequency: 3, documentCount: 1_000) - 5.6559918) < 1e-5)
        // Never negative, even for a term in every document (the "+1" of Lucene's idf).
        #expect(BM25.idf(documentFrequency: 5, documentCount: 5) > 0)
    }

    @Test func lengthFactorMatchesHandComputedValues() {
        let parameters = BM25Parameters()
        // k1 · (1 - b + b · len / avg) = 1.2 · (0.25 + 0.75 · 10 / 5) = 2.1
        #expect(abs(BM25.lengthFactor(length: 10, averageLength: 5, parameters: parameters) - 2.1) < 1e-6)
        #expect(abs(BM25.lengthFactor(length: 5, averageLength: 5, parameters: parameters) - 1.2) < 1e-6)
        // b = 0 disables length normalisation.
        let flat = BM25Parameters(k1: 2, b: 0)
        #expect(BM25.lengthFactor(length: 1_000, averageLength: 5, parameters: flat) == 2)
        #expect(abs(BM25.frequencyFactor(frequency: 2, lengthFactor: 2.1) - 2 / 4.1) < 1e-6)
    }

    @Test func tableCoversEveryNormCode() {
        let table = LengthFactorTable(averageLength: 7, parameters: BM25Parameters())
        for code in 0..<256 {
            let length = FieldNorm.decode(UInt8(code))
            let expected = 1.2 * (0.25 + 0.75 * Double(length) / 7)
            #expect(abs(Double(table.factors[code]) - expected) <= expected * 1e-6)
        }
    }

    /// Three documents whose scores are worked out by hand (plain analysis, body = title + "\n" + body):
    ///   d0 "apple banana apple" (3 tokens), d1 "banana cherry" (2), d2 "cherry date elderberry fig" (4);
    ///   N = 3, average body length = 9 / 3 = 3.
    @Test func searcherScoresMatchHandComputation() throws {
        let index = try TemporaryIndex(bodies: [
            "apple banana apple", "banana cherry", "cherry date elderberry fig",
        ])
        let searcher = Searcher(reader: index.reader)
        func bm25(tf: Double, df: Double, length: Double) -> Double {
            let idf = log(1 + (3 - df + 0.5) / (df + 0.5))
            return idf * tf / (tf + 1.2 * (0.25 + 0.75 * length / 3))
        }
        // apple: df 1; in d0 tf 2, length 3.
        let apple = searcher.search(try QueryParser.parse("apple"), limit: 10)
        #expect(apple.total == 1)
        #expect(apple.hits.count == 1)
        #expect(abs(Double(apple.hits[0].score) - bm25(tf: 2, df: 1, length: 3)) < 1e-6)
        #expect(abs(Double(apple.hits[0].score) - 0.6130181) < 1e-6)

        // banana: df 2; d1 (shorter) beats d0.
        let banana = searcher.search(try QueryParser.parse("banana"), limit: 10)
        #expect(banana.hits.map(\.doc) == [1, 0])
        #expect(abs(Double(banana.hits[0].score) - bm25(tf: 1, df: 2, length: 2)) < 1e-6)
        #expect(abs(Double(banana.hits[1].score) - bm25(tf: 1, df: 2, length: 3)) < 1e-6)

        // A union sums the terms; a repeated query word counts twice.
        let union = searcher.search(try QueryParser.parse("banana cherry"), limit: 10)
        #expect(union.total == 3)
        let d1 = union.hits.first { $0.doc == 1 }!
        #expect(abs(Double(d1.score) - bm25(tf: 1, df: 2, length: 2) * 2) < 1e-6)
        let twice = searcher.search(try QueryParser.parse("apple apple"), limit: 1)
        #expect(abs(Double(twice.hits[0].score) - 2 * bm25(tf: 2, df: 1, length: 3)) < 1e-6)

        // A phrase scores with its frequency as tf and the sum of its terms' idfs.
        let phrase = searcher.search(try QueryParser.parse("\"banana apple\""), limit: 10)
        #expect(phrase.hits.map(\.doc) == [0])
        let idfSum = log(1 + 2.5 / 1.5) + log(1 + 1.5 / 2.5)
        #expect(abs(Double(phrase.hits[0].score) - idfSum * 1 / (1 + 1.2)) < 1e-6)
    }

    @Test func parametersChangeScores() throws {
        let index = try TemporaryIndex(bodies: ["apple", "apple pie with cream"])
        let flat = Searcher(reader: index.reader, parameters: BM25Parameters(k1: 1.2, b: 0))
        let hits = flat.search(try QueryParser.parse("apple"), limit: 10).hits
        // Without length normalisation both documents score the same; ties go to the lower document.
        #expect(hits.map(\.doc) == [0, 1])
        #expect(hits[0].score == hits[1].score)
        let normal = Searcher(reader: index.reader).search(try QueryParser.parse("apple"), limit: 10).hits
        #expect(normal[0].score > normal[1].score)
    }

    @Test func fieldFactorMatchesHandComputedValues() {
        // weight / (1 - b + b · len / avg)
        #expect(abs(BM25F.fieldFactor(length: 3, averageLength: 3, b: 0.75, weight: 1) - 1) < 1e-6)
        #expect(abs(BM25F.fieldFactor(length: 4, averageLength: 3, b: 0.75, weight: 1) - 0.8) < 1e-6)
        #expect(abs(BM25F.fieldFactor(length: 1, averageLength: 2.0 / 3, b: 0.5, weight: 2) - 1.6) < 1e-6)
        #expect(BM25F.fieldFactor(length: 100, averageLength: 3, b: 0, weight: 2) == 2)
        #expect(abs(BM25F.saturation(pseudoFrequency: 3.6, k1: 1.2) - 0.75) < 1e-6)
    }

    /// BM25F worked out by hand (standard analysis; the body field holds title + "\n" + body):
    ///   d0 title "apple" (1 token), body field "apple banana apple" (3);
    ///   d1 title "cherry" (1), body field "cherry apple cherry cherry" (4);
    ///   d2 no title (0), body field "date fig" (2).
    ///   N = 3, average title length 2/3, average body length 3; k1 1.2, body b 0.75, title weight 2, title b 0.5,
    ///   no proximity.
    @Test func bm25fScoresMatchHandComputation() throws {
        let index = try TemporaryIndex(analyzer: .standard, batches: [[
            StoredDocument(id: "d0", title: "apple", body: "banana apple"),
            StoredDocument(id: "d1", title: "cherry", body: "apple cherry cherry"),
            StoredDocument(id: "d2", body: "date fig"),
        ]])
        let parameters = BM25Parameters(standardK1: 1.2, bodyB: 0.75, titleB: 0.5, titleWeight: 2, proximityWeight: 0)
        let searcher = Searcher(reader: index.reader, parameters: parameters)
        // apple: in the body of d0 and d1, so idf = ln(1 + 1.5 / 2.5) = ln 1.6.
        // d0: tf~ = 2 / (0.25 + 0.75 · 3/3) + 2 · 1 / (0.5 + 0.5 · 1 / (2/3)) = 2 + 1.6 = 3.6 → ln 1.6 · 3.6 / 4.8
        // d1: tf~ = 1 / (0.25 + 0.75 · 4/3) = 0.8, not in the title → ln 1.6 · 0.8 / 2.0
        let apple = searcher.search(try QueryParser.parse("apple"), limit: 10)
        #expect(apple.hits.map(\.doc) == [0, 1])
        #expect(abs(Double(apple.hits[0].score) - log(1.6) * 0.75) < 1e-6)
        #expect(abs(Double(apple.hits[1].score) - log(1.6) * 0.4) < 1e-6)
        // A word repeated in the query counts twice.
        let twice = searcher.search(try QueryParser.parse("apple APPLES"), limit: 10)
        #expect(abs(Double(twice.hits[0].score) - 2 * log(1.6) * 0.75) < 1e-6)
        // A field prefix asks for classic BM25 on that field, with the field's own b.
        // title:apple: idf = ln(1 + 2.5 / 1.5); d0: 1 / (1 + 1.2 · (0.5 + 0.5 · 1.5)) = 1 / 2.5.
        let title = searcher.search(try QueryParser.parse("title:apple"), limit: 10)
        #expect(title.hits.map(\.doc) == [0])
        #expect(abs(Double(title.hits[0].score) - log(1 + 2.5 / 1.5) / 2.5) < 1e-6)
        // body:apple: d0: ln 1.6 · 2 / (2 + 1.2 · 1).
        let body = searcher.search(try QueryParser.parse("body:apple"), limit: 10)
        #expect(abs(Double(body.hits[0].score) - log(1.6) * 2 / 3.2) < 1e-6)
        // A phrase is scored on the body with BM25: (idf banana + idf apple) · 1 / (1 + 1.2 · 1).
        let phrase = searcher.search(try QueryParser.parse("\"banana apple\""), limit: 10)
        #expect(phrase.hits.map(\.doc) == [0])
        #expect(abs(Double(phrase.hits[0].score) - (log(1 + 2.5 / 1.5) + log(1.6)) / 2.2) < 1e-6)

        // The explanation shows the same numbers: per field tf and factor, the pseudo-frequency, idf and k1.
        let explanation = try #require(searcher.explain(try QueryParser.parse("apple"), segment: 0, doc: 0))
        #expect(abs(Double(explanation.value) - log(1.6) * 0.75) < 1e-6)
        #expect(explanation.summary.hasPrefix("BM25F \"appl\""))
        let pseudo = try #require(explanation.details.first { $0.summary.hasPrefix("tf~") })
        #expect(abs(pseudo.value - 3.6) < 1e-5)
        #expect(pseudo.details.map(\.value).map { ($0 * 1e4).rounded() / 1e4 } == [2, 1.6])
        #expect(pseudo.details[1].details[0] == Explanation(value: 1, summary: "tf"))
        #expect(searcher.explain(try QueryParser.parse("apple"), segment: 0, doc: 2) == nil)
        let lines = explanation.lines()
        #expect(lines[0].hasPrefix("0.3525  BM25F"))
        #expect(lines.contains("    2  body: tf · weight / (1 - b + b · len / avgLen)"))
    }

    @Test func bm25fWithoutTitleWeightIsBM25OnTheBody() throws {
        let index = try TemporaryIndex(analyzer: .standard, batches: [[
            StoredDocument(id: "d0", title: "apple pie", body: "apple crumble with apple"),
            StoredDocument(id: "d1", title: "pears", body: "an apple a day"),
            StoredDocument(id: "d2", body: "nothing here at all"),
        ]])
        let fielded = Searcher(reader: index.reader, parameters: BM25Parameters(titleWeight: 0))
        let classic = Searcher(reader: index.reader)
        let flat = fielded.search(try QueryParser.parse("apple"), limit: 10).hits
        let body = classic.search(try QueryParser.parse("body:apple"), limit: 10).hits
        #expect(flat.map(\.doc) == body.map(\.doc))
        for (a, b) in zip(flat, body) { #expect(abs(a.score - b.score) <= 1e-6 * b.score) }
        // With the default title weight, the document with the word in its headline gains.
        let boosted = classic.search(try QueryParser.parse("apple"), limit: 10).hits
        #expect(boosted[0].doc == 0 && boosted[0].score > body[0].score)
    }

    @Test func plainIndexesKeepClassicBM25() throws {
        // The comparison harness matches plain indexes against tantivy: an unqualified word is BM25 on the body,
        // whatever the title weight.
        let index = try TemporaryIndex(batches: [[
            StoredDocument(id: "d0", title: "apple", body: "banana apple"),
            StoredDocument(id: "d1", title: "cherry", body: "apple cherry cherry"),
        ]])
        let searcher = Searcher(reader: index.reader, parameters: BM25Parameters(titleB: 0.1, titleWeight: 5))
        let word = searcher.search(try QueryParser.parse("apple"), limit: 10).hits
        let body = searcher.search(try QueryParser.parse("body:apple"), limit: 10).hits
        #expect(word == body)
    }
}
