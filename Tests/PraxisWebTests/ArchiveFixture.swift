import Foundation
import Logging
import PraxisCommunity
import PraxisMail
import PraxisStore
import PraxisSystem
@testable import PraxisWeb

/// One archive for one test: a temporary maildir and store, posts recorded from real message
/// files in `cur/` (as ingest leaves them), and the site over them. Removed when released.
final class ArchiveFixture {
    let folder: URL
    let database: PraxisDatabase
    let maildir: Maildir
    private var sequence = 0

    static let subIssues = [
        SubIssue.general,
        SubIssue(id: "cycling", name: "Cycling", description: "Bike lanes & <parking>"),
        SubIssue(id: "hr", name: "Staffing matters", isProtected: true, members: ["boss@example.org"]),
    ]

    init() throws {
        folder = URL(fileURLWithPath: "/tmp/praxis-web-\(UUID().uuidString.prefix(13))")
        maildir = Maildir(path: folder.appendingPathComponent("Maildir").path)
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        try maildir.create()
        database = try PraxisDatabase(path: folder.appendingPathComponent("praxis.sqlite").path)
    }

    deinit { try? FileManager.default.removeItem(at: folder) }

    /// Writes `raw` into `cur/` and records it in `subIssue`; protected when the sub-issue is.
    @discardableResult
    func add(_ raw: String, subIssue: String = "cycling", keepFile: Bool = true) throws -> String {
        sequence += 1
        let name = "\(sequence).test.example:2,"
        let bytes = Array(raw.replacingOccurrences(of: "\n", with: "\r\n").utf8)
        let path = maildir.curPath + "/" + name
        if keepFile { try Data(bytes).write(to: URL(fileURLWithPath: path)) }
        let message = MailMessage(bytes)
        let isProtected = Self.subIssues.first { $0.id == subIssue }?.isProtected ?? false
        let post = NewPost(
            message: message, receivedAt: Date(), trimmedText: NewText.trimmed(message.body.readerText), fileName: name,
            classification: PostClassification(subIssue: subIssue, stage: .explicit), isProtected: isProtected)
        _ = try database.recordPosts([post])
        return message.messageID ?? ""
    }

    func settings(audience: ArchiveAudience = .public, basePath: String = "/", signOn: OrganisationSignOn = OrganisationSignOn()) -> ArchiveSettings {
        ArchiveSettings(
            community: Community(name: "Mobility <CoP>", listAddress: "mobility@lists.example.org", objectives: ["Safer streets"]),
            subIssues: Self.subIssues, coreAddresses: ["boss@example.org"],
            access: ArchiveAccess(audience: audience, signOn: signOn), basePath: basePath, baseURL: nil)
    }

    func site(audience: ArchiveAudience = .public, basePath: String = "/", signOn: OrganisationSignOn = OrganisationSignOn()) throws -> ArchiveSite {
        try ArchiveSite(
            settings: settings(audience: audience, basePath: basePath, signOn: signOn), database: database, maildir: maildir,
            templates: .builtIn, logger: Logger(label: "archive-test"))
    }

    static func message(id: String, from: String = "Alice Example <alice@example.org>", subject: String, body: String,
                        inReplyTo: String? = nil, date: String = "Mon, 01 Mar 2004 10:00:00 +0000", extraHeaders: String = "") -> String {
        var header = "From: \(from)\nTo: mobility@lists.example.org\nSubject: \(subject)\nDate: \(date)\nMessage-ID: <\(id)>\n"
        if let inReplyTo { header += "In-Reply-To: <\(inReplyTo)>\n" }
        return header + extraHeaders + "\n" + body
    }
}
