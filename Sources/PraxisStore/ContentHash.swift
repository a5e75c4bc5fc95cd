import CCrypto
import PraxisMail
/// SHA-256 (FIPS 180-4) of a message's bytes, the key that recognises the same message arriving
/// under a different Message-ID or none at all.
///
/// From OpenSSL's libcrypto: ingest hashes every message, and libcrypto uses the CPU's SHA
/// instructions where there are any (about 2 GB/s here, ten times a portable implementation).
public enum ContentHash {
    /// The SHA-256 digest of `bytes` as 64 lower-case hex digits.
    public static func sha256<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> String {
        hex(sha256Digest(bytes))
    }

    /// HMAC-SHA-256 (RFC 2104, block size 64 bytes) of `message` under `key`: the archive's member
    /// keys and the web forms' tokens.
    static func hmacSHA256(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var block = key.count > 64 ? sha256Digest(key) : key
        block += [UInt8](repeating: 0, count: 64 - block.count)
        let inner = sha256Digest(block.map { $0 ^ 0x36 } + message)
        return sha256Digest(block.map { $0 ^ 0x5C } + inner)
    }

    /// Whether two secrets (tokens, proofs) are the same text, compared in time independent of
    /// where they differ, so a forger cannot learn a secret one character at a time.
    public static func sameText(_ expected: String, _ given: String) -> Bool {
        let expected = Array(expected.utf8), given = Array(given.utf8)
        guard expected.count == given.count else { return false }
        return zip(expected, given).reduce(UInt8(0)) { $0 | ($1.0 ^ $1.1) } == 0
    }

    /// The 32-byte SHA-256 digest of `bytes`.
    public static func sha256Digest<Bytes: Collection<UInt8>>(_ bytes: Bytes) -> [UInt8] {
        if let digest = bytes.withContiguousStorageIfAvailable({ digest(UnsafeRawBufferPointer($0)) }) {
            return digest
        }
        return Array(bytes).withUnsafeBytes { digest($0) }
    }

    private static func digest(_ input: UnsafeRawBufferPointer) -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        // EVP_Digest fails only when memory runs out; a missing digest must not pass silently
        // as a hash that every message would share.
        let succeeded = output.withUnsafeMutableBufferPointer { buffer in
            EVP_Digest(input.baseAddress, input.count, buffer.baseAddress, &length, sha256Method, nil)
        }
        precondition(succeeded == 1 && length == 32, "OpenSSL could not compute a SHA-256 digest")
        return Array(output.prefix(32))
    }

    /// SHA-256 as fetched from OpenSSL's providers once per process. With `EVP_sha256()`,
    /// OpenSSL 3 looks the algorithm up again for every digest, under a lock that all of ingest's
    /// threads share. The method is immutable once fetched, so sharing it is safe.
    nonisolated(unsafe) static let sha256Method: OpaquePointer? = EVP_MD_fetch(nil, "SHA256", nil) ?? EVP_sha256()

    static func hex(_ bytes: [UInt8]) -> String { HexDigits.lowercase(bytes) }
}

extension ContentHash {
    /// The identity of a message, for recognising it when it is delivered again: its Message-ID,
    /// From, To, Cc, Subject and Date as written, and its body. Transport fields (Received,
    /// Delivered-To, Return-Path …) are left out, so a copy that came by another path is still
    /// the same message; two messages with different Message-IDs never are, even when a client
    /// sent the same text twice, because each was a post its members saw. Hashing less than the
    /// whole file is also what keeps this cheap.
    public static func content(of message: MailMessage) -> String {
        // Fed to the digest piece by piece: the same bytes as one joined buffer, without copying
        // the body into one first.
        var digest = IncrementalSHA256()
        for name in ["message-id", "from", "to", "cc", "subject", "date"] {
            if let value = message.rawHeaderBytes(name) { digest.update(value) }
            digest.update(CollectionOfOne(0))
        }
        digest.update(message.bodyBytes)
        return hex(digest.finish())
    }
}

/// SHA-256 over bytes given in pieces (OpenSSL's EVP digest context).
struct IncrementalSHA256: ~Copyable {
    private let context: OpaquePointer

    init() {
        // EVP_MD_CTX_new and EVP_DigestInit_ex fail only when memory runs out; a missing digest
        // must not pass silently as a hash that every message would share.
        guard let context = EVP_MD_CTX_new(), EVP_DigestInit_ex(context, ContentHash.sha256Method, nil) == 1 else {
            preconditionFailure("OpenSSL could not start a SHA-256 digest")
        }
        self.context = context
    }

    mutating func update<Bytes: Collection<UInt8>>(_ bytes: Bytes) {
        let succeeded = bytes.withContiguousStorageIfAvailable { buffer in
            EVP_DigestUpdate(context, buffer.baseAddress, buffer.count)
        } ?? Array(bytes).withUnsafeBufferPointer { EVP_DigestUpdate(context, $0.baseAddress, $0.count) }
        precondition(succeeded == 1, "OpenSSL could not compute a SHA-256 digest")
    }

    /// The 32-byte digest of everything given to `update`.
    consuming func finish() -> [UInt8] {
        var output = [UInt8](repeating: 0, count: Int(EVP_MAX_MD_SIZE))
        var length: UInt32 = 0
        let succeeded = output.withUnsafeMutableBufferPointer { EVP_DigestFinal_ex(context, $0.baseAddress, &length) }
        precondition(succeeded == 1 && length == 32, "OpenSSL could not compute a SHA-256 digest")
        return Array(output.prefix(32))
    }

    deinit { EVP_MD_CTX_free(context) }
}
