import Foundation
import Search
import Testing

/// Builds WARC records the way crawlers write them: header fields, CRLF, the block, CRLF CRLF.
enum WARCFixture {
    static func record(_ type: String, uri: String? = nil, block: [UInt8], extraFields: [String] = []) -> [UInt8] {
        var header = "WARC/1.0\r\nWARC-Type: \(type)\r\nWARC-Record-ID: <urn:uuid:\(UUID().uuidString)>\r\n"
        if let uri { header += "WARC-Target-URI: \(uri)\r\n" }
        for field in extraFields { header += field + "\r\n" }
        header += "Content-Length: \(block.count)\r\n\r\n"
        return Array(header.utf8) + block + Array("\r\n\r\n".utf8)
    }

    static func response(
        _ uri: String, status: String = "200 OK", contentType: String? = "text/html; charset=utf-8",
        headers: [String] = [], body: [UInt8]
    ) -> [UInt8] {
        var head = "HTTP/1.1 \(status)\r\n"
        if let contentType { head += "Content-Type: \(contentType)\r\n" }
        for field in headers { head += field + "\r\n" }
        head += "\r\n"
        return record(
            "response", uri: uri, block: Array(head.utf8) + body,
            extraFields: ["Content-Type: application/http; msgtype=response"])
    }

    static func page(_ title: String, _ text: String) -> [UInt8] {
        Array("<html><head><title>\(title)</title></head><body><article><h1>\(title)</h1><p>\(text)</p>"
            .utf8) + Array("</article></body></html>".utf8)
    }

    /// A small crawl: 2 pages among 5 records that hold none.
    static func crawl() throws -> [[UInt8]] {
        let body = page("Chunked gzip", "Served gzipped in chunks, as servers do.")
        let zipped = try gzipped(body)
        var chunked: [UInt8] = Array("7\r\n".utf8)
        chunked += zipped[0..<7]
        chunked += Array("\r\n\(String(zipped.count - 7, radix: 16));ext=1\r\n".utf8)
        chunked += zipped[7...]
        chunked += Array("\r\n0\r\n\r\n".utf8)
        return [
            record("warcinfo", block: Array("software: test\r\n".utf8)),
            record("request", uri: "https://example.org/a", block: Array("GET /a HTTP/1.1\r\n\r\n".utf8)),
            response("https://example.org/a", body: page("Pyongyang visit", "Shoigu landed in Pyongyang.")),
            response("https://example.org/logo.png", contentType: "image/png", body: [0x89, 0x50, 0x4E, 0x47]),
            response("https://example.org/missing", status: "404 Not Found", body: page("Missing", "Gone.")),
            response(
                "https://example.org/b", headers: ["Transfer-Encoding: chunked", "Content-Encoding: gzip"],
                body: chunked),
            record("metadata", uri: "https://example.org/a", block: Array("fetchTimeMs: 12\r\n".utf8)),
        ]
    }
}

struct WARCReaderTests {
    func text(_ document: SourceDocument) -> String {
        guard case .html(let page) = document.content else { return "" }
        return String(decoding: page, as: UTF8.self)
    }

    @Test func plainWARCYieldsTheHTMLResponsesAndSkipsTheRest() throws {
        let folder = try TemporaryFolder()
        let records = try WARCFixture.crawl()
        let file = try folder.write("crawl.warc", records.flatMap { $0 })
        let (documents, skipped, failures) = try collectAll([file.path])
        #expect(failures.isEmpty, "\(failures)")
        #expect(documents.map(\.id) == ["https://example.org/a", "https://example.org/b"])
        #expect(documents.map(\.url) == ["https://example.org/a", "https://example.org/b"])
        #expect(text(documents[0]).contains("Shoigu landed in Pyongyang."))
        #expect(text(documents[1]).contains("Served gzipped in chunks"))
        #expect(skipped.count == 5)
        // Origins name the byte offset at which each record starts.
        let offsets = records.indices.map { records[..<$0].reduce(0) { $0 + $1.count } }
        #expect(documents.map(\.origin) == ["\(file.path)@\(offsets[2])", "\(file.path)@\(offsets[5])"])
    }

    @Test func gzipPerRecordWARCNamesRecordsByMemberOffset() throws {
        let folder = try TemporaryFolder()
        let members = try WARCFixture.crawl().map { try gzipped($0) }
        let file = try folder.write("crawl.warc.gz", members.flatMap { $0 })
        let (documents, skipped, failures) = try collectAll([file.path])
        #expect(failures.isEmpty, "\(failures)")
        #expect(documents.map(\.id) == ["https://example.org/a", "https://example.org/b"])
        #expect(skipped.count == 5)
        let offsets = members.indices.map { members[..<$0].reduce(0) { $0 + $1.count } }
        #expect(documents.map(\.origin) == ["\(file.path)@\(offsets[2])", "\(file.path)@\(offsets[5])"])
    }

