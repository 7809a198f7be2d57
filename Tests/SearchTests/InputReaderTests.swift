import Foundation
import Search
import Testing

/// A temporary folder removed when the value goes away.
final class TemporaryFolder {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("search-tests-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    /// Writes `bytes` at `path` (relative), creating folders.
    @discardableResult
    func write(_ path: String, _ bytes: [UInt8]) throws -> URL {
        let file = url.appendingPathComponent(path)
        try FileManager.default.createDirectory(
            at: file.deletingLastPathComponent(), withIntermediateDirectories: true)
        try Data(bytes).write(to: file)
        return file
    }

    /// Writes `text` at `path` (relative).
    @discardableResult
    func write(_ path: String, _ text: String) throws -> URL { try write(path, Array(text.utf8)) }
}

/// gzip-compresses with the system's gzip, independently of the code under test.
func gzipped(_ bytes: [UInt8]) throws -> [UInt8] {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/bin/gzip")
    process.arguments = ["-c"]
    let input = Pipe()
    let output = Pipe()
    process.standardInput = input
    process.standardOutput = output
    try process.run()
    input.fileHandleForWriting.write(Data(bytes))
    try input.fileHandleForWriting.close()
    let data = output.fileHandleForReading.readDataToEndOfFile()
    process.waitUntilExit()
    return [UInt8](data)
}

func collect(_ paths: [String], format: InputFormat = .auto) throws
    -> (documents: [SourceDocument], failures: [(String, SourceError)])
{
    let (documents, _, failures) = try collectAll(paths, format: format)
    return (documents, failures)
}

/// Everything a reader yields for `paths`: documents, skips (origins) and failures.
func collectAll(_ paths: [String], format: InputFormat = .auto) throws
    -> (documents: [SourceDocument], skipped: [String], failures: [(String, SourceError)])
{
    var documents: [SourceDocument] = []
    var skipped: [String] = []
    var failures: [(String, SourceError)] = []
    try InputReader(format: format).read(paths) { item in
        switch item {
        case .document(let document): documents.append(document)
        case .skipped(let origin, _): skipped.append(origin)
        case .failure(let origin, let error): failures.append((origin, error))
        }
    }
    return (documents, skipped, failures)
}

struct GzipTests {
    @Test func roundTripsThroughSystemGzip() throws {
        let text = Array(String(repeating: "Pyongyang Hokkaido 東京 ", count: 5000).utf8)
        #expect(try Gzip.decompress(try gzipped(text)) == text)
    }

    @Test func concatenatedMembersAreAllRead() throws {
        let joined = try gzipped(Array("first ".utf8)) + gzipped(Array("second".utf8))
        #expect(try Gzip.decompress(joined) == Array("first second".utf8))
    }

    @Test func truncatedStreamIsAnError() throws {
        let whole = try gzipped(Array(String(repeating: "abc", count: 10_000).utf8))
        #expect(throws: SourceError.self) { try Gzip.decompress(Array(whole.prefix(whole.count / 2))) }
    }

    @Test func outputLimitStopsBombs() throws {
        let zeros = try gzipped([UInt8](repeating: 0, count: 4 << 20))
        #expect(throws: SourceError.self) { try Gzip.decompress(zeros, limit: 1 << 20) }
    }
}

struct InputReaderTests {
    @Test func walksDirectoriesRecursivelyInNameOrder() throws {
        let folder = try TemporaryFolder()
        try folder.write("b/page.html", "<html><body><p>b</p></body></html>")
        try folder.write("a.htm", "<html><body><p>a</p></body></html>")
        try folder.write("c/d/e.xhtml.gz", try gzipped(Array("<html><body><p>e</p></body></html>".utf8)))
        try folder.write("notes.txt", "ignored")
        let (documents, failures) = try collect([folder.url.path])
        #expect(failures.isEmpty)
        #expect(documents.map(\.id) == ["a", "b/page", "c/d/e"])
        guard case .html(let page) = documents[2].content else {
            Issue.record("expected a page")
            return
        }
        #expect(String(decoding: page, as: UTF8.self).contains("<p>e</p>"))
    }

