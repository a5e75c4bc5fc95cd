import Foundation
import PraxisCommunity
import PraxisSystem

/// The checks that need more than one value, or the file system: run on the decoded
/// configuration (paths already absolute), reporting at the positions the reader recorded.
struct ConsistencyChecks {
    let file: String
    let positions: [String: FilePosition]
    private(set) var problems: [ConfigurationProblem] = []

    init(file: String, positions: [String: FilePosition]) {
        self.file = file
        self.positions = positions
    }

    private mutating func report(_ path: String, _ message: String) {
        let position = self.position(of: path)
        problems.append(ConfigurationProblem(
            file: file, line: position.line, column: position.column, keyPath: path, message: message))
    }

    /// The recorded position of `path`, else of its nearest recorded parent (a default value
    /// has no line of its own), else the top of the file.
    func position(of path: String) -> FilePosition {
        var path = path
        while !path.isEmpty {
            if let position = positions[path] { return position }
            guard let cut = path.lastIndex(where: { $0 == "." || $0 == "[" }) else { break }
            path = String(path[..<cut])
        }
        return FilePosition(line: 1, column: 1)
    }

    private func line(of path: String) -> Int { position(of: path).line }

    mutating func check(_ configuration: Configuration) {
        checkAddresses(configuration.community)
        checkSubIssues(configuration.subIssues)
        checkObjectives(configuration.community.objectives, subIssues: configuration.subIssues)
        checkAdmission(configuration)
        checkModeration(configuration.moderation)
        checkCircles(configuration.circles)
        checkDigests(configuration)
        checkSMTP(configuration.smtp)
        checkPaths(configuration)
        checkReviewThresholds(configuration.reviews.thresholds)
        if let resolver = configuration.list.dmarcResolver, !DNSTXTResolver.isValidServer(resolver) {
            report("list.dmarc_resolver", "\"\(resolver)\" is not a numeric address with an optional port, "
                   + "e.g. 127.0.0.1, 127.0.0.1:5353 or [::1]:53")
        }
    }

    /// A red bar above its amber bar would skip amber, and read as a typo.
    private mutating func checkReviewThresholds(_ thresholds: ReviewThresholds) {
        if thresholds.momentumRed > thresholds.momentumAmber {
            report("reviews.thresholds.momentum_red",
                   "\(thresholds.momentumRed) is above momentum_amber (\(thresholds.momentumAmber)); red must be the lower bar")
        }
        if thresholds.unansweredRed < thresholds.unansweredAmber {
            report("reviews.thresholds.unanswered_red",
                   "\(thresholds.unansweredRed) is below unanswered_amber (\(thresholds.unansweredAmber)); red must be the higher share")
        }
    }

    private mutating func checkAddresses(_ community: Community) {
        // list+sub-issue@ and VERP bounce+member=domain@ addresses are built by adding "+…".
        for (key, address) in [("list_address", community.listAddress), ("bounce_address", community.bounceAddress)]
        where positions["community.\(key)"] != nil {
            if let (local, _) = AddressSyntax.split(address), local.contains("+") {
                report("community.\(key)", "\"\(address)\" contains \"+\", which Praxis adds itself for sub-issue and VERP addresses")
            }
        }
        let roles = [
            ("list_address", community.listAddress), ("request_address", community.requestAddress),
            ("owner_address", community.ownerAddress), ("bounce_address", community.bounceAddress),
        ]
        for (index, role) in roles.enumerated() {
            if let earlier = roles[..<index].first(where: { $0.1.lowercased() == role.1.lowercased() }) {
                report("community.\(role.0)", "\"\(role.1)\" is also community.\(earlier.0); each role needs its own address")
            }
        }
    }

    private mutating func checkSubIssues(_ subIssues: [SubIssue]) {
        // Every name a tag can use, with the place it was first given, to catch any collision.
        var taken: [String: String] = [SubIssue.generalID: "the built-in sub-issue"]
        for (index, subIssue) in subIssues.enumerated() {
            let path = "sub_issues[\(index)]"
            if subIssue.id == SubIssue.generalID {
                if subIssue.isProtected {
                    report(path + ".protected", "general is the built-in sub-issue for posts that fit no other and cannot be protected")
                }
                if subIssues[..<index].contains(where: { $0.id == subIssue.id }) {
                    report(path + ".id", "\"general\" is declared more than once")
                }
            } else if let owner = taken[subIssue.id] {
                report(path + ".id", "\"\(subIssue.id)\" is already \(owner)")
            } else {
                taken[subIssue.id] = "the id of sub_issues[\(index)] (line \(line(of: path + ".id")))"
            }
            for (aliasIndex, alias) in subIssue.aliases.enumerated() {
                let aliasPath = "\(path).aliases[\(aliasIndex)]"
                if alias == subIssue.id {
                    report(aliasPath, "\"\(alias)\" is the sub-issue's own id")
                } else if let owner = taken[alias] {
                    report(aliasPath, "\"\(alias)\" is already \(owner)")
                } else {
                    taken[alias] = "an alias of sub_issues[\(index)] (line \(line(of: aliasPath)))"
                }
            }
            if !subIssue.isProtected && !subIssue.members.isEmpty {
                report(path + ".members", "members are only admitted to protected sub-issues; every member reads \(subIssue.id)")
            }
        }
        // An alias declared before the id it collides with is caught here instead.
        for (index, subIssue) in subIssues.enumerated() {
            for (otherIndex, other) in subIssues.enumerated() where otherIndex < index && subIssue.id != SubIssue.generalID {
                if other.aliases.contains(subIssue.id) {
                    report("sub_issues[\(index)].id", "\"\(subIssue.id)\" is already an alias of sub_issues[\(otherIndex)]")
                }
            }
        }
    }

