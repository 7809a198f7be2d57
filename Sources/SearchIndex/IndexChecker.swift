/// Verifies a whole index without trusting any of it: every file's checksum and header, the manifest against
/// the segments it lists, and the content of every term dictionary block, postings list, positions run, norms
/// array and stored-fields block, decoded far enough to prove that a reader can use it.
///
/// A reader opening an index checks envelopes and directories only; `check()` reads every byte, so it costs
/// about as much as reading the index once. Problems are collected, not thrown, so one run reports every
/// damaged file.
public struct IndexChecker {
    /// The index directory.
    public let directory: String

    /// A checker for the index in `directory`.
    public init(directory: String) {
        self.directory = directory
    }

    /// Checks the latest commit. Throws `IndexError.missing` if `directory` holds no index (no manifest);
    /// everything else that is wrong is in the report's `problems`.
    public func check() throws(IndexError) -> IndexCheckReport {
        let path = "\(directory)/\(Manifest.fileName)"
        guard FileSystem.isDirectory(directory), let bytes = try FileSystem.readFile(path) else {
            throw .missing(directory)
        }
        var report = IndexCheckReport()
        report.fileCount = 1
        report.byteCount = bytes.count
        let decoded = bytes.withUnsafeBytes { raw in
            Result { () throws(IndexError) in try Manifest.decode(raw, path: path) }
        }
        let manifest: Manifest
        switch decoded {
        case .success(let value): manifest = value
        case .failure(let error):
            report.problems.append(Self.problem(error))
            return report
        }
        report.segmentCount = manifest.segments.count
        for info in manifest.segments {
            report.documentCount += info.liveDocumentCount
            report.deletedCount += info.deletedCount
            if let number = SegmentFiles.number(of: info.name), number >= manifest.nextSegmentNumber {
                report.problems.append(
                    "\(path): segment \(info.name) is numbered at or above the next segment number "
                        + "\(manifest.nextSegmentNumber)")
            }
            var segment = SegmentChecker(directory: directory, info: info)
            segment.check()
            report.fileCount += segment.fileCount
            report.byteCount += segment.byteCount
            report.problems += segment.problems
        }
        return report
    }

    /// The sentence for a problem found as an error: the file and what is wrong.
    static func problem(_ error: IndexError) -> String {
        if case .corrupt(let what) = error { return what }
        return error.description
    }
}
