import Dispatch
import SearchAnalysis
import Synchronization

/// Accumulates documents in memory (contiguous arrays) and commits them as immutable segments.
///
/// One writer per index at a time: an advisory lock on `write.lock` enforces it, and the file names the process
/// id of the writer holding it, for the error another writer gets. Documents are buffered in
/// `SegmentWriter`s, one per indexing thread (`useThreads`); when one's memory passes its share of
/// `memoryBudget` it is flushed to a new segment that becomes visible at the next `commit()`. A commit syncs every new file, then publishes a new manifest atomically, so a crash
/// at any point leaves the previous commit intact and readable.
///
/// Deletions are marked per segment in a `DeletedDocuments` bitset and written at commit as a new generation
/// of the segment's `.deletes` file, before the manifest that names it; a segment left with no live document
/// is dropped from the manifest. After the manifest is published, and when a writer opens, files that it no
/// longer names (older deletion generations, dropped or merged segments, leftovers of a crash) are removed.
public final class IndexWriter {
    /// The index directory.
    public let directory: String
    /// The analyzer recorded in the index.
    public let analyzer: AnalyzerKind
    /// Flush buffered documents to a segment once they take this many bytes (at most 2 GiB).
    public var memoryBudget: Int = 512 << 20 {
        didSet { memoryBudget = Swift.min(Swift.max(memoryBudget, 1 << 20), 2 << 30) }
    }

    private var committed: Manifest
    /// Segments flushed since the last commit (synced, not yet in the manifest).
    private var pending: [SegmentInfo] = []
    private var nextSegmentNumber: UInt64
    /// The in-memory segments, one per indexing thread; documents go to the one with the least text so far.
    private var lanes: [Lane]
    /// Where the lanes' stored text moves to until the next flush, one file for all of them, so that it becomes
    /// the flushed segment's stored file.
    private var storedSpill: StoredSpill
    /// The lanes' analysis still under way.
    private let analyzing = DispatchGroup()
    /// Segments whose deletions were looked at or changed since the last commit, by name: each one's whole
    /// set (committed and new).
    private var pendingDeletes: [String: DeletedDocuments] = [:]
    /// Whether a document was deleted since the last commit.
    private var deletesChanged = false
    /// The segments whose deletions changed since the last commit.
    private var changedSegments: Set<String> = []
    /// The segments of the index when the writer opened.
    private let originalSegments: Set<String>
    /// Per identity that `update` replaced, the live version it had when the writer opened (if it had one).
    private var replacedOriginals: [DocumentKey: (segment: String, doc: UInt32, contentHash: UInt64)] = [:]
    /// The `.ids` files of committed and flushed segments, opened on first use.
    private var identityFiles: [String: SegmentIdentities] = [:]
    private var lock: Int32?
    /// The merge running on another thread (`mergeInBackground`), if any.
    var runningMerge: RunningMerge?

    /// The lock file's name.
    static let lockFileName = "write.lock"

    /// Opens the index in `directory`, creating the directory and an empty index if needed. A new index records
    /// `analyzer` (default .standard); opening an existing index with a different explicit analyzer throws.
    public init(directory: String, analyzer: AnalyzerKind? = nil) throws {
        try FileSystem.createDirectory(directory)
        let lockPath = "\(directory)/\(Self.lockFileName)"
        guard let lock = try FileSystem.tryLock(lockPath) else {
            throw IndexError.locked(directory: directory, pid: FileSystem.lockHolder(lockPath))
        }
        do {
            let manifest: Manifest
            if FileSystem.exists("\(directory)/\(Manifest.fileName)") {
                manifest = try Manifest.read(from: directory)
                if let analyzer, analyzer != manifest.analyzer {
                    throw IndexError.analyzerMismatch(
                        directory: directory, index: manifest.analyzer, requested: analyzer)
                }
            } else {
                manifest = Manifest(generation: 0, nextSegmentNumber: 0, analyzer: analyzer ?? .standard, segments: [])
                try manifest.publish(in: directory)
            }
            self.directory = directory
            self.analyzer = manifest.analyzer
            let spill = StoredSpill(directory: directory)
            self.storedSpill = spill
            self.lanes = [Lane(analyzer: manifest.analyzer, spill: spill)]
            self.committed = manifest
            self.originalSegments = Set(manifest.segments.map(\.name))
            self.nextSegmentNumber = manifest.nextSegmentNumber
            self.lock = lock
            removeUnreferencedFiles()  // what a crashed or cancelled flush or merge left
        } catch {
            FileSystem.unlock(lock)
            throw error
        }
    }

