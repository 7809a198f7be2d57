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
}
