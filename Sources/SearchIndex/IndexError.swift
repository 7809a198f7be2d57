import SearchAnalysis

/// Errors opening, reading or writing an index; `description` is a sentence for users.
public enum IndexError: Error, CustomStringConvertible, Equatable {
    /// There is no index (no manifest) in the directory.
    case missing(String)
    /// A file is damaged; the text names the file and what is wrong with it.
    case corrupt(String)
    /// A file was written by a format version this build cannot read (`supported` is the one it writes).
    case unsupportedVersion(file: String, version: UInt32, supported: UInt32)
    /// The index was built with a different analyzer than the one requested.
    case analyzerMismatch(directory: String, index: AnalyzerKind, requested: AnalyzerKind)
    /// Another writer holds the index's write lock; `pid` is its process, if the lock file names one.
    case locked(directory: String, pid: Int32?)
    /// A document number outside `0..<count` was asked for.
    case documentOutOfRange(doc: UInt32, count: Int)
    /// A system call failed; the text names the operation, the file and the system's reason.
    case io(String)
    /// Work was stopped before it finished (a background merge, when its writer closed).
    case cancelled

    /// A sentence for users.
    public var description: String {
        switch self {
        case .missing(let directory):
            return "no index at \(directory)"
        case .corrupt(let what):
            return "the index is corrupt: \(what)"
        case .unsupportedVersion(let file, let version, let supported):
            let oldest = FileFormat.readableVersions.lowerBound
            let versions = oldest == supported ? "version \(supported)" : "versions \(oldest) to \(supported)"
            return "\(file) has index format version \(version), but this build reads only \(versions); "
                + "index the documents again into a new directory"
        case .analyzerMismatch(let directory, let index, let requested):
            return "the index at \(directory) was built with the \(index.rawValue) analyzer, "
                + "not the requested \(requested.rawValue) analyzer"
        case .locked(let directory, let pid?):
            return "\(directory): index is locked by PID \(pid), which is writing to it"
        case .locked(let directory, nil):
            return "\(directory): index is locked by another process, which is writing to it"
        case .documentOutOfRange(let doc, let count):
            return "document \(doc) does not exist (the segment has \(count) documents)"
        case .io(let what):
            return what
        case .cancelled:
            return "stopped before it finished"
        }
    }
}
