/// HTML bytes → Article, via libxml2. Reusable; thread-safe to call from several threads.
///
/// The pipeline: charset detection → decoding to UTF-8 → prefiltering (scripts, styles, comments out) → libxml2
/// SAX parse into a flat `DocumentTree` → metadata → boilerplate removal → content scoring → text.
public struct ArticleExtractor: Sendable {
    /// Pages larger than this are cut before parsing (the tree uses 32-bit offsets).
    public static let maximumInputSize = 1 << 30

    /// Creates an extractor (it holds no state; one can be shared by all threads).
    public init() {}

    /// Extracts the article of the page `html` (any supported encoding), fetched from `url` if known.
    public func extract(html: [UInt8], url: String? = nil) throws -> Article {
        try html.withUnsafeBytes { try extract(html: $0, url: url) }
    }

    /// Extracts the article of the page in `html` (any supported encoding), fetched from `url` if known.
    public func extract(html: UnsafeRawBufferPointer, url: String? = nil) throws -> Article {
        let raw = UnsafeBufferPointer(
            rebasing: html.bindMemory(to: UInt8.self)[0..<min(html.count, Self.maximumInputSize)])
        try InputSniffer.check(raw)
        let detection = CharsetDetector.detect(raw)
        let decoded = TextDecoder.utf8(raw, detection: detection)
        let prefiltered: MarkupPrefilter =
            decoded.map { bytes in
                bytes.withUnsafeBufferPointer { MarkupPrefilter($0) }
            } ?? MarkupPrefilter(raw)
        let tree = try prefiltered.markup.withUnsafeBufferPointer { markup throws(ExtractionError) in
            try _UnsafeSAXTreeBuilder.parse(markup)
        }
        let metadata = MetadataExtractor(tree: tree, jsonLD: JSONLDReader.read(prefiltered.jsonLD))
        var article = metadata.metadata(url: url)
        article.body = BodyExtractor(tree: tree, title: article.title).body()
        return article
    }
}

/// The article body of a parsed page.
struct BodyExtractor {
    let tree: DocumentTree
    let title: String?

    func body() -> String {
        let initial = NodeStatistics(tree)
        let removed = BoilerplateFilter.removedNodes(tree, initial)
        let stats = NodeStatistics(tree, removed: removed, unfiltered: initial)
        let scorer = ContentScorer(tree: tree, stats: stats, removed: removed)
        var roots = scorer.selection()
        if roots.isEmpty, let body = tree.nodes.indices.first(where: { tree.nodes[$0].tag == .body }) {
            roots = [body]
        }
        let renderer = TextRenderer(tree: tree, stats: stats, scorer: scorer, removed: removed, title: title)
        return renderer.render(roots)
    }
}

/// Rejects input that is empty or not text before any parsing.
enum InputSniffer {
    /// How many leading bytes are examined for binary content.
    static let sampleSize = 4096

    static func check(_ bytes: UnsafeBufferPointer<UInt8>) throws(ExtractionError) {
        guard bytes.contains(where: { $0 > 0x20 }) else { throw .empty }
        let sample = UnsafeBufferPointer(rebasing: bytes[0..<min(bytes.count, sampleSize)])
        // Signatures of common binary formats (images, archives, PDF, executables, compressed data).
        let signatures: [[UInt8]] = [
            [0x89, 0x50, 0x4E, 0x47], [0xFF, 0xD8, 0xFF], Array("GIF8".utf8), Array("%PDF".utf8),
            [0x50, 0x4B, 0x03, 0x04], [0x1F, 0x8B], [0x7F, 0x45, 0x4C, 0x46], Array("RIFF".utf8),
            [0x28, 0xB5, 0x2F, 0xFD], [0x42, 0x5A, 0x68], [0xFD, 0x37, 0x7A, 0x58, 0x5A],
        ]
        for signature in signatures where sample.starts(with: signature) { throw .binary }
        // UTF-16 text has a NUL in every other byte; anything else with NULs or many control bytes is binary.
        let detection = CharsetDetector.detect(sample)
        if detection.charset == .utf16LE || detection.charset == .utf16BE { return }
        var suspicious = 0
        for c in sample where c < 0x20 && c != 0x09 && c != 0x0A && c != 0x0D && c != 0x0C && c != 0x1B {
            suspicious += c == 0 ? 4 : 1
        }
        if suspicious * 10 > sample.count { throw .binary }
    }
}
