/// Reads title, author, date, canonical URL, language and description from a parsed page: meta tags (Open Graph,
/// Dublin Core, article:*), JSON-LD, microdata and finally the visible markup (h1, `<time>`, bylines).
struct MetadataExtractor {
    private let tree: DocumentTree
    private let jsonLD: JSONLDMetadata

    /// Meta values by lowercased name/property/itemprop/http-equiv; the first occurrence wins.
    private var metas: [String: String] = [:]
    private var htmlLanguage: String?
    private var titleText: String?
    private var canonical: String?
    private var headings: [String] = []
    private var timeValues: [(value: String, preferred: Bool)] = []
    private var itempropDates: [String] = []
    private var itempropAuthors: [String] = []
    private var itempropHeadline: String?
    private var relAuthors: [String] = []
    private var bylines: [String] = []

    init(tree: DocumentTree, jsonLD: JSONLDMetadata) {
        self.tree = tree
        self.jsonLD = jsonLD
        scan()
    }

    /// The metadata fields of the article (body left empty).
    func metadata(url: String?) -> Article {
        var article = Article()
        article.title = title()
        article.author = author()
        article.published = published()
        article.url = canonicalURL(base: url)
        article.language = language()
        article.description =
            firstMeta("description", "og:description", "twitter:description", "dc.description")
            ?? jsonLD.description
        return article
    }

    // MARK: - Collecting

    private mutating func scan() {
        let nodes = tree.nodes
        var i = 1
        while i < nodes.count {
            let node = nodes[i]
            switch node.tag {
            case .html:
                if htmlLanguage == nil { htmlLanguage = tree.attribute(.lang, of: i) }
            case .title:
                if titleText == nil, tree.ancestor(of: i, tag: .svg) == nil { titleText = tree.textContent(i) }
            case .meta:
                guard let content = tree.attribute(.content, of: i), !content.isEmpty else { break }
                for key in [HTMLAttribute.property, .name, .itemprop, .httpEquiv] {
                    if let k = tree.attribute(key, of: i), !k.isEmpty {
                        // A property attribute may hold several space-separated names (RDFa).
                        for name in k.split(separator: " ") where metas[String(name)] == nil {
                            metas[String(name)] = content
                        }
                    }
                }
            case .link:
                if canonical == nil, hasToken(.rel, i, "canonical"), let href = tree.attribute(.href, of: i),
                    !href.isEmpty
                {
                    canonical = href
                }
            case .h1:
                if headings.count < 8 { headings.append(tree.textContent(i)) }
            case .time:
                if let value = tree.attribute(.datetime, of: i) ?? Optional(tree.textContent(i)), !value.isEmpty,
                    timeValues.count < 16
                {
                    let preferred =
                        tree.hasAttribute(.itemprop, i) || hasToken(.class, i, "published")
                        || hasToken(.class, i, "pubdate") || tree.ancestor(of: i, tag: .article) != nil
                    timeValues.append((value, preferred))
                }
            default:
                break
            }
            if node.tag != .text, node.attributeCount > 0 { scanAttributes(i) }
            i += 1
        }
    }

    private mutating func scanAttributes(_ i: Int) {
        if let prop = tree.attribute(.itemprop, of: i), tree.nodes[i].tag != .meta {
            let props = prop.split(separator: " ")
            if props.contains("datepublished"), itempropDates.count < 4 {
                if let v = tree.attribute(.content, of: i) ?? tree.attribute(.datetime, of: i)
                    ?? Optional(tree.textContent(i)), !v.isEmpty
                {
                    itempropDates.append(v)
                }
            }
            if props.contains("author") || props.contains("creator"), itempropAuthors.count < 4 {
                let text = tree.attribute(.content, of: i) ?? authorName(in: i)
                if !text.isEmpty { itempropAuthors.append(text) }
            }
            if props.contains("headline"), itempropHeadline == nil {
                itempropHeadline = tree.attribute(.content, of: i) ?? tree.textContent(i)
            }
        }
        if tree.nodes[i].tag == .a, hasToken(.rel, i, "author"), relAuthors.count < 4 {
            relAuthors.append(tree.textContent(i))
        }
        if bylines.count < 4, tree.hints[i].contains(.byline), !tree.hasAttribute(.itemprop, i) {
            let text = tree.textContent(i)
            if !text.isEmpty, text.utf8.count < 120 { bylines.append(text) }
        }
    }

