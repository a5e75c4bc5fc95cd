import Foundation
import GRDB
import Logging
import PraxisCommunity
import PraxisMail
import PraxisStore
import PraxisSystem

/// Records what the MTA delivered into the maildir (DESIGN.md §2.1–2.2).
///
/// A message goes through four steps: read and parse, screen, record (in one transaction with up
/// to `transactionSize` others), and only then claim (rename `new/X` to `cur/X:2,S`). A crash anywhere leaves every
/// message either still in `new/` or recorded, and recording is idempotent, so the next run simply
/// carries on. What cannot be recorded is moved to the `.Quarantine` folder with its reason.
public final class Ingestor: Sendable {
    public let maildir: Maildir
    let database: PraxisDatabase
    /// Screens, trims and classifies each message (the thread stage follows in the store).
    let intake: Intake
    /// What reacts to the recorded messages inside their transaction (held notices, command
    /// replies, distribution, circles).
    let followUps: [any RecordingFollowUp]
    /// The explicit and learned classification stages; nil records every post as `general`
    /// (the thread stage still applies).
    let classifier: IncomingClassifier?
    let logger: Logger
    /// How many messages are read and parsed together (one piece of the pipeline).
    let batchSize: Int
    /// The default piece: at most `batchesAhead` + 2 are in memory at once (one being parsed, the
    /// others waiting, one being written), so this bounds ingest's memory (with the bodies no
    /// follow-up reads dropped, 86 MB peak RSS on 50,000 list messages of 9 KB).
    public static let defaultBatchSize = 250
    /// How many messages one transaction records while a backlog drains: commits that cover more
    /// posts write fewer index pages per post (see `WriterHandoff`). On 50,000 list messages,
    /// 2,000 per transaction took a fifth less CPU than 250 (7.1–7.7 s against 9.2–9.6 s, back to back).
    public static let transactionSize = 2_000
    /// How many prepared batches may wait for the writer. At the end of each transaction the
    /// writer indexes its 2,000 posts' texts for search (`PendingPostTexts`), ~70 ms for member
    /// posts on 2 cores, about three batches' preparation: with room for one batch, preparation
    /// stopped for most of it, and those stops were a tenth of ingest's time (5,000 member posts:
    /// 7,615 msg/s with 1, 8,136 with 4, 8,012 with 8; Benchmarks/README). The price is up to
    /// three more batches in memory: peak RSS at 50,000 held posts or list copies 77.5 → 86.5 MB,
    /// at 5,000 member posts 102 → 109 MB.
    public static let batchesAhead = 4
    /// Messages larger than this many bytes are quarantined, unread (`limits.message_bytes`).
    let messageLimit: Int
    /// Finds the DMARC policy a post's list copy depends on (`list.from_rewrite: dmarc`); nil
    /// when no copy depends on one.
    let dmarc: DMARCPolicyLookup?

    public init(
        maildir: Maildir, database: PraxisDatabase, community: Community, followUps: [any RecordingFollowUp] = [],
        classifier: IncomingClassifier? = nil, logger: Logger, batchSize: Int = Ingestor.defaultBatchSize,
        messageLimit: Int = Configuration.Limits.standardMessageBytes,
        impersonation: ImpersonationCheck? = nil, dmarc: DMARCPolicyLookup? = nil
    ) {
        self.messageLimit = messageLimit
        self.dmarc = dmarc
        self.classifier = classifier
        self.maildir = maildir
        self.database = database
        self.intake = Intake(
            screener: Screener(community: community, impersonation: impersonation), classifier: classifier?.classifier)
        self.followUps = followUps
        self.logger = logger
        self.batchSize = max(1, batchSize)
    }

    /// What one pass did.
    public struct Tally: Sendable, Hashable {
        public var recorded = 0
        public var duplicates = 0
        public var quarantined = 0
        public var bytes = 0

