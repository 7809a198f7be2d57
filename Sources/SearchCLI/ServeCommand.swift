import ArgumentParser
import Dispatch
import Search
import SearchServer
import Synchronization

/// `search serve`: the HTTP API and search page over an index, following its commits while it is served.
struct ServeCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve an HTTP API and a search page over an index.",
        discussion: """
            Endpoints: GET / (search page), /api/search?q=…&limit=10&offset=0, /api/documents/{id}, /api/stats, \
            /healthz. New commits (e.g. from `search index` in another process) are picked up within a second, \
            without a restart. Without --index, the bundled Corpus/ is indexed first, as for a query. \
            Stop with Ctrl-C (SIGINT) or SIGTERM.
            """
    )

    @OptionGroup var location: IndexLocation

    @Option(help: "The address to listen on (loopback by default; 0.0.0.0 for every interface).")
    var host = "127.0.0.1"

    @Option(help: "The TCP port to listen on (0 picks a free one).")
    var port = 8080

    func validate() throws {
        guard (0...65535).contains(port) else { throw ValidationError("--port must be between 0 and 65535") }
        guard !host.isEmpty else { throw ValidationError("--host must not be empty") }
    }

    func run() throws {
        try BundledCorpus.indexIfNeeded(location)
        let server = try SearchServer(
            directory: location.directory, configuration: ServerConfiguration(host: host, port: port))
        // The root command is synchronous, so this one waits here for the server, which runs on Swift's
        // concurrency threads; signals are handled there too.
        let outcome = Mutex<Result<Void, any Error>?>(nil)
        let finished = DispatchSemaphore(value: 0)
        Task {
            let result: Result<Void, any Error>
            do {
                try await server.run()
                result = .success(())
            } catch {
                result = .failure(error)
            }
            outcome.withLock { $0 = result }
            finished.signal()
        }
        finished.wait()
        try outcome.withLock { $0 }?.get()
    }
}