    /// The name inside an itemprop=author element: a nested itemprop=name if any, else its text.
    private func authorName(in node: Int) -> String {
        var i = node + 1
        let end = Int(tree.nodes[node].end)
        while i < end {
            if tree.attribute(.itemprop, of: i, is: "name") {
                return tree.attribute(.content, of: i) ?? tree.textContent(i)
            }
            i += 1
        }
        return tree.textContent(node)
    }

    private func hasToken(_ attribute: HTMLAttribute, _ node: Int, _ token: String) -> Bool {
        guard let value = tree.attribute(attribute, of: node) else { return false }
        return value.split(separator: " ").contains { $0 == token }
    }

    private func firstMeta(_ keys: String...) -> String? {
        for key in keys {
            if let v = metas[key]?.collapsedWhitespace, !v.isEmpty { return v }
        }
        return nil
    }

    // MARK: - Choosing

    private var siteName: String? { firstMeta("og:site_name", "application-name", "twitter:site") }

    /// The headline: og:title if present; else the first of JSON-LD headline and name, microdata headline, the
    /// cleaned `<title>` and the first h1 that agrees with the page's `<title>` or h1 (some sites put a
    /// description in JSON-LD's headline); the first non-empty one otherwise.
    private func title() -> String? {
        let site = siteName
        if let og = firstMeta("og:title", "twitter:title").map({ TitleCleaner.removeSiteName($0, siteName: site) }),
            !og.isEmpty
        {
            return og
        }
        let candidates: [String] = [
            jsonLD.headline, jsonLD.name, itempropHeadline, titleText.map { TitleCleaner.clean($0, siteName: site) },
            headings.first,
        ].compactMap { $0?.collapsedWhitespace }.filter { !$0.isEmpty }
        let page = titleText?.collapsedWhitespace.lowercased() ?? ""
        let heading = headings.first?.collapsedWhitespace.lowercased() ?? ""
        let agreeing = candidates.first { candidate in
            let c = candidate.lowercased()
            return (!page.isEmpty && (page.hasPrefix(c) || page.hasSuffix(c))) || (!heading.isEmpty && heading == c)
        }
        return agreeing ?? candidates.first
    }

    private func author() -> String? {
        var candidates: [[String]] = []
        if let a = firstMeta("author", "dc.creator", "dcterms.creator") { candidates.append([a]) }
        candidates.append(jsonLD.authors)
        if let a = firstMeta(
            "article:author", "og:article:author", "parsely-author", "sailthru.author", "byl",
            "twitter:creator")
        {
            candidates.append([a])
        }
        candidates.append(itempropAuthors)
        candidates.append(relAuthors)
        candidates.append(bylines)
        for names in candidates {
            let cleaned = names.compactMap(AuthorCleaner.clean)
            var unique: [String] = []
            for name in cleaned where !unique.contains(name) { unique.append(name) }
            if !unique.isEmpty { return unique.joined(separator: ", ") }
        }
        return nil
    }

    private func published() -> String? {
        var candidates: [String?] = [
            firstMeta("article:published_time", "og:article:published_time", "og:published_time"),
            jsonLD.datePublished,
        ]
        candidates.append(contentsOf: itempropDates.map { $0 })
        candidates.append(
            firstMeta(
                "datepublished", "published_time", "publishdate", "publish-date", "pubdate", "parsely-pub-date",
                "sailthru.date", "dc.date.issued", "dcterms.issued", "dc.date", "dcterms.date", "date",
                "article.published", "article_date_original", "cxenseparse:recs:publishtime", "og:updated_time",
                "article:modified_time"))
        candidates.append(contentsOf: timeValues.filter(\.preferred).map(\.value))
        candidates.append(contentsOf: timeValues.map(\.value))
        for case let c? in candidates {
            if let date = DateNormalizer.isoDate(c) { return date }
        }
        return nil
    }

