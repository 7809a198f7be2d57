#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Foundation

/// Where output goes and how it may be decorated.
enum Terminal {
    /// Whether standard output is a terminal.
    static var stdoutIsTerminal: Bool { isatty(STDOUT_FILENO) == 1 }
    /// Whether standard error is a terminal.
    static var stderrIsTerminal: Bool { isatty(STDERR_FILENO) == 1 }
    /// Whether colour is wanted on standard output: a terminal, and NO_COLOR (https://no-color.org) unset.
    static var colorsStdout: Bool {
        stdoutIsTerminal && (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
    }

    /// Writes `text` to standard error as is.
    static func error(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}

/// One status line on standard error, rewritten in place on a terminal and printed once at the end otherwise.
struct ProgressLine {
    private let live = Terminal.stderrIsTerminal
    private var lastDraw = 0.0
    private var lastLength = 0

    /// Redraws the line with `text` (at most ten times a second) when standard error is a terminal.
    mutating func update(_ text: String, seconds: Double) {
        guard live, seconds - lastDraw >= 0.1 || lastDraw == 0 else { return }
        lastDraw = seconds
        draw(text)
    }

    /// Prints the final state of the line and ends it.
    mutating func finish(_ text: String) {
        if live { draw(text) } else { Terminal.error(text) }
        Terminal.error("\n")
    }

    private mutating func draw(_ text: String) {
        let padding = String(repeating: " ", count: max(0, lastLength - text.count))
        Terminal.error("\r" + text + padding)
        lastLength = text.count
    }
}
