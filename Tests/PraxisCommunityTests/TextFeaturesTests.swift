import Testing
import PraxisMail
@testable import PraxisCommunity

@Suite("TextFeatures")
struct TextFeaturesTests {
    static let wordFixtures: [(String, [String])] = [
        ("Hello, World! a 123 x", ["hello", "world", "123"]),
        ("MiXeD-case_words", ["mixed", "case", "words"]),
        ("“Quoted” naïve café—test…end", ["quoted", "naïve", "café", "test", "end"]),
        ("non\u{00A0}breaking «guillemets»", ["non", "breaking", "guillemets"]),
        ("Straße Ärger ÉCOLE Ÿ×Þ", ["straße", "ärger", "école", "Ÿ×þ"]), // Ÿ is U+0178, outside Latin-1: kept
        ("nul\u{0}separated\u{0}\u{0}", ["nul", "separated"]),
        (String(repeating: "a", count: 30) + " " + String(repeating: "b", count: 31), [String(repeating: "a", count: 30)]),
        ("", []),
        ("a b c ! ?", []),
        ("e-mail: user@example.org", ["mail", "user", "example", "org"]),
    ]

    @Test(arguments: wordFixtures)
    func words(_ text: String, _ expected: [String]) {
        #expect(TextFeatures.words(of: text) == expected)
    }

    @Test func subjectWordsCountTwice() {
        let features = TextFeatures(subject: "Alpha", text: "", senderAddress: nil)
        #expect(features.indices.count == 1)
        #expect(features.counts == [2])
    }

    @Test func unigramsAndBigrams() {
        let features = TextFeatures(subject: "", text: "alpha beta alpha", senderAddress: nil)
        // alpha ×2, beta, "alpha beta", "beta alpha"
        #expect(features.indices.count == 4)
        #expect(features.counts.reduce(0, +) == 5)
        #expect(features.indices == features.indices.sorted())
        #expect(features.indices.allSatisfy { Int($0) < TextFeatures.dimension })
        let reordered = TextFeatures(subject: "", text: "beta alpha alpha", senderAddress: nil)
        #expect(reordered != features, "word order changes the bigrams")
    }

