#if canImport(Glibc)
    import Glibc
#endif
import CFuzzerDriver
import Search

/// One fuzzing input: any bytes as a page. Extraction may throw, never crash, hang or run out of memory.
@_cdecl("LLVMFuzzerTestOneInput")
func fuzzHTMLExtractor(_ data: UnsafePointer<UInt8>?, _ count: Int) -> CInt {
    guard let data else { return 0 }
    let page = UnsafeRawBufferPointer(start: data, count: count)
    if let article = try? ArticleExtractor().extract(html: page, url: "https://example.org/page") {
        precondition(article.body.utf8.count <= 16 * count + 1024, "the body outgrew its page")
    }
    return 0
}

var argumentCount = CommandLine.argc
var arguments = Optional(CommandLine.unsafeArgv)
exit(LLVMFuzzerRunDriver(&argumentCount, &arguments, fuzzHTMLExtractor))