        public static func += (left: inout Tally, right: Tally) {
            left.recorded += right.recorded
            left.duplicates += right.duplicates
            left.quarantined += right.quarantined
            left.bytes += right.bytes
        }
    }

    /// Records and claims everything in `new/` now, in batches. While one batch is being written
    /// to the database, the next is read and parsed, so both cores work during a backlog.
    @discardableResult
    public func drainNew() async throws -> Tally {
        let listing = try maildir.listing(of: "new")
        var tally = try await quarantineUndecodable(listing.undecodable, in: "new")
        // Oldest first (maildir names start with the delivery time), so threads build in order.
        tally += try await record(listing.names.sorted(), in: "new", claim: true)
        return tally
    }

    /// The start-up rescan of `cur/`: records files the store does not know. After a power cut
    /// between a claim and the commit reaching the disk, this is what finds the lost messages.
    @discardableResult
    public func recordUnknownCurrent() async throws -> Tally {
        let known = try database.knownFileNames()
        let listing = try maildir.listing(of: "cur")
        let unknown = listing.names.filter { !known.contains(MaildirName.unique($0)) }.sorted()
        var tally = try await quarantineUndecodable(listing.undecodable, in: "cur")
        tally += try await record(unknown, in: "cur", claim: false)
        if tally.recorded + tally.duplicates + tally.quarantined > 0 {
            logger.notice("recorded files found in cur/ that the store did not know", metadata: [
                "recorded": "\(tally.recorded)", "duplicates": "\(tally.duplicates)", "quarantined": "\(tally.quarantined)",
            ])
        }
        return tally
    }

    /// Quarantines the entries of `folder` whose names are not UTF-8, under readable names. No
    /// MTA makes such a name (maildir names are a time, a process and a host name), and the store,
    /// the claim into `cur/` and every later look-up of a post's file go by a text name, so the
    /// file cannot be recorded as it is; left where it is, it would wait unseen for ever.
    private func quarantineUndecodable(_ rawNames: [[UInt8]], in folder: String) async throws -> Tally {
        guard !rawNames.isEmpty else { return Tally() }
        let files = rawNames.map { raw in
            let name = Maildir.readableName(raw)
            return QuarantinedFile(
                fileName: name, folder: folder, reason: "the file name is not UTF-8; quarantined as \(name)", rawName: raw)
        }
        try await database.write("recording the quarantine of files whose names are not UTF-8") { db in
            for file in files { try PraxisDatabase.recordQuarantine(fileName: file.fileName, reason: file.reason, in: db) }
        }
        for file in files { moveToQuarantine(file) }
        var tally = Tally()
        tally.quarantined = files.count
        return tally
    }

    /// Records `names` from `folder` as a three-stage pipeline: batches are read and parsed on all
    /// cores; the database's writer records them as they come, several batches per transaction
    /// while a backlog drains; after each commit, the files it recorded are claimed (or moved to
    /// the quarantine) while the next transaction runs. A file is claimed only after the
    /// transaction that recorded it committed.
    private func record(_ names: [String], in folder: String, claim: Bool) async throws -> Tally {
        guard !names.isEmpty else { return Tally() }
        let handoff = WriterHandoff<PreparedBatch>(capacity: Self.batchesAhead)
        let (committedBatches, toFinish) = AsyncStream<[Written]>.makeStream()
        let batchSize = self.batchSize
        let followUps = self.followUps
        return try await withThrowingTaskGroup(of: Tally.self) { group in
            group.addTask {
                for start in stride(from: 0, to: names.count, by: batchSize) {
                    let batch = Array(names[start..<min(start + batchSize, names.count)])
                    let prepared = try await self.prepare(batch, folder: folder, writerIsIdle: start == 0)
                    // False when the writer stopped on an error, which the group then throws.
                    guard await handoff.put(prepared) else { break }
                }
                handoff.finish()
                return Tally()
            }
            group.addTask {
                defer { toFinish.finish() }
                try await self.database.writeGroups(
                    from: handoff, groupWeight: Self.transactionSize, weight: \.count,
                    operation: "recording ingested messages",
                    body: { batch, texts, db in try Self.write(batch, followUps: followUps, texts: &texts, in: db) },
                    committed: { toFinish.yield($0) })
                return Tally()
            }
            group.addTask {
                var tally = Tally()
                for await batches in committedBatches {
                    for written in batches {
                        tally += written.tally
                        if claim { self.claimAll(written.recorded) }
                        for file in written.quarantined { self.moveToQuarantine(file) }
                    }
                }
                return tally
            }
            var tally = Tally()
            do {
                for try await part in group { tally += part }
            } catch {
                // The producer may wait for room that a failed writer will never make.
                handoff.finish()
                throw error
            }
            return tally
        }
    }

