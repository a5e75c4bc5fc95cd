import Foundation
import Hummingbird
import NIOCore
import HTTPTypes
import Logging
import PraxisCommunity
import PraxisStore

/// The sign-in pages (issue 20, DESIGN.md §8), by URL under the base path. Parsed apart from the
/// archive's pages because they take POSTs and are open to everyone whatever the audience.
enum SignInRoute: Sendable, Hashable {
    /// `/sign-in`: the address form.
    case form
    /// `/sign-in/TOKEN`: a mailed link.
    case link(token: String)
    /// `/sign-out`.
    case signOut

    init?(rawPath: String, basePath: String) {
        guard rawPath.hasPrefix(basePath) else { return nil }
        let rest = rawPath.dropFirst(basePath.count)
        if rest == "sign-in" { self = .form; return }
        if rest == "sign-out" { self = .signOut; return }
        let prefix = "sign-in/"
        // The token as written: the store answers an unknown one (anything but 64 hex digits
        // included) like an expired one, so every bad link gets the same page.
        guard rest.hasPrefix(prefix), rest.utf8.count <= prefix.utf8.count + 128 else { return nil }
        let token = String(rest.dropFirst(prefix.count))
        guard !token.isEmpty, !token.contains("/") else { return nil }
        self = .link(token: token)
    }
}

/// What a sign-in page needs of its request, taken from it by the router.
struct SignInRequest: Sendable {
    var isPost: Bool
    var fields: [String: String] = [:]
    var cookieLines: [String] = []
    var origin: [String] = []
    var fetchSite: [String] = []
    /// The client address, for the per-client limit (`ArchiveAccess.clientAddress`).
    var client: String?
    var member: SignedInMember?
}

/// Who is signed in on the page being rendered, for the layout's "Signed in as" line: set by the
/// router for the request's task, read by `ArchiveSite.page`.
struct SignedInBar: Sendable, Hashable {
    var name: String
    var formToken: String
    /// The language the member reads pages in: their own, else the community's; nil only where a
    /// page must read the community's language whoever is signed in (`notFound`).
    var language: Language? = nil
    /// False for a page that confirms the session has just ended: in the member's language, but
    /// without the signed-in line.
    var isSignedIn = true

    /// What renders a page in `language` without the signed-in line.
    static func signedOut(reading language: Language) -> SignedInBar {
        SignedInBar(name: "", formToken: "", language: language, isSignedIn: false)
    }

    @TaskLocal static var current: SignedInBar?
}

/// The archive's part in signing in: issuing links needs the store writable and `web.base_url`
/// (the link in the mail must never be built from a request's `Host`, which anyone can set).
struct SignInDesk: Sendable {
    let policy: SignInPolicy?
    let baseURL: String?
    let expectedOrigin: String?
    let tokens: FormTokens
    let cookies: CookieWriter

    init(settings: ArchiveSettings, signer: FormSigner) {
        let origin = settings.baseURL.flatMap(FormRequest.origin(of:))
        policy = origin == nil ? nil : settings.signIn
        baseURL = settings.baseURL
        expectedOrigin = origin
        tokens = FormTokens(signer: signer)
        cookies = CookieWriter(path: settings.basePath, secure: origin?.hasPrefix("https:") ?? false)
    }
}

extension ArchiveSite {
    /// The member whose session cookie the request carries, when the session is good.
    func signedInMember(cookieLines: [String]) -> SignedInMember? {
        guard let secret = FormRequest.cookie(CookieWriter.sessionName, in: cookieLines) else { return nil }
        do {
            return try database.signedInMember(session: secret, at: Date())
        } catch {
            logger.error("reading a session failed", metadata: ["error": "\(error)"])
            return nil
        }
    }

    /// The viewer a signed-in member is.
    func viewer(of member: SignedInMember) -> ArchiveViewer {
        ArchiveAccess.signedInViewer(
            address: member.address, hasCoreStanding: member.hasCoreStanding, coreGroup: CoreGroup(configured: settings.coreAddresses),
            subIssues: settings.subIssues)
    }

    /// The layout's line for `member`.
    func signedInBar(_ member: SignedInMember) -> SignedInBar {
        let name = Self.oneLine(member.name ?? "")
        return SignedInBar(name: name.isEmpty ? member.address : name,
                           formToken: signInDesk.tokens.token(for: .session(hash: member.sessionHash)),
                           language: member.language ?? settings.community.language)
    }

    func respond(_ route: SignInRoute, _ request: SignInRequest) -> ArchiveAnswer {
        switch (route, request.isPost) {
        case (.form, false): signInForm(request, problem: nil)
        case (.form, true): requestLink(request)
        case (.link(let token), false): linkPage(token, request)
        case (.link(let token), true): followLink(token, request)
        case (.signOut, true): signOut(request)
        case (.signOut, false): notFound()
        }
    }

    // MARK: Pages

