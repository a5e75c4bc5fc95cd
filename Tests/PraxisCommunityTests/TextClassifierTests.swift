import Foundation
import Testing
@testable import PraxisCommunity

@Suite("TextClassifier")
struct TextClassifierTests {
    static let topics: [String: [String]] = [
        "garden": ["compost", "seedlings", "orchard", "watering", "tomatoes", "mulch", "pruning", "soil"],
        "housing": ["rent", "landlord", "tenancy", "eviction", "lease", "deposit", "repairs", "flat"],
        "transport": ["bus", "cycling", "timetable", "route", "tram", "fares", "bike", "station"],
    ]
    static let common = ["meeting", "thanks", "please", "everyone", "tuesday", "update", "question", "idea"]

    /// A post mostly about `label`, with some shared words, deterministically from `seed`.
    static func post(_ label: String, seed: UInt64) -> TextFeatures {
        var generator = SplitMix64(seed: seed)
        let vocabulary = topics[label] ?? []
        var words: [String] = []
        for _ in 0..<12 {
            let pool = generator.next() % 3 == 0 ? common : vocabulary
            words.append(pool[Int(generator.next() % UInt64(pool.count))])
        }
        let subject = vocabulary[Int(generator.next() % UInt64(vocabulary.count))]
        return TextFeatures(subject: subject, text: words.joined(separator: " "), senderAddress: "m\(seed % 40)@example.org")
    }

    static func corpus(count: Int, seedOffset: UInt64) -> [TrainingExample] {
        let labels = topics.keys.sorted()
        return (0..<count).map { i in
            let label = labels[i % labels.count]
            return TrainingExample(features: post(label, seed: UInt64(i) &+ seedOffset), label: label)
        }
    }

    @Test func learnsASyntheticCorpus() async {
        let classifier = await TextClassifier.train(Self.corpus(count: 600, seedOffset: 0))
        #expect(classifier.labels == ["garden", "housing", "transport"])
        let test = Self.corpus(count: 300, seedOffset: 1_000_000)
        let correct = test.filter { classifier.predict($0.features).label == $0.label }.count
        #expect(correct >= 290, "\(correct) of 300 correct")
        #expect(classifier.temperature > 0 && classifier.temperature.isFinite)
    }

    @Test func confidenceIsAProbabilityAndHigherForClearPosts() async {
        let classifier = await TextClassifier.train(Self.corpus(count: 600, seedOffset: 0))
        let clear = classifier.predict(TextFeatures(
            subject: "compost and mulch", text: "seedlings orchard watering tomatoes pruning soil", senderAddress: nil))
        let mixed = classifier.predict(TextFeatures(
            subject: "meeting", text: "compost rent bus thanks everyone", senderAddress: nil))
        let empty = classifier.predict(TextFeatures(subject: "", text: "", senderAddress: nil))
        #expect(clear.label == "garden")
        for prediction in [clear, mixed, empty] {
            #expect((0...1).contains(prediction.confidence))
            #expect(abs(prediction.probabilities.reduce(0, +) - 1) < 1e-9)
            #expect(prediction.scores.count == 3)
        }
        #expect(clear.confidence > 0.9)
        #expect(clear.confidence > mixed.confidence)
        let runnerUp = { (p: TextClassifier.Prediction) in p.probabilities.sorted(by: >)[1] }
        #expect(runnerUp(mixed) > runnerUp(clear) * 10, "a post on three topics leaves room for the others")
    }