    // MARK: Steps

    /// One message after reading, parsing and screening, ready to record.
    struct Prepared: Sendable {
        var fileName: String
        var folder: String
        var outcome: Outcome

        enum Outcome: Sendable {
            case record(IncomingMessage)
            /// A post whose list copy depends on the DMARC policy of `domain`, which the cache did
            /// not know: prepared once the batch's lookups are done (`preparedWithPolicies`).
            case awaitingPolicy(IncomingMessage, domain: String)
            case quarantine(reason: String)
            /// Gone before we read it (another process claimed it): nothing to do.
            case vanished
        }
    }

    /// A batch after reading, parsing and screening, sorted for the writer: the messages to
    /// record (handed to the store whole, not copied out one by one on the writer, which ingest
    /// waits for) and the files to quarantine.
    struct PreparedBatch: Sendable {
        var incoming: [IncomingMessage] = []
        /// The file name of each of `incoming`, in the same order.
        var fileNames: [String] = []
        /// The sizes of `incoming` added up.
        var bytes = 0
        var quarantined: [QuarantinedFile] = []

        /// How many messages the writer records (or quarantines) for this batch.
        var count: Int { incoming.count + quarantined.count }

        init(_ prepared: [Prepared]) {
            incoming.reserveCapacity(prepared.count)
            fileNames.reserveCapacity(prepared.count)
            for file in prepared {
                switch file.outcome {
                case .record(let message):
                    bytes += message.post.size
                    incoming.append(message)
                    fileNames.append(file.fileName)
                case .awaitingPolicy(let message, _):
                    // Not reached: `preparedWithPolicies` prepares these first. Recorded
                    // unprepared, its copy is made on the writer, without a policy.
                    bytes += message.post.size
                    incoming.append(message)
                    fileNames.append(file.fileName)
                case .quarantine(let reason):
                    quarantined.append(QuarantinedFile(fileName: file.fileName, folder: file.folder, reason: reason))
                case .vanished:
                    continue
                }
            }
        }
    }

    /// A file that cannot be recorded, and why.
    struct QuarantinedFile: Sendable {
        /// Its name in the store and in the quarantine.
        var fileName: String
        var folder: String
        var reason: String
        /// Its name in `folder` when that is not UTF-8 (`fileName` is then its readable form).
        var rawName: [UInt8]? = nil
    }

