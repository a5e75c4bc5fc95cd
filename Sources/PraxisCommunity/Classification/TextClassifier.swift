import Foundation

/// One post whose sub-issue is known, as training data.
public struct TrainingExample: Sendable {
    public var features: TextFeatures
    public var label: String

    public init(features: TextFeatures, label: String) {
        self.features = features
        self.label = label
    }
}

/// A linear text classifier: TF-IDF (sublinear tf, L2-normalised) over `TextFeatures`, one
/// L2-regularised squared-hinge SVM per label (one-vs-rest) over the TF-IDF values scaled by the
/// label's naive-Bayes log-count ratios (NB-SVM, Wang & Manning 2012), trained by dual coordinate
/// descent as LIBLINEAR does, with a softmax over the margins whose temperature is fitted on
/// held-out posts so that `confidence` behaves like a probability.
///
/// Only features seen in training are kept, so the model's size follows the training data, not the
/// hashed feature space.
public struct TextClassifier: Sendable {
    /// The labels, sorted; `Prediction.scores` and `probabilities` follow this order.
    public let labels: [String]
    /// Divides the margins before the softmax; fitted on held-out posts.
    public let temperature: Double
    /// For each kept feature (a row), its hashed index.
    let featureIndices: [UInt32]
    /// Per kept feature (a row), its IDF and then its weight for each label, so that scoring a
    /// feature reads one stretch of memory: row `r` is `scoringRows[r * (labels.count + 1) ...]`
    /// (issue 18 round 5: with the IDF apart, `predict` waited on a second cache miss per feature),
    /// on huge pages where the system allows (round 6).
    let scoringRows: HugePageFloats
    /// The IDF of each row, as stored.
    var inverseDocumentFrequency: [Float] {
        Swift.stride(from: 0, to: scoringRows.count, by: labels.count + 1).map { scoringRows[$0] }
    }
    /// Row-major: the weights of row `r` are `weights[r * labels.count ..< (r + 1) * labels.count]`,
    /// as stored.
    var weights: [Float] {
        let stride = labels.count + 1
        return scoringRows.indices.compactMap { $0 % stride == 0 ? nil : scoringRows[$0] }
    }
    let biases: [Float]
    /// Hashed index → row, or nil; derived from `featureIndices`.
    let rows: KeptFeatures
    /// Each known author's training posts per label, added to the margins in `predict`.
    public let authors: AuthorHistory

    /// What the model makes of one post.
    public struct Prediction: Sendable, Hashable {
        /// The most likely label.
        public var label: String
        /// The calibrated probability of `label`, in [0, 1].
        public var confidence: Double
        /// The raw SVM margin per label, in `TextClassifier.labels` order.
        public var scores: [Double]
        /// The calibrated probability per label, in `TextClassifier.labels` order; sums to 1.
        public var probabilities: [Double]
    }

    /// How training runs; the defaults suit mailing-list posts.
    public struct TrainingOptions: Sendable {
        /// The SVM's cost: higher fits the training posts more closely. 1 is LIBLINEAR's and
        /// scikit-learn's default; 0.5 was half a point less accurate on 20 Newsgroups.
        public var cost: Double = 1
        /// Added to every feature's count of posts, in the label's posts and in the others, before
        /// their ratio scales the feature for that label's SVM (NB-SVM's α). Naive Bayes is the
        /// stronger learner on few posts, the SVM on many; scaling each feature by how much more
        /// often the label's posts use it gives the SVM naive Bayes's evidence to start from.
        /// 1, as in Wang & Manning (Benchmarks/README.md, 2026-12-06 issue 18 round 3: chosen on
        /// training hold-outs; summed TF-IDF values instead of post counts won on `list-topics`
        /// but lost 2.7 points on 20 Newsgroups). Must be above 0.
        public var naiveBayesSmoothing: Double = 1
        /// How much an author's own history of labels counts (`AuthorHistory.weight`); 0 turns
        /// it off.
        public var authorWeight = AuthorHistory.defaultWeight
        /// Features seen in fewer training posts than this are dropped.
        public var minimumDocumentFrequency = 2
        /// Bounds training time on data that does not separate well.
        public var maximumEpochs = 40
        /// Dual coordinate descent stops when the projected gradient spread falls below this.
        public var tolerance = 0.1
        /// Every n-th post is held out to fit the temperature (then trained on too), when there are
        /// at least `minimumHeldOut * n` posts; with fewer, see `minimumCrossValidated`.
        public var heldOutStride = 10
        /// 100: on `list-topics` with 10 and 50 labelled posts per list, fitting on 25 or 69
        /// held-out posts sent most posts below the 0.6 threshold (right 0.43 and 0.71), fitting
        /// on all posts by cross-validation far fewer (0.72 and 0.88; Benchmarks/README.md).
        public var minimumHeldOut = 100
        /// Below `minimumHeldOut * heldOutStride` posts but at least this many, the temperature is
        /// fitted on all posts by cross-validation; below it (a configuration's seeds alone),
        /// `priorTemperature` is used.
        public var minimumCrossValidated = 200
        static let crossValidationFolds = 5
        /// The temperature when there are too few posts to fit one (a new community, seeded from
        /// its configuration): close to what fitting finds on real mail (0.1–0.15 on 20 Newsgroups
        /// with the defaults above), so that a clear margin reads as a confident prediction.
        /// With 1, margins in [-1, 1] could never give more than e²/(e² + n - 1).
        public var priorTemperature = 0.3
        /// Epochs that turn the final model into one without the held-out posts, for calibration.
        static let calibrationEpochs = 2
        public init() {}
    }

