import SearchIndex

extension Searcher {
    /// How `query` scores document `doc` of segment `segment`, term by term and field by field (tf, idf,
    /// lengths, weights), or nil if the document does not match. With `proximity` (the default), a query with a
    /// proximity stage includes it, as it applies to hits within the best `Searcher.proximityDepth`.
    public func explain(_ query: Query, segment: Int, doc: UInt32, proximity: Bool = true) -> Explanation? {
        guard segments.indices.contains(segment), Int(doc) < segments[segment].documentCount,
            !segments[segment].isDeleted(doc)
        else { return nil }
        let plan = makePlan(query)
        guard let root = plan.root else { return nil }
        let context = ExplainContext(searcher: self, plan: plan, segment: segments[segment], segmentIndex: segment)
        guard let first = context.explain(root, doc: doc) else { return nil }
        guard proximity, let stage = termProximity(plan) else { return first }
        let detail = stage.detail(segment: segments[segment], segmentIndex: segment, doc: doc)
        var parts: [Explanation] = []
        for (t, term) in stage.terms.enumerated() where detail.accumulators[t] > 0 {
            parts.append(Explanation(
                value: detail.contributions[t],
                summary: "\(ExplainContext.quoted(term.bytes)): min(1, idf) · m · acc / (acc + K)",
                details: [
                    Explanation(value: term.idf, summary: "idf"),
                    Explanation(value: Float(term.multiplicity), summary: "m, times in the query"),
                    Explanation(value: detail.accumulators[t], summary: "acc, Σ idf(neighbour) / distance²"),
                ]))
        }
        let weighted = stage.weight * detail.score
        let proximityPart = Explanation(
            value: weighted, summary: "term proximity (BM25TP) × weight \(Explanation.format(stage.weight))",
            details: [Explanation(value: detail.lengthFactor, summary: "K = k1 · (1 - b + b · len / avgLen)")]
                + parts)
        return Explanation(
            value: first.value + weighted, summary: "sum of", details: [first, proximityPart])
    }
}

/// Recomputes one document's score from the plan, mirroring the scorers' formulas and order of additions.
private struct ExplainContext {
    let searcher: Searcher
    let plan: QueryPlan
    let segment: SegmentReader
    let segmentIndex: Int

    func explain(_ node: PlanNode, doc: UInt32) -> Explanation? {
        switch node {
        case .nothing:
            return nil
        case .term(let index, let multiplicity):
            let term = plan.terms[index]
            return term.titleInfos == nil
                ? bm25(term, multiplicity: multiplicity, doc: doc)
                : bm25f(term, multiplicity: multiplicity, doc: doc)
        case .phrase(let phrase):
            return self.phrase(phrase, doc: doc)
        case .boolean(let must, let should, let mustNot):
            if mustNot.contains(where: { explain($0, doc: doc) != nil }) { return nil }
            var required: [Explanation] = []
            for child in must {
                guard let part = explain(child, doc: doc) else { return nil }
                required.append(part)
            }
            let optional = should.compactMap { explain($0, doc: doc) }
            if must.isEmpty && optional.isEmpty { return nil }
            let requiredSum = required.reduce(Float(0)) { $0 + $1.value }
            let optionalSum = optional.reduce(Float(0)) { $0 + $1.value }
            let value = must.isEmpty ? optionalSum : optional.isEmpty ? requiredSum : requiredSum + optionalSum
            let parts = required + optional
            if parts.count == 1 { return parts[0] }
            return Explanation(value: value, summary: "sum of", details: parts)
        }
    }

    /// The term frequency of `info` in `doc`, or nil if the term is not there.
    func frequency(_ info: TermInfo?, _ doc: UInt32) -> UInt32? {
        guard let info else { return nil }
        var cursor = segment.postings(info)
        return cursor.advance(to: doc) == doc ? cursor.frequency : nil
    }

    /// The decoded length and norm code of `field` in `doc`.
    func length(_ field: IndexedField, _ doc: UInt32) -> (length: UInt32, code: UInt8) {
        let norms = segment.norms(field)
        let code = Int(doc) < norms.count ? norms[Int(doc)] : 0
        return (FieldNorm.decode(code), code)
    }

    func bm25(_ term: PlannedTerm, multiplicity: Int, doc: UInt32) -> Explanation? {
        guard let tf = frequency(term.infos[segmentIndex], doc) else { return nil }
        let (length, _) = length(term.field, doc)
        let fieldParameters = searcher.parameters.classic(for: term.field, analyzer: searcher.reader.analyzer)
        let average = searcher.averageLengths[Int(term.field.rawValue)]
        let k = BM25.lengthFactor(length: length, averageLength: average, parameters: fieldParameters)
        let weight = term.idf * Float(multiplicity)
        let value = weight * (Float(tf) / (Float(tf) + k))
        return Explanation(
            value: value, summary: "BM25 \(Self.quoted(term.bytes)) in \(term.field.queryName): "
                + "idf · m · tf / (tf + K)",
            details: [
                Explanation(value: Float(tf), summary: "tf"),
                Explanation(value: term.idf, summary: "idf, \(term.documentFrequency) documents"),
                Explanation(value: Float(multiplicity), summary: "m, times in the query"),
                Explanation(
                    value: k, summary: "K = k1 · (1 - b + b · len / avgLen), "
                        + "k1 \(Explanation.format(fieldParameters.k1)) b \(Explanation.format(fieldParameters.b)) "
                        + "len \(length) avgLen \(Explanation.format(average))"),
            ])
    }

