import Foundation
import PraxisCommunity
import PraxisStore

/// A page of the archive, as its URL names it (DESIGN.md §8). Parsed from the raw,
/// percent-encoded path so that a Message-ID holding `/` (sent as `%2F`) stays one segment;
/// anything that is not exactly one of these URLs is no page at all (404).
enum ArchiveRoute: Sendable, Hashable {
    case home
    case stylesheet
    case feed
    case subIssue(String, page: Int)
    case subIssueFeed(String)
    case thread(messageID: String)
    case threadMbox(messageID: String)
    case message(messageID: String)
    case raw(messageID: String)
    /// `number` counts from 1, in the message's order of attachments; the name is for the reader.
    case attachment(messageID: String, number: Int)
    case month(year: Int, month: Int)
    case member(key: String)
    /// `/search?q=…&order=…&page=N`. `text` is nil when `q` is not valid percent-encoded UTF-8
    /// (the page says so); empty when absent.
    case search(text: String?, order: SearchOrder, page: Int)

    /// The route of `rawPath` (without query) under `basePath` (starting and ending with `/`),
    /// with `query` for the page number; nil for any other path.
    init?(rawPath: String, query: String?, basePath: String) {
        guard rawPath.hasPrefix(basePath) else { return nil }
        let rest = rawPath.dropFirst(basePath.count)
        if rest.isEmpty { self = .home; return }
        let segments = rest.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard let route = Self.route(segments, query: query) else { return nil }
        self = route
    }

    private static func route(_ segments: [String], query: String?) -> ArchiveRoute? {
        switch segments.count {
        case 1:
            switch segments[0] {
            case "style.css": return .stylesheet
            case "feed.atom": return .feed
            case "search": return searchRoute(query)
            default: return nil
            }
        case 2:
            return twoSegments(segments[0], segments[1])
        case 3:
            return threeSegments(segments, query: query)
        case 5:
            guard segments[0] == "m", segments[2] == "a", let id = messageID(segments[1]),
                  let number = positiveNumber(segments[3]), !segments[4].isEmpty
            else { return nil }
            return .attachment(messageID: id, number: number)
        default:
            return nil
        }
    }

    private static func twoSegments(_ first: String, _ second: String) -> ArchiveRoute? {
        guard first == "t", second.hasSuffix(".mbox"), let id = messageID(String(second.dropLast(5))) else { return nil }
        return .threadMbox(messageID: id)
    }

    private static func threeSegments(_ segments: [String], query: String?) -> ArchiveRoute? {
        let (first, second, third) = (segments[0], segments[1], segments[2])
        if first == "s", let id = subIssueID(second) {
            if third.isEmpty { return pageNumber(query).map { .subIssue(id, page: $0) } }
            return third == "feed.atom" ? .subIssueFeed(id) : nil
        }
        if first == "m", third == "raw", let id = messageID(second) { return .raw(messageID: id) }
        guard third.isEmpty else { return nil }
        switch first {
        case "t": return messageID(second).map { .thread(messageID: $0) }
        case "m": return messageID(second).map { .message(messageID: $0) }
        case "members":
            let isKey = second.utf8.count == 32 && second.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
            return isKey ? .member(key: second) : nil
        default:
            guard first.utf8.count == 4, second.utf8.count == 2, let year = Int(first), let month = Int(second),
                  first.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), second.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }),
                  (1...12).contains(month), year >= 1970
            else { return nil }
            return .month(year: year, month: month)
        }
    }

    /// A Message-ID from its percent-encoded segment: decoded, without angle brackets, no
    /// control characters or spaces, at most 998 bytes (a header line's limit).
    static func messageID(_ segment: String) -> String? {
        guard !segment.isEmpty, segment.utf8.count <= 3 * 998, let decoded = segment.removingPercentEncoding,
              ArchiveLinks.hasPage(messageID: decoded)
        else { return nil }
        return decoded
    }

    private static func subIssueID(_ segment: String) -> String? {
        let valid = !segment.isEmpty && segment.utf8.count <= 100
            && segment.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x2D }
        return valid ? segment : nil
    }

    private static func positiveNumber(_ text: String) -> Int? {
        guard text.utf8.count <= 6, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let number = Int(text), number >= 1 else { return nil }
        return number
    }

    /// The search's form fields. Other fields are ignored (a browser may send its button's); a
    /// malformed `page` or an unknown `order` is no page, as for sub-issues.
    private static func searchRoute(_ query: String?) -> ArchiveRoute? {
        var text: String? = "", order = SearchOrder.newest, page = 1
        for pair in (query ?? "").split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let value = parts.count == 2 ? String(parts[1]) : ""
            switch parts[0] {
            case "q": text = formValue(value)
            case "order":
                guard let chosen = SearchOrder(rawValue: value) else { return nil }
                order = chosen
            case "page":
                guard let number = positiveNumber(value) else { return nil }
                page = number
            default: continue
            }
        }
        return .search(text: text, order: order, page: page)
    }

    /// A form field's value (`application/x-www-form-urlencoded`): `+` is a space, then
    /// percent-decoded; nil when that is not UTF-8.
    static func formValue(_ encoded: String) -> String? {
        encoded.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// `page=N` from the query (1 when absent); nil for a malformed or out-of-range one.
    private static func pageNumber(_ query: String?) -> Int? {
        guard let query, !query.isEmpty else { return 1 }
        var page = 1
        for pair in query.split(separator: "&") {
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0] == "page", let number = positiveNumber(String(parts[1])) else { return nil }
            page = number
        }
        return page
    }
}

/// What an archive page is drawn from, besides the viewer's scope and the store: its route, or,
/// for a thread's page and its mbox, the thread itself. Those are the same bytes whichever of the
/// thread's posts the URL names, so every link into a thread shares one kept page (`PageCache`).
enum ArchivePage: Sendable, Hashable {
    case route(ArchiveRoute)
    /// A thread's page and its mbox, by thread id, as the viewer's scope resolved a post's
    /// Message-ID to it.
    case thread(Int64)
    case threadMbox(Int64)
}

extension ArchiveLinks {
    /// The search for `text`; `order` and `page` only when not the first page of the newest.
    func search(_ text: String, order: SearchOrder = .newest, page: Int = 1) -> String {
        let unreserved = CharacterSet(charactersIn: "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-._~")
        var url = searchForm + "?q=" + (text.addingPercentEncoding(withAllowedCharacters: unreserved) ?? "")
        if order != .newest { url += "&order=\(order.rawValue)" }
        if page > 1 { url += "&page=\(page)" }
        return url
    }

    var signIn: String { basePath + "sign-in" }
    func signInLink(_ token: String) -> String { basePath + "sign-in/" + token }
    var signOut: String { basePath + "sign-out" }
}
