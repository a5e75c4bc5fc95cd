import Foundation
import Logging
import PraxisCommunity
import PraxisMail
import PraxisStore
import PraxisSystem

/// Records an existing archive as history (`praxis import mbox`): every message becomes a post,
/// nothing is screened for distribution and nothing is sent. Importing the same archive twice
/// records nothing new: recording is idempotent by Message-ID and content.
public struct MboxImporter: Sendable {
    let database: PraxisDatabase
    /// Make authors who are not members yet outer-circle members, joined at their first post.
    let addAuthors: Bool
    let batchSize: Int
    /// Follow-ups see imported messages as history (`RecordedMessage.isHistory`): they may count
    /// them, never answer or distribute them.
    let followUps: [any RecordingFollowUp]
    /// The model's source; nil records every post as `general` (the thread stage still applies).
    let classifier: IncomingClassifier?
    /// Takes history in as posts: trimmed and classified by the explicit and learned stages (and
    /// by thread in the store), with the `list+tag@` address found when there is a community.
    let intake: Intake
    /// Where each recorded message's bytes are kept, in `cur/` like a delivered one, so that its
    /// raw source, its thread's mbox and its attachments can be served; nil keeps none.
    let sources: Maildir?

    public init(
        database: PraxisDatabase, addAuthors: Bool, followUps: [any RecordingFollowUp] = [],
        classifier: IncomingClassifier? = nil, community: Community? = nil, sources: Maildir? = nil, batchSize: Int = 1_000
    ) {
        self.database = database
        self.sources = sources
        self.classifier = classifier
        self.intake = Intake(screener: community.map { Screener(community: $0) }, classifier: classifier?.classifier)
        self.addAuthors = addAuthors
        self.followUps = followUps
        self.batchSize = batchSize
    }

    /// Where an import stands, for a progress display.
    public struct Progress: Sendable {
        public var messages = 0
        public var recorded = 0
        public var duplicates = 0
        public var membersAdded = 0
        /// Recorded messages whose bytes could not be kept in the maildir, and the first reason.
        public var sourcesNotKept = 0
        public var firstSourceProblem: String?
        /// Bytes of the current file done, and its size.
        public var bytesDone = 0
        public var bytesTotal = 0
        public var file = ""

        public init() {}
    }

    /// Imports one mbox file; `report` is called after every batch. The file is read piece by
    /// piece (`MboxReader`): an archive larger than the memory imports all the same.
    public func importFile(_ path: String, progress: inout Progress, report: (Progress) -> Void) async throws {
        let file: FileHandle
        do {
            file = try FileHandle(forReadingFrom: URL(fileURLWithPath: path))
        } catch {
            throw DaemonError.unreadableArchive(path, reason: (error as NSError).localizedDescription)
        }
        defer { try? file.close() }
        progress.file = path
        progress.bytesDone = 0
        progress.bytesTotal = (try? FileManager.default.attributesOfItem(atPath: path)[.size] as? Int) ?? 0
        var reader = MboxReader { count in try file.read(upToCount: count).map { [UInt8]($0) } ?? [] }
        var batch: [[UInt8]] = []
        batch.reserveCapacity(batchSize)
        while true {
            let message: [UInt8]?
            do {
                message = try reader.next()
            } catch {
                throw DaemonError.unreadableArchive(path, reason: (error as NSError).localizedDescription)
            }
            guard let message else { break }
            batch.append(message)
            if batch.count == batchSize {
                try await record(batch, progress: &progress)
                progress.bytesDone = reader.bytesDone
                report(progress)
                batch.removeAll(keepingCapacity: true)
            }
        }
        if !batch.isEmpty { try await record(batch, progress: &progress) }
        progress.bytesDone = progress.bytesTotal
        report(progress)
    }

    private func record(_ raw: [[UInt8]], progress: inout Progress) async throws {
        let importedAt = Date()
        let context = try classifier?.intakeContext(reading: database) ?? Intake.Context()
        let intake = self.intake, keepsSources = sources != nil
        let incoming = await Self.parallelMap(raw) { bytes in
            let message = MailMessage(bytes)
            let taken = intake.take(message, arrival: .history, context: context)
            var post = NewPost(taken, receivedAt: message.date ?? importedAt)
            post.isHistory = true
            if keepsSources { post.fileName = Self.sourceName(contentHash: post.contentHash) }
            return IncomingMessage(post: post, message: message, screening: nil)
        }
        let posts = incoming.map(\.post)
        let outcomes = try await database.recordMessages(incoming, followUps: followUps)
        var recorded: [(bytes: [UInt8], name: String)] = []
        for (index, outcome) in outcomes.enumerated() {
            switch outcome {
            case .recorded:
                progress.recorded += 1
                if let name = posts[index].fileName, keepsSources { recorded.append((raw[index], name)) }
            case .duplicate: progress.duplicates += 1
            }
        }
        await keep(recorded, progress: &progress)
        if addAuthors {
            progress.membersAdded += try database.addMissingMembers(posts.compactMap { post in
                post.author.map { (address: $0.normalized, name: $0.name, joinedAt: post.date ?? importedAt) }
            })
        }
        progress.messages += raw.count
    }

    /// The file name of an imported message in `cur/`: from its content hash, so importing the
    /// same archive again names the same file (and, finding the post recorded, writes nothing).
    static func sourceName(contentHash: String) -> String { Maildir.claimedName("import.\(contentHash)") }

    /// Writes the bytes of the posts just recorded (after the commit: a duplicate never leaves a
    /// file behind). A file that cannot be written is counted and named, not fatal: the post
    /// keeps its text, and only its raw source is missing, as for a file removed later.
    private func keep(_ recorded: [(bytes: [UInt8], name: String)], progress: inout Progress) async {
        guard let sources, !recorded.isEmpty else { return }
        let problems = await Self.parallelMap(recorded) { entry -> String? in
            guard !sources.entryExists(entry.name, in: "cur") else { return nil }
            do {
                try sources.deliver(entry.bytes, uniqueName: entry.name, into: "cur")
                return nil
            } catch {
                return "\(sources.curPath)/\(entry.name): \(error)"
            }
        }.compactMap { $0 }
        progress.sourcesNotKept += problems.count
        if progress.firstSourceProblem == nil { progress.firstSourceProblem = problems.first }
    }

    /// Maps on all cores; order kept. Parsing dominates import time.
    static func parallelMap<Element: Sendable, Result: Sendable>(
        _ items: [Element], _ transform: @escaping @Sendable (Element) -> Result
    ) async -> [Result] {
        let workers = max(1, min(ProcessInfo.processInfo.activeProcessorCount, items.count / 32 + 1))
        let slice = (items.count + workers - 1) / workers
        return await withTaskGroup(of: (Int, [Result]).self) { group in
            for worker in 0..<workers {
                let part = Array(items.dropFirst(worker * slice).prefix(slice))
                group.addTask { (worker, part.map(transform)) }
            }
            var parts = [[Result]](repeating: [], count: workers)
            for await (worker, results) in group { parts[worker] = results }
            return parts.flatMap { $0 }
        }
    }
}
