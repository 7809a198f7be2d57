/// One status line on standard error, rewritten in place on a terminal. Elsewhere (a log file, a pipe) it prints
/// a plain line every `interval` seconds when one is given, and the final state once at the end.
struct ProgressLine {
    /// Whether the line is redrawn in place (standard error is a terminal).
    let isLive = Terminal.stderrIsTerminal
    private let interval: Double?
    private var lastDraw = 0.0
    private var lastLength = 0

    /// A line that, away from a terminal, prints every `interval` seconds (nil: only at the end).
    init(interval: Double? = nil) {
        self.interval = interval
    }

    /// Redraws the line with `text` (at most ten times a second) on a terminal; elsewhere prints it as a line of
    /// its own when `interval` seconds have passed since the last one.
    mutating func update(_ text: String, seconds: Double) {
        if isLive {
            guard seconds - lastDraw >= 0.1 || lastDraw == 0 else { return }
            lastDraw = seconds
            draw(text)
        } else if let interval, seconds - lastDraw >= interval {
            lastDraw = seconds
            Terminal.error(text + "\n")
        }
    }

    /// Shows `text` at once, whatever the time since the last line: redrawn on a terminal, as a line of its own
    /// elsewhere when lines are printed periodically.
    mutating func show(_ text: String) {
        if isLive {
            draw(text)
        } else if interval != nil {
            Terminal.error(text + "\n")
        }
    }

    /// Prints the final state of the line and ends it.
    mutating func finish(_ text: String) {
        if isLive { draw(text) } else { Terminal.error(text) }
        Terminal.error("\n")
    }

    /// Ends a line drawn in place without a final text (before other output).
    mutating func clear() {
        guard isLive, lastLength > 0 else { return }
        Terminal.error("\r" + String(repeating: " ", count: lastLength) + "\r")
        lastLength = 0
    }

    private mutating func draw(_ text: String) {
        let padding = String(repeating: " ", count: max(0, lastLength - text.count))
        Terminal.error("\r" + text + padding)
        lastLength = text.count
    }
}