    deinit {
        drain()
        if let runningMerge {
            runningMerge.cancelled.set()
            runningMerge.finished.wait()
        }
        if let lock { FileSystem.unlock(lock) }
    }

    /// The number of documents added since the last commit.
    public var uncommittedDocumentCount: Int {
        pending.reduce(lanes.reduce(0) { $0 + $1.segment.documentCount }) { $0 + $1.documentCount }
    }

    /// The number of live documents in the last commit.
    public var committedDocumentCount: Int {
        committed.segments.reduce(0) { $0 + $1.liveDocumentCount }
    }

    /// How many segments of one size tier the merge policy merges at once, and the ratio between tiers
    /// (`maybeMerge`).
    public var mergeFactor = 8

    /// The segments of the last commit, oldest first.
    var committedSegments: [SegmentInfo] { committed.segments }

    /// The names of the segments of the last commit, oldest first.
    public var committedSegmentNames: [String] { committed.segments.map(\.name) }

    /// Marks document `doc` of segment `segment` (committed, or flushed since the last commit) deleted; the
    /// deletion becomes visible at the next commit. Returns false if the document was already deleted.
    @discardableResult
    public func delete(segment: String, document doc: UInt32) throws -> Bool {
        let deleted = try deletions(of: segment)
        guard Int(doc) < deleted.documentCount else {
            throw IndexError.documentOutOfRange(doc: doc, count: deleted.documentCount)
        }
        guard deleted.insert(doc) else { return false }
        deletesChanged = true
        changedSegments.insert(segment)
        return true
    }

    /// Marks deleted every live document whose identity (its URL, or its id when it has none) is `identity`;
    /// returns how many. Buffered documents are flushed first. Visible at the next commit.
    public func delete(identity: String) throws -> Int {
        try delete(DocumentKey(identity)) { $0.documents(identity: $1) }
    }

    /// Marks deleted every live document whose id is `id`; returns how many. Buffered documents are flushed
    /// first. Visible at the next commit.
    public func delete(id: String) throws -> Int {
        try delete(DocumentKey(id)) { $0.documents(id: $1) }
    }

    private func delete(
        _ key: DocumentKey, lookup: (SegmentIdentities, DocumentKey) -> [UInt32]
    ) throws -> Int {
        try flush()
        var deleted = 0
        for info in committed.segments + pending {
            for doc in lookup(try identities(of: info), key) where try delete(segment: info.name, document: doc) {
                deleted += 1
            }
        }
        return deleted
    }

    /// What `update` did with a document.
    public enum Change: Sendable, Equatable {
        /// No live document had its identity: it was added.
        case added
        /// A live document with its identity but other content was deleted, and this one added.
        case updated
        /// A live document with its identity and the same content exists: nothing was done.
        case unchanged
        /// The document has the content its identity had when the writer opened, which an earlier `update`
        /// (then `.updated`) replaced: that version is live again and the later ones are deleted.
        case restored
    }

    /// Adds `document` unless the index already holds it: its identity is its URL, or its id when it has no URL.
    /// If a live document (committed, flushed or buffered) has that identity and the same content hash, nothing
    /// changes; otherwise every live document with that identity is deleted and `document` added, so within a
    /// batch the last version wins.
    @discardableResult
    public func update(_ document: StoredDocument) throws -> Change {
        try update([document])[0]
    }

