import SearchAnalysis
import Testing

@testable import SearchExtraction

/// The prefilter drops what extraction never reads before libxml2 parses a page; the tree libxml2 then builds
/// must hold everything extraction reads, exactly as from the page itself.
@Suite struct MarkupPrefilterTests {
    static func filtered(_ html: String) -> String {
        let bytes = Array(html.utf8)
        let filter = bytes.withUnsafeBufferPointer { MarkupPrefilter($0) }
        return String(decoding: filter.markup, as: UTF8.self)
    }

    @Test func startTagsKeepOnlyTheAttributesExtractionReads() {
        // The blanks before a dropped attribute stay.
        #expect(Self.filtered(#"<a href="/x" class="nav" title="Home">Home</a>"#) == #"<a  class="nav" >Home</a>"#)
        #expect(Self.filtered(#"<link rel="canonical" href="https://e.com/a">"#)
            == #"<link rel="canonical" href="https://e.com/a">"#)
        #expect(Self.filtered(#"<LINK REL=canonical HREF=/a><A HREF=/b CLASS=x>"#) == #"<LINK REL=canonical HREF=/a><A  CLASS=x>"#)
        #expect(Self.filtered("<img\n src='a.png'\talt='a > b' data-x=1 id=pic/>") == "<img\n \t  id=pic/>")
        #expect(Self.filtered(#"<input disabled hidden><br data-x="1"/>"#) == "<input  hidden><br />")
        #expect(Self.filtered(#"<meta name="author" content="A &amp; B" data-a>"#)
            == #"<meta name="author" content="A &amp; B" >"#)
        #expect(Self.filtered(#"<p>1 < 2 and <b onclick="f()">bold</b></p>"#) == "<p>1 < 2 and <b >bold</b></p>")
        // `x` takes `y` as its value; without it, the bogus `= 'z'` would become the value of `hidden`.
        #expect(Self.filtered("<div hidden x= y = 'z' title=t>") == "<div hidden x= y = 'z' >")
    }

    /// Broken tags are read as libxml2 reads them: a bogus attribute is passed up to the next blank, attributes
    /// need no blank between them, and a tag without an end is left as it is.
    @Test func brokenTagsAreReadAsLibxml2ReadsThem() {
        let cases = [
            (#"<a href="/x"class="y">"#, #"<a class="y">"#),
            (#"<a <b href="/x">t"#, "<a <b >t"),
            (#"<link <b href="/x">"#, #"<link <b href="/x">"#),
            (#"<a / href="/x">"#, "<a / >"),
            (#"<a 9x="1" href="/x" -y>"#, #"<a 9x="1"  -y>"#),
            ("<a \u{0C}href=\"/x\">", "<a \u{0C}href=\"/x\">"),  // form feed is no blank to libxml2
            (#"<a href="/x>never closed"#, #"<a href="/x>never closed"#),
            (#"<a href="/x""#, #"<a href="/x""#),
        ]
        for (tag, expected) in cases {
            #expect(Self.filtered(tag) == expected, "\(tag.debugDescription)")
        }
    }

    /// What extraction can read of a tree: every node with its tag, parent and text, and the attributes it reads
    /// (`href` only on `link`).
    static func readable(_ tree: DocumentTree) -> [String] {
        tree.nodes.indices.map { i in
            let node = tree.nodes[i]
            var line = "\(node.tag.rawValue) \(node.parent) \(node.end)"
            if node.tag == .text {
                line += " " + String(decoding: tree.bytes[Int(node.textStart)..<Int(node.textStart + node.textCount)], as: UTF8.self)
            }
            for k in Int(node.attributeStart)..<Int(node.attributeStart + node.attributeCount) {
                let a = tree.attributes[k]
                if a.name == .href && node.tag != .link { continue }
                line += " \(a.name.markupName)="
                line += String(decoding: tree.bytes[Int(a.valueStart)..<Int(a.valueStart + a.valueCount)], as: UTF8.self)
            }
            return line
        }
    }

    static func tree(_ bytes: [UInt8]) throws -> DocumentTree {
        try bytes.withUnsafeBufferPointer { try _UnsafeSAXTreeBuilder.parse($0) }
    }

    /// Random markup of good and broken start tags: libxml2 builds the same readable tree from it with and
    /// without the prefilter.
    @Test(arguments: 0..<500) func libxml2ReadsTheSameTreeAfterFiltering(seed: Int) throws {
        var random = SplitMix64(seed: UInt64(seed))
        let tags = ["div", "a", "p", "span", "link", "meta", "LINK", "A", "li", "x-item", "o:p", "b", "time"]
        let names = [
            "class", "id", "href", "HREF", "title", "data-x", "name", "content", "rel", "style", "x:y", "_u", ".d",
            "itemprop", "datetime", "aria-hidden", "Hidden", "onclick", "lang",
        ]
        let blanks = [" ", "  ", "\t", "\n", "\r\n"]
        let valueBytes = Array("ab c<>=/&;:-_.'xyz".utf8)
        func value(quote: UInt8?) -> String {
            var bytes: [UInt8] = []
            for _ in 0..<random.next(upTo: 8) {
                let b = valueBytes[random.next(upTo: valueBytes.count)]
                if let quote, b == quote { continue }
                if quote == nil, b == 0x20 || b == UInt8(ascii: ">") || b == UInt8(ascii: "'") { continue }
                bytes.append(b)
            }
            return String(decoding: bytes, as: UTF8.self)
        }
        // A doctype only at the top: libxml2 reads one in the middle of a page differently once the comments
        // around it are gone.
        var html = random.next(upTo: 2) == 0 ? "<!DOCTYPE html>" : ""
        for _ in 0..<(5 + random.next(upTo: 30)) {
            switch random.next(upTo: 10) {
            case 0: html += " t" + value(quote: nil) + " "
            case 1: html += "</" + tags[random.next(upTo: tags.count)] + ">"
            case 2:
                html += [
                    "<!-- c <a href=x> -->", "</a title='>' <b href=x>", "</ b href=x>", "<!x <b title=y>",
                    "<?pi <b title=y>", "< b title=y>", "<3 <b title=y>",
                ][random.next(upTo: 7)]
            default:
                html += "<" + tags[random.next(upTo: tags.count)]
                for _ in 0..<random.next(upTo: 5) {
                    // Now and then no blank before an attribute, which libxml2 accepts and the filter leaves alone.
                    html += random.next(upTo: 12) == 0 ? "" : blanks[random.next(upTo: blanks.count)]
                    html += names[random.next(upTo: names.count)]
                    switch random.next(upTo: 4) {
                    case 0: break
                    case 1: html += "=\"" + value(quote: UInt8(ascii: "\"")) + "\""
                    case 2: html += " = '" + value(quote: UInt8(ascii: "'")) + "'"
                    default: html += "=" + value(quote: nil)
                    }
                }
                html += random.next(upTo: 6) == 0 ? "/>" : ">"
                html += "w" + String(random.next(upTo: 100))
            }
        }
        let page = Array(html.utf8)
        let filtered = page.withUnsafeBufferPointer { MarkupPrefilter($0) }.markup
        #expect(try Self.readable(Self.tree(filtered)) == Self.readable(Self.tree(page)), "\(html.debugDescription)")
    }
}

extension SplitMix64 {
    /// A random number in `0..<bound`.
    mutating func next(upTo bound: Int) -> Int { Int(next() % UInt64(bound)) }
}
