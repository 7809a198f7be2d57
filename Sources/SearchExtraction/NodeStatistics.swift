/// Per-node text statistics of a `DocumentTree`, aggregated over subtrees in linear time (children always
/// follow their parent in the node array, so one reverse pass sums every subtree).
///
/// Lengths count non-whitespace UTF-8 bytes. A *paragraph unit* is the nearest block-level ancestor of a run of
/// text: a `<p>`, or a `<div>` holding text directly.
struct NodeStatistics {
    /// Text in the subtree.
    var textLength: [Int32]
    /// Text inside links in the subtree.
    var linkLength: [Int32]
    /// Commas in the subtree's text (a readability signal: prose has commas, menus do not).
    var commas: [Int32]
    /// Text of paragraph units that look like prose (≥ 25 bytes, mostly not links) in the subtree.
    var paragraphText: [Int32]
    /// Prose paragraph units of at least 150 bytes in the subtree.
    var longParagraphs: [Int32]
    /// Elements in the subtree by kind.
    var paragraphs: [Int32]
    var listItems: [Int32]
    var images: [Int32]
    var inputs: [Int32]
    var headings: [Int32]
    /// For each node, the text it holds directly as a paragraph unit (0 if it is not one).
    var unitText: [Int32]
    var unitLinks: [Int32]
    var unitCommas: [Int32]
    /// Class/id hints of each element (the tree's).
    var hints: [ClassHints]

    /// The minimum length of a paragraph unit that counts as prose.
    static let minimumParagraph: Int32 = 25

    /// Statistics of `tree`, ignoring nodes marked in `removed`. Passing the statistics of the same tree without
    /// removals as `unfiltered` saves re-reading every text node (a text node's own counts never change).
    init(_ tree: DocumentTree, removed: [Bool]? = nil, unfiltered: NodeStatistics? = nil) {
        let n = tree.nodes.count
        // Every counter lives in one zeroed block, row `k` of n at `block + k * n`, and the loops index raw
        // pointers: thirteen arrays written element by element paid a uniqueness check and a bounds check per
        // write, most of this function's time on large pages. The arrays are made from the rows at the end.
        let rows = 15
        let block = UnsafeMutablePointer<Int32>.allocate(capacity: rows * max(n, 1))
        block.initialize(repeating: 0, count: rows * max(n, 1))
        defer { block.deallocate() }
        let textLength = block, linkLength = block + n, commas = block + 2 * n, paragraphText = block + 3 * n
        let longParagraphs = block + 4 * n, paragraphs = block + 5 * n, listItems = block + 6 * n
        let images = block + 7 * n, inputs = block + 8 * n, headings = block + 9 * n, unitText = block + 10 * n
        let unitLinks = block + 11 * n, unitCommas = block + 12 * n
        /// Per node: its paragraph unit, and (1 or 0) whether it is inside a link.
        let blockOf = block + 13 * n, inLink = block + 14 * n
        let isRemoved: (Int) -> Bool = { i in removed?[i] == true }
        tree.nodes.withUnsafeBufferPointer { nodes in
            tree.bytes.withUnsafeBufferPointer { bytes in
                for i in 1..<max(1, n) {
                    let node = nodes[i]
                    let parent = Int(node.parent)
                    blockOf[i] = nodes[parent].tag.isBlock || parent == 0 ? Int32(parent) : blockOf[parent]
                    inLink[i] = inLink[parent] != 0 || nodes[parent].tag == .a ? 1 : 0
                    if isRemoved(i) { continue }
                    switch node.tag {
                    case .text:
                        var length: Int32 = 0
                        var commaCount: Int32 = 0
                        if let unfiltered {
                            length = unfiltered.textLength[i]
                            commaCount = unfiltered.commas[i]
                        } else if let base = bytes.baseAddress {
                            (length, commaCount) = Self.count(base + Int(node.textStart), Int(node.textCount))
                        }
                        textLength[i] = length
                        commas[i] = commaCount
                        let unit = Int(blockOf[i])
                        unitText[unit] += length
                        unitCommas[unit] += commaCount
                        if inLink[i] != 0 {
                            linkLength[i] = length
                            unitLinks[unit] += length
                        }
                    case .p: paragraphs[i] = 1
                    case .li: listItems[i] = 1
                    case .img, .picture, .figure: images[i] = 1
                    case .input, .textarea, .select, .button: inputs[i] = 1
                    case .h1, .h2, .h3, .h4, .h5, .h6: headings[i] = 1
                    default: break
                    }
                }
                // Prose units.
                for i in 0..<n where unitText[i] >= Self.minimumParagraph && unitLinks[i] * 2 < unitText[i] {
                    if nodes[i].tag.isHeading { continue }
                    paragraphText[i] = unitText[i]
                    if unitText[i] >= 150, unitLinks[i] * 5 < unitText[i] { longParagraphs[i] = 1 }
                }
                // Subtree sums.
                var i = n - 1
                while i > 0 {
                    if !isRemoved(i) {
                        let p = Int(nodes[i].parent)
                        textLength[p] += textLength[i]
                        linkLength[p] += linkLength[i]
                        commas[p] += commas[i]
                        paragraphText[p] += paragraphText[i]
                        longParagraphs[p] += longParagraphs[i]
                        paragraphs[p] += paragraphs[i]
                        listItems[p] += listItems[i]
                        images[p] += images[i]
                        inputs[p] += inputs[i]
                        headings[p] += headings[i]
                    }
                    i -= 1
                }
            }
        }
        func row(_ start: UnsafeMutablePointer<Int32>) -> [Int32] { Array(UnsafeBufferPointer(start: start, count: n)) }
        self.textLength = row(textLength)
        self.linkLength = row(linkLength)
        self.commas = row(commas)
        self.paragraphText = row(paragraphText)
        self.longParagraphs = row(longParagraphs)
        self.paragraphs = row(paragraphs)
        self.listItems = row(listItems)
        self.images = row(images)
        self.inputs = row(inputs)
        self.headings = row(headings)
        self.unitText = row(unitText)
        self.unitLinks = row(unitLinks)
        self.unitCommas = row(unitCommas)
        hints = tree.hints
    }

    /// Non-whitespace bytes and commas in `count` bytes at `p` (a branch-free loop the compiler vectorises).
    @inline(__always)
    static func count(_ p: UnsafePointer<UInt8>, _ count: Int) -> (Int32, Int32) {
        var visible = 0
        var commas = 0
        for k in 0..<count {
            let c = p[k]
            visible &+= Int(unsafeBitCast(c > 0x20, to: UInt8.self))
            commas &+= Int(unsafeBitCast(c == 0x2C, to: UInt8.self))
        }
        return (Int32(truncatingIfNeeded: visible), Int32(truncatingIfNeeded: commas))
    }

    /// Share of the subtree's text that sits inside links.
    @inline(__always)
    func linkDensity(_ i: Int) -> Double {
        let t = textLength[i]
        return t == 0 ? 0 : Double(linkLength[i]) / Double(t)
    }
}