    /// `update(_:)` of each of `documents` in order, returning what happened to each. The documents added go to
    /// the lane (in-memory segment) with the least text so far; with several lanes (`useThreads`), each analyzes
    /// its batches on its own thread, so consecutive calls are analyzed in parallel.
    @discardableResult
    public func update(_ documents: [StoredDocument]) throws -> [Change] {
        var changes: [Change] = []
        changes.reserveCapacity(documents.count)
        let lane = lightestLane
        var assigned: [(StoredDocument, UInt32)] = []
        do {
            for document in documents { changes.append(try decide(document, lane: lane, assigned: &assigned)) }
        } catch {
            // Documents already given numbers must be analyzed before their segment can be flushed.
            index(assigned, in: lane)
            throw error
        }
        index(assigned, in: lane)
        try flushFullLanes()
        return changes
    }

    /// What `update` does with one document, except analyzing it: an added document is numbered in `lane` and
    /// queued in `assigned`.
    private func decide(_ document: StoredDocument, lane: Lane, assigned: inout [(StoredDocument, UInt32)]) throws
        -> Change
    {
        let key = DocumentKey(identityOf: document)
        let contentHash = ContentHasher.contentHash(of: document)
        var buffered: [(lane: Int, doc: UInt32, contentHash: UInt64)] = []
        for (number, other) in lanes.enumerated() {
            for (doc, hash) in other.segment.liveDocuments(identity: key) { buffered.append((number, doc, hash)) }
        }
        var stored: [(segment: String, doc: UInt32, contentHash: UInt64)] = []
        for info in committed.segments + pending {
            let identities = try identities(of: info)
            for doc in identities.documents(identity: key) where try !isDeleted(segment: info.name, document: doc) {
                stored.append((info.name, doc, identities.contentHash(doc)))
            }
        }
        let matches = buffered.map(\.contentHash) + stored.map(\.contentHash)
        if matches == [contentHash] { return .unchanged }
        if let original = replacedOriginals[key], original.contentHash == contentHash,
            committed.segments.contains(where: { $0.name == original.segment })
        {
            // Two inputs of one run with one identity (a page saved twice): the index goes back to where it was.
            replacedOriginals[key] = nil
            for match in buffered { _ = lanes[match.lane].segment.delete(match.doc) }
            for match in stored { try delete(segment: match.segment, document: match.doc) }
            if try deletions(of: original.segment).remove(original.doc) {
                deletesChanged = true
                changedSegments.insert(original.segment)
            }
            return .restored
        }
        let originals = stored.filter { originalSegments.contains($0.segment) }
        if originals.count == 1, buffered.isEmpty, stored.count == 1, replacedOriginals[key] == nil {
            replacedOriginals[key] = originals[0]
        }
        for match in buffered { _ = lanes[match.lane].segment.delete(match.doc) }
        for match in stored { try delete(segment: match.segment, document: match.doc) }
        assigned.append((document, lane.reserve(document, identity: key, contentHash: contentHash)))
        return matches.isEmpty ? .added : .updated
    }

    /// The lane that has been given the least text, which the next documents go to.
    private var lightestLane: Lane { lanes.min { $0.assignedBytes < $1.assignedBytes }! }

    /// Analyzes the documents numbered in `lane`: at once with a single lane, otherwise on the lane's thread,
    /// returning at once unless the lane is `Lane.backlogLimit` batches behind.
    private func index(_ assigned: [(StoredDocument, UInt32)], in lane: Lane) {
        guard !assigned.isEmpty else { return }
        if lanes.count == 1 {
            lane.index(assigned)
        } else {
            lane.enqueue(assigned, group: analyzing)
        }
    }

    /// Waits until every lane has analyzed every document given to it.
    private func drain() {
        analyzing.wait()
    }

