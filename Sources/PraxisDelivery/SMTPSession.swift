import CCurl
import Foundation

/// What libcurl's callbacks read and write during one transfer. Reached from C through an
/// unretained pointer, and only ever from the session's own thread.
final class TransferState {
    var body: [UInt8] = []
    var offset = 0
    var transcript = SMTPTranscript()
}

/// One SMTP session: a libcurl easy handle kept across messages, so that its connection (and TLS
/// and AUTH) is reused. Blocking: used only by its own thread in `SMTPTransport`'s pool.
final class SMTPSession {
    private let settings: SMTPTransport.Settings
    private let password: String?
    private var handle: UnsafeMutableRawPointer?
    private let state = TransferState()
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
    }

    /// Whether a connection may be open.
    var isOpen: Bool { handle != nil }

    /// Ends the connection (libcurl says QUIT) by dropping the handle; the next message opens anew.
    func close() {
        if let handle { curl_easy_cleanup(handle) }
        handle = nil
    }

    /// Sends one message and says what became of it. Never throws: every failure is a result.
    func send(_ envelope: OutgoingEnvelope) -> DeliveryResult {
        guard !envelope.recipients.isEmpty else {
            return .uniform([], status: .permanent, reply: nil, stage: .recipient, detail: "no recipients")
        }
        let reused = handle != nil
        var result = attempt(envelope)
        // A connection kept from an earlier message may have been closed by the server meanwhile
        // (an idle timeout). When not a single reply came, the server saw nothing of this message,
        // so one more try on a fresh connection is safe and spares it a retry much later.
        if reused, result.status == .transient, state.transcript.replies.isEmpty {
            close()
            result = attempt(envelope)
        }
        lastUsed = .now
        return result
    }

    private func attempt(_ envelope: OutgoingEnvelope) -> DeliveryResult {
        let handle: UnsafeMutableRawPointer
        do {
            handle = try prepared()
        } catch {
            return .uniform(envelope.recipients, status: .transient, reply: nil, stage: .connection, detail: error.description)
        }
        state.body = Self.crlf(envelope.message)
        state.offset = 0
        state.transcript.reset()
        errorBuffer[0] = 0
        var list: UnsafeMutablePointer<curl_slist>?
        for recipient in envelope.recipients {
            list = curl_slist_append(list, "<\(recipient)>")
        }
        defer { curl_slist_free_all(list) }
        _ = praxis_curl_setopt_string(handle, CURLOPT_MAIL_FROM, "<\(envelope.sender)>")
        _ = praxis_curl_setopt_slist(handle, CURLOPT_MAIL_RCPT, list)
        let code = curl_easy_perform(handle)
        state.body = []
        let failure: String
        if code == CURLE_OK {
            failure = ""
        } else {
            let detail = String(cString: errorBuffer)
            failure = detail.isEmpty ? String(cString: curl_easy_strerror(code)) : detail
        }
        return state.transcript.result(recipients: envelope.recipients, failed: code != CURLE_OK, failure: failure)
    }

    /// The handle with everything set that stays the same from message to message.
    private func prepared() throws(DeliveryError) -> UnsafeMutableRawPointer {
        if let handle { return handle }
        guard let created = curl_easy_init() else {
            throw DeliveryError(code: .curl, operation: "creating a libcurl handle", message: "curl_easy_init failed", isTransient: true)
        }
        func set(_ result: CURLcode, _ name: String) throws(DeliveryError) {
            guard result == CURLE_OK else {
                throw DeliveryError(code: .curl, operation: "setting libcurl's \(name)",
                                    message: String(cString: curl_easy_strerror(result)))
            }
        }
        do {
            try set(praxis_curl_setopt_string(created, CURLOPT_URL, settings.curlURL), "URL")
            try set(praxis_curl_setopt_pointer(created, CURLOPT_ERRORBUFFER, errorBuffer), "error buffer")
            try set(praxis_curl_setopt_long(created, CURLOPT_NOSIGNAL, 1), "NOSIGNAL")
            try set(praxis_curl_setopt_long(created, CURLOPT_UPLOAD, 1), "UPLOAD")
            try set(praxis_curl_setopt_long(created, praxis_curlopt_mail_rcpt_allowfails(), 1), "MAIL_RCPT_ALLOWFAILS")
            try set(praxis_curl_setopt_long(created, CURLOPT_CONNECTTIMEOUT, settings.connectTimeout), "CONNECTTIMEOUT")
            try set(praxis_curl_setopt_long(created, CURLOPT_TIMEOUT, settings.timeout), "TIMEOUT")
            try set(praxis_curl_setopt_long(created, CURLOPT_TCP_NODELAY, 1), "TCP_NODELAY")
            // No proxy: the MTA is reached directly. Said explicitly because otherwise libcurl
            // looks for smtp_proxy, all_proxy and no_proxy in the environment on every message.
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
            let context = Unmanaged.passUnretained(state).toOpaque()
            try set(praxis_curl_setopt_pointer(created, CURLOPT_READDATA, context), "READDATA")
            try set(praxis_curl_setopt_read_function(created, { buffer, size, count, context in
                guard let buffer, let context else { return 0 }
                let state = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
                let length = min(size * count, state.body.count - state.offset)
                guard length > 0 else { return 0 }
                state.body.withUnsafeBytes { bytes in
                    guard let base = bytes.baseAddress else { return }
                    UnsafeMutableRawPointer(buffer).copyMemory(from: base + state.offset, byteCount: length)
                }
                state.offset += length
                return length
            }), "READFUNCTION")
            try set(praxis_curl_setopt_pointer(created, CURLOPT_HEADERDATA, context), "HEADERDATA")
            try set(praxis_curl_setopt_header_function(created, { buffer, size, count, context in
                guard let buffer, let context else { return size * count }
                let state = Unmanaged<TransferState>.fromOpaque(context).takeUnretainedValue()
                buffer.withMemoryRebound(to: UInt8.self, capacity: size * count) { bytes in
                    state.transcript.add(line: UnsafeBufferPointer(start: bytes, count: size * count))
                }
                return size * count
            }), "HEADERFUNCTION")
        } catch {
            curl_easy_cleanup(created)
            throw error
        }
        handle = created
        return created
    }

    /// The message with every line ending CRLF, as SMTP requires (libcurl sends the bytes as they
    /// are and only dot-stuffs). Untouched, without a copy, when it already is.
    static func crlf(_ message: [UInt8]) -> [UInt8] {
        // memchr from line end to line end: this runs over every byte of every message sent.
        let bare = message.withUnsafeBufferPointer { buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            var offset = 0
            while offset < buffer.count, let found = memchr(base + offset, 10, buffer.count - offset) {
                let index = base.distance(to: found.assumingMemoryBound(to: UInt8.self))
                if index == 0 || base[index - 1] != 13 { return true }
                offset = index + 1
            }
            return false
        }
        guard bare else { return message }
        var converted = [UInt8]()
        converted.reserveCapacity(message.count + message.count / 32)
        var previous: UInt8 = 0
        for byte in message {
            if byte == 10 && previous != 13 { converted.append(13) }
            converted.append(byte)
            previous = byte
        }
        return converted
    }
}
