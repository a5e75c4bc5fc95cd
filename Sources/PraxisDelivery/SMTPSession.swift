import CCurl
import Foundation
import PraxisSystem

/// The replies libcurl reads while it sets up a connection (greeting, EHLO, STARTTLS, AUTH),
/// reached from its header callback through an unretained pointer, only from the session's thread.
final class ConnectionReplies {
    var reader = SMTPReplyReader()
    var replies: [SMTPReply] = []

    func reset() {
        reader.reset()
        replies.removeAll(keepingCapacity: true)
    }

    /// The extensions of the last EHLO reply, upper-cased (`PIPELINING`, `SMTPUTF8`, …).
    var extensions: Set<Substring> {
        guard let ehlo = replies.last(where: { $0.code == 250 }) else { return [] }
        return Set(ehlo.text.uppercased().split(separator: " "))
    }
}

/// One SMTP session: a libcurl easy handle kept across messages, so that its connection (and TLS
/// and AUTH) is reused. Blocking: used only by its own thread in `SMTPTransport`'s pool.
///
/// libcurl opens the connection (`CURLOPT_CONNECT_ONLY`: connect, greeting, EHLO, STARTTLS, AUTH,
/// certificate checks, all its own), and the session then speaks the mail transactions over it
/// with `curl_easy_send`/`curl_easy_recv`, which go through libcurl's TLS when there is TLS.
/// Measured why: libcurl's own SMTP transfer waits for each reply before the next command and
/// sends the final `.` in a write of its own, and a C loop of `curl_easy_perform` alone reached
/// only 60–85% of Postfix's `smtp-source` against `smtp-sink`. Here, when the server offers
/// PIPELINING (RFC 2920), MAIL, every RCPT and DATA go out in one write and the message with its
/// final `.` in another: two round trips per message instead of four. Without PIPELINING the
/// commands go one at a time, as libcurl would send them.
final class SMTPSession {
    private let settings: SMTPTransport.Settings
    private let password: String?
    private var handle: UnsafeMutableRawPointer?
    private var socket: curl_socket_t = -1
    private var pipelining = false
    private var smtpUTF8 = false
    /// Whether the server announced SIZE (RFC 1870): then MAIL FROM declares the message's size,
    /// and a server that takes nothing that large refuses it there, before its data is sent.
    private var declaresSize = false
    private let connection = ConnectionReplies()
    private var reader = SMTPReplyReader()
    /// Commands and message bytes of the current write, kept to reuse its memory.
    private var output: [UInt8] = []
    private static let inputSize = 16_384
    private let input = UnsafeMutableRawPointer.allocate(byteCount: SMTPSession.inputSize, alignment: 16)
    private let errorBuffer = UnsafeMutablePointer<CChar>.allocate(capacity: Int(CURL_ERROR_SIZE) + 1)
    /// When the handle last finished a transfer, to close a connection left idle.
    private(set) var lastUsed = ContinuousClock.now

    init(settings: SMTPTransport.Settings, password: String?) {
        self.settings = settings
        self.password = password
        errorBuffer.initialize(repeating: 0, count: Int(CURL_ERROR_SIZE) + 1)
    }

    deinit {
        close()
        errorBuffer.deallocate()
        input.deallocate()
    }

    /// Whether a connection may be open.
    var isOpen: Bool { handle != nil }

    /// Ends the connection (libcurl says QUIT) by dropping the handle; the next message opens anew.
    func close() {
        if let handle { curl_easy_cleanup(handle) }
        handle = nil
        socket = -1
        reader.reset()
    }

    /// Sends one message and says what became of it. Never throws: every failure is a result.
    func send(_ envelope: OutgoingEnvelope) -> DeliveryResult {
        guard !envelope.recipients.isEmpty else {
            return .uniform([], status: .permanent, reply: nil, stage: .recipient, detail: "no recipients")
        }
        // A line break in an address would end the command early and let the rest be read as
        // another command.
        if Self.isUnsafe(envelope.sender) {
            return .uniform(envelope.recipients, status: .permanent, reply: nil, stage: .mailFrom,
                            detail: "the envelope sender contains a line break or NUL")
        }
        if let bad = envelope.recipients.first(where: Self.isUnsafe) {
            return .uniform(envelope.recipients, status: .permanent, reply: nil, stage: .recipient,
                            detail: "the recipient \(bad.debugDescription) contains a line break or NUL")
        }
        let reused = handle != nil
        var transaction = attempt(envelope)
        // A connection kept from an earlier message may have been closed by the server meanwhile
        // (an idle timeout). When not a single reply came, the server saw nothing of this message,
        // so one more try on a fresh connection is safe and spares it a retry much later.
        if reused, transaction.failure != nil, !transaction.heardReply {
            close()
            transaction = attempt(envelope)
        }
        lastUsed = .now
        return transaction.result()
    }

