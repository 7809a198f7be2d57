import Foundation
import SearchAnalysis
import SearchIndex
import Testing

@testable import SearchQuery

/// End to end ranking quality on the Cranfield collection (1,400 aeronautics abstracts, 225 queries with graded
/// judgments): index it with the default `standard` analyzer, run every query as free text with the default
/// parameters, and score the top 10 with trec_eval's nDCG@10. Guards against ranking regressions; the
/// measured value with the defaults is 0.3454.
@Suite("Cranfield relevance")
struct CranfieldRelevanceTests {
    /// `../shared/data/relevance/cranfield` relative to the package root (three levels above this file).
    static let directory = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/data/relevance/cranfield").standardizedFileURL

    /// The JSON objects of a JSONL file.
    static func objects(_ name: String) throws -> [[String: Any]] {
        let text = try String(contentsOf: directory.appendingPathComponent(name), encoding: .utf8)
        return try text.split(separator: "\n").map {
            try JSONSerialization.jsonObject(with: Data($0.utf8)) as! [String: Any]
        }
    }

    @Test func nDCGAt10StaysAboveTheReference() throws {
        guard FileManager.default.fileExists(atPath: Self.directory.appendingPathComponent("qrels.tsv").path) else {
            Issue.record("the Cranfield collection is missing: expected \(Self.directory.path)")
            return
        }
        let corpus = try Self.objects("corpus.jsonl")
        #expect(corpus.count == 1_400)
        let index = try TemporaryIndex(analyzer: .standard, batches: [corpus.map {
            StoredDocument(id: $0["id"] as! String, title: $0["title"] as? String ?? "", body: $0["text"] as! String)
        }])
        let searcher = Searcher(reader: index.reader)
        // Graded judgments: query → document → gain.
        var judgments: [String: [String: Int]] = [:]
        let qrels = try String(contentsOf: Self.directory.appendingPathComponent("qrels.tsv"), encoding: .utf8)
        for line in qrels.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: "\t")
            judgments[String(fields[0]), default: [:]][String(fields[1])] = Int(fields[2])!
        }
        var queries: [String: String] = [:]
        for query in try Self.objects("queries.jsonl") { queries[query["id"] as! String] = query["text"] as? String }

        var sum = 0.0
        var judged = 0
        for (id, gains) in judgments where gains.values.contains(where: { $0 > 0 }) {
            judged += 1
            guard let text = queries[id] else { continue }   // a judged query without text scores 0
            let top = searcher.search(Query.freeText(text, analyzer: .standard), limit: 10)
            let ranked = try top.hits.map { (id: try index.id($0), score: $0.score) }
                // trec_eval's order: score descending, ties by document id descending.
                .sorted { $0.score != $1.score ? $0.score > $1.score : $0.id > $1.id }
            var dcg = 0.0
            for (rank, hit) in ranked.enumerated() {
                dcg += Double(max(gains[hit.id] ?? 0, 0)) / log2(Double(rank) + 2)
            }
            let ideal = gains.values.filter { $0 > 0 }.sorted(by: >).prefix(10)
            var idcg = 0.0
            for (rank, gain) in ideal.enumerated() { idcg += Double(gain) / log2(Double(rank) + 2) }
            sum += dcg / idcg
        }
        #expect(judged == 225)
        let ndcg = sum / Double(judged)
        #expect(ndcg >= 0.33, "Cranfield nDCG@10 fell to \(ndcg)")
    }
}
