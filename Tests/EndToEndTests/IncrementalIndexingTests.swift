import Foundation
import Testing

/// `search index` run again over changed inputs, `search delete` and `search optimize`, through the binary.
@Suite(.serialized)
struct IncrementalIndexingTests {
    static func jsonl(_ lines: [String], named name: String) throws -> String {
        let file = SearchBinaryTests.workspace.appendingPathComponent(name)
        try Data(lines.joined(separator: "\n").utf8).write(to: file)
        return file.path
    }

    static func line(_ i: Int, _ body: String) -> String {
        #"{"id": "n\#(i)", "url": "https://example.org/\#(i)", "title": "Note \#(i)", "body": "\#(body)"}"#
    }

    static func stats(_ index: String) throws -> [String: Any] {
        try SearchBinaryTests.json(try SearchBinaryTests.run(["stats", "--index", index, "--json"]).stdout)
    }

    static func total(_ query: String, _ index: String) throws -> Int? {
        try SearchBinaryTests.json(try SearchBinaryTests.run([query, "--index", index, "--json"]).stdout)["total"]
            as? Int
    }

    @Test func indexAgainDeleteAndOptimize() throws {
        let index = SearchBinaryTests.workspace.appendingPathComponent("incremental.idx").path
        try? FileManager.default.removeItem(atPath: index)
        let bodies = ["rain over hokkaido", "snow over hokkaido", "sun over okinawa", "wind over kyushu"]
        let file = try Self.jsonl(bodies.enumerated().map { Self.line($0, $1) }, named: "notes.jsonl")

        let first = try SearchBinaryTests.run(["index", "--index", index, file, "--json"])
        #expect(first.status == 0, "\(first.stderr)")
        #expect(try SearchBinaryTests.json(first.stdout)["indexed"] as? Int == 4)
        let again = try SearchBinaryTests.json(
            try SearchBinaryTests.run(["index", "--index", index, file, "--json"]).stdout)
        #expect(again["indexed"] as? Int == 0 && again["updated"] as? Int == 0 && again["unchanged"] as? Int == 4)
        #expect(try Self.stats(index)["documents"] as? Int == 4)

        var changed = bodies
        changed[1] = "hail over hokkaido"
        _ = try Self.jsonl(changed.enumerated().map { Self.line($0, $1) }, named: "notes.jsonl")
        let update = try SearchBinaryTests.run(["index", "--index", index, file])
        #expect(update.status == 0)
        #expect(update.stderr.contains("1 updated, 3 unchanged"), "\(update.stderr)")
        #expect(try Self.total("snow", index) == 0)
        #expect(try Self.total("hail", index) == 1)
        #expect(try Self.stats(index)["documents"] as? Int == 4)
        #expect(try Self.stats(index)["deleted"] as? Int == 1)

        let byURL = try SearchBinaryTests.run(["delete", "--index", index, "https://example.org/0"])
        #expect(byURL.status == 0, "\(byURL.stderr)")
        #expect(byURL.stderr.hasPrefix("Deleted 1 document, committed to"), "\(byURL.stderr)")
        #expect(try Self.total("rain", index) == 0)
        let missing = try SearchBinaryTests.run(["delete", "--index", index, "https://example.org/0", "n3"])
        #expect(missing.status == 1)
        #expect(missing.stderr.contains("no document has the URL or id https://example.org/0"), "\(missing.stderr)")
        #expect(try Self.total("kyushu", index) == 0, "n3 was found by its id and deleted")

        let dryRun = try SearchBinaryTests.run(["delete", "--index", index, "--query", "over", "--dry-run"])
        #expect(dryRun.status == 0)
        #expect(dryRun.stdout == "https://example.org/2\nhttps://example.org/1\n" || dryRun.stdout
            == "https://example.org/1\nhttps://example.org/2\n", "\(dryRun.stdout)")
        #expect(dryRun.stderr.contains("Would delete 2 documents"), "\(dryRun.stderr)")
        #expect(try Self.stats(index)["documents"] as? Int == 2)
        let dryJSON = try SearchBinaryTests.run(["delete", "--index", index, "--query", "over", "--dry-run", "--json"])
        #expect(dryJSON.status == 0)
        let would = try SearchBinaryTests.json(dryJSON.stdout)
        #expect(would["deleted"] as? Int == 2 && would["committed"] as? Bool == false)
        #expect(Set(would["matches"] as? [String] ?? []) == ["https://example.org/1", "https://example.org/2"])
        let missingJSON = try SearchBinaryTests.run(["delete", "--index", index, "n404", "--json"])
        #expect(missingJSON.status == 1)
        let nothing = try SearchBinaryTests.json(missingJSON.stdout)
        #expect(nothing["deleted"] as? Int == 0 && nothing["missing"] as? [String] == ["n404"])
        #expect(nothing["committed"] as? Bool == true && nothing["matches"] == nil)
        let byQuery = try SearchBinaryTests.run(["delete", "--index", index, "--query", "okinawa"])
        #expect(byQuery.status == 0)
        #expect(byQuery.stderr.hasPrefix("Deleted 1 document matching okinawa"), "\(byQuery.stderr)")
        let none = try SearchBinaryTests.run(["delete", "--index", index, "--query", "okinawa"])
        #expect(none.status == 1)
        #expect(none.stderr.contains("no document matches okinawa"))
        #expect(try Self.total("over", index) == 1)
        #expect(try SearchBinaryTests.run(["check", "--index", index]).status == 0)

