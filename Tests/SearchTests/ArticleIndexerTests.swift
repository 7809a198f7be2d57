import Foundation
import Search
import Testing

struct ArticleIndexerTests {
    /// Batches are prepared on several threads into shared result slots; every result must arrive, in order.
    /// (Slots kept in an array that workers wrote through concurrently lost results and corrupted the heap.)
    @Test func concurrentPreparationKeepsEveryDocument() throws {
        let folder = try TemporaryFolder()
        let lines = (0..<20_000).map { #"{"id": "d\#($0)", "body": "harbour storm token\#($0)"}"# }
        _ = try folder.write("documents.jsonl", lines.joined(separator: "\n") + "\n")
        for round in 0..<3 {
            let directory = folder.url.appendingPathComponent("index\(round)").path
            let summary = try ArticleIndexer(directory: directory)
                .index([folder.url.appendingPathComponent("documents.jsonl").path], jobs: 4)
            #expect(summary.failures.isEmpty, "\(summary.failures.prefix(3))")
            #expect(summary.indexed == 20_000)
            let reader = try IndexReader(directory: directory)
            let segment = try #require(reader.segments.first)
            #expect(try segment.document(12_345).id == "d12345")
        }
    }
}
