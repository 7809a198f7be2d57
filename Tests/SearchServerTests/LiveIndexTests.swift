import Foundation
import HummingbirdTesting
import Search
import Testing

@testable import SearchServer

struct LiveIndexTests {
    static func batch(_ number: Int, size: Int) -> [StoredDocument] {
        (0..<size).map { StoredDocument(id: "quagga-\(number)-\($0)", body: "quagga batch \(number) document \($0)") }
    }

    @Test func refreshOpensNewCommitsWhileOldSnapshotsKeepAnswering() throws {
        let index = try TestIndex()
        let live = try LiveIndex(directory: index.directory)
        #expect(try live.refresh() == false, "nothing changed")
        let before = try #require(live.snapshot)
        #expect(before.generation == 1)

        try index.commit(Self.batch(1, size: 3))
        #expect(try live.refresh())
        let after = try #require(live.snapshot)
        #expect(after.generation == 2)
        #expect(after.segmentCount == 2)
        #expect(try after.searcher.search("quagga").total == 3)
        #expect(try after.document(id: "quagga-1-2")?.body == "quagga batch 1 document 2")
        #expect(try after.document(id: "shoigu")?.title == "Shoigu visits Pyongyang")

        // A reader still holding the old snapshot sees the old commit, whole.
        #expect(try before.searcher.search("quagga").total == 0)
        #expect(try before.document(id: "quagga-1-2") == nil)
        #expect(try before.searcher.search("pyongyang").total == 1)
        #expect(try live.refresh() == false)
    }

    @Test func theLatestCopyOfARepeatedIdWins() throws {
        let index = try TestIndex([[StoredDocument(id: "dup", body: "old text")]])
        try index.commit([StoredDocument(id: "dup", body: "new text")])
        let snapshot = try IndexSnapshot(directory: index.directory)
        #expect(try snapshot.document(id: "dup")?.body == "new text")
        #expect(try snapshot.document(id: "du") == nil)
    }

    @Test func pollingPicksUpACommitWithinASecond() async throws {
        let index = try TestIndex()
        let live = try LiveIndex(directory: index.directory)
        live.startPolling(every: .milliseconds(200))
        defer { live.stopPolling() }
        try index.commit(Self.batch(1, size: 2))
        let committed = ContinuousClock.now
        // Watched from a thread of its own, so that a busy test run cannot delay the observation.
        let waited = await withCheckedContinuation { continuation in
            DispatchQueue(label: "watch").async {
                while live.snapshot?.generation != 2 && committed.duration(to: .now) < .seconds(5) { usleep(2000) }
                continuation.resume(returning: committed.duration(to: .now))
            }
        }
        #expect(live.snapshot?.generation == 2)
        #expect(waited < .seconds(1))
    }

    @Test func aDamagedCommitIsReportedOnceAndTheLastGoodOneStaysInService() async throws {
        let index = try TestIndex()
        let errors = Recorder<String>()
        let live = try LiveIndex(directory: index.directory) { error in errors.append("\(error)") }
        // Replace the manifest atomically, the way a commit does, with bytes that are not a manifest.
        let temporary = index.directory + "/manifest.damaged"
        try Data("not a manifest".utf8).write(to: URL(fileURLWithPath: temporary))
        #expect(rename(temporary, index.directory + "/manifest") == 0)
        #expect(throws: IndexError.self) { try live.refresh() }
        #expect(live.snapshot?.generation == 1)
        #expect(try live.snapshot?.searcher.search("tokyo").total == 1)

        live.startPolling(every: .milliseconds(20))
        defer { live.stopPolling() }
        try await Task.sleep(for: .milliseconds(200))
        #expect(errors.values.count == 1, "reported once, not at every poll: \(errors.values)")

        try index.commit(Self.batch(1, size: 1))  // the writer publishes a good manifest again
        try live.refresh()  // (or the poller already did)
        #expect(live.snapshot?.generation == 2)
        #expect(errors.values.count == 1)
    }

    /// Commits batches while clients query through the server: every answer must be exactly some commit's —
    /// whole batches only, totals that never go back for one client, and the total the header's commit implies.
    @Test func answersDuringIndexingAreAlwaysConsistentWithOneCommit() async throws {
        let index = try TestIndex()
        let batchSize = 7
        let batches = 12
        let server = SearchServer(index: try LiveIndex(directory: index.directory), logger: LogCapture().logger())
        server.index.startPolling(every: .milliseconds(20))
        defer { server.index.stopPolling() }
        let writerDone = Recorder<Bool>()
        let observed = Recorder<Int>()

        try await server.makeApplication().test(.router) { client in
            try await withThrowingTaskGroup(of: Void.self) { group in
                group.addTask {
                    defer { writerDone.append(true) }
                    for number in 1...batches {
                        try index.commit(Self.batch(number, size: batchSize))
                        try await Task.sleep(for: .milliseconds(40))
                    }
                }
                for _ in 0..<4 {
                    group.addTask {
                        var lastTotal = 0
                        var answers = 0
                        while writerDone.values.isEmpty || answers == 0 {
                            let response = try await client.get("/api/search?q=quagga&limit=1000")
                            #expect(response.status == .ok)
                            let object = try response.object()
                            let total = try #require(object["total"] as? Int)
                            let hits = try #require(object["hits"] as? [[String: Any]])
                            let ids = hits.compactMap { $0["id"] as? String }
                            #expect(ids.count == total)
                            #expect(total % batchSize == 0, "a partial commit: \(total)")
                            #expect(total >= lastTotal, "went back from \(lastTotal) to \(total)")
                            let header = response.headers[SearchAPI.generationHeader]
                            let generation = try #require(header.flatMap { Int($0) })
                            #expect(total == (generation - 1) * batchSize, "commit \(generation) has \(total)")
                            var perBatch: [Int: Int] = [:]
                            for id in ids { perBatch[Int(id.split(separator: "-")[1])!, default: 0] += 1 }
                            #expect(perBatch.values.allSatisfy { $0 == batchSize })
                            #expect(perBatch.keys.sorted() == Array(1..<(total / batchSize + 1)))
                            lastTotal = total
                            answers += 1
                            observed.append(total)
                        }
                    }
                }
                try await group.waitForAll()
            }
            try server.index.refresh()
            let final = try await client.get("/api/search?q=quagga&limit=0").object()
            #expect(final["total"] as? Int == batches * batchSize)
        }
        let totals = Set(observed.values)
        #expect(totals.count >= 2, "the clients saw the index change while they queried: \(totals.sorted())")
    }
}
