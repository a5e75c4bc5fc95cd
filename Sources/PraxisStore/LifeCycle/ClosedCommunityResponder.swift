import Foundation
import GRDB
import PraxisCommunity
import PraxisMail

/// A closed community's answer to what still arrives (DESIGN.md §9), inside the transaction that
/// records it: the day's automatic reply per sender, kept in `closed_replies` so a restart, a
/// second ingest or a flood never sends a second one that day. What to answer and how is
/// `ClosedCommunityDecider`'s; the command messages it leaves to be carried out (unsubscribing)
/// are the `EmailCommandProcessor`'s, which runs beside this one.
public struct ClosedCommunityResponder: RecordingFollowUp {
    public let decider: ClosedCommunityDecider
    /// Carries out and answers the command messages the decider leaves to it (leaving, looking).
    public let commands: EmailCommandProcessor

    public init(decider: ClosedCommunityDecider, commands: EmailCommandProcessor) {
        self.decider = decider
        self.commands = commands
    }

    static func createClosedReplies(_ db: Database) throws {
        try db.execute(sql: """
            CREATE TABLE closed_replies (
                id INTEGER PRIMARY KEY,
                address TEXT NOT NULL,
                day TEXT NOT NULL,
                post_id INTEGER REFERENCES posts(id) ON DELETE SET NULL,
                replied_at REAL NOT NULL,
                UNIQUE (address, day)
            );
            """)
    }

    public func followUp(_ recorded: [RecordedMessage], in db: Database) throws {
        var carriedOut: [RecordedMessage] = []
        for message in recorded {
            guard let screening = message.screening else { continue }
            let now = message.post.receivedAt
            let day = decider.day(of: now)
            let author = screening.author
            let toldToday = try author.map { try Self.wasTold($0, on: day, in: db) } ?? false
            let language = try author.flatMap { try MemberRecord.ownLanguage(of: $0, in: db) }
            let handling = decider.handling(of: Self.arrival(message), toldToday: toldToday, language: language)
            if handling == .carryOut { carriedOut.append(message) }
            guard case .reply(let notice) = handling, let author else { continue }
            try db.cachedStatement(sql: """
                INSERT INTO closed_replies (address, day, post_id, replied_at) VALUES (?, ?, ?, ?)
                """).execute(arguments: [author, day, message.postID, now.timeIntervalSince1970])
            try PraxisDatabase.apply([.queueReply(notice, at: now)], community: decider.community, in: db)
        }
        try commands.followUp(carriedOut, in: db)
    }

    /// Command messages are read for their commands; posts only for their header.
    public func readsMessageBody(of incoming: IncomingMessage, context: FollowUpContext) -> Bool {
        incoming.screening?.kind == .command
    }

    /// The recorded message as the decider reads it.
    static func arrival(_ message: RecordedMessage) -> ClosedCommunityDecider.Arrival {
        let kind = message.screening?.kind ?? .auto
        let commands = kind == .command
            ? EmailCommandParser.parse(
                subject: message.message.subject, newText: NewText.trimmed(message.message.body.readerText)
            ).commands
            : []
        return ClosedCommunityDecider.Arrival(
            kind: kind, author: message.screening?.author, commands: commands,
            isFromAList: message.message.header("list-id") != nil, subject: message.message.subject ?? "",
            messageID: message.message.messageID, references: message.message.references)
    }

    static func wasTold(_ address: String, on day: String, in db: Database) throws -> Bool {
        try Bool.fetchOne(db.cachedStatement(sql: """
            SELECT EXISTS (SELECT 1 FROM closed_replies WHERE address = ? AND day = ?)
            """), arguments: [address, day]) ?? false
    }
}

extension PraxisDatabase {
    /// The schedule name under which the farewell is recorded in `schedule_runs`.
    public static let farewellSchedule = "farewell"

    /// Queues the farewell notices of a closed community and records that they went, in one
    /// transaction; false (nothing queued) when they went before, so a restart never repeats them.
    public func queueFarewell(_ notices: [ListNotice], community: Community, at time: Date) async throws(StoreError) -> Bool {
        try await write("queueing the farewell of \(community.name)") { db in
            let sent = try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM schedule_runs WHERE schedule = ?)",
                                         arguments: [Self.farewellSchedule]) ?? false
            if sent { return false }
            try Self.apply(notices.map { .queueNotice($0, at: time) }, community: community, in: db)
            try db.execute(sql: "INSERT INTO schedule_runs (schedule, due_at, ran_at) VALUES (?, ?, ?)",
                           arguments: [Self.farewellSchedule, time.timeIntervalSince1970, time.timeIntervalSince1970])
            return true
        }
    }

    /// Whether the farewell of a closed community went out.
    public func farewellSent() throws(StoreError) -> Bool {
        try read("reading whether the farewell went") { db in
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM schedule_runs WHERE schedule = ?)",
                              arguments: [Self.farewellSchedule]) ?? false
        }
    }
}
