import Foundation
import Testing

#if canImport(Glibc)
    import Glibc
#endif

/// `search check` and the writer lock, through the built binary.
@Suite(.serialized)
struct IndexIntegrityTests {
    static func freshIndex(_ name: String) -> String {
        let path = SearchBinaryTests.workspace.appendingPathComponent(name).path
        try? FileManager.default.removeItem(atPath: path)
        return path
    }

    static func jsonl(_ name: String, _ text: String) throws -> String {
        let url = SearchBinaryTests.workspace.appendingPathComponent(name)
        try Data(text.utf8).write(to: url)
        return url.path
    }

    @Test func checkPassesABuiltIndexAndNamesADamagedFile() throws {
        let index = Self.freshIndex("check.idx")
        let corpus = SearchBinaryTests.packageRoot.appendingPathComponent("Corpus").path
        let built = try SearchBinaryTests.run(["index", "--index", index, corpus, "--quiet"])
        #expect(built.status == 0, "\(built.stderr)")

        let ok = try SearchBinaryTests.run(["check", "--index", index])
        #expect(ok.status == 0, "\(ok.stderr)")
        // 430 pages, but GOTO.html and Goto.html are one article (same canonical URL): the later one replaces the
        // first, which a deletes file marks.
        #expect(ok.stdout.hasPrefix("ok: 429 documents, "), "\(ok.stdout)")
        #expect(ok.stdout.hasSuffix(" MB verified\n"))
        let json = try SearchBinaryTests.json(try SearchBinaryTests.run(["check", "--index", index, "--json"]).stdout)
        #expect(json["ok"] as? Bool == true)
        #expect(json["documents"] as? Int == 429)
        #expect((json["problems"] as? [Any])?.isEmpty == true)

        let names = try FileManager.default.contentsOfDirectory(atPath: index)
        let postings = index + "/" + (try #require(names.first { $0.hasSuffix(".postings") }))
        var bytes = try Data(contentsOf: URL(fileURLWithPath: postings))
        bytes[bytes.count / 2] ^= 0x10
        try bytes.write(to: URL(fileURLWithPath: postings))
        let damaged = try SearchBinaryTests.run(["check", "--index", index])
        #expect(damaged.status == 1)
        #expect(damaged.stdout.isEmpty)
        #expect(damaged.stderr.contains("search: \(postings): checksum mismatch\n"), "\(damaged.stderr)")

        let missing = try SearchBinaryTests.run(["check", "--index", Self.freshIndex("nothing.idx")])
        #expect(missing.status != 0)
        #expect(missing.stderr.contains("no index at"))
    }

    /// A writer blocked on its standard input holds the lock; a second writer is told its process id. Killed,
    /// it leaves `write.lock` naming it, which must not block the next writer.
    @Test func secondWriterIsToldWhichProcessHoldsTheLock() throws {
        let index = Self.freshIndex("locked.idx")
        let input = try Self.jsonl("locked.jsonl", #"{"id": "only", "body": "lonely harbour"}"# + "\n")
        let holder = Process()
        holder.executableURL = SearchBinaryTests.binary
        holder.arguments = ["index", "--index", index, "-", "--quiet"]
        let stdin = Pipe()
        holder.standardInput = stdin
        holder.standardOutput = FileHandle.nullDevice
        holder.standardError = FileHandle.nullDevice
        try holder.run()
        let pid = holder.processIdentifier
        defer {
            if holder.isRunning {
                kill(pid, SIGKILL)
                holder.waitUntilExit()
            }
        }
        // The writer takes the lock before it reads its input, so it waits there holding the lock.
        let lockPath = index + "/write.lock"
        for _ in 0..<1200 where (try? String(contentsOfFile: lockPath, encoding: .utf8)) != "\(pid)\n" {
            usleep(50_000)
        }
        #expect(try String(contentsOfFile: lockPath, encoding: .utf8) == "\(pid)\n")

        let second = try SearchBinaryTests.run(["index", "--index", index, input, "--quiet"])
        #expect(second.status != 0)
        #expect(second.stderr.contains("index is locked by PID \(pid)"), "\(second.stderr)")

        kill(pid, SIGKILL)
        holder.waitUntilExit()
        #expect(try String(contentsOfFile: lockPath, encoding: .utf8) == "\(pid)\n")  // stale: names a dead process
        let third = try SearchBinaryTests.run(["index", "--index", index, input, "--quiet"])
        #expect(third.status == 0, "\(third.stderr)")
        let stats = try SearchBinaryTests.json(try SearchBinaryTests.run(["stats", "--index", index, "--json"]).stdout)
        #expect(stats["documents"] as? Int == 1)
        #expect(try SearchBinaryTests.run(["check", "--index", index]).status == 0)
    }
}