    /// Lets `update(_:)` analyze documents on `count` threads (at least one), each filling its own in-memory
    /// segment with its share of the memory budget, in the background: `update` returns once the documents are
    /// numbered, and the writer waits for the analysis only when it flushes. Lanes given up are flushed first.
    public func useThreads(_ count: Int) throws {
        let count = Swift.max(1, count)
        if count < lanes.count {
            try flush(lanesAt: (count..<lanes.count).filter { lanes[$0].segment.documentCount > 0 })
            lanes.removeLast(lanes.count - count)
        }
        while lanes.count < count { lanes.append(Lane(analyzer: analyzer, spill: storedSpill)) }
    }

    /// The identity tables of segment `info`.
    private func identities(of info: SegmentInfo) throws(IndexError) -> SegmentIdentities {
        if let known = identityFiles[info.name] { return known }
        let file = try FileSystem.map(SegmentFiles.path(directory, info.name, SegmentFiles.identities))
        let content = try FileFormat.validate(file.bytes, path: file.path, kind: .identities, segment: info.id)
        let identities = try SegmentIdentities(file: file, content: content)
        guard identities.documentCount == info.documentCount else {
            throw .corrupt("\(file.path): \(identities.documentCount) identities for \(info.documentCount) documents")
        }
        identityFiles[info.name] = identities
        return identities
    }

    /// Whether document `doc` of segment `segment` is deleted, counting deletions not yet committed.
    public func isDeleted(segment: String, document doc: UInt32) throws -> Bool {
        if let deleted = pendingDeletes[segment] { return deleted.contains(doc) }
        return try deletions(of: segment).contains(doc)
    }

    /// The modifiable deletion set of `segment`: its pending one, or a copy of its committed one.
    private func deletions(of segment: String) throws(IndexError) -> DeletedDocuments {
        if let deleted = pendingDeletes[segment] { return deleted }
        guard let info = committed.segments.first(where: { $0.name == segment }) ?? pending.first(where: {
            $0.name == segment
        }) else {
            throw IndexError.io("segment \(segment) is not part of the index at \(directory)")
        }
        let deleted =
            try DeletedDocuments.read(directory: directory, info: info)
            ?? DeletedDocuments(documentCount: info.documentCount)
        pendingDeletes[segment] = deleted
        return deleted
    }

    /// Buffers one document (numbered in the lane with the least text so far).
    public func add(_ document: StoredDocument) throws {
        let lane = lightestLane
        let doc = lane.reserve(
            document, identity: DocumentKey(identityOf: document), contentHash: ContentHasher.contentHash(of: document))
        index([(document, doc)], in: lane)
        try flushFullLanes()
    }

    /// Buffers one pre-tokenized document (for tests of the on-disk structures).
    func add(_ document: StoredDocument, tokens: [IndexedField: [(term: [UInt8], position: UInt32)]]) throws {
        lanes[0].segment.add(document, tokens: tokens)
    }

    /// Flushes every lane once one of them passed its share of the budget.
    private func flushFullLanes() throws(IndexError) {
        let share = memoryBudget / lanes.count
        let full = lanes.contains { lane in
            lane.segment.documentCount > 0
                && (lane.analyzedBytes.load(ordering: .relaxed) + lane.segment.identityBytes >= share
                    || lane.segment.documentCount >= SegmentWriter.maximumDocumentCount / lanes.count)
        }
        if full { try flush() }
    }

    /// Writes the buffered documents as a new segment (not yet visible to readers).
    private func flush() throws(IndexError) {
        try flush(lanesAt: lanes.indices.filter { lanes[$0].segment.documentCount > 0 })
    }

