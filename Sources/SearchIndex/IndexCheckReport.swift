/// What `IndexChecker` read and every problem it found in it.
public struct IndexCheckReport: Sendable, Equatable {
    /// The live documents of the commit, summed over the manifest's segments.
    public var documentCount = 0
    /// The deleted documents that the commit's segments still hold.
    public var deletedCount = 0
    /// The segments the manifest lists.
    public var segmentCount = 0
    /// The files read (the manifest and every segment file that exists).
    public var fileCount = 0
    /// The bytes of those files.
    public var byteCount = 0
    /// One sentence per problem, each naming the damaged file and what is wrong with it.
    public var problems: [String] = []

    /// Whether every check passed.
    public var isIntact: Bool { problems.isEmpty }
}