        // The first segment lost all its documents and left the index; the update's segment is left. One more
        // run adds a segment, one of whose documents is then deleted: optimize merges the two, purging it.
        #expect(try Self.stats(index)["segments"] as? Int == 1)
        let extra = try Self.jsonl(
            [Self.line(10, "fog over sapporo"), Self.line(11, "mist over sendai")], named: "extra-notes.jsonl")
        #expect(try SearchBinaryTests.run(["index", "--index", index, extra]).status == 0)
        #expect(try SearchBinaryTests.run(["delete", "--index", index, "n10"]).status == 0)
        #expect(try Self.stats(index)["segments"] as? Int == 2)
        let optimize = try SearchBinaryTests.run(["optimize", "--index", index, "--json"])
        #expect(optimize.status == 0, "\(optimize.stderr)")
        let merged = try SearchBinaryTests.json(optimize.stdout)
        #expect(merged["segments"] as? Int == 2 && merged["documents"] as? Int == 2 && merged["purged"] as? Int == 1)
        let stats = try Self.stats(index)
        #expect(stats["segments"] as? Int == 1 && stats["deleted"] as? Int == 0 && stats["documents"] as? Int == 2)
        #expect(try Self.total("over", index) == 2)
        #expect(try Self.total("fog", index) == 0)
        #expect(try SearchBinaryTests.run(["check", "--index", index]).status == 0)
        let noop = try SearchBinaryTests.run(["optimize", "--index", index])
        #expect(noop.status == 0 && noop.stderr.contains("already one segment"), "\(noop.stderr)")
        let single = try Self.jsonl([Self.line(12, "haze over nagoya")], named: "single-note.jsonl")
        let one = try SearchBinaryTests.run(["index", "--index", index, single])
        #expect(one.status == 0 && one.stderr.contains("1 document, "), "\(one.stderr)")

        let nowhere = try SearchBinaryTests.run(["delete", "--index", "/nonexistent/index", "x"])
        #expect(nowhere.status != 0)
        #expect(nowhere.stderr.contains("no index at /nonexistent/index"), "\(nowhere.stderr)")
        let optimizeNowhere = try SearchBinaryTests.run(["optimize", "--index", "/nonexistent/index"])
        #expect(optimizeNowhere.status != 0 && optimizeNowhere.stderr.contains("no index at"))
    }
}