    func bm25f(_ term: PlannedTerm, multiplicity: Int, doc: UInt32) -> Explanation? {
        guard let bodyFrequency = frequency(term.infos[segmentIndex], doc) else { return nil }
        let titleFrequency = frequency(term.titleInfos?[segmentIndex], doc) ?? 0
        let parameters = searcher.parameters
        let analyzer = searcher.reader.analyzer
        func part(_ field: IndexedField, tf: UInt32, weight: Float) -> (Float, Explanation) {
            let (length, _) = length(field, doc)
            let average = searcher.averageLengths[Int(field.rawValue)]
            let b = parameters.b(for: field, analyzer: analyzer)
            let factor = BM25F.fieldFactor(length: length, averageLength: average, b: b, weight: weight)
            let value = Float(tf) * factor
            return (value, Explanation(
                value: value, summary: "\(field.queryName): tf · weight / (1 - b + b · len / avgLen)",
                details: [
                    Explanation(value: Float(tf), summary: "tf"),
                    Explanation(
                        value: factor, summary: "weight \(Explanation.format(weight)) b \(Explanation.format(b)) "
                            + "len \(length) avgLen \(Explanation.format(average))"),
                ]))
        }
        let (body, bodyExplanation) = part(.body, tf: bodyFrequency, weight: 1)
        let (title, titleExplanation) = part(.title, tf: titleFrequency, weight: parameters.titleWeight)
        let pseudo = body + title
        let weight = term.idf * Float(multiplicity)
        let k1 = parameters.k1(for: analyzer)
        let value = weight * (pseudo / (pseudo + k1))
        return Explanation(
            value: value, summary: "BM25F \(Self.quoted(term.bytes)) in title and body: idf · m · tf~ / (tf~ + k1)",
            details: [
                Explanation(value: term.idf, summary: "idf, \(term.documentFrequency) documents"),
                Explanation(value: Float(multiplicity), summary: "m, times in the query"),
                Explanation(value: k1, summary: "k1"),
                Explanation(value: pseudo, summary: "tf~, sum of", details: [bodyExplanation, titleExplanation]),
            ])
    }

    func phrase(_ phrase: PhrasePlan, doc: UInt32) -> Explanation? {
        var lists: [[UInt32]] = []
        for index in phrase.terms {
            guard let info = plan.terms[index].infos[segmentIndex] else { return nil }
            var cursor = segment.postings(info)
            guard cursor.advance(to: doc) == doc else { return nil }
            var positions: [UInt32] = []
            cursor.positions(into: &positions)
            lists.append(positions)
        }
        var frequency: UInt32 = 0
        for start in lists[0] where start >= phrase.offsets[0] {
            let origin = start - phrase.offsets[0]
            if zip(lists, phrase.offsets).allSatisfy({ $0.0.contains(origin + $0.1) }) { frequency += 1 }
        }
        guard frequency > 0 else { return nil }
        let field = plan.terms[phrase.terms[0]].field
        let (length, _) = length(field, doc)
        let parameters = searcher.parameters.classic(for: field, analyzer: searcher.reader.analyzer)
        let average = searcher.averageLengths[Int(field.rawValue)]
        let k = BM25.lengthFactor(length: length, averageLength: average, parameters: parameters)
        var idf: Float = 0
        for index in phrase.terms { idf += plan.terms[index].idf }
        let value = (idf * Float(phrase.multiplicity)) * (Float(frequency) / (Float(frequency) + k))
        let words = phrase.terms.map { Self.quoted(plan.terms[$0].bytes) }.joined(separator: " ")
        return Explanation(
            value: value, summary: "BM25 phrase \(words) in \(field.queryName): Σidf · m · tf / (tf + K)",
            details: [
                Explanation(value: Float(frequency), summary: "tf, occurrences of the phrase"),
                Explanation(value: idf, summary: "Σidf of its words"),
                Explanation(value: Float(phrase.multiplicity), summary: "m, times in the query"),
                Explanation(
                    value: k, summary: "K = k1 · (1 - b + b · len / avgLen), len \(length) "
                        + "avgLen \(Explanation.format(average))"),
            ])
    }

    static func quoted(_ bytes: [UInt8]) -> String {
        "\"" + String(decoding: bytes, as: UTF8.self) + "\""
    }
}
