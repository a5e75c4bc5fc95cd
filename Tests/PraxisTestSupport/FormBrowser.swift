import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A browser of the tests' own for the archive's forms: no shared cookie store, no redirects
/// followed, the cookies it was given kept by name (a `Max-Age=0` one removed), the last
/// `Set-Cookie` line kept to check its flags.
public final class FormBrowser: @unchecked Sendable {
    public let base: String
    public var cookies: [String: String] = [:]
    public private(set) var lastSetCookie: String?
    private let session: URLSession

    public struct Failure: Error, CustomStringConvertible {
        public var description: String
    }

    public init(base: String) {
        self.base = base
        let configuration = URLSessionConfiguration.ephemeral
        configuration.httpCookieStorage = nil
        configuration.httpShouldSetCookies = false
        session = URLSession(configuration: configuration)
    }

    /// GET `path` under `base`, or POST `form` urlencoded to it.
    @discardableResult
    public func request(_ path: String, form: [String: String]? = nil, headers: [String: String] = [:]) async throws -> (status: Int, body: String) {
        guard let url = URL(string: base + path) else { throw Failure(description: "not a URL: \(base + path)") }
        var request = URLRequest(url: url)
        if let form {
            request.httpMethod = "POST"
            request.setValue("application/x-www-form-urlencoded", forHTTPHeaderField: "Content-Type")
            request.httpBody = Data(form.map { "\($0.key)=\($0.value.addingPercentEncoding(withAllowedCharacters: .alphanumerics) ?? "")" }
                .joined(separator: "&").utf8)
        }
        if !cookies.isEmpty { request.setValue(cookies.map { "\($0.key)=\($0.value)" }.joined(separator: "; "), forHTTPHeaderField: "Cookie") }
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        let (data, response) = try await session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw Failure(description: "no HTTP response from \(url)") }
        lastSetCookie = http.value(forHTTPHeaderField: "Set-Cookie")
        if let line = lastSetCookie, let pair = line.split(separator: ";").first {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            if parts.count == 2 { cookies[String(parts[0])] = line.contains("Max-Age=0") ? nil : String(parts[1]) }
        }
        return (http.statusCode, String(decoding: data, as: UTF8.self))
    }

    /// The form token in a page's form.
    public static func formToken(_ page: String) throws -> String {
        let marker = "name=\"form_token\" value=\""
        guard let start = page.range(of: marker)?.upperBound else { throw Failure(description: "no form token in \(page.prefix(300))") }
        return String(page[start...].prefix { $0 != "\"" })
    }

    /// The path of the sign-in link (`PATH/sign-in/TOKEN`) in a mail's text, after `prefix` (the base URL).
    public static func signInLink(in text: String, after prefix: String) -> String? {
        guard let range = text.range(of: prefix + "sign-in/") else { return nil }
        let token = text[range.upperBound...].prefix { $0.isHexDigit }
        return token.count == 64 ? "sign-in/" + token : nil
    }
}
