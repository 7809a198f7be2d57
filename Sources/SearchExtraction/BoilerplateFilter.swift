/// Decides which elements are page furniture rather than article: by tag (scripts, forms, navigation), by
/// visibility, and by the words of their class and id — always checked against the content they hold, so that
/// an element holding most of the page's paragraph text is never dropped for its name alone.
struct BoilerplateFilter {
    /// Elements that never hold article text.
    static let alwaysRemoved: TagSet = [
        .head, .title, .meta, .link, .base, .script, .style, .noscript, .template, .iframe, .frame, .frameset,
        .svg, .math, .canvas, .object, .embed, .applet, .button, .input, .select, .option, .optgroup, .textarea,
        .video, .audio, .map, .area, .source, .track, .img, .picture, .dialog, .menu,
    ]

    /// Elements that are furniture unless they hold the article (some sites wrap the whole page in a form or
    /// put the article inside a header).
    static let furnitureTags: TagSet = [.nav, .aside, .footer, .header, .form]

    /// The share of the page's paragraph text above which an element is taken to hold the article.
    static let protectedShare = 0.5

    /// itemprop values that name metadata rather than article text.
    static let metadataItemprops: Set<String> = [
        "datepublished", "datemodified", "datecreated", "author", "creator", "publisher", "dateline", "keywords",
    ]

    static func isMetadataItem(_ tree: DocumentTree, _ i: Int) -> Bool {
        guard let itemprop = tree.attribute(.itemprop, of: i) else { return false }
        return itemprop.split(separator: " ").contains { metadataItemprops.contains(String($0)) }
    }

    /// Marks removed elements (`removed[i]` is true for the removed element itself and all its descendants).
    static func removedNodes(_ tree: DocumentTree, _ stats: NodeStatistics) -> [Bool] {
        let nodes = tree.nodes
        var removed = [Bool](repeating: false, count: nodes.count)
        let total = max(1, Int(stats.paragraphText[0]))
        let alwaysRemoved = Self.alwaysRemoved
        var i = 1
        while i < nodes.count {
            let node = nodes[i]
            if removed[Int(node.parent)] {
                removed[i] = true
                i += 1
                continue
            }
            guard node.tag != .text else {
                i += 1
                continue
            }
            if alwaysRemoved.contains(node.tag) {
                removed[i] = true
                i += 1
                continue
            }
            let share = Double(stats.paragraphText[i]) / Double(total)
            let protected = share >= protectedShare
            let hints = stats.hints[i]
            var remove = false
            if furnitureTags.contains(node.tag) {
                remove = !protected
            }
            if hints.contains(.hidden) {
                remove = remove || !protected
            }
            if hints.contains(.comments) {
                remove = remove || !(protected && hints.contains(.content))
            } else if hints.contains(.boilerplate), !hints.contains(.articleBody), !hints.contains(.embed) {
                remove = remove || !protected
            } else if hints.contains(.peripheral), hints.isDisjoint(with: [.content, .articleBody, .embed]) {
                remove = remove || (stats.textLength[i] < 400 && stats.longParagraphs[i] == 0)
            }
            // Microdata that marks page metadata (date, author, publisher) labels small furniture.
            if !remove, node.attributeCount > 0, stats.textLength[i] < 200, stats.longParagraphs[i] == 0,
                isMetadataItem(tree, i)
            {
                remove = true
            }
            removed[i] = remove
            i += 1
        }
        return removed
    }
}