    private func signInForm(_ request: SignInRequest, problem: String?, status: HTTPResponse.Status = .ok) -> ArchiveAnswer {
        guard signInDesk.policy != nil else { return signInUnavailable() }
        let (binding, cookie) = formCookie(request)
        var view: [String: Any] = [
            "action": links.signIn, "formToken": signInDesk.tokens.token(for: binding), "address": request.fields["address"] ?? "",
        ]
        if let problem { view["problem"] = problem }
        var answer = Self.response(status, type: "text/html; charset=utf-8",
                                   body: page("sign-in.html.mustache", title: titled(say(.webSignIn), problem: problem != nil), view),
                                   cache: "no-store")
        answer.setCookies = cookie.map { [$0] } ?? []
        return answer
    }

    private func requestLink(_ request: SignInRequest) -> ArchiveAnswer {
        guard let policy = signInDesk.policy, let baseURL = signInDesk.baseURL else { return signInUnavailable() }
        guard formIsGenuine(request, binding: cookieBinding(request)) else { return formExpired(request) }
        let address = (request.fields["address"] ?? "").trimmingCharacters(in: .whitespaces)
        if address.isEmpty { return signInForm(request, problem: say(.webEnterAddress), status: .badRequest) }
        if AddressSyntax.problem(in: address) != nil {
            return signInForm(request, problem: say(.webAddressFormat), status: .badRequest)
        }
        do {
            let decision = try database.requestSignInLink(
                address: address, client: request.client, policy: policy, community: settings.community, at: Date()
            ) { token in baseURL + "sign-in/" + token.text }
            if case .refuse(let refusal) = decision {
                logger.info("no sign-in link mailed", metadata: ["reason": "\(refusal.rawValue)", "client": "\(request.client ?? "-")"])
            }
        } catch {
            logger.error("issuing a sign-in link failed", metadata: ["error": "\(error)"])
            return storeTrouble()
        }
        // The same page whatever was decided: it must not tell who is a member.
        let minutes = Int(SignInPolicy.linkLifetime / 60)
        let view: [String: Any] = [
            "address": address, "again": links.signIn, "minutes": minutes,
            "lead": say(.webSentLead, ["address": address]), "once": format.count(.webSentOnce, minutes),
        ]
        return Self.response(.ok, type: "text/html; charset=utf-8", body: page("sign-in-sent.html.mustache", title: say(.webCheckEmail), view),
                             cache: "no-store")
    }

    private func linkPage(_ token: String, _ request: SignInRequest) -> ArchiveAnswer {
        guard signInDesk.policy != nil else { return signInUnavailable() }
        do {
            guard try database.signInLinkState(token: token, at: Date()) == .good else { return badLink() }
        } catch {
            return storeTrouble()
        }
        let (binding, cookie) = formCookie(request)
        let view: [String: Any] = ["action": links.signInLink(token), "formToken": signInDesk.tokens.token(for: binding)]
        var answer = Self.response(.ok, type: "text/html; charset=utf-8", body: page("sign-in-link.html.mustache", title: say(.webSignIn), view),
                                   cache: "no-store")
        answer.setCookies = cookie.map { [$0] } ?? []
        return answer
    }

    private func followLink(_ token: String, _ request: SignInRequest) -> ArchiveAnswer {
        guard signInDesk.policy != nil else { return signInUnavailable() }
        guard formIsGenuine(request, binding: cookieBinding(request)) else { return formExpired(request) }
        let session: WebSecret
        do {
            guard let opened = try database.signIn(token: token, at: Date()).session else { return badLink() }
            session = opened
            // A new session replaces the one the browser had, which ends too.
            if let old = FormRequest.cookie(CookieWriter.sessionName, in: request.cookieLines) { try database.endSession(old) }
        } catch {
            logger.error("signing in failed", metadata: ["error": "\(error)"])
            return storeTrouble()
        }
        // The first page of the session: with its signed-in line, in the member's own language.
        let member = signedInMember(cookieLines: [CookieWriter.sessionName + "=" + session.text])
        let html = SignedInBar.$current.withValue(member.map(signedInBar) ?? SignedInBar.current) {
            let view: [String: Any] = ["heading": say(.webSignedInHeading), "explanation": say(.webSignedInText),
                                       "next": links.home, "nextLabel": say(.webGoToStart)]
            return page("sign-in-done.html.mustache", title: say(.webSignedInTitle), view)
        }
        var answer = Self.response(.ok, type: "text/html; charset=utf-8", body: html, cache: "no-store")
        answer.setCookies = [signInDesk.cookies.set(
            CookieWriter.sessionName, session.text, maxAge: Int(SignInPolicy.sessionAbsoluteLifetime), sameSite: "Lax")]
        return answer
    }

