import SearchIndex
import SearchQuery

extension ArticleIndexer {
    /// Marks deleted every live document whose URL or id is `urlOrID`, and returns how many; they disappear
    /// from searches at the next `commit()`.
    public func delete(urlOrID: String) throws -> Int {
        try writer.delete(identity: urlOrID) + writer.delete(id: urlOrID)
    }

    /// The live documents of the last commit that match `query` (Lucene classic syntax), as stored.
    public func documents(matching query: String) throws -> [StoredDocument] {
        let reader = try IndexReader(directory: writer.directory)
        return try Searcher(reader: reader).matches(try QueryParser.parse(query)).map { match in
            try reader.segments[match.segment].document(match.doc)
        }
    }

    /// Marks deleted every live document of the last commit that matches `query` (Lucene classic syntax), and
    /// returns how many; they disappear from searches at the next `commit()`.
    public func delete(matching query: String) throws -> Int {
        let reader = try IndexReader(directory: writer.directory)
        var deleted = 0
        for match in Searcher(reader: reader).matches(try QueryParser.parse(query)) {
            if try writer.delete(segment: reader.segments[match.segment].name, document: match.doc) { deleted += 1 }
        }
        return deleted
    }

    /// Commits what was added and deleted (see `IndexWriter.commit`).
    public func commit() throws {
        try writer.commit()
    }
}
