internal import CLibXML2

/// Builds a `DocumentTree` from libxml2's HTML parser through its SAX callbacks.
///
/// libxml2's own DOM costs a malloc per node, attribute and text run (most of the parse time on news pages);
/// the SAX interface hands us names interned in the parser's dictionary and text as pointers into its buffer,
/// which we copy once into the tree's contiguous arrays. libxml2 still does the HTML work: entity decoding,
/// implied and auto-closed elements, recovery from broken markup.
///
/// Invariants: one builder per parse, in memory allocated by `parse` (the parser context's `userData` points at it
/// for the duration of `htmlParseDocument`, and only libxml2's callbacks on this thread touch it); `current` is
/// always an open element (0 = the root). A raw pointer rather than a class: the callbacks run once per element
/// and text run, and a class's dynamic exclusivity checks cost more than the work they guard.
struct _UnsafeSAXTreeBuilder {
    var tree = DocumentTree()
    private var current = 0

    /// The options every parse uses. No NOBLANKS: whitespace between inline elements separates words.
    /// IGNORE_ENC: the input is already UTF-8, whatever its `<meta charset>` says. HUGE lifts libxml2's limits
    /// on text and name lengths that would otherwise stop a very large page part way.
    static let options: Int32 = Int32(
        HTML_PARSE_RECOVER.rawValue | HTML_PARSE_NOERROR.rawValue | HTML_PARSE_NOWARNING.rawValue
            | HTML_PARSE_NONET.rawValue | HTML_PARSE_NODEFDTD.rawValue | HTML_PARSE_IGNORE_ENC.rawValue
            | XML_PARSE_HUGE.rawValue)

    /// libxml2 needs one global initialisation before it is used from several threads.
    private static let initialized: Bool = {
        xmlInitParser()
        return true
    }()

    /// Parses UTF-8 `markup` into a tree.
    static func parse(_ markup: UnsafeBufferPointer<UInt8>) throws(ExtractionError) -> DocumentTree {
        _ = initialized
        let builder = UnsafeMutablePointer<_UnsafeSAXTreeBuilder>.allocate(capacity: 1)
        builder.initialize(to: _UnsafeSAXTreeBuilder())
        defer {
            builder.deinitialize(count: 1)
            builder.deallocate()
        }
        builder.pointee.tree.nodes.reserveCapacity(markup.count / 40 + 16)
        builder.pointee.tree.bytes.reserveCapacity(markup.count / 3 + 16)
        let size = Int32(clamping: markup.count)
        // libxml2 refuses an empty buffer; a lone space parses to an empty document.
        let space: [CChar] = [0x20]
        let created: htmlParserCtxtPtr? =
            markup.isEmpty
            ? htmlCreateMemoryParserCtxt(space, 1)
            : markup.withMemoryRebound(to: CChar.self) { htmlCreateMemoryParserCtxt($0.baseAddress, size) }
        guard let ctxt = created else { throw .parserUnavailable }
        defer { htmlFreeParserCtxt(ctxt) }
        guard let sax = ctxt.pointee.sax else { throw .parserUnavailable }
        var handler = htmlSAXHandler()
        handler.startElement = { context, name, attributes in
            guard let context, let name else { return }
            context.assumingMemoryBound(to: _UnsafeSAXTreeBuilder.self).pointee.startElement(name, attributes)
        }
        handler.endElement = { context, _ in
            guard let context else { return }
            context.assumingMemoryBound(to: _UnsafeSAXTreeBuilder.self).pointee.endElement()
        }
        let characters: charactersSAXFunc = { context, text, length in
            guard let context, let text, length > 0 else { return }
            context.assumingMemoryBound(to: _UnsafeSAXTreeBuilder.self).pointee
                .characters(UnsafeBufferPointer(start: text, count: Int(length)))
        }
        handler.characters = characters
        handler.ignorableWhitespace = characters
        // Script and style bodies arrive here; the prefilter removed them, and they are never article text.
        handler.cdataBlock = { _, _, _ in }
        sax.pointee = handler
        htmlCtxtUseOptions(ctxt, options)
        // Without a declared encoding libxml2 2.9 reads the first non-ASCII byte as Latin-1; the input is UTF-8.
        ctxt.pointee.charset = Int32(XML_CHAR_ENCODING_UTF8.rawValue)
        ctxt.pointee.userData = UnsafeMutableRawPointer(builder)
        _ = htmlParseDocument(ctxt)
        ctxt.pointee.userData = nil
        if let doc = ctxt.pointee.myDoc {
            xmlFreeDoc(doc)
            ctxt.pointee.myDoc = nil
        }
        builder.pointee.finish()
        return builder.pointee.tree
    }

    private mutating func startElement(
        _ name: UnsafePointer<UInt8>, _ attributes: UnsafeMutablePointer<UnsafePointer<UInt8>?>?
    ) {
        let tag = HTMLTag.lookup(name)
        var node = DocumentTree.Node(tag: tag, parent: Int32(current), end: 0)
        node.attributeStart = Int32(tree.attributes.count)
        if let attributes {
            var k = 0
            while let attributeName = attributes[k] {
                if let kind = HTMLAttribute.lookup(attributeName) {
                    let start = tree.bytes.count
                    if let value = attributes[k + 1] {
                        var p = value
                        if kind.isCaseless {
                            while p.pointee != 0 {
                                let c = p.pointee
                                tree.bytes.append(c &- 0x41 < 26 ? c | 0x20 : c)
                                p += 1
                            }
                        } else {
                            while p.pointee != 0 { p += 1 }
                            tree.bytes.append(
                                contentsOf: UnsafeBufferPointer(start: value, count: value.distance(to: p)))
                        }
                    }
                    tree.attributes.append(
                        DocumentTree.Attribute(
                            name: kind, valueStart: Int32(start), valueCount: Int32(tree.bytes.count - start)))
                }
                k += 2
            }
        }
        node.attributeCount = Int32(tree.attributes.count) - node.attributeStart
        current = tree.nodes.count
        tree.nodes.append(node)
        tree.hints.append(node.attributeCount > 0 ? ClassHints(tree: tree, node: current) : [])
    }

    private mutating func endElement() {
        guard current > 0 else { return }
        tree.nodes[current].end = Int32(tree.nodes.count)
        current = Int(tree.nodes[current].parent)
    }

    private mutating func characters(_ text: UnsafeBufferPointer<UInt8>) {
        let last = tree.nodes.count - 1
        if tree.nodes[last].tag == .text, tree.nodes[last].parent == Int32(current) {
            tree.bytes.append(contentsOf: text)
            tree.nodes[last].textCount += Int32(text.count)
            return
        }
        var node = DocumentTree.Node(tag: .text, parent: Int32(current), end: Int32(tree.nodes.count + 1))
        node.textStart = Int32(tree.bytes.count)
        node.textCount = Int32(text.count)
        tree.bytes.append(contentsOf: text)
        tree.nodes.append(node)
        tree.hints.append([])
    }

    private mutating func finish() {
        while current > 0 { endElement() }
        tree.nodes[0].end = Int32(tree.nodes.count)
    }
}
