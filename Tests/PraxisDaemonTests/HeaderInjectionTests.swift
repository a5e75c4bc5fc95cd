import Foundation
import GRDB
import PraxisMail
import PraxisStore
import PraxisSystem
import Testing

/// Issue 16, finding 3: a member's post whose Subject hides bare CRs, bare LFs, CR NUL and
/// mixtures of them (`Subject: x\rReply-To: attacker@evil.example\r…`) must not give any message
/// Praxis sends a field of its own. Everything goes through the real `praxis` binary: the posts
/// are delivered into a real maildir, `praxis ingest --once` reads them, `praxis digest send`
/// composes the digests, `praxis outbox flush` writes every message into a local maildir
/// (`maildir:` transport), and each file there is read back by a strict reader written for this
/// test, which knows only CRLF as a line end, so that nothing Praxis' own parser forgives is
/// forgiven here.
@Suite("Header injection through the binary")
struct HeaderInjectionTests {
    static let configuration = """
        community:
          name: Test CoP
          list_address: list@example.org
        paths:
          maildir: Maildir
          database: praxis.sqlite
        smtp: {url: "maildir:outgoing"}
        circles:
          core: [mod@example.org]
        delivery: {inner: immediate, outer: digest}
        digests:
          - {name: weekly, schedule: "weekly mon 07:00", audience: subscribers}
        list:
          subject_prefix: "[CoP]"
        """

    static let members = """
        address,name,role,delivery
        alice@example.org,Alice,inner,immediate
        mod@example.org,Mod,core,immediate
        bob@example.org,Bob,inner,immediate
        text@example.org,,outer,digest
        html@example.org,,outer,digest
        mime@example.org,,outer,digest
        rfc1153@example.org,,outer,digest

        """

    /// The beginnings of lines that would be fields the sender smuggled in. The values are unlike
    /// anything Praxis writes, so a line starting with one is the attack succeeding, at any level
    /// of the message (the top header, or a message embedded in a MIME digest).
    static let smuggled = [
        "reply-to: attacker@evil.example", "sender: ceo@victim.example", "bcc:",
        "content-type: text/html; x-injected", "x-injected:",
    ]

    /// Subjects as raw bytes, each with the line end convention of the file it goes into. The
    /// bare CR (and CR NUL) variants also come in LF-only files, which is how Postfix writes a
    /// maildir; bare LF can only be told from a line end in a CRLF file.
    static let variants: [(name: String, subject: [UInt8], crlf: Bool)] = [
        ("bare-cr-crlf", bytes("cr\rReply-To: attacker@evil.example\rContent-Type: text/html; x-injected=1\rSender: ceo@victim.example"), true),
        ("bare-cr-lf", bytes("cr\rReply-To: attacker@evil.example\rContent-Type: text/html; x-injected=1\rSender: ceo@victim.example"), false),
        ("bare-lf-crlf", bytes("lf\nBcc: spy@evil.example\nReply-To: attacker@evil.example\nX-Injected: 1"), true),
        ("cr-nul-lf", bytes("crnul\r\0Sender: ceo@victim.example\r\0Bcc: spy@evil.example"), false),
        ("cr-nul-crlf", bytes("crnul\r\0Sender: ceo@victim.example\r\0Bcc: spy@evil.example"), true),
        ("mixed-crlf", bytes("mix\n\rBcc: spy@evil.example\r\rSender: ceo@victim.example\r\0\nReply-To: attacker@evil.example\n\nX-Injected: 1"), true),
        ("mixed-lf", bytes("mix\r\r\0Bcc: spy@evil.example\r \rSender: ceo@victim.example"), false),
        ("encoded-word", bytes("=?utf-8?q?ew=0D=0ABcc:_spy@evil.example=0D=0AX-Injected:_1?="), true),
        ("long-token", bytes("long " + String(repeating: "a", count: 3_000)), true),
        ("long-words", bytes("words " + String(repeating: "abcdefgh ", count: 400)), false),
    ]

    static func bytes(_ text: String) -> [UInt8] { Array(text.utf8) }

    /// 1,900 characters without white space: a line no MTA has to accept (RFC 5322 §2.1.1).
    static let longBodyLine = String(repeating: "0123456789", count: 190)

