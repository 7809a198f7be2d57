import Foundation
import Search
import SearchIndex

/// First-use indexing of the `Corpus/` folder that ships with the project.
enum BundledCorpus {
    /// The folder, relative to the current directory.
    static let directory = "Corpus"

    /// Builds the default index from `Corpus/` when no `--index` was given, the folder is there, and the default
    /// index does not exist yet or was written by an older index format (it holds nothing but `Corpus/`, so it is
    /// rebuilt). Prints one progress line on standard error.
    static func indexIfNeeded(_ location: IndexLocation) throws {
        guard location.index == nil else { return }
        var isDirectory: ObjCBool = false
        let corpusExists = FileManager.default.fileExists(atPath: directory, isDirectory: &isDirectory)
            && isDirectory.boolValue
        do {
            _ = try IndexReader(directory: location.directory)
            return
        } catch let error as IndexError {
            switch error {
            case .missing: break
            case .unsupportedVersion where corpusExists:
                try FileManager.default.removeItem(atPath: location.directory)
            default: throw error
            }
        }
        guard corpusExists else { return }
        let indexer = try ArticleIndexer(directory: location.directory)
        var line = ProgressLine()
        let label = "Indexing the bundled \(directory)/ into \(location.directory)/"
        let summary = try indexer.index([directory]) { progress in
            line.update("\(label): \(progress.documents) documents", seconds: progress.seconds)
        }
        let rate = Double(summary.indexed) / max(summary.seconds, 1e-9)
        let skipped = summary.failures.isEmpty ? "" : ", \(summary.failures.count) skipped"
        line.finish(
            "\(label): \(summary.indexed) documents in \(Format.fixed(summary.seconds, 1)) s "
                + "(\(Format.fixed(rate, 0)) docs/s)\(skipped)")
    }
}
