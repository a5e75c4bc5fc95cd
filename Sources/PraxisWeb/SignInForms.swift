import Foundation
import PraxisStore

/// The pieces of a form request the archive checks before acting on it, as plain values: the
/// fields of an `application/x-www-form-urlencoded` body, cookies, and where the request says it
/// comes from. Pure, so each rule is tested on its own.
enum FormRequest {
    /// The fields of a urlencoded body; a name given twice keeps its first value, and a body that
    /// is not UTF-8 or not well-formed percent-encoding gives no fields at all.
    static func fields(_ body: [UInt8]) -> [String: String] {
        guard let text = String(validating: body, as: UTF8.self) else { return [:] }
        var fields: [String: String] = [:]
        for pair in text.split(separator: "&", omittingEmptySubsequences: true) {
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = decode(parts[0]), let value = decode(parts.count == 2 ? parts[1] : "") else { return [:] }
            if fields[name] == nil { fields[name] = value }
        }
        return fields
    }

    private static func decode(_ text: Substring) -> String? {
        text.replacingOccurrences(of: "+", with: " ").removingPercentEncoding
    }

    /// The value of cookie `name` in the `Cookie` header lines, when it occurs exactly once: a
    /// second cookie of that name (set by a sibling site for a wider path, say) makes it unknown.
    static func cookie(_ name: String, in lines: [String]) -> String? {
        let values = lines.flatMap { $0.split(separator: ";") }.compactMap { pair -> String? in
            let parts = pair.split(separator: "=", maxSplits: 1)
            guard parts.count == 2, parts[0].trimmingCharacters(in: .whitespaces) == name else { return nil }
            return parts[1].trimmingCharacters(in: .whitespaces)
        }
        return values.count == 1 ? values[0] : nil
    }

    /// Whether a form POST comes from the archive's own pages, by the headers browsers set and
    /// scripts on other sites cannot (OWASP: verify the origin with standard headers). Absent
    /// headers pass (old browsers, command-line clients), since the form token is checked too;
    /// present ones must say same-origin: `Sec-Fetch-Site` `same-origin` (or `none`, a request
    /// the user made themselves), `Origin` exactly the archive's (`expectedOrigin`, from
    /// `web.base_url`). Repeated headers are refused.
    ///
    /// `Origin: null` passes only beside `Sec-Fetch-Site: same-origin`: under the archive's
    /// `Referrer-Policy: no-referrer` Chromium sends `null` for its own same-origin form posts,
    /// and a page elsewhere cannot make a browser claim `same-origin`.
    static func isSameOrigin(origin: [String], fetchSite: [String], expectedOrigin: String) -> Bool {
        guard origin.count <= 1, fetchSite.count <= 1 else { return false }
        if let site = fetchSite.first, site != "same-origin" && site != "none" { return false }
        guard let origin = origin.first else { return true }
        if origin == "null" { return fetchSite.first == "same-origin" }
        return origin.lowercased() == expectedOrigin.lowercased()
    }

    /// `scheme://host[:port]` of an absolute URL, as browsers send it in `Origin`; nil for others.
    static func origin(of url: String) -> String? {
        guard let parts = URLComponents(string: url), let scheme = parts.scheme?.lowercased(), let host = parts.host?.lowercased(),
              !host.isEmpty
        else { return nil }
        let defaultPort = scheme == "https" ? 443 : 80
        let port = parts.port.flatMap { $0 == defaultPort ? nil : $0 }
        return "\(scheme)://\(host)" + (port.map { ":\($0)" } ?? "")
    }
}

/// The form tokens: HMAC of what the token is bound to, under the store's form key. A signed-in
/// member's forms are bound to their session; the sign-in forms, before any session, to a
/// random cookie of their own (a signed double-submit cookie, OWASP's CSRF cheat sheet).
struct FormTokens: Sendable {
    let signer: FormSigner

    /// The cookie that carries the sign-in forms' binding.
    static let cookieName = "praxis_form"
    static let fieldName = "form_token"

    enum Binding: Sendable, Hashable {
        case session(hash: String)
        case cookie(String)
    }

    func token(for binding: Binding) -> String {
        switch binding {
        case .session(let hash): signer.sign("session\u{0}" + hash)
        case .cookie(let value): signer.sign("cookie\u{0}" + value)
        }
    }

    /// Whether `submitted` is the token of `binding`, compared in time independent of where they differ.
    func accepts(_ submitted: String?, for binding: Binding?) -> Bool {
        guard let submitted, let binding else { return false }
        return ContentHash.sameText(token(for: binding), submitted)
    }

}

/// How the archive's cookies are written: `HttpOnly` always, `Secure` when the archive is served
/// over https, the base path as `Path`, so two communities under one host never share them.
struct CookieWriter: Sendable {
    let path: String
    let secure: Bool

    static let sessionName = "praxis_session"

    /// A cookie that lasts `maxAge` seconds (nil: until the browser closes); `sameSite` `Lax` for
    /// the session, so a link from a mail or another site still arrives signed in.
    func set(_ name: String, _ value: String, maxAge: Int?, sameSite: String) -> String {
        var parts = ["\(name)=\(value)", "Path=\(path)"]
        if let maxAge { parts.append("Max-Age=\(maxAge)") }
        parts.append("HttpOnly")
        if secure { parts.append("Secure") }
        parts.append("SameSite=\(sameSite)")
        return parts.joined(separator: "; ")
    }

    /// The cookie removed.
    func clear(_ name: String, sameSite: String) -> String { set(name, "", maxAge: 0, sameSite: sameSite) }
}
