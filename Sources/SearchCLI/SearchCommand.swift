import ArgumentParser

/// The `search` command: ranked full-text search over articles extracted from web pages.
@main
struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Search articles extracted from web pages.",
        discussion: """
            With no subcommand, runs a query. On first use without --index, the bundled Corpus/ folder of the \
            current directory is indexed into .search-index/.
            """,
        version: "search 0.1.0",
        subcommands: [
            QueryCommand.self, IndexCommand.self, DeleteCommand.self, ExtractCommand.self, StatsCommand.self,
            CheckCommand.self, OptimizeCommand.self,
            BenchCommand.self, RunCommand.self, ServeCommand.self,
        ],
        defaultSubcommand: QueryCommand.self
    )
}
