import Foundation
import PraxisDelivery
import PraxisTestSupport
import Testing

func testMessage(_ index: Int, to recipient: String = "member@example.org") -> [UInt8] {
    Array("""
        From: Alice <alice@example.org>\r
        To: \(recipient)\r
        Subject: Test message \(index)\r
        Message-ID: <test-\(index)@example.org>\r
        \r
        Body of message \(index).\r
        .a line starting with a dot\r

        """.utf8)
}

func envelope(_ index: Int, to recipients: [String] = ["member@example.org"]) -> OutgoingEnvelope {
    OutgoingEnvelope(sender: "list-bounces+member=example.org@lists.example.org", recipients: recipients,
                     message: testMessage(index, to: recipients.joined(separator: ", ")))
}

/// `SMTPTransport` against real servers started here: Postfix's smtp-sink and aiosmtpd.
@Suite("SMTP transport", .serialized)
struct SMTPTransportTests {
    func transport(port: Int, _ change: (inout SMTPTransport.Settings) -> Void = { _ in }) throws -> SMTPTransport {
        var settings = SMTPTransport.Settings(url: "smtp://127.0.0.1:\(port)", starttls: .off, connectTimeout: 5,
                                              timeout: 10, connections: 2, heloDomain: "lists.example.org")
        change(&settings)
        return try SMTPTransport(settings: settings)
    }

