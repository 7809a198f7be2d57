#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A growable array of trivial elements in one malloc'd block, for the writer's hot paths (no bounds checks in
/// release builds, no copy-on-write uniqueness checks, no retain/release).
///
/// Invariants: `base` points to `capacity >= 1` allocated elements owned by this value alone (it is `~Copyable`
/// and frees the block in `deinit`); elements `0..<count` are initialized; when created or grown with
/// `zeroed: true`, all elements `count..<capacity` are zero bytes. Growing may move the block, so callers keep
/// indices, never pointers, across appends.
struct _UnsafeGrowableArray<Element: BitwiseCopyable>: ~Copyable {
    private(set) var base: UnsafeMutablePointer<Element>
    private(set) var count: Int = 0
    private(set) var capacity: Int
    /// Whether grown memory is zero-filled (needed by `ByteSlicePool`'s end-of-slice markers).
    let zeroed: Bool
    /// The block's alignment in bytes: 64 keeps 32-byte elements from straddling cache lines.
    let alignment: Int

    init(capacity: Int = 16, zeroed: Bool = false, alignment: Int = 16) {
        let capacity = Swift.max(capacity, 1)
        self.zeroed = zeroed
        self.alignment = alignment
        self.capacity = capacity
        self.base = Self.allocate(capacity * MemoryLayout<Element>.stride, alignment: alignment)
            .bindMemory(to: Element.self, capacity: capacity)
        if zeroed {
            let bytes = capacity * MemoryLayout<Element>.stride
            memset(base, 0, bytes)
            // The optimiser turns malloc and memset into calloc, which leaves fresh pages unmapped; the first read
            // of one would then map the shared zero page, and the write after it copy it and flush the other
            // cores' TLBs (an interrupt to each), as hash-table inserts do page by page.
            if bytes >= 256 << 10 { FileSystem.populateForWriting(base, count: bytes) }
        }
    }

    private static func allocate(_ bytes: Int, alignment: Int) -> UnsafeMutableRawPointer {
        var raw: UnsafeMutableRawPointer?
        if alignment > 16 {
            guard posix_memalign(&raw, alignment, bytes) == 0 else { fatalError("out of memory") }
        } else {
            raw = malloc(bytes)
        }
        guard let raw else { fatalError("out of memory") }
        return raw
    }

    deinit { free(base) }

    /// The number of bytes allocated.
    var allocatedBytes: Int { capacity * MemoryLayout<Element>.stride }

    @inline(__always)
    subscript(index: Int) -> Element {
        get {
            assert(index >= 0 && index < count, "index out of range")
            return base[index]
        }
        set {
            assert(index >= 0 && index < count, "index out of range")
            base[index] = newValue
        }
    }

    @inline(__always)
    mutating func append(_ element: Element) {
        if count == capacity { grow(minimumCapacity: count + 1) }
        base[count] = element
        count += 1
    }

    /// Appends `n` elements (zero bytes if `zeroed`, otherwise uninitialized garbage the caller overwrites) and
    /// returns the index of the first.
    @inline(__always)
    mutating func extend(by n: Int) -> Int {
        let start = count
        if count + n > capacity { grow(minimumCapacity: count + n) }
        count += n
        return start
    }

    mutating func append(contentsOf buffer: UnsafeBufferPointer<Element>) {
        guard let source = buffer.baseAddress, !buffer.isEmpty else { return }
        let start = extend(by: buffer.count)
        (base + start).update(from: source, count: buffer.count)
    }

    /// Drops the last `n` elements (re-zeroing them if `zeroed`).
    mutating func removeLast(_ n: Int) {
        assert(n >= 0 && n <= count)
        count -= n
        if zeroed { memset(base + count, 0, n * MemoryLayout<Element>.stride) }
    }

    /// Sets `count` to zero, keeping the allocation (re-zeroing it if `zeroed`).
    mutating func removeAll() {
        if zeroed { memset(base, 0, count * MemoryLayout<Element>.stride) }
        count = 0
    }

    mutating func reserve(_ minimumCapacity: Int) {
        if minimumCapacity > capacity { grow(minimumCapacity: minimumCapacity) }
    }

    /// The initialized elements, valid until the next mutation.
    var buffer: UnsafeBufferPointer<Element> { UnsafeBufferPointer(start: base, count: count) }

    @inline(never)
    private mutating func grow(minimumCapacity: Int) {
        var newCapacity = capacity
        while newCapacity < minimumCapacity { newCapacity = newCapacity * 2 }
        let stride = MemoryLayout<Element>.stride
        let raw: UnsafeMutableRawPointer
        if alignment > 16 {
            // realloc keeps only malloc's alignment: move the elements by hand.
            raw = Self.allocate(newCapacity * stride, alignment: alignment)
            raw.copyMemory(from: base, byteCount: count * stride)
            free(base)
        } else {
            guard let moved = realloc(base, newCapacity * stride) else { fatalError("out of memory") }
            raw = moved
        }
        if zeroed { memset(raw + capacity * stride, 0, (newCapacity - capacity) * stride) }
        base = raw.bindMemory(to: Element.self, capacity: newCapacity)
        capacity = newCapacity
    }
}
