import Foundation
import SearchExtraction
import Testing

/// Article Extraction Benchmark runs, switched on by environment variables so that `swift test` stays fast:
///
///     AEB_OUT=/tmp/aeb.json swift test --filter AEBBenchmarkTests
///     python3 ../shared/data/extraction/eval_extraction.py \
///         ../shared/data/extraction/aeb/ground-truth.json /tmp/aeb.json
///
///     AEB_SPEED=1 swift test -c release --filter AEBBenchmarkTests   # prints pages/s on one thread
@Suite struct AEBBenchmarkTests {
    static let environment = ProcessInfo.processInfo.environment

    /// All benchmark pages, decompressed: (id, html).
    static func pages() throws -> [(String, [UInt8])] {
        let directory = TestData.sharedData.appendingPathComponent("extraction/aeb/html")
        let names = try FileManager.default.contentsOfDirectory(atPath: directory.path)
            .filter { $0.hasSuffix(".html.gz") }.sorted()
        #expect(names.count == 181, "AEB pages missing in \(directory.path)")
        return try names.map { name in
            (String(name.dropLast(".html.gz".count)), try TestData.gunzip(directory.appendingPathComponent(name).path))
        }
    }

    @Test(.enabled(if: environment["AEB_OUT"] != nil))
    func writePredictions() throws {
        let extractor = ArticleExtractor()
        var output: [String: [String: String]] = [:]
        for (id, html) in try Self.pages() {
            let article = try extractor.extract(html: html)
            output[id] = ["articleBody": article.body, "title": article.title ?? ""]
        }
        let data = try JSONSerialization.data(withJSONObject: output, options: [.sortedKeys])
        try data.write(to: URL(fileURLWithPath: Self.environment["AEB_OUT"]!))
    }

    static func threadCPUSeconds() -> Double {
        var t = timespec()
        clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t)
        return Double(t.tv_sec) + Double(t.tv_nsec) * 1e-9
    }

    @Test(.enabled(if: environment["AEB_SPEED"] != nil))
    func measurePagesPerSecond() throws {
        let pages = try Self.pages()
        let extractor = ArticleExtractor()
        let rounds = Int(Self.environment["AEB_ROUNDS"] ?? "") ?? 5
        var bodyBytes = 0
        _ = try extractor.extract(html: pages[0].1)
        let clock = ContinuousClock()
        let cpuStart = Self.threadCPUSeconds()
        let elapsed = try clock.measure {
            for _ in 0..<rounds {
                for (_, html) in pages { bodyBytes += try extractor.extract(html: html).body.utf8.count }
            }
        }
        // CPU time of this thread: what one core delivers, even when other jobs share the machine.
        let cpu = Self.threadCPUSeconds() - cpuStart
        let wall = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        let total = Double(pages.count * rounds)
        let megabytes = Double(pages.reduce(0) { $0 + $1.1.count } * rounds) / 1e6
        print(
            "AEB speed: \(Int(total)) pages, \(Int(total / cpu)) pages/s (\(Int(megabytes / cpu)) MB/s) per "
                + "CPU second of one thread; wall clock \(Int(total / wall)) pages/s; \(bodyBytes) body bytes")
        #expect(bodyBytes > 0)
    }
}