    // MARK: Prediction

    /// Classifies one post. A model without labels predicts "" with confidence 0.
    public func predict(_ features: TextFeatures) -> Prediction {
        let labelCount = labels.count
        guard labelCount > 0 else { return Prediction(label: "", confidence: 0, scores: [], probabilities: []) }
        var margins = [Double](repeating: 0, count: labelCount)
        let squaredNorm = margins.withUnsafeMutableBufferPointer { accumulate(features, into: $0) }
        let scale = squaredNorm > 0 ? 1 / squaredNorm.squareRoot() : 0
        for c in 0..<labelCount { margins[c] = margins[c] * scale + Double(biases[c]) }
        if let terms = authors.terms(author: features.author) {
            for c in 0..<labelCount { margins[c] += terms[c] }
        }
        let probabilities = Self.softmax(margins, temperature: temperature)
        var best = 0
        for c in 1..<labelCount where margins[c] > margins[best] { best = c }
        return Prediction(label: labels[best], confidence: probabilities[best], scores: margins, probabilities: probabilities)
    }

    /// Adds each known feature's TF-IDF value times its weights to `margins` (one per label) and
    /// returns the sum of the values' squares; the caller scales by its inverse root.
    ///
    /// The hot loop of classification, nearly all of it waiting for memory: the rows are tens of
    /// MiB, and a row of 20 labels (84 bytes) always spans two cache lines. Three passes, each
    /// label's sum and the squares in the post's feature order as before, so the margins are the
    /// same to the bit (`predictGivesTheMarginsOfTheDefinition`):
    /// 1. every feature's row is found (`KeptFeatures` stays in cache);
    /// 2. each known row's first value (the IDF) and last (the last label's weight) are read, its
    ///    TF-IDF value computed and the last label's sum taken: a few instructions per feature, so
    ///    the processor has the misses of many rows, both of their lines, in flight at once
    ///    (round 6: with all labels in one pass, 72% of the loop waited on the row's first load,
    ///    since the adds of two or three rows filled the window the processor looks ahead in);
    /// 3. the other labels' weights are added, from rows now in cache.
    private func accumulate(_ features: TextFeatures, into margins: UnsafeMutableBufferPointer<Double>) -> Double {
        let labelCount = margins.count, count = features.indices.count
        guard count > 0, let sums = margins.baseAddress, let table = scoringRows.buffer.baseAddress else { return 0 }
        let rowLength = labelCount &+ 1, last = labelCount &- 1
        return withUnsafeTemporaryAllocation(of: Int.self, capacity: 2 * count) { found -> Double in
            withUnsafeTemporaryAllocation(of: Double.self, capacity: count) { values -> Double in
                guard let found = found.baseAddress, let values = values.baseAddress else { return 0 }
                var known = 0
                features.indices.withUnsafeBufferPointer { indices in
                    for k in 0..<count {
                        // Branch-free: a feature the model does not know (-1) is overwritten by the next.
                        let row = rows.row(of: indices[k])
                        found[2 &* known] = row &* rowLength
                        found[2 &* known &+ 1] = k
                        known &+= row >= 0 ? 1 : 0
                    }
                }
                var squaredNorm: Double = 0
                features.counts.withUnsafeBufferPointer { counts in
                    for j in 0..<known {
                        let scoring = table + found[2 &* j]
                        let value = Double(Self.termWeight(counts[found[2 &* j &+ 1]]) * scoring[0])
                        values[j] = value
                        squaredNorm += value * value
                        sums[last] += value * Double(scoring[rowLength &- 1])
                    }
                }
                for j in 0..<known {
                    let scoring = table + found[2 &* j] + 1, value = values[j]
                    for c in 0..<last { sums[c] += value * Double(scoring[c]) }
                }
                return squaredNorm
            }
        }
    }

    /// `TextFeatures.termWeight` of the small whole counts most features have, from a table
    /// (`log` is most of the cost otherwise); the same function computes both, so the same bits.
    @inline(__always)
    static func termWeight(_ count: Float) -> Float {
        let whole = Int(exactly: count) ?? -1
        return whole >= 0 && whole < wholeCountWeights.count ? wholeCountWeights[whole] : TextFeatures.termWeight(count)
    }
    static let wholeCountWeights: [Float] = (0..<64).map { TextFeatures.termWeight(Float($0)) }

