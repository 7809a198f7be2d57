#if canImport(Glibc)
    import Glibc
#endif
import CFuzzerDriver
import Search

/// One fuzzing input: any bytes, decoded as UTF-8 with repairs, as a query. Parsing may throw a
/// `QueryParseError` and nothing else, and must never crash or hang.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzQueryParser(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let data else { return 0 }
    let text = String(decoding: UnsafeBufferPointer(start: data, count: count), as: UTF8.self)
    do {
        _ = try QueryParser.parse(text)
    } catch is QueryParseError {
        return 0
    } catch {
        preconditionFailure("QueryParser threw a non-parse error: \(error)")
    }
    return 0
}

var argumentCount = CommandLine.argc
var arguments = Optional(CommandLine.unsafeArgv)
exit(LLVMFuzzerRunDriver(&argumentCount, &arguments, fuzzQueryParser))
