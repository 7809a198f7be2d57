import Dispatch
import Synchronization

/// Runs index work (queries, document reads) off Swift's cooperative thread pool, within a time budget and a cap
/// on how much runs at once.
///
/// Searching is synchronous CPU work that cannot be interrupted, so it runs on Dispatch's global queue, where a
/// long query does not hold up the threads that accept and answer other requests. When the budget runs out the
/// request is answered at once with 503; the query itself finishes in the background (the searcher has no
/// cancellation point) and keeps counting against `maximumInFlight` until it does, which bounds the damage a
/// stream of expensive queries can do.
final class QueryRunner: Sendable {
    private let budget: Duration
    private let maximumInFlight: Int
    private let inFlight = Atomic<Int>(0)
    /// Budget timers fire here, not on the global queue: a serial queue gets its own thread even while long
    /// queries occupy every thread of the global queue, which is exactly when the budget matters.
    private static let deadlines = DispatchQueue(label: "search.query-deadlines")

    init(budget: Duration, maximumInFlight: Int) {
        self.budget = budget
        self.maximumInFlight = maximumInFlight
    }

    /// The result of `work`, or a 503 `APIError` when the server is saturated or `work` overruns the budget.
    func run<T: Sendable>(_ work: @escaping @Sendable () throws -> T) async throws -> T {
        guard inFlight.add(1, ordering: .relaxed).newValue <= maximumInFlight else {
            inFlight.subtract(1, ordering: .relaxed)
            throw APIError(.serviceUnavailable, "the server is busy; try again shortly")
        }
        let budget = self.budget
        return try await withCheckedThrowingContinuation { continuation in
            let answer = SingleAnswer(continuation)
            // Safe to share: `cancel()` is thread-safe, and cancelling only spares the timer's no-op resume.
            nonisolated(unsafe) let timeout = DispatchWorkItem {
                answer.resume(with: .failure(APIError(
                    .serviceUnavailable, "the query took longer than \(budget); try fewer or rarer words")))
            }
            Self.deadlines.asyncAfter(deadline: .now() + .nanoseconds(budget.nanoseconds), execute: timeout)
            DispatchQueue.global().async {
                let result = Result { try work() }
                timeout.cancel()
                self.inFlight.subtract(1, ordering: .relaxed)
                answer.resume(with: result)
            }
        }
    }
}

/// A continuation that the first of several racers resumes; the others are ignored.
private final class SingleAnswer<T: Sendable>: Sendable {
    private let continuation: Mutex<CheckedContinuation<T, any Error>?>

    init(_ continuation: CheckedContinuation<T, any Error>) {
        self.continuation = Mutex(continuation)
    }

    func resume(with result: Result<T, any Error>) {
        let waiting = continuation.withLock { continuation in
            defer { continuation = nil }
            return continuation
        }
        waiting?.resume(with: result)
    }
}
