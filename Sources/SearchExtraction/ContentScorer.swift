/// Finds the element that holds the article, readability-style: every prose paragraph scores its ancestors
/// (more for longer text with more commas), the score of each candidate is weighted by its tag and class words
/// and discounted by its link density, and the best candidate is widened to its parent or siblings when the
/// evidence says the article continues there.
///
/// See Arc90 Readability (2010) and Mozilla's readability.js for the original heuristics.
struct ContentScorer {
    let tree: DocumentTree
    let stats: NodeStatistics
    let removed: [Bool]
    private(set) var scores: [Double]
    private var scored: [Bool]
    /// How many <article> elements each subtree holds (its root excluded).
    private var articles: [Int32]

    /// Paragraph units whose score goes to their parent; any other unit is a container holding text directly.
    static let paragraphTags: TagSet = [.p, .pre, .li, .dd, .dt, .blockquote, .figcaption, .caption, .address]

    /// How many ancestor levels a paragraph's score reaches.
    static let ancestorLevels = 5

    init(tree: DocumentTree, stats: NodeStatistics, removed: [Bool]) {
        self.tree = tree
        self.stats = stats
        self.removed = removed
        scores = [Double](repeating: 0, count: tree.nodes.count)
        scored = [Bool](repeating: false, count: tree.nodes.count)
        articles = [Int32](repeating: 0, count: tree.nodes.count)
        scoreParagraphs()
    }

    /// The weight of an element's class and id words.
    func classWeight(_ i: Int) -> Double {
        let hints = stats.hints[i]
        var weight = 0.0
        if hints.contains(.content) { weight += 25 }
        if hints.contains(.articleBody) { weight += 50 }
        if hints.contains(.boilerplate), !hints.contains(.embed) { weight -= 25 }
        if hints.contains(.comments) { weight -= 25 }
        return weight
    }

    private func initialScore(_ i: Int) -> Double {
        // A content class on a short block (a teaser in a list of posts) says little.
        var score = classWeight(i)
        if score > 0 { score *= min(1, Double(stats.paragraphText[i]) / 800) }
        switch tree.nodes[i].tag {
        case .div, .article, .main: score += 5
        case .pre, .td, .blockquote: score += 3
        case .address, .ol, .ul, .dl, .dd, .dt, .li, .form: score -= 3
        case .h1, .h2, .h3, .h4, .h5, .h6, .th: score -= 5
        default: break
        }
        return score
    }

    private mutating func scoreParagraphs() {
        let nodes = tree.nodes
        for i in 1..<nodes.count where !removed[i] {
            let length = stats.unitText[i]
            guard length >= NodeStatistics.minimumParagraph else { continue }
            let tag = nodes[i].tag
            if tag.isHeading || tag == .a { continue }
            let links = Double(stats.unitLinks[i]) / Double(length)
            if links > (tag == .li ? 0.2 : 0.5) { continue }
            let score = 1 + Double(stats.unitCommas[i]) + min(Double(length) / 100, 3)
            // Text written straight into a container (no <p>) scores the container itself.
            var ancestor = Self.paragraphTags.contains(tag) ? Int(nodes[i].parent) : i
            var level = 0
            while ancestor > 0, level < Self.ancestorLevels {
                if !scored[ancestor] {
                    scored[ancestor] = true
                    scores[ancestor] = initialScore(ancestor)
                }
                let divider = level == 0 ? 1.0 : level == 1 ? 2.0 : Double(level * 3)
                scores[ancestor] += score / divider
                ancestor = Int(nodes[ancestor].parent)
                level += 1
            }
        }
        // Elements holding several <article>s are lists of teasers, not one article.
        var k = nodes.count - 1
        while k > 0 {
            if !removed[k] {
                let p = Int(nodes[k].parent)
                articles[p] += articles[k] + (nodes[k].tag == .article ? 1 : 0)
            }
            k -= 1
        }
        for i in 0..<nodes.count where scored[i] {
            scores[i] *= 1 - stats.linkDensity(i)
            if articles[i] >= 2 { scores[i] /= Double(articles[i]) }
        }
    }

