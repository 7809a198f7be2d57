import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Every system call the index makes (open, write, fsync, rename, mmap, flock, ...), in one place, so that
/// tests can inject failures (`FileSystem.injectFault`) and so that error messages are uniform.
enum FileSystem {
    /// The kinds of operation a fault can be injected into.
    enum Operation: Sendable, CaseIterable {
        case createDirectory, open, write, sync, close, rename, read, map, lock, remove, link
    }

    /// A failure to report instead of performing `operation` on paths starting with `pathPrefix`.
    struct Fault: Sendable {
        var pathPrefix: String
        var operation: Operation
        var errorNumber: Int32
        /// How many matching calls succeed before the fault fires (then every later call fails).
        var skip: Int
    }

    private static let faults = Mutex<[Int: Fault]>([:])
    private static let nextFaultID = Atomic<Int>(0)

    /// Makes matching calls fail with `errorNumber` until `removeFault` is called with the returned token.
    static func injectFault(_ fault: Fault) -> Int {
        let id = nextFaultID.add(1, ordering: .relaxed).newValue
        faults.withLock { $0[id] = fault }
        return id
    }

    static func removeFault(_ id: Int) {
        _ = faults.withLock { $0.removeValue(forKey: id) }
    }

    /// Returns the injected errno for this call, if any.
    private static func injected(_ operation: Operation, _ path: String) -> Int32? {
        faults.withLock { faults -> Int32? in
            for (id, fault) in faults where fault.operation == operation && path.hasPrefix(fault.pathPrefix) {
                if fault.skip > 0 {
                    faults[id]!.skip -= 1
                    continue
                }
                return fault.errorNumber
            }
            return nil
        }
    }

    private static func failure(_ what: String, _ path: String, _ errorNumber: Int32) -> IndexError {
        .io("could not \(what) \(path): \(String(cString: strerror(errorNumber)))")
    }

    // MARK: - Queries

    /// Whether something exists at `path`.
    static func exists(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0
    }

    /// Whether `path` is a directory.
    static func isDirectory(_ path: String) -> Bool {
        var info = stat()
        return stat(path, &info) == 0 && (info.st_mode & S_IFMT) == S_IFDIR
    }

    /// The names of the entries of directory `path` (without `.` and `..`); empty if it cannot be read.
    static func contentsOfDirectory(_ path: String) -> [String] {
        guard let directory = opendir(path) else { return [] }
        defer { closedir(directory) }
        var names: [String] = []
        while let entry = readdir(directory) {
            let name = withUnsafeBytes(of: entry.pointee.d_name) { raw in
                String(decoding: raw.prefix { $0 != 0 }, as: UTF8.self)
            }
            if name != "." && name != ".." { names.append(name) }
        }
        return names
    }

    // MARK: - Directories

    /// Creates `path` and any missing parents (like `mkdir -p`).
    static func createDirectory(_ path: String) throws(IndexError) {
        if isDirectory(path) { return }
        if let e = injected(.createDirectory, path) { throw failure("create directory", path, e) }
        var prefix = path.hasPrefix("/") ? "/" : ""
        for component in path.split(separator: "/") {
            prefix += component
            if !isDirectory(prefix) && mkdir(prefix, 0o755) != 0 && errno != EEXIST {
                throw failure("create directory", prefix, errno)
            }
            prefix += "/"
        }
    }

    /// Makes the directory's entries (created and renamed files) durable.
    static func syncDirectory(_ path: String) throws(IndexError) {
        if let e = injected(.sync, path) { throw failure("sync directory", path, e) }
        let fd = open(path, O_RDONLY | O_DIRECTORY | O_CLOEXEC)
        if fd < 0 { throw failure("open directory", path, errno) }
        defer { _ = close(fd) }
        if fsync(fd) != 0 { throw failure("sync directory", path, errno) }
    }

    // MARK: - Writing