    /// Whether any of the post's features was kept in training (the author is not a feature).
    public func knowsAnyFeature(of features: TextFeatures) -> Bool {
        features.indices.contains { rows.row(of: $0) >= 0 }
    }

    /// One feature's share of a label's margin.
    public struct FeatureContribution: Sendable, Hashable {
        /// The hashed feature index (`TextFeatures.featureNames` names it).
        public var index: UInt32
        /// What the feature added to the label's margin (negative: it spoke against the label).
        public var weight: Double
    }

    /// The features of a post that weighed most, by absolute contribution, for or against `label`'s
    /// margin in `predict`; empty for a label the model does not know.
    public func topContributions(_ features: TextFeatures, toward label: String, limit: Int = 10) -> [FeatureContribution] {
        guard let c = labels.firstIndex(of: label) else { return [] }
        var contributions: [FeatureContribution] = []
        var squaredNorm: Double = 0
        for k in features.indices.indices {
            let row = rows.row(of: features.indices[k])
            guard row >= 0 else { continue }
            let base = row * (labels.count + 1)
            let value = Double(TextFeatures.termWeight(features.counts[k]) * scoringRows[base])
            squaredNorm += value * value
            contributions.append(FeatureContribution(index: features.indices[k], weight: value * Double(scoringRows[base + 1 + c])))
        }
        let scale = squaredNorm > 0 ? 1 / squaredNorm.squareRoot() : 0
        for i in contributions.indices { contributions[i].weight *= scale }
        return Array(contributions.sorted { abs($0.weight) > abs($1.weight) }.prefix(max(limit, 0)))
    }

    /// What the author's own history added to `label`'s margin in `predict` (relative to an
    /// unknown author), and their training posts per label in `labels` order; nil for an author
    /// the model has not seen or a label it does not know.
    public func authorEvidence(_ features: TextFeatures, toward label: String) -> (weight: Double, posts: [Int])? {
        guard let c = labels.firstIndex(of: label), let author = features.author,
              let posts = authors.counts[author], let terms = authors.terms(author: author)
        else { return nil }
        return (terms[c], posts.map(Int.init))
    }

    static func softmax(_ margins: [Double], temperature: Double) -> [Double] {
        guard let top = margins.max() else { return [] }
        var exponentials = margins.map { exp(($0 - top) / temperature) }
        let sum = exponentials.reduce(0, +)
        for i in exponentials.indices { exponentials[i] /= sum }
        return exponentials
    }

    // MARK: Training

    /// Trains on `examples`, one SVM per label in parallel.
    ///
    /// Seeding from the configuration (sub-issue names, descriptions, keywords, issue 4) belongs in
    /// front of this call: the caller turns each sub-issue's text into extra `TrainingExample`s with
    /// `TextFeatures(subject:text:senderAddress:)`, so a new community gets a usable model before any
    /// post is labelled. Nothing here needs to change for it.
    public static func train(_ examples: [TrainingExample], options: TrainingOptions = TrainingOptions()) async -> TextClassifier {
        let labels = Array(Set(examples.map(\.label))).sorted()
        let labelIndex = Dictionary(uniqueKeysWithValues: labels.enumerated().map { ($1, $0) })
        let matrix = await TrainingMatrix(examples, options: options)
        let targets = examples.map { labelIndex[$0.label] ?? 0 }
        let stride = max(options.heldOutStride, 2)
        // Held-out sets whose margins fit the temperature: every n-th post when there are enough;
        // with a few hundred posts, every post once, in `crossValidationFolds` interleaved folds,
        // since a tenth of them is too few to pin a temperature down (issue 18: 25 held-out posts
        // of 11 lists gave a temperature that sent most posts below the threshold).
        let folds: [[Int]]
        if examples.count >= options.minimumHeldOut * stride {
            folds = [Array(Swift.stride(from: stride - 1, to: examples.count, by: stride))]
        } else if examples.count >= options.minimumCrossValidated {
            let k = TrainingOptions.crossValidationFolds
            folds = (0..<k).map { Array(Swift.stride(from: $0, to: examples.count, by: k)) }
        } else {
            folds = []
        }
        let heldOut = folds.flatMap { $0 }

        var perLabel = [(weights: [Float], heldOutMargins: [Float])](repeating: ([], []), count: labels.count)
        await withTaskGroup(of: (Int, [Float], [Float]).self) { group in
            for c in labels.indices {
                group.addTask {
                    // Too few posts to fit a temperature (a configuration's seeds, perhaps a few
                    // posts): a plain SVM, whose margins `priorTemperature` was set for. Seeds
                    // are no sample of posts either: each keyword is in exactly two of them, so
                    // counting the posts with a feature measures how seeds are made.
                    guard !folds.isEmpty else {
                        let solved = matrix.solve(positive: c, targets: targets, heldOut: [], naiveBayes: false, options: options)
                        return (c, solved.weights, [])
                    }
                    var weights: [Float] = []
                    var margins: [Float] = []
                    for fold in folds {
                        let solved = matrix.solve(positive: c, targets: targets, heldOut: fold, naiveBayes: true, options: options)
                        if weights.isEmpty { weights = solved.weights }
                        margins += solved.heldOutMargins
                    }
                    return (c, weights, margins)
                }
            }
            for await (c, weights, margins) in group { perLabel[c] = (weights, margins) }
        }

        let authors = AuthorHistory(
            counts: AuthorHistory.counted(examples, targets: targets, labelCount: labels.count),
            weight: options.authorWeight, smoothing: AuthorHistory.defaultSmoothing)
        // A held-out post's author term leaves the post itself out, as its text margin does.
        let temperature = heldOut.isEmpty ? options.priorTemperature : fittedTemperature(
            margins: heldOut.enumerated().map { h, i in
                let text = perLabel.map { Double($0.heldOutMargins[h]) }
                guard let terms = authors.terms(author: examples[i].features.author, excluding: targets[i]) else { return text }
                return zip(text, terms).map { $0 + $1 }
            },
            targets: heldOut.map { targets[$0] })

        let rowCount = matrix.featureIndices.count
        var weights = [Float](repeating: 0, count: rowCount * labels.count)
        for c in labels.indices {
            for r in 0..<rowCount { weights[r * labels.count + c] = perLabel[c].weights[r] }
        }
        return TextClassifier(
            labels: labels, temperature: temperature, featureIndices: matrix.featureIndices,
            inverseDocumentFrequency: matrix.inverseDocumentFrequency, weights: weights,
            biases: perLabel.map { $0.weights[rowCount] * TrainingMatrix.biasValue }, authors: authors)
    }