    /// Issue 18: with a few hundred posts (10 labelled posts for each of 11 lists and the seeds)
    /// a tenth of them held out was too few to fit the temperature; every post is held out once,
    /// in folds, instead. Below `minimumCrossValidated` (seeds alone) the prior is kept.
    @Test func aFewHundredPostsFitTheTemperatureOnEveryPost() async {
        let options = TextClassifier.TrainingOptions()
        let few = await TextClassifier.train(Self.corpus(count: options.minimumCrossValidated - 1, seedOffset: 0))
        #expect(few.temperature == options.priorTemperature)
        let some = await TextClassifier.train(Self.corpus(count: 300, seedOffset: 0))
        #expect(some.temperature != options.priorTemperature)
        let clear = some.predict(TextFeatures(
            subject: "rent", text: "the landlord wants the deposit for the lease", senderAddress: nil))
        #expect(clear.label == "housing")
        #expect(clear.confidence > 0.9, "\(clear.confidence), temperature \(some.temperature)")
    }

    @Test func smallAndDegenerateTrainingSets() async {
        let none = await TextClassifier.train([])
        #expect(none.predict(TextFeatures(subject: "x y", text: "", senderAddress: nil)).label == "")
        let one = await TextClassifier.train([
            TrainingExample(features: TextFeatures(subject: "only", text: "one label", senderAddress: nil), label: "general")
        ])
        let prediction = one.predict(TextFeatures(subject: "anything", text: "", senderAddress: nil))
        #expect(prediction.label == "general")
        #expect(prediction.confidence == 1)
        var options = TextClassifier.TrainingOptions()
        options.minimumDocumentFrequency = 1
        let few = await TextClassifier.train([
            TrainingExample(features: TextFeatures(subject: "compost", text: "soil mulch", senderAddress: nil), label: "garden"),
            TrainingExample(features: TextFeatures(subject: "rent", text: "landlord lease", senderAddress: nil), label: "housing"),
        ], options: options)
        #expect(few.predict(TextFeatures(subject: "", text: "mulch please", senderAddress: nil)).label == "garden")
        #expect(few.predict(TextFeatures(subject: "", text: "the lease", senderAddress: nil)).label == "housing")
    }

    @Test func persistenceRoundTrip() async throws {
        let classifier = await TextClassifier.train(Self.corpus(count: 300, seedOffset: 7))
        let bytes = classifier.encoded()
        let decoded = try TextClassifier(decoding: bytes)
        #expect(decoded.labels == classifier.labels)
        #expect(decoded.temperature == classifier.temperature)
        #expect(decoded.encoded() == bytes)
        for example in Self.corpus(count: 60, seedOffset: 99_999) {
            #expect(decoded.predict(example.features) == classifier.predict(example.features))
        }
    }

    @Test func damagedModelsAreRefused() async throws {
        let bytes = await TextClassifier.train(Self.corpus(count: 60, seedOffset: 3)).encoded()
        for length in [0, 3, 4, 8, 12, 20, bytes.count / 2, bytes.count - 1] {
            #expect(throws: CommunityError.self) { try TextClassifier(decoding: Array(bytes[0..<length])) }
        }
        #expect(throws: CommunityError.self) { try TextClassifier(decoding: bytes + [0]) }
        #expect(throws: CommunityError.self) { try TextClassifier(decoding: Array(repeating: 0xFF, count: 4096)) }
        // A header claiming four billion labels must be refused before anything is allocated.
        let hostile: [UInt8] = Array("PXTC".utf8) + [1, 0, 0, 0] + [0xFF, 0xFF, 0xFF, 0xFF] + [0, 0, 0, 0]
        #expect(throws: CommunityError.self) { try TextClassifier(decoding: hostile) }
        var wrongVersion = bytes
        wrongVersion[4] = 9
        #expect(throws: CommunityError.self) { try TextClassifier(decoding: wrongVersion) }
    }

    @Test func temperatureFollowsHowReliableTheMarginsAre() {
        let reliable = (0..<200).map { i in i % 2 == 0 ? [1.0, -1.0] : [-1.0, 1.0] }
        let targets = (0..<200).map { $0 % 2 }
        #expect(TextClassifier.fittedTemperature(margins: reliable, targets: targets) < 0.1)
        let coinFlips = (0..<200).map { i in i % 4 < 2 ? [1.0, -1.0] : [-1.0, 1.0] }
        let noisy = (0..<200).map { i in i % 4 == 0 || i % 4 == 3 ? 0 : 1 }
        #expect(TextClassifier.fittedTemperature(margins: coinFlips, targets: noisy) > 5)
        #expect(TextClassifier.fittedTemperature(margins: [], targets: []) == 1)
    }

