import SearchExtraction
import Testing

/// Encodings: detection from BOM and declarations, and the decoded text that reaches the article.
@Suite struct CharsetDetectorTests {
    let extractor = ArticleExtractor()

    /// A page whose paragraph is `text` (bytes in the page's encoding) after an ASCII `head`.
    func page(head: String, text: [UInt8]) -> [UInt8] {
        Array("<html><head>\(head)<title>t</title></head><body><article><p>".utf8) + text
            + Array("</p></article></body></html>".utf8)
    }

    @Test func detectsByteOrderMarksAndDeclarations() {
        #expect(
            CharsetDetector.detect([0xEF, 0xBB, 0xBF, 0x3C])
                == CharsetDetection(charset: .utf8, bomLength: 3, isDeclared: true))
        #expect(CharsetDetector.detect([0xFF, 0xFE, 0x3C, 0x00]).charset == .utf16LE)
        #expect(CharsetDetector.detect([0xFE, 0xFF, 0x00, 0x3C]).charset == .utf16BE)
        #expect(CharsetDetector.detect(Array("<meta charset=\"Shift_JIS\">".utf8)).charset == .legacy("CP932"))
        #expect(
            CharsetDetector.detect(
                Array("<META HTTP-EQUIV=\"Content-Type\" CONTENT=\"text/html; charset=koi8-r\">".utf8)
            )
            .charset == .legacy("KOI8-R"))
        #expect(
            CharsetDetector.detect(Array("<?xml version=\"1.0\" encoding=\"ISO-8859-2\"?><html>".utf8)).charset
                == .legacy("ISO-8859-2"))
        #expect(CharsetDetector.detect(Array("<!-- <meta charset=\"koi8-r\"> --><p>x".utf8)).isDeclared == false)
        #expect(
            CharsetDetector.detect(Array("<html><p>plain".utf8))
                == CharsetDetection(charset: .utf8, bomLength: 0, isDeclared: false))
    }

    @Test func unknownOrBogusLabelsFallBackToUTF8() {
        #expect(CharsetDetector.charset(forLabel: "x-no-such-charset") == .utf8)
        #expect(CharsetDetector.charset(forLabel: "utf-16") == .utf8)  // an ASCII-compatible page cannot be UTF-16
        #expect(CharsetDetector.charset(forLabel: String(repeating: "z", count: 500)) == .utf8)
        #expect(CharsetDetector.charset(forLabel: "ISO-8859-1") == .legacy("WINDOWS-1252"))
    }

    @Test func bogusDeclaredCharsetStillExtracts() throws {
        let article = try extractor.extract(
            html: page(head: "<meta charset=\"bogus\u{1}name\">", text: Array("Grüße aus Köln".utf8)))
        #expect(article.body == "Grüße aus Köln")
    }

    @Test(arguments: [
        (
            "windows-1252", [0x63, 0x61, 0x66, 0xE9, 0x20, 0x80, 0x35, 0x20, 0x93, 0x71, 0x94] as [UInt8],
            "café €5 “q”"
        ),
        ("iso-8859-1", [0x63, 0x61, 0x66, 0xE9], "café"),  // WHATWG: ISO-8859-1 means windows-1252
        ("iso-8859-2", [0x50, 0xB3, 0xF3, 0x64, 0xBC], "Płódź"),
        ("koi8-r", [0xF0, 0xD2, 0xC9, 0xD7, 0xC5, 0xD4], "Привет"),
        ("shift_jis", [0x93, 0xFA, 0x96, 0x7B, 0x8C, 0xEA], "日本語"),
        ("euc-jp", [0xC6, 0xFC, 0xCB, 0xDC, 0xB8, 0xEC], "日本語"),
        ("gb2312", [0xD6, 0xD0, 0xCE, 0xC4], "中文"),
        ("gbk", [0xD6, 0xD0, 0xCE, 0xC4], "中文"),
    ])
    func legacyEncodingsAreDecoded(label: String, bytes: [UInt8], expected: String) throws {
        let html = page(head: "<meta http-equiv=\"Content-Type\" content=\"text/html; charset=\(label)\">", text: bytes)
        #expect(try extractor.extract(html: html).body == expected)
        let html5 = page(head: "<meta charset=\(label)>", text: bytes)
        #expect(try extractor.extract(html: html5).body == expected)
    }

    @Test func undefinedWindows1252BytesDoNotTruncateThePage() throws {
        // 0x81 has no character in windows-1252; iconv rejects it, libxml2 would stop there.
        let html = page(head: "<meta charset=\"windows-1252\">", text: [0x61, 0x81, 0x62, 0x20, 0xE9, 0x74, 0xE9])
        #expect(try extractor.extract(html: html).body == "a\u{FFFD}b été")
    }

    @Test func declaredLatin1ThatIsReallyUTF8IsReadAsUTF8() throws {
        let html = page(head: "<meta charset=\"iso-8859-1\">", text: Array("naïve café".utf8))
        #expect(try extractor.extract(html: html).body == "naïve café")
    }

    @Test func undeclaredLatin1IsReadAsWindows1252() throws {
        let html = page(head: "", text: [0x6E, 0x61, 0xEF, 0x76, 0x65, 0x20, 0x63, 0x61, 0x66, 0xE9])
        #expect(try extractor.extract(html: html).body == "naïve café")
    }

    @Test func utf8ByteOrderMarkIsSkipped() throws {
        let html = [0xEF, 0xBB, 0xBF] + page(head: "", text: Array("Zürich".utf8))
        #expect(try extractor.extract(html: html).body == "Zürich")
    }

    @Test(arguments: [false, true])
    func utf16IsDecoded(bigEndian: Bool) throws {
        let text = "<html><body><article><p>Ελληνικά 𝄞 text</p></article></body></html>"
        var bytes: [UInt8] = bigEndian ? [0xFE, 0xFF] : [0xFF, 0xFE]
        for unit in text.utf16 {
            let pair = [UInt8(unit & 0xFF), UInt8(unit >> 8)]
            bytes += bigEndian ? pair.reversed() : pair
        }
        #expect(try extractor.extract(html: bytes).body == "Ελληνικά 𝄞 text")
    }

    @Test func metaCharsetInAUTF8PageDoesNotGarbleText() throws {
        // The page says latin1 but a valid multi-byte sequence proves UTF-8; libxml2 must not re-decode it.
        let html = page(head: "<meta charset=\"latin1\">", text: Array("© 2023 – “quoted”".utf8))
        #expect(try extractor.extract(html: html).body == "© 2023 – “quoted”")
    }
}
