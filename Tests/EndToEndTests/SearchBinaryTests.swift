import Foundation
import Testing

/// Runs the built `search` executable the way a user does, on the bundled corpus.
@Suite(.serialized)
struct SearchBinaryTests {
    /// The result of one run of the binary.
    struct Run {
        var status: Int32
        var stdout: String
        var stderr: String
    }

    static let packageRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    /// The `search` binary next to this test bundle in the build folder.
    static var binary: URL {
        var directory = URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent()
        for _ in 0..<4 where !FileManager.default.fileExists(atPath: directory.appendingPathComponent("search").path) {
            directory.deleteLastPathComponent()
        }
        return directory.appendingPathComponent("search")
    }

    /// A scratch folder in which `Corpus` links to the bundled corpus, as in a fresh clone.
    static let workspace: URL = {
        let folder = FileManager.default.temporaryDirectory
            .appendingPathComponent("search-e2e-\(ProcessInfo.processInfo.processIdentifier)")
        try? FileManager.default.removeItem(at: folder)
        try! FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try! FileManager.default.createSymbolicLink(
            at: folder.appendingPathComponent("Corpus"), withDestinationURL: packageRoot.appendingPathComponent("Corpus"))
        return folder
    }()

    static func run(_ arguments: [String], in directory: URL = workspace, input: String? = nil) throws -> Run {
        let process = Process()
        process.executableURL = binary
        process.arguments = arguments
        process.currentDirectoryURL = directory
        var environment = ProcessInfo.processInfo.environment
        environment["NO_COLOR"] = "1"
        process.environment = environment
        let out = Pipe()
        let err = Pipe()
        let inPipe = Pipe()
        process.standardOutput = out
        process.standardError = err
        process.standardInput = inPipe
        try process.run()
        if let input { inPipe.fileHandleForWriting.write(Data(input.utf8)) }
        try inPipe.fileHandleForWriting.close()
        // Drain both pipes before waiting so a large output cannot block the child.
        let outData = out.fileHandleForReading.readDataToEndOfFile()
        let errData = err.fileHandleForReading.readDataToEndOfFile()
        process.waitUntilExit()
        return Run(
            status: process.terminationStatus, stdout: String(decoding: outData, as: UTF8.self),
            stderr: String(decoding: errData, as: UTF8.self))
    }

