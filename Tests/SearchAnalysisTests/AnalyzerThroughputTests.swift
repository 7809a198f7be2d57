import Foundation
import SearchAnalysis
import Testing

/// Tokenizer throughput on real text, in MB/s. Measurement only (no timing assertions): run it in release with
/// `SEARCH_ANALYSIS_THROUGHPUT=1 swift test -c release --filter AnalyzerThroughputTests`.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["SEARCH_ANALYSIS_THROUGHPUT"] == "1"), .serialized)
struct AnalyzerThroughputTests {
    /// The shared data folder (`../shared/data` from the project root): the nearest ancestor of this file
    /// that has one.
    static let dataDirectory: URL = {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/" {
            let candidate = directory.appendingPathComponent("shared/data")
            if FileManager.default.fileExists(atPath: candidate.path) { return candidate }
            directory.deleteLastPathComponent()
        }
        return URL(fileURLWithPath: "/missing/shared/data")
    }()

    /// The text of the Wikipedia demo pages: tags, scripts and styles crudely removed, entities left as is.
    static func wikipediaText() throws -> [UInt8] {
        let directory = dataDirectory.appendingPathComponent("demo-corpus/wikipedia")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".html") }.sorted()
        #expect(names.count > 400, "the Wikipedia demo corpus is missing")
        var text: [UInt8] = []
        for name in names {
            let html = try Data(contentsOf: directory.appendingPathComponent(name))
            stripTags(Array(html), into: &text)
        }
        return text
    }

    /// Appends the bytes of `html` outside `<…>` tags and outside script and style elements.
    static func stripTags(_ html: [UInt8], into text: inout [UInt8]) {
        var index = 0
        var skipping: [UInt8]? = nil   // the closing tag that ends a script or style element
        while index < html.count {
            if html[index] == UInt8(ascii: "<") {
                let rest = html[index...].prefix(8).map { $0 | 0x20 }
                if let closing = skipping {
                    if rest.starts(with: closing) { skipping = nil } else { index += 1; continue }
                } else if rest.starts(with: Array("<script".utf8)) {
                    skipping = Array("</script".utf8)
                } else if rest.starts(with: Array("<style".utf8)) {
                    skipping = Array("</style".utf8)
                }
                while index < html.count && html[index] != UInt8(ascii: ">") { index += 1 }
                text.append(UInt8(ascii: " "))
            } else if skipping == nil {
                text.append(html[index])
            }
            index += 1
        }
    }

    /// The `title` and `text` values of the SciFact corpus (JSON lines).
    static func scifactText() throws -> [UInt8] {
        let url = dataDirectory.appendingPathComponent("relevance/scifact/corpus.jsonl")
        var text: [UInt8] = []
        for line in try String(contentsOf: url, encoding: .utf8).split(separator: "\n") {
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as! [String: Any]
            text.append(contentsOf: "\(object["title"] as! String)\n\(object["text"] as! String)\n".utf8)
        }
        return text
    }

    /// CPU time of the calling thread in seconds: unlike wall time, it does not count the time the thread
    /// waits while other builds share the machine.
    static func threadTime() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
    }

    /// Best-of-`rounds` throughput of `kind` over `text`, printed with the token count.
    static func measure(_ kind: AnalyzerKind, _ name: String, _ text: [UInt8], rounds: Int = 15) {
        var analyzer = Analyzer(kind)
        var best = Double.infinity
        var tokens = 0
        var termBytes = 0
        for _ in 0..<rounds {
            var count = 0
            var bytes = 0
            let start = threadTime()
            text.withUnsafeBufferPointer { text in
                _ = analyzer.analyze(text) { term, _, _, _ in
                    count &+= 1
                    bytes &+= term.count
                }
            }
            best = min(best, threadTime() - start)
            (tokens, termBytes) = (count, bytes)
        }
        let megabytes = Double(text.count) / 1_000_000
        print("\(name) \(kind): \(String(format: "%.1f", megabytes)) MB, \(tokens) tokens (\(termBytes) term bytes), "
            + "\(String(format: "%.0f", megabytes / best)) MB/s")
        #expect(tokens > 0)
    }

    @Test func tableConstruction() {
        // Must run first in a fresh process to measure anything: the tables are built once per process.
        for kind in AnalyzerKind.allCases {
            let start = Self.threadTime()
            _ = Analyzer(kind)
            let milliseconds = (Self.threadTime() - start) * 1000
            print("first \(kind) analyzer (builds its tables): \(String(format: "%.1f", milliseconds)) ms")
        }
    }

    @Test func wikipedia() throws {
        let text = try Self.wikipediaText()
        for kind in AnalyzerKind.allCases { Self.measure(kind, "wikipedia", text) }
    }

    @Test func scifact() throws {
        let text = try Self.scifactText()
        for kind in AnalyzerKind.allCases { Self.measure(kind, "scifact", text) }
    }
}
