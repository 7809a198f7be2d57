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
            let matches = try indexer.documents(matching: query)
            for document in matches.prefix(Self.listed) { print(document.url.isEmpty ? document.id : document.url) }
            if matches.count > Self.listed { print("… and \(matches.count - Self.listed) more") }
            Terminal.error("Would delete \(Self.documents(matches.count)) matching \(query)\n")
            if matches.isEmpty { throw ExitCode(1) }
            return
        }
        let deleted = try indexer.delete(matching: query)
        try indexer.commit()
        guard deleted > 0 else {
            Terminal.error("search: no document matches \(query)\n")
            throw ExitCode(1)
        }
        Terminal.error("Deleted \(Self.documents(deleted)) matching \(query), committed to \(location.directory)\n")
    }

    private func delete(_ keys: [String], indexer: ArticleIndexer) throws {
        var deleted = 0
        var missing: [String] = []
        for key in keys {
            let count = try indexer.delete(urlOrID: key)
            if count == 0 { missing.append(key) }
            deleted += count
        }
        for key in missing { Terminal.error("search: no document has the URL or id \(key)\n") }
        if dryRun {
            Terminal.error("Would delete \(Self.documents(deleted))\n")  // the writer is dropped uncommitted
        } else {
            try indexer.commit()
            Terminal.error("Deleted \(Self.documents(deleted)), committed to \(location.directory)\n")
        }
        if !missing.isEmpty { throw ExitCode(1) }
    }

    /// "1 document", "2 documents".
    static func documents(_ count: Int) -> String { count == 1 ? "1 document" : "\(count) documents" }
}
