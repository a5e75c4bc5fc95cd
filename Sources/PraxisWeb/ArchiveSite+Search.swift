import Foundation
import PraxisCommunity
import PraxisStore

/// The search page: the form, its help, and a page of results for the viewer's scope.
extension ArchiveSite {
    /// Hits per page of results.
    static let hitsPerPage = 20
    /// Longer searches are refused before they are parsed: nobody types this much, and a pasted
    /// page would only be cut to `SearchQuery.maximumTerms` terms anyway.
    static let maximumSearchLength = 2_000

    func searchPage(_ text: String?, order: SearchOrder, page number: Int, _ scope: ArchiveScope) throws -> ArchiveAnswer {
        guard let text else {
            return searchProblem("", say(.webSearchUnreadable))
        }
        let shown = Self.formText(text)
        guard text.count <= Self.maximumSearchLength else {
            return searchProblem(String(shown.prefix(200)), say(.webSearchTooLong, ["count": readerLanguage.number(Self.maximumSearchLength)]))
        }
        guard !shown.trimmingCharacters(in: .whitespaces).isEmpty else {
            return htmlResponse(page("search.html.mustache", title: say(.webSearch), ["query": "", "showsHelp": true, "isSearchPage": true]))
        }
        let query: SearchQuery
        do {
            query = try SearchQuery(parsing: text, language: readerLanguage)
        } catch {
            return searchProblem(shown, error.message)
        }
        let results = try searchResults(query, text: text, scope: scope, order: order, page: number)
        let placed = PlacedHTML()
        return htmlResponse(page("search.html.mustache", title: say(.webSearchTitle, ["query": Self.oneLine(shown)]),
                                 resultsView(shown, query: query, results: results, order: order, scope, placed), placed: placed))
    }

    private func resultsView(
        _ text: String, query: SearchQuery, results: SearchResults, order: SearchOrder, _ scope: ArchiveScope,
        _ placed: PlacedHTML
    ) -> [String: Any] {
        let hits = results.hits.map { hit -> [String: Any] in
            var row: [String: Any] = [
                "subject": subject(hit.subject), "date": format.date(hit.date),
                "author": authorName(hit.authorName),
                "authorURL": links.member(memberKey.key(for: hit.authorAddress)),
                "subIssueName": subIssueName(hit.subIssue), "subIssueURL": links.subIssue(hit.subIssue),
                "hasSnippet": !hit.snippet.isEmpty,
            ]
            // The snippet as escaped HTML with its matches marked, `placed` (`{{snippetHTML}}`): its
            // segments walked through the template's sections were a tenth of a search page's CPU
            // (issue 19). A template of the older layout walks `{{#snippet}}` itself.
            if templates.searchLaysOutSnippets {
                row["snippet"] = hit.snippet.map { ["text": $0.text, "isMatch": $0.isMatch] }
            } else {
                row["snippetHTML"] = placed.place(hit.snippet.map { segment in
                    segment.isMatch ? "<mark>" + EscapedTemplate.escapeHTML(segment.text) + "</mark>" : EscapedTemplate.escapeHTML(segment.text)
                }.joined())
            }
            if let id = hit.messageID { row["url"] = links.message(id) }
            return row
        }
        let pages = max(1, (results.total + results.pageSize - 1) / results.pageSize)
        var notices = query.notices(in: readerLanguage)
        // A sub-issue the viewer may not see is named exactly like one that does not exist.
        for id in query.subIssues where shownSubIssue(id, scope) == nil {
            notices.append(say(.webNoSuchSubIssue, ["id": Self.oneLine(id)]))
        }
        var summary = format.count(results.isTotalCapped ? .webFoundMoreThan : .webFound, results.total)
        if pages > 1 { summary += ", " + pageOf(results.page, pages) }
        if results.hits.isEmpty && results.page > pages { summary += "; " + say(.webPastLast) }
        var view: [String: Any] = [
            "query": text, "isSearchPage": true, "hits": hits, "hasHits": !hits.isEmpty, "summary": summary,
            "notices": notices, "ignored": query.ignored.joined(separator: " "), "hasIgnored": !query.ignored.isEmpty,
            "isNewest": order == .newest, "newestURL": links.search(text, order: .newest),
            "bestURL": links.search(text, order: .best), "isBest": order == .best,
        ]
        if results.page > 1 { view["previous"] = links.search(text, order: order, page: min(results.page - 1, pages)) }
        if results.page < pages { view["next"] = links.search(text, order: order, page: results.page + 1) }
        return view
    }

    /// A page of `query`'s results, cut from its matches kept for this scope and order when the
    /// store has not changed since (`SearchMatchCache`); else, for the first page newest first
    /// (what most searches are), found by date without ordering every match when that is cheaper
    /// (`searchFirstPage`); else matched anew and kept.
    private func searchResults(
        _ query: SearchQuery, text: String, scope: ArchiveScope, order: SearchOrder, page number: Int
    ) throws -> SearchResults {
        let key = SearchMatchCache.Key(query: text, scope: scope, order: order)
        let generation = storeChanges.generation()
        let matches: SearchMatches
        if let kept = searchMatchCache.matches(for: key, generation: generation) {
            matches = kept
        } else if number == 1, order == .newest,
                  let first = try database.searchFirstPage(query, scope: scope, pageSize: Self.hitsPerPage) {
            return first
        } else {
            matches = try database.searchMatches(query, scope: scope, order: order)
            searchMatchCache.keep(matches, for: key, generation: generation)
        }
        return try database.searchPage(of: matches, query: query, scope: scope, page: number, pageSize: Self.hitsPerPage)
    }

    /// The search form again with what is wrong said first, as 400.
    private func searchProblem(_ text: String, _ problem: String) -> ArchiveAnswer {
        let html = page("search.html.mustache", title: titled(say(.webSearch), problem: true),
                        ["query": text, "problem": problem, "showsHelp": true, "isSearchPage": true])
        return Self.response(.badRequest, type: "text/html; charset=utf-8", body: html, cache: "no-store")
    }

    /// The search as shown back in the form: control characters (NUL among them) as spaces, since
    /// the query language reads them so and a page must not carry them.
    static func formText(_ text: String) -> String {
        String(text.unicodeScalars.map { $0.properties.generalCategory == .control ? " " : Character($0) })
    }
}
