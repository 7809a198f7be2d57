/// Writes the text of the selected elements as paragraphs: one line per block-level element (p, h1–h6, li,
/// blockquote, pre, figcaption, table cells, divs holding text), whitespace collapsed, `<br>` as a line break.
/// Inside the selection it drops what readability calls "conditionally clean" furniture: link lists, blocks
/// dominated by links or form fields, and empty wrappers.
struct TextRenderer {
    let tree: DocumentTree
    let stats: NodeStatistics
    let scorer: ContentScorer
    let removed: [Bool]
    /// The article title, so that an `<h1>` repeating it is not copied into the body.
    let title: String?

    /// Elements that get the conditional check.
    static let checkedTags: TagSet = [
        .div, .section, .ul, .ol, .dl, .table, .form, .aside, .header, .footer,
        .nav, .figure, .other,
    ]

    /// The text of `roots` (in document order), paragraphs separated by "\n".
    func render(_ roots: [Int]) -> String {
        var out: [UInt8] = []
        var line: [UInt8] = []
        var lineLinkBytes = 0
        var blockEnds: [Int] = []
        var linkEnd = -1  // end of the <a> being rendered, if any
        let normalizedTitle = title.map(Self.comparable)
        func flush() {
            while line.last == 0x20 { line.removeLast() }
            if !line.isEmpty, !Self.isFurnitureLine(line, linkBytes: lineLinkBytes) {
                if !out.isEmpty { out.append(0x0A) }
                out.append(contentsOf: line)
            }
            line.removeAll(keepingCapacity: true)
            lineLinkBytes = 0
        }
        let nodes = tree.nodes
        tree.bytes.withUnsafeBufferPointer { bytes in
            for root in roots {
                var i = root
                let end = Int(nodes[root].end)
                while i < end {
                    while let last = blockEnds.last, last <= i {
                        blockEnds.removeLast()
                        flush()
                    }
                    let node = nodes[i]
                    if removed[i] {
                        i = Int(node.end)
                        continue
                    }
                    if node.tag == .text {
                        let start = Int(node.textStart)
                        let before = line.count
                        TextCollapser.append(
                            UnsafeBufferPointer(rebasing: bytes[start..<start + Int(node.textCount)]),
                            to: &line)
                        if i < linkEnd { lineLinkBytes += line.count - before }
                        i += 1
                        continue
                    }
                    if node.tag == .a, linkEnd <= i { linkEnd = Int(node.end) }
                    if i != root, stats.paragraphText[i] * 2 < stats.paragraphText[root], dropsInside(i) {
                        i = Int(node.end)
                        continue
                    }
                    if node.tag == .h1, let normalizedTitle, Self.comparable(tree.textContent(i)) == normalizedTitle {
                        i = Int(node.end)
                        continue
                    }
                    if node.tag == .figure, i != root, !isInlineFigure(i) {
                        i = Int(node.end)
                        continue
                    }
                    if node.tag == .br || node.tag == .hr {
                        flush()
                    } else if node.tag.isBlock {
                        flush()
                        blockEnds.append(Int(node.end))
                    }
                    i += 1
                }
                while !blockEnds.isEmpty {
                    blockEnds.removeLast()
                    flush()
                }
                flush()
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Letters and digits only, lowercased: headings and titles differ in quotes and dashes.
    static func comparable(_ text: String) -> String {
        String(
            String.UnicodeScalarView(
                text.lowercased().unicodeScalars.filter {
                    $0.properties.isAlphabetic
                        || $0.properties.numericType != nil
                }))
    }

    /// Whether a figure stands in the flow of the article's paragraphs (its parent also holds at least two
    /// paragraphs directly); figures in galleries, slideshows and media wrappers are furniture.
    func isInlineFigure(_ figure: Int) -> Bool {
        let parent = Int(tree.nodes[figure].parent)
        var c = parent + 1
        let end = Int(tree.nodes[parent].end)
        var paragraphs = 0
        while c < end {
            if tree.nodes[c].tag == .p, stats.textLength[c] > 0 {
                paragraphs += 1
                if paragraphs >= 2 { return true }
            }
            c = Int(tree.nodes[c].end)
        }
        return false
    }

    /// Short lines that only label furniture ("Advertisement", "Share this", "Tags").
    static let furnitureLabels: Set<String> = [
        "advertisement", "advert", "ad", "ads", "sponsored", "sponsored content", "tags", "tag", "topics", "share",
        "share this", "share this article", "share this story", "share on facebook", "share on twitter", "comments",
        "comment", "related", "related articles", "related stories", "related content", "related posts",
        "read more", "read next", "see also", "more", "more stories", "recommended", "recommended for you",
        "continue reading", "follow us", "print", "email", "subscribe", "sign up", "skip ad", "close",
        "you may also like", "you might also like", "most popular", "most read", "trending", "click here",
        "back to top", "caption", "hide caption", "toggle caption", "story continues below advertisement",
        "article continues below advertisement",
    ]

    /// Whether a rendered line is furniture: mostly link text, or a bare furniture label.
    static func isFurnitureLine(_ line: [UInt8], linkBytes: Int) -> Bool {
        // A line of link text is navigation, unless the links are written-out addresses (citations).
        if linkBytes * 4 > line.count * 3, !line.containsBytes("http"), !line.containsBytes("www.") { return true }
        guard line.count <= 40 else { return false }
        return furnitureLabels.contains(label(line))
    }

    /// A short line as a furniture label is compared: lowercased, without trailing non-letters. ASCII lines
    /// (most) are done on their bytes, as editing a `String`'s scalars one at a time is slow.
    static func label(_ line: [UInt8]) -> String {
        guard line.allSatisfy({ $0 < 0x80 }) else {
            var label = String(decoding: line, as: UTF8.self).lowercased()
            while let last = label.unicodeScalars.last, !last.properties.isAlphabetic {
                label.unicodeScalars.removeLast()
            }
            return label
        }
        var end = line.count
        while end > 0, (line[end - 1] | 0x20) &- 0x61 >= 26 { end -= 1 }
        return String(decoding: line[..<end].lazy.map { $0 &- 0x41 < 26 ? $0 | 0x20 : $0 }, as: UTF8.self)
    }

    /// Whether element `i` inside the selection is furniture (readability's conditional cleaning). Only asked of
    /// elements holding less than half of the selection's prose: a wrapper of the whole article is never furniture.
    func dropsInside(_ i: Int) -> Bool {
        let tag = tree.nodes[i].tag
        guard Self.checkedTags.contains(tag) else { return false }
        let length = Int(stats.textLength[i])
        if length == 0 { return true }
        let weight = scorer.classWeight(i)
        // A furniture class outweighing the element's content (tag penalties alone, like a list's, do not count).
        if weight < 0, weight + scorer.scores[i] < 0 { return true }
        guard stats.commas[i] < 10 else { return false }
        let isList = tag == .ul || tag == .ol || tag == .dl
        let paragraphs = Int(stats.paragraphs[i])
        let items = Int(stats.listItems[i]) - 100
        let inputs = Int(stats.inputs[i])
        let density = stats.linkDensity(i)
        if !isList, items > paragraphs { return true }
        if inputs > paragraphs / 3 { return true }
        if stats.hints[i].contains(.embed) { return density > 0.5 }
        if !isList, weight < 25, density > 0.2 { return true }
        if weight >= 25, density > 0.5 { return true }
        if isList, density > 0.5 { return true }
        return false
    }
}
