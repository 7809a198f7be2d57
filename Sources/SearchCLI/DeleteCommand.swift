import ArgumentParser
import Foundation
import Search

/// `search delete URL_OR_ID…` and `search delete --query QUERY`: removes documents from an index in one commit.
struct DeleteCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "delete",
        abstract: "Delete documents by URL or id, or every document that matches a query.",
        discussion: """
            A document is found by its URL or by its id (the JSONL id, or the file's path without extensions). \
            All deletions are committed at once. Deleted documents leave results at once and leave the disk \
            when segments are merged (search optimize). Exits with 1 when nothing matched.
            """
    )

    @Argument(help: "URLs or ids of the documents to delete.")
    var documents: [String] = []

    @Option(help: "Delete every document that matches this query (the syntax of `search`).")
    var query: String?

    @Flag(help: "Show what would be deleted, without deleting.")
    var dryRun = false

    @Flag(help: """
        Print one JSON object: {"deleted", "committed", "missing": [URLs or ids found nowhere], \
        "matches": [URLs or ids, with --query --dry-run]}.
        """)
    var json = false

    @OptionGroup var location: IndexLocation

    /// Documents listed one by one by a dry run before the rest are only counted.
    static let listed = 20

    func validate() throws {
        guard documents.isEmpty != (query == nil) else {
            throw ValidationError("give either URLs or ids, or --query")
        }
        if let query, !query.contains(where: { !$0.isWhitespace }) { throw ValidationError("the query is empty") }
    }

    func run() throws {
        let directory = location.directory
        _ = try IndexReader(directory: directory)  // no index: "no index at …" rather than a new empty one
        let indexer = try ArticleIndexer(directory: directory)
        if let query {
            try delete(matching: query, indexer: indexer)
        } else {
            try delete(documents, indexer: indexer)
        }
    }

    private func delete(matching query: String, indexer: ArticleIndexer) throws {
        if dryRun {
            let matches = try indexer.documents(matching: query).map { $0.url.isEmpty ? $0.id : $0.url }
            if json {
                report(deleted: matches.count, matches: matches)
            } else {
                for match in matches.prefix(Self.listed) { print(match) }
                if matches.count > Self.listed { print("… and \(matches.count - Self.listed) more") }
                Terminal.error("Would delete \(Format.count(matches.count, "document")) matching \(query)\n")
            }
            if matches.isEmpty { throw ExitCode(1) }
            return
        }
        let deleted = try indexer.delete(matching: query)
        try indexer.commit()
        if json {
            report(deleted: deleted)
        } else if deleted > 0 {
            Terminal.error(
                "Deleted \(Format.count(deleted, "document")) matching \(query), committed to \(location.directory)\n")
        } else {
            Terminal.error("search: no document matches \(query)\n")
        }
        if deleted == 0 { throw ExitCode(1) }
    }

    /// Prints the `--json` object.
    private func report(deleted: Int, missing: [String] = [], matches: [String]? = nil) {
        var fields: [(String, JSONOutput)] = [
            ("deleted", .int(deleted)), ("committed", .bool(!dryRun)), ("missing", .array(missing.map { .string($0) })),
        ]
        if let matches { fields.append(("matches", .array(matches.map { .string($0) }))) }
        print(JSONOutput.object(fields).text)
    }

    private func delete(_ keys: [String], indexer: ArticleIndexer) throws {
        var deleted = 0
        var missing: [String] = []
        for key in keys {
            let count = try indexer.delete(urlOrID: key)
            if count == 0 { missing.append(key) }
            deleted += count
        }
        if !dryRun { try indexer.commit() }  // a dry run drops the writer uncommitted
        if json {
            report(deleted: deleted, missing: missing)
        } else {
            for key in missing { Terminal.error("search: no document has the URL or id \(key)\n") }
            Terminal.error(
                dryRun
                    ? "Would delete \(Format.count(deleted, "document"))\n"
                    : "Deleted \(Format.count(deleted, "document")), committed to \(location.directory)\n")
        }
        if !missing.isEmpty { throw ExitCode(1) }
    }
}
