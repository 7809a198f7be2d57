import Dispatch
import SearchIndex
import SearchQuery
import Synchronization

/// An index that follows its commits, for long-running readers such as the HTTP server.
///
/// `snapshot` is the latest commit seen, opened as an `IndexSnapshot`. A reader takes it once per request and keeps
/// it to the end, so a query in flight finishes on the commit it started with, whatever is committed meanwhile;
/// the old commit's memory maps are released when its last reader lets go. `refresh()` (called every
/// `interval` once `startPolling` runs) costs one `stat` of the manifest when nothing changed; after a commit it
/// opens the new commit next to the old one and swaps the two atomically.
public final class LiveIndex: Sendable {
    /// The index directory.
    public let directory: String
    /// The BM25 parameters of every snapshot's searcher.
    public let parameters: BM25Parameters

    private struct State {
        var snapshot: IndexSnapshot?
        /// The manifest the snapshot was opened from.
        var signature: ManifestSignature?
        /// The manifest whose opening failed last (reported once, retried at every poll).
        var failed: ManifestSignature?
        /// The manifest the last refresh tried to open.
        var attempted: ManifestSignature?
    }

    private let state = Mutex(State())
    /// Held for the whole of a refresh, so that two refreshes never open the same commit twice.
    private let refreshing = Mutex(())
    private let queue = DispatchQueue(label: "search.live-index")
    private let timer = Mutex<(any DispatchSourceTimer)?>(nil)
    private let onRefreshError: @Sendable (any Error) -> Void

    /// Opens the latest commit in `directory`. A missing index is not an error: `snapshot` stays nil until the
    /// first commit appears. A damaged one throws. `onRefreshError` hears about commits that later polls fail to
    /// open (once per commit; the previous snapshot stays in service).
    public init(
        directory: String, parameters: BM25Parameters = BM25Parameters(),
        onRefreshError: @escaping @Sendable (any Error) -> Void = { _ in }
    ) throws {
        self.directory = directory
        self.parameters = parameters
        self.onRefreshError = onRefreshError
        try refresh()
    }

    deinit {
        timer.withLock { $0?.cancel() }
    }

    /// The latest commit opened, or nil while the directory holds no index.
    public var snapshot: IndexSnapshot? {
        state.withLock { $0.snapshot }
    }

    /// Opens the latest commit if the manifest changed since the last refresh; returns whether `snapshot` changed.
    /// When the manifest is gone (the index was deleted), the last snapshot stays in service.
    @discardableResult
    public func refresh() throws -> Bool {
        try refreshing.withLock { _ throws -> Bool in
            guard let signature = ManifestSignature(directory: directory) else { return false }
            let previous = state.withLock { state in
                state.attempted = signature
                return state
            }
            guard signature != previous.signature else { return false }
            let snapshot: IndexSnapshot
            do {
                snapshot = try IndexSnapshot(
                    directory: directory, parameters: parameters, committedAt: signature.modified)
            } catch IndexError.missing {
                return false  // deleted between the stat and the open
            }
            return state.withLock { state in
                state.signature = signature
                state.failed = nil
                if let current = state.snapshot, current.generation == snapshot.generation { return false }
                state.snapshot = snapshot
                return true
            }
        }
    }

    /// Calls `refresh()` every `interval` on a background queue until `stopPolling()` (or deinit).
    public func startPolling(every interval: Duration = .milliseconds(200)) {
        let (seconds, attoseconds) = interval.components
        let nanoseconds = max(1_000_000, Int(seconds) * 1_000_000_000 + Int(attoseconds / 1_000_000_000))
        timer.withLock { timer in
            guard timer == nil else { return }
            let source = DispatchSource.makeTimerSource(queue: queue)
            source.schedule(
                deadline: .now() + .nanoseconds(nanoseconds), repeating: .nanoseconds(nanoseconds),
                leeway: .milliseconds(10))
            source.setEventHandler { [weak self] in self?.poll() }
            source.resume()
            timer = source
        }
    }

    /// Stops the polling started by `startPolling`.
    public func stopPolling() {
        timer.withLock { timer in
            timer?.cancel()
            timer = nil
        }
    }

    private func poll() {
        do {
            try refresh()
        } catch {
            // The manifest that failed, not the one there now: a commit may have replaced it since.
            let isNew = state.withLock { state in
                defer { state.failed = state.attempted }
                return state.failed != state.attempted
            }
            if isNew { onRefreshError(error) }
        }
    }
}