    /// Writes the documents of the lanes at `numbers` as one new segment, in lane order (see
    /// `SegmentWriter.flush(_:directory:name:)`). If it cannot be written, the lanes keep their documents.
    private func flush(lanesAt numbers: [Int]) throws(IndexError) {
        guard !numbers.isEmpty else { return }
        drain()
        let name = SegmentFiles.name(number: nextSegmentNumber)
        let (info, deleted) = try SegmentWriter.flush(
            numbers.map { lanes[$0].segment }, directory: directory, name: name)
        nextSegmentNumber += 1
        pending.append(info)
        if let deleted {
            pendingDeletes[info.name] = deleted
            deletesChanged = true
            changedSegments.insert(info.name)
        }
        // Lanes left with documents (when some are given up) keep their spill; the others start a new one.
        storedSpill = StoredSpill(directory: directory)
        for (number, lane) in lanes.enumerated() where numbers.contains(number) || lane.segment.documentCount == 0 {
            lane.reset(spill: storedSpill)
        }
    }

    /// Flushes buffered documents into a new segment and atomically publishes a new manifest (commit point).
    /// Does nothing when no document was added since the last commit. If it throws, the previous commit stays
    /// the index's state and the documents stay buffered, so the commit can be retried.
    public func commit() throws {
        try flush()
        guard !pending.isEmpty || deletesChanged else { return }
        var manifest = committed
        manifest.generation += 1
        manifest.nextSegmentNumber = nextSegmentNumber
        manifest.segments += pending
        for index in manifest.segments.indices {
            let info = manifest.segments[index]
            guard changedSegments.contains(info.name), let deleted = pendingDeletes[info.name],
                try !hasCommittedDeletions(info, equalTo: deleted)
            else { continue }
            if deleted.count == 0 {
                manifest.segments[index].deleteGeneration = 0
                manifest.segments[index].deletedCount = 0
                continue
            }
            try deleted.write(
                path: SegmentFiles.deletesPath(directory, info.name, generation: manifest.generation), segment: info.id)
            manifest.segments[index].deleteGeneration = manifest.generation
            manifest.segments[index].deletedCount = deleted.count
        }
        manifest.segments.removeAll { $0.liveDocumentCount == 0 }
        if manifest.segments == committed.segments {
            // Changes that cancel out (a document added, then deleted again): nothing to publish.
            pending.removeAll()
            pendingDeletes.removeAll()
            deletesChanged = false
            changedSegments.removeAll()
            removeUnreferencedFiles()
            return
        }
        // The new files' directory entries must be durable before the manifest names them.
        try FileSystem.syncDirectory(directory)
        try manifest.publish(in: directory)
        committed = manifest
        pending.removeAll()
        pendingDeletes.removeAll()
        deletesChanged = false
        changedSegments.removeAll()
        let live = Set(manifest.segments.map(\.name))
        identityFiles = identityFiles.filter { live.contains($0.key) }
        removeUnreferencedFiles()
    }

    /// Whether `deleted` holds exactly the deletions segment `info` has in the last commit.
    private func hasCommittedDeletions(_ info: SegmentInfo, equalTo deleted: DeletedDocuments) throws(IndexError)
        -> Bool
    {
        guard deleted.count == info.deletedCount else { return false }
        return try DeletedDocuments.read(directory: directory, info: info)?.hasSameBits(as: deleted) ?? true
    }

    /// Starts merging the committed segments in `range` on another thread (no other merge may be running). Their
    /// deletions are read here, since a later commit may remove the files that hold them.
    func startMerge(_ range: Range<Int>) throws(IndexError) {
        precondition(runningMerge == nil, "one background merge at a time")
        let sources = Array(committed.segments[range])
        var deleted: [DeletedDocuments?] = []
        for info in sources { deleted.append(try DeletedDocuments.read(directory: directory, info: info)) }
        let merge = RunningMerge(sources: sources, deleted: deleted, name: SegmentFiles.name(number: nextSegmentNumber))
        nextSegmentNumber += 1
        let directory = self.directory
        merge.finished.enter()
        DispatchQueue.global(qos: .utility).async {
            merge.result = Result { () throws(IndexError) in
                let segments = try sources.map { info throws(IndexError) in
                    var withoutDeletions = info  // the deletions read above are the ones merged
                    withoutDeletions.deleteGeneration = 0
                    withoutDeletions.deletedCount = 0
                    return try SegmentReader(directory: directory, info: withoutDeletions)
                }
                return try SegmentMerger.merge(
                    segments, deleted: merge.deleted, directory: directory, name: merge.name,
                    cancelled: merge.cancelled)
            }
            merge.finished.leave()
        }
        runningMerge = merge
    }

