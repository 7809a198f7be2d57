/// What the page's JSON-LD (schema.org) says about the article.
struct JSONLDMetadata {
    var headline: String?
    /// The article object's `name` (often the headline when `headline` is missing or misused).
    var name: String?
    var authors: [String] = []
    var datePublished: String?
    var url: String?
    var language: String?
    var description: String?
}

/// Reads schema.org article metadata from `<script type="application/ld+json">` payloads.
enum JSONLDReader {
    /// schema.org types that describe an article (or page) whose fields we want.
    static let articleTypes: Set<String> = [
        "article", "newsarticle", "blogposting", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
        "reviewnewsarticle", "backgroundnewsarticle", "scholarlyarticle", "techarticle", "socialmediaposting",
        "liveblogposting", "posting", "report", "review", "webpage", "itempage", "creativework", "medicalwebpage",
        "aboutpage", "recipe", "howto", "qapage", "discussionforumposting",
    ]

    /// Merges the article objects of all payloads: the most article-like object wins each field.
    static func read(_ payloads: [[UInt8]]) -> JSONLDMetadata {
        var objects: [[String: JSONValue]] = []
        for payload in payloads {
            guard let json = parse(payload) else { continue }
            collect(json, into: &objects)
        }
        // Article types first, generic web pages last.
        let ranked = objects.filter { !types($0).isDisjoint(with: articleTypes) || $0["headline"] != nil }
            .sorted { rank($0) < rank($1) }
        var meta = JSONLDMetadata()
        for object in ranked {
            if meta.headline == nil { meta.headline = string(object["headline"]) }
            if meta.name == nil, !types(object).contains("webpage") { meta.name = string(object["name"]) }
            if meta.authors.isEmpty { meta.authors = names(object["author"] ?? object["creator"]) }
            if meta.datePublished == nil {
                meta.datePublished = string(object["datePublished"]) ?? string(object["dateCreated"])
            }
            if meta.language == nil { meta.language = string(object["inLanguage"]) }
            if meta.description == nil { meta.description = string(object["description"]) }
            if meta.url == nil {
                meta.url = string(object["url"]) ?? string(object["mainEntityOfPage"]?["@id"])
            }
        }
        return meta
    }

    private static func rank(_ object: [String: JSONValue]) -> Int {
        let t = types(object)
        if t.contains(where: { $0.hasSuffix("article") || $0.hasSuffix("posting") }) { return 0 }
        if t.contains("webpage") || t.contains("itempage") { return 2 }
        return 1
    }

    static func parse(_ payload: [UInt8]) -> JSONValue? {
        // Tolerate CDATA/comment wrappers around the JSON.
        guard let first = payload.firstIndex(where: { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "[") }),
            let last = payload.lastIndex(where: { $0 == UInt8(ascii: "}") || $0 == UInt8(ascii: "]") }),
            first < last
        else { return nil }
        return JSONValue.parse(Array(payload[first...last]))
    }

    private static func collect(_ json: JSONValue, into objects: inout [[String: JSONValue]]) {
        var stack: [JSONValue] = [json]
        var visited = 0
        while let item = stack.popLast(), visited < 10_000 {
            visited += 1
            switch item {
            case .array(let array):
                stack.append(contentsOf: array.reversed())
            case .object(let object):
                objects.append(object)
                if let graph = object["@graph"] { stack.append(graph) }
                if let main = object["mainEntity"] { stack.append(main) }
            default:
                break
            }
        }
    }

    static func types(_ object: [String: JSONValue]) -> Set<String> {
        switch object["@type"] {
        case .string(let t)?: return [t.lowercased()]
        case .array(let a)?:
            return Set(a.compactMap { if case .string(let t) = $0 { return t.lowercased() } else { return nil } })
        default: return []
        }
    }

    static func string(_ value: JSONValue?) -> String? {
        switch value {
        case .string(let s)?:
            let t = s.collapsedWhitespace
            return t.isEmpty ? nil : t
        case .number(let n)?:
            return n
        case .array(let a)?:
            return a.lazy.compactMap { string($0) }.first
        case .object(let o)?:
            return string(o["@value"])
        default:
            return nil
        }
    }

    /// Person names in an `author` value: a string, an object with `name`, or an array of either.
    static func names(_ value: JSONValue?) -> [String] {
        switch value {
        case .string(let s)?:
            let t = s.collapsedWhitespace
            return t.isEmpty ? [] : [t]
        case .object(let o)?:
            if let name = string(o["name"]) { return [name] }
            let parts = [string(o["givenName"]), string(o["familyName"])].compactMap { $0 }
            return parts.isEmpty ? [] : [parts.joined(separator: " ")]
        case .array(let a)?:
            var out: [String] = []
            for item in a { for name in names(item) where !out.contains(name) { out.append(name) } }
            return out
        default:
            return []
        }
    }
}