    /// Reads, parses and screens `names` on every core but one.
    ///
    /// - Parameter writerIsIdle: nothing is being recorded meanwhile (the first batch of a
    ///   pass): every core prepares.
    func prepare(_ names: [String], folder: String, writerIsIdle: Bool = false) async throws -> PreparedBatch {
        // A failure here must not read as "nobody is a member": that would hold every post.
        let standings = try memberStandings()
        let webPosts = try database.webPostSigner()
        // Read once per batch: the model may be replaced meanwhile, and a batch uses one model.
        let context = try classifier?.intakeContext(reading: database) ?? Intake.Context()
        // What the follow-ups' own preparation needs (the core group), also once per batch.
        let followUps = self.followUps
        let preparationContexts = try database.read("reading what the follow-ups prepare with") { db in
            try followUps.preparationContext(in: db)
        }
        let receivedAt = Date()
        // One core is left to the database writer, which is what a backlog waits for: with a
        // third busy thread on two cores it got only two thirds of one. On 2 cores one piece at
        // a time ingested 50,000 held posts 5-7% faster than 8 pieces at once, and list copies
        // no slower. More pieces than may run at once, so that one that finishes early is
        // followed by another instead of leaving its core idle. The first batch has every core:
        // the writer has nothing to do until it arrives (on 2 cores it waited 60 ms of the 0.7 s
        // that 5,000 member posts took).
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let running = writerIsIdle ? cores : max(1, cores - 1)
        let pieces = max(1, min(4 * running, (names.count + 63) / 64))
        let slice = (names.count + pieces - 1) / pieces
        let prepared = await withTaskGroup(of: (Int, [Prepared]).self) { group in
            func start(_ piece: Int) {
                let part = Array(names.dropFirst(piece * slice).prefix(slice))
                group.addTask {
                    (piece, part.map {
                        self.prepareOne(
                            $0, folder: folder, standings: standings, context: context,
                            preparationContexts: preparationContexts, receivedAt: receivedAt, webPosts: webPosts)
                    })
                }
            }
            var next = 0
            while next < min(running, pieces) {
                start(next)
                next += 1
            }
            var parts = [[Prepared]](repeating: [], count: pieces)
            while let (piece, prepared) = await group.next() {
                parts[piece] = prepared
                if next < pieces {
                    start(next)
                    next += 1
                }
            }
            return parts.flatMap { $0 }
        }
        return PreparedBatch(await preparedWithPolicies(prepared, context: preparationContexts))
    }

    /// `prepared` with the posts that waited for their author's DMARC policy prepared: their
    /// domains are looked up together, within one timeout, and so are few (new domains only).
    private func preparedWithPolicies(_ prepared: [Prepared], context: FollowUpContext) async -> [Prepared] {
        var domains = Set<String>()
        for file in prepared {
            if case .awaitingPolicy(_, let domain) = file.outcome { domains.insert(domain) }
        }
        guard let dmarc, !domains.isEmpty else { return prepared }
        let policies = await dmarc.policies(of: domains)
        return prepared.map { file in
            guard case .awaitingPolicy(var incoming, let domain) = file.outcome else { return file }
            incoming.authorPolicy = policies[domain]
            return Prepared(fileName: file.fileName, folder: file.folder, outcome: .record(followUps.prepare(incoming, context: context)))
        }
    }

    func prepareOne(
        _ name: String, folder: String, standings: [String: AuthorStanding], context: Intake.Context,
        preparationContexts: FollowUpContext = FollowUpContext(), receivedAt: Date, webPosts: WebPostSigner
    ) -> Prepared {
        let bytes: [UInt8]
        do {
            switch try maildir.read(name, in: folder, limit: messageLimit) {
            case .bytes(let read):
                bytes = read
            case .tooLarge(let size):
                return Prepared(fileName: name, folder: folder, outcome: .quarantine(
                    reason: "the message is \(size) bytes, over the limit of \(messageLimit) (limits.message_bytes)"))
            case .notRegularFile(let kind):
                // A symlink would let whoever can write into the maildir have any file Praxis can
                // read recorded, held and distributed; a FIFO or a device would block or act.
                return Prepared(fileName: name, folder: folder, outcome: .quarantine(
                    reason: "not a regular file: it is \(kind)"))
            }
        } catch let error where error.errno == ENOENT && !maildir.entryExists(name, in: folder) {
            return Prepared(fileName: name, folder: folder, outcome: .vanished)
        } catch {
            // Retrying an unreadable file on every pass would hide it for ever, so it goes to
            // the quarantine with the error.
            return Prepared(fileName: name, folder: folder, outcome: .quarantine(reason: "cannot be read: \(error)"))
        }
        if bytes.isEmpty {
            return Prepared(fileName: name, folder: folder, outcome: .quarantine(reason: "the file is empty"))
        }
        let message = MailMessage(bytes)
        if !message.hasHeaderFields {
            return Prepared(fileName: name, folder: folder, outcome: .quarantine(reason: "not a mail message: it has no header fields"))
        }
        // Only a message that carries the field is checked: for all other mail the answer is no.
        let provenWebPost = message.rawHeaderBytes(WebPostSigner.fieldName) != nil && webPosts.verifies(message)
        let taken = intake.take(message, arrival: .delivered(standings: standings, provenWebPost: provenWebPost), context: context)
        let post = NewPost(taken, receivedAt: receivedAt, fileName: name)
        var incoming = IncomingMessage(post: post, message: message, screening: taken.screening)
        if let dmarc, let domain = dmarc.domain(of: incoming, context: preparationContexts) {
            guard let known = dmarc.cached(domain) else {
                return Prepared(fileName: name, folder: folder, outcome: .awaitingPolicy(incoming, domain: domain))
            }
            incoming.authorPolicy = known
        }
        // The follow-ups' work that needs no database, here on all cores instead of on the writer.
        return Prepared(fileName: name, folder: folder, outcome: .record(followUps.prepare(incoming, context: preparationContexts)))
    }