    /// Ends the background merge once it has finished (waiting for it with `wait`): its segment takes the place
    /// of the segments it merged, at a commit of its own, and documents deleted from them since it started are
    /// deleted from it (a merge that found nothing live just drops them). Returns whether it was installed. A
    /// merge whose segments changed in another way meanwhile (one left the index, or a deleted document was
    /// restored) is dropped with its files; so is one that failed, whose error is thrown. Nothing happens while
    /// deletions are pending or segments are flushed and not committed.
    func installMerge(wait: Bool) throws -> Bool {
        guard let merge = runningMerge, !deletesChanged, pending.isEmpty else { return false }
        if wait {
            merge.finished.wait()
        } else if merge.finished.wait(timeout: .now()) == .timedOut {
            return false
        }
        runningMerge = nil
        defer { removeUnreferencedFiles() }
        let merged = try merge.result.get()
        let names = merge.sources.map(\.name)
        guard let start = committed.segments.firstIndex(where: { $0.name == names[0] }),
            committed.segments.count - start >= names.count,
            committed.segments[start..<(start + names.count)].map(\.name) == names
        else { return false }
        let range = start..<(start + names.count)
        var manifest = committed
        manifest.generation += 1
        manifest.nextSegmentNumber = nextSegmentNumber
        let late = DeletedDocuments(documentCount: merged?.info.documentCount ?? 0)
        for (k, source) in committed.segments[range].enumerated()
        where source.deleteGeneration != merge.sources[k].deleteGeneration {
            let now = try DeletedDocuments.read(directory: directory, info: source)
            for doc in 0..<UInt32(source.documentCount) {
                let wasDeleted = merge.deleted[k]?.contains(doc) ?? false
                let isDeleted = now?.contains(doc) ?? false
                if wasDeleted && !isDeleted { return false }  // restored, but the merged segment lacks it
                if isDeleted && !wasDeleted, let number = merged?.maps[k].number(doc) { late.insert(number) }
            }
        }
        var replacement: [SegmentInfo] = []
        if var info = merged?.info {
            if late.count > 0 {
                try late.write(
                    path: SegmentFiles.deletesPath(directory, info.name, generation: manifest.generation),
                    segment: info.id)
                info.deleteGeneration = manifest.generation
                info.deletedCount = late.count
            }
            if info.liveDocumentCount > 0 { replacement.append(info) }
        }
        manifest.segments.replaceSubrange(range, with: replacement)
        try FileSystem.syncDirectory(directory)
        try manifest.publish(in: directory)
        committed = manifest
        pendingDeletes.removeAll()  // copies of committed sets only: no deletion is pending
        let live = Set(manifest.segments.map(\.name))
        identityFiles = identityFiles.filter { live.contains($0.key) }
        return true
    }

