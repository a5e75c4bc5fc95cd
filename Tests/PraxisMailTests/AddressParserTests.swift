import Foundation
import Testing
@testable import PraxisMail

/// One fixture: a header value and the mailboxes expected from it, as `(name, address)`.
///
/// Expectations were checked against Python 3.11's `email.policy.default` (`addresses`). Where we
/// deliberately differ, the fixture says `python:` with what Python returns.
struct AddressFixture: CustomTestStringConvertible, Sendable {
    let raw: [UInt8]
    let expected: [MailAddress]
    let note: String

    init(_ raw: String, _ expected: [(String?, String)], _ note: String = "") {
        self.raw = Array(raw.utf8)
        self.expected = expected.map { MailAddress(name: $0.0, address: $0.1) }
        self.note = note
    }

    init(bytes raw: [UInt8], _ expected: [(String?, String)], _ note: String = "") {
        self.raw = raw
        self.expected = expected.map { MailAddress(name: $0.0, address: $0.1) }
        self.note = note
    }

    var testDescription: String { String(decoding: raw.prefix(80), as: UTF8.self) }
}

private func parse(_ raw: [UInt8]) -> ([MailAddress], [MailDefect]) {
    var defects: [MailDefect] = []
    let addresses = AddressParser.parseList(raw[...], defects: &defects)
    return (addresses, defects)
}