    private func signOut(_ request: SignInRequest) -> ArchiveAnswer {
        if let member = request.member {
            guard formIsGenuine(request, binding: .session(hash: member.sessionHash)) else { return formExpired(request) }
            do {
                if let secret = FormRequest.cookie(CookieWriter.sessionName, in: request.cookieLines) { try database.endSession(secret) }
            } catch {
                logger.error("signing out failed", metadata: ["error": "\(error)"])
                return storeTrouble()
            }
        }
        // Rendered without the signed-in line, as the session is gone, but in the language the member read.
        let html = SignedInBar.$current.withValue(.signedOut(reading: readerLanguage)) {
            let view: [String: Any] = ["heading": say(.webSignedOutHeading), "explanation": say(.webSignedOutText),
                                       "next": links.signIn, "nextLabel": say(.webSignInAgain)]
            return page("sign-in-done.html.mustache", title: say(.webSignedOutTitle), view)
        }
        var answer = Self.response(.ok, type: "text/html; charset=utf-8", body: html, cache: "no-store")
        answer.setCookies = [signInDesk.cookies.clear(CookieWriter.sessionName, sameSite: "Lax")]
        return answer
    }

    // MARK: Parts

    /// The binding of the sign-in forms: the request's form cookie, or a new one to set.
    private func formCookie(_ request: SignInRequest) -> (FormTokens.Binding, setCookie: String?) {
        if let binding = cookieBinding(request) { return (binding, nil) }
        let value = WebSecret.random().text
        return (.cookie(value), signInDesk.cookies.set(FormTokens.cookieName, value, maxAge: nil, sameSite: "Strict"))
    }

    private func cookieBinding(_ request: SignInRequest) -> FormTokens.Binding? {
        guard let value = FormRequest.cookie(FormTokens.cookieName, in: request.cookieLines), WebSecret(value) != nil else { return nil }
        return .cookie(value)
    }

    func formIsGenuine(_ request: SignInRequest, binding: FormTokens.Binding?) -> Bool {
        guard let expected = signInDesk.expectedOrigin,
              FormRequest.isSameOrigin(origin: request.origin, fetchSite: request.fetchSite, expectedOrigin: expected)
        else { return false }
        return signInDesk.tokens.accepts(request.fields[FormTokens.fieldName], for: binding)
    }

    /// A form that did not come from our page, or whose cookie is gone: nothing done, said plainly.
    func formExpired(_ request: SignInRequest) -> ArchiveAnswer {
        errorPage(.forbidden, heading: say(.webFormExpiredHeading), explanation: say(.webFormExpiredText))
    }

    /// Every link that does not sign in, unknown, used, expired or its member gone, gets this.
    private func badLink() -> ArchiveAnswer {
        errorPage(.notFound, heading: say(.webBadLinkHeading), explanation: say(.webBadLinkText, ["link": links.signIn]))
    }

    private func signInUnavailable() -> ArchiveAnswer {
        errorPage(.notFound, heading: say(.webSignInUnavailableHeading), explanation: say(.webSignInUnavailableText))
    }

    private func storeTrouble() -> ArchiveAnswer {
        errorPage(.serviceUnavailable, heading: say(.webSignInTroubleHeading), explanation: say(.webTryAgain))
    }
}

/// Makes a request with a good session cookie its member's: the viewer becomes the signed-in
/// member (whatever the sign-on header said), and pages render with the "Signed in as" line.
struct SessionMiddleware: RouterMiddleware {
    let site: ArchiveSite

    func handle(_ request: Request, context: ArchiveRequestContext, next: (Request, ArchiveRequestContext) async throws -> Response) async throws -> Response {
        guard let member = site.signedInMember(cookieLines: request.headers[values: .cookie]) else {
            return try await next(request, context)
        }
        var context = context
        context.member = member
        context.viewer = site.viewer(of: member)
        return try await SignedInBar.$current.withValue(site.signedInBar(member)) { try await next(request, context) }
    }
}

extension ArchiveSite {
    /// The most a sign-in form's body may hold: an address and a token, with room to spare.
    static let formBodyLimit = 4_096

    /// What the sign-in pages need of `request`.
    func signInRequest(
        _ request: Request, _ context: ArchiveRequestContext, bodyLimit: Int = formBodyLimit
    ) async throws -> SignInRequest {
        var facts = SignInRequest(isPost: request.method == .post)
        facts.cookieLines = request.headers[values: .cookie]
        facts.origin = request.headers[values: .origin]
        facts.fetchSite = HTTPField.Name("Sec-Fetch-Site").map { request.headers[values: $0] } ?? []
        facts.client = settings.access.clientAddress(
            peerAddress: context.peerAddress, forwardedFor: HTTPField.Name("X-Forwarded-For").map { request.headers[values: $0] } ?? [])
        facts.member = context.member
        if facts.isPost {
            var request = request
            facts.fields = FormRequest.fields(Array(buffer: try await request.collectBody(upTo: bodyLimit)))
        }
        return facts
    }
}
