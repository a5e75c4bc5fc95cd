import Foundation
import HTTPTypes
import Hummingbird
import Logging
import PraxisCommunity
import PraxisMail
import PraxisStore
import PraxisSystem

/// The archive's pages over the store (DESIGN.md §8): each route answered for one viewer.
///
/// Every store query is given the viewer's `ArchiveScope`, so what the viewer may not see is
/// never read for them; what is hidden or missing gets the one not-found page, the same bytes
/// for every URL, so the archive never confirms that a protected post exists.
public struct ArchiveSite: Sendable {
    let settings: ArchiveSettings
    let database: PraxisDatabase
    let maildir: Maildir
    let templates: WebTemplates
    let memberKey: ArchiveMemberKey
    let links: ArchiveLinks
    /// The pages' fixed words in each language (`PageWords`).
    let words: [Language: PageWords]
    let signInDesk: SignInDesk
    /// Held posts, for `/moderation`; nil where this process does not decide on them (`praxis web`).
    let moderation: ModerationQueue?
    let linkSigner: MemberLinkSigner
    let logger: Logger
    /// Rendered pages for viewers who are not signed in (`PageCache`), and what tells it the
    /// store changed.
    let pageCache: PageCache
    let storeChanges: StoreChanges
    /// The ordered matches of recent searches (`SearchMatchCache`), for every viewer.
    let searchMatchCache = SearchMatchCache(capacity: 64)

    /// The page size of sub-issue pages, and the most posts a month or member page lists.
    static let threadsPerPage = 50
    static let postsPerList = 1_000
    static let entriesPerFeed = 50

    public init(
        settings: ArchiveSettings, database: PraxisDatabase, maildir: Maildir, templates: WebTemplates, moderation: ModerationQueue? = nil,
        logger: Logger
    ) throws(StoreError) {
        self.settings = settings
        self.moderation = moderation
        self.database = database
        self.maildir = maildir
        self.templates = templates
        self.logger = logger
        memberKey = try database.archiveMemberKey()
        links = ArchiveLinks(basePath: settings.basePath, origin: settings.baseURL.flatMap(ArchiveLinks.init(baseURL:))?.origin)
        words = Dictionary(uniqueKeysWithValues: Language.allCases.map { ($0, PageWords($0, community: settings.community)) })
        signInDesk = SignInDesk(settings: settings, signer: try database.formSigner())
        linkSigner = try database.memberLinkSigner()
        pageCache = PageCache(budget: settings.pageCacheBytes)
        storeChanges = try database.changes()
    }

    /// The response to a GET of `rawPath` (percent-encoded, without query) by `viewer`.
    func respond(rawPath: String, query: String?, viewer: ArchiveViewer) -> ArchiveAnswer {
        let route = ArchiveRoute(rawPath: rawPath, query: query, basePath: settings.basePath)
        if route == .stylesheet {
            return Self.response(.ok, type: "text/css; charset=utf-8", body: templates.stylesheet, cache: "public, max-age=3600")
        }
        // Before the route counts: to a viewer who reads nothing, every URL answers the same.
        guard settings.access.readsArchive(viewer) else { return forbidden() }
        guard let route else { return notFound() }
        let scope = scope(for: viewer)
        // A signed-in member's pages carry their name, form token and language: never kept, never
        // shared. Everyone the cache serves reads the community's language (`readerLanguage`), so
        // the language need not be part of its key.
        let keepsPages = SignedInBar.current == nil
        let generation = keepsPages ? storeChanges.generation() : nil
        do {
            // A hidden post's thread resolves to nothing, before the cache is asked: it answers as
            // a missing one does, by the same path, never by a fast answer from what was kept.
            guard let page = try archivePage(route, scope: scope) else { return notFound() }
            let cacheKey = keepsPages ? PageCache.Key(page: page, scope: scope) : nil
            if let cacheKey, let kept = pageCache.answer(for: cacheKey, generation: generation) { return kept }
            guard let answer = try answer(page, scope: scope) else { return notFound() }
            if let cacheKey { pageCache.keep(answer, for: cacheKey, generation: generation) }
            return answer
        } catch {
            logger.error("archive page failed", metadata: ["path": "\(rawPath)", "error": "\(error)"])
            return errorPage(.serviceUnavailable, heading: say(.webUnreadableHeading), explanation: say(.webTryAgain))
        }
    }

