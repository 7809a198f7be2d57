/// Fixed slots that concurrent workers fill, each at its own index, read once all of them have finished.
///
/// The slots are one allocation that no worker can move: writing through an `Array` from several threads at once
/// is a data race on the array itself (a worker that finds the buffer shared copies it), which loses results and
/// corrupts the heap.
package final class ConcurrentSlots<Value>: @unchecked Sendable {
    // Invariant: every index is written by exactly one worker, and `values` is read only after all have finished.
    private let slots: UnsafeMutableBufferPointer<Value>

    /// Creates `count` slots holding `initial`.
    package init(count: Int, initial: Value) {
        slots = .allocate(capacity: count)
        slots.initialize(repeating: initial)
    }

    deinit {
        slots.deinitialize()
        slots.deallocate()
    }

    /// Stores `value` in slot `index`.
    package func set(_ index: Int, _ value: Value) {
        slots[index] = value
    }

    /// The slots' values, in order.
    package var values: [Value] { Array(slots) }
}