    /// A post by alice whose Subject is `subject`; it also carries an over-long unstructured field
    /// with no white space in it, one with words, and an over-long body line.
    static func post(id: String, from: String = "alice@example.org", to: String = "list@example.org",
                     subject: [UInt8], crlf: Bool, day: Int) -> [UInt8] {
        let end: [UInt8] = crlf ? [13, 10] : [10]
        var out: [UInt8] = []
        func line(_ text: String) { out += Array(text.utf8) + end }
        line("From: Alice <\(from)>")
        line("To: \(to)")
        out += Array("Subject: ".utf8) + subject + end
        line("Date: Mon, \(day) Dec 2026 10:00:00 +0000")
        line("Message-ID: <\(id)>")
        line("MIME-Version: 1.0")
        line("Content-Type: text/plain; charset=utf-8")
        line("X-Token: " + String(repeating: "t", count: 1_500))
        line("X-Words: " + String(repeating: "word ", count: 300))
        line("")
        line("Hello all, this is post \(id).")
        line(longBodyLine)
        line("Bye.")
        return out
    }

    /// The header field names of a message, as a strict reader sees them; records an issue for
    /// every line end that is not CRLF, every NUL, every line over 998 octets, and every line of
    /// a header section that starts like a smuggled field: the message's own, or that of a
    /// message embedded in it (the block after the header of a part that says message/rfc822).
    /// Body text may quote the subject anywhere, so a body line starting so is no finding.
    static func strictFieldNames(_ bytes: [UInt8], _ label: String) -> [String] {
        var names: [String] = []
        var inHeader = true
        var inEmbeddedHeader = false
        var embeddedMessageFollows = false
        var lineStart = 0
        var index = 0
        var problems: [String] = []
        while index < bytes.count {
            let byte = bytes[index]
            if byte == 0 { problems.append("NUL at \(index)") }
            if byte == 13 && (index + 1 >= bytes.count || bytes[index + 1] != 10) { problems.append("bare CR at \(index)") }
            if byte == 10 && (index == 0 || bytes[index - 1] != 13) { problems.append("bare LF at \(index)") }
            if byte == 10 || index == bytes.count - 1 {
                let end = byte == 10 ? index - 1 : index + 1
                let line = Array(bytes[lineStart..<max(lineStart, end)])
                if line.count > 998 { problems.append("a line of \(line.count) octets at \(lineStart)") }
                let lowered = String(decoding: line, as: UTF8.self).lowercased()
                if inHeader || inEmbeddedHeader {
                    for prefix in smuggled where lowered.hasPrefix(prefix) { problems.append("a smuggled field: \(lowered.prefix(80))") }
                }
                if lowered.hasPrefix("content-type: message/rfc822") {
                    embeddedMessageFollows = true
                } else if line.isEmpty && !inHeader {
                    // The blank line after a message/rfc822 part's header starts the embedded
                    // message's header; the next blank line ends it.
                    inEmbeddedHeader = embeddedMessageFollows
                    embeddedMessageFollows = false
                }
                if inHeader {
                    if line.isEmpty {
                        inHeader = false
                    } else if line[0] != 32 && line[0] != 9 {
                        if let colon = line.firstIndex(of: UInt8(ascii: ":")) {
                            names.append(String(decoding: line[..<colon], as: UTF8.self).lowercased())
                        } else {
                            problems.append("a header line that is no field: \(lowered.prefix(80))")
                        }
                    }
                }
                lineStart = index + 1
            }
            index += 1
        }
        for problem in problems.prefix(5) { Issue.record("\(label): \(problem)") }
        return names
    }

    /// The `maildir:` transport writes the envelope in front, as Postfix's local delivery does
    /// (`Return-Path:` and `X-Original-To:` lines ending in LF); on the wire it is no part of the
    /// message, so it is taken off before the message is read.
    static func withoutTransportEnvelope(_ bytes: [UInt8]) -> (recipients: [String], message: [UInt8]) {
        var rest = bytes[...]
        var recipients: [String] = []
        while rest.starts(with: Array("Return-Path: ".utf8)) || rest.starts(with: Array("X-Original-To: ".utf8)),
              let end = rest.firstIndex(of: 10) {
            let line = String(decoding: rest[..<end], as: UTF8.self)
            if line.hasPrefix("X-Original-To: ") { recipients.append(String(line.dropFirst(15))) }
            rest = rest[(end + 1)...]
        }
        return (recipients, Array(rest))
    }

    func praxis(_ fixture: CommunityFixture, _ arguments: [String]) throws -> (status: Int32, out: String, err: String) {
        guard let (status, out, err) = try PraxisChild.run(arguments + ["--config", fixture.configPath], in: fixture.url) else {
            return (-1, "", "the praxis binary is missing")
        }
        return (status, out, err)
    }

