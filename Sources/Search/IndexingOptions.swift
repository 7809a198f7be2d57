import Foundation

/// How `ArticleIndexer.index` reads, extracts and commits.
public struct IndexingOptions: Sendable {
    /// How inputs are interpreted.
    public var format: InputFormat = .auto
    /// Threads that extract pages.
    public var jobs: Int = ProcessInfo.processInfo.activeProcessorCount
    /// Commit after this many documents since the last commit; nil (the default) leaves periodic commits to
    /// `commitInterval`, since every commit writes a segment that merges must later fold in.
    public var commitEvery: Int?
    /// Commit when this many seconds have passed since the last commit and documents are waiting; nil: never.
    public var commitInterval: Double? = 60
    /// The writer's memory budget in bytes (see `IndexWriter.memoryBudget`); nil keeps the writer's default.
    public var memoryBudget: Int?
    /// Whether the merge policy runs in the background after each commit (`IndexWriter.mergeInBackground`) and
    /// after the last one (`IndexWriter.maybeMerge`), keeping the number of segments logarithmic; the last is
    /// skipped after an interrupt.
    public var merge = true
    /// When raised, reading stops, what was read is indexed and committed, and `index` returns.
    public var interrupt: InterruptFlag?

    /// Options with the defaults: automatic format, one job per core, a commit every 10,000 documents or 60 s.
    public init() {}
}