@Suite struct AddressParserTests {
    static let wellFormed: [AddressFixture] = [
        AddressFixture("Alice <alice@example.org>", [("Alice", "alice@example.org")]),
        AddressFixture("alice@example.org", [(nil, "alice@example.org")]),
        AddressFixture("<a@x.org>", [(nil, "a@x.org")]),
        AddressFixture(#""Smith, John" <j@x.org>, Alice <a@y.org>"#,
                       [("Smith, John", "j@x.org"), ("Alice", "a@y.org")]),
        AddressFixture("Joe Q. Public <john.q.public@example.com>", [("Joe Q. Public", "john.q.public@example.com")]),
        AddressFixture(#"John "Jack" Doe <a@x>"#, [("John Jack Doe", "a@x")]),
        AddressFixture(#""Giant; \"Big\" Box" <sysservices@example.net>"#,
                       [(#"Giant; "Big" Box"#, "sysservices@example.net")]),
        AddressFixture(#""alice@example.org" <alice@example.org>"#, [("alice@example.org", "alice@example.org")],
                       "a name equal to the address is kept"),
        AddressFixture("  Alice   Smith  <a@x.org>  ", [("Alice Smith", "a@x.org")]),
        AddressFixture(#""" <a@x.org>"#, [(nil, "a@x.org")]),
        AddressFixture(#""   " <a@x.org>"#, [(nil, "a@x.org")], "python: '   ', whitespace-folded to ''"),
        AddressFixture("Jörg Müller <j@x.org>", [("Jörg Müller", "j@x.org")], "RFC 6532 UTF-8 name"),
        AddressFixture("jörg@exämple.org", [(nil, "jörg@exämple.org")], "RFC 6532 UTF-8 address"),
    ]

    static let comments: [AddressFixture] = [
        AddressFixture("alice@example.org (Alice Smith)", [(nil, "alice@example.org")],
                       "a trailing comment is not a name, as in Python"),
        AddressFixture("alice@example.org (Alice (nested) Smith)", [(nil, "alice@example.org")]),
        AddressFixture(#"Pete(A nice \) chap) <pete(his account)@silly.test(his host)>"#,
                       [("Pete", "pete@silly.test")]),
        AddressFixture("Alice <a@x.org> (Trailing)", [("Alice", "a@x.org")]),
        AddressFixture("Alice (c) <a@x.org>", [("Alice", "a@x.org")]),
        AddressFixture("(lead) a@x.org", [(nil, "a@x.org")]),
        AddressFixture("a(c)@x.org", [(nil, "a@x.org")]),
    ]

    static let addrSpecs: [AddressFixture] = [
        AddressFixture(#""john doe"@x.org"#, [(nil, #""john doe"@x.org"#)]),
        AddressFixture(#""john"@x.org"#, [(nil, "john@x.org")], "quotes only when needed"),
        AddressFixture(#""john\"q"@x.org"#, [(nil, #""john\"q"@x.org"#)]),
        AddressFixture(#""a\ b"@x"#, [(nil, #""a b"@x"#)]),
        AddressFixture(#"a."b c"@x"#, [(nil, #""a.b c"@x"#)]),
        AddressFixture(#""a".b@x"#, [(nil, "a.b@x")]),
        AddressFixture("john.doe @ example . org", [(nil, "john.doe@example.org")]),
        AddressFixture("a@[1.2.3.4]", [(nil, "a@[1.2.3.4]")]),
        AddressFixture("a@[ 1.2.3.4 ]", [(nil, "a@[1.2.3.4]")]),
        AddressFixture("<a@[1.2.3.4]>", [(nil, "a@[1.2.3.4]")]),
        AddressFixture("<@r1,@r2:a@b.org>", [(nil, "a@b.org")], "obsolete route dropped"),
        AddressFixture("Foo <@r1.example,@r2.example:a@b.org>", [("Foo", "a@b.org")]),
        AddressFixture("< a@x.org >", [(nil, "a@x.org")]),
        AddressFixture("a b@x", [(nil, #""a b"@x"#)], "obsolete local part with a space"),
    ]

    static let groups: [AddressFixture] = [
        AddressFixture("undisclosed-recipients:;", []),
        AddressFixture("Undisclosed recipients:;", []),
        AddressFixture("Team: a@x.org, Bob <b@y.org>;", [(nil, "a@x.org"), ("Bob", "b@y.org")]),
        AddressFixture("Team: a@x.org, b@y.org;, c@z.org", [(nil, "a@x.org"), (nil, "b@y.org"), (nil, "c@z.org")]),
        AddressFixture("Team: a@x.org; c@z.org", [(nil, "a@x.org"), (nil, "c@z.org")],
                       "python: raises; the member after the group is kept"),
        AddressFixture("Team: a@x.org", [(nil, "a@x.org")], "unclosed group"),
        AddressFixture(
            "A Group(Some people):Chris Jones <c@(Chris's host.)public.example>,joe@example.org,"
                + "John <jdoe@one.test> (my dear friend); (the end of the group)",
            [("Chris Jones", "c@public.example"), (nil, "joe@example.org"), ("John", "jdoe@one.test")]),
    ]

    static let messy: [AddressFixture] = [
        AddressFixture("a@x.org,,b@y.org", [(nil, "a@x.org"), (nil, "b@y.org")]),
        AddressFixture(" , a@x.org ,", [(nil, "a@x.org")]),
        AddressFixture(",", []),
        AddressFixture("", []),
        AddressFixture("alice", [(nil, "alice")], "bare local part kept"),
        AddressFixture("alice, bob@x.org", [(nil, "alice"), (nil, "bob@x.org")]),
        AddressFixture("Alice Smith", [(nil, #""Alice Smith""#)], "as Python renders a phrase-only mailbox"),
        AddressFixture("garbage!!, ok@x.org", [(nil, "garbage!!"), (nil, "ok@x.org")]),
        AddressFixture("Mary Smith <@node.test:mary@example.net>, , jdoe@test  . example",
                       [("Mary Smith", "mary@example.net"), (nil, "jdoe@test.example")]),
        AddressFixture("keith@cco.caltech.edu (Keith Allan Schneider) <930401.112329@mantis.co.uk>",
                       [(nil, "keith@cco.caltech.edu")], "old news: folded-in ids after an addr-spec are junk"),
        AddressFixture("eve@example.com <frank@example.com>", [(nil, "eve@example.com")]),
        AddressFixture("<a@x.org> Alice", [(nil, "a@x.org")]),
        AddressFixture("Alice <a@x.org>>, b@y.org", [("Alice", "a@x.org"), (nil, "b@y.org")]),
        AddressFixture("a@x.org, <b@y.org", [(nil, "a@x.org"), (nil, "b@y.org")]),
        AddressFixture("Alice <a@x.org, b@y.org", [("Alice", "a@x.org"), (nil, "b@y.org")]),
        AddressFixture("a@x.org (Alice", [(nil, "a@x.org")]),
        AddressFixture("a@x.org; b@y.org", [(nil, "a@x.org"), (nil, "b@y.org")],
                       "python: only a@x.org; Outlook's separator must not lose b@y.org"),
        AddressFixture("<a@x.org> <b@y.org>", [(nil, "a@x.org"), (nil, "b@y.org")], "python: only the first"),
        AddressFixture("<a@x.org><b@y.org>", [(nil, "a@x.org"), (nil, "b@y.org")], "python: only the first"),
        AddressFixture("Alice <a@x.org> Bob <b@y.org>", [("Alice", "a@x.org"), ("Bob", "b@y.org")],
                       "python: only the first"),
        AddressFixture(#""Alice <a@x.org>, b@y.org"#, [("Alice", "a@x.org"), (nil, "b@y.org")],
                       #"python: one address '"Alice <a@x.org>, b@y.org"'"#),
        AddressFixture("(Alice <a@x.org>, b@y.org", [("Alice", "a@x.org"), (nil, "b@y.org")], "python: nothing"),
        AddressFixture("<>, a@x.org", [(nil, "a@x.org")], "python: '<>' first; an empty address is no mailbox"),
        AddressFixture("MAILER DAEMON <>", [], "python: ('MAILER DAEMON', '<>')"),
        AddressFixture("reimert@.etdesg.trw.com (Scott)", [(nil, "reimert@.etdesg.trw.com")], "python: '<>'"),
        AddressFixture("csyphers@uafhp..uark.edu", [(nil, "csyphers@uafhp..uark.edu")], "python: '<>'"),
        AddressFixture("<a@[1.2.3.4>, b@y.org", [(nil, "a@[1.2.3.4]"), (nil, "b@y.org")], "python: '<>' first"),
        AddressFixture("@x.org, b@y.org", [(nil, "b@y.org")]),
        AddressFixture("a@, b@y.org", [(nil, "a"), (nil, "b@y.org")], "python: raises"),
        AddressFixture("Alice <a@x.org junk>, b@y.org", [("Alice", "a@x.org"), (nil, "b@y.org")]),
    ]

    @Test(arguments: wellFormed + comments + addrSpecs + groups + messy)
    func parsesLikePython(_ fixture: AddressFixture) {
        let (addresses, _) = parse(fixture.raw)
        #expect(addresses == fixture.expected, "\(fixture.note)")
    }

    static let defectFixtures: [(String, String)] = [
        ("alice", "address-without-domain"),
        ("a@x.org; b@y.org", "semicolon-separator"),
        ("<a@x.org> <b@y.org>", "missing-address-separator"),
        (#""Alice <a@x.org>, b@y.org"#, "unterminated-quoted-string"),
        ("(Alice <a@x.org>, b@y.org", "unterminated-comment"),
        ("Alice <a@x.org, b@y.org", "unterminated-angle-address"),
        ("a@[1.2.3.4", "unterminated-domain-literal"),
        ("<>", "empty-address"),
        ("eve@example.com <frank@example.com>", "junk-after-address"),
        ("@x.org", "address-without-local-part"),
    ]

    @Test(arguments: defectFixtures)
    func reportsDefects(_ raw: String, _ code: String) {
        let (_, defects) = parse(Array(raw.utf8))
        #expect(defects.contains { $0.code == code }, "\(defects)")
    }

    @Test(arguments: ["Alice <alice@example.org>", "a@x.org, b@y.org", "Team: a@x.org;", #""A" <a@x>"#])
    func wellFormedInputHasNoDefects(_ raw: String) {
        let (_, defects) = parse(Array(raw.utf8))
        #expect(defects.isEmpty, "\(defects)")
    }

    @Test func parsesASliceInPlace() {
        let header = Array("To: Alice <a@x.org>\r\n".utf8)
        var defects: [MailDefect] = []
        let addresses = AddressParser.parseList(header[4..<19], defects: &defects)
        #expect(addresses == [MailAddress(name: "Alice", address: "a@x.org")])
    }

    @Test func stopsAtTheAddressLimit() {
        let raw = Array(repeating: Array("a@x.org,".utf8), count: 10_500).joined()
        let (addresses, defects) = parse(Array(raw))
        #expect(addresses.count == AddressParser.maximumAddressCount)
        #expect(defects.contains { $0.code == "too-many-addresses" })
    }

    @Test func keepsBothSidesOfNULAndControlBytes() {
        let (addresses, _) = parse([0x61, 0x40, 0x78, 0x00, 0x2C, 0x01, 0x62, 0x40, 0x79])
        #expect(addresses.map(\.address) == ["a@x", "b@y"])
    }

    /// A quarter megabyte of one hostile pattern each: enough that quadratic recovery would run
    /// for hours, small enough for a debug build to finish in a moment.
    static let hostile: [HostileHeaderValue] = [
        HostileHeaderValue("open parens", repeating: "("),
        HostileHeaderValue("escaped parens", repeating: #"\("#),
        HostileHeaderValue("quotes with escapes", repeating: #""\"#),
        HostileHeaderValue("lone quote then text", prefix: #"""#, repeating: "a"),
        HostileHeaderValue("open angles", repeating: "<"),
        HostileHeaderValue("open brackets", repeating: "["),
        HostileHeaderValue("at signs", repeating: "@"),
        HostileHeaderValue("colons", repeating: ":"),
        HostileHeaderValue("encoded-word starts", repeating: "=?a?q?"),
        HostileHeaderValue("one long atom", repeating: "a"),
        HostileHeaderValue("route without end", prefix: "<", repeating: "@a,"),
        HostileHeaderValue("names without addresses", repeating: "Alice Smith, "),
    ]

    @Test(arguments: hostile)
    func survivesHostileInput(_ input: HostileHeaderValue) {
        let clock = ContinuousClock()
        let elapsed = clock.measure { _ = parse(input.bytes) }
        #expect(elapsed < .seconds(20), "\(input.name) took \(elapsed)")
    }

    @Test func survivesRandomGarbage() {
        var generator = ComposeTestSupport.SeededRandom(state: 0x5EED)
        let alphabet = Array(#"()<>[]:;@\,." abc=?é"#.utf8) + [0x00, 0x0A, 0x0D, 0xFF]
        for _ in 0..<2_000 {
            let length = Int(generator.next() % 120)
            let raw = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            let (addresses, _) = parse(raw)
            #expect(addresses.count <= raw.count)
        }
    }

    /// Every From of a year of a real list yields exactly one address with a domain.
    @Test func parsesEveryFromOfARealArchive() {
        guard let values = ListArchive.headerValues(named: "From") else { return }
        let failures = values.filter { value in
            let (addresses, _) = parse(Array(value))
            return addresses.count != 1 || !(addresses.first?.address.contains("@") ?? false)
        }
        #expect(values.count > 2_500)
        #expect(failures.isEmpty, "\(failures.prefix(10).map { String(decoding: $0, as: UTF8.self) })")
    }

    @Test func truncationsOfAValidListNeverCrash() {
        let full = Array(#"A Group:"Smith, J" <@r:j@x.org> (c), b@[1.2.3.4];, =?utf-8?q?x?= <c@z>"#.utf8)
        for end in 0...full.count {
            _ = parse(Array(full[..<end]))
        }
    }
}

/// Header values from a year of a real list's archive, read from the shared corpora when present.
enum ListArchive {
    static let path = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        .appendingPathComponent("../../../shared/corpora/lists/linux-mips-2004.mbox").standardized.path

    /// The unfolded values of every header `name` in the archive's messages; nil (after saying so)
    /// when the corpus is absent.
    /// Read once for all the tests that use it.
    private static let archive: [UInt8]? = FileManager.default.contents(atPath: path).map { [UInt8]($0) }

    static func headerValues(named name: String, function: String = #function) -> [ArraySlice<UInt8>]? {
        guard let bytes = archive else {
            print("SKIPPED \(function): corpus absent at \(path)")
            return nil
        }
        let prefix = Array((name + ":").utf8).map { $0 | 0x20 }
        var values: [ArraySlice<UInt8>] = []
        var lineStart = 0
        var inHeader = false
        while lineStart < bytes.count {
            let lineEnd = bytes[lineStart...].firstIndex(of: 0x0A) ?? bytes.count
            var line = bytes[lineStart..<lineEnd]
            if line.last == 0x0D { line = line.dropLast() }
            if line.starts(with: Array("From ".utf8)) {
                inHeader = true
            } else if line.isEmpty {
                inHeader = false
            } else if inHeader, line.count >= prefix.count, zip(line, prefix).allSatisfy({ $0 | 0x20 == $1 }) {
                // Unfold: continuation lines join with their leading whitespace kept.
                var value = Array(line.dropFirst(prefix.count))
                var next = lineEnd + 1
                while next < bytes.count, bytes[next] == 0x20 || bytes[next] == 0x09 {
                    let end = bytes[next...].firstIndex(of: 0x0A) ?? bytes.count
                    value += bytes[next..<end].filter { $0 != 0x0D }
                    next = end + 1
                }
                values.append(value[...])
            }
            lineStart = lineEnd + 1
        }
        return values
    }
}

/// Display names that need `EncodedWords.decode`. Until the real decoder is integrated these run
/// against a stub that returns raw bytes as UTF-8, so they are expected to fail before integration;
/// after it they must all pass. Expectations are Python's `email.policy.default` results.
@Suite struct AddressParserEncodedWordTests {
    static let fixtures: [AddressFixture] = [
        AddressFixture("=?utf-8?q?J=C3=B6rg?= <j@x.org>", [("Jörg", "j@x.org")]),
        AddressFixture("=?ISO-8859-1?Q?St=E9phane?= <stf@c-gix.com>", [("Stéphane", "stf@c-gix.com")]),
        AddressFixture("=?iso-8859-1?q?karthikeyan=20natarajan?= <k@yahoo.com>", [("karthikeyan natarajan", "k@yahoo.com")]),
        AddressFixture("=?iso-8859-1?Q?J=F6?= Fahlke <jorrit@jorrit.de>", [("Jö Fahlke", "jorrit@jorrit.de")]),
        AddressFixture("=?utf-8?q?J=C3=B6rg?= =?utf-8?q?_M?= <j@x.org>", [("Jörg M", "j@x.org")],
                       "adjacent encoded words join; python: 'Jörg  M' (whitespace-folded equal)"),
        AddressFixture(#""=?utf-8?q?J=C3=B6rg?=" <j@x.org>"#, [("Jörg", "j@x.org")], "python decodes inside quotes"),
        AddressFixture(#"=?ISO-8859-1?Q?"J=F8rg"?= Ulrich Hansen <jh@hansen-telecom.dk>"#,
                       [(#""Jørg" Ulrich Hansen"#, "jh@hansen-telecom.dk")], "specials inside an encoded word"),
        AddressFixture("simple@example.net, =?UTF-8?Q?John_=22Johnny=22_Doe?= <john.doe@example.com>",
                       [(nil, "simple@example.net"), (#"John "Johnny" Doe"#, "john.doe@example.com")]),
        AddressFixture(bytes: Array(#""J"#.utf8) + [0xFC] + Array(#"rgen" <j@x.org>"#.utf8), [("J\u{FFFD}rgen", "j@x.org")],
                       "raw bytes that are not UTF-8 become U+FFFD (RFC 6532); python: surrogate escapes"),
        AddressFixture(bytes: Array("Heinz M".utf8) + [0xFC] + Array("ller <m@x.org>".utf8), [("Heinz M\u{FFFD}ller", "m@x.org")],
                       "raw bytes that are not UTF-8 become U+FFFD (RFC 6532); python: surrogate escapes"),
    ]

    @Test(arguments: fixtures)
    func decodesDisplayNames(_ fixture: AddressFixture) {
        let (addresses, _) = parse(fixture.raw)
        #expect(addresses == fixture.expected, "\(fixture.note)")
    }
}

/// A long header value made of one pattern, named for test output (printing a quarter megabyte of
/// bytes as the test's argument would dwarf the test itself).
struct HostileHeaderValue: CustomTestStringConvertible, Sendable {
    static let size = 1 << 18

    let name: String
    let bytes: [UInt8]

    init(_ name: String, prefix: String = "", repeating unit: String) {
        self.name = name
        var bytes = Array(prefix.utf8)
        let unitBytes = Array(unit.utf8)
        bytes.reserveCapacity(Self.size + unitBytes.count)
        while bytes.count < Self.size { bytes += unitBytes }
        self.bytes = bytes
    }

    init(_ name: String, bytes: [UInt8]) {
        self.name = name
        self.bytes = bytes
    }

    var testDescription: String { name }
}
