import Synchronization

/// A request to stop a running batch, raised from any thread (a signal handler's queue) and read by the indexer
/// between batches and while it waits for input.
public final class InterruptFlag: Sendable {
    private let raisedSignal = Atomic<Int32>(0)

    /// Creates a flag that is not raised.
    public init() {}

    /// Raises the flag, recording the signal that asked for it (the first one wins).
    public func raise(signal: Int32) {
        _ = raisedSignal.compareExchange(expected: 0, desired: signal, ordering: .sequentiallyConsistent)
    }

    /// The signal that raised the flag, or nil while it is down.
    public var signal: Int32? {
        let value = raisedSignal.load(ordering: .sequentiallyConsistent)
        return value == 0 ? nil : value
    }
}