    @Test func manyMembersAcrossReadChunksKeepTheirOffsets() throws {
        // Poorly compressible pages, so the file spans several of the reader's 1 MB chunks.
        var generator = SystemRandomNumberGenerator()
        let alphabet = Array("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789 ".utf8)
        let members = try (0..<60).map { number in
            let filler = String(decoding: (0..<60_000).map { _ in alphabet.randomElement(using: &generator)! },
                as: UTF8.self)
            return try gzipped(WARCFixture.response(
                "https://example.org/\(number)", body: WARCFixture.page("Page \(number)", filler)))
        }
        let folder = try TemporaryFolder()
        let file = try folder.write("large.warc.gz", members.flatMap { $0 })
        #expect(members.reduce(0) { $0 + $1.count } > 2 << 20)
        let (documents, _, failures) = try collectAll([file.path])
        #expect(failures.isEmpty)
        #expect(documents.map(\.id) == (0..<60).map { "https://example.org/\($0)" })
        let offsets = members.indices.map { members[..<$0].reduce(0) { $0 + $1.count } }
        #expect(documents.map(\.origin) == offsets.map { "\(file.path)@\($0)" })
    }

    @Test func truncatedLastRecordIsAFailureAfterTheGoodOnes() throws {
        let folder = try TemporaryFolder()
        let good = WARCFixture.response("https://example.org/good", body: WARCFixture.page("Good", "Whole."))
        let cut = WARCFixture.response("https://example.org/cut", body: WARCFixture.page("Cut", "Cut short."))
        let plain = try folder.write("cut.warc", good + cut.prefix(cut.count - 30))
        let zipped = try folder.write("cut.warc.gz", try gzipped(good) + Array(try gzipped(cut).dropLast(30)))
        for file in [plain, zipped] {
            let (documents, _, failures) = try collectAll([file.path])
            #expect(documents.map(\.id) == ["https://example.org/good"])
            let offset = file == plain ? good.count : try gzipped(good).count
            #expect(failures.map(\.0) == ["\(file.path)@\(offset)"])
        }
    }

    @Test func badHeaderAndBadGzipMemberAreSkippedAndReadingGoesOn() throws {
        let folder = try TemporaryFolder()
        let first = WARCFixture.response("https://example.org/1", body: WARCFixture.page("One", "First."))
        let third = WARCFixture.response("https://example.org/3", body: WARCFixture.page("Three", "Third."))
        let noLength = Array("WARC/1.0\r\nWARC-Type: response\r\nWARC-Target-URI: https://example.org/2\r\n\r\n".utf8)
            + Array("HTTP/1.1 200 OK\r\n\r\n<p>lost</p>\r\n\r\n".utf8)
        let plain = try folder.write("bad-header.warc", first + noLength + third)
        var (documents, _, failures) = try collectAll([plain.path])
        #expect(documents.map(\.id) == ["https://example.org/1", "https://example.org/3"])
        #expect(failures.map(\.0) == ["\(plain.path)@\(first.count)"])

        var damaged = try gzipped(WARCFixture.response("https://example.org/2", body: WARCFixture.page("Two", "2")))
        for index in 10..<damaged.count - 8 { damaged[index] ^= 0x5A }
        let firstMember = try gzipped(first)
        let zipped = try folder.write("bad-member.warc.gz", firstMember + damaged + (try gzipped(third)))
        (documents, _, failures) = try collectAll([zipped.path])
        #expect(documents.map(\.id) == ["https://example.org/1", "https://example.org/3"])
        #expect(failures.map(\.0) == ["\(zipped.path)@\(firstMember.count)"])
        #expect("\(failures.first?.1 as Any)".contains("gzip"))
    }

    @Test func oddHeaderLinesKeepThePageWhileBadCodingsAreFailures() throws {
        let folder = try TemporaryFolder()
        let page = WARCFixture.page("Kept", "Odd headers, good page.")
        let kept = WARCFixture.response(
            "https://example.org/kept", headers: ["a line without a colon", "X-Folded: one", "\ttwo"], body: page)
        let badChunks = WARCFixture.response(
            "https://example.org/chunks", headers: ["Transfer-Encoding: chunked"],
            body: Array("zz\r\nabc\r\n0\r\n\r\n".utf8))
        let brotli = WARCFixture.response("https://example.org/br", headers: ["Content-Encoding: br"], body: page)
        let badStatus = WARCFixture.record(
            "response", uri: "https://example.org/status", block: Array("SPDY 200\r\n\r\n<p>x</p>".utf8))
        let file = try folder.write("odd.warc", kept + badChunks + brotli + badStatus)
        let (documents, _, failures) = try collectAll([file.path])
        #expect(documents.map(\.id) == ["https://example.org/kept"])
        let offsets = [kept.count, kept.count + badChunks.count, kept.count + badChunks.count + brotli.count]
        #expect(failures.map(\.0) == offsets.map { "\(file.path)@\($0)" })
        #expect(failures.map { "\($0.1)" }.joined(separator: "|").contains("content encoding br"))
    }

    @Test func autoFormatFindsWARCInsideAnUnnamedGzipFile() throws {
        let folder = try TemporaryFolder()
        let file = try folder.write("download", try WARCFixture.crawl().map { try gzipped($0) }.flatMap { $0 })
        let (documents, _, failures) = try collectAll([file.path])
        #expect(failures.isEmpty)
        #expect(documents.count == 2)
    }

    @Test func directoriesPickUpWARCFiles() throws {
        let folder = try TemporaryFolder()
        try folder.write("crawl/one.warc.gz", try gzipped(try WARCFixture.crawl().flatMap { $0 }))
        try folder.write("crawl/page.html", "<p>page</p>")
        let (documents, _, _) = try collectAll([folder.url.path], format: .warc)
        #expect(documents.map(\.id) == ["https://example.org/a", "https://example.org/b"])
    }
}
