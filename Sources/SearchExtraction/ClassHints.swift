/// What an element's class and id say about it, from word-level matches (a class "article-header" has the words
/// "article" and "header"; "leaderboard" does not contain the word "ad").
struct ClassHints: OptionSet {
    let rawValue: UInt8

    /// Words that name page furniture: comments, sharing, related links, ads, navigation, newsletter boxes.
    static let boilerplate = ClassHints(rawValue: 1 << 0)
    /// Words that name small furniture around the text: bylines, dates, headers, captions, tags.
    static let peripheral = ClassHints(rawValue: 1 << 1)
    /// Words that name the article text itself: article, content, body, entry, post, story, text.
    static let content = ClassHints(rawValue: 1 << 2)
    /// The schema.org/microformat marker of the article body (itemprop=articleBody, e-content, ...).
    static let articleBody = ClassHints(rawValue: 1 << 3)
    /// Hidden from readers (hidden attribute, aria-hidden, display:none).
    static let hidden = ClassHints(rawValue: 1 << 4)
    /// Words that name comment sections, which can be longer than the article and look just like it.
    static let comments = ClassHints(rawValue: 1 << 5)
    /// Words that name a byline (where the author's name is written).
    static let byline = ClassHints(rawValue: 1 << 6)
    /// Words that name embedded posts (a quoted tweet or video in the story), which are article content even
    /// inside "social" wrappers.
    static let embed = ClassHints(rawValue: 1 << 7)

    static let embedWords: Set<String> = ["embed", "embedded", "embeds", "twittertweet", "instagrammedia", "tweet"]

    static let bylineWords: Set<String> = [
        "byline", "bylines", "author", "authors", "authorname", "bylinename", "articleauthor", "postauthor",
        "writer", "contributor",
    ]

    static let boilerplateWords: Set<String> = [
        "share", "shares", "sharing", "sharebar", "sharetools", "social", "socials", "socialmedia", "related",
        "recommended", "recommendation", "recommendations", "promo", "promos", "promotion", "newsletter",
        "newsletters", "subscribe", "subscription", "subscriptions", "signup", "cookie", "cookies", "consent",
        "gdpr", "banner", "ad", "ads", "adv", "advert", "adverts", "advertisement", "advertising", "adsense",
        "adslot", "dfp", "gpt", "sponsor", "sponsored", "sidebar", "footer", "breadcrumb", "breadcrumbs", "menu",
        "nav", "navbar", "navigation", "popup", "modal", "overlay", "outbrain", "taboola", "widget", "widgets",
        "masthead", "toolbar", "pagination", "pager", "login", "skip", "trending", "popular", "mostread",
        "mostpopular", "recirc", "recirculation", "tags", "taglist", "tagcloud", "topics", "bio", "authorbio",
        "print", "offscreen", "screenreader", "visuallyhidden", "jump", "follow", "rss", "skyscraper",
        "leaderboard", "donate", "donation", "newsletterform", "teaser", "teasers", "shoutbox",
        "more", "next", "prev", "previous", "also", "readmore", "further", "contact", "partner", "partners",
        "supplemental", "extra", "extras", "promoted", "native", "affiliate", "commercial", "marketing", "alert",
        "alerts", "notification", "notifications", "toast", "sticky", "hidden", "hide", "invisible", "noprint",
        "disclaimer", "copyright", "legal", "rail", "secondary", "aside", "sharingtools", "feedback", "rating",
    ]

    static let commentWords: Set<String> = [
        "comment", "comments", "commentlist", "disqus", "respond", "replies", "reply", "discussion",
        "conversation", "community", "remarks", "talkback", "responses",
    ]

    static let peripheralWords: Set<String> = [
        "byline", "bylines", "author", "authors", "dateline", "timestamp", "date", "time", "published", "pubdate",
        "meta", "metadata", "header", "head", "caption", "captions", "credit", "credits", "figcaption", "tag",
        "kicker", "eyebrow", "label", "category", "categories", "headline", "title", "subtitle", "dek",
        "standfirst", "media", "image", "img", "photo", "video", "gallery", "figure", "thumbnail", "icon", "logo",
        "button", "btn", "tools", "tool", "actions", "utility", "utilities", "updated",
    ]

    static let contentWords: Set<String> = [
        "article", "articles", "content", "contents", "body", "entry", "hentry", "main", "post", "story", "text",
        "blog", "prose", "richtext", "articlebody", "storybody", "postbody", "entrycontent", "postcontent",
        "articlecontent", "storycontent", "maincontent", "copy", "paragraph", "paragraphs", "page", "column",
    ]

