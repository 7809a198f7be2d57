import Hummingbird
import Logging
import Search

/// `GET /`: the search page, rendered on the server — a query box, the total, ranked results with title links,
/// dates and highlighted snippets, and page links. Plain HTML forms and links, so it works without JavaScript;
/// every piece of text from the index or the request is HTML-escaped.
struct SearchPage: Sendable {
    /// The endpoints whose validation and searching the page shares.
    let api: SearchAPI
    /// Where unexpected errors are reported.
    let logger: Logger

    private var configuration: ServerConfiguration { api.configuration }

    func register<Context: RequestContext>(on router: Router<Context>) {
        router.get("/") { request, _ in await render(request) }
    }

    /// The page for `request`'s `q` and `page` parameters; refusals are shown on the page with their status.
    func render(_ request: Request) async -> Response {
        let start = ContinuousClock.now
        var query = ""
        do {
            let parameters = try QueryParameters(request.uri.query)
            query = parameters["q"] ?? ""
            guard query.contains(where: { !$0.isWhitespace }) else {
                return respond(.ok, query: "", main: "", snapshot: api.index.snapshot)
            }
            let lastPage = configuration.maximumOffset / configuration.pageSize + 1
            let page = try parameters.integer("page", default: 1, in: 1...lastPage)
            let text = try api.queryText(parameters)
            let snapshot = try api.snapshot()
            let offset = (page - 1) * configuration.pageSize
            let results = try await api.results(text, limit: configuration.pageSize, offset: offset, on: snapshot)
            let main = summary(results, offset: offset, took: start.duration(to: .now))
                + suggestion(results)
                + hits(results, offset: offset)
                + pages(query: query, page: page, total: results.total)
            return respond(.ok, query: query, main: main, snapshot: snapshot)
        } catch let error as APIError {
            let main = "<p class=\"error\" role=\"alert\">\(escape(Self.sentence(error.message)))</p>\n"
            return respond(error.status, query: query, main: main, snapshot: api.index.snapshot)
        } catch {
            logger.error("GET / failed: \(error)")
            let main = "<p class=\"error\" role=\"alert\">Something went wrong; please try again.</p>\n"
            return respond(.internalServerError, query: query, main: main, snapshot: api.index.snapshot)
        }
    }

    private func summary(_ results: SearchResults, offset: Int, took duration: Duration) -> String {
        let took = "<span class=\"took\">(\(duration.formattedMilliseconds) ms)</span>"
        let noun = results.total == 1 ? "result" : "results"
        if results.total == 0 {
            return "<p class=\"summary\">No results. \(took)</p>\n"
        }
        if results.hits.isEmpty {
            return "<p class=\"summary\">No results on this page; \(results.total) \(noun) in all. \(took)</p>\n"
        }
        return "<p class=\"summary\">\(offset + 1)–\(offset + results.hits.count) of \(results.total) \(noun) "
            + "\(took)</p>\n"
    }

    /// "Did you mean" with a link that runs the corrected query.
    private func suggestion(_ results: SearchResults) -> String {
        guard let suggestion = results.suggestion else { return "" }
        return "<p class=\"suggestion\">Did you mean <a href=\"/?q=\(QueryParameters.encode(suggestion))\">"
            + "\(escape(suggestion))</a>?</p>\n"
    }