    /// Creates or truncates `path` for writing.
    static func openForWriting(_ path: String) throws(IndexError) -> Int32 {
        if let e = injected(.open, path) { throw failure("create", path, e) }
        let fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0o644)
        if fd < 0 { throw failure("create", path, errno) }
        return fd
    }

    /// Writes all of `bytes` to `fd`.
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, path: String) throws(IndexError) {
        if let e = injected(.write, path) { throw failure("write", path, e) }
        guard var pointer = bytes.baseAddress else { return }
        var remaining = bytes.count
        while remaining > 0 {
            let n = write(fd, pointer, remaining)
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("write", path, errno)
            }
            pointer += n
            remaining -= n
        }
    }

    /// Writes all of `bytes` to `fd` at byte `offset` (the file position does not move).
    static func writeAll(_ fd: Int32, _ bytes: UnsafeRawBufferPointer, at offset: Int, path: String)
        throws(IndexError)
    {
        if let e = injected(.write, path) { throw failure("write", path, e) }
        guard let base = bytes.baseAddress else { return }
        var done = 0
        while done < bytes.count {
            let n = pwrite(fd, base + done, bytes.count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("write", path, errno)
            }
            done += n
        }
    }

    /// Cuts (or extends with zeros) the file open as `fd` to `length` bytes.
    static func truncate(_ fd: Int32, to length: Int, path: String) throws(IndexError) {
        if let e = injected(.write, path) { throw failure("truncate", path, e) }
        if ftruncate(fd, off_t(length)) != 0 { throw failure("truncate", path, errno) }
    }

    /// Opens a file without a name in `directory` for reading and writing, that `link(_:to:)` can name later
    /// (Linux's `O_TMPFILE`); if the system has none, a file named and removed at once, which cannot be named
    /// again. Either way its space goes back when it is closed or the process ends, unless it was named. Nil if
    /// no such file can be made.
    static func createUnnamedFile(in directory: String) -> (fd: Int32, linkable: Bool)? {
        if injected(.open, "\(directory)/.scratch-") != nil { return nil }
        #if os(Linux)
            let fd = open(directory, __O_TMPFILE | O_DIRECTORY | O_RDWR | O_CLOEXEC, 0o644)
            if fd >= 0 { return (fd, true) }
        #endif
        return createScratchFile(in: directory).map { ($0, false) }
    }

    /// Gives the unnamed file open as `fd` (from `createUnnamedFile`) the name `path`, replacing any file
    /// there; false if this system cannot (the file stays unnamed), an error if naming failed otherwise.
    static func link(_ fd: Int32, to path: String) throws(IndexError) -> Bool {
        #if os(Linux)
            try removeFile(path)
            let error: Int32
            if let injectedError = injected(.link, path) {
                error = injectedError
            } else if linkat(AT_FDCWD, "/proc/self/fd/\(fd)", AT_FDCWD, path, AT_SYMLINK_FOLLOW) == 0 {
                return true
            } else {
                error = errno
            }
            // No /proc, or a file system or permissions that refuse it.
            if error == ENOENT || error == EXDEV || error == EPERM || error == EACCES || error == EOPNOTSUPP {
                return false
            }
            throw failure("name", path, error)
        #else
            return false
        #endif
    }

    /// Opens a new file in `directory` for reading and writing and removes its name at once, so its space goes
    /// back when it is closed or the process ends; nil if no such file can be made there.
    static func createScratchFile(in directory: String) -> Int32? {
        let prefix = "\(directory)/.scratch-"
        if injected(.open, prefix) != nil { return nil }
        var template = Array("\(prefix)XXXXXX".utf8CString)
        let fd = template.withUnsafeMutableBufferPointer { mkstemp($0.baseAddress!) }
        guard fd >= 0 else { return nil }
        template.withUnsafeBufferPointer { _ = unlink($0.baseAddress!) }
        return fd
    }

    /// Fills `buffer` from `fd` starting at byte `offset`.
    static func readAll(_ fd: Int32, at offset: Int, into buffer: UnsafeMutableRawBufferPointer, path: String)
        throws(IndexError)
    {
        if let e = injected(.read, path) { throw failure("read", path, e) }
        var done = 0
        while done < buffer.count {
            let n = pread(fd, buffer.baseAddress! + done, buffer.count - done, off_t(offset + done))
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("read", path, errno)
            }
            if n == 0 { throw IndexError.io("could not read \(path): it ended early") }
            done += n
        }
    }

    /// Flushes `fd`'s data to stable storage.
    static func syncFile(_ fd: Int32, path: String) throws(IndexError) {
        if let e = injected(.sync, path) { throw failure("sync", path, e) }
        if fsync(fd) != 0 { throw failure("sync", path, errno) }
    }

    static func closeFile(_ fd: Int32, path: String) throws(IndexError) {
        if let e = injected(.close, path) {
            _ = close(fd)
            throw failure("close", path, e)
        }
        if close(fd) != 0 { throw failure("close", path, errno) }
    }

    /// Closes `fd` ignoring errors (cleanup after another failure).
    static func closeQuietly(_ fd: Int32) {
        _ = close(fd)
    }

    /// Atomically replaces `destination` with `source`.
    static func renameItem(_ source: String, to destination: String) throws(IndexError) {
        if let e = injected(.rename, destination) { throw failure("rename \(source) to", destination, e) }
        if rename(source, destination) != 0 { throw failure("rename \(source) to", destination, errno) }
    }

    /// Deletes the file at `path` if it exists.
    static func removeFile(_ path: String) throws(IndexError) {
        if let e = injected(.remove, path) { throw failure("delete", path, e) }
        if unlink(path) != 0 && errno != ENOENT { throw failure("delete", path, errno) }
    }

    // MARK: - Reading

    /// The whole content of a (small) file; nil if it does not exist.
    static func readFile(_ path: String) throws(IndexError) -> [UInt8]? {
        if let e = injected(.read, path) { throw failure("read", path, e) }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { return nil }
            throw failure("open", path, errno)
        }
        defer { _ = close(fd) }
        var bytes: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 1 << 16)
        while true {
            let n = chunk.withUnsafeMutableBytes { read(fd, $0.baseAddress, $0.count) }
            if n < 0 {
                if errno == EINTR { continue }
                throw failure("read", path, errno)
            }
            if n == 0 { break }
            bytes.append(contentsOf: chunk[0..<n])
        }
        return bytes
    }

    /// Maps the whole file at `path` read-only.
    static func map(_ path: String) throws(IndexError) -> MappedFileBuffer {
        if let e = injected(.map, path) { throw failure("map", path, e) }
        let fd = open(path, O_RDONLY | O_CLOEXEC)
        if fd < 0 {
            if errno == ENOENT { throw IndexError.corrupt("\(path): file is missing") }
            throw failure("open", path, errno)
        }
        defer { _ = close(fd) }
        var info = stat()
        if fstat(fd, &info) != 0 { throw failure("inspect", path, errno) }
        let size = Int(info.st_size)
        if size == 0 { return MappedFileBuffer(path: path, base: nil, count: 0) }
        guard let base = mmap(nil, size, PROT_READ, MAP_SHARED, fd, 0), base != MAP_FAILED else {
            throw failure("map", path, errno)
        }
        return MappedFileBuffer(path: path, base: UnsafeRawPointer(base), count: size)
    }

    static func unmap(_ base: UnsafeRawPointer, count: Int) {
        _ = munmap(UnsafeMutableRawPointer(mutating: base), count)
    }

    /// The size of a memory page.
    static let pageSize = Int(sysconf(Int32(_SC_PAGESIZE)))

    /// Takes the mapped pages in `base..<base + count` (page-aligned) out of the process's resident memory; the
    /// file's pages stay in the page cache, and reading them again maps them back.
    static func releasePages(_ base: UnsafeRawPointer, count: Int) {
        _ = madvise(UnsafeMutableRawPointer(mutating: base), count, Int32(MADV_DONTNEED))
    }

    /// Maps the whole pages of anonymous memory in `base..<base + count` as written, at once, so that no later
    /// access faults on them one by one (Linux; elsewhere it does nothing).
    static func populateForWriting(_ base: UnsafeMutableRawPointer, count: Int) {
        #if os(Linux)
        let start = (Int(bitPattern: base) + pageSize - 1) & ~(pageSize - 1)
        let end = (Int(bitPattern: base) + count) & ~(pageSize - 1)
        guard end > start else { return }
        _ = madvise(UnsafeMutableRawPointer(bitPattern: start), end - start, Int32(MADV_POPULATE_WRITE))
        #endif
    }

    // MARK: - Locking

    /// Takes an exclusive advisory lock on `path` (created if needed) and writes this process's id into the
    /// file; returns the descriptor holding the lock, or nil if another process or writer holds it.
    ///
    /// The kernel releases the `flock` of a process that dies, so a lock file left behind by a crash, still
    /// naming its dead process, never blocks: the lock is free, and taking it overwrites the stale id.
    static func tryLock(_ path: String) throws(IndexError) -> Int32? {
        if let e = injected(.lock, path) { throw failure("lock", path, e) }
        let fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        if fd < 0 { throw failure("create", path, errno) }
        if flock(fd, LOCK_EX | LOCK_NB) != 0 {
            let e = errno
            _ = close(fd)
            if e == EWOULDBLOCK { return nil }
            throw failure("lock", path, e)
        }
        let holder = Array("\(getpid())\n".utf8)
        let written = holder.withUnsafeBytes { ftruncate(fd, 0) == 0 ? pwrite(fd, $0.baseAddress, $0.count, 0) : -1 }
        if written != holder.count {
            let e = errno
            unlock(fd)
            throw failure("write", path, e)
        }
        return fd
    }

    /// The process id written into the lock file at `path` by the writer holding it; nil if the file is
    /// missing, empty (a lock being taken or released right now) or does not hold a process id.
    static func lockHolder(_ path: String) -> Int32? {
        guard let bytes = try? readFile(path) else { return nil }
        let digits = bytes.prefix { $0 >= 0x30 && $0 <= 0x39 }
        guard !digits.isEmpty, digits.count <= 10, let pid = Int32(String(decoding: digits, as: UTF8.self)), pid > 0
        else { return nil }
        return pid
    }

    /// Releases a lock taken with `tryLock`, first emptying the file so that it names no process.
    static func unlock(_ fd: Int32) {
        _ = ftruncate(fd, 0)
        _ = flock(fd, LOCK_UN)
        _ = close(fd)
    }
}