    @Test func caseDoesNotMatter() {
        #expect(TextFeatures(subject: "Grant Deadline", text: "The BUDGET", senderAddress: "A@Example.ORG")
            == TextFeatures(subject: "grant deadline", text: "the budget", senderAddress: "a@example.org"))
    }

    /// How many features an address gives: its domain and parent domains, plus one for the whole
    /// address when it has an "@" (issue 18: an author's history is evidence).
    static let domainFixtures: [(String?, Int)] = [
        ("a@lists.example.org", 3), ("a@example.org", 2), ("a@localhost", 1), ("no-at-sign", 0),
        ("trailing@", 1), (nil, 0), ("a@b@c.example.org", 3),
    ]

    @Test(arguments: domainFixtures)
    func senderDomainFeatures(_ address: String?, _ expected: Int) {
        #expect(TextFeatures(subject: "", text: "", senderAddress: address).indices.count == expected)
    }

    @Test func parentDomainIsShared() {
        let sub = Set(TextFeatures(subject: "", text: "", senderAddress: "x@lists.example.org").indices)
        let parent = Set(TextFeatures(subject: "", text: "", senderAddress: "y@example.org").indices)
        // The addresses differ; their domains share `example.org`.
        #expect(sub.intersection(parent).count == 1)
        #expect(sub.count == 3)
        let sameAuthor = Set(TextFeatures(subject: "", text: "", senderAddress: "X@Lists.Example.org").indices)
        #expect(sameAuthor == sub, "the address is a feature regardless of case")
    }

    @Test func domainIsNotTheSameAsAWord() {
        let domain = TextFeatures(subject: "", text: "", senderAddress: "x@example.org")
        let words = TextFeatures(subject: "", text: "example.org", senderAddress: nil)
        #expect(Set(domain.indices).isDisjoint(with: words.indices))
    }

    @Test func fromAParsedMessage() {
        let raw = """
            From: Ana <ana@garden.example.org>\r
            Subject: Re: Compost bins\r
            \r
            We need more compost bins.\r
            \r
            On Monday, Bo wrote:\r
            > watering schedule for the orchard\r

            """
        let message = MailMessage(Array(raw.utf8))
        let features = TextFeatures(message: message)
        let expected = TextFeatures(
            subject: "Re: Compost bins", text: "We need more compost bins.",
            quoted: "watering schedule for the orchard\n", senderAddress: "ana@garden.example.org")
        #expect(features == expected, "the attribution is no feature; the quoted line is")
        let own = TextFeatures(
            subject: "Re: Compost bins", text: "We need more compost bins.", senderAddress: "ana@garden.example.org")
        // Issue 18: quoted words count, at `quotedWeight`, below every word of the post's own.
        let extra = Set(features.indices).subtracting(own.indices)
        #expect(!extra.isEmpty && Set(own.indices).isSubset(of: features.indices))
        for (index, count) in zip(features.indices, features.counts) where extra.contains(index) {
            #expect(count == TextFeatures.quotedWeight)
        }
    }

    @Test func quotedTextIsTheQuotedLinesWithoutTheirMarks() {
        let text = "My answer.\n\nOn Monday, Bo wrote:\n> first line\n>> nested line\n  > indented\n>\nnot quoted > here\n"
        #expect(TextFeatures.quotedText(of: text) == "first line\nnested line\nindented\n")
        #expect(TextFeatures.quotedText(of: "no quotes at all") == "")
        let long = String(repeating: "> quoted words here\n", count: 2_000)
        #expect(TextFeatures.quotedText(of: long).utf8.count <= TextFeatures.maxQuotedBytes + 100)
    }

    @Test func quotedWordsWeighLessThanOwnWords() {
        #expect(TextFeatures.termWeight(TextFeatures.quotedWeight) < TextFeatures.termWeight(1))
        #expect(TextFeatures.termWeight(TextFeatures.quotedWeight) > 0)
        #expect(TextFeatures.termWeight(1 + TextFeatures.quotedWeight) > TextFeatures.termWeight(1))
    }

    @Test func hostileInputsAreBounded() {
        let huge = String(repeating: "ab cd ", count: 500_000)
        let features = TextFeatures(subject: huge, text: huge, senderAddress: huge)
        #expect(features.counts.reduce(0, +) <= Float(TextFeatures.maxFeatureCount))
        let truncated = String(decoding: [0x61, 0x62, 0xE2, 0x80, 0x20, 0xC3, 0x63, 0x64, 0xF0], as: UTF8.self)
        _ = TextFeatures(subject: truncated, text: truncated, senderAddress: truncated)
        let garbage = String(decoding: (0..<4096).map { UInt8(truncatingIfNeeded: $0 &* 7919) }, as: UTF8.self)
        let garbageFeatures = TextFeatures(subject: garbage, text: garbage, senderAddress: garbage)
        #expect(garbageFeatures.indices.allSatisfy { Int($0) < TextFeatures.dimension })
        #expect(TextFeatures(subject: "", text: "", senderAddress: nil).isEmpty)
    }

    @Test func rawByteScanningSurvivesLoneContinuationBytes() {
        let bytes: [UInt8] = [0x80, 0x80, 0x61, 0x62, 0xBF, 0x00, 0xE2, 0x80, 0x9C, 0x63, 0x64]
        var found: [[UInt8]] = []
        bytes.withUnsafeBufferPointer { buffer in
            TextFeatures.scanWords(buffer) { start, end, _ in
                found.append(Array(buffer[start..<end]))
                return true
            }
        }
        #expect(found == [[0x80, 0x80, 0x61, 0x62, 0xBF], [0x63, 0x64]])
    }

    @Test(arguments: [0, 1, 2, 47, 48, 49, 500, 5_000])
    func bucketSortMatchesSort(_ count: Int) {
        var generator = SplitMix64(seed: UInt64(count) + 7)
        // Few distinct values as well as many, so runs of repeats are sorted too.
        let range = count % 2 == 0 ? UInt32(TextFeatures.dimension) : 13
        let values = (0..<count).map { _ in UInt32(generator.next() % UInt64(range)) }
        var input = values
        var scratch = [UInt32](repeating: 0, count: count)
        let sorted = input.withUnsafeMutableBufferPointer { input in
            scratch.withUnsafeMutableBufferPointer { scratch in
                Array(TextFeatures.bucketSorted(input, scratch: scratch))
            }
        }
        #expect(sorted == values.sorted())
    }

    @Test func onlyTheStartOfALongTextCounts() {
        let filler = String(repeating: "patch line ", count: TextFeatures.maxTextBytes / 11 + 10)
        let withTail = TextFeatures(subject: "", text: filler + "zebra", senderAddress: nil)
        let without = TextFeatures(subject: "", text: filler, senderAddress: nil)
        #expect(withTail == without, "a word past the first \(TextFeatures.maxTextBytes) bytes adds nothing")
        let short = TextFeatures(subject: "", text: "patch zebra", senderAddress: nil)
        #expect(short != TextFeatures(subject: "", text: "patch", senderAddress: nil))
    }

    @Test func sameFeaturesAsCountingByHand() {
        // The scratch-buffer path must agree with building the hashes one by one and counting.
        let subject = "Grant deadline", text = "The budget for the grant is due; the budget grows.", sender = "a@lists.example.org"
        var hashes: [UInt32] = []
        for _ in 0..<TextFeatures.subjectWeight { TextFeatures.appendWordFeatures(of: subject, to: &hashes) }
        TextFeatures.appendWordFeatures(of: text, to: &hashes)
        if let address = TextFeatures.addressHash(sender) { hashes.append(address) }
        TextFeatures.appendDomainFeatures(of: sender, to: &hashes)
        let collected = TextFeatures(subject: subject, text: text, senderAddress: sender), counted = TextFeatures(hashes: &hashes)
        #expect(collected.indices == counted.indices && collected.counts == counted.counts)
        #expect(collected.author == TextFeatures.authorKey(sender) && counted.author == nil)
    }
}
