import Foundation
import PraxisCommunity
import PraxisMail
import PraxisStore
import PraxisSystem

/// `praxis export --to DIR` (DESIGN.md §9): the whole community written for the organisation's
/// memory, in the layout `CommunityExport` decides. Nothing is deleted or changed in the store.
public struct CommunityExporter {
    public let instance: CommunityInstance

    public init(instance: CommunityInstance) {
        self.instance = instance
    }

    /// One file written: its path relative to the folder, and how many records it holds.
    public struct WrittenFile: Sendable, Hashable {
        public var path: String
        public var records: Int
        public var bytes: Int
    }

    var plan: CommunityExport {
        CommunityExport(subIssues: instance.configuration.allSubIssues, core: instance.configuration.circles.core)
    }

    /// Writes everything into `folder`, which must be empty or absent unless `force`; returns the
    /// files written, in the order written.
    public func export(to folder: String, force: Bool) throws -> [WrittenFile] {
        try Self.prepare(folder, force: force)
        var written: [WrittenFile] = []
        written += try writeMboxes(into: folder)
        written += try writeMembers(into: folder)
        written += try writeTransitions(into: folder)
        written += try writeProducts(into: folder)
        let reviews = try reviewsExport()
        written.append(try write(Array(try Self.json(reviews).utf8), records: reviews.reviews.count + reviews.decisions.count,
                                 as: "reviews.json", in: folder))
        return written
    }

    /// Every quarter's checklist since the community began, as it reads today, and every decision
    /// the core group recorded: what `praxis review` and `review history` show.
    func reviewsExport() throws -> ReviewsExport {
        let review = QuarterlyReview(configuration: instance.configuration, database: instance.database)
        return try instance.database.reviewsExport(run: review.run, at: Date())
    }

