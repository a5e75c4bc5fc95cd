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

    static let domainFixtures: [(String?, Int)] = [
        ("a@lists.example.org", 2), ("a@example.org", 1), ("a@localhost", 0), ("no-at-sign", 0),
        ("trailing@", 0), (nil, 0), ("a@b@c.example.org", 2),
    ]

    @Test(arguments: domainFixtures)
    func senderDomainFeatures(_ address: String?, _ expected: Int) {
        #expect(TextFeatures(subject: "", text: "", senderAddress: address).indices.count == expected)
    }

    @Test func parentDomainIsShared() {
        let sub = Set(TextFeatures(subject: "", text: "", senderAddress: "x@lists.example.org").indices)
        let parent = Set(TextFeatures(subject: "", text: "", senderAddress: "y@example.org").indices)
        #expect(sub.isSuperset(of: parent))
        #expect(sub.count == 2)
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
            subject: "Re: Compost bins", text: "We need more compost bins.", senderAddress: "ana@garden.example.org")
        #expect(features == expected, "quoted text and attribution are not features")
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
        TextFeatures.appendDomainFeatures(of: sender, to: &hashes)
        #expect(TextFeatures(subject: subject, text: text, senderAddress: sender) == TextFeatures(hashes: &hashes))
    }
}
