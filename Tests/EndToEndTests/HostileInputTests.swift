import Foundation
import Testing

/// Inputs and queries built to break the engine: each must end in a clear error or a sensible result, and the
/// process must survive (no crash, no "Fatal error", no hang).
@Suite(.serialized)
struct HostileInputTests {
    /// A fresh folder under the end-to-end workspace.
    static func folder(_ name: String) throws -> URL {
        let url = SearchBinaryTests.workspace.appendingPathComponent("hostile-\(name)")
        try? FileManager.default.removeItem(at: url)
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func survived(_ run: SearchBinaryTests.Run) -> Bool {
        (run.status == 0 || run.status == 1) && !run.stderr.contains("Fatal error")
    }

    /// The hits' ids of a query run with `--json`.
    static func ids(_ run: SearchBinaryTests.Run) throws -> [String] {
        let hits = try SearchBinaryTests.json(run.stdout)["hits"] as? [[String: Any]] ?? []
        return hits.compactMap { $0["id"] as? String }
    }

    @Test func binaryFilesAreSkippedWithAClearMessage() throws {
        let folder = try Self.folder("binary")
        var generator = SystemRandomNumberGenerator()
        let noise = (0..<65_536).map { _ in UInt8.random(in: 0...255, using: &generator) }
        let blob = folder.appendingPathComponent("blob.bin")
        try Data(noise).write(to: blob)
        let png = folder.appendingPathComponent("photo.html")
        try Data([0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] + noise.prefix(4096)).write(to: png)
        let index = folder.appendingPathComponent("index").path
        let run = try SearchBinaryTests.run(["index", "--index", index, blob.path, png.path, "--quiet"])
        #expect(run.status == 1, "\(run.stderr)")
        // Content decides: noise is no format at all; a PNG named .html is a page that turns out to be binary.
        #expect(run.stderr.contains(
            "search: failed \(blob.path): unsupported input: not a recognised format (expected HTML, JSONL or WARC)"))
        #expect(run.stderr.contains("search: failed \(png.path): The input is binary data, not an HTML page."))
        #expect(!run.stderr.contains("Fatal error"))
    }

    @Test func invalidUTF8AndNULBytesInPagesAreIndexed() throws {
        let folder = try Self.folder("bytes")
        var page = Array("<html><head><title>Broken bytes</title></head><body><p>Quokkas ".utf8)
        page += [0xFF, 0xFE, 0xC3, 0x28, 0xE2, 0x82, 0x00, 0xF0, 0x90, 0x28] + Array(" wombats ".utf8) + [0x00]
        page += Array(" platypus</p></body></html>".utf8)
        try Data(page).write(to: folder.appendingPathComponent("broken.html"))
        let jsonl = #"{"id": "nul", "title": "N\u0000L", "body": "echidna\u0000numbat"}"# + "\n"
        try Data(jsonl.utf8).write(to: folder.appendingPathComponent("nul.jsonl"))
        let index = folder.appendingPathComponent("index").path
        let run = try SearchBinaryTests.run(["index", "--index", index, folder.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Self.ids(try SearchBinaryTests.run(["wombats", "--index", index, "--json"])) == ["broken"])
        #expect(try Self.ids(try SearchBinaryTests.run(["platypus", "--index", index, "--json"])) == ["broken"])
        #expect(try Self.ids(try SearchBinaryTests.run(["numbat", "--index", index, "--json"])) == ["nul"])
        #expect(try SearchBinaryTests.run(["check", "--index", index]).status == 0)
    }

    /// Several minutes in a debug build, so it runs only with `SEARCH_LARGE_TESTS=1` (the extraction of a
    /// 100 MB page alone is covered by `RobustnessTests` on every run).
    @Test(.enabled(if: ProcessInfo.processInfo.environment["SEARCH_LARGE_TESTS"] == "1"))
    func hundredMegabytePageIsIndexedInBoundedMemory() throws {
        let folder = try Self.folder("huge")
        defer { try? FileManager.default.removeItem(at: folder) }
        let paragraph = Array("<p>Ordinary words about harbours, ministers and storms fill this paragraph.</p>\n".utf8)
        var page = Array("<html><head><title>Enormous</title></head><body><article>".utf8)
        page.reserveCapacity(100 << 20 + 4096)
        while page.count < 100 << 20 { page += paragraph }
        page += Array("<p>Final zyzzyva.</p></article></body></html>".utf8)
        try Data(page).write(to: folder.appendingPathComponent("huge.html"))
        page = []
        let index = folder.appendingPathComponent("index").path
        let run = try SearchBinaryTests.run(["index", "--index", index, folder.path, "--quiet"])
        #expect(Self.survived(run), "\(run.status) \(run.stderr)")
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Self.ids(try SearchBinaryTests.run(["zyzzyva", "--index", index, "--json"])) == ["huge"])
        var usage = rusage()
        getrusage(RUSAGE_CHILDREN.rawValue, &usage)
        #expect(usage.ru_maxrss < 4 << 20, "largest child resident set: \(usage.ru_maxrss) KB")  // under 4 GB
    }

    @Test func hundredThousandNestedElementsAreIndexed() throws {
        let folder = try Self.folder("nested")
        let depth = 100_000
        let page = "<html><body>" + String(repeating: "<div>", count: depth) + "<p>Deep aardvark.</p>"
            + String(repeating: "</div>", count: depth) + "</body></html>"
        try Data(page.utf8).write(to: folder.appendingPathComponent("deep.html"))
        let index = folder.appendingPathComponent("index").path
        let run = try SearchBinaryTests.run(["index", "--index", index, folder.path, "--quiet"])
        #expect(run.status == 0, "\(run.stderr)")
        #expect(try Self.ids(try SearchBinaryTests.run(["aardvark", "--index", index, "--json"])) == ["deep"])
    }

    @Test func symlinkLoopInAnInputDirectoryEnds() throws {
        let folder = try Self.folder("loop")
        let pages = folder.appendingPathComponent("pages")
        try FileManager.default.createDirectory(at: pages, withIntermediateDirectories: true)
        try Data("<html><body><p>Looping lemur.</p></body></html>".utf8)
            .write(to: pages.appendingPathComponent("a.html"))
        try FileManager.default.createSymbolicLink(
            atPath: pages.appendingPathComponent("self").path, withDestinationPath: ".")
        try FileManager.default.createSymbolicLink(
            atPath: pages.appendingPathComponent("up").path, withDestinationPath: pages.path)
        let index = folder.appendingPathComponent("index").path
        let run = try SearchBinaryTests.run(["index", "--index", index, pages.path, "--quiet"])
        #expect(Self.survived(run), "\(run.status) \(run.stderr)")
        let stats = try SearchBinaryTests.json(try SearchBinaryTests.run(["stats", "--index", index, "--json"]).stdout)
        #expect(stats["documents"] as? Int == 1)
    }

    @Test(arguments: [
        ("terms", "too long"),
        ("parentheses", "too deeply"),
        ("quotes", "quote"),
    ])
    func hostileQueriesGetAClearError(kind: String, message: String) throws {
        _ = try SearchBinaryTests.run(["Shoigu"])  // the default index
        let query: String
        switch kind {
        case "terms": query = (0..<10_000).map { "w\($0)" }.joined(separator: " ")
        case "parentheses": query = String(repeating: "(", count: 100_000) + "shoigu"
        default: query = #"shoigu "north korea" "pyongyang"#
        }
        let run = try SearchBinaryTests.run([query])
        #expect(run.status != 0)
        #expect(!run.stderr.contains("Fatal error"))
        #expect(run.stderr.lowercased().contains(message), "\(run.stderr)")
    }

    @Test(arguments: ["the of and", "!!! ... ??? ;;; ---", "--- +++ ***"])
    func stopWordAndPunctuationQueriesEndGracefully(query: String) throws {
        _ = try SearchBinaryTests.run(["Shoigu"])
        let run = try SearchBinaryTests.run(["--json", "--", query])
        #expect(Self.survived(run), "\(run.status) \(run.stderr)")
        if run.status == 0 {
            #expect(try SearchBinaryTests.json(run.stdout)["total"] is Int)
        } else {
            #expect(!run.stderr.isEmpty)
        }
    }
}
