import Foundation
import Search
import Testing

struct ArticleIndexerTests {
    /// Words of a small made-up language.
    static let vocabulary: [String] = (0..<400).map { (number: Int) -> String in
        var word = ""
        for offset in 0..<(3 + number % 6) {
            word.unicodeScalars.append(UnicodeScalar(UInt8(97 + (number * 7 + offset * 13) % 26)))
        }
        return number % 10 == 0 ? word : word + String(number)
    }

    /// A JSONL file of `count` documents of `words` words each.
    static func corpus(_ count: Int, words: Int, in folder: TemporaryFolder) throws -> String {
        // A linear congruential generator (Knuth's MMIX constants): the same text on every run.
        var state: UInt64 = 42
        func next() -> UInt64 {
            state = state &* 6_364_136_223_846_793_005 &+ 1_442_695_040_888_963_407
            return state >> 33
        }
        var lines: [String] = []
        for number in 0..<count {
            let title = (0..<4).map { _ in vocabulary[Int(next() % 400)] }.joined(separator: " ")
            let body = (0..<words).map { _ in
                // Skewed towards the first words, as in real text.
                let rank = Int(next() % 400) * Int(next() % 400) / 400
                return vocabulary[rank]
            }.joined(separator: " ")
            lines.append("{\"id\": \"doc-\(number)\", \"title\": \"\(title)\", \"body\": \"\(body)\"}")
        }
        return try folder.write("corpus.jsonl", lines.joined(separator: "\n")).path
    }

    @Test func commitsEveryNDocuments() throws {
        let folder = try TemporaryFolder()
        let corpus = try Self.corpus(25, words: 20, in: folder)
        let directory = folder.url.appendingPathComponent("index").path
        var options = IndexingOptions()
        options.jobs = 1
        options.commitEvery = 10
        let summary = try ArticleIndexer(directory: directory).index([corpus], options: options)
        #expect(summary.indexed == 25)
        #expect(summary.committed == 25)
        #expect(summary.commits == 3)
        let reader = try IndexReader(directory: directory)
        #expect(reader.documentCount == 25)
        #expect(reader.segments.map(\.documentCount) == [10, 10, 5])
    }

    /// A run whose commits leave merges due says so before the last ones; a run that leaves none does not.
    @Test func progressReportsTheLastMerges() throws {
        let folder = try TemporaryFolder()
        // Committing after each of 8 documents starts a merge of the 8 segments in the background at the last
        // of those commits, which only the run's last merges can end.
        let corpus = try Self.corpus(8, words: 20, in: folder)
        for (every, merges) in [(1, true), (5, false)] {
            let directory = folder.url.appendingPathComponent("index-\(every)").path
            var options = IndexingOptions()
            options.jobs = 1
            options.commitEvery = every
            var reports: [IndexingProgress] = []
            let summary = try ArticleIndexer(directory: directory).index([corpus], options: options) {
                reports.append($0)
            }
            #expect((summary.merges > 0) == merges, "commit every \(every)")
            #expect(reports.filter(\.merging).count == (merges ? 1 : 0), "commit every \(every)")
            #expect(reports.last?.merging == false, "the final report comes after the merges")
            #expect(try IndexReader(directory: directory).documentCount == 8)
        }
    }

