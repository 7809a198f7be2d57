import ArgumentParser
import Foundation
import Search

/// `search extract FILE…`: shows what extraction finds in pages, as text or as JSON keyed by page id.
struct ExtractCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "extract",
        abstract: "Extract the article (title, author, date, body …) from HTML pages.",
        discussion: """
            With --json, prints one object {"<id>": {"articleBody", "title", "author", "published", "url", \
            "language", "description"}}, where <id> is the file name without .gz and its page extension.
            """
    )

    @Argument(help: "HTML files (also .gz) or directories of them.")
    var paths: [String]

    @Flag(help: "Print JSON keyed by page id.")
    var json = false

    func validate() throws {
        guard !paths.isEmpty else { throw ValidationError("give at least one file or directory") }
    }

    func run() throws {
        let extractor = ArticleExtractor()
        var entries: [(String, JSONOutput)] = []
        var failed = 0
        try InputReader(format: .html).read(paths) { item in
            switch item {
            case .skipped:
                return
            case .failure(let origin, let error):
                failed += 1
                Terminal.error("search: skipped \(origin): \(error)\n")
            case .document(let source):
                guard case .html(let page) = source.content else { return }
                let article: Article
                do {
                    article = try extractor.extract(html: page)
                } catch {
                    failed += 1
                    Terminal.error("search: skipped \(source.origin): \(error)\n")
                    return
                }
                let id = (source.id as NSString).lastPathComponent
                if json {
                    entries.append((id, Self.json(article)))
                } else {
                    print(Self.text(article, origin: source.origin))
                }
            }
        }
        if json { print(JSONOutput.object(entries).text) }
        if failed > 0 { throw ExitCode(1) }
    }

    private static func json(_ article: Article) -> JSONOutput {
        var fields: [(String, JSONOutput)] = [("articleBody", .string(article.body))]
        let optional: [(String, String?)] = [
            ("title", article.title), ("author", article.author), ("published", article.published),
            ("url", article.url), ("language", article.language), ("description", article.description),
        ]
        for (key, value) in optional {
            if let value { fields.append((key, .string(value))) }
        }
        return .object(fields)
    }

    private static func text(_ article: Article, origin: String) -> String {
        var out = "== \(origin)\n"
        let fields: [(String, String?)] = [
            ("title", article.title), ("author", article.author), ("published", article.published),
            ("url", article.url), ("language", article.language), ("description", article.description),
        ]
        for (key, value) in fields {
            if let value { out += "\(key): \(value)\n" }
        }
        return out + "\n" + article.body + "\n"
    }
}