    // MARK: NB-SVM (issue 18)

    /// Posts of three labels with hand-countable words; min-df 1 keeps every word.
    static func matrix(_ posts: [(label: Int, text: String)]) async -> (TrainingMatrix, [Int]) {
        var options = TextClassifier.TrainingOptions()
        options.minimumDocumentFrequency = 1
        let examples = posts.map {
            TrainingExample(features: TextFeatures(subject: "", text: $0.text, senderAddress: nil), label: "\($0.label)")
        }
        return (await TrainingMatrix(examples, options: options), posts.map(\.label))
    }

    static func column(of word: String, in matrix: TrainingMatrix) -> Int? {
        let index = TextFeatures(subject: "", text: word, senderAddress: nil).indices.first
        return matrix.featureIndices.firstIndex { $0 == index }
    }

    /// The rows, made in chunks in parallel, are each post's TF-IDF values over the kept
    /// features computed plainly, L2-normalised, in the post's order, to the bit: 1,300 posts
    /// make three chunks, and posts with no kept feature (empty rows) sit at a chunk's edges.
    @Test func matrixRowsAreTheDefinitionAcrossChunks() async {
        var examples = Self.corpus(count: 1_300, seedOffset: 23)
        for i in [0, 511, 512, 1_023, 1_024, 1_299] {
            examples[i] = TrainingExample(features: TextFeatures(subject: "", text: "", senderAddress: nil), label: "empty")
        }
        let matrix = await TrainingMatrix(examples, options: TextClassifier.TrainingOptions())
        let columnOf = Dictionary(uniqueKeysWithValues: matrix.featureIndices.enumerated().map { ($1, $0) })
        #expect(matrix.exampleCount == examples.count)
        for (i, example) in examples.enumerated() {
            var columns: [Int32] = [], values: [Float] = []
            var squaredNorm: Float = 0
            for (index, count) in zip(example.features.indices, example.features.counts) {
                guard let column = columnOf[index] else { continue }
                let value = TextFeatures.termWeight(count) * matrix.inverseDocumentFrequency[column]
                columns.append(Int32(column))
                values.append(value)
                squaredNorm += value * value
            }
            if squaredNorm > 0 { values = values.map { $0 * (1 / squaredNorm.squareRoot()) } }
            let row = matrix.rowStarts[i]..<matrix.rowStarts[i + 1]
            #expect(Array(matrix.columns[row]) == columns, "post \(i)")
            #expect(Array(matrix.values[row]) == values, "post \(i)")
        }
    }

    /// A word only label 0 uses speaks for it (ratio > 0) and, for label 1, against it; a word
    /// every post uses alike says nothing (ratio 0 when the labels' mass is equal); and a label
    /// whose posts the others dwarf still gets finite ratios.
    @Test(arguments: [
        ("compost", 0, 1.0), ("compost", 1, -1.0), ("meeting", 0, 0.0), ("meeting", 1, 0.0), ("rent", 1, 1.0),
    ])
    func logCountRatioSigns(word: String, label: Int, expectedSign: Double) async throws {
        let (matrix, targets) = await Self.matrix([
            (0, "compost meeting"), (0, "compost meeting"), (1, "rent meeting"), (1, "rent meeting"),
        ])
        let ratios = matrix.logCountRatios(positive: label, targets: targets, smoothing: 1)
        let column = try #require(Self.column(of: word, in: matrix))
        #expect(ratios.allSatisfy { $0.isFinite })
        if expectedSign == 0 {
            #expect(abs(ratios[column]) < 1e-6)
        } else {
            #expect(Double(ratios[column]) * expectedSign > 0.1, "ratio \(ratios[column])")
        }
    }