    private func canonicalURL(base: String?) -> String? {
        for case let candidate? in [canonical, firstMeta("og:url"), jsonLD.url] {
            if let resolved = URLResolver.absolute(candidate, base: base) { return resolved }
        }
        return base
    }

    private func language() -> String? {
        let raw =
            htmlLanguage ?? firstMeta("og:locale", "content-language", "language", "dc.language")
            ?? jsonLD.language
        guard let raw else { return nil }
        let tag = raw.split(separator: ",").first.map(String.init)?.trimmedWhitespace.replacingUnderscores ?? ""
        return tag.isEmpty ? nil : tag
    }
}

extension String {
    fileprivate var replacingUnderscores: String { String(map { $0 == "_" ? "-" : $0 }) }
}

/// Headline clean-up: the site name that `<title>` and og:title often carry after a separator.
enum TitleCleaner {
    static let separators = [" | ", " - ", " – ", " — ", " · ", " :: ", " » ", " // ", " : "]

    /// Removes a leading or trailing part equal to `siteName` (case-insensitive).
    static func removeSiteName(_ title: String, siteName: String?) -> String {
        let t = title.collapsedWhitespace
        guard let site = siteName?.collapsedWhitespace.lowercased(), !site.isEmpty else { return t }
        for separator in separators {
            if let r = t.lastByteRange(of: separator), t[r.upperBound...].lowercased() == site {
                return String(t[..<r.lowerBound]).trimmedWhitespace
            }
            if let r = t.firstByteRange(of: separator), t[..<r.lowerBound].lowercased() == site {
                return String(t[r.upperBound...]).trimmedWhitespace
            }
        }
        return t
    }

    /// `<title>` without its site suffix: the site name if known, else a short trailing part after a separator.
    static func clean(_ title: String, siteName: String?) -> String {
        var t = removeSiteName(title, siteName: siteName)
        for _ in 0..<2 {
            var best: Range<String.Index>?
            for separator in separators.dropLast() {
                if let r = t.lastByteRange(of: separator), best.map({ r.lowerBound > $0.lowerBound }) ?? true {
                    best = r
                }
            }
            guard let r = best else { break }
            let head = t[..<r.lowerBound]
            let tail = t[r.upperBound...]
            let tailWords = tail.split(separator: " ").count
            let headWords = head.split(separator: " ").count
            guard tailWords <= 4, headWords >= 2, head.count > tail.count else { break }
            t = String(head).trimmedWhitespace
        }
        return t
    }
}

/// Author clean-up: "By Jane Doe" → "Jane Doe"; URLs and over-long strings are not names.
enum AuthorCleaner {
    static func clean(_ raw: String) -> String? {
        var s = raw.collapsedWhitespace
        for prefix in ["by ", "by: ", "von ", "par ", "por ", "door ", "di "] where s.lowercased().hasPrefix(prefix) {
            s = String(s.dropFirst(prefix.count)).trimmedWhitespace
        }
        if s.hasPrefix("@") { return nil }
        let lower = s.lowercased()
        guard s.count >= 2, s.count <= 100, !lower.hasPrefix("http"), !lower.contains("://"), !lower.hasPrefix("www."),
            !lower.contains("/")
        else { return nil }
        return s
    }
}

/// Just enough URL resolution for canonical links: absolute, protocol-relative and root-relative forms.
enum URLResolver {
    static func absolute(_ raw: String, base: String?) -> String? {
        let s = raw.trimmedWhitespace
        guard !s.isEmpty, !s.hasPrefix("#"), !s.lowercased().hasPrefix("javascript:") else { return nil }
        let lower = s.lowercased()
        if lower.hasPrefix("http://") || lower.hasPrefix("https://") { return s }
        guard let base, let schemeEnd = base.firstRange(of: "://") else { return nil }
        if s.hasPrefix("//") { return base[..<schemeEnd.lowerBound] + ":" + s }
        let afterScheme = base[schemeEnd.upperBound...]
        let hostEnd = afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex
        let origin = base[..<hostEnd]
        if s.hasPrefix("/") { return origin + s }
        let directoryEnd = base[hostEnd...].lastIndex(of: "/").map { base.index(after: $0) }
        return (directoryEnd.map { String(base[..<$0]) } ?? origin + "/") + s
    }
}
