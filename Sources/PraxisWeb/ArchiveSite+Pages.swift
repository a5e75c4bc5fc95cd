import Foundation
import Hummingbird
import PraxisCommunity
import PraxisStore

/// The pages that list: home, sub-issue, month and member.
extension ArchiveSite {
    func homePage(_ scope: ArchiveScope) throws -> ArchiveAnswer {
        let activity = try database.archiveActivity(scope: scope)
        let subIssues: [[String: Any]] = settings.subIssues.filter { scope.shows(subIssue: $0.id) }.map { subIssue in
            let figures = activity[subIssue.id]
            var row: [String: Any] = [
                "name": subIssue.name, "url": links.subIssue(subIssue.id),
                "threads": readerLanguage.number(figures?.threadCount ?? 0), "posts": readerLanguage.number(figures?.postCount ?? 0),
                "latest": figures?.lastPostAt.map(format.date) ?? "–",
            ]
            if let description = subIssue.description { row["description"] = description }
            return row
        }
        let core = try database.archiveCoreGroup(addresses: settings.coreAddresses, memberKey: memberKey)
            .map { ["name": $0.name.map(Self.oneLine).flatMap { $0.isEmpty ? nil : $0 } ?? say(.webCoreMember), "url": links.member($0.key)] }
        let months = try database.archiveMonths(scope: scope).compactMap { entry -> [String: Any]? in
            let parts = entry.month.split(separator: "-").compactMap { Int($0) }
            guard parts.count == 2 else { return nil }
            return ["label": format.month(year: parts[0], month: parts[1]), "posts": readerLanguage.number(entry.posts),
                    "url": links.month(year: parts[0], month: parts[1])]
        }
        // Only products whose whole thread this viewer may read: nothing of a protected one, not even a count.
        let products = try database.archiveProducts(scope: scope).map { product -> [String: Any] in
            var entry: [String: Any] = ["kind": kindLabel(product.kind), "subject": subject(product.subject),
                                        "url": links.thread(product.threadMessageID), "subIssue": subIssueName(product.subIssue),
                                        "date": format.date(product.markedAt)]
            if let note = product.note { entry["note"] = note }
            return entry
        }
        let community = settings.community
        let subscribe = "mailto:\(community.requestAddress)?subject=subscribe"
        let view: [String: Any] = [
            "products": products, "hasProducts": !products.isEmpty,
            "objectives": community.objectives.map(\.text), "hasObjectives": !community.objectives.isEmpty,
            "subIssues": subIssues, "coreGroup": core, "hasCoreGroup": !core.isEmpty,
            "requestAddress": community.requestAddress, "listAddress": community.listAddress, "subscribeLink": subscribe,
            "months": months, "hasMonths": !months.isEmpty,
        ]
        return htmlResponse(page("home.html.mustache", title: say(.webStartTitle), feed: links.feed, view))
    }

    func subIssuePage(_ id: String, page number: Int, _ scope: ArchiveScope) throws -> ArchiveAnswer? {
        guard let subIssue = shownSubIssue(id, scope) else { return nil }
        let perPage = Self.threadsPerPage
        let (threads, total) = try database.archiveThreads(
            subIssue: id, scope: scope, offset: (number - 1) * perPage, limit: perPage)
        // A page past the end exists only as the first page of an empty sub-issue.
        guard number == 1 || !threads.isEmpty else { return nil }
        let rows = threads.map { thread -> [String: Any] in
            ["subject": subject(thread.subject), "url": links.thread(thread.firstMessageID),
             "posts": format.count(.webPostCount, thread.postCount), "latest": format.date(thread.lastPostAt)]
        }
        let pages = max(1, (total + perPage - 1) / perPage)
        var view: [String: Any] = [
            "name": subIssue.name, "threads": rows, "hasThreads": !rows.isEmpty,
            "summary": format.count(.webThreadCount, total) + (pages > 1 ? ", " + pageOf(number, pages) : ""),
        ]
        if let description = subIssue.description { view["description"] = description }
        if number > 1 { view["newer"] = links.subIssue(id, page: number - 1) }
        if number < pages { view["older"] = links.subIssue(id, page: number + 1) }
        return htmlResponse(page("sub-issue.html.mustache", title: subIssue.name, feed: links.subIssueFeed(id), view))
    }

