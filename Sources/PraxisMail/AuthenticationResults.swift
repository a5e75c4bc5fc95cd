/// One Authentication-Results header field (RFC 8601): which host checked the message, and what
/// each method (SPF, DKIM, DMARC…) concluded.
///
/// Parsing is lenient the way header parsing is everywhere here: comments are dropped, values may
/// be tokens or quoted strings, and a piece that does not fit the grammar is skipped rather than
/// failing the field. Whether a field is to be believed at all is not a parsing matter: any sender
/// can write one, so the caller decides by its authserv-id and its position in the header.
public struct AuthenticationResults: Sendable, Hashable {
    /// The host that did the checks and wrote the field (`mx.example.org`), lower-cased.
    public var authservID: String
    /// Every method's result, in the order written; empty for `none`.
    public var results: [MethodResult]

    /// One `method=result` with its properties, e.g. `dmarc=fail header.from=example.org`.
    public struct MethodResult: Sendable, Hashable {
        /// Lower-cased, without a `/version`.
        public var method: String
        /// Lower-cased: `pass`, `fail`, `none`, `permerror`…
        public var result: String
        /// `ptype.property` (lower-cased) to its value as written, e.g. `header.from` → `example.org`.
        public var properties: [String: String]

        public init(method: String, result: String, properties: [String: String] = [:]) {
            self.method = method
            self.result = result
            self.properties = properties
        }
    }

    public init(authservID: String, results: [MethodResult]) {
        self.authservID = authservID
        self.results = results
    }

    /// A field's unfolded value; nil when it does not even start with an authserv-id.
    public init?<Bytes: Collection<UInt8>>(parsing value: Bytes) {
        let segments = Self.tokens(Array(value)).split(separator: .semicolon, omittingEmptySubsequences: false)
        guard let head = segments.first, case .word(let id)? = head.first, !id.isEmpty else { return nil }
        authservID = id.lowercased()
        results = segments.dropFirst().compactMap(Self.methodResult)
    }

    // MARK: Grammar

    private enum Token: Hashable {
        /// A token or a quoted string's content.
        case word(String)
        case equals
        case semicolon
    }

    /// `method[/version] = result [reason=…] [ptype.property=value]…`; nil for `none` or a piece
    /// that does not start with a method and its result.
    private static func methodResult(_ tokens: ArraySlice<Token>) -> MethodResult? {
        var pairs: [(key: String, value: String)] = []
        var index = tokens.startIndex
        while index < tokens.endIndex {
            let next = tokens.index(after: index)
            if case .word(let key) = tokens[index], next < tokens.endIndex, tokens[next] == .equals,
               tokens.index(after: next) < tokens.endIndex, case .word(let value) = tokens[tokens.index(after: next)] {
                pairs.append((key, value))
                index = tokens.index(next, offsetBy: 2)
            } else {
                index = next
            }
        }
        guard let first = pairs.first, let method = first.key.split(separator: "/").first, !method.isEmpty else { return nil }
        var properties: [String: String] = [:]
        // A property written twice keeps its first value: an MTA writes each once.
        for pair in pairs.dropFirst() where pair.key.contains(".") && properties[pair.key.lowercased()] == nil {
            properties[pair.key.lowercased()] = pair.value
        }
        return MethodResult(method: method.lowercased(), result: first.value.lowercased(), properties: properties)
    }

    /// The value as words, `=` and `;`, with comments (nested, with quoted pairs) dropped and
    /// quoted strings read as one word each.
    private static func tokens(_ bytes: [UInt8]) -> [Token] {
        var tokens: [Token] = []
        var word: [UInt8] = []
        func endWord() {
            if !word.isEmpty { tokens.append(.word(String(decoding: word, as: UTF8.self))) }
            word.removeAll(keepingCapacity: true)
        }
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "("):
                endWord()
                var depth = 0
                while index < bytes.count {
                    let inner = bytes[index]
                    if inner == UInt8(ascii: "\\") {
                        index += 1
                    } else if inner == UInt8(ascii: "(") {
                        depth += 1
                    } else if inner == UInt8(ascii: ")") {
                        depth -= 1
                        if depth == 0 { break }
                    }
                    index += 1
                }
            case UInt8(ascii: "\""):
                endWord()
                var quoted: [UInt8] = []
                index += 1
                while index < bytes.count, bytes[index] != UInt8(ascii: "\"") {
                    if bytes[index] == UInt8(ascii: "\\"), index + 1 < bytes.count { index += 1 }
                    quoted.append(bytes[index])
                    index += 1
                }
                tokens.append(.word(String(decoding: quoted, as: UTF8.self)))
            case UInt8(ascii: "="):
                endWord()
                tokens.append(.equals)
            case UInt8(ascii: ";"):
                endWord()
                tokens.append(.semicolon)
            case UInt8(ascii: " "), UInt8(ascii: "\t"), UInt8(ascii: "\r"), UInt8(ascii: "\n"):
                endWord()
            default:
                word.append(byte)
            }
            index += 1
        }
        endWord()
        return tokens
    }
}

extension MailMessage {
    /// Every Authentication-Results field of the message (not of its parts) in header order, so
    /// the first is the one added last, by the host nearest to us. Values are read as written:
    /// encoded words have no place in this field, and decoding one could smuggle in a `;`.
    public var authenticationResults: [AuthenticationResults] {
        fieldLocations("authentication-results").compactMap {
            AuthenticationResults(parsing: MailScanner.unfold(bytes, $0.value))
        }
    }
}