    // MARK: The reader's language

    /// The language of the page being rendered (issue 22 §1): a signed-in member's own (their
    /// `language`, else the community's); the community's for everyone else, organisation
    /// viewers included. Browsers' `Accept-Language` is not asked.
    var readerLanguage: Language { SignedInBar.current?.language ?? settings.community.language }

    /// Dates, months and counts in the reader's language.
    var format: PageFormat { PageFormat(timeZone: settings.community.timeZone, language: readerLanguage) }

    /// `key` of the catalog in the reader's language, the community's name and addresses filled in.
    func say(_ key: MessageKey, _ values: KeyValuePairs<String, String> = [:]) -> String {
        readerLanguage.text(key, pairs: PageWords.communityValues(settings.community) + values.map { ($0.key, $0.value) })
    }

    /// `title` as a page with a problem on it is titled: "Error: Sign in".
    func titled(_ title: String, problem: Bool) -> String { problem ? say(.webErrorTitle, ["title": title]) : title }

    /// A subject on one line, or "(no subject)" in the reader's language.
    func subject(_ text: String) -> String {
        let line = Self.oneLine(text)
        return line.isEmpty ? say(.webNoSubject) : line
    }

    /// A display name on one line, or "Someone" in the reader's language.
    func authorName(_ name: String?) -> String {
        let line = name.map(Self.oneLine) ?? ""
        return line.isEmpty ? say(.webSomeone) : line
    }

    func authorName(_ post: ArchivePost) -> String { authorName(post.authorName) }

    /// What `viewer` may see of the archive: the one scope every page and form uses.
    func scope(for viewer: ArchiveViewer) -> ArchiveScope {
        ArchiveScope(
            includeProtected: settings.access.readsEveryProtectedPost(viewer), protectedSubIssues: settings.protectedSubIssues,
            admittedSubIssues: settings.access.admittedSubIssues(viewer))
    }

    /// What the page of `route` is drawn from, for `scope`: a thread's page and mbox are the same
    /// bytes whichever of its posts the URL names, so they are the thread's, one lookup away; nil
    /// when the named post is missing or hidden.
    private func archivePage(_ route: ArchiveRoute, scope: ArchiveScope) throws -> ArchivePage? {
        switch route {
        case .thread(let messageID): try database.archiveThreadID(containing: messageID, scope: scope).map(ArchivePage.thread)
        case .threadMbox(let messageID): try database.archiveThreadID(containing: messageID, scope: scope).map(ArchivePage.threadMbox)
        default: .route(route)
        }
    }

    /// The page, or nil when it does not exist for this scope (404).
    private func answer(_ page: ArchivePage, scope: ArchiveScope) throws -> ArchiveAnswer? {
        switch page {
        case .thread(let threadID): return try threadPage(threadID, scope)
        case .threadMbox(let threadID): return try threadMbox(threadID, scope)
        case .route(let route):
            switch route {
            case .home: return try homePage(scope)
            case .stylesheet: return nil
            case .feed: return try feed(subIssue: nil, scope)
            case .subIssueFeed(let id): return try feed(subIssue: id, scope)
            case .subIssue(let id, let page): return try subIssuePage(id, page: page, scope)
            case .month(let year, let month): return try monthPage(year: year, month: month, scope)
            case .member(let key): return try memberPage(key, scope)
            case .message(let id): return try messagePage(id, scope)
            case .raw(let id): return try rawMessage(id, scope)
            case .attachment(let id, let number): return try attachment(id, number: number, scope)
            case .search(let text, let order, let page): return try searchPage(text, order: order, page: page, scope)
            // Resolved to their thread by `archivePage(_:scope:)`.
            case .thread, .threadMbox: return nil
            }
        }
    }