    /// The ratio by hand. Five features (three words, two pairs); for label 0, p counts its
    /// posts with each, q the others', each plus 1: p = compost 3, meeting 3, "compost meeting" 3,
    /// rent 1, "rent meeting" 1 (sum 11); q = 1, 3, 1, 3, 3 (sum 11). So r(compost) = log 3,
    /// r(meeting) = 0, r(rent) = −log 3.
    @Test func logCountRatioMatchesTheFormula() async throws {
        let (matrix, targets) = await Self.matrix([
            (0, "compost meeting"), (0, "compost meeting"), (1, "rent meeting"), (1, "rent meeting"),
        ])
        #expect(matrix.featureIndices.count == 5)
        let ratios = matrix.logCountRatios(positive: 0, targets: targets, smoothing: 1)
        let compost = try #require(Self.column(of: "compost", in: matrix))
        let meeting = try #require(Self.column(of: "meeting", in: matrix))
        let rent = try #require(Self.column(of: "rent", in: matrix))
        #expect(abs(Double(ratios[compost]) - log(3)) < 1e-6)
        #expect(abs(Double(ratios[meeting])) < 1e-6)
        #expect(abs(Double(ratios[rent]) + log(3)) < 1e-6)
    }

    /// Nasty: one label's posts are all empty (no kept feature), another has a single post among
    /// hundreds. Training must stay finite and still learn the rest.
    @Test func emptyAndTinyLabelsTrainFinitely() async {
        var examples = Self.corpus(count: 300, seedOffset: 11)
        for _ in 0..<5 {
            examples.append(TrainingExample(features: TextFeatures(subject: "", text: "", senderAddress: nil), label: "empty"))
        }
        examples.append(TrainingExample(
            features: TextFeatures(subject: "tram", text: "rent compost", senderAddress: nil), label: "single"))
        let classifier = await TextClassifier.train(examples)
        #expect(classifier.labels.contains("empty") && classifier.labels.contains("single"))
        #expect(classifier.weights.allSatisfy { $0.isFinite } && classifier.biases.allSatisfy { $0.isFinite })
        #expect(classifier.temperature.isFinite && classifier.temperature > 0)
        let test = Self.corpus(count: 90, seedOffset: 2_000_000)
        let correct = test.filter { classifier.predict($0.features).label == $0.label }.count
        #expect(correct >= 85, "\(correct) of 90 correct")
    }

    /// The ratios are folded into the weights: a label's margin from `predict` is the SVM's
    /// margin over the scaled rows. Below `minimumCrossValidated` posts (seeds, a few posts) the
    /// SVM is a plain one, whose margins the prior temperature was set for.
    @Test(arguments: [(150, false), (300, true)])
    func ratiosAreFoldedIntoThePredictionWeights(count: Int, naiveBayes: Bool) async throws {
        var options = TextClassifier.TrainingOptions()
        options.minimumDocumentFrequency = 1
        options.authorWeight = 0  // the author's term is added after the text's margin
        let examples = Self.corpus(count: count, seedOffset: 5)
        let classifier = await TextClassifier.train(examples, options: options)
        let matrix = await TrainingMatrix(examples, options: options)
        let labelIndex = try #require(classifier.labels.firstIndex(of: "garden"))
        let targets = examples.map { classifier.labels.firstIndex(of: $0.label) ?? -1 }
        let solved = matrix.solve(positive: labelIndex, targets: targets, heldOut: [], naiveBayes: naiveBayes, options: options)
        let ratios = naiveBayes
            ? matrix.logCountRatios(positive: labelIndex, targets: targets, smoothing: options.naiveBayesSmoothing)
            : [Float](repeating: 1, count: matrix.featureIndices.count)
        let rows = matrix.scaledRows(by: ratios)
        var unfolded = solved.weights
        for f in 0..<ratios.count where ratios[f] != 0 { unfolded[f] /= ratios[f] }
        for i in [0, 1, 2, 40, count - 1] {
            let viaScaledRows = matrix.margin(of: i, values: rows.values, w: unfolded)
            let viaFolded = matrix.margin(of: i, values: matrix.values, w: solved.weights)
            #expect(abs(viaScaledRows - viaFolded) < 1e-4)
            let predicted = classifier.predict(examples[i].features).scores[labelIndex]
            #expect(abs(predicted - Double(viaFolded)) < 1e-3, "post \(i): \(predicted) vs \(viaFolded)")
        }
    }