    /// The temperature that minimises the held-out negative log-likelihood (golden-section search
    /// over log T; the likelihood is unimodal in practice).
    static func fittedTemperature(margins: [[Double]], targets: [Int]) -> Double {
        guard !margins.isEmpty else { return 1 }
        func loss(_ logT: Double) -> Double {
            let t = exp(logT)
            var total = 0.0
            for (row, target) in zip(margins, targets) {
                let p = softmax(row, temperature: t)
                total -= log(max(p[target], 1e-12))
            }
            return total
        }
        var low = log(0.01), high = log(10.0)
        let ratio = (5.0.squareRoot() - 1) / 2
        var a = high - ratio * (high - low), b = low + ratio * (high - low)
        var lossA = loss(a), lossB = loss(b)
        for _ in 0..<40 {
            if lossA < lossB {
                high = b; b = a; lossB = lossA
                a = high - ratio * (high - low); lossA = loss(a)
            } else {
                low = a; a = b; lossA = lossB
                b = low + ratio * (high - low); lossB = loss(b)
            }
        }
        return exp((low + high) / 2)
    }

    init(
        labels: [String], temperature: Double, featureIndices: [UInt32], inverseDocumentFrequency: [Float],
        weights: [Float], biases: [Float], authors: AuthorHistory = .none
    ) {
        self.labels = labels
        self.temperature = temperature
        self.featureIndices = featureIndices
        let labelCount = labels.count
        scoringRows = HugePageFloats(count: inverseDocumentFrequency.count * (labelCount + 1)) { table in
            var k = 0
            for (row, idf) in inverseDocumentFrequency.enumerated() {
                table[k] = idf
                for c in 0..<labelCount { table[k + 1 + c] = weights[row * labelCount + c] }
                k += labelCount + 1
            }
        }
        self.biases = biases
        self.authors = authors
        rows = KeptFeatures(featureIndices)
    }
}

/// Which hashed indices a model kept, and the row of each: since rows follow the indices in
/// ascending order, a kept index's row is the number of kept indices below it. A bit per index
/// of the feature space (128 KiB) and a count per 64 of them (64 KiB) stay in the processor's
/// cache, where a table of rows (4 MiB) cost a cache miss for nearly every feature of a post.
struct KeptFeatures: Sendable {
    private let bits: [UInt64]
    /// The kept indices below each word of `bits`.
    private let before: [UInt32]

    /// `indices` must be ascending and below `TextFeatures.dimension` (training makes them so,
    /// and decoding a stored model checks it); an index out of that range is left out.
    init(_ indices: [UInt32]) {
        var bits = [UInt64](repeating: 0, count: TextFeatures.dimension / 64)
        for index in indices where Int(index) < TextFeatures.dimension { bits[Int(index >> 6)] |= 1 << UInt64(index & 63) }
        var before = [UInt32](repeating: 0, count: bits.count)
        var total: UInt32 = 0
        for word in bits.indices {
            before[word] = total
            total += UInt32(bits[word].nonzeroBitCount)
        }
        self.bits = bits
        self.before = before
    }