    // MARK: Responses

    /// The one not-found page: the same status and bytes for a missing, hidden or malformed URL.
    /// It is in the community's language whoever asks: a page a member may not see must not
    /// differ from a missing one by its words either.
    func notFound() -> ArchiveAnswer {
        SignedInBar.$current.withValue(SignedInBar.current.map { bar in var bar = bar; bar.language = nil; return bar }) {
            errorPage(.notFound, heading: say(.webNotFoundHeading), explanation: say(.webNotFoundText))
        }
    }

    private func forbidden() -> ArchiveAnswer {
        errorPage(.forbidden, heading: say(.webNotPublicHeading),
                  explanation: say(settings.access.audience == .organisation ? .webNotPublicOrganisation : .webNotPublicMembers))
    }

    func errorPage(_ status: HTTPResponse.Status, heading: String, explanation: String) -> ArchiveAnswer {
        let html = page("error.html.mustache", title: heading, ["heading": heading, "explanation": explanation])
        return Self.response(status, type: "text/html; charset=utf-8", body: html, cache: "no-store")
    }

    /// A page in the layout; `view` gets the values every page has, and the HTML `placed` in it
    /// is put where its placeholders came out.
    func page(_ template: String, title: String, feed: String? = nil, _ view: [String: Any], placed: PlacedHTML? = nil) -> String {
        var view = view
        let words = words[readerLanguage] ?? PageWords(readerLanguage, community: settings.community)
        view["title"] = title
        view["lang"] = words.language.rawValue
        view["labels"] = words.labels
        view["community"] = settings.community.name
        view["links"] = [
            "home": links.home, "stylesheet": links.stylesheet, "search": links.searchForm,
            "signIn": links.signIn, "signOut": links.signOut,
        ]
        if let bar = SignedInBar.current, bar.isSignedIn { view["signedIn"] = ["name": bar.name, "formToken": bar.formToken] }
        if offersWriting { (view["links"] as? [String: String]).map { view["links"] = $0.merging(["post": links.post]) { $1 } } }
        if let feed { view["feed"] = feed }
        let html = templates.renderPage(template, view)
        return placed?.filled(html) ?? html
    }

    func htmlResponse(_ html: String) -> ArchiveAnswer {
        Self.response(.ok, type: "text/html; charset=utf-8", body: html, cache: "no-cache")
    }

    static func response(_ status: HTTPResponse.Status, type: String, body: String, cache: String) -> ArchiveAnswer {
        ArchiveAnswer(status: status, contentType: type, cacheControl: cache, bytes: Array(body.utf8))
    }

    static func response(
        _ status: HTTPResponse.Status, type: String, bytes: [UInt8], cache: String, disposition: String? = nil
    ) -> ArchiveAnswer {
        ArchiveAnswer(status: status, contentType: type, cacheControl: cache, bytes: bytes, disposition: disposition)
    }
}

/// What the archive answers to one request, before it becomes an HTTP response (the security
/// headers are added to every response by `SecurityHeadersMiddleware`).
struct ArchiveAnswer: Sendable, Hashable {
    var status: HTTPResponse.Status
    var contentType: String
    var cacheControl: String
    var bytes: [UInt8]
    /// `Content-Disposition`, for downloads.
    var disposition: String?
    /// `Set-Cookie` lines (signing in and out).
    var setCookies: [String] = []
    /// `Location`, for redirects.
    var location: String?

    var response: Response {
        var headers = HTTPFields()
        headers[.contentType] = contentType
        headers[.cacheControl] = cacheControl
        if let disposition { headers[.contentDisposition] = disposition }
        if let location { headers[.location] = location }
        for cookie in setCookies { headers.append(HTTPField(name: .setCookie, value: cookie)) }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes)))
    }

    var text: String { String(decoding: bytes, as: UTF8.self) }
}
