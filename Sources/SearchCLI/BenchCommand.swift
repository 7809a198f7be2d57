import ArgumentParser
import Dispatch
import Foundation
import Search

/// `search bench`: query latency over a query log, per query type, after warm-up.
struct BenchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "bench",
        abstract: "Measure query latency on an index over a query file.",
        discussion: """
            QUERIES holds one query per line, or JSONL lines {"query": "...", "tags": [...]}. Every query runs \
            --warmup times, then --runs times, each pass in a new shuffled order, on one thread. Prints p50, p90, \
            p99 and mean latency and queries per second per query type (term, intersection, union, phrase, other). \
            With --out DIR, also writes DIR/latency.json with every sample.
            """
    )

    /// What each query computes.
    enum Mode: String, ExpressibleByArgument, CaseIterable {
        case top10, count, top10count
    }

    @OptionGroup var location: IndexLocation

    @Option(help: "The query file.")
    var queries: String

    @Option(help: "top10 (best 10 hits), count (exact hit count) or top10count (both).")
    var mode: Mode = .top10

    @Option(help: "Unmeasured passes over all queries.")
    var warmup = 1

    @Option(help: "Measured passes over all queries.")
    var runs = 5

    @Option(help: "A folder for latency.json.")
    var out: String?

    @Option(help: "Seed of the shuffles.")
    var seed: UInt64 = 42

    func validate() throws {
        guard warmup >= 0, runs >= 1 else { throw ValidationError("--warmup must be ≥ 0 and --runs ≥ 1") }
    }

    func run() throws {
        let searcher = try ArticleSearcher(directory: location.directory)
        let lines = try Self.loadQueries(queries)
        var prepared: [(text: String, kind: String, query: Query)] = []
        for text in lines {
            do {
                prepared.append((text, Self.kind(of: text), try QueryParser.parse(text)))
            } catch {
                Terminal.error("search: skipped query \(text): \(error)\n")
            }
        }
        guard !prepared.isEmpty else { throw ValidationError("no usable query in \(queries)") }

        var micros = Array(repeating: [Double](), count: prepared.count)
        var counts = Array(repeating: 0, count: prepared.count)
        var tops = Array(repeating: [ScoredDocument](), count: prepared.count)
        var generator = SplitMix64(seed: seed)
        var order = Array(prepared.indices)
        let engine = searcher.searcher
        // For before/after comparisons: top10 through `search`, which counts every match (no block-max pruning).
        let exhaustive = ProcessInfo.processInfo.environment["SEARCH_BENCH_EXHAUSTIVE"] == "1"
        // Read once: an option's getter costs more than the cheapest queries' differences.
        let mode = self.mode
        for pass in 0..<(warmup + runs) {
            order.shuffle(using: &generator)
            for i in order {
                let start = DispatchTime.now().uptimeNanoseconds
                switch mode {
                case .top10:
                    tops[i] = exhaustive
                        ? engine.search(prepared[i].query, limit: 10).hits
                        : engine.topHits(prepared[i].query, limit: 10)
                case .count:
                    counts[i] = engine.count(prepared[i].query)
                case .top10count:
                    let top = engine.search(prepared[i].query, limit: 10)
                    tops[i] = top.hits
                    counts[i] = top.total
                }
                let elapsed = Double(DispatchTime.now().uptimeNanoseconds - start) / 1000
                if pass >= warmup { micros[i].append(elapsed) }
            }
        }

        var samplesByKind: [String: [Double]] = [:]
        for (i, entry) in prepared.enumerated() { samplesByKind[entry.kind, default: []] += micros[i] }
        print("type          queries      p50 µs      p90 µs      p99 µs     mean µs          qps")
        for kind in ["term", "intersection", "union", "phrase", "other"] {
            guard var samples = samplesByKind[kind], !samples.isEmpty else { continue }
            samples.sort()
            let mean = samples.reduce(0, +) / Double(samples.count)
            let queryCount = prepared.filter { $0.kind == kind }.count
            print(
                kind.padding(toLength: 12, withPad: " ", startingAt: 0)
                    + [Double(queryCount), Self.percentile(samples, 0.5), Self.percentile(samples, 0.9),
                       Self.percentile(samples, 0.99), mean, 1e6 / mean]
                    .enumerated().map { index, value in
                        let text = index == 0 ? String(Int(value)) : Format.fixed(value, 1)
                        return String(repeating: " ", count: max(1, 12 - text.count)) + text
                    }.joined())
        }

        if let out {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            var entries: [JSONOutput] = []
            for (i, entry) in prepared.enumerated() {
                var ids: [JSONOutput] = []
                for hit in tops[i] {
                    ids.append(.string(try searcher.reader.segments[hit.segment].document(hit.doc).id))
                }
                entries.append(.object([
                    ("query", .string(entry.text)),
                    ("type", .string(entry.kind)),
                    ("micros", .array(micros[i].map { .double($0) })),
                    ("count", mode == .top10 ? .null : .int(counts[i])),
                    ("top10", mode == .count ? .null : .array(ids)),
                ]))
            }
            let text = JSONOutput.object([("queries", .array(entries))]).text
            try Data(text.utf8).write(to: URL(fileURLWithPath: out + "/latency.json"))
        }
    }

    /// The query texts of `path`: the `query` field of JSON lines, or whole lines otherwise.
    static func loadQueries(_ path: String) throws -> [String] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw ValidationError("cannot read the query file \(path)")
        }
        var queries: [String] = []
        for line in String(decoding: data, as: UTF8.self).split(whereSeparator: \.isNewline) {
            let trimmed = line.trimmingCharacters(in: .whitespaces)
            guard !trimmed.isEmpty else { continue }
            if trimmed.hasPrefix("{") {
                let object = try? JSONSerialization.jsonObject(with: Data(trimmed.utf8)) as? [String: Any]
                if let query = object?["query"] as? String { queries.append(query) }
            } else {
                queries.append(trimmed)
            }
        }
        return queries
    }

    /// The search-benchmark-game type of a query: `a` term, `+a +b` intersection, `a b` union, `"a b"` phrase.
    static func kind(of text: String) -> String {
        let words = text.split(separator: " ")
        if text.hasPrefix("\"") && text.hasSuffix("\"") && text.count > 1 { return "phrase" }
        if words.count == 1 { return text.first == "+" || text.first == "-" ? "other" : "term" }
        if words.allSatisfy({ $0.hasPrefix("+") }) { return "intersection" }
        if words.allSatisfy({ $0.first?.isLetter == true || $0.first?.isNumber == true }) { return "union" }
        return "other"
    }

    /// The `q`-quantile of sorted `samples` (nearest rank).
    static func percentile(_ samples: [Double], _ q: Double) -> Double {
        let rank = Int((q * Double(samples.count)).rounded(.up))
        return samples[max(0, min(samples.count - 1, rank - 1))]
    }
}