    /// How far `w` (over the rows `values`, bias last) is from the optimum of the problem LIBLINEAR
    /// and scikit-learn's LinearSVC solve: ½‖w‖² + C Σ max(0, 1 − yᵢ w·xᵢ)², bias a regularised
    /// feature of value 1. The objective is strictly convex, so its one minimum is where the
    /// gradient w − 2C Σ (1 − yᵢ w·xᵢ)₊ yᵢ xᵢ vanishes; returns ‖gradient‖ / ‖w‖.
    static func relativeGradient(
        _ matrix: TrainingMatrix, values: [Float], w: [Float], positive: Int, targets: [Int], cost: Double
    ) -> Double {
        var gradient = w.map(Double.init)
        for i in 0..<matrix.exampleCount {
            let y: Double = targets[i] == positive ? 1 : -1
            let slack = 1 - y * Double(matrix.margin(of: i, values: values, w: w))
            guard slack > 0 else { continue }
            let step = 2 * cost * slack * y
            for k in matrix.rowStarts[i]..<matrix.rowStarts[i + 1] {
                gradient[Int(matrix.columns[k])] -= step * Double(values[k])
            }
            gradient[w.count - 1] -= step * Double(TrainingMatrix.biasValue)
        }
        let norm = w.reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
        return gradient.reduce(0.0) { $0 + $1 * $1 }.squareRoot() / max(norm, 1e-12)
    }

    /// The dual coordinate descent reaches the SVM LIBLINEAR reaches (the unique minimum of the
    /// squared-hinge objective), plain and over NB-scaled rows, so a difference from LinearSVC
    /// comes from the features, not the solver. Nasty: a quarter of the posts are copies of
    /// others under another label, so no hyperplane separates the data and many slacks stay
    /// positive at the optimum. At LinearSVC's own tolerance (1e-4); training's default (0.1,
    /// LIBLINEAR's, at most 40 epochs) stops earlier, 0.05–0.45 from the optimum by this measure
    /// on these posts (Benchmarks/README.md, issue 18 round 4).
    @Test(arguments: [false, true])
    func solverReachesTheSquaredHingeOptimum(naiveBayes: Bool) async throws {
        var options = TextClassifier.TrainingOptions()
        options.tolerance = 1e-4
        options.maximumEpochs = 2_000
        var examples = Self.corpus(count: 240, seedOffset: 17)
        let labels = Self.topics.keys.sorted()
        for i in Swift.stride(from: 0, to: 240, by: 4) {
            let other = labels[((labels.firstIndex(of: examples[i].label) ?? 0) + 1) % labels.count]
            examples.append(TrainingExample(features: examples[i].features, label: other))
        }
        let matrix = await TrainingMatrix(examples, options: options)
        let targets = examples.map { labels.firstIndex(of: $0.label) ?? -1 }
        for positive in labels.indices {
            let solved = matrix.solve(positive: positive, targets: targets, heldOut: [], naiveBayes: naiveBayes, options: options)
            let ratios = naiveBayes
                ? matrix.logCountRatios(positive: positive, targets: targets, smoothing: options.naiveBayesSmoothing)
                : [Float](repeating: 1, count: matrix.featureIndices.count)
            // A feature whose ratio is 0 is 0 in every scaled row, so its SVM weight is 0 too.
            var unfolded = solved.weights
            for f in 0..<ratios.count { unfolded[f] = ratios[f] == 0 ? 0 : unfolded[f] / ratios[f] }
            let gap = Self.relativeGradient(
                matrix, values: matrix.scaledRows(by: ratios).values, w: unfolded, positive: positive,
                targets: targets, cost: options.cost)
            #expect(gap < 1e-3, "label \(labels[positive]): relative gradient \(gap)")
        }
    }

