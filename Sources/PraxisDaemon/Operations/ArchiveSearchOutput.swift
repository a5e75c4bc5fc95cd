import Foundation
import PraxisCommunity
import PraxisStore

/// What `praxis search` found, as JSON or as text for people.
public struct ArchiveSearchOutput: Sendable {
    let query: String
    let results: SearchResults

    /// The most hits a page holds.
    public static let largestPage = PraxisDatabase.maximumSearchPageSize

    public var json: String {
        var writer = JSONWriter()
        writer.object { object in
            object.field("query", query)
            object.field("total", results.total)
            object.field("total_is_capped", results.isTotalCapped)
            object.field("page", results.page)
            object.field("page_size", results.pageSize)
            object.strings("notices", results.notices)
            object.array("hits", results.hits) { item, hit in
                item.object { fields in
                    fields.field("message_id", hit.messageID)
                    fields.field("subject", hit.subject)
                    fields.field("author_name", hit.authorName)
                    fields.field("author_address", hit.authorAddress)
                    fields.field("date", JSONWriter.utc(hit.date))
                    fields.field("sub_issue", hit.subIssue)
                    fields.field("thread_root_message_id", hit.threadRootMessageID)
                    fields.array("snippet", hit.snippet) { segment, piece in
                        segment.object { part in
                            part.field("text", piece.text)
                            part.field("match", piece.isMatch)
                        }
                    }
                }
            }
        }
        return writer.text
    }

    /// One block per hit, each on a few lines; matches in the snippet marked `[[…]]`.
    public var text: String {
        var text = results.notices.map { "note: \($0)\n" }.joined()
        let first = (results.page - 1) * results.pageSize + 1
        let found = (results.isTotalCapped ? "more than " : "") + "\(results.total) posts found"
        text += results.hits.isEmpty ? found + "\n" : found + "; \(first)–\(first + results.hits.count - 1) shown\n"
        for hit in results.hits {
            let author = hit.authorName.map { "\(Self.oneLine($0)) <\(hit.authorAddress)>" } ?? hit.authorAddress
            let snippet = hit.snippet.map { $0.isMatch ? "[[\($0.text)]]" : $0.text }.joined()
            text += """

                \(JSONWriter.utc(hit.date))  [\(hit.subIssue)]  \(Self.oneLine(hit.subject))
                  from \(author)
                  <\(hit.messageID ?? "no Message-ID")>
                  \(Self.oneLine(snippet))

                """
        }
        return text
    }

    private static func oneLine(_ text: String) -> String {
        text.split(whereSeparator: \.isNewline).joined(separator: " ")
    }
}

extension CommunityInstance {
    /// `praxis search`: page `page` of `limit` hits for `query`, protected posts only with
    /// `includeProtected`. Throws `DaemonError` (`.invalidOption`) for an order other than
    /// `newest` or `best` and for a query whose date does not parse.
    public func searchArchive(
        _ query: String, includeProtected: Bool, order: String, page: Int, limit: Int
    ) throws -> ArchiveSearchOutput {
        guard let order = SearchOrder(rawValue: order) else {
            throw DaemonError.invalidOption("--order", value: order, choices: SearchOrder.allCases.map(\.rawValue))
        }
        let parsed: SearchQuery
        do {
            parsed = try SearchQuery(parsing: query)
        } catch {
            throw DaemonError.invalidQuery(error.message)
        }
        let scope = ArchiveScope(
            includeProtected: includeProtected, protectedSubIssues: configuration.subIssues.filter(\.isProtected).map(\.id))
        let results = try database.search(parsed, scope: scope, order: order, page: page, pageSize: limit)
        return ArchiveSearchOutput(query: query, results: results)
    }
}
