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
        #expect(stats["documents"] as? Int == 432)

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
