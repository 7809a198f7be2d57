import Foundation
import SearchIndex
import Testing

@testable import SearchQuery

/// Latency of the query shapes of the search-benchmark-game on a synthetic Zipf corpus. Off by default; run
/// `SEARCH_QUERY_PERF=1 swift test -c release --scratch-path .build-query --filter SearcherPerformance`
/// (SEARCH_QUERY_PERF_DOCS sets the corpus size, default 100,000 documents of ~150 tokens;
/// SEARCH_QUERY_PERF_PROFILE="+w1 +w2" runs only that query, 500 times, for a profiler).
@Suite("Searcher performance", .enabled(if: ProcessInfo.processInfo.environment["SEARCH_QUERY_PERF"] != nil))
struct SearcherPerformanceTests {
    @Test func queryLatency() throws {
        let environment = ProcessInfo.processInfo.environment
        let documentCount = Int(environment["SEARCH_QUERY_PERF_DOCS"] ?? "") ?? 100_000
        var rng = SeededGenerator(seed: 42)
        // Zipf(1) over 30,000 words via inverse transform on the harmonic CDF.
        let vocabularySize = 30_000
        var cumulative = [Double](repeating: 0, count: vocabularySize)
        var sum = 0.0
        for rank in 0..<vocabularySize {
            sum += 1 / Double(rank + 1)
            cumulative[rank] = sum
        }
        func word() -> Int {
            let x = Double.random(in: 0..<sum, using: &rng)
            var low = 0
            var high = vocabularySize - 1
            while low < high {
                let mid = (low + high) / 2
                if cumulative[mid] < x { low = mid + 1 } else { high = mid }
            }
            return low
        }
        let words = (0..<vocabularySize).map { "w\($0)" }
        let started = Date()
        let batch = 25_000
        let batches = stride(from: 0, to: documentCount, by: batch).map { start in
            (start..<min(documentCount, start + batch)).map { id in
                let body = (0..<Int.random(in: 50...250, using: &rng)).map { _ in words[word()] }
                return StoredDocument(id: "\(id)", title: words[word()], body: body.joined(separator: " "))
            }
        }
        let index = try TemporaryIndex(analyzer: .plain, batches: batches)
        print("indexed \(documentCount) documents in \(Date().timeIntervalSince(started)) s")
        let searcher = Searcher(reader: index.reader)

        if let text = environment["SEARCH_QUERY_PERF_PROFILE"] {
            let query = try QueryParser.parse(text)
            var total = 0
            for _ in 0..<500 { total &+= searcher.search(query, limit: 10).total }
            print("profiled \(text): \(total / 500) matches")
            return
        }
        let queries: [(String, String)] = [
            ("term common", "w1"), ("term mid", "w50"), ("term rare", "w3000"),
            ("intersection", "+w1 +w2"), ("intersection rare", "+w1 +w500"), ("intersection 3", "+w3 +w7 +w20"),
            ("union", "w1 w2"), ("union rare", "w100 w500"), ("union 3", "w3 w7 w20"),
            ("phrase", "\"w1 w2\""), ("phrase 3", "\"w1 w2 w3\""),
        ]
        for (name, text) in queries {
            let query = try QueryParser.parse(text)
            var hits = 0
            let top = measure { hits = searcher.search(query, limit: 10).total }
            let count = measure { _ = searcher.count(query) }
            let label = name.padding(toLength: 18, withPad: " ", startingAt: 0)
            let shown = text.padding(toLength: 14, withPad: " ", startingAt: 0)
            print("\(label) \(shown) matches \(hits)  top10 p50 \(top) µs  count p50 \(count) µs")
        }
    }

    /// Median wall time of `body` in µs over 15 runs after 3 warm-ups.
    func measure(_ body: () -> Void) -> Int {
        for _ in 0..<3 { body() }
        var samples: [Double] = []
        for _ in 0..<15 {
            let start = DispatchTime.now().uptimeNanoseconds
            body()
            samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1_000)
        }
        return Int(samples.sorted()[samples.count / 2])
    }
}
