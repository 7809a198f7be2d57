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