    /// `predict` is written for speed (issue 18 round 5); it must give, bit for bit, the margins
    /// and probabilities of the model's definition computed plainly here: for each label, the sum
    /// over the post's known features, in index order, of tf-idf value × weight in Double, scaled
    /// by the inverse L2 norm, plus the bias and the author's term. Nasty: posts with features the
    /// model never kept, repeated words, unknown and known authors, and an empty post.
    @Test func predictGivesTheMarginsOfTheDefinition() async {
        let model = await TextClassifier.train(Self.corpus(count: 400, seedOffset: 3))
        var posts = Self.corpus(count: 90, seedOffset: 777).map(\.features)
        posts.append(TextFeatures(subject: "zyzzyva", text: "qwertyuiop compost compost compost rent", senderAddress: "m3@example.org"))
        posts.append(TextFeatures(subject: "", text: "", senderAddress: nil))
        posts.append(TextFeatures(subject: "bus", text: "tram", senderAddress: "stranger@elsewhere.net"))
        Self.expectDefinedMargins(model, posts)
    }

    /// Models made directly with random weights, so that every shape of the scoring rows is
    /// predicted: one label (only the last label's sum), two, 20 (a row spans two cache lines, as
    /// with 20 Newsgroups) and 37 (three lines); with 50,000 kept features the tables of 2 labels
    /// and more take 2 MiB or more, where they are put on huge pages.
    @Test(arguments: [1, 2, 20, 37])
    func predictGivesTheMarginsOfTheDefinitionForAnyLabelCount(_ labelCount: Int) {
        var generator = SplitMix64(seed: UInt64(labelCount))
        func random() -> Float { Float(Double(generator.next() % 2_000_001) / 1_000_000 - 1) }
        let featureCount = 50_000
        var featureIndices: [UInt32] = []
        var index: UInt32 = 0
        for _ in 0..<featureCount {
            index += 1 + UInt32(generator.next() % 30)
            featureIndices.append(index)
        }
        let model = TextClassifier(
            labels: (0..<labelCount).map { String(format: "label%02d", $0) }, temperature: 0.2,
            featureIndices: featureIndices, inverseDocumentFrequency: (0..<featureCount).map { _ in 1 + 5 * abs(random()) },
            weights: (0..<(featureCount * labelCount)).map { _ in random() }, biases: (0..<labelCount).map { _ in random() })
        var posts: [TextFeatures] = []
        for p in 0..<60 {
            // Kept and unknown features, repeats up to beyond the whole counts' table (64).
            var hashes: [UInt32] = (0..<(p * 37 % 900)).map { _ in
                generator.next() % 3 == 0 ? UInt32(generator.next() % UInt64(TextFeatures.dimension))
                    : featureIndices[Int(generator.next() % UInt64(featureCount))]
            }
            if p % 5 == 0, let first = hashes.first { hashes += [UInt32](repeating: first, count: 70) }
            posts.append(TextFeatures(hashes: &hashes))
        }
        posts.append(TextFeatures(subject: "", text: "", senderAddress: nil))
        Self.expectDefinedMargins(model, posts)
    }