    /// Objective ids name one objective each, and the sub-issues an objective names exist: a
    /// review would otherwise count nothing for it without saying why.
    private mutating func checkObjectives(_ objectives: [Objective], subIssues: [SubIssue]) {
        let declared = Set(subIssues.map(\.id)).union([SubIssue.generalID])
        for (index, objective) in objectives.enumerated() {
            let path = "community.objectives[\(index)]"
            if let id = objective.id, let earlier = objectives[..<index].firstIndex(where: { $0.id == id }) {
                report(path + ".id", "\"\(id)\" is already the id of community.objectives[\(earlier)]; each objective needs its own id")
            }
            for (subIndex, subIssue) in objective.subIssues.enumerated() where !declared.contains(subIssue) {
                let owner = subIssues.first { $0.aliases.contains(subIssue) }
                let hint = owner.map { "; it is an alias of \"\($0.id)\", name that id" }
                    ?? Suggestion.closest(to: subIssue, among: declared.sorted()).map { "; did you mean \"\($0)\"?" }
                    ?? "; declare it under sub_issues"
                report("\(path).sub_issues[\(subIndex)]", "\"\(subIssue)\" is not a sub-issue id\(hint)")
            }
        }
    }

    /// A protected sub-issue reaches only the core group, its moderators and its own members: with none, its
    /// posts would be recorded and reach nobody, not even a moderator. (A core role given in the
    /// store with `praxis members` is not seen here; circles.core is where the file says it.)
    private mutating func checkAdmission(_ configuration: Configuration) {
        guard configuration.circles.core.isEmpty else { return }
        for (index, subIssue) in configuration.subIssues.enumerated()
        where subIssue.isProtected && subIssue.members.isEmpty && subIssue.moderators.isEmpty && subIssue.id != SubIssue.generalID {
            let path = "sub_issues[\(index)]"
            report(path + ".protected", "\"\(subIssue.id)\" is protected but nobody is admitted to it "
                + "(\(path).members, \(path).moderators and circles.core are all empty), so its posts would reach nobody; "
                + "add its members, its moderators, or the core group under circles.core")
        }
    }

    private mutating func checkModeration(_ moderation: ModerationPolicy) {
        if moderation.holdOnDMARCFail == true && moderation.authservIDs.isEmpty {
            report("moderation.hold_on_dmarc_fail", "nothing to hold on: moderation.authserv_ids is empty, so no "
                + "Authentication-Results field is believed; add your MTA's authserv-id there")
        }
        // An authserv-id is one token of the field (RFC 8601 §2.2): one with a space or a ";"
        // could never match, and the operator would believe the defence is on.
        for (index, id) in moderation.authservIDs.enumerated()
        where id.unicodeScalars.contains(where: { $0.value <= 0x20 || $0.value == 0x7F || ";()\"=,".unicodeScalars.contains($0) }) {
            report("moderation.authserv_ids[\(index)]", "\"\(id)\" is not an authserv-id: write the host name your MTA "
                + "puts first in Authentication-Results, e.g. mx.example.org")
        }
    }

    private mutating func checkCircles(_ circles: CirclesPolicy) {
        if circles.inner.threads > circles.inner.posts {
            report("circles.inner.threads", "\(circles.inner.threads) threads cannot be reached with \(circles.inner.posts) posts (circles.inner.posts)")
        }
    }

    private mutating func checkDigests(_ configuration: Configuration) {
        var names: [String: Int] = [:]
        for (index, digest) in configuration.digests.enumerated() {
            if let earlier = names[digest.name] {
                report("digests[\(index)].name", "\"\(digest.name)\" is already the name of digests[\(earlier)]")
            } else {
                names[digest.name] = index
            }
        }
        let delivery = configuration.delivery
        if configuration.digests.isEmpty && (delivery.inner == .digest || delivery.outer == .digest) {
            let key = delivery.outer == .digest ? "delivery.outer" : "delivery.inner"
            report(key, "delivery is digest but no digests are declared; add one under digests")
        }
    }