    @Test func indexingAgainSkipsUnchangedAndReplacesChangedDocuments() throws {
        let folder = try TemporaryFolder()
        let corpus = try Self.corpus(25, words: 20, in: folder)
        // One run of `search index`: the writer (and its lock) goes when the run returns.
        func run() throws -> IndexingSummary {
            var options = IndexingOptions()
            options.jobs = 1
            let directory = folder.url.appendingPathComponent("index").path
            return try ArticleIndexer(directory: directory).index([corpus], options: options)
        }
        let directory = folder.url.appendingPathComponent("index").path
        _ = try run()
        let again = try run()
        #expect((again.indexed, again.updated, again.unchanged, again.committed) == (0, 0, 25, 0))
        #expect(try IndexReader(directory: directory).segments.map(\.documentCount) == [25])

        // One line changed, one added, one repeated with a change: the last version of a batch wins.
        var lines = try String(contentsOfFile: corpus, encoding: .utf8).split(separator: "\n").map(String.init)
        lines[3] = #"{"id": "doc-3", "title": "Changed", "body": "a new text"}"#
        lines.append(#"{"id": "doc-99", "body": "first version"}"#)
        lines.append(#"{"id": "doc-99", "body": "second version"}"#)
        try folder.write("corpus.jsonl", lines.joined(separator: "\n"))
        let changed = try run()
        #expect((changed.indexed, changed.updated, changed.unchanged) == (1, 2, 24))
        let snapshot = try IndexSnapshot(directory: directory)
        #expect(snapshot.documentCount == 26)
        #expect(try snapshot.document(id: "doc-3")?.body == "a new text")
        #expect(try snapshot.document(id: "doc-99")?.body == "second version")
        #expect(try snapshot.searcher.search("changed").hits.map(\.id) == ["doc-3"])
        #expect(try snapshot.searcher.search("version").total == 1)
    }

    @Test func raisedInterruptStopsReadingAndCommitsWhatWasRead() throws {
        let folder = try TemporaryFolder()
        let corpus = try Self.corpus(100, words: 10, in: folder)
        let directory = folder.url.appendingPathComponent("index").path
        let interrupt = InterruptFlag()
        var options = IndexingOptions()
        options.jobs = 1
        options.commitEvery = nil
        options.interrupt = interrupt
        // One batch (32 documents for one job) goes through, then the flag goes up, as from Ctrl-C.
        let summary = try ArticleIndexer(directory: directory).index([corpus], options: options) { progress in
            if progress.documents > 0 { interrupt.raise(signal: SIGINT) }
        }
        #expect(summary.interruptedBy == SIGINT)
        #expect(summary.indexed == 32)
        #expect(summary.committed == 32)
        #expect(try IndexReader(directory: directory).documentCount == 32)
    }

    /// Indexes a corpus of 3,000 documents into `one` on one thread with the default options, and into `other`
    /// with `change` made to them; returns the summary of the second run.
    static func indexTwoWays(
        in folder: TemporaryFolder, _ change: (inout IndexingOptions) -> Void
    ) throws -> (one: String, other: String, summary: IndexingSummary) {
        let corpus = try Self.corpus(3000, words: 150, in: folder)
        let one = folder.url.appendingPathComponent("one").path
        let other = folder.url.appendingPathComponent("other").path
        var options = IndexingOptions()
        options.jobs = 1
        _ = try ArticleIndexer(directory: one).index([corpus], options: options)
        change(&options)
        let indexer = try ArticleIndexer(directory: other)
        let summary = try indexer.index([corpus], options: options)
        #expect(indexer.writer.memoryBudget == options.memoryBudget)
        return (one, other, summary)
    }

    /// Queries of every kind over `vocabulary`: term, union, exclusion, phrase, field.
    static var mixedQueries: [String] {
        let words = vocabulary
        return [words[3], "\(words[1]) \(words[50])", "+\(words[2]) -\(words[7])", "\"\(words[0]) \(words[1])\"",
            "title:\(words[5]) \(words[9])"]
    }

    @Test func manySmallSegmentsRankLikeOne() throws {
        let folder = try TemporaryFolder()
        let (whole, split, _) = try Self.indexTwoWays(in: folder) { $0.memoryBudget = 1 << 20 }
        #expect(try IndexReader(directory: whole).segments.count == 1)
        let segments = try IndexReader(directory: split).segments.count
        #expect(segments >= 4, "only \(segments) segments: the budget did not force flushes")
        let wholeSearcher = try ArticleSearcher(directory: whole)
        let splitSearcher = try ArticleSearcher(directory: split)
        for query in Self.mixedQueries {
            let expected = try wholeSearcher.search(query, limit: 50)
            let actual = try splitSearcher.search(query, limit: 50)
            #expect(actual.total == expected.total, "\(query)")
            #expect(actual.hits.map(\.id) == expected.hits.map(\.id), "\(query)")
            #expect(actual.hits.map(\.score) == expected.hits.map(\.score), "\(query)")
        }
    }

    /// Several threads fill several in-memory segments at once (flushed often, with a small budget, each time as
    /// one segment); the index holds the same documents and answers with the same scores as one built on one
    /// thread.
    @Test func threadsRankLikeOne() throws {
        let folder = try TemporaryFolder()
        let (one, three, summary) = try Self.indexTwoWays(in: folder) {
            $0.jobs = 3
            $0.memoryBudget = 3 << 20
            $0.merge = false
        }
        #expect(summary.indexed == 3000)
        let segments = try IndexReader(directory: three).segments.count
        #expect(segments >= 2, "only \(segments) segment: the budget did not force flushes")
        // Without the proximity stage, which reranks only the best `Searcher.proximityDepth` hits: where equal
        // BM25 scores straddle that depth, documents numbered in another order make other candidates.
        let bm25 = BM25Parameters(proximityWeight: 0)
        let oneSearcher = try ArticleSearcher(directory: one, parameters: bm25)
        let threeSearcher = try ArticleSearcher(directory: three, parameters: bm25)
        for query in Self.mixedQueries {
            let expected = try oneSearcher.search(query, limit: 3000)
            let actual = try threeSearcher.search(query, limit: 3000)
            #expect(actual.total == expected.total, "\(query)")
            // Equal scores may come in another order: documents are numbered differently.
            let expectedScores = Dictionary(uniqueKeysWithValues: expected.hits.map { ($0.id, $0.score) })
            let actualScores = Dictionary(uniqueKeysWithValues: actual.hits.map { ($0.id, $0.score) })
            let differing = expectedScores.filter { actualScores[$0.key] != $0.value }.prefix(3).map {
                "\($0.key): \($0.value) vs \(actualScores[$0.key].map { "\($0)" } ?? "missing")"
            }
            #expect(differing.isEmpty, "\(query): \(differing)")
        }
    }

    /// Batches are prepared on several threads into shared result slots; every result must arrive, in order.
    /// (Slots kept in an array that workers wrote through concurrently lost results and corrupted the heap.)
    @Test func concurrentPreparationKeepsEveryDocument() throws {
        let folder = try TemporaryFolder()
        let lines = (0..<20_000).map { #"{"id": "d\#($0)", "body": "harbour storm token\#($0)"}"# }
        _ = try folder.write("documents.jsonl", lines.joined(separator: "\n") + "\n")
        for round in 0..<3 {
            let directory = folder.url.appendingPathComponent("index\(round)").path
            var options = IndexingOptions()
            options.jobs = 4
            (options.commitEvery, options.commitInterval) = (nil, nil)   // one flush
            let summary = try ArticleIndexer(directory: directory)
                .index([folder.url.appendingPathComponent("documents.jsonl").path], options: options)
            #expect(summary.failures.isEmpty, "\(summary.failures.prefix(3))")
            #expect(summary.indexed == 20_000)
            let reader = try IndexReader(directory: directory)
            #expect(reader.segments.count == 1, "the threads' documents are flushed as one segment")
            var ids = Set<String>()
            for segment in reader.segments {
                for doc in 0..<UInt32(segment.documentCount) { ids.insert(try segment.document(doc).id) }
            }
            #expect(ids == Set((0..<20_000).map { "d\($0)" }))
        }
    }
}
