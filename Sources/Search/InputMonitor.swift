/// Watches an `InputReader` at work: the raw bytes it has read, and the waits for input that has not arrived yet.
///
/// Not thread-safe: it belongs to the thread that calls `InputReader.read`.
public final class InputMonitor {
    /// Raw bytes read from files and standard input so far (compressed bytes for gzipped inputs).
    public internal(set) var bytesRead = 0
    /// Called about every `waitInterval` seconds while standard input (or a pipe) has nothing to read; throwing
    /// from it stops the walk with that error.
    public var whileWaiting: () throws -> Void
    /// Seconds between calls of `whileWaiting`.
    public var waitInterval: Double

    /// Creates a monitor that calls `whileWaiting` every `waitInterval` seconds while input is late.
    public init(waitInterval: Double = 0.1, whileWaiting: @escaping () throws -> Void = {}) {
        self.waitInterval = waitInterval
        self.whileWaiting = whileWaiting
    }
}
