import Foundation
import SearchIndex
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// CPU seconds used by the calling thread (unlike wall time, not inflated by other processes on a busy machine).
private func threadCPUSeconds() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

/// Indexing throughput and index size on a real corpus (scifact: 5,183 abstracts). Off by default; run with
/// `SEARCH_INDEX_BENCHMARK=1` (and `-c release -Xswiftc -enable-testing` for meaningful numbers). Prints, asserts
/// no timing.
@Suite struct IndexingThroughputTests {
    static let corpus =
        ProcessInfo.processInfo.environment["SEARCH_INDEX_CORPUS"]
        ?? "/work/shared/data/relevance/scifact/corpus.jsonl"
    static let enabled =
        ProcessInfo.processInfo.environment["SEARCH_INDEX_BENCHMARK"] == "1"
        && FileManager.default.fileExists(atPath: corpus)

    /// The corpus' lines {"id", "title", "text"} as documents.
    static func loadCorpus() throws -> [StoredDocument] {
        let text = try String(contentsOfFile: corpus, encoding: .utf8)
        return try text.split(separator: "\n").map { line in
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            return StoredDocument(
                id: "\(object["id"]!)", title: object["title"] as? String ?? "", body: object["text"] as? String ?? "")
        }
    }

    @Test(.enabled(if: enabled))
    func indexesScifact() throws {
        let documents = try Self.loadCorpus()
        let textBytes = documents.reduce(0) { $0 + $1.title.utf8.count + $1.body.utf8.count }
        var best = Double.infinity
        var bestCPU = Double.infinity
        var sizes: [String: Int] = [:]
        for round in 0..<3 {
            let directory = NSTemporaryDirectory() + "search-index-throughput-\(UUID().uuidString)"
            defer { try? FileManager.default.removeItem(atPath: directory) }
            let start = ContinuousClock.now
            let cpuStart = threadCPUSeconds()
            let writer = try IndexWriter(directory: directory, analyzer: .standard)
            for document in documents { try writer.add(document) }
            try writer.commit()
            let elapsed = ContinuousClock.now - start
            bestCPU = min(bestCPU, threadCPUSeconds() - cpuStart)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            best = min(best, seconds)
            let reader = try IndexReader(directory: directory)
            #expect(reader.documentCount == documents.count)
            if round == 0 {
                for name in try FileManager.default.contentsOfDirectory(atPath: directory) {
                    let size = try FileManager.default.attributesOfItem(atPath: "\(directory)/\(name)")[.size] as! Int
                    let kind = name.split(separator: ".").last.map(String.init) ?? name
                    sizes[kind, default: 0] += size
                }
            }
        }
        let total = sizes.values.reduce(0, +)
        print(
            "indexed \(documents.count) docs (\(textBytes) bytes of text) in \(String(format: "%.3f", best)) s: "
                + "\(Int(Double(documents.count) / best)) docs/s, "
                + "\(String(format: "%.1f", Double(textBytes) / best / 1e6)) MB/s wall; "
                + "\(String(format: "%.3f", bestCPU)) s CPU: \(Int(Double(documents.count) / bestCPU)) docs/s, "
                + "\(String(format: "%.1f", Double(textBytes) / bestCPU / 1e6)) MB/s; index \(total) bytes: "
                + sizes.sorted { $0.key < $1.key }.map { "\($0.key) \($0.value)" }.joined(separator: ", "))
    }
}
