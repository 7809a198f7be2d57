import Dispatch
import Foundation
import SearchAnalysis
import SearchExtraction
import SearchIndex

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

    /// Indexes everything under `paths` and commits. A document whose identity (URL, or id without one) the
    /// index holds with the same content is left alone, one with other content replaces it
    /// (`IndexWriter.update`). Pages are extracted on `options.jobs` threads; inputs that
    /// are bad are reported in the summary, those that hold no page are counted as skipped. Commits also happen
    /// along the way as `options` asks, and when `options.interrupt` is raised reading stops and what was read is
    /// committed. `progress` is called after every batch and while input is late, on the calling thread.
    public func index(
        _ paths: [String], options: IndexingOptions = IndexingOptions(),
        progress: @escaping (IndexingProgress) -> Void = { _ in }
    ) throws -> IndexingSummary {
        let start = DispatchTime.now()
        func elapsed() -> Double { Double(DispatchTime.now().uptimeNanoseconds - start.uptimeNanoseconds) / 1e9 }
        if let memoryBudget = options.memoryBudget { writer.memoryBudget = memoryBudget }
        let reader = InputReader(format: options.format)
        var summary = IndexingSummary()
        summary.totalBytes = reader.totalBytes(of: paths)
        let jobs = max(1, options.jobs)
        // The writer gets `writeLimit` documents at a time and checks the memory budget after each. With several
        // jobs a batch is extracted in parallel and waited for as a whole, so larger batches leave the threads
        // less idle at their ends; a byte limit keeps the raw pages held at once bounded.
        let writeLimit = jobs * 32
        let batchLimit = jobs == 1 ? writeLimit : jobs * 128
        let batchByteLimit = 64 << 20
        var batch: [SourceDocument] = []
        var batchBytes = 0
        batch.reserveCapacity(batchLimit)
        var uncommitted = 0
        var lastCommit = 0.0
        let monitor = InputMonitor()
        // The writer analyzes on `jobs` threads while the next batch is read and extracted; with several jobs a
        // batch is extracted in the background while the one before goes to the writer and the next is read.
        try writer.useThreads(jobs)
        var extracting: Extraction?
        defer { _ = extracting?.results() }

        func report() {
            summary.bytes = monitor.bytesRead
            summary.seconds = elapsed()
            progress(summary.progress)
        }
        func tally(_ changes: [IndexWriter.Change]) {
            for change in changes {
                switch change {
                case .added: summary.indexed += 1
                case .updated: summary.updated += 1
                case .unchanged:
                    summary.unchanged += 1
                    continue
                case .restored:
                    // This input and the earlier one of the run that replaced the same version: both leave
                    // the index as it was.
                    summary.updated = max(0, summary.updated - 1)
                    summary.unchanged += 2
                }
                uncommitted += 1
            }
        }
        func write(_ documents: [StoredDocument]) throws {
            // Commits every N documents fall exactly on the Nth: the writer gets no more than that at once.
            var rest = documents[...]
            while !rest.isEmpty {
                let take = min(writeLimit, options.commitEvery.map { max(1, $0 - uncommitted) } ?? rest.count)
                tally(try writer.update(Array(rest.prefix(take))))
                rest = rest.dropFirst(take)
                if let every = options.commitEvery, uncommitted >= every { try commit() }
            }
        }
        func finishExtraction() throws {
            guard let extraction = extracting else { return }
            extracting = nil
            var documents: [StoredDocument] = []
            documents.reserveCapacity(extraction.sources.count)
            for (source, result) in zip(extraction.sources, extraction.results()) {
                switch result {
                case .success(let document): documents.append(document)
                case .failure(let error): summary.failures.append((source.origin, "\(error)"))
                }
            }
            if !documents.isEmpty { try write(documents) }
        }
        /// Commits; unless it is the last commit, also ends a finished background merge and starts the next.
        func commit(last: Bool = false) throws {
            try finishExtraction()
            try writer.commit()
            summary.committed = summary.indexed + summary.updated
            summary.commits += 1
            uncommitted = 0
            lastCommit = elapsed()
            if options.merge && !last { summary.merges += try writer.mergeInBackground() }
        }
        func commitIfDue() throws {
            if let interval = options.commitInterval, uncommitted > 0, elapsed() - lastCommit >= interval {
                try commit()
            }
        }
        func flushBatch() throws {
            if !batch.isEmpty {
                let next = Extraction(batch, jobs: jobs, indexer: self)
                batch.removeAll(keepingCapacity: true)
                batchBytes = 0
                try finishExtraction()
                extracting = next
                if jobs == 1 { try finishExtraction() }
            }
            try commitIfDue()
            report()
        }
        func stopIfInterrupted() throws {
            if options.interrupt?.signal != nil { throw Interruption() }
        }

        // Input that trickles in (a pipe) is indexed while the reader waits for more, so it becomes searchable
        // at the next commit, and an interrupt is seen even while no byte arrives.
        // The closure refers to the monitor (through `report`), so it is cleared on the way out to break the cycle
        // that would otherwise keep the indexer, its writer and the index's write lock alive.
        defer { monitor.whileWaiting = {} }
        monitor.whileWaiting = {
            try stopIfInterrupted()
            if !batch.isEmpty {
                try flushBatch()
            } else {
                try finishExtraction()
                try commitIfDue()
                report()
            }
        }
        do {
            try reader.read(paths, monitor: monitor) { item in
                try stopIfInterrupted()
                switch item {
                case .document(let source):
                    batch.append(source)
                    batchBytes += source.byteCount
                    if batch.count >= batchLimit || batchBytes >= batchByteLimit { try flushBatch() }
                case .skipped:
                    summary.skipped += 1
                case .failure(let origin, let error):
                    summary.failures.append((origin, "\(error)"))
                }
            }
        } catch is Interruption {}
        // Also when the flag went up after the last check (a reader may end early on it without saying so).
        summary.interruptedBy = options.interrupt?.signal
        try flushBatch()
        try commit(last: true)
        if options.merge && summary.interruptedBy == nil {
            if writer.mergeIsDue {
                var merging = summary.progress
                merging.merging = true
                progress(merging)
            }
            summary.merges += try writer.maybeMerge()
        }
        report()
        return summary
    }
}

/// A batch of inputs being extracted: on the calling thread at once with one job, otherwise on up to `jobs` other
/// threads, in the background; `results` waits for them, in input order.
private final class Extraction: @unchecked Sendable {
    let sources: [SourceDocument]
    private let slots: ConcurrentSlots<Result<StoredDocument, Error>>
    private let done = DispatchGroup()

    init(_ sources: [SourceDocument], jobs: Int, indexer: ArticleIndexer) {
        self.sources = sources
        let slots = ConcurrentSlots<Result<StoredDocument, Error>>(
            count: sources.count, initial: .failure(SourceError.unsupported("not processed")))
        self.slots = slots
        if jobs <= 1 || sources.count < 2 {
            for (i, source) in sources.enumerated() { slots.set(i, Result { try indexer.prepare(source) }) }
            return
        }
        DispatchQueue.global().async(group: done) {
            DispatchQueue.concurrentPerform(iterations: sources.count) { i in
                slots.set(i, Result { try indexer.prepare(sources[i]) })
            }
        }
    }

    /// The extracted documents (or why each failed), once all are done.
    func results() -> [Result<StoredDocument, Error>] {
        done.wait()
        return slots.values
    }
}

/// Thrown inside `index` to leave the reader when the interrupt flag is raised.
private struct Interruption: Error {}

extension ArticleIndexer: @unchecked Sendable {}