    static func json(_ text: String) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
    }

    @Test func firstRunIndexesTheBundledCorpusAndRanksTheFoundingArticleFirst() throws {
        try? FileManager.default.removeItem(at: Self.workspace.appendingPathComponent(".search-index"))
        let first = try Self.run(["Shoigu Pyongyang", "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(first.stderr.contains("Indexing the bundled Corpus/"))
        #expect(first.stderr.split(separator: "\n").count == 1, "one progress line: \(first.stderr)")
        let results = try Self.json(first.stdout)
        let hits = try #require(results["hits"] as? [[String: Any]])
        let top = try #require(hits.first)
        #expect(top["title"] as? String == "Russian 'Militant Friendships' with China and North Korea Menace Japan")
        #expect(top["url"] as? String
            == "https://japan-forward.com/russian-militant-friendships-with-china-and-north-korea-menace-japan/")
        let snippet = try #require(top["snippet"] as? String)
        #expect(snippet.contains("<mark>Shoigu</mark>"))
        #expect(snippet.contains("<mark>Pyongyang</mark>"))
        #expect((top["score"] as? Double ?? 0) > 0)
        #expect((results["total"] as? Int ?? 0) >= 1)

        // The second run answers from the stored index: no indexing line, same answer.
        let second = try Self.run(["Shoigu Pyongyang", "--json"])
        #expect(second.status == 0)
        #expect(second.stderr.isEmpty, "\(second.stderr)")
        #expect(try Self.json(second.stdout)["total"] as? Int == results["total"] as? Int)
    }

    @Test func textOutputHighlightsBothWords() throws {
        _ = try Self.run(["Shoigu"])  // builds the default index if an earlier test did not
        let run = try Self.run(["Shoigu Pyongyang", "--color", "always", "--limit", "3"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(run.stdout.hasPrefix("1. \u{1B}[1mRussian 'Militant Friendships'"))
        #expect(run.stdout.contains("\u{1B}[1;33mShoigu\u{1B}[0m"))
        #expect(run.stdout.contains("\u{1B}[1;33mPyongyang\u{1B}[0m"))
    }

    @Test func indexCommandBuildsASearchableIndexFromHTMLAndJSONL() throws {
        let index = Self.workspace.appendingPathComponent("explicit.idx").path
        try? FileManager.default.removeItem(atPath: index)
        let jsonl = Self.workspace.appendingPathComponent("extra.jsonl")
        try Data("""
            {"id": "note-1", "url": "https://example.org/1", "title": "Kyodo wire", "body": "Shoigu landed in Pyongyang."}
            {"id": "note-2", "title": "Weather", "text": "Rain over Hokkaido all week."}

            """.utf8).write(to: jsonl)
        let built = try Self.run([
            "index", "--index", index, Self.packageRoot.appendingPathComponent("Corpus").path, jsonl.path, "--quiet",
        ])
        #expect(built.status == 0, "\(built.stderr)")

        let stats = try Self.json(try Self.run(["stats", "--index", index, "--json"]).stdout)
        #expect(stats["documents"] as? Int == 431)  // 430 pages, two of one URL, and 2 lines

        let phrase = try Self.json(try Self.run(["\"landed in pyongyang\"", "--index", index, "--json"]).stdout)
        #expect(phrase["total"] as? Int == 1)
        #expect(((phrase["hits"] as? [[String: Any]])?.first?["id"] as? String) == "note-1")

        let excluded = try Self.json(try Self.run(["+shoigu -wire", "--index", index, "--json"]).stdout)
        let ids = (excluded["hits"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
        #expect(ids.contains("japan-forward-russia-militant-friendships"))
        #expect(!ids.contains("note-1"))

        let misspelt = try Self.json(try Self.run(["Shoigu Pyongyng", "--index", index, "--json"]).stdout)
        #expect(misspelt["suggestion"] as? String == "Shoigu pyongyang")
        let human = try Self.run(["Shoigu Pyongyng", "--index", index, "--color", "never"]).stdout
        #expect(human.contains("Did you mean: Shoigu pyongyang\n"))
    }

    /// Each of `files` gzip-compressed by the system's gzip, as one member each.
    static func gzipMembers(_ files: [[UInt8]], in folder: URL) throws -> [[UInt8]] {
        let paths = try files.enumerated().map { number, bytes in
            let file = folder.appendingPathComponent("member-\(number)")
            try? FileManager.default.removeItem(at: file.appendingPathExtension("gz"))
            try Data(bytes).write(to: file)
            return file.path
        }
        let gzip = try Process.run(URL(fileURLWithPath: "/bin/gzip"), arguments: ["-n"] + paths)
        gzip.waitUntilExit()
        return try paths.map { [UInt8](try Data(contentsOf: URL(fileURLWithPath: $0 + ".gz"))) }
    }

    /// One WARC record with an HTTP response (or request) block.
    static func warcRecord(_ type: String, uri: String, http: String) -> [UInt8] {
        let block = Array(http.utf8)
        let header = "WARC/1.1\r\nWARC-Type: \(type)\r\nWARC-Target-URI: \(uri)\r\n"
            + "Content-Type: application/http; msgtype=\(type)\r\nContent-Length: \(block.count)\r\n\r\n"
        return Array(header.utf8) + block + Array("\r\n\r\n".utf8)
    }

    @Test func indexCommandReadsWARCArchivesAndSummarisesAsJSON() throws {
        let index = Self.workspace.appendingPathComponent("warc.idx").path
        for suffix in ["", "-human", "-quiet"] { try? FileManager.default.removeItem(atPath: index + suffix) }
        let page = "<html><head><title>Harbour report</title></head><body><article><p>The icebreaker Kapitan "
            + "Dranitsyn docked at Vladivostok.</p></article></body></html>"
        let members = try Self.gzipMembers([
            Self.warcRecord("request", uri: "https://example.org/port", http: "GET /port HTTP/1.1\r\n\r\n"),
            Self.warcRecord(
                "response", uri: "https://example.org/port",
                http: "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + page),
            Self.warcRecord(
                "response", uri: "https://example.org/cut",
                http: "HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n\r\n" + page),
        ], in: Self.workspace)
        let archive = Self.workspace.appendingPathComponent("crawl.warc.gz")
        try Data(members[0] + members[1] + members[2].dropLast(40)).write(to: archive)
        let run = try Self.run(["index", "--index", index, archive.path, "--json"])
        #expect(run.status == 1, "\(run.stderr)")
        let summary = try Self.json(run.stdout)
        #expect(summary["indexed"] as? Int == 1)
        #expect(summary["skipped"] as? Int == 1)
        #expect(summary["failed"] as? Int == 1)
        #expect(summary["bytes"] as? Int == members[0].count + members[1].count + members[2].count - 40)
        let failures = summary["failures"] as? [[String: Any]] ?? []
        #expect(failures.first?["origin"] as? String == "\(archive.path)@\(members[0].count + members[1].count)")
        #expect(run.stderr.contains("@\(members[0].count + members[1].count)"))

        let human = try Self.run(["index", "--index", index + "-human", archive.path])
        #expect(human.status == 1)
        #expect(human.stderr.hasSuffix("1 skipped, 1 failed, committed to \(index)-human\n"), "\(human.stderr)")
        let quiet = try Self.run(["index", "--index", index + "-quiet", archive.path, "--quiet"])
        #expect(quiet.status == 1)
        #expect(quiet.stderr.split(separator: "\n").map { $0.hasPrefix("search: failed \(archive.path)@") } == [true])

        let found = try Self.json(try Self.run(["Dranitsyn", "--index", index, "--json"]).stdout)
        let hit = (found["hits"] as? [[String: Any]])?.first
        #expect(hit?["id"] as? String == "https://example.org/port")
        #expect(hit?["url"] as? String == "https://example.org/port")
    }

    @Test(arguments: [(SIGINT, Int32(130), "SIGINT"), (SIGTERM, Int32(143), "SIGTERM")])
    func signalStopsReadingCommitsAndExits(signal: Int32, status: Int32, name: String) throws {
        let index = Self.workspace.appendingPathComponent("interrupted-\(name).idx").path
        try? FileManager.default.removeItem(atPath: index)
        let process = Process()
        process.executableURL = Self.binary
        process.arguments = ["index", "--index", index, "-", "--commit-every", "2"]
        let input = Pipe()
        let errors = Pipe()
        process.standardInput = input
        process.standardOutput = FileHandle.nullDevice
        process.standardError = errors
        try process.run()
        // Three documents arrive, and the pipe stays open, as from a crawler that is still fetching.
        input.fileHandleForWriting.write(Data("""
            {"id": "d1", "body": "Murmansk convoy one"}
            {"id": "d2", "body": "Murmansk convoy two"}
            {"id": "d3", "body": "Arkhangelsk convoy three"}

            """.utf8))
        // Two documents are committed (--commit-every 2) once the third has been read: then send the signal.
        var committed = 0
        for _ in 0..<1200 where committed < 2 {
            Thread.sleep(forTimeInterval: 0.05)
            let stats = try Self.run(["stats", "--index", index, "--json"])
            committed = stats.status == 0 ? (try Self.json(stats.stdout)["documents"] as? Int ?? 0) : 0
        }
        try #require(committed == 2)
        kill(process.processIdentifier, signal)
        let stderr = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        try? input.fileHandleForWriting.close()
        #expect(process.terminationReason == .exit, "killed instead of stopping: \(stderr)")
        #expect(process.terminationStatus == status, "\(stderr)")
        #expect(stderr.contains("Interrupted by \(name)"), "\(stderr)")

        let stats = try Self.json(try Self.run(["stats", "--index", index, "--json"]).stdout)
        #expect(stats["documents"] as? Int == 3)
        let found = try Self.json(try Self.run(["Arkhangelsk", "--index", index, "--json"]).stdout)
        #expect((found["hits"] as? [[String: Any]])?.first?["id"] as? String == "d3")
    }

    @Test func extractPrintsTheBenchmarkPredictionFormat() throws {
        let page = Self.packageRoot.appendingPathComponent("Corpus/japan-forward-russia-militant-friendships.html")
        let run = try Self.run(["extract", "--json", page.path])
        #expect(run.status == 0, "\(run.stderr)")
        let object = try Self.json(run.stdout)
        let article = try #require(object["japan-forward-russia-militant-friendships"] as? [String: Any])
        #expect(article["author"] as? String == "Duncan Bartlett")
        #expect(article["published"] as? String == "2023-08-05")
        #expect((article["articleBody"] as? String ?? "").contains("Armada of Warships"))
    }

    @Test(arguments: [
        (["search-this", "--index", "/nonexistent/index"], "no index"),
        (["   "], "empty"),
        (["\"unbalanced quote"], "quote"),
        (["index", "--index", "unused.idx", "/nonexistent/page.html"], "/nonexistent/page.html"),
    ])
    func badInputGivesAClearErrorAndNonZeroExit(arguments: [String], message: String) throws {
        let arguments = arguments.map { $0 == "unused.idx" ? Self.workspace.appendingPathComponent($0).path : $0 }
        let run = try Self.run(arguments)
        #expect(run.status != 0)
        #expect(run.stderr.lowercased().contains(message), "\(run.stderr)")
        #expect(!run.stderr.contains("Fatal error"))
    }
}
