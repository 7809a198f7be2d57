import ArgumentParser
import Foundation
import Search

/// `search run`: runs a file of natural-language queries and prints a TREC run, for relevance evaluation.
struct RunCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "run",
        abstract: "Run a file of queries and print a TREC run (qid Q0 docid rank score tag).",
        discussion: """
            QUERIES holds JSONL lines {"id", "text"}. Each text is free text: every word may match, and quotes, \
            signs, parentheses and field prefixes are ordinary characters, so no query fails to parse. Score the \
            output with trec_eval. The --k1, --b, --title-weight, --title-b and --proximity-weight options \
            override the ranking parameters, for experiments.
            """
    )

    @OptionGroup var location: IndexLocation

    @Option(help: "The JSONL query file: lines {\"id\", \"text\"}.")
    var queries: String

    @Option(help: "Hits per query.")
    var k = 1000

    @Option(help: "The run tag (last column).")
    var tag = "search"

    @Option(help: """
        BM25 term-frequency saturation (default \(BM25Parameters().standardK1) on standard indexes, \
        \(BM25Parameters().k1) on plain ones).
        """)
    var k1: Float?

    @Option(help: """
        BM25 length normalisation of the body (default \(BM25Parameters().bodyB) on standard indexes, \
        \(BM25Parameters().b) on plain ones).
        """)
    var b: Float?

    @Option(help: "BM25F weight of the title (standard indexes; default \(BM25Parameters().titleWeight)).")
    var titleWeight: Float?

    @Option(help: "BM25F length normalisation of the title (default \(BM25Parameters().titleB)).")
    var titleB: Float?

    @Option(help: "Weight of the term-proximity score (default \(BM25Parameters().proximityWeight); 0 for none).")
    var proximityWeight: Float?

    func validate() throws {
        guard (1...100_000).contains(k) else { throw ValidationError("--k must be between 1 and 100000") }
        guard !tag.isEmpty, !tag.contains(where: \.isWhitespace) else {
            throw ValidationError("--tag must be one word")
        }
    }

    func run() throws {
        var parameters = BM25Parameters()
        if let k1 { (parameters.k1, parameters.standardK1) = (k1, k1) }
        if let b { (parameters.b, parameters.bodyB) = (b, b) }
        if let titleWeight { parameters.titleWeight = titleWeight }
        if let titleB { parameters.titleB = titleB }
        if let proximityWeight { parameters.proximityWeight = proximityWeight }
        let reader = try IndexReader(directory: location.directory)
        let searcher = Searcher(reader: reader, parameters: parameters)
        var ids = reader.segments.map { [String?](repeating: nil, count: $0.documentCount) }
        var output = ""
        for (number, line) in try Self.loadQueries(queries).enumerated() {
            guard let (id, text) = Self.parse(line) else {
                throw QueryFileError(
                    description: "\(queries):\(number + 1): expected a JSON object with \"id\" and \"text\"")
            }
            let top = searcher.search(Query.freeText(text, analyzer: reader.analyzer), limit: k)
            for (rank, hit) in top.hits.enumerated() {
                let documentID: String
                if let known = ids[hit.segment][Int(hit.doc)] {
                    documentID = known
                } else {
                    documentID = try reader.segments[hit.segment].document(hit.doc).id
                    ids[hit.segment][Int(hit.doc)] = documentID
                }
                output += "\(id) Q0 \(documentID) \(rank + 1) \(hit.score) \(tag)\n"
            }
            if output.utf8.count > 1 << 20 {
                FileHandle.standardOutput.write(Data(output.utf8))
                output = ""
            }
        }
        FileHandle.standardOutput.write(Data(output.utf8))
    }

    /// The non-blank lines of `path`.
    static func loadQueries(_ path: String) throws -> [Substring] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw QueryFileError(description: "cannot read \(path)")
        }
        return String(decoding: data, as: UTF8.self).split(separator: "\n")
            .filter { $0.contains { !$0.isWhitespace } }
    }

    /// The id (a string or number, without blanks) and text of one query line.
    static func parse(_ line: Substring) -> (id: String, text: String)? {
        guard let object = try? JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any],
              let text = object["text"] as? String else { return nil }
        let id: String
        switch object["id"] ?? object["_id"] {
        case let value as String: id = value
        case let value as NSNumber: id = value.stringValue
        default: return nil
        }
        guard !id.isEmpty, !id.contains(where: \.isWhitespace) else { return nil }
        return (id, text)
    }
}

/// A query file that cannot be read or holds a line that is not a query; `description` is a sentence for users.
struct QueryFileError: Error, CustomStringConvertible {
    var description: String
}