    /// Deletes the segment and deletion files that the last commit does not name, except the segment files a
    /// running merge reads or writes. Best effort: a file that stays is only wasted space, removed at a later
    /// commit.
    func removeUnreferencedFiles() {
        var live: [String: UInt64] = [:]
        for info in committed.segments { live[info.name] = info.deleteGeneration }
        if let runningMerge {
            for name in runningMerge.sources.map(\.name) + [runningMerge.name] where live[name] == nil {
                live[name] = UInt64.max  // no deletions file has that generation
            }
        }
        for name in FileSystem.contentsOfDirectory(directory) {
            if let (segment, generation) = SegmentFiles.deletesFile(name) {
                if live[segment] == generation { continue }
            } else {
                guard let dot = name.firstIndex(of: "."),
                    SegmentFiles.all.contains(String(name[name.index(after: dot)...]))
                else { continue }
                let segment = String(name[..<dot])
                guard SegmentFiles.number(of: segment) != nil, live[segment] == nil else { continue }
            }
            try? FileSystem.removeFile("\(directory)/\(name)")
        }
    }
}

/// A merge running on another thread: what it merges, and its result once `finished`.
final class RunningMerge: @unchecked Sendable {
    /// The committed segments merged, as they were when it started.
    let sources: [SegmentInfo]
    /// Their deleted documents then (nil: none).
    let deleted: [DeletedDocuments?]
    /// The name of the segment it writes.
    let name: String
    /// Left when `result` is set.
    let finished = DispatchGroup()
    /// Set to stop the merge early.
    let cancelled = CancellationFlag()
    /// Written on the merging thread before it leaves `finished`, read on the writer's after waiting for it.
    var result: Result<SegmentMerger.Merged?, IndexError> = .success(nil)

    init(sources: [SegmentInfo], deleted: [DeletedDocuments?], name: String) {
        self.sources = sources
        self.deleted = deleted
        self.name = name
    }
}

/// One in-memory segment, the analyzer that fills it and the serial queue it is filled on.
private final class Lane: @unchecked Sendable {
    // Invariant: `index` runs on one thread at a time (the queue, or the writer's thread with a single lane); it
    // touches only the segment's postings and stored documents, which nothing else touches until the writer has
    // drained the lanes. Numbering, identities and deletions stay on the writer's thread.
    private(set) var segment: SegmentWriter
    private var analyzer: Analyzer
    /// The bytes of text given to this lane so far, to spread documents evenly over the lanes.
    var assignedBytes = 0
    /// The memory of the segment's analysis after the last batch analyzed; with the identities' memory,
    /// compared with the lane's share of the budget.
    let analyzedBytes = Atomic<Int>(0)
    private let queue: DispatchQueue
    /// How many batches may wait for the lane before the writer's thread waits for it.
    static let backlogLimit = 8
    private let backlog = DispatchSemaphore(value: Lane.backlogLimit)

    init(analyzer kind: AnalyzerKind, spill: StoredSpill) {
        analyzer = Analyzer(kind)
        segment = SegmentWriter(spill: spill)
        queue = DispatchQueue(label: "IndexWriter.lane")
    }

    /// Numbers `document` in the lane's segment (see `SegmentWriter.reserve`), counting its text.
    func reserve(_ document: StoredDocument, identity key: DocumentKey, contentHash: UInt64) -> UInt32 {
        assignedBytes += document.title.utf8.count + document.body.utf8.count + 1
        return segment.reserve(document, identity: key, contentHash: contentHash)
    }

    /// Analyzes reserved documents, in order, on the calling thread.
    func index(_ documents: [(StoredDocument, UInt32)]) {
        for (document, doc) in documents { segment.index(document, as: doc, analyzer: &analyzer) }
        analyzedBytes.store(segment.analysisBytes, ordering: .relaxed)
    }

    /// Analyzes reserved documents on the lane's queue, after those enqueued before, as part of `group`.
    func enqueue(_ documents: [(StoredDocument, UInt32)], group: DispatchGroup) {
        backlog.wait()
        queue.async(group: group) {
            self.index(documents)
            self.backlog.signal()
        }
    }

    /// Starts a new segment, whose stored text moves to `spill`, once the old one is flushed.
    func reset(spill: StoredSpill) {
        segment = SegmentWriter(spill: spill)
        analyzedBytes.store(0, ordering: .relaxed)
    }
}