    /// With PIPELINING (MAIL, RCPT and DATA in one write) and without (`-p`: one at a time).
    @Test(arguments: [true, false])
    func smtpSinkAcceptsEveryMessage(pipelining: Bool) async throws {
        let folder = try TemporaryFolder()
        // smtp-sink writes its dumps as nobody when the tests run as root.
        try FileManager.default.createDirectory(atPath: folder.file("dump"), withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o777])
        guard let sink = try ServerProcess.smtpSink((pipelining ? [] : ["-p"]) + ["-d", folder.path + "/dump/%M."], in: folder)
        else { return }
        let transport = try transport(port: sink.port)
        let results = await transport.deliver((0..<200).map { envelope($0) })
        await transport.shutdown()
        #expect(results.count == 200)
        #expect(results.allSatisfy { $0.status == .accepted }, "\(results.first { $0.status != .accepted }?.detail ?? "")")
        #expect(results.first?.reply?.code == 250)
        let dumped = (try? FileManager.default.contentsOfDirectory(atPath: folder.path + "/dump")) ?? []
        #expect(dumped.count == 200)
        // smtp-sink undoes the dot-stuffing in its dumps: the line arrives as it was written.
        for name in dumped.prefix(5) {
            let text = (try? String(contentsOfFile: folder.path + "/dump/" + name, encoding: .utf8)) ?? ""
            #expect(text.contains("\n.a line starting with a dot\n"), "\(text)")
            #expect(text.contains("Body of message"))
        }
    }

    @Test(arguments: [
        (["-r", "RCPT"], DeliveryStatus.transient, 450, SMTPStage.recipient),
        (["-f", "RCPT"], DeliveryStatus.permanent, 500, SMTPStage.recipient),
        (["-f", "MAIL"], DeliveryStatus.permanent, 500, SMTPStage.mailFrom),
        (["-r", "."], DeliveryStatus.transient, 450, SMTPStage.data),
        (["-f", "."], DeliveryStatus.permanent, 500, SMTPStage.data),
        (["-f", "DATA"], DeliveryStatus.permanent, 500, SMTPStage.data),
    ])
    func smtpSinkInjectedFailuresAreClassed(options: [String], status: DeliveryStatus, code: Int, stage: SMTPStage) async throws {
        // Pipelined and one command at a time (`-p`): the replies are matched to commands alike.
        for pipelining in [true, false] {
            try await injectedFailuresAreClassed(options + (pipelining ? [] : ["-p"]), status: status, code: code, stage: stage)
        }
    }

    func injectedFailuresAreClassed(_ options: [String], status: DeliveryStatus, code: Int, stage: SMTPStage) async throws {
        let folder = try TemporaryFolder()
        guard let sink = try ServerProcess.smtpSink(options, in: folder) else { return }
        let transport = try transport(port: sink.port)
        let results = await transport.deliver([envelope(1), envelope(2, to: ["a@example.org", "b@example.org"])])
        await transport.shutdown()
        for result in results {
            #expect(result.status == status, "\(options): \(result.detail)")
            #expect(result.reply?.code == code, "\(options): \(result.detail)")
            #expect(result.recipients.allSatisfy { $0.stage == stage && $0.status == status }, "\(options): \(result.recipients)")
            #expect(!result.detail.isEmpty)
        }
    }

    @Test func serverDownIsTransient() async throws {
        let port = try freePort()
        let transport = try transport(port: port)
        let results = await transport.deliver([envelope(1)])
        await transport.shutdown()
        #expect(results.first?.status == .transient)
        #expect(results.first?.reply == nil)
        #expect(results.first?.recipients.first?.stage == .connection)
    }

    @Test func oneRefusedRecipientDoesNotStopTheOthers() async throws {
        let folder = try TemporaryFolder()
        let spool = folder.file("spool")
        guard let server = try ServerProcess.aiosmtpd(["--refuse", "gone@example.org"], spool: spool, in: folder) else { return }
        let transport = try transport(port: server.port)
        let results = await transport.deliver([envelope(1, to: ["a@example.org", "gone@example.org", "b@example.org"])])
        await transport.shutdown()
        let result = try #require(results.first)
        #expect(result.status == .accepted)
        #expect(result.recipients.map(\.status) == [.accepted, .permanent, .accepted])
        #expect(result.recipients[1].reply?.code == 550)
        #expect(result.recipients[1].reply?.text.contains("no such user") == true)
        #expect(result.recipients[1].stage == .recipient)
        let received = SpooledMessage.all(in: spool)
        #expect(received.count == 1)
        #expect(received.first?.to == ["a@example.org", "b@example.org"])
        // Dot-stuffing and CRLF are libcurl's and ours: the server sees the line as it was.
        #expect(received.first?.data.contains("\r\n.a line starting with a dot\r\n") == true)
    }

    /// RFC 1870: MAIL FROM declares the size of what follows, with CRLF line ends; a server that
    /// takes nothing that large refuses it there, and the refusal is permanent, reported at MAIL.
    @Test func theSizeIsDeclaredAndAnOversizedMessageIsRefusedAtMailFrom() async throws {
        let folder = try TemporaryFolder()
        let spool = folder.file("spool")
        guard let server = try ServerProcess.aiosmtpd(["--size-limit", "2000"], spool: spool, in: folder) else { return }
        let transport = try transport(port: server.port)
        let large = OutgoingEnvelope(
            sender: "list-bounces@lists.example.org", recipients: ["member@example.org"],
            message: Array("Subject: large\n\n".utf8) + Array(repeating: UInt8(ascii: "x"), count: 3_000) + [10])
        let results = await transport.deliver([envelope(1), large, envelope(2)])
        await transport.shutdown()
        #expect(results.map(\.status) == [.accepted, .permanent, .accepted])
        #expect(results[1].reply?.code == 552, "\(results[1].detail)")
        #expect(results[1].recipients.first?.stage == .mailFrom)
        let received = SpooledMessage.all(in: spool)
        #expect(received.count == 2)
        #expect(received.first?.mailOptions == ["SIZE=\(testMessage(1).count)"])
    }

    @Test func everyRecipientRefusedIsPermanentPerRecipient() async throws {
        let folder = try TemporaryFolder()
        let spool = folder.file("spool")
        guard let server = try ServerProcess.aiosmtpd(
            ["--refuse", "x@example.org", "--refuse", "y@example.org"], spool: spool, in: folder) else { return }
        let transport = try transport(port: server.port)
        let results = await transport.deliver([envelope(1, to: ["x@example.org", "y@example.org"]), envelope(2)])
        await transport.shutdown()
        #expect(results[0].status == .permanent)
        #expect(results[0].recipients.map { $0.reply?.code } == [550, 550])
        #expect(results[0].recipients.allSatisfy { $0.stage == .recipient })
        // The session goes on after a refused transaction.
        #expect(results[1].status == .accepted)
    }

    @Test func temporaryFailureThenAcceptance() async throws {
        let folder = try TemporaryFolder()
        let spool = folder.file("spool")
        guard let server = try ServerProcess.aiosmtpd(["--tempfail-first", "1"], spool: spool, in: folder) else { return }
        let transport = try transport(port: server.port) { $0.connections = 1 }
        let first = await transport.deliver([envelope(1)])
        let second = await transport.deliver([envelope(1)])
        await transport.shutdown()
        #expect(first.first?.status == .transient)
        #expect(first.first?.reply?.code == 451)
        #expect(first.first?.recipients.first?.stage == .data)
        #expect(second.first?.status == .accepted)
        #expect(SpooledMessage.all(in: spool).count == 1)
    }

    @Test func serverVanishingMidSessionIsTransientAndTheNextMessageGoesThrough() async throws {
        let folder = try TemporaryFolder()
        let spool = folder.file("spool")
        guard let server = try ServerProcess.aiosmtpd(["--vanish-first", "1"], spool: spool, in: folder) else { return }
        let transport = try transport(port: server.port) { $0.connections = 1 }
        let first = await transport.deliver([envelope(1)])
        let second = await transport.deliver([envelope(2), envelope(3)])
        await transport.shutdown()
        #expect(first.first?.status == .transient, "\(first)")
        #expect(first.first?.detail.isEmpty == false)
        #expect(second.map(\.status) == [.accepted, .accepted], "\(second.map(\.detail))")
        #expect(SpooledMessage.all(in: spool).count == 2)
    }

    @Test func starttlsWithAuthAndAVerifiedCertificate() async throws {
        let folder = try TemporaryFolder()
        let spool = folder.file("spool")
        guard let (certificate, key) = try makeCertificate(in: folder),
              let server = try ServerProcess.aiosmtpd(
                ["--cert", certificate, "--key", key, "--auth", "praxis:s3cret pass"], spool: spool, in: folder)
        else { return }
        try Data("s3cret pass\n".utf8).write(to: URL(fileURLWithPath: folder.file("password")))
        let transport = try transport(port: server.port) {
            $0.starttls = .required
            $0.caFile = certificate
            $0.username = "praxis"
            $0.passwordFile = folder.file("password")
        }
        let results = await transport.deliver((0..<5).map { envelope($0) })
        await transport.shutdown()
        #expect(results.allSatisfy { $0.status == .accepted }, "\(results.map(\.detail))")
        let received = SpooledMessage.all(in: spool)
        #expect(received.count == 5)
        #expect(received.allSatisfy { $0.tls && $0.auth == "praxis" })
    }

    @Test func wrongPasswordAndUntrustedCertificateAreTransient() async throws {
        let folder = try TemporaryFolder()
        let spool = folder.file("spool")
        guard let (certificate, key) = try makeCertificate(in: folder),
              let server = try ServerProcess.aiosmtpd(
                ["--cert", certificate, "--key", key, "--auth", "praxis:right"], spool: spool, in: folder)
        else { return }
        try Data("wrong".utf8).write(to: URL(fileURLWithPath: folder.file("password")))
        let wrongPassword = try transport(port: server.port) {
            $0.starttls = .required
            $0.caFile = certificate
            $0.username = "praxis"
            $0.passwordFile = folder.file("password")
        }
        let refused = await wrongPassword.deliver([envelope(1)])
        await wrongPassword.shutdown()
        #expect(refused.first?.status == .transient)
        #expect(refused.first?.recipients.first?.stage == .connection)
        #expect(refused.first?.detail.contains("wrong") == false, "the password never appears")
        let untrusted = try transport(port: server.port) { $0.starttls = .required }
        let unverified = await untrusted.deliver([envelope(2)])
        await untrusted.shutdown()
        #expect(unverified.first?.status == .transient)
        #expect(SpooledMessage.all(in: spool).isEmpty)
    }

    @Test func starttlsRequiredButNotOfferedSendsNothing() async throws {
        let folder = try TemporaryFolder()
        let spool = folder.file("spool")
        guard let server = try ServerProcess.aiosmtpd([], spool: spool, in: folder) else { return }
        let required = try transport(port: server.port) { $0.starttls = .required }
        let results = await required.deliver([envelope(1)])
        await required.shutdown()
        #expect(results.first?.status == .transient)
        let optional = try transport(port: server.port) { $0.starttls = .ifOffered }
        let sent = await optional.deliver([envelope(2)])
        await optional.shutdown()
        #expect(sent.first?.status == .accepted)
        #expect(SpooledMessage.all(in: spool).count == 1)
    }

    @Test func missingPasswordFileIsAClearError() throws {
        #expect(throws: DeliveryError.self) {
            _ = try SMTPTransport(settings: SMTPTransport.Settings(
                url: "smtp://127.0.0.1:25", username: "praxis", passwordFile: "/nonexistent/smtp-password"))
        }
    }

    @Test func maildirTransportWritesIntoNew() async throws {
        let folder = try TemporaryFolder()
        let transport = try MaildirTransport(path: folder.file("outgoing"))
        let results = await transport.deliver([envelope(1, to: ["a@example.org", "b@example.org"]), envelope(2)])
        #expect(results.map(\.status) == [.accepted, .accepted])
        let names = try FileManager.default.contentsOfDirectory(atPath: folder.file("outgoing/new")).sorted()
        #expect(names.count == 2)
        #expect(try FileManager.default.contentsOfDirectory(atPath: folder.file("outgoing/tmp")).isEmpty)
        let texts = try names.map { try String(contentsOfFile: folder.file("outgoing/new/" + $0), encoding: .utf8) }
        let first = try #require(texts.first { $0.contains("Test message 1") })
        #expect(first.hasPrefix("Return-Path: <list-bounces+member=example.org@lists.example.org>\nX-Original-To: a@example.org\nX-Original-To: b@example.org\n"))
    }
}