    /// The row of hashed index `index`, or -1 when the model did not keep it.
    @inline(__always)
    func row(of index: UInt32) -> Int {
        let word = Int(index >> 6)
        guard word < bits.count else { return -1 }
        let bit = UInt64(index & 63), value = bits[word]
        guard (value >> bit) & 1 == 1 else { return -1 }
        return Int(before[word]) + (value & ((1 << bit) &- 1)).nonzeroBitCount
    }
}

/// The training posts as TF-IDF rows in compressed sparse row form, over the kept features.
struct TrainingMatrix: Sendable {
    /// The constant feature every post has, so each SVM has an intercept (regularised, as LIBLINEAR's).
    static let biasValue: Float = 1
    let featureIndices: [UInt32]
    let inverseDocumentFrequency: [Float]
    let rowStarts: [Int]
    let columns: [Int32]
    let values: [Float]

    /// The rows are made in chunks of posts in parallel (issue 18 round 6: made one after another
    /// they were a sixth of training's wall time on two cores); each row is computed as before,
    /// so the matrix is the same to the bit.
    init(_ examples: [TrainingExample], options: TextClassifier.TrainingOptions) async {
        var documentFrequency = [Int32](repeating: 0, count: TextFeatures.dimension)
        for example in examples {
            for index in example.features.indices where Int(index) < documentFrequency.count {
                documentFrequency[Int(index)] += 1
            }
        }
        var featureIndices: [UInt32] = []
        var inverseDocumentFrequency: [Float] = []
        let smoothedCount = Double(examples.count + 1)
        for index in 0..<TextFeatures.dimension where documentFrequency[index] >= max(options.minimumDocumentFrequency, 1) {
            featureIndices.append(UInt32(index))
            inverseDocumentFrequency.append(Float(log(smoothedCount / Double(documentFrequency[index] + 1)) + 1))
        }
        // A kept index's column is its row in the model: `KeptFeatures` finds it from tables that
        // stay in cache, where a table of columns over the whole feature space (4 MiB) did not.
        let kept = KeptFeatures(featureIndices), idf = inverseDocumentFrequency
        let chunkSize = max(512, (examples.count + 7) / 8)
        let starts = Array(Swift.stride(from: 0, to: examples.count, by: chunkSize))
        var chunks = [RowChunk](repeating: RowChunk(), count: starts.count)
        await withTaskGroup(of: (Int, RowChunk).self) { group in
            for (c, start) in starts.enumerated() {
                let slice = examples[start..<min(start + chunkSize, examples.count)]
                group.addTask { (c, Self.rows(of: slice, kept: kept, inverseDocumentFrequency: idf)) }
            }
            for await (c, chunk) in group { chunks[c] = chunk }
        }
        var rowStarts = [0]
        rowStarts.reserveCapacity(examples.count + 1)
        var columns: [Int32] = [], values: [Float] = []
        let total = chunks.reduce(0) { $0 + $1.columns.count }
        columns.reserveCapacity(total)
        values.reserveCapacity(total)
        for chunk in chunks {
            let offset = columns.count
            rowStarts.append(contentsOf: chunk.rowEnds.lazy.map { $0 + offset })
            columns.append(contentsOf: chunk.columns)
            values.append(contentsOf: chunk.values)
        }
        self.featureIndices = featureIndices
        self.inverseDocumentFrequency = inverseDocumentFrequency
        self.rowStarts = rowStarts
        self.columns = columns
        self.values = values
    }

    /// The rows of some consecutive posts: where each ends, its columns and its values.
    struct RowChunk: Sendable {
        var rowEnds: [Int] = []
        var columns: [Int32] = []
        var values: [Float] = []
    }

    /// The TF-IDF rows of `examples` over the kept features, each L2-normalised.
    static func rows(
        of examples: ArraySlice<TrainingExample>, kept: KeptFeatures, inverseDocumentFrequency: [Float]
    ) -> RowChunk {
        var chunk = RowChunk()
        let capacity = examples.reduce(0) { $0 + $1.features.indices.count }
        chunk.rowEnds.reserveCapacity(examples.count)
        chunk.columns.reserveCapacity(capacity)
        chunk.values.reserveCapacity(capacity)
        for example in examples {
            let start = chunk.values.count
            var squaredNorm: Float = 0
            for k in example.features.indices.indices {
                let column = kept.row(of: example.features.indices[k])
                guard column >= 0 else { continue }
                let value = TextFeatures.termWeight(example.features.counts[k]) * inverseDocumentFrequency[column]
                chunk.columns.append(Int32(column))
                chunk.values.append(value)
                squaredNorm += value * value
            }
            if squaredNorm > 0 {
                let scale = 1 / squaredNorm.squareRoot()
                for k in start..<chunk.values.count { chunk.values[k] *= scale }
            }
            chunk.rowEnds.append(chunk.values.count)
        }
        return chunk
    }

    var exampleCount: Int { rowStarts.count - 1 }

