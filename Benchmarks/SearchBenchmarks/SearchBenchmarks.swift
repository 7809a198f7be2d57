import Benchmark
import Foundation
import Search

// Micro benchmarks on the bundled corpus. Run from the package root:
//   SEARCH_BENCHMARKS=1 swift package --disable-sandbox benchmark
// Wall-clock figures on shared machines are noisy: compare runs with baselines, and gate on allocations.

/// The package root, found from this file's path.
let packageRoot = URL(fileURLWithPath: #filePath)
    .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

/// The bundled corpus, extracted once: the documents as the index stores them.
let corpusDocuments: [StoredDocument] = {
    let indexer = try! ArticleIndexer(directory: NSTemporaryDirectory() + "search-bench-scratch-\(getpid())")
    var documents: [StoredDocument] = []
    try! InputReader().read([packageRoot.appendingPathComponent("Corpus").path]) { item in
        if case .document(let source) = item, let document = try? indexer.prepare(source) {
            documents.append(document)
        }
    }
    return documents
}()

/// One mebibyte of corpus text (titles and bodies, repeated if needed), so that iterations per second read as MB/s.
let corpusMebibyte: [UInt8] = {
    var text: [UInt8] = []
    while text.count < 1 << 20 {
        for document in corpusDocuments {
            text += Array((document.title + "\n" + document.body + "\n").utf8)
        }
    }
    return Array(text.prefix(1 << 20))
}()

/// Pages for the extraction benchmark: the Article Extraction Benchmark's 181 news pages when the shared data is
/// next to the package, else the bundled corpus.
let extractionPages: [[UInt8]] = {
    let aeb = packageRoot.deletingLastPathComponent().appendingPathComponent("shared/data/extraction/aeb/html")
    let source = FileManager.default.fileExists(atPath: aeb.path) ? aeb : packageRoot.appendingPathComponent("Corpus")
    var pages: [[UInt8]] = []
    try! InputReader(format: .html).read([source.path]) { item in
        if case .document(let document) = item, case .html(let page) = document.content { pages.append(page) }
    }
    return pages
}()

/// Queries of every type over words of the corpus.
let queryLog = [
    "pyongyang", "shoigu", "library", "current", "+north +korea", "+cinema +wave", "+intrusion +detection",
    "russia china", "library archive", "ocean current antarctic", "\"north korea\"", "\"national diet library\"",
    "\"detection system\"", "+\"free software\" manifesto", "title:japan navy", "-wave cinema",
]

/// A committed index of the corpus, built once for the query benchmarks.
let corpusIndex: ArticleSearcher = {
    let directory = NSTemporaryDirectory() + "search-bench-index-\(getpid())"
    try? FileManager.default.removeItem(atPath: directory)
    let writer = try! IndexWriter(directory: directory)
    for document in corpusDocuments { try! writer.add(document) }
    try! writer.commit()
    return try! ArticleSearcher(directory: directory)
}()

/// The same corpus indexed with the `plain` analyzer (classic BM25 on the body, the block-max paths).
let plainCorpusIndex: ArticleSearcher = {
    let directory = NSTemporaryDirectory() + "search-bench-plain-index-\(getpid())"
    try? FileManager.default.removeItem(atPath: directory)
    let writer = try! IndexWriter(directory: directory, analyzer: .plain)
    for document in corpusDocuments { try! writer.add(document) }
    try! writer.commit()
    return try! ArticleSearcher(directory: directory)
}()

let benchmarks: @Sendable () -> Void = {
    Benchmark.defaultConfiguration = .init(
        metrics: [.wallClock, .throughput, .mallocCountTotal], timeUnits: .microseconds,
        maxDuration: .seconds(5), maxIterations: 1_000_000)

    // One iteration extracts every page once (parse, metadata, body): pages/s = throughput × page count.
    Benchmark(
        "Extract \(extractionPages.count) pages",
        configuration: .init(metrics: [.wallClock, .throughput, .cpuTotal], maxIterations: 50)
    ) { benchmark in
        let extractor = ArticleExtractor()
        for _ in benchmark.scaledIterations {
            for page in extractionPages { blackHole(try extractor.extract(html: page).body.utf8.count) }
        }
    }

    for kind in AnalyzerKind.allCases {
        // One iteration tokenizes 1 MiB: the throughput column is MB/s.
        Benchmark("Tokenizer \(kind.rawValue) (1 MiB of corpus text)") { benchmark in
            var analyzer = Analyzer(kind)
            var tokens = 0
            for _ in benchmark.scaledIterations {
                corpusMebibyte.withUnsafeBufferPointer { text in
                    analyzer.analyze(text) { _, _, _, _ in tokens += 1 }
                }
            }
            blackHole(tokens)
        }
    }

    // One iteration indexes and commits the whole corpus: docs/s = throughput × document count.
    Benchmark(
        "Index the corpus (\(corpusDocuments.count) documents, commit included)",
        configuration: .init(metrics: [.wallClock, .throughput, .peakMemoryResident], maxIterations: 20)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            let directory = NSTemporaryDirectory() + "search-bench-build-\(getpid())"
            try? FileManager.default.removeItem(atPath: directory)
            let writer = try IndexWriter(directory: directory)
            for document in corpusDocuments { try writer.add(document) }
            try writer.commit()
            try? FileManager.default.removeItem(atPath: directory)
        }
    }

    // One iteration runs every query of the log once (top 10 with exact counts).
    Benchmark("Query log top 10 (\(queryLog.count) queries)") { benchmark in
        let queries = queryLog.map { try! QueryParser.parse($0) }
        let searcher = corpusIndex.searcher
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            for query in queries { blackHole(searcher.search(query, limit: 10).total) }
        }
    }

    // Block decoding: one iteration walks every posting of the corpus's most frequent body terms (bit-packed
    // 128-document blocks, unpacked and prefix-summed), summing documents and frequencies.
    Benchmark("Postings decode (most frequent body terms)") { benchmark in
        let segments = plainCorpusIndex.searcher.reader.segments
        let terms = ["the", "and", "of", "to", "in", "a"].map { Array($0.utf8) }
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            var sum: UInt64 = 0
            for segment in segments {
                for term in terms {
                    guard let info = segment.termInfo(.body, term) else { continue }
                    var cursor = segment.postings(info)
                    while cursor.doc != PostingsCursor.exhausted {
                        sum &+= UInt64(cursor.doc) &+ UInt64(cursor.frequency)
                        cursor.next()
                    }
                }
            }
            blackHole(sum)
        }
    }

    // Intersection, union and phrase, each as top 10 without a total (block-max pruning) and as an exact count.
    for text in ["+north +korea", "+the +of", "russia china", "the library", "\"north korea\"", "\"of the\""] {
        Benchmark("Top 10 without total: \(text)") { benchmark in
            let query = try! QueryParser.parse(text)
            let searcher = plainCorpusIndex.searcher
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(searcher.topHits(query, limit: 10).count) }
        }
        Benchmark("Count: \(text)") { benchmark in
            let query = try! QueryParser.parse(text)
            let searcher = plainCorpusIndex.searcher
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(searcher.count(query)) }
        }
    }

    for text in ["pyongyang", "+north +korea", "russia china", "\"north korea\""] {
        Benchmark("Query \(text)") { benchmark in
            let query = try! QueryParser.parse(text)
            let searcher = corpusIndex.searcher
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations { blackHole(searcher.search(query, limit: 10).total) }
        }
    }
}
