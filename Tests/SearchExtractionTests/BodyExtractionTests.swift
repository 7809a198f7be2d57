import SearchExtraction
import Testing

/// Which text ends up in the body: the article's paragraphs and headings, in order, without furniture.
@Suite struct BodyExtractionTests {
    let extractor = ArticleExtractor()

    static let prose = [
        "The council approved the budget on Tuesday, after a debate that lasted well into the night, "
            + "and the mayor said the vote was a relief.",
        "Opponents argued that the plan, which raises fees for parking, would hurt small shops, "
            + "while supporters pointed to the repairs it pays for.",
        "A final reading is expected next month, when residents will also have a chance to comment on the details "
            + "of the proposal.",
    ]

    func body(_ html: String) throws -> String { try extractor.extract(html: Array(html.utf8)).body }

    @Test func keepsArticleDropsFurniture() throws {
        let html = """
            <html><body>
            <header class="site-header"><nav><a href="/">Home</a> <a href="/news">News</a></nav></header>
            <div class="share-buttons"><a href="#">Share on Facebook</a></div>
            <main><article>
            <h1>Budget passes</h1>
            <p>\(Self.prose[0])</p>
            <h2>What the opponents say</h2>
            <p>\(Self.prose[1])</p>
            <div class="newsletter-signup">
            <p>Sign up for our daily newsletter, delivered to your inbox every single morning.</p></div>
            <p>\(Self.prose[2])</p>
            </article>
            <aside class="related"><h3>Related</h3><ul><li><a href="/a">Other story one</a></li></ul></aside></main>
            <div id="comments">
            <p>I think this budget is a disaster, and the council should be ashamed of itself, frankly.</p></div>
            <footer><p>© 2023 Example News. All rights reserved.</p></footer>
            </body></html>
            """
        let text = try body(html)
        #expect(
            text == [Self.prose[0], "What the opponents say", Self.prose[1], Self.prose[2]].joined(separator: "\n"))
    }

    @Test func containerNamedLikeFurnitureIsKeptWhenItHoldsTheArticle() throws {
        // Word-boundary matching: "article-header" and "sidebar-layout" name furniture words, but the element holds
        // all the prose, so it stays.
        let html = """
            <html><body><div class="page sidebar-layout"><div class="article-header-wrap">
            <p>\(Self.prose[0])</p><p>\(Self.prose[1])</p><p>\(Self.prose[2])</p>
            </div></div>
            <div class="sidebar"><p>Popular: five things to know about the weather this weekend in town.</p></div>
            </body></html>
            """
        let text = try body(html)
        #expect(text == Self.prose.joined(separator: "\n"))
    }

    @Test func pageWrappedInAFormKeepsItsArticle() throws {
        let html =
            "<html><body><form id=\"aspnetForm\" action=\"/\"><div class=\"content\">"
            + Self.prose.map { "<p>\($0)</p>" }.joined()
            + "</div><input type=\"hidden\" value=\"x\"></form></body></html>"
        #expect(try body(html) == Self.prose.joined(separator: "\n"))
    }

    @Test func textWithoutParagraphElementsIsSplitAtLineBreaks() throws {
        let html =
            "<html><body><div class=\"nav\"><a href=\"/\">Home</a></div><div>\(Self.prose[0])<br><br>"
            + "\(Self.prose[1])<br>\(Self.prose[2])</div></body></html>"
        #expect(try body(html) == Self.prose.joined(separator: "\n"))
    }

    @Test func entitiesAreDecodedAndWhitespaceCollapsed() throws {
        let html =
            "<html><body><article><p>Caf&eacute;   &amp;\n bar &#8217;s &#x1F600; &nbsp; end, "
            + "with more words to be prose.</p>"
            + "</article></body></html>"
        #expect(try body(html) == "Café & bar ’s 😀 end, with more words to be prose.")
    }

    @Test func listsQuotesAndCaptionsAreParagraphs() throws {
        let html = """
            <html><body><article><p>\(Self.prose[0])</p>
            <ul><li>First point of the plan, about parking fees</li><li>Second point, about road repairs</li></ul>
            <blockquote><p>“We did what we had to do,” the mayor said.</p></blockquote>
            <figure><img src="a.jpg"><figcaption>The council chamber on Tuesday night.</figcaption></figure>
            <p>\(Self.prose[1])</p></article></body></html>
            """
        #expect(
            try body(html)
                == [
                    Self.prose[0], "First point of the plan, about parking fees",
                    "Second point, about road repairs", "“We did what we had to do,” the mayor said.",
                    "The council chamber on Tuesday night.", Self.prose[1],
                ].joined(separator: "\n"))
    }

    @Test func hiddenElementsAndLinkListsAreDropped() throws {
        let html = """
            <html><body><article><p>\(Self.prose[0])</p>
            <div style="display: none"><p>Hidden teaser text that a reader never sees on the page at all.</p></div>
            <p aria-hidden="true">Screen furniture</p>
            <ul><li><a href="/1">Link one to another story</a></li>
            <li><a href="/2">Link two to another story</a></li></ul>
            <p><a href="/x">Read more about the budget and everything else happening around the city</a></p>
            <p>\(Self.prose[1])</p></article></body></html>
            """
        #expect(try body(html) == [Self.prose[0], Self.prose[1]].joined(separator: "\n"))
    }

    @Test func scriptsStylesAndCommentsNeverLeakIntoText() throws {
        let html = """
            <html><head><script type="application/ld+json">{"headline": "H"}</script></head><body><article>
            <p>\(Self.prose[0])</p>
            <script>var s = "</div><p>not article text</p>";</script>
            <!-- <script> a comment that looks like a script start -->
            <style>.x::after { content: "<p>no</p>" }</style>
            <svg><text>svg label</text></svg>
            <p>\(Self.prose[1])</p></article></body></html>
            """
        let article = try extractor.extract(html: Array(html.utf8))
        #expect(article.body == [Self.prose[0], Self.prose[1]].joined(separator: "\n"))
        #expect(article.title == "H")
    }

    @Test func titleHeadingIsNotRepeatedInTheBody() throws {
        let html =
            "<html><head><meta property=\"og:title\" content=\"Budget passes\"></head><body><article>"
            + "<h1>Budget passes</h1><p>\(Self.prose[0])</p></article></body></html>"
        #expect(try body(html) == Self.prose[0])
    }

    @Test func teaserListDoesNotWinOverTheArticle() throws {
        let teasers = (1...6).map { k in
            "<article class=\"post\"><h2><a href=\"/\(k)\">Teaser \(k)</a></h2>"
                + "<p>Short teaser text number \(k), with a comma, "
                + "describing another story that is on this site.</p></article>"
        }.joined()
        let html =
            "<html><body><div class=\"main\"><article class=\"post\"><p>\(Self.prose[0])</p><p>\(Self.prose[1])</p>"
            + "<p>\(Self.prose[2])</p></article><section class=\"more-posts\">\(teasers)</section></div></body></html>"
        #expect(try body(html) == Self.prose.joined(separator: "\n"))
    }

    @Test func embeddedPostsInsideSocialWrappersAreKept() throws {
        let html = """
            <html><body><article><div class="entry-content"><p>\(Self.prose[0])</p>
            <div class="social-media-embed"><blockquote class="twitter-tweet"><p>Yes this is real and the state spent
            half a million on it: <a href="https://t.co/x">https://t.co/x</a></p>— A Person (@someone)
            <a href="https://twitter.com/someone/status/1">November 18, 2019</a></blockquote></div>
            <div class="social-share"><a href="#">Share on Facebook</a> <a href="#">Share on Twitter</a></div>
            <p>\(Self.prose[1])</p></div></article></body></html>
            """
        let text = try body(html)
        #expect(text.contains("Yes this is real and the state spent half a million on it: https://t.co/x"))
        #expect(!text.contains("Share on Facebook"))
    }

    @Test func galleryFiguresAreDroppedInlineFiguresKept() throws {
        let html = """
            <html><body><article><div class="body">
            <div class="gallery-wrap"><figure><img src="1.jpg"><figcaption>Image 1 of 3: a slideshow caption
            </figcaption></figure><figure><img src="2.jpg"><figcaption>Image 2 of 3: another</figcaption></figure></div>
            <p>\(Self.prose[0])</p>
            <figure><img src="3.jpg"><figcaption>The mayor after the vote. (Photo: City Hall)</figcaption></figure>
            <p>\(Self.prose[1])</p></div></article></body></html>
            """
        #expect(
            try body(html)
                == [Self.prose[0], "The mayor after the vote. (Photo: City Hall)", Self.prose[1]]
                .joined(separator: "\n"))
    }

    @Test func plainListsInsideTheArticleAreKept() throws {
        // A list scores negatively as a candidate, but that tag penalty must not make it furniture.
        let html = """
            <html><body><article class="post"><div class="entry-content"><p>\(Self.prose[0])</p>
            <ul><li>New tasks for the game</li><li>Better Android support</li><li>Bugs fixed</li></ul>
            <p>\(Self.prose[1])</p></div></article></body></html>
            """
        #expect(
            try body(html)
                == [
                    Self.prose[0], "New tasks for the game", "Better Android support", "Bugs fixed",
                    Self.prose[1],
                ].joined(separator: "\n"))
    }

    @Test func linkHeavyWrapperOfTheWholeArticleIsKept() throws {
        // An encyclopedia stub: the wrapper's text is mostly links (infobox, navbox), yet it holds the article.
        let links = (1...40).map { "<a href=\"/wiki/\($0)\">Linked topic number \($0)</a>" }.joined(separator: " ")
        let html = """
            <html><body><div id="content"><div class="mw-parser-output">
            <table class="infobox"><tr><td>\(links)</td></tr></table>
            <p><b>Ken Example</b> is a software developer known for his part in founding a software foundation.</p>
            <div class="navbox">\(links)</div></div></div></body></html>
            """
        #expect(
            try body(html)
                == "Ken Example is a software developer known for his part in founding a software foundation.")
    }

    @Test func titleHeadingIsRecognisedDespiteDifferentQuotes() throws {
        let html =
            "<html><head><meta property=\"og:title\" content=\"Is an 'oxygen bar' real?\"></head><body>"
            + "<article><h1>Is An ‘Oxygen Bar’ Real?</h1><p>\(Self.prose[0])</p></article></body></html>"
        #expect(try body(html) == Self.prose[0])
    }
}
