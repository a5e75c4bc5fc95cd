import Foundation

/// A member's own history of sub-issues as evidence (issue 18): in a community the same people
/// keep writing about the same things, so how many of an author's training posts each label has
/// is a prior of its own, added to the text model's margins as `weight · log P(label | author)`,
/// Laplace-smoothed. As one address feature among hundreds of words, that evidence was drowned.
///
/// It is learned from the same posts as the text model, so it knows only the labels the model may
/// choose: protected sub-issues are never training labels (`PostClassifier.learnableIDs`), and
/// no author's posts in them are counted or shown. An author the model has not seen gets no term
/// (a uniform prior: a constant per post, which changes neither the best label nor a softmax).
public struct AuthorHistory: Sendable, Hashable {
    /// The author key (`TextFeatures.author`) → their training posts per label, in the model's
    /// label order.
    public let counts: [UInt32: [UInt32]]
    /// How much the author's prior counts against the text's margins. 0.1: of 0.05, 0.1 and 0.2,
    /// best on the chronological hold-out inside `list-topics/train`; it also helped on the
    /// thread-grouped folds there and on 20 Newsgroups' 5-fold (Benchmarks/README.md).
    public let weight: Double
    /// Added to each label's count (Laplace): an author seen once is only mildly evidence.
    public let smoothing: Double

    /// `terms(author:)` of every known author, computed once: `predict` runs on every post.
    private let precomputed: [UInt32: [Double]]

    public static let defaultWeight = 0.1
    public static let defaultSmoothing = 1.0

    public init(counts: [UInt32: [UInt32]], weight: Double, smoothing: Double) {
        self.counts = counts
        self.weight = weight
        self.smoothing = smoothing
        precomputed = weight > 0 ? counts.compactMapValues { Self.terms(of: $0, weight: weight, smoothing: smoothing) } : [:]
    }

    /// No history: every author is unknown.
    public static let none = AuthorHistory(counts: [:], weight: 0, smoothing: defaultSmoothing)

    /// Counts the labelled posts of each author among `examples`; `targets[i]` is example i's
    /// label index.
    static func counted(_ examples: [TrainingExample], targets: [Int], labelCount: Int) -> [UInt32: [UInt32]] {
        var counts: [UInt32: [UInt32]] = [:]
        for (example, target) in zip(examples, targets) {
            guard let author = example.features.author else { continue }
            counts[author, default: [UInt32](repeating: 0, count: labelCount)][target] += 1
        }
        return counts
    }

    /// What the author's history adds to each label's margin, relative to an unknown author:
    /// `weight · log(P(label | author) · labelCount)`; nil for an unknown author or no weight.
    /// With `excluding`, that one post of the author's (label index) is left out of the counts,
    /// so a training post's held-out margin is not informed by its own label.
    func terms(author: UInt32?, excluding target: Int? = nil) -> [Double]? {
        guard let author else { return nil }
        guard let target else { return precomputed[author] }
        guard weight > 0, var posts = counts[author] else { return nil }
        if target < posts.count, posts[target] > 0 { posts[target] -= 1 }
        return Self.terms(of: posts, weight: weight, smoothing: smoothing)
    }

    private static func terms(of posts: [UInt32], weight: Double, smoothing: Double) -> [Double]? {
        let total = Double(posts.reduce(0, +))
        let labelCount = Double(posts.count)
        guard total > 0 else { return nil }
        let denominator = total + smoothing * labelCount
        return posts.map { weight * log((Double($0) + smoothing) * labelCount / denominator) }
    }
}
