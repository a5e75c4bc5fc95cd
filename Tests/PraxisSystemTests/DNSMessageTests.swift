import PraxisSystem
import Testing

/// The DNS codec on hostile packets first: an answer comes from the network, so no packet may
/// make it loop, read past the end, or take a stray datagram for the answer.
@Suite("DNS message")
struct DNSMessageTests {
    static let name = "_dmarc.example.org"
    static let id: UInt16 = 0x4a2f

    /// The question section for `name`, TXT IN.
    static func question(_ name: String = name) -> [UInt8] {
        var bytes: [UInt8] = []
        for label in name.split(separator: ".") {
            bytes.append(UInt8(label.utf8.count))
            bytes += Array(label.utf8)
        }
        return bytes + [0, 0, 16, 0, 1]
    }

    static func header(id: UInt16 = id, flags: UInt16 = 0x8180, questions: UInt16 = 1, answers: UInt16) -> [UInt8] {
        [UInt8(id >> 8), UInt8(id & 0xff), UInt8(flags >> 8), UInt8(flags & 0xff),
         UInt8(questions >> 8), UInt8(questions & 0xff), UInt8(answers >> 8), UInt8(answers & 0xff), 0, 0, 0, 0]
    }

    /// A TXT record owned by the question's name (a pointer to offset 12) with `data` as its RDATA.
    static func record(_ data: [UInt8], type: UInt16 = 16, length: Int? = nil) -> [UInt8] {
        let length = length ?? data.count
        return [0xc0, 12, UInt8(type >> 8), UInt8(type & 0xff), 0, 1, 0, 0, 1, 44, UInt8(length >> 8), UInt8(length & 0xff)] + data
    }

    static func strings(_ parts: String...) -> [UInt8] {
        parts.flatMap { [UInt8($0.utf8.count)] + Array($0.utf8) }
    }

    static func answer(_ records: [[UInt8]], flags: UInt16 = 0x8180) -> [UInt8] {
        header(flags: flags, answers: UInt16(records.count)) + question() + records.flatMap { $0 }
    }

    // MARK: Hostile packets

    /// Each of these is malformed where it matters; none may be read as records.
    static let hostile: [(String, [UInt8])] = [
        ("a pointer to itself", header(answers: 1) + question() + [0xc0, UInt8(12 + question().count)] + [0, 16, 0, 1, 0, 0, 0, 0, 0, 0]),
        ("a pointer forwards", header(answers: 1) + question() + [0xc0, 0xff] + [0, 16, 0, 1, 0, 0, 0, 0, 0, 0]),
        ("a pointer cut in half", header(answers: 1) + question() + [0xc0]),
        ("a label running past the end", header(answers: 1) + question() + [40, 65, 65]),
        ("RDLENGTH past the end", answer([record(strings("v=DMARC1; p=reject"), length: 300)])),
        ("a TXT string longer than its RDATA", answer([record([50] + Array("v=DMARC1".utf8))])),
        ("more answers counted than present", header(answers: 3) + question() + record(strings("v=DMARC1; p=reject"))),
        ("a reserved label type", header(answers: 1) + question() + [0x80, 1] + [0, 16, 0, 1, 0, 0, 0, 0, 0, 0]),
    ]

    @Test(arguments: hostile)
    func hostileAnswersAreFailuresNotRecords(_ packet: (String, [UInt8])) {
        let answer = DNSMessage.txtAnswer(packet.1, id: Self.id, name: Self.name)
        guard case .failed = answer else {
            Issue.record("\(packet.0): \(String(describing: answer))")
            return
        }
    }

    /// A datagram that does not answer our query is ignored (nil), so it cannot end the wait.
    static let notOurs: [(String, [UInt8])] = [
        ("another ID", header(id: id ^ 1, answers: 0) + question()),
        ("another question", header(answers: 0) + question("_dmarc.example.com")),
        ("a query, not a response", header(flags: 0x0100, answers: 0) + question()),
        ("two questions", header(questions: 2, answers: 0) + question() + question()),
        ("a header cut short", Array(header(answers: 0).prefix(7))),
        ("an empty datagram", []),
        ("a question cut short", header(answers: 0) + Array(question().dropLast(2))),
        ("a question name looping", header(answers: 0) + [0xc0, 12, 0, 16, 0, 1]),
    ]

    @Test(arguments: notOurs)
    func strayDatagramsAreIgnored(_ packet: (String, [UInt8])) {
        #expect(DNSMessage.txtAnswer(packet.1, id: Self.id, name: Self.name) == nil, "\(packet.0)")
    }

    @Test func truncatedAnswersAndServerErrorsKnowNothing() {
        #expect(DNSMessage.txtAnswer(Self.answer([], flags: 0x8380), id: Self.id, name: Self.name)
            == .failed("the answer was truncated"))
        #expect(DNSMessage.txtAnswer(Self.answer([], flags: 0x8182), id: Self.id, name: Self.name)
            == .failed("the server answered with response code 2"))
        #expect(DNSMessage.txtAnswer(Self.answer([], flags: 0x8183), id: Self.id, name: Self.name) == .noRecords)
        #expect(DNSMessage.txtAnswer(Self.answer([]), id: Self.id, name: Self.name) == .noRecords)
    }

    /// Every byte flip and every cut of a good answer is read without a crash, and a cut one is
    /// never taken for a record it does not wholly hold.
    @Test func mutationsOfAGoodAnswerNeverCrash() {
        let good = Self.answer([Self.record(Self.strings("v=DMARC1; ", "p=reject"))])
        for cut in 0..<good.count {
            let answer = DNSMessage.txtAnswer(Array(good.prefix(cut)), id: Self.id, name: Self.name)
            if case .records = answer { Issue.record("a packet cut at \(cut) gave records") }
        }
        var generator = SystemRandomNumberGenerator()
        for _ in 0..<5_000 {
            var mutated = good
            for _ in 0..<Int.random(in: 1...4, using: &generator) {
                mutated[Int.random(in: 0..<mutated.count, using: &generator)] = UInt8.random(in: 0...255, using: &generator)
            }
            _ = DNSMessage.txtAnswer(mutated, id: Self.id, name: Self.name)
        }
    }

    // MARK: Good answers

    @Test func stringsOfOneRecordAreJoinedAndOtherRecordsKeptApart() {
        let packet = Self.answer([
            Self.record(Self.strings("v=DMARC1; ", "p=reject; ", "sp=none")),
            Self.record(Self.strings("google-site-verification=abc")),
            // A CNAME on the way is not a TXT record of the name.
            Self.record([3, 119, 119, 119, 0], type: 5),
        ])
        #expect(DNSMessage.txtAnswer(packet, id: Self.id, name: "_DMARC.Example.org.") == .records([
            Array("v=DMARC1; p=reject; sp=none".utf8), Array("google-site-verification=abc".utf8),
        ]))
    }

    @Test(arguments: [
        ("", false), ("a..b", false), (String(repeating: "a", count: 64) + ".org", false),
        (Array(repeating: "abcdefghi", count: 26).joined(separator: "."), false),
        ("_dmarc.example.org", true), ("_dmarc.example.org.", true),
    ])
    func queriesAreMadeOnlyForDomainNames(_ name: String, _ valid: Bool) {
        let query = DNSMessage.txtQuery(for: name, id: 7)
        #expect((query != nil) == valid)
        if let query, valid {
            #expect(Array(query.prefix(12)) == [0, 7, 1, 0, 0, 1, 0, 0, 0, 0, 0, 0])
            #expect(Array(query.dropFirst(12)) == Self.question("_dmarc.example.org"))
        }
    }
}
