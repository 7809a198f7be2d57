import Dispatch
import Foundation
import SearchAnalysis
import SearchExtraction
import SearchIndex

/// Figures reported while a batch is indexed.
public struct IndexingProgress: Sendable {
    /// Documents added so far.
    public var documents: Int
    /// Inputs skipped because they could not be read or extracted.
    public var failed: Int
    /// Bytes of input (raw pages or text) consumed so far.
    public var bytes: Int
    /// Seconds since the batch started.
    public var seconds: Double

    /// Creates a progress report.
    public init(documents: Int, failed: Int, bytes: Int, seconds: Double) {
        self.documents = documents
        self.failed = failed
        self.bytes = bytes
        self.seconds = seconds
    }
}

/// What a finished batch did.
public struct IndexingSummary: Sendable {
    /// Documents added and committed.
    public var indexed: Int
    /// Inputs skipped, with the reason for each.
    public var failures: [(origin: String, message: String)]
    /// Bytes of input consumed.
    public var bytes: Int
    /// Wall-clock seconds, commit included.
    public var seconds: Double
}

/// Builds an index from raw inputs: reads them, extracts articles from pages on several threads, and feeds the
/// index writer. The write side of the `Search` façade.
public final class ArticleIndexer {
    /// The writer that receives the extracted documents.
    public let writer: IndexWriter
    private let extractor = ArticleExtractor()

    /// Opens (or creates) the index in `directory`; see `IndexWriter.init(directory:analyzer:)`.
    public init(directory: String, analyzer: AnalyzerKind? = nil) throws {
        writer = try IndexWriter(directory: directory, analyzer: analyzer)
    }

    /// Turns one input document into the stored form: pages go through the extractor, text is taken as it is.
    public func prepare(_ source: SourceDocument) throws -> StoredDocument {
        switch source.content {
        case .text(let body):
            return StoredDocument(id: source.id, url: source.url ?? "", title: source.title ?? "", body: body)
        case .html(let page):
            let article = try extractor.extract(html: page, url: source.url)
            return StoredDocument(
                id: source.id,
                url: source.url ?? article.url ?? "",
                title: source.title ?? article.title ?? "",
                author: article.author ?? "",
                published: article.published ?? "",
                body: article.body)
        }
    }

    /// Indexes everything under `paths` and commits. Pages are extracted on `jobs` threads; bad inputs are
    /// reported in the summary and skipped. `progress` is called after every batch, on the calling thread.
    public func index(
        _ paths: [String], format: InputFormat = .auto, jobs: Int = ProcessInfo.processInfo.activeProcessorCount,
        progress: (IndexingProgress) -> Void = { _ in }
    ) throws -> IndexingSummary {
        let start = DispatchTime.now()
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }
        var summary = IndexingSummary(indexed: 0, failures: [], bytes: 0, seconds: 0)
        let batchLimit = max(1, jobs) * 32
        var batch: [SourceDocument] = []
        batch.reserveCapacity(batchLimit)

        func flushBatch() throws {
            let prepared = prepareConcurrently(batch, jobs: jobs)
            for (source, result) in zip(batch, prepared) {
                switch result {
                case .success(let document):
                    try writer.add(document)
                    summary.indexed += 1
                case .failure(let error):
                    summary.failures.append((source.origin, "\(error)"))
                }
            }
            batch.removeAll(keepingCapacity: true)
            progress(IndexingProgress(
                documents: summary.indexed, failed: summary.failures.count, bytes: summary.bytes, seconds: elapsed()))
        }

        try InputReader(format: format).read(paths) { item in
            switch item {
            case .document(let source):
                switch source.content {
                case .html(let bytes): summary.bytes += bytes.count
                case .text(let text): summary.bytes += text.utf8.count
                }
                batch.append(source)
                if batch.count >= batchLimit { try flushBatch() }
            case .failure(let origin, let error):
                summary.failures.append((origin, "\(error)"))
            }
        }
        try flushBatch()
        try writer.commit()
        summary.seconds = elapsed()
        return summary
    }

    /// Extracts a batch on up to `jobs` threads, keeping input order.
    private func prepareConcurrently(_ batch: [SourceDocument], jobs: Int) -> [Result<StoredDocument, Error>] {
        let results = ResultSlots(count: batch.count)
        if jobs <= 1 || batch.count < 2 {
            for (i, source) in batch.enumerated() { results.set(i, Result { try prepare(source) }) }
        } else {
            DispatchQueue.concurrentPerform(iterations: batch.count) { i in
                results.set(i, Result { try self.prepare(batch[i]) })
            }
        }
        return results.values
    }
}

/// Fixed slots that concurrent workers fill, each at its own index.
///
/// The slots are one allocation that no worker can move: writing through `Array.withUnsafeMutableBufferPointer`
/// from several threads at once is a data race on the array itself (a worker that finds the buffer shared
/// copies it), which lost results and corrupted the heap.
private final class ResultSlots: @unchecked Sendable {
    // Invariant: every index is written by exactly one worker, and `values` is read only after all have finished.
    private let slots: UnsafeMutableBufferPointer<Result<StoredDocument, Error>>

    init(count: Int) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: .failure(SourceError.unsupported("not processed")))
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    func set(_ index: Int, _ value: Result<StoredDocument, Error>) {
        slots[index] = value
    }

    var values: [Result<StoredDocument, Error>] { Array(slots) }
}

extension ArticleIndexer: @unchecked Sendable {}
