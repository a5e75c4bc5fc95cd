import Foundation
import Testing
@testable import PraxisMail

/// Expectations follow Python 3.11's `email.policy.default` header text searched with
/// `<([^<>\s]+)>` (what our measuring tool does), except where a comment says `python:`.
@Suite struct MessageIDParserTests {
    private static func list(_ raw: String) -> [String] { MessageIDParser.parseList(Array(raw.utf8)[...]) }
    private static func single(_ raw: String) -> String? { MessageIDParser.parseSingle(Array(raw.utf8)[...]) }

    static let lists: [(String, [String])] = [
        ("<a@b>", ["a@b"]),
        (" <a@b> <c@d>\t<e@f>", ["a@b", "c@d", "e@f"]),
        ("<a@b><c@d>", ["a@b", "c@d"]),
        ("<a@b> <c@d> <a@b>", ["a@b", "c@d", "a@b"]),  // as written, as Python gives it
        ("<a@b> (Alice's message of \"Tue, 1 Jan 2004 10:00:00 +0100\")", ["a@b"]),
        ("Your message of \"Tue, 1 Jan\" <id@x>", ["id@x"]),
        ("Alice Smith's message of Tue, 1 Jan 2004 10:00:00 +0100 <id@x>", ["id@x"]),
        ("<id@x>; from alice@x.org on Tue, Jan 01, 2004", ["id@x"]),
        ("<01df01c3f10c$ec579450$c117a8c0@pc193>", ["01df01c3f10c$ec579450$c117a8c0@pc193"]),
        ("<\"quoted\"@b>", ["\"quoted\"@b"]),
        ("<a@[1.2.3.4]>", ["a@[1.2.3.4]"]),
        ("<12345.ABC>", ["12345.ABC"]),
        ("<a<b@c>", ["b@c"]),
        ("<abc @x>", ["abc@x"]),  // python: nothing; folding whitespace inside is removed
        ("<>", []),
        ("< >", []),
        ("<a@b", []),
        ("a@b", []),
        ("", []),
        ("no ids here", []),
    ]

    @Test(arguments: lists)
    func parsesLists(_ raw: String, _ expected: [String]) {
        #expect(Self.list(raw) == expected)
    }

    static let singles: [(String, String?)] = [
        ("<a@b>", "a@b"),
        ("  <a@b>  ", "a@b"),
        ("<a@b> (comment)", "a@b"),
        ("(c) <a@b>", "a@b"),
        ("<a@b> <c@d>", "a@b"),
        ("<a@b>junk", "a@b"),
        ("<a@b", "a@b"),
        ("a@b", "a@b"),  // python: nothing; a bare id that is the whole value is accepted
        ("  a@b\r\n", "a@b"),
        ("<a b@c>", "ab@c"),  // python: nothing
        ("a b@c", nil),
        ("abc", nil),
        ("<>", nil),
        ("", nil),
        ("<<a@b>", "a@b"),
    ]

    @Test(arguments: singles)
    func parsesSingles(_ raw: String, _ expected: String?) {
        #expect(Self.single(raw) == expected)
    }

    @Test func capsTheNumberOfIDs() {
        var raw: [UInt8] = []
        for index in 0..<5_000 { raw += Array("<\(index)@x>".utf8) }
        let ids = MessageIDParser.parseList(raw[...])
        #expect(ids.count == MessageIDParser.maximumIDCount)
        #expect(ids.first == "0@x")
    }

    static let hostile: [HostileHeaderValue] = [
        HostileHeaderValue("open angles", repeating: "<"),
        HostileHeaderValue("close angles", repeating: ">"),
        HostileHeaderValue("empty ids", repeating: "<>"),
        HostileHeaderValue("one long id", prefix: "<", repeating: "a"),
        HostileHeaderValue("unclosed id with spaces", prefix: "<", repeating: " "),
        HostileHeaderValue("many distinct ids", bytes: (0..<20_000).flatMap { Array("<\($0)@x> ".utf8) }),
        HostileHeaderValue("NUL and 8-bit", bytes: [0x3C, 0x00, 0xFF, 0x40, 0x78, 0x3E]),
    ]

    @Test(arguments: hostile)
    func survivesHostileInput(_ input: HostileHeaderValue) {
        let clock = ContinuousClock()
        let elapsed = clock.measure {
            _ = MessageIDParser.parseList(input.bytes[...])
            _ = MessageIDParser.parseSingle(input.bytes[...])
        }
        #expect(elapsed < .seconds(10), "\(input.name) took \(elapsed)")
    }

    @Test func keepsNULAndEightBitBytesInsideAnID() {
        #expect(MessageIDParser.parseList([0x3C, 0x00, 0xC3, 0xA9, 0x40, 0x78, 0x3E][...]) == ["\u{0}é@x"])
    }

    /// Every Message-ID of a year of a real list yields an id with an `@`, and References never
    /// yield an empty or bracketed id.
    @Test func parsesEveryIDOfARealArchive() {
        guard let messageIDs = ListArchive.headerValues(named: "Message-ID"),
              let references = ListArchive.headerValues(named: "References") else { return }
        let badIDs = messageIDs.filter { !(MessageIDParser.parseSingle($0)?.contains("@") ?? false) }
        #expect(messageIDs.count > 2_500)
        #expect(badIDs.isEmpty, "\(badIDs.prefix(10).map { String(decoding: $0, as: UTF8.self) })")
        let referenced = references.flatMap { MessageIDParser.parseList($0) }
        #expect(referenced.count > 1_000)
        #expect(referenced.allSatisfy { !$0.isEmpty && !$0.contains("<") && !$0.contains(">") && !$0.contains(" ") })
    }
}
