import Search
import Testing

struct InputFormatSniffingTests {
    @Test(arguments: [
        ("WARC/1.0\r\nWARC-Type: warcinfo", InputFormat.warc),
        ("WARC/1.1\r\n", .warc),
        ("{\"id\": 1}", .jsonl),
        ("  \n{\"id\": 1}", .jsonl),
        ("<!doctype html><html>", .html),
        ("<html lang=en>", .html),
        ("\u{FEFF}\r\n<!-- comment --><p>", .html),
        ("<p>fragment", .html),
    ])
    func recognisesTheFirstSignOfEachFormat(text: String, format: InputFormat) {
        #expect(InputFormat.sniff(Array(text.utf8)[...]) == format)
    }

    @Test(arguments: ["plain words", "WARC/0.9\r\n", "[1, 2]", "", "   "])
    func findsNothingInOtherText(text: String) {
        #expect(InputFormat.sniff(Array(text.utf8)[...]) == nil)
    }

    @Test func utf16PagesAreHTML() {
        #expect(InputFormat.sniff([0xFF, 0xFE, 0x3C, 0x00][...]) == .html)
    }

    @Test(arguments: [
        ("a.html", InputFormat.html), ("b.HTM.gz", .html), ("c.jsonl", .jsonl), ("d.ndjson.gz", .jsonl),
        ("CC-MAIN-1.warc.gz", .warc), ("e.warc", .warc), ("f.txt", .auto), ("warc", .auto),
    ])
    func namesAnnounceFormats(name: String, format: InputFormat) {
        #expect(InputFormat.named(name) == format)
    }
}