    /// What the writer did with one prepared batch, for the stage after its commit.
    struct Written: Sendable {
        var tally = Tally()
        /// The files recorded, to claim.
        var recorded: [String] = []
        /// The files whose quarantine was recorded, to move there.
        var quarantined: [QuarantinedFile] = []
    }

    /// Records one prepared batch inside the caller's transaction, with its quarantine records;
    /// the new posts' texts are added to `texts`, which the transaction stores at its end.
    static func write(
        _ batch: PreparedBatch, followUps: [any RecordingFollowUp], texts: inout PendingPostTexts, in db: Database
    ) throws -> Written {
        var written = Written()
        if !batch.incoming.isEmpty {
            for outcome in try PraxisDatabase.recordMessages(batch.incoming, followUps: followUps, texts: &texts, in: db) {
                switch outcome {
                case .recorded: written.tally.recorded += 1
                case .duplicate: written.tally.duplicates += 1
                }
            }
            written.tally.bytes += batch.bytes
            written.recorded = batch.fileNames
        }
        for file in batch.quarantined {
            try PraxisDatabase.recordQuarantine(fileName: file.fileName, reason: file.reason, in: db)
            written.quarantined.append(file)
            written.tally.quarantined += 1
        }
        return written
    }

    private func claimAll(_ names: [String]) {
        for name in names { claim(name) }
    }

    private func claim(_ name: String) {
        do {
            try maildir.claim(name)
        } catch let error where error.errno == ENOENT {
            // Someone else moved it after we read it; it is recorded, so nothing is lost.
        } catch {
            // Recorded but still in new/: the next pass sees a duplicate and tries again.
            logger.warning("cannot move a recorded message to cur/", metadata: ["file": "\(name)", "error": "\(error)"])
        }
    }

    /// Moves a file whose quarantine is recorded; if that fails it stays where it is, and the
    /// next pass records its quarantine again and retries.
    private func moveToQuarantine(_ file: QuarantinedFile) {
        do {
            if let raw = file.rawName {
                try maildir.moveToQuarantine(raw: raw, from: file.folder, as: file.fileName)
            } else {
                try maildir.moveToQuarantine(file.fileName, from: file.folder)
            }
            logger.warning("quarantined a message", metadata: ["file": "\(file.fileName)", "reason": "\(file.reason)"])
        } catch {
            logger.error("cannot move a message to the quarantine; it stays where it is", metadata: [
                "file": "\(file.fileName)", "reason": "\(file.reason)", "error": "\(error)",
            ])
        }
    }

    /// Members by normalised address, with whether their posts are held.
    private func memberStandings() throws -> [String: AuthorStanding] {
        try database.activeMembers().mapValues { $0 ? .moderatedMember : .member }
    }
}
