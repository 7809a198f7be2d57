import Foundation
import SearchExtraction
import Testing

/// Hostile and degenerate input: extraction must never crash and must stay bounded in time and memory.
@Suite struct RobustnessTests {
    let extractor = ArticleExtractor()

    @Test func emptyInputThrowsEmpty() {
        #expect(throws: ExtractionError.empty) { try extractor.extract(html: []) }
        #expect(throws: ExtractionError.empty) { try extractor.extract(html: Array(" \n\t \r\n".utf8)) }
    }

    @Test func nulHeavyInputThrowsBinary() {
        var generator = SystemRandomNumberGenerator()
        var bytes = (0..<65_536).map { _ in UInt8.random(in: 0...255, using: &generator) }
        for k in stride(from: 0, to: bytes.count, by: 7) { bytes[k] = 0 }
        #expect(throws: ExtractionError.binary) { try extractor.extract(html: bytes) }
    }

    @Test(arguments: [
        [0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A] as [UInt8],  // PNG
        [0x1F, 0x8B, 0x08, 0x00],  // gzip (compressed HTML must be unpacked first)
        Array("%PDF-1.7\n".utf8),
    ])
    func knownBinarySignaturesThrowBinary(prefix: [UInt8]) {
        let bytes = prefix + Array(repeating: UInt8(ascii: "a"), count: 100)
        #expect(throws: ExtractionError.binary) { try extractor.extract(html: bytes) }
    }

    @Test func invalidUTF8IsRepairedNotFatal() throws {
        // Valid UTF-8 around stray bytes: the valid text survives, the bad bytes become U+FFFD.
        let html =
            Array("<html><head><meta charset=\"utf-8\"></head><body><p>Caf".utf8) + [0xC3, 0xA9]
            + Array(" ok ".utf8) + [0xFF, 0xC3, 0x28, 0xE2, 0x82]
            + Array(" après tout, ça va bien.</p></body></html>".utf8)
        let article = try extractor.extract(html: html)
        #expect(article.body.contains("Café ok"))
        #expect(article.body.contains("après tout, ça va bien."))
        #expect(article.body.contains("\u{FFFD}"))
    }

    @Test func scriptOnlyPageHasEmptyBody() throws {
        let html =
            "<html><head><script>var a = '<p>not text</p>';</script><style>p{color:red}</style></head>"
            + "<body><script>document.write('<div>x</div>')</script>"
            + "<noscript>Enable JavaScript</noscript></body></html>"
        let article = try extractor.extract(html: Array(html.utf8))
        #expect(article.body == "")
        #expect(article.title == nil)
    }

    @Test func hundredThousandNestedElementsDoNotOverflowTheStack() throws {
        let depth = 100_000
        var html = "<html><body>"
        html += String(repeating: "<div>", count: depth)
        html += "<p>The deepest paragraph, still found after a hundred thousand levels of markup nesting.</p>"
        html += String(repeating: "</div>", count: depth)
        html += "<p>A paragraph after the nesting, with words, commas, and a full stop at its end.</p></body></html>"
        let article = try extractor.extract(html: Array(html.utf8))
        #expect(article.body.contains("The deepest paragraph"))
    }

    @Test func unclosedInlineNestingDoesNotOverflowTheStack() throws {
        let html = "<html><body><p>start " + String(repeating: "<span><b>x ", count: 50_000) + "</p></body></html>"
        let article = try extractor.extract(html: Array(html.utf8))
        #expect(article.body.hasPrefix("start x x"))
    }

    @Test func hundredMegabytePageIsParsedToTheEnd() throws {
        let paragraph = Array(
            ("<p>Paragraph text of a very long page, with commas, clauses and plenty of words so that "
                + "it looks like prose to the scorer, repeated until the page is large.</p>\n").utf8)
        var html = Array("<html><head><title>Huge page</title></head><body><article>".utf8)
        html.reserveCapacity(100 * 1024 * 1024 + 4096)
        while html.count < 100 * 1024 * 1024 { html.append(contentsOf: paragraph) }
        html.append(
            contentsOf: Array("<p>The final paragraph marks the end of the page.</p></article></body></html>".utf8))
        let article = try extractor.extract(html: html)
        #expect(article.title == "Huge page")
        #expect(article.body.hasSuffix("The final paragraph marks the end of the page."))
        #expect(article.body.utf8.count > 90 * 1024 * 1024)
    }

    @Test func concurrentExtractionGivesIdenticalResults() throws {
        let html = try TestData.bytes("seed/japan-forward-russia-militant-friendships.html")
        let expected = try extractor.extract(html: html)
        let results = Results(count: 16)
        DispatchQueue.concurrentPerform(iterations: 16) { k in
            let article = try? ArticleExtractor().extract(html: html, url: nil)
            results.set(k, article)
        }
        for k in 0..<16 { #expect(results.get(k) == expected) }
    }

    /// A lock-protected result table for the concurrency test.
    final class Results: @unchecked Sendable {
        private var items: [Article?]
        private let lock = NSLock()
        init(count: Int) { items = Array(repeating: nil, count: count) }
        func set(_ k: Int, _ a: Article?) {
            lock.lock()
            items[k] = a
            lock.unlock()
        }
        func get(_ k: Int) -> Article? {
            lock.lock()
            defer { lock.unlock() }
            return items[k]
        }
    }
}