    private static func isUnsafe(_ address: String) -> Bool {
        address.utf8.contains { $0 == 13 || $0 == 10 || $0 == 0 }
    }

    /// A failure of the connection itself: the transaction stops and the connection is closed.
    private struct ConnectionFailure: Error {
        var message: String
        /// A reply that explains it (a refused greeting, EHLO, STARTTLS or AUTH).
        var reply: SMTPReply?
    }

    private func attempt(_ envelope: OutgoingEnvelope) -> SMTPTransaction {
        var transaction = SMTPTransaction(recipients: envelope.recipients)
        let deadline = ContinuousClock.now + .seconds(settings.timeout)
        do {
            try connect()
        } catch {
            // Reported as a whole-message connection failure, with the reply that explains it.
            var failed = SMTPTransaction(recipients: envelope.recipients)
            failed.failure = error.reply.map { "\(error.message) (\($0))" } ?? error.message
            failed.refusal = error.reply
            return failed
        }
        do {
            try converse(envelope, &transaction, deadline: deadline)
        } catch {
            transaction.failure = error.message
            close()
        }
        return transaction
    }

    /// The message's size as it goes out, every line ending CRLF (RFC 1870 §3: the size in octets
    /// with CRLF line ends; the dots added to lines that start with one are left out, as they are
    /// removed on arrival).
    static func transmittedSize(of message: [UInt8]) -> Int {
        var size = message.count
        var previous: UInt8 = 0
        for byte in message {
            if byte == 10 && previous != 13 { size += 1 }
            previous = byte
        }
        return size
    }

    /// MAIL, RCPT, DATA and the message; then RSET when the transaction did not end with the
    /// server's reply to the message, so the next one starts clean.
    private func converse(_ envelope: OutgoingEnvelope, _ transaction: inout SMTPTransaction,
                          deadline: ContinuousClock.Instant) throws(ConnectionFailure) {
        output.removeAll(keepingCapacity: true)
        output.append(contentsOf: "MAIL FROM:<".utf8)
        output.append(contentsOf: envelope.sender.utf8)
        output.append(UInt8(ascii: ">"))
        if declaresSize {
            output.append(contentsOf: " SIZE=\(Self.transmittedSize(of: envelope.message))".utf8)
        }
        if smtpUTF8, envelope.sender.utf8.contains(where: { $0 >= 0x80 })
            || envelope.recipients.contains(where: { $0.utf8.contains { $0 >= 0x80 } }) {
            output.append(contentsOf: " SMTPUTF8".utf8)
        }
        output.append(contentsOf: [13, 10])
        if pipelining {
            for recipient in envelope.recipients { appendRecipient(recipient) }
            output.append(contentsOf: "DATA\r\n".utf8)
            try write(deadline: deadline)
            // The server answers every command of the group, in order, whatever became of MAIL.
            transaction.mail = try readReply(deadline: deadline)
            for _ in envelope.recipients { transaction.rcpt.append(try readReply(deadline: deadline)) }
            transaction.data = try readReply(deadline: deadline)
        } else {
            try write(deadline: deadline)
            let mail = try readReply(deadline: deadline)
            transaction.mail = mail
            if mail.isPositive {
                for recipient in envelope.recipients {
                    output.removeAll(keepingCapacity: true)
                    appendRecipient(recipient)
                    try write(deadline: deadline)
                    transaction.rcpt.append(try readReply(deadline: deadline))
                }
                if transaction.hasAcceptedRecipient {
                    output.removeAll(keepingCapacity: true)
                    output.append(contentsOf: "DATA\r\n".utf8)
                    try write(deadline: deadline)
                    transaction.data = try readReply(deadline: deadline)
                }
            }
        }
        if transaction.data?.code == 354 {
            output.removeAll(keepingCapacity: true)
            if transaction.hasAcceptedRecipient {
                SMTPTransaction.appendData(of: envelope.message, to: &output)
                try write(deadline: deadline)
                transaction.final = try readReply(deadline: deadline)
                return
            }
            // A pipelining server that said 354 although it took no recipient: an empty message
            // ends the DATA it expects, and goes nowhere.
            output.append(contentsOf: ".\r\n".utf8)
            try write(deadline: deadline)
            _ = try readReply(deadline: deadline)
        }
        output.removeAll(keepingCapacity: true)
        output.append(contentsOf: "RSET\r\n".utf8)
        try write(deadline: deadline)
        let reset = try readReply(deadline: deadline)
        if !reset.isPositive { close() }
    }