    /// The elements to render, in document order (usually one), or [] when the page has no prose.
    func selection() -> [Int] {
        let nodes = tree.nodes
        var ranked: [(node: Int, score: Double)] = []
        for i in 0..<nodes.count where scored[i] && !removed[i] { ranked.append((i, scores[i])) }
        ranked.sort { $0.score > $1.score }
        guard var top = ranked.first?.node else { return [] }
        let topScore = scores[top]

        // Several near-best candidates inside one ancestor: the article is that ancestor.
        let topEnd = Int(nodes[top].end)
        let alternatives = ranked.dropFirst().prefix(4)
            .filter { $0.score >= topScore * 0.75 && !($0.node < top && topEnd <= Int(nodes[$0.node].end)) }
            .map(\.node)
        if alternatives.count >= 2 {
            var ancestor = Int(nodes[top].parent)
            while ancestor > 0, nodes[ancestor].tag != .body {
                let end = Int(nodes[ancestor].end)
                let inside = alternatives.filter { $0 > ancestor && $0 < end }.count
                if articles[ancestor] >= 2 { break }
                if inside >= 2 {
                    top = ancestor
                    break
                }
                ancestor = Int(nodes[ancestor].parent)
            }
        }

        // A parent that scores higher than its best child holds more of the article.
        var lastScore = scores[top]
        var parent = Int(nodes[top].parent)
        while parent > 0, nodes[parent].tag != .body {
            if !scored[parent] {
                parent = Int(nodes[parent].parent)
                continue
            }
            if scores[parent] < lastScore / 3 { break }
            if scores[parent] > lastScore {
                top = parent
                break
            }
            lastScore = scores[parent]
            parent = Int(nodes[parent].parent)
        }

        // An only child says nothing its parent would not.
        while true {
            let p = Int(nodes[top].parent)
            guard p > 0, nodes[p].tag != .body, elementChildren(p).count == 1 else { break }
            top = p
        }

        return withSiblings(top)
    }

    /// `top` plus the siblings that continue the article (split bodies, paragraphs between ad slots).
    private func withSiblings(_ top: Int) -> [Int] {
        let parent = Int(tree.nodes[top].parent)
        guard parent > 0 else { return [top] }
        let topScore = scores[top]
        let threshold = max(10, topScore * 0.2)
        let topClass = tree.attribute(.class, of: top)
        var result: [Int] = []
        for sibling in elementChildren(parent) {
            if sibling == top {
                result.append(sibling)
                continue
            }
            if removed[sibling] || articles[sibling] >= 2 { continue }
            var bonus = 0.0
            if let topClass, !topClass.isEmpty, tree.attribute(.class, of: sibling) == topClass {
                bonus = topScore * 0.2
            }
            if scored[sibling], scores[sibling] + bonus >= threshold {
                result.append(sibling)
                continue
            }
            let length = stats.textLength[sibling]
            let density = stats.linkDensity(sibling)
            // A continuation of the article too deep to have been scored: substantial prose, few links.
            if density < 0.25, !stats.hints[sibling].contains(.boilerplate),
                stats.longParagraphs[sibling] >= 2
                    || Double(stats.paragraphText[sibling]) >= 0.25 * Double(stats.paragraphText[top])
            {
                result.append(sibling)
                continue
            }
            if tree.nodes[sibling].tag == .p {
                if length > 80, density < 0.25 {
                    result.append(sibling)
                } else if length > 0, length <= 80, density == 0, stats.commas[sibling] + 1 > 0,
                    endsSentence(sibling)
                {
                    result.append(sibling)
                }
            }
        }
        return result
    }

    private func endsSentence(_ i: Int) -> Bool {
        let text = tree.textContent(i)
        return text.hasSuffix(".") || text.contains(". ")
    }

    /// Element (non-text) children of `i`.
    func elementChildren(_ i: Int) -> [Int] {
        var out: [Int] = []
        var c = i + 1
        let end = Int(tree.nodes[i].end)
        while c < end {
            if tree.nodes[c].tag != .text { out.append(c) }
            c = Int(tree.nodes[c].end)
        }
        return out
    }
}