    func monthPage(year: Int, month: Int, _ scope: ArchiveScope) throws -> ArchiveAnswer? {
        var utc = Calendar(identifier: .gregorian)
        utc.timeZone = TimeZone(identifier: "UTC") ?? .current
        guard let start = utc.date(from: DateComponents(year: year, month: month, day: 1)),
              let end = utc.date(byAdding: .month, value: 1, to: start)
        else { return nil }
        let posts = try database.archivePosts(in: DateInterval(start: start, end: end), scope: scope, limit: Self.postsPerList)
        guard !posts.isEmpty else { return nil }
        let rows = posts.map { post -> [String: Any] in
            ["subject": subject(post.subject), "url": links.message(post.messageID),
             "author": authorName(post), "date": format.date(post.date),
             "subIssueName": subIssueName(post.subIssue), "subIssueURL": links.subIssue(post.subIssue)]
        }
        let label = format.month(year: year, month: month)
        let atMost = posts.count == Self.postsPerList ? " " + say(.webFirstOnes, ["count": readerLanguage.number(Self.postsPerList)]) : ""
        var view: [String: Any] = [
            "label": label, "posts": rows, "hasPosts": true, "summary": format.count(.webPostCount, posts.count) + atMost,
        ]
        let previous = month == 1 ? (year - 1, 12) : (year, month - 1)
        let next = month == 12 ? (year + 1, 1) : (year, month + 1)
        view["previous"] = links.month(year: previous.0, month: previous.1)
        view["previousLabel"] = format.month(year: previous.0, month: previous.1)
        view["next"] = links.month(year: next.0, month: next.1)
        view["nextLabel"] = format.month(year: next.0, month: next.1)
        return htmlResponse(page("month.html.mustache", title: label, view))
    }

    func memberPage(_ key: String, _ scope: ArchiveScope) throws -> ArchiveAnswer? {
        guard let author = try database.archiveAuthor(key: key, memberKey: memberKey, scope: scope, limit: Self.postsPerList) else {
            return nil
        }
        let name = author.name.map(Self.oneLine).flatMap { $0.isEmpty ? nil : $0 } ?? say(.webAMember)
        let standings = settings.subIssues.compactMap { subIssue -> [String: Any]? in
            guard let standing = author.standings[subIssue.id] else { return nil }
            return ["name": subIssue.name, "url": links.subIssue(subIssue.id), "circle": circleName(standing)]
        }
        let posts = author.posts.map { post -> [String: Any] in
            ["subject": subject(post.subject), "url": links.message(post.messageID), "date": format.date(post.date),
             "subIssueName": subIssueName(post.subIssue), "subIssueURL": links.subIssue(post.subIssue)]
        }
        let view: [String: Any] = [
            "name": name, "standings": standings, "hasStandings": !standings.isEmpty, "posts": posts,
            "summary": format.count(.webPostCount, author.postCount)
                + (author.postCount > posts.count ? ", " + say(.webLatestBelow, ["count": readerLanguage.number(posts.count)]) : ""),
        ]
        return htmlResponse(page("member.html.mustache", title: name, view))
    }

    // MARK: Shared

    /// The configured sub-issue `id`, if the scope shows it.
    func shownSubIssue(_ id: String, _ scope: ArchiveScope) -> SubIssue? {
        guard scope.shows(subIssue: id) else { return nil }
        return settings.subIssues.first { $0.id == id }
    }

    func subIssueName(_ id: String) -> String { settings.subIssues.first { $0.id == id }?.name ?? id }

    /// A subject or name on one line, trimmed (empty when there is nothing): CR, LF, tabs and
    /// other control characters become spaces, so a header value can never break a page's (or a
    /// feed's) structure. `subject(_:)` and `authorName(_:)` say what an empty one is.
    static func oneLine(_ text: String) -> String {
        // Most subjects and names are one line already, trimmed: kept as they are (a thread page
        // has two for each post, and rebuilding each went through `NSString`).
        let scalars = text.unicodeScalars
        if !scalars.contains(where: { $0.value < 0x20 || $0.value == 0x7F }),
           scalars.first.map({ !trimmedSpace.contains($0) }) ?? true, scalars.last.map({ !trimmedSpace.contains($0) }) ?? true {
            return text
        }
        let flat = String(text.unicodeScalars.map { $0.value < 0x20 || $0.value == 0x7F ? " " : Character($0) })
        return flat.trimmingCharacters(in: trimmedSpace)
    }

    private static let trimmedSpace = CharacterSet.whitespaces

    /// "page 2 of 5" in the reader's language.
    func pageOf(_ number: Int, _ pages: Int) -> String {
        say(.webPageOf, ["page": readerLanguage.number(number), "pages": readerLanguage.number(pages)])
    }

    /// A product's kind as the home page names it.
    func kindLabel(_ kind: Product.Kind) -> String {
        switch kind {
        case .solution: say(.webProductSolution)
        case .summary: say(.webProductSummary)
        case .decision: say(.webProductDecision)
        }
    }

    /// A stored standing (`core`, `inner`, `outer`) as the member page names it; another word as stored.
    func circleName(_ standing: String) -> String {
        switch standing {
        case "core": say(.standingCore)
        case "inner": say(.standingInner)
        case "outer": say(.standingOuter)
        default: standing
        }
    }
}