    private func appendRecipient(_ recipient: String) {
        output.append(contentsOf: "RCPT TO:<".utf8)
        output.append(contentsOf: recipient.utf8)
        output.append(contentsOf: ">\r\n".utf8)
    }

    /// Sends all of `output`, waiting for the socket when it is full.
    private func write(deadline: ContinuousClock.Instant) throws(ConnectionFailure) {
        guard let handle else { throw ConnectionFailure(message: "the connection is closed") }
        var offset = 0
        while offset < output.count {
            var sent = 0
            let code = output.withUnsafeBytes { bytes in
                curl_easy_send(handle, bytes.baseAddress.map { $0 + offset }, bytes.count - offset, &sent)
            }
            switch code {
            case CURLE_OK:
                offset += sent
            case CURLE_AGAIN:
                try wait(for: Int16(POLLOUT), deadline: deadline)
            default:
                throw ConnectionFailure(message: "sending to the SMTP server failed: \(String(cString: curl_easy_strerror(code)))")
            }
        }
    }

    /// The next complete reply, reading from the connection as needed.
    private func readReply(deadline: ContinuousClock.Instant) throws(ConnectionFailure) -> SMTPReply {
        guard let handle else { throw ConnectionFailure(message: "the connection is closed") }
        while true {
            if let reply = reader.next() { return reply }
            var received = 0
            let code = curl_easy_recv(handle, input, Self.inputSize, &received)
            switch code {
            case CURLE_OK:
                guard received > 0 else { throw ConnectionFailure(message: "the SMTP server closed the connection") }
                reader.append(UnsafeRawBufferPointer(start: input, count: received))
            case CURLE_AGAIN:
                // Only once libcurl has nothing left (TLS records it decrypted included) is the
                // socket worth waiting on.
                try wait(for: Int16(POLLIN), deadline: deadline)
            default:
                throw ConnectionFailure(message: "receiving from the SMTP server failed: \(String(cString: curl_easy_strerror(code)))")
            }
        }
    }

    private func wait(for events: Int16, deadline: ContinuousClock.Instant) throws(ConnectionFailure) {
        while true {
            let left = ContinuousClock.now.duration(to: deadline)
            guard left > .zero else {
                throw ConnectionFailure(message: "the SMTP server did not answer within \(settings.timeout) seconds")
            }
            let (seconds, attoseconds) = left.components
            let milliseconds = Int32(clamping: seconds * 1000 + attoseconds / 1_000_000_000_000_000 + 1)
            var descriptor = pollfd(fd: socket, events: events, revents: 0)
            let ready: Int32
            do {
                ready = try systemCall("poll", "the SMTP connection") { poll(&descriptor, 1, milliseconds) }
            } catch {
                throw ConnectionFailure(message: "waiting for the SMTP server failed: \(String(cString: strerror(error.errno)))")
            }
            if ready > 0 { return }
        }
    }