    /// Reads the hints of `node` from its class, id, itemprop, hidden, aria-hidden and style attributes.
    init(tree: DocumentTree, node: Int) {
        var hints: ClassHints = []
        tree.bytes.withUnsafeBufferPointer { bytes in
            func value(_ range: Range<Int>) -> UnsafeBufferPointer<UInt8> {
                UnsafeBufferPointer(rebasing: bytes[range])
            }
            let n = tree.nodes[node]
            for k in Int(n.attributeStart)..<Int(n.attributeStart + n.attributeCount) {
                let a = tree.attributes[k]
                let range = Int(a.valueStart)..<Int(a.valueStart + a.valueCount)
                switch a.name {
                case .class, .id:
                    hints.formUnion(ClassHints.classify(value(range)))
                case .itemprop:
                    if value(range).containsBytes("articlebody") { hints.insert(.articleBody) }
                case .hidden:
                    hints.insert(.hidden)
                case .ariaHidden:
                    if value(range).containsBytes("true") { hints.insert(.hidden) }
                case .style:
                    let v = value(range)
                    if v.containsBytes("none") || v.containsBytes("hidden") {
                        let compact = v.filter { $0 != 0x20 }
                        if compact.containsBytes("display:none") || compact.containsBytes("visibility:hidden") {
                            hints.insert(.hidden)
                        }
                    }
                default:
                    break
                }
            }
        }
        self = hints
    }

    init(rawValue: UInt8) { self.rawValue = rawValue }

    /// Classifies a lowercased class or id value word by word; compound words are also checked without their
    /// separators ("article-body" → "articlebody", "share-tools" → "sharetools").
    static func classify(_ value: UnsafeBufferPointer<UInt8>) -> ClassHints {
        var hints: ClassHints = []
        var word = _PackedWord()
        var compound = _PackedWord()
        var joined = false
        for c in value {
            if c &- 0x61 < 26 || c &- 0x30 < 10 || c >= 0x80 {
                word.append(c)
                compound.append(c)
            } else {
                if word.count > 0 { hints.formUnion(table.lookup(word)) }
                word = _PackedWord()
                if c == UInt8(ascii: "-") || c == UInt8(ascii: "_") {
                    joined = compound.count > 0
                } else {
                    if joined { hints.formUnion(table.lookup(compound)) }
                    compound = _PackedWord()
                    joined = false
                }
            }
        }
        if word.count > 0 { hints.formUnion(table.lookup(word)) }
        if joined { hints.formUnion(table.lookup(compound)) }
        return hints
    }

    /// All hint words in one open-addressing table keyed by their packed bytes.
    private static let table: _WordTable = {
        var table = _WordTable()
        for w in peripheralWords { table.insert(w, .peripheral) }
        for w in bylineWords { table.insert(w, [.peripheral, .byline]) }
        for w in embedWords { table.insert(w, .embed) }
        for w in contentWords { table.insert(w, .content) }
        for w in boilerplateWords { table.insert(w, .boilerplate) }
        for w in commentWords { table.insert(w, [.comments, .boilerplate]) }
        table.insert("econtent", .articleBody)
        return table
    }()
}

/// A word of up to 16 bytes packed into two integers (longer words keep counting but never match a table entry).
struct _PackedWord: Hashable {
    var low: UInt64 = 0
    var high: UInt64 = 0
    var count = 0

    @inline(__always)
    mutating func append(_ c: UInt8) {
        if count < 8 {
            low |= UInt64(c) << (8 * UInt64(count))
        } else if count < 16 {
            high |= UInt64(c) << (8 * UInt64(count - 8))
        }
        count += 1
    }

    init() {}

    init(_ s: String) {
        for c in s.utf8 { append(c) }
    }
}

/// A fixed-size open-addressing hash table from packed words to hints: a multiply-shift hash and linear probing,
/// several times cheaper than hashing Strings for the ~30,000 class words of a large page.
struct _WordTable {
    private static let bits: UInt64 = 10
    private var keys = [_PackedWord](repeating: _PackedWord(), count: 1 << 10)
    private var values = [ClassHints](repeating: [], count: 1 << 10)

    @inline(__always)
    private static func slot(_ w: _PackedWord) -> Int {
        let h = (w.low &* 0x9E37_79B9_7F4A_7C15) ^ (w.high &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(w.count)
        return Int(truncatingIfNeeded: (h &* 0x9E37_79B9_7F4A_7C15) >> (64 - bits))
    }

    mutating func insert(_ word: String, _ hints: ClassHints) {
        let key = _PackedWord(word)
        precondition(key.count >= 2 && key.count <= 16)
        var i = Self.slot(key)
        while keys[i].count != 0 && keys[i] != key { i = (i + 1) & ((1 << 10) - 1) }
        keys[i] = key
        values[i] = hints
    }

    @inline(__always)
    func lookup(_ key: _PackedWord) -> ClassHints {
        guard key.count >= 2, key.count <= 16 else { return [] }
        var i = Self.slot(key)
        while keys[i].count != 0 {
            if keys[i] == key { return values[i] }
            i = (i + 1) & ((1 << 10) - 1)
        }
        return []
    }
}

extension Collection where Element == UInt8 {
    /// Whether the bytes contain `needle` (ASCII) as a contiguous run.
    func containsBytes(_ needle: StaticString) -> Bool {
        let n = needle.utf8CodeUnitCount
        let p = needle.utf8Start
        guard n > 0 else { return true }
        var matched = 0
        var index = startIndex
        var restart = startIndex
        while index != endIndex {
            if self[index] == p[matched] {
                if matched == 0 { restart = self.index(after: index) }
                matched += 1
                if matched == n { return true }
                index = self.index(after: index)
            } else if matched > 0 {
                matched = 0
                index = restart
            } else {
                index = self.index(after: index)
            }
        }
        return false
    }
}