    /// Dual coordinate descent for the L2-loss SVM of one label against the rest (Hsieh et al. 2008,
    /// LIBLINEAR's solver 1, with its shrinking), trained to convergence on all posts, over the
    /// rows scaled by the label's `logCountRatios`. Since a margin is Σ xᵢ·rᵢ·wᵢ, the ratios are
    /// folded into the returned weights: predicting costs what a plain SVM's does.
    ///
    /// The margins for calibration come from a model without the held-out posts, derived from the
    /// final one rather than trained apart (which doubled training time): their terms αᵢyᵢxᵢ are
    /// taken out of w, and a few epochs over the other posts, warm-started from there, move w to
    /// where training without them would have ended. The held-out posts never shaped that model,
    /// so their margins show how confident the model is on posts it has not seen.
    func solve(
        positive: Int, targets: [Int], heldOut: [Int], naiveBayes: Bool, options: TextClassifier.TrainingOptions
    ) -> (weights: [Float], heldOutMargins: [Float]) {
        let featureCount = featureIndices.count
        let ratios = naiveBayes
            ? logCountRatios(positive: positive, targets: targets, smoothing: options.naiveBayesSmoothing)
            : [Float](repeating: 1, count: featureCount)
        let rows = scaledRows(by: ratios)
        var w = [Float](repeating: 0, count: featureCount + 1)
        var alpha = [Float](repeating: 0, count: exampleCount)
        let sign: [Float] = targets.map { $0 == positive ? 1 : -1 }
        var generator = SplitMix64(seed: UInt64(positive) &+ 0x5EED)
        runEpochs(over: Array(0..<exampleCount), rows: rows, w: &w, alpha: &alpha, sign: sign,
                  options: options, generator: &generator)
        func folded(_ w: [Float]) -> [Float] {
            var w = w
            for f in 0..<featureCount { w[f] *= ratios[f] }
            return w
        }
        guard !heldOut.isEmpty else { return (folded(w), []) }

        var without = w
        var isHeldOut = [Bool](repeating: false, count: exampleCount)
        for i in heldOut {
            isHeldOut[i] = true
            let step = -alpha[i] * sign[i]
            guard step != 0 else { continue }
            for k in rowStarts[i]..<rowStarts[i + 1] { without[Int(columns[k])] += step * rows.values[k] }
            without[featureCount] += step * Self.biasValue
            alpha[i] = 0
        }
        var refining = options
        refining.maximumEpochs = min(options.maximumEpochs, TextClassifier.TrainingOptions.calibrationEpochs)
        runEpochs(over: (0..<exampleCount).filter { !isHeldOut[$0] }, rows: rows, w: &without, alpha: &alpha,
                  sign: sign, options: refining, generator: &generator)
        return (folded(w), heldOut.map { margin(of: $0, values: rows.values, w: without) })
    }

    /// NB-SVM's ratio per feature for one label: log((p / ‖p‖₁) / (q / ‖q‖₁)), where p and q count
    /// the label's posts with the feature and the others' (the paper's binarised features), each
    /// plus `smoothing`. Positive where the label's posts use the feature more than the rest do.
    func logCountRatios(positive: Int, targets: [Int], smoothing: Double) -> [Float] {
        let featureCount = featureIndices.count
        let alpha = max(smoothing, .leastNormalMagnitude)
        var p = [Double](repeating: alpha, count: featureCount)
        var q = [Double](repeating: alpha, count: featureCount)
        for i in 0..<exampleCount {
            // A row holds each feature at most once, with a positive value.
            if targets[i] == positive {
                for k in rowStarts[i]..<rowStarts[i + 1] { p[Int(columns[k])] += 1 }
            } else {
                for k in rowStarts[i]..<rowStarts[i + 1] { q[Int(columns[k])] += 1 }
            }
        }
        let offset = log(q.reduce(0, +)) - log(p.reduce(0, +))
        return (0..<featureCount).map { Float(log(p[$0]) - log(q[$0]) + offset) }
    }

    /// The rows' values multiplied by their feature's ratio, and each row's squared norm then.
    func scaledRows(by ratios: [Float]) -> (values: [Float], squaredNorms: [Float]) {
        var scaled = values
        var squaredNorms = [Float](repeating: 0, count: exampleCount)
        for i in 0..<exampleCount {
            var sum: Float = 0
            for k in rowStarts[i]..<rowStarts[i + 1] {
                scaled[k] *= ratios[Int(columns[k])]
                sum += scaled[k] * scaled[k]
            }
            squaredNorms[i] = sum
        }
        return (scaled, squaredNorms)
    }

    func margin(of i: Int, values: [Float], w: [Float]) -> Float {
        var sum = w[w.count - 1] * Self.biasValue
        for k in rowStarts[i]..<rowStarts[i + 1] { sum += w[Int(columns[k])] * values[k] }
        return sum
    }