    /// Opens the connection when none is open: libcurl connects, reads the greeting, says EHLO,
    /// STARTTLS and AUTH as configured, and stops before any mail transaction.
    private func connect() throws(ConnectionFailure) {
        if handle != nil { return }
        guard let created = curl_easy_init() else {
            throw ConnectionFailure(message: "creating a libcurl handle failed")
        }
        func set(_ result: CURLcode, _ name: String) throws(ConnectionFailure) {
            guard result == CURLE_OK else {
                throw ConnectionFailure(message: "setting libcurl's \(name) failed: \(String(cString: curl_easy_strerror(result)))")
            }
        }
        connection.reset()
        errorBuffer[0] = 0
        do {
            try set(praxis_curl_setopt_string(created, CURLOPT_URL, settings.curlURL), "URL")
            try set(praxis_curl_setopt_pointer(created, CURLOPT_ERRORBUFFER, errorBuffer), "error buffer")
            try set(praxis_curl_setopt_long(created, CURLOPT_NOSIGNAL, 1), "NOSIGNAL")
            try set(praxis_curl_setopt_long(created, CURLOPT_CONNECT_ONLY, 1), "CONNECT_ONLY")
            try set(praxis_curl_setopt_long(created, CURLOPT_CONNECTTIMEOUT, settings.connectTimeout), "CONNECTTIMEOUT")
            try set(praxis_curl_setopt_long(created, CURLOPT_TIMEOUT, settings.timeout), "TIMEOUT")
            // Every command is a small write the server waits for: Nagle's delay would stall each.
            try set(praxis_curl_setopt_long(created, CURLOPT_TCP_NODELAY, 1), "TCP_NODELAY")
            // No proxy: the MTA is reached directly, whatever smtp_proxy or all_proxy say.
            try set(praxis_curl_setopt_string(created, CURLOPT_PROXY, ""), "PROXY")
            let useSSL: curl_usessl
            switch settings.starttls {
            case .required: useSSL = CURLUSESSL_ALL
            case .ifOffered: useSSL = CURLUSESSL_TRY
            case .off: useSSL = CURLUSESSL_NONE
            }
            try set(praxis_curl_setopt_long(created, CURLOPT_USE_SSL, Int(useSSL.rawValue)), "USE_SSL")
            try set(praxis_curl_setopt_long(created, CURLOPT_SSL_VERIFYPEER, settings.verify ? 1 : 0), "SSL_VERIFYPEER")
            try set(praxis_curl_setopt_long(created, CURLOPT_SSL_VERIFYHOST, settings.verify ? 2 : 0), "SSL_VERIFYHOST")
            if let caFile = settings.caFile {
                try set(praxis_curl_setopt_string(created, CURLOPT_CAINFO, caFile), "CAINFO")
            }
            if let username = settings.username {
                try set(praxis_curl_setopt_string(created, CURLOPT_USERNAME, username), "USERNAME")
                try set(praxis_curl_setopt_string(created, CURLOPT_PASSWORD, password ?? ""), "PASSWORD")
            }
            let context = Unmanaged.passUnretained(connection).toOpaque()
            try set(praxis_curl_setopt_pointer(created, CURLOPT_HEADERDATA, context), "HEADERDATA")
            try set(praxis_curl_setopt_header_function(created, { buffer, size, count, context in
                guard let buffer, let context else { return size * count }
                let connection = Unmanaged<ConnectionReplies>.fromOpaque(context).takeUnretainedValue()
                connection.reader.append(UnsafeRawBufferPointer(start: buffer, count: size * count))
                while let reply = connection.reader.next() { connection.replies.append(reply) }
                return size * count
            }), "HEADERFUNCTION")
        } catch {
            curl_easy_cleanup(created)
            throw error
        }
        let code = curl_easy_perform(created)
        guard code == CURLE_OK else {
            curl_easy_cleanup(created)
            let detail = String(cString: errorBuffer)
            let message = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
            // The reply that refused us, if one did (a 5xx to AUTH, a 421 greeting).
            let refusal = connection.replies.last.flatMap { $0.isPositive ? nil : $0 }
            throw ConnectionFailure(message: message, reply: refusal)
        }
        var descriptor: curl_socket_t = -1
        guard praxis_curl_getinfo_socket(created, CURLINFO_ACTIVESOCKET, &descriptor) == CURLE_OK, descriptor >= 0 else {
            curl_easy_cleanup(created)
            throw ConnectionFailure(message: "libcurl gave no socket for the SMTP connection")
        }
        let extensions = connection.extensions
        pipelining = extensions.contains("PIPELINING")
        smtpUTF8 = extensions.contains("SMTPUTF8")
        declaresSize = extensions.contains("SIZE")
        handle = created
        socket = descriptor
        reader.reset()
    }
}
