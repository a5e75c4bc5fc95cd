import Foundation
import PraxisMail

/// The URLs of the archive's pages (DESIGN.md §8), the one place they are spelled: the web pages
/// link by path under `basePath`; mail (list copies' `Archived-At` and `List-Archive`, digests,
/// reports) links by absolute URL under `web.base_url`.
public struct ArchiveLinks: Sendable, Hashable {
    /// Starts and ends with `/`.
    public let basePath: String
    /// `scheme://host[:port]` of `web.base_url`; nil when only paths are known.
    public let origin: String?

    public init(basePath: String, origin: String? = nil) {
        self.basePath = basePath
        self.origin = origin
    }

    /// The links under `baseURL`, an absolute `http(s)` URL (`web.base_url`); nil for anything else.
    public init?(baseURL: String) {
        guard let parts = URLComponents(string: baseURL), let scheme = parts.scheme?.lowercased(),
              scheme == "http" || scheme == "https", let host = parts.percentEncodedHost, !host.isEmpty,
              parts.user == nil, parts.password == nil, parts.query == nil, parts.fragment == nil
        else { return nil }
        var path = parts.percentEncodedPath
        if !path.hasPrefix("/") { path = "/" + path }
        if !path.hasSuffix("/") { path += "/" }
        basePath = path
        origin = "\(scheme)://\(host)" + (parts.port.map { ":\($0)" } ?? "")
    }

    /// `path` (one of this type's) as an absolute URL, or as it is when no origin is known.
    public func absolute(_ path: String) -> String { (origin ?? "") + path }

    /// Whether a post with this Message-ID (without angle brackets) has a page: not empty, no
    /// control characters, spaces or angle brackets, at most 998 bytes (a header line's limit),
    /// not `.` or `..`. Anything else could not be named by a link that parses back to it.
    public static func hasPage(messageID: String) -> Bool {
        !messageID.isEmpty && messageID.utf8.count <= 998 && messageID != "." && messageID != ".."
            && !messageID.unicodeScalars.contains { $0.value <= 0x20 || $0.value == 0x7F || $0 == "<" || $0 == ">" }
    }

    /// A Message-ID as one path segment: everything but unreserved characters and `@` encoded,
    /// so `/`, `?`, `#`, `%`, quotes and line breaks in an ID cannot change the URL's shape or
    /// a header it is written in.
    ///
    /// Encoded byte by byte, as Foundation's `addingPercentEncoding` does (each UTF-8 byte of
    /// another character as `%XX`, upper-case hex): a thread page links every post four times,
    /// and building the character set and going through `NSString` for each link was a twentieth
    /// of its CPU (issue 19).
    public static func segment(_ messageID: String) -> String {
        let utf8 = messageID.utf8
        guard utf8.contains(where: { $0 >= 0x80 || !segmentKeeps[Int($0)] }) else { return messageID }
        var encoded: [UInt8] = []
        encoded.reserveCapacity(utf8.count + 16)
        for byte in utf8 {
            if byte < 0x80, segmentKeeps[Int(byte)] {
                encoded.append(byte)
            } else {
                HexDigits.appendPercentEncoded(byte, to: &encoded)
            }
        }
        return String(decoding: encoded, as: UTF8.self)
    }

    /// The ASCII bytes a segment keeps as they are: unreserved characters, `@` and the sub-delimiters.
    private static let segmentKeeps: [Bool] = {
        var keeps = [Bool](repeating: false, count: 128)
        for byte in "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~@!$'()*+,;=".utf8 { keeps[Int(byte)] = true }
        return keeps
    }()

    public var home: String { basePath }
    public var stylesheet: String { basePath + "style.css" }
    public var feed: String { basePath + "feed.atom" }
    public var searchForm: String { basePath + "search" }
    public func subIssue(_ id: String, page: Int = 1) -> String { basePath + "s/\(id)/" + (page > 1 ? "?page=\(page)" : "") }
    public func subIssueFeed(_ id: String) -> String { basePath + "s/\(id)/feed.atom" }
    public func thread(_ messageID: String) -> String { basePath + "t/\(Self.segment(messageID))/" }
    public func threadMbox(_ messageID: String) -> String { basePath + "t/\(Self.segment(messageID)).mbox" }
    public func message(_ messageID: String) -> String { basePath + "m/\(Self.segment(messageID))/" }
    public func raw(_ messageID: String) -> String { basePath + "m/\(Self.segment(messageID))/raw" }
    public func attachment(_ messageID: String, number: Int, name: String) -> String {
        basePath + "m/\(Self.segment(messageID))/a/\(number)/\(Self.segment(name))"
    }
    public func month(year: Int, month: Int) -> String { basePath + String(format: "%04d/%02d/", year, month) }
    public func member(_ key: String) -> String { basePath + "members/\(key)/" }
    /// A member's one-click unsubscribe link (RFC 8058); `token` is letters, digits and `-`.
    public func unsubscribe(_ token: String) -> String { basePath + "u/" + token }
    public var settings: String { basePath + "settings" }

    /// The absolute URL of the page of the post with `messageID`, for mail; nil when the ID has
    /// no page or no origin is known.
    public func messageURL(_ messageID: String?) -> String? {
        guard origin != nil, let messageID, Self.hasPage(messageID: messageID) else { return nil }
        return absolute(message(messageID))
    }

    /// The absolute URL of the page of the thread holding `messageID`, for mail; nil as for `messageURL`.
    public func threadURL(_ messageID: String?) -> String? {
        guard origin != nil, let messageID, Self.hasPage(messageID: messageID) else { return nil }
        return absolute(thread(messageID))
    }

    /// The archive's start page as an absolute URL; nil when no origin is known.
    public var homeURL: String? { origin.map { $0 + basePath } }
}