    private func runEpochs(
        over examples: [Int], rows: (values: [Float], squaredNorms: [Float]), w: inout [Float], alpha: inout [Float],
        sign: [Float], options: TextClassifier.TrainingOptions, generator: inout SplitMix64
    ) {
        let diagonal = Float(1 / (2 * options.cost))
        let biasColumn = w.count - 1
        let bias = Self.biasValue
        var order = examples
        var activeCount = order.count
        var largestOld = Float.infinity
        rowStarts.withUnsafeBufferPointer { rowStarts in
        columns.withUnsafeBufferPointer { columns in
        rows.values.withUnsafeBufferPointer { values in
        rows.squaredNorms.withUnsafeBufferPointer { squaredNorms in
        w.withUnsafeMutableBufferPointer { w in
            var epoch = 0
            while epoch < options.maximumEpochs {
                for s in Swift.stride(from: activeCount - 1, to: 0, by: -1) {
                    order.swapAt(s, Int(generator.next() % UInt64(s + 1)))
                }
                var largest = -Float.infinity, smallest = Float.infinity
                var s = 0
                while s < activeCount {
                    let i = order[s]
                    let start = rowStarts[i], end = rowStarts[i + 1]
                    var dot = w[biasColumn] * bias
                    for k in start..<end { dot += w[Int(columns[k])] * values[k] }
                    let squaredNorm = squaredNorms[i] + bias * bias
                    let y = sign[i]
                    let gradient = y * dot - 1 + diagonal * alpha[i]
                    var projected = gradient
                    if alpha[i] == 0 {
                        if gradient > largestOld {
                            activeCount -= 1
                            order.swapAt(s, activeCount)
                            continue
                        }
                        if gradient > 0 { projected = 0 }
                    }
                    largest = max(largest, projected)
                    smallest = min(smallest, projected)
                    if abs(projected) > 1e-12 {
                        let old = alpha[i]
                        alpha[i] = max(old - gradient / (squaredNorm + diagonal), 0)
                        let step = (alpha[i] - old) * y
                        for k in start..<end { w[Int(columns[k])] += step * values[k] }
                        w[biasColumn] += step * bias
                    }
                    s += 1
                }
                epoch += 1
                if largest - smallest <= Float(options.tolerance) {
                    if activeCount == order.count { break }
                    activeCount = order.count
                    largestOld = .infinity
                    continue
                }
                largestOld = largest > 0 ? largest : .infinity
            }
        }
        }
        }
        }
        }
    }
}

// MARK: Persistence

extension TextClassifier {
    static let magic: [UInt8] = Array("PXTC".utf8)
    /// 2 added the author history after the biases; a version 1 model (stored before) is read
    /// without one.
    static let formatVersion: UInt32 = 2

    /// The model as bytes for the store: little-endian, versioned; `init(decoding:)` reads it back.
    public func encoded() -> [UInt8] {
        var bytes = Self.magic
        bytes.reserveCapacity(64 + featureIndices.count * (8 + 4 * labels.count))
        func append(_ value: UInt32) { withUnsafeBytes(of: value.littleEndian) { bytes.append(contentsOf: $0) } }
        append(Self.formatVersion)
        append(UInt32(labels.count))
        for label in labels {
            append(UInt32(label.utf8.count))
            bytes.append(contentsOf: label.utf8)
        }
        withUnsafeBytes(of: temperature.bitPattern.littleEndian) { bytes.append(contentsOf: $0) }
        append(UInt32(featureIndices.count))
        for index in featureIndices { append(index) }
        let stride = labels.count + 1
        for start in Swift.stride(from: 0, to: scoringRows.count, by: stride) { append(scoringRows[start].bitPattern) }
        for (k, value) in scoringRows.enumerated() where k % stride != 0 { append(value.bitPattern) }
        for value in biases { append(value.bitPattern) }
        func appendDouble(_ value: Double) {
            append(UInt32(truncatingIfNeeded: value.bitPattern))
            append(UInt32(truncatingIfNeeded: value.bitPattern >> 32))
        }
        appendDouble(authors.weight)
        appendDouble(authors.smoothing)
        append(UInt32(authors.counts.count))
        for author in authors.counts.keys.sorted() {
            append(author)
            for count in authors.counts[author] ?? [] { append(count) }
        }
        return bytes
    }