    @Test func smuggledFieldsNeverBecomeFieldsOfOurs() throws {
        let fixture = try CommunityFixture()
        try fixture.writeConfiguration(Self.configuration)
        let csv = fixture.url.appendingPathComponent("members.csv")
        try Data(Self.members.utf8).write(to: csv)
        var run = try praxis(fixture, ["members", "import", csv.path])
        try #require(run.status == 0, "\(run.err)")
        // `members import` takes no digest format (DESIGN.md §4 names the column; the command
        // does not know it yet), so each digest reader gets the format their address names.
        try fixture.database().write("digest formats") { db in
            try db.execute(sql: "UPDATE members SET digest_format = substr(address, 1, instr(address, '@') - 1) WHERE delivery = 'digest'")
        }

        // A control post whose Subject is innocent: its copy has exactly the fields we intend.
        var posts: [(name: String, bytes: [UInt8])] = [
            ("control", Self.post(id: "control@example.org", subject: Self.bytes("control"), crlf: true, day: 1)),
        ]
        for (index, variant) in Self.variants.enumerated() {
            posts.append((variant.name, Self.post(id: "\(variant.name)@example.org", subject: variant.subject, crlf: variant.crlf, day: 1 + index % 5)))
        }
        // The same from a stranger (held: a notice quotes the subject to the moderator) and as a
        // command to the request address (the reply quotes it).
        posts.append(("held", Self.post(id: "held@example.org", from: "stranger@elsewhere.example", subject: Self.variants[0].subject, crlf: true, day: 2)))
        posts.append(("command", Self.post(id: "command@example.org", subject: Self.bytes("help\rBcc: spy@evil.example"), crlf: false, day: 2)
            .replacingTo("list-request@example.org")))
        for (index, post) in posts.enumerated() {
            try fixture.deliver(post.bytes, as: CommunityFixture.uniqueName(index))
        }
        run = try praxis(fixture, ["ingest", "--once"])
        try #require(run.status == 0, "\(run.err)")
        run = try praxis(fixture, ["digest", "send", "--schedule", "weekly", "--now", "--json"])
        #expect(run.status == 0, "\(run.err)")
        run = try praxis(fixture, ["outbox", "flush", "--json"])
        #expect(run.status == 0, "\(run.err)")

        let outgoing = fixture.url.appendingPathComponent("outgoing/new").path
        let files = fixture.files(in: outgoing)
        var copies: [String: [UInt8]] = [:]
        var others: [(label: String, bytes: [UInt8])] = []
        for file in files {
            let stored = try [UInt8](Data(contentsOf: URL(fileURLWithPath: outgoing + "/" + file)))
            let (recipients, bytes) = Self.withoutTransportEnvelope(stored)
            let message = MailMessage(bytes)
            if let id = message.messageID, message.header("list-id") != nil, message.to.first?.address == "list@example.org" {
                copies[id] = bytes
            } else {
                others.append(("\(message.subject?.prefix(40) ?? "?") → \(recipients)", bytes))
            }
        }
        let control = try #require(copies["control@example.org"], "no copy of the control post among \(files.count) files")
        let intended = Self.strictFieldNames(control, "control").sorted()
        #expect(intended.contains("list-id"))
        #expect(!intended.contains("sender") && !intended.contains("bcc"))
        for variant in Self.variants {
            guard let copy = copies["\(variant.name)@example.org"] else {
                Issue.record("no list copy of the \(variant.name) post")
                continue
            }
            #expect(Self.strictFieldNames(copy, variant.name).sorted() == intended, "\(variant.name)")
            let parsed = MailMessage(copy)
            #expect(parsed.headers("content-type").count == 1, "\(variant.name)")
            #expect(parsed.text.contains(Self.longBodyLine), "\(variant.name): the long body line is not intact")
            #expect(parsed.header("x-token") == String(repeating: "t", count: 1_500), "\(variant.name)")
        }
        // Digests in all four formats, the held notice and the command reply.
        #expect(others.count >= 6, "\(others.map(\.label))")
        for other in others {
            let names = Self.strictFieldNames(other.bytes, other.label)
            for name in ["from", "to", "subject", "date", "message-id", "mime-version", "content-type"] {
                #expect(names.filter { $0 == name }.count == 1, "\(other.label): \(name) in \(names)")
            }
            #expect(!names.contains("sender") && !names.contains("bcc") && !names.contains("x-injected"), "\(other.label)")
        }
    }
}

private extension Array where Element == UInt8 {
    /// The message with its To line replaced: the command variant goes to the request address.
    func replacingTo(_ address: String) -> [UInt8] {
        let text = String(decoding: self, as: UTF8.self)
        return Array(text.replacingOccurrences(of: "To: list@example.org", with: "To: \(address)").utf8)
    }
}