    private mutating func checkSMTP(_ smtp: Configuration.SMTPSettings) {
        if case .smtps = smtp.endpoint, smtp.tls == .off {
            report("smtp.tls", "smtps:// always uses TLS; remove smtp.tls or use an smtp:// URL")
        }
        if smtp.username != nil {
            if let passwordFile = smtp.passwordFile {
                let key = positions["smtp.password_file"] != nil ? "smtp.password_file" : "smtp.username"
                if let reason = Self.unreadableFileReason(passwordFile) {
                    report(key, "the password file \(passwordFile) \(reason)")
                }
            } else {
                report("smtp.username", "a username is set but no password file: set smtp.password_file, or run under systemd with LoadCredential=smtp-password")
            }
        } else if smtp.passwordFile != nil {
            report("smtp.password_file", "a password file is set but smtp.username is not; SMTP AUTH needs both")
        }
        // libcurl sends AUTH on whatever connection it has: without required TLS, a server (or
        // anyone between) that does not offer STARTTLS would be sent the password in clear. Only a
        // server on this machine is exempt, as no network is crossed.
        if smtp.username != nil, case .smtp(let host, _) = smtp.endpoint, smtp.tls != .starttlsRequired,
           !Self.isLoopback(host) {
            report(
                positions["smtp.tls"] != nil ? "smtp.tls" : "smtp.username",
                "with smtp.username set, tls: \(smtp.tls.rawValue) would send the password in clear to \(host) if it offers no STARTTLS; use tls: starttls-required or an smtps:// URL")
        }
        if let caFile = smtp.caFile, let reason = Self.unreadableFileReason(caFile) {
            report("smtp.ca_file", "the CA file \(caFile) \(reason)")
        }
    }

    /// Whether `host` names this machine: a loopback address or `localhost`.
    static func isLoopback(_ host: String) -> Bool {
        let host = host.lowercased().trimmingCharacters(in: CharacterSet(charactersIn: "[]"))
        return host == "localhost" || host.hasSuffix(".localhost") || host == "::1" || host.hasPrefix("127.")
    }

    private mutating func checkPaths(_ configuration: Configuration) {
        let paths = configuration.paths
        if let reason = Self.directoryProblem(paths.maildir) { report("paths.maildir", reason) }
        if let reason = Self.fileProblem(paths.database) { report("paths.database", reason) }
        if case .maildir(let outgoing) = configuration.smtp.endpoint {
            if outgoing == paths.maildir {
                report("smtp.url", "outgoing mail would land in paths.maildir and be read again as incoming mail")
            } else if let reason = Self.directoryProblem(outgoing) {
                report("smtp.url", reason)
            }
        }
        if let metrics = configuration.metrics, let reason = Self.fileProblem(metrics.textfile) {
            report("metrics.textfile", reason)
        }
    }

    /// A directory Praxis may create: it exists and is writable, or its nearest existing
    /// ancestor is a writable directory (the daemon creates the missing levels).
    static func directoryProblem(_ path: String) -> String? {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if !isDirectory.boolValue { return "\(path) exists and is not a directory" }
            return access(path, W_OK | X_OK) == 0 ? nil : "\(path) is not writable"
        }
        return ancestorProblem(path)
    }

    /// A file Praxis writes (database, metrics): if it exists it is a writable regular file,
    /// else it can be created.
    static func fileProblem(_ path: String) -> String? {
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) {
            if isDirectory.boolValue { return "\(path) is a directory, not a file" }
            return access(path, R_OK | W_OK) == 0 ? nil : "\(path) is not readable and writable"
        }
        return ancestorProblem(path)
    }

    private static func ancestorProblem(_ path: String) -> String? {
        var ancestor = URL(fileURLWithPath: path).deletingLastPathComponent()
        // Bounded by the path's depth; "/" always exists.
        for _ in 0..<256 {
            var isDirectory: ObjCBool = false
            if FileManager.default.fileExists(atPath: ancestor.path, isDirectory: &isDirectory) {
                if !isDirectory.boolValue { return "\(ancestor.path) is not a directory, so \(path) cannot be created" }
                return access(ancestor.path, W_OK | X_OK) == 0
                    ? nil : "\(path) cannot be created: \(ancestor.path) is not writable"
            }
            let parent = ancestor.deletingLastPathComponent()
            if parent.path == ancestor.path { break }
            ancestor = parent
        }
        return "no existing directory above \(path)"
    }

    /// Why a file Praxis only reads cannot be used, or nil. Never reads it, so never shows it.
    static func unreadableFileReason(_ path: String) -> String? {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else { return "does not exist" }
        if isDirectory.boolValue { return "is a directory" }
        return access(path, R_OK) == 0 ? nil : "is not readable"
    }
}