    /// Reads a model written by `encoded()`. Every count is checked against the bytes that remain
    /// before anything is allocated, so damaged or hostile bytes give an error, never a huge allocation.
    public init(decoding bytes: [UInt8]) throws(CommunityError) {
        var reader = ModelReader(bytes: bytes)
        guard bytes.count >= Self.magic.count, Array(bytes[0..<Self.magic.count]) == Self.magic else {
            throw CommunityError(.classifierModel, "not a Praxis classifier model (bad magic)")
        }
        reader.offset = Self.magic.count
        let version = try reader.uint32("version")
        guard version == 1 || version == Self.formatVersion else {
            throw CommunityError(.classifierModel, "unsupported model format version \(version)")
        }
        let labelCount = try reader.count("label count", bytesEach: 4)
        var labels: [String] = []
        for _ in 0..<labelCount {
            let length = try reader.count("label length", bytesEach: 1)
            labels.append(String(decoding: bytes[reader.offset..<reader.offset + length], as: UTF8.self))
            reader.offset += length
        }
        guard Set(labels).count == labels.count else { throw CommunityError(.classifierModel, "duplicate labels") }
        let temperature = try reader.double("temperature")
        guard temperature.isFinite, temperature > 0 else {
            throw CommunityError(.classifierModel, "temperature \(temperature) is not a positive number")
        }
        let rowCount = try reader.count("feature count", bytesEach: 8 + 4 * max(labelCount, 0))
        guard rowCount <= TextFeatures.dimension else {
            throw CommunityError(.classifierModel, "more features (\(rowCount)) than the feature space")
        }
        var featureIndices: [UInt32] = []
        featureIndices.reserveCapacity(rowCount)
        var previous: UInt32?
        for _ in 0..<rowCount {
            let index = try reader.uint32("feature index")
            guard Int(index) < TextFeatures.dimension, previous.map({ $0 < index }) ?? true else {
                throw CommunityError(.classifierModel, "feature indices out of range or not ascending at byte \(reader.offset)")
            }
            featureIndices.append(index)
            previous = index
        }
        let inverseDocumentFrequency = try reader.floats(rowCount, "inverse document frequency")
        let weights = try reader.floats(rowCount * labelCount, "weights")
        let biases = try reader.floats(labelCount, "biases")
        let authors = version == 1 ? AuthorHistory.none : try reader.authorHistory(labelCount: labelCount)
        guard reader.offset == bytes.count else {
            throw CommunityError(.classifierModel, "\(bytes.count - reader.offset) bytes after the model")
        }
        self.init(
            labels: labels, temperature: temperature, featureIndices: featureIndices,
            inverseDocumentFrequency: inverseDocumentFrequency, weights: weights, biases: biases, authors: authors)
    }
}

struct ModelReader {
    let bytes: [UInt8]
    var offset = 0

    mutating func uint32(_ what: String) throws(CommunityError) -> UInt32 {
        guard offset + 4 <= bytes.count else {
            throw CommunityError(.classifierModel, "truncated model: \(what) at byte \(offset)")
        }
        let value = UInt32(bytes[offset]) | UInt32(bytes[offset + 1]) << 8
            | UInt32(bytes[offset + 2]) << 16 | UInt32(bytes[offset + 3]) << 24
        offset += 4
        return value
    }

    /// A count read from the bytes, refused if that many items of `bytesEach` cannot follow.
    mutating func count(_ what: String, bytesEach: Int) throws(CommunityError) -> Int {
        let count = Int(try uint32(what))
        guard count <= (bytes.count - offset) / max(bytesEach, 1) else {
            throw CommunityError(.classifierModel, "\(what) \(count) exceeds the remaining \(bytes.count - offset) bytes")
        }
        return count
    }

    mutating func double(_ what: String) throws(CommunityError) -> Double {
        let low = UInt64(try uint32(what)), high = UInt64(try uint32(what))
        return Double(bitPattern: low | high << 32)
    }

    /// The author history of a version 2 model: weight, smoothing, then each author's key (ascending)
    /// and posts per label.
    mutating func authorHistory(labelCount: Int) throws(CommunityError) -> AuthorHistory {
        let weight = try double("author weight"), smoothing = try double("author smoothing")
        guard weight.isFinite, weight >= 0, smoothing.isFinite, smoothing > 0 else {
            throw CommunityError(.classifierModel, "author weight \(weight) or smoothing \(smoothing) out of range")
        }
        let authorCount = try count("author count", bytesEach: 4 * (1 + labelCount))
        var counts: [UInt32: [UInt32]] = [:]
        counts.reserveCapacity(authorCount)
        var previous: UInt32?
        for _ in 0..<authorCount {
            let author = try uint32("author key")
            guard previous.map({ $0 < author }) ?? true else {
                throw CommunityError(.classifierModel, "author keys not ascending at byte \(offset - 4)")
            }
            var posts: [UInt32] = []
            for _ in 0..<labelCount { posts.append(try uint32("author posts")) }
            counts[author] = posts
            previous = author
        }
        return AuthorHistory(counts: counts, weight: weight, smoothing: smoothing)
    }

    mutating func floats(_ count: Int, _ what: String) throws(CommunityError) -> [Float] {
        guard count <= (bytes.count - offset) / 4 else {
            throw CommunityError(.classifierModel, "truncated model: \(what) at byte \(offset)")
        }
        var values: [Float] = []
        values.reserveCapacity(count)
        for _ in 0..<count {
            let value = Float(bitPattern: try uint32(what))
            guard value.isFinite else { throw CommunityError(.classifierModel, "\(what) not finite at byte \(offset - 4)") }
            values.append(value)
        }
        return values
    }
}

/// A small, fast, seedable generator so training is reproducible.
struct SplitMix64: RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