    private func hits(_ results: SearchResults, offset: Int) -> String {
        guard !results.hits.isEmpty else { return "" }
        var out = "<ol class=\"hits\" start=\"\(offset + 1)\">\n"
        for hit in results.hits {
            let stored = SearchAPI.documentsPrefix + QueryParameters.encode(hit.id, path: true)
            let link = Self.isWebAddress(hit.url) ? hit.url : stored
            let title = hit.title.isEmpty ? hit.id : hit.title
            let address = Self.displayAddress(hit.url.isEmpty ? hit.id : hit.url)
            var meta = ["<span class=\"address\">\(escape(address))</span>"]
            if !hit.published.isEmpty {
                let date = Self.displayDate(hit.published)
                meta.append("<time datetime=\"\(escape(hit.published))\">\(escape(date))</time>")
            }
            if !hit.author.isEmpty { meta.append("<span class=\"author\">\(escape(hit.author))</span>") }
            out += """
                <li class="hit" data-id="\(escape(hit.id))">
                <h2><a href="\(escape(link))" rel="noreferrer">\(escape(title))</a></h2>
                <p class="meta">\(meta.joined(separator: " · "))</p>
                <p class="snippet">\(hit.snippet.html)</p>
                </li>

                """
        }
        return out + "</ol>\n"
    }

    /// Previous / numbered / next links around `page`, the numbers cut to the first, the last and two either
    /// side of the current one.
    private func pages(query: String, page: Int, total: Int) -> String {
        let size = configuration.pageSize
        let lastPage = min((total + size - 1) / size, configuration.maximumOffset / size + 1)
        guard lastPage > 1 || page > 1 else { return "" }
        func href(_ number: Int) -> String {
            "/?q=\(QueryParameters.encode(query))" + (number == 1 ? "" : "&amp;page=\(number)")
        }
        var links: [String] = []
        if page > 1 {
            links.append("<a rel=\"prev\" href=\"\(href(min(page - 1, max(lastPage, 1))))\">‹ Previous</a>")
        }
        var previous = 0
        for number in 1...max(lastPage, 1) where number == 1 || number == lastPage || abs(number - page) <= 2 {
            if number > previous + 1 { links.append("<span class=\"gap\">…</span>") }
            links.append(number == page
                ? "<span aria-current=\"page\">\(number)</span>"
                : "<a href=\"\(href(number))\">\(number)</a>")
            previous = number
        }
        if page < lastPage { links.append("<a rel=\"next\" href=\"\(href(page + 1))\">Next ›</a>") }
        return "<nav class=\"pages\" aria-label=\"Result pages\">\n" + links.joined(separator: "\n") + "\n</nav>\n"
    }