    @Test func readsJSONLWithEveryBodyFieldAndReportsBadLines() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("docs.jsonl", """
            {"id": "1", "title": "One", "body": "first body", "url": "https://example.org/1"}
            {"id": 2, "text": "second text"}
            not json
            {"id": "4", "html": "<p>fourth</p>"}
            {"id": "5"}
            """)
        let (documents, failures) = try collect([file.path])
        #expect(documents.map(\.id) == ["1", "2", "4"])
        #expect(documents[0].title == "One")
        #expect(documents[0].url == "https://example.org/1")
        if case .text(let body) = documents[1].content { #expect(body == "second text") }
        if case .html(let page) = documents[2].content { #expect(page == Array("<p>fourth</p>".utf8)) }
        #expect(failures.map(\.0) == ["\(file.path):3", "\(file.path):5"])
    }

    @Test func jsonlStringsDecodeEveryEscapeAndBadLinesAreFailures() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("escapes.jsonl", #"""
            {"id": "a", "body": "tab\there \"quoted\" back\\slash \/ caf\u00e9 \ud83d\ude00 lone \ud800 end"}
            {"id": 12.5e1, "title": "", "body": "", "extra": {"nested": [1, {"x": "y"}], "flag": true}}
            {"id": "c", "body": "x"} trailing
            ["an", "array"]
            {"id": "e", "body": "unterminated}
            {"id": "f", "body": "ok",}
            """#)
        let (documents, failures) = try collect([file.path])
        #expect(documents.map(\.id) == ["a", "12.5e1", "f"])
        if case .text(let body) = documents[0].content {
            #expect(body == "tab\there \"quoted\" back\\slash / caf\u{e9} \u{1F600} lone \u{FFFD} end")
        }
        if case .text(let body) = documents[1].content { #expect(body.isEmpty) }
        #expect(documents[1].title == "")
        #expect(failures.map(\.0) == ["\(file.path):3", "\(file.path):4", "\(file.path):5"])
    }

    @Test func autoFormatSniffsContentWhenTheNameSaysNothing() throws {
        let folder = try TemporaryFolder()
        let jsonl = try folder.write("export", "{\"id\": \"x\", \"body\": \"hello\"}\n")
        let page = try folder.write("page", "<!doctype html><p>hi</p>")
        let (documents, _) = try collect([jsonl.path, page.path])
        #expect(documents.map(\.id) == ["x", "page"])
    }

    @Test func autoFormatLooksInsideGzipAndReportsUnknownContent() throws {
        let folder = try TemporaryFolder()
        let jsonl = try folder.write("export", try gzipped(Array("{\"id\": \"z\", \"body\": \"zipped\"}\n".utf8)))
        let page = try folder.write("page.jsonl", "\u{FEFF}\n\n   <!DOCTYPE html><p>named jsonl, holds a page</p>")
        let unknown = try folder.write("notes", "plain words, no markup")
        let (documents, failures) = try collect([jsonl.path, page.path, unknown.path])
        #expect(documents.map(\.id) == ["z", "page.jsonl"])
        #expect(failures.map(\.0) == [unknown.path])
        #expect("\(failures.first?.1 as Any)".contains("not a recognised format"))
    }

    @Test func gzippedJSONLStreamsLineByLine() throws {
        let folder = try TemporaryFolder()
        let lines = (1...5000).map { "{\"id\": \"\($0)\", \"body\": \"line \($0)\"}" }.joined(separator: "\n")
        let file = try folder.write("big.jsonl.gz", try gzipped(Array(lines.utf8)))
        let (documents, failures) = try collect([file.path])
        #expect(failures.isEmpty)
        #expect(documents.count == 5000)
        #expect(documents.last?.id == "5000")
    }

    @Test func totalBytesSumsTheFilesThatWouldBeRead() throws {
        let folder = try TemporaryFolder()
        try folder.write("a.html", "<p>12345</p>")
        try folder.write("sub/b.jsonl", "{}")
        try folder.write("skipped.txt", "not an input")
        let single = try folder.write("c.warc", "WARC/1.0")
        let reader = InputReader()
        #expect(reader.totalBytes(of: [folder.url.path]) == 12 + 2 + 8)
        #expect(reader.totalBytes(of: [single.path, "/nonexistent"]) == 8)
        #expect(reader.totalBytes(of: [single.path, "-"]) == nil)
    }

    @Test func missingFilesAndBrokenGzipAreReportedNotFatal() throws {
        let folder = try TemporaryFolder()
        let broken = try folder.write("broken.html.gz", Array(try gzipped(Array("<p>x</p>".utf8)).prefix(12)))
        let good = try folder.write("good.html", "<p>good</p>")
        let (documents, failures) = try collect(["/nonexistent/file.html", broken.path, good.path])
        #expect(documents.map(\.id) == ["good"])
        #expect(failures.count == 2)
        #expect("\(failures[0].1)".contains("no such file"))
        // The report says where the compressed data stops: the 12 bytes the file holds.
        #expect("\(failures[1].1)".contains("ends inside a member, at byte 12"))
    }
}