    static func json(_ export: ReviewsExport) throws -> String {
        let encoder = JSONEncoder()
        encoder.dateEncodingStrategy = .iso8601
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(export), as: UTF8.self) + "\n"
    }

    private static func prepare(_ folder: String, force: Bool) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        if manager.fileExists(atPath: folder, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw DaemonError.notWritten(folder, reason: "it is a file, not a folder") }
            let entries = (try? manager.contentsOfDirectory(atPath: folder)) ?? []
            if !entries.isEmpty && !force {
                throw DaemonError.notWritten(folder, reason: "the folder is not empty; give --force to write into it anyway")
            }
        }
        do {
            try manager.createDirectory(atPath: folder, withIntermediateDirectories: true)
        } catch {
            throw DaemonError.notWritten(folder, reason: "the folder cannot be created (\(error.localizedDescription))")
        }
    }

    /// One mbox per sub-issue, protected ones apart. A post whose file is gone (or that was
    /// imported without one) is written from what the store keeps of it.
    private func writeMboxes(into folder: String) throws -> [WrittenFile] {
        let plan = self.plan
        var files: [String: (mbox: [UInt8], count: Int)] = [:]
        var order: [String] = []
        for exported in try instance.database.postsForExport() {
            let post = exported.post
            let path = plan.mboxPath(
                subIssue: post.subIssue, isProtected: plan.isProtected(subIssue: post.subIssue, storedProtected: exported.isProtected))
            if files[path] == nil { order.append(path) }
            let bytes = source(of: post) ?? composed(exported)
            Mbox.append(bytes, date: post.date, to: &files[path, default: ([], 0)].mbox)
            files[path, default: ([], 0)].count += 1
        }
        return try order.map { path in
            try write(files[path]?.mbox ?? [], records: files[path]?.count ?? 0, as: path, in: folder)
        }
    }

    private func source(of post: ArchivePost) -> [UInt8]? {
        guard let name = post.fileName, !name.isEmpty, !name.contains("/") else { return nil }
        return instance.maildir.message(uniqueName: Maildir.uniquePart(of: name))
    }

    /// The post as the store keeps it, when its original is gone: its header fields and text.
    private func composed(_ exported: ExportedPost) -> [UInt8] {
        let post = exported.post
        return OutgoingMessage(
            from: MailAddress(name: post.authorName, address: post.authorAddress),
            to: [MailAddress(name: nil, address: instance.configuration.community.listAddress)],
            subject: post.subject, date: post.date, messageID: post.messageID, inReplyTo: exported.inReplyTo,
            body: .plain(post.trimmedText)
        ).rendered()
    }

    /// `members.csv` and `standings.csv`, for the open part and the protected one.
    private func writeMembers(into folder: String) throws -> [WrittenFile] {
        let plan = self.plan
        let members = try instance.database.memberDetailsList(includeLeft: true)
        let coreGroup = Set(plan.core.map { MailAddress(address: $0).normalized })
        var written: [WrittenFile] = []
        for isProtected in [false, true] {
            var roster = CSVRecords.spreadsheetLine(CommunityExport.membersHeader)
            var standings = CSVRecords.spreadsheetLine(CommunityExport.standingsHeader)
            var rosterCount = 0
            var standingCount = 0
            for details in members {
                let member = details.member
                let memberIsProtected = plan.isProtected(member: member.address)
                let shown = details.standings.filter { row in
                    memberIsProtected ? isProtected : plan.isProtected(subIssue: row.subIssue) == isProtected
                }
                // The roster: every member not admitted to a protected space openly; those who are, apart.
                if memberIsProtected == isProtected {
                    let held = Set(shown.map(\.standing))
                    let isCore = held.contains(.core) || coreGroup.contains(MailAddress(address: member.address).normalized)
                    let role: Standing = isCore ? .core : held.contains(.inner) ? .inner : .outer
                    roster += CSVRecords.spreadsheetLine([
                        member.address, member.name ?? "", role.rawValue, member.delivery.rawValue, member.digestFrequency.rawValue,
                        member.status.rawValue, Self.timestamp(member.joinedAt), member.leftAt.map(Self.timestamp) ?? "",
                        member.digestFormatName ?? "", member.receivesOwnPosts ? "yes" : "no",
                        member.ownLanguage?.rawValue ?? "",
                    ])
                    rosterCount += 1
                }
                for row in shown {
                    standings += CSVRecords.spreadsheetLine([
                        member.address, row.subIssue, row.standing.rawValue, Self.timestamp(row.since), row.isPinned ? "yes" : "no",
                    ])
                    standingCount += 1
                }
            }
            written.append(try write(Array(roster.utf8), records: rosterCount, as: plan.path("members.csv", isProtected: isProtected), in: folder))
            written.append(try write(
                Array(standings.utf8), records: standingCount, as: plan.path("standings.csv", isProtected: isProtected), in: folder))
        }
        return written
    }

    /// `transitions.json`, for the open part and the protected one.
    private func writeTransitions(into folder: String) throws -> [WrittenFile] {
        let plan = self.plan
        let transitions = try instance.database.allTransitions()
        return try [false, true].map { isProtected in
            let chosen = transitions.filter { transition in
                (plan.isProtected(member: transition.address) || plan.isProtected(subIssue: transition.subIssue)) == isProtected
            }
            var json = JSONWriter()
            json.object { object in
                object.array("transitions", chosen, JSONWriter.transition)
            }
            return try write(Array((json.text + "\n").utf8), records: chosen.count,
                             as: plan.path("transitions.json", isProtected: isProtected), in: folder)
        }
    }

    /// `products.json`, for the open part and the protected one: a product whose thread holds a
    /// protected post is listed only under `protected/`.
    private func writeProducts(into folder: String) throws -> [WrittenFile] {
        let products = try instance.products()
        return try [false, true].map { isProtected in
            let chosen = products.filter { $0.isProtected == isProtected }
            return try write(Array((ProductListing.json(chosen) + "\n").utf8), records: chosen.count,
                             as: plan.path("products.json", isProtected: isProtected), in: folder)
        }
    }

    private func write(_ bytes: [UInt8], records: Int, as path: String, in folder: String) throws -> WrittenFile {
        let url = URL(fileURLWithPath: folder).appendingPathComponent(path)
        do {
            try FileManager.default.createDirectory(at: url.deletingLastPathComponent(), withIntermediateDirectories: true)
            try Data(bytes).write(to: url, options: .atomic)
        } catch {
            throw DaemonError.notWritten(url.path, reason: "the system refused the write (\(error.localizedDescription))")
        }
        return WrittenFile(path: path, records: records, bytes: bytes.count)
    }

    static func timestamp(_ date: Date) -> String {
        JSONWriter.utc(date)
    }
}

extension [CommunityExporter.WrittenFile] {
    /// What `praxis export` prints: one line a file.
    public func exportText(folder: String) -> String {
        "wrote \(count) files into \(folder):\n" + map { "  \($0.path)  \($0.records) records, \($0.bytes) bytes" }.joined(separator: "\n")
    }

    /// `praxis export --json`: `{"folder": "...", "files": [{"path": "...", "records": 0, "bytes": 0}]}`.
    public func exportJSON(folder: String) -> String {
        var json = JSONWriter()
        json.object { object in
            object.field("folder", folder)
            object.array("files", self) { item, file in
                item.object { fields in
                    fields.field("path", file.path)
                    fields.field("records", file.records)
                    fields.field("bytes", file.bytes)
                }
            }
        }
        return json.text
    }
}
