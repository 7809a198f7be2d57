import Foundation
import SearchAnalysis

@testable import SearchIndex

/// The seeded generator of the property tests, so failures reproduce.
typealias SeededGenerator = SplitMix64

/// A fresh empty directory under the system's temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let path: String

    init(_ label: String = #function) {
        let name = label.filter { $0.isLetter || $0.isNumber }
        path = NSTemporaryDirectory() + "search-index-tests-\(name)-\(UUID().uuidString)"
        try! FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }

    func file(_ name: String) -> String { "\(path)/\(name)" }

    func remove() { try? FileManager.default.removeItem(atPath: path) }
}

/// Reads a whole file.
func readBytes(_ path: String) -> [UInt8] {
    [UInt8](FileManager.default.contents(atPath: path)!)
}

/// Writes a whole file.
func writeBytes(_ bytes: [UInt8], to path: String) {
    _ = FileManager.default.createFile(atPath: path, contents: Data(bytes))
}

/// Whether `body` throws `IndexError.corrupt`.
func throwsCorrupt(_ body: () throws -> Void) -> Bool {
    do {
        try body()
        return false
    } catch let error as IndexError {
        if case .corrupt = error { return true }
        return false
    } catch {
        return false
    }
}
