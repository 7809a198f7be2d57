#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Dispatch
import Search

/// Turns SIGINT (Ctrl-C) and SIGTERM into a raised `InterruptFlag`, so a batch can stop reading, commit what it
/// has and report, instead of dying mid-way. A second signal ends the process at once.
final class SignalTrap {
    private var sources: [DispatchSourceSignal] = []
    private let signals: [Int32]

    /// Starts catching `signals`; they raise `flag`.
    init(_ flag: InterruptFlag, signals: [Int32] = [SIGINT, SIGTERM]) {
        self.signals = signals
        for number in signals {
            // The default action would end the process before the dispatch source sees the signal.
            signal(number, SIG_IGN)
            let source = DispatchSource.makeSignalSource(signal: number, queue: .global())
            source.setEventHandler {
                if flag.signal != nil { _exit(128 + number) }
                flag.raise(signal: number)
            }
            source.resume()
            sources.append(source)
        }
    }

    deinit {
        for source in sources { source.cancel() }
        for number in signals { signal(number, SIG_DFL) }
    }

    /// The conventional name of a signal this trap catches ("SIGINT").
    static func name(of signal: Int32) -> String {
        switch signal {
        case SIGINT: "SIGINT"
        case SIGTERM: "SIGTERM"
        default: "signal \(signal)"
        }
    }
}