    /// `predict` gives each post the margins of the model's definition, computed plainly (TF-IDF
    /// values of the kept features, L2-normalised, times each label's weights, plus the biases
    /// and the author's terms), to the bit, and the probabilities and label that follow.
    static func expectDefinedMargins(_ model: TextClassifier, _ posts: [TextFeatures]) {
        let labelCount = model.labels.count
        // A kept feature's row is its place among the kept indices.
        let rowOf = Dictionary(uniqueKeysWithValues: model.featureIndices.enumerated().map { ($1, $0) })
        let inverseDocumentFrequency = model.inverseDocumentFrequency, weights = model.weights
        for post in posts {
            var margins = [Double](repeating: 0, count: labelCount)
            var squaredNorm: Double = 0
            for (index, count) in zip(post.indices, post.counts) {
                guard let row = rowOf[index] else { continue }
                let value = Double(TextFeatures.termWeight(count) * inverseDocumentFrequency[row])
                squaredNorm += value * value
                for c in 0..<labelCount { margins[c] += value * Double(weights[row * labelCount + c]) }
            }
            let scale = squaredNorm > 0 ? 1 / squaredNorm.squareRoot() : 0
            for c in 0..<labelCount { margins[c] = margins[c] * scale + Double(model.biases[c]) }
            if let terms = model.authors.terms(author: post.author) {
                for c in 0..<labelCount { margins[c] += terms[c] }
            }
            let prediction = model.predict(post)
            #expect(prediction.scores == margins)
            #expect(prediction.probabilities == TextClassifier.softmax(margins, temperature: model.temperature))
            var best = 0
            for c in 1..<labelCount where margins[c] > margins[best] { best = c }
            #expect(prediction.label == model.labels[best])
        }
    }

    /// A table's floats are those written, on huge pages (2 MiB and more, aligned to them) or
    /// not, empty or not.
    @Test(arguments: [0, 1, 1_000, HugePageFloats.hugePageSize / 4 - 1, HugePageFloats.hugePageSize / 4, 3_000_001])
    func hugePageFloatsHoldWhatWasWritten(_ count: Int) {
        let table = HugePageFloats(count: count) { table in
            for k in table.indices { table[k] = Float(k % 10_007) - 0.5 }
        }
        #expect(table.count == count)
        #expect(table.indices.allSatisfy { table[$0] == Float($0 % 10_007) - 0.5 })
        if count >= HugePageFloats.hugePageSize / 4, let base = table.buffer.baseAddress {
            #expect(Int(bitPattern: base) % HugePageFloats.hugePageSize == 0)
        }
    }

    /// A kept index's row is the number of kept indices below it: at word edges (63, 64), at both
    /// ends of the feature space, for indices not kept and beyond the space, and on random sets.
    @Test(arguments: [
        [UInt32](), [0], [63], [64], [0, 63, 64, 127, 128], [UInt32(TextFeatures.dimension - 1)],
        [1, 2, 3, 1_000, 65_535, 65_536, UInt32(TextFeatures.dimension - 64), UInt32(TextFeatures.dimension - 1)],
    ])
    func keptFeaturesGiveEachIndexItsRow(_ kept: [UInt32]) {
        var generator = SplitMix64(seed: UInt64(kept.count))
        var random = Set<UInt32>()
        for _ in 0..<(kept.isEmpty ? 0 : 3_000) { random.insert(UInt32(generator.next() % UInt64(TextFeatures.dimension))) }
        for indices in [kept, random.sorted()] {
            let rows = KeptFeatures(indices)
            let rowOf = Dictionary(uniqueKeysWithValues: indices.enumerated().map { ($1, $0) })
            var probes: [UInt32] = [0, 1, 63, 64, UInt32(TextFeatures.dimension - 1)]
            for index in indices { probes += [index, index &+ 1, index &- 1] }
            probes += [UInt32(TextFeatures.dimension), UInt32(TextFeatures.dimension + 63), .max]
            for probe in probes { #expect(rows.row(of: probe) == (rowOf[probe] ?? -1), "index \(probe)") }
        }
    }
}
