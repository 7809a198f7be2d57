// The façade re-exports the modules whose types appear in its API, so `import Search` is all a client needs.
@_exported import SearchAnalysis
@_exported import SearchExtraction
@_exported import SearchIndex
@_exported import SearchQuery