    private func respond(_ status: HTTPResponse.Status, query: String, main: String, snapshot: IndexSnapshot?)
        -> Response
    {
        let title = query.isEmpty ? "Search" : "\(escape(query)) – Search"
        var footer = ""
        if let snapshot {
            footer = "\(snapshot.documentCount) articles · commit \(snapshot.generation)"
        } else {
            footer = "No index yet at \(escape(api.index.directory))"
        }
        let html = """
            <!doctype html>
            <html lang="en">
            <head>
            <meta charset="utf-8">
            <meta name="viewport" content="width=device-width, initial-scale=1">
            <title>\(title)</title>
            <style>\(Self.style)</style>
            </head>
            <body>
            <header>
            <form action="/" method="get" role="search">
            <a class="home" href="/">Search</a>
            <input type="search" name="q" value="\(escape(query))" maxlength="\(configuration.maximumQueryBytes)" \
            placeholder="Words, &quot;phrases&quot;, +required, -excluded, title:…" aria-label="Query" autofocus>
            <button type="submit">Search</button>
            </form>
            </header>
            <main>
            \(main)</main>
            <footer>\(footer)</footer>
            </body>
            </html>

            """
        var headers: HTTPFields = [
            .contentType: "text/html; charset=utf-8",
            .cacheControl: "no-store",
            .contentSecurityPolicy: Self.contentSecurityPolicy,
            HTTPFields.Element.Name("X-Content-Type-Options")!: "nosniff",
            HTTPFields.Element.Name("Referrer-Policy")!: "no-referrer",
        ]
        if let snapshot { headers[SearchAPI.generationHeader] = String(snapshot.generation) }
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(string: html)))
    }

    private func escape(_ text: String) -> String {
        Snippet.htmlEscape(text[...])
    }

    /// Only `http:` and `https:` addresses become links (never `javascript:` and the like).
    static func isWebAddress(_ url: String) -> Bool {
        let lowered = url.prefix(8).lowercased()
        return lowered.hasPrefix("https://") || lowered.hasPrefix("http://")
    }

    /// An address without its scheme and with its %-escapes decoded (when they decode to UTF-8), cut to 90
    /// characters.
    static func displayAddress(_ url: String) -> String {
        var text = Substring((try? QueryParameters.decode(url[...].utf8, plusIsSpace: false)) ?? url)
        for scheme in ["https://", "http://"] where text.lowercased().hasPrefix(scheme) {
            text = text.dropFirst(scheme.count)
        }
        return text.count > 90 ? text.prefix(89) + "…" : String(text)
    }

    /// `YYYY-MM-DD` of an ISO 8601 timestamp; other text as it is.
    static func displayDate(_ published: String) -> String {
        let utf8 = Array(published.utf8.prefix(10))
        let isDate = utf8.count == 10 && utf8[4] == UInt8(ascii: "-") && utf8[7] == UInt8(ascii: "-")
            && utf8.enumerated().allSatisfy { $0.offset == 4 || $0.offset == 7 || (0x30...0x39).contains($0.element) }
        return isDate ? String(decoding: utf8, as: UTF8.self) : published
    }

    /// `message` with a capital first letter and a final period, as the page shows it.
    static func sentence(_ message: String) -> String {
        guard let first = message.first else { return message }
        let capitalised = first.uppercased() + message.dropFirst()
        return capitalised.hasSuffix(".") ? capitalised : capitalised + "."
    }

    /// Styles only, inline; no scripts, images or other origins.
    static let contentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"

    static let style = """
        body{font:16px/1.5 system-ui,-apple-system,"Segoe UI",sans-serif;margin:0;color:#1f2328;background:#fff}\
        header{background:#f6f8fa;border-bottom:1px solid #d0d7de;padding:1rem}\
        header form,main,footer{max-width:46rem;margin:0 auto}\
        form{display:flex;gap:.5rem;align-items:center}\
        .home{font-weight:700;color:#0b57d0;text-decoration:none;margin-right:.25rem}\
        input[type=search]{flex:1;min-width:0;font:inherit;padding:.45rem .6rem;border:1px solid #8c959f;\
        border-radius:6px}\
        button{font:inherit;padding:.45rem 1rem;border:1px solid #0b57d0;border-radius:6px;background:#0b57d0;\
        color:#fff;cursor:pointer}\
        main{padding:0 1rem}\
        .summary{color:#59636e;font-size:.9rem;margin:1rem 0}\
        .took{color:#8c959f}\
        .hits{list-style:none;padding:0;margin:0}\
        .hit{margin:0 0 1.4rem}\
        .hit h2{font-size:1.15rem;margin:0;font-weight:600}\
        .hit h2 a{color:#0b57d0;text-decoration:none}\
        .hit h2 a:hover{text-decoration:underline}\
        .meta{margin:.1rem 0;color:#1a7f37;font-size:.85rem;overflow-wrap:anywhere}\
        .meta time,.meta .author{color:#59636e}\
        .snippet{margin:.2rem 0;color:#3d444d}\
        mark{background:#fff3b0;color:inherit;padding:0 .1em;border-radius:2px;font-weight:600}\
        .pages{display:flex;gap:.35rem;flex-wrap:wrap;margin:1.5rem 0}\
        .pages a,.pages span{padding:.2rem .6rem;border:1px solid #d0d7de;border-radius:6px;text-decoration:none}\
        .pages a{color:#0b57d0}\
        .pages .gap{border:none}\
        .pages [aria-current]{background:#0b57d0;color:#fff;border-color:#0b57d0}\
        .error{background:#ffebe9;border:1px solid #ff8182;padding:.75rem 1rem;border-radius:6px}\
        footer{padding:1rem;color:#59636e;font-size:.8rem;border-top:1px solid #d0d7de;margin-top:2rem}
        """
}
