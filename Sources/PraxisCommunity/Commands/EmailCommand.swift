/// A command sent by email to the request address (issue 5, DESIGN.md §2.2).
///
/// Every command acts on the sender's own address only: there is deliberately no form that names
/// another member, so a forged From can at most ask the real owner of that address to confirm.
public enum EmailCommand: Sendable, Hashable {
    /// Join the community; the optional name is how the member wants to be shown.
    case subscribe(name: String?)
    case unsubscribe
    /// Carry out the changes a confirmation token was mailed for.
    case confirm(token: String)
    /// Delivery for the whole list, or for one sub-issue (an override of the circle's default).
    case setDelivery(DeliveryMode, subIssue: String?)
    case setDigest(DigestCadence)
    /// The member's own digest format (`set format text|html|mime|rfc1153`).
    case setDigestFormat(DigestPlan.Format)
    /// Whether the member's own posts come back to them in list copies and digests
    /// (`set own-posts on|off`).
    case setOwnPosts(Bool)
    /// The language of what the member receives (issue 22 §1).
    case setLanguage(Language)
    case follow(subIssue: String)
    case mute(subIssue: String)
    case whoami
    case help
    /// A moderator's decision on a held post; the token was mailed to that moderator.
    case approve(token: String)
    case reject(token: String, reason: String?)
    /// A core-group member's correction of a post's sub-issue (`praxis classify set` by email); like
    /// every change it waits for the token mailed to the sender, so a forged From cannot make it.
    case classify(messageID: String, subIssue: String)
    /// A core-group member records what the core group agreed after the quarterly review
    /// (`praxis review decide` by email); confirmed by token like every change.
    case reviewDecide(ReviewAssessment.Recommendation, note: String)
    /// A core-group member (or a moderator of the thread's sub-issue) marks the thread of a post as
    /// a product of the community (`praxis products add` by email); confirmed by token.
    case markProduct(messageID: String, kind: Product.Kind, note: String?)

    /// How often a member's digests come.
    public enum DigestCadence: String, Sendable, Hashable, CaseIterable {
        case daily, weekly
    }

    /// Whether the command changes the sender's membership or settings, and so takes effect only
    /// after the sender confirms it with a token mailed to their address.
    public var needsConfirmation: Bool {
        switch self {
        case .subscribe, .unsubscribe, .setDelivery, .setDigest, .setDigestFormat, .setOwnPosts, .setLanguage, .follow, .mute,
             .classify, .reviewDecide, .markProduct: true
        case .confirm, .whoami, .help, .approve, .reject: false
        }
    }

    /// The sub-issue the command is about, if it names one.
    public var subIssue: String? {
        switch self {
        case .setDelivery(_, let subIssue): subIssue
        case .follow(let subIssue), .mute(let subIssue): subIssue
        case .classify(_, let subIssue): subIssue
        default: nil
        }
    }

    /// The command written out the way the parser reads it back: `EmailCommandParser.command(in:)`
    /// of this text gives the same command. Pending changes are stored in this form.
    public var canonicalText: String {
        switch self {
        case .subscribe(let name): name.map { "subscribe \($0)" } ?? "subscribe"
        case .unsubscribe: "unsubscribe"
        case .confirm(let token): "confirm \(token)"
        case .setDelivery(let mode, let subIssue): "set delivery \(mode.rawValue)" + (subIssue.map { " \($0)" } ?? "")
        case .setDigest(let cadence): "set digest \(cadence.rawValue)"
        case .setDigestFormat(let format): "set format \(format.rawValue)"
        case .setOwnPosts(let wanted): "set own-posts " + (wanted ? "on" : "off")
        case .setLanguage(let language): "set language \(language.rawValue)"
        case .follow(let subIssue): "follow \(subIssue)"
        case .mute(let subIssue): "mute \(subIssue)"
        case .whoami: "whoami"
        case .help: "help"
        case .approve(let token): "approve \(token)"
        case .reject(let token, let reason): "reject \(token)" + (reason.map { " \($0)" } ?? "")
        case .classify(let messageID, let subIssue): "classify <\(messageID)> \(subIssue)"
        case .reviewDecide(let decision, let note): "review decide \(decision.rawValue) \(note)"
        case .markProduct(let messageID, let kind, let note): "product <\(messageID)> \(kind.rawValue)" + (note.map { " \($0)" } ?? "")
        }
    }
}

/// What the parser read from one message to the request address.
public struct EmailCommands: Sendable, Hashable {
    /// One line that was read as a command, or that started like one but could not be understood.
    public struct Line: Sendable, Hashable {
        /// The line as written, made safe to quote back (controls replaced, length capped).
        public var text: String
        public var outcome: Outcome

        public enum Outcome: Sendable, Hashable {
            case command(EmailCommand)
            /// A known command word with arguments that do not fit; the sentence says what would.
            case problem(Problem)
        }

        /// What would fit, as a catalog sentence: the reply writes it in the sender's language.
        public struct Problem: Sendable, Hashable {
            public var key: MessageKey
            public var values: [String: String]

            public init(_ key: MessageKey, _ values: [String: String] = [:]) {
                self.key = key
                self.values = values
            }

            public func sentence(in language: Language) -> String {
                language.text(key, pairs: values.sorted { $0.key < $1.key }.map { ($0.key, $0.value) })
            }
        }

        public init(text: String, outcome: Outcome) {
            self.text = text
            self.outcome = outcome
        }

        public var command: EmailCommand? {
            if case .command(let command) = outcome { return command }
            return nil
        }
    }

    /// In the order they were read: the Subject's command (if any) first, then the text's.
    public var lines: [Line]
    /// The first line that was not a command, where reading stopped (safe to quote back); nil when
    /// the text ended, or `end` or `--` ended it.
    public var stoppedAt: String?
    /// Whether more commands followed than are read from one message.
    public var wasCut: Bool

    public init(lines: [Line] = [], stoppedAt: String? = nil, wasCut: Bool = false) {
        self.lines = lines
        self.stoppedAt = stoppedAt
        self.wasCut = wasCut
    }

    public var commands: [EmailCommand] { lines.compactMap(\.command) }
}

/// Reads email commands from a message's Subject and new text (issue 5). Pure and bounded: it looks
/// at no more than `maximumCommands` commands and `maximumLines` lines whatever the message holds.
///
/// The text given should be the message's *new* text (`NewText.trimmed`), so commands in a quoted
/// earlier message are never carried out again. Commands are case-insensitive; reading stops at the
/// first line that is not a command (blank lines are skipped), or at `end`, `stop` or `--`.
public enum EmailCommandParser {
    /// The most commands carried out from one message: enough for any person, and a hostile message
    /// cannot make one reply enormous.
    public static let maximumCommands = 20
    /// The most lines looked at, blank ones included.
    public static let maximumLines = 200
    /// A longer line is prose, not a command.
    public static let maximumLineLength = 500
    /// Longest quoted-back text: enough to recognise the line, short enough for the reply.
    static let maximumEchoLength = 100
    /// Tokens are what Praxis (or Mailman, for imported confirmations) writes: letters and digits.
    static let tokenLengths = 6...64

    public static func parse(subject: String?, newText: String) -> EmailCommands {
        var result = EmailCommands()
        var seen = Set<EmailCommand>()

        // A Subject is most often prose, so it counts only when it is a command through and
        // through: "Re: confirm 3F2A…" (the Mailman way to confirm) but not "Help with bike lanes".
        if let subject, let line = subjectCommand(subject), let command = line.command {
            result.lines.append(line)
            seen.insert(command)
        }

        var examined = 0
        var text = Substring(newText)
        while !text.isEmpty {
            examined += 1
            if examined > maximumLines { break }
            let line: Substring
            // By bytes: as Characters, "\r\n" is one grapheme that "\n" would not match.
            if let newline = text.utf8.firstIndex(of: UInt8(ascii: "\n")) {
                line = text[..<newline]
                text = text[text.utf8.index(after: newline)...]
            } else {
                line = text
                text = text[text.endIndex...]
            }
            let trimmed = trimmedSpace(line)
            if trimmed.isEmpty { continue }
            if isEnd(trimmed) { break }
            guard let parsed = self.line(trimmed) else {
                result.stoppedAt = echo(trimmed)
                break
            }
            if result.lines.count >= maximumCommands {
                result.wasCut = true
                break
            }
            // The same command twice (in the Subject and the text, say) is done once.
            if let command = parsed.command {
                if seen.contains(command) { continue }
                seen.insert(command)
                // One subscription per message: a later one can only add the name.
                if case .subscribe(let name) = command,
                   let earlier = result.lines.firstIndex(where: { if case .subscribe = $0.command { true } else { false } }) {
                    if name != nil { result.lines[earlier] = parsed }
                    continue
                }
            }
            result.lines.append(parsed)
        }
        return result
    }

    /// The command in a Subject after any "Re:"/"Fwd:" prefixes, if it is one.
    static func subjectCommand(_ subject: String) -> EmailCommands.Line? {
        var rest = trimmedSpace(Substring(subject))
        let prefixes = ["re:", "aw:", "sv:", "fw:", "fwd:", "wg:", "tr:", "antw:"]
        var stripped = true
        while stripped {
            stripped = false
            let lower = rest.lowercased()
            for prefix in prefixes where lower.hasPrefix(prefix) {
                rest = trimmedSpace(rest.dropFirst(prefix.count))
                stripped = true
                break
            }
        }
        guard !rest.isEmpty, var line = line(rest), let command = line.command else { return nil }
        // "Subscribe me, please" in a Subject is no name: the name comes from the text or From.
        if case .subscribe = command { line.outcome = .command(.subscribe(name: nil)) }
        return line
    }

    /// Parses one line already trimmed; nil when its first word is no command word at all.
    public static func line(_ line: Substring) -> EmailCommands.Line? {
        guard line.utf8.count <= maximumLineLength else { return nil }
        let words = line.split(whereSeparator: { $0 == " " || $0 == "\t" })
        guard let first = words.first else { return nil }
        // A German, French or Spanish command word reads as its English verb.
        let verb = CommandWords.verb(first.lowercased())
        let arguments = Array(words.dropFirst())
        guard let outcome = outcome(verb: verb, arguments: arguments, line: line) else { return nil }
        return EmailCommands.Line(text: echo(line), outcome: outcome)
    }

    /// Reads one line back into its command: what confirmations store (`canonicalText`).
    public static func command(in text: String) -> EmailCommand? {
        line(trimmedSpace(Substring(text)))?.command
    }

    private static func outcome(verb: String, arguments: [Substring], line: Substring) -> EmailCommands.Line.Outcome? {
        let lowered = arguments.map { $0.lowercased() }
        switch verb {
        case "subscribe", "join":
            return .command(.subscribe(name: rest(of: line, after: 1).flatMap(cleanName)))
        case "unsubscribe", "leave", "signoff":
            return arguments.isEmpty ? .command(.unsubscribe)
                : .problem(.init(.problemUnsubscribe))
        case "confirm":
            guard arguments.count == 1, let token = token(arguments[0]) else {
                return .problem(.init(.problemConfirm))
            }
            return .command(.confirm(token: token))
        case "set":
            return setOutcome(lowered)
        case "language":
            // "sprache de", "langue fr", "idioma es": the short way to write "set language …".
            return setOutcome(["language"] + lowered)
        case "follow", "mute":
            guard lowered.count == 1, let subIssue = subIssueWord(lowered[0]) else {
                return .problem(.init(.problemNeedsSubIssue, ["verb": verb]))
            }
            return .command(verb == "follow" ? .follow(subIssue: subIssue) : .mute(subIssue: subIssue))
        case "whoami":
            return arguments.isEmpty ? .command(.whoami) : .problem(.init(.problemWhoami))
        case "help", "info", "?":
            // "help me please" is still a request for help.
            return .command(.help)
        case "classify", "reclassify":
            guard arguments.count == 2, let messageID = messageIDWord(arguments[0]),
                  let subIssue = subIssueWord(lowered[1]) else {
                return .problem(.init(.problemClassify))
            }
            return .command(.classify(messageID: messageID, subIssue: subIssue))
        case "product":
            guard arguments.count >= 2, let messageID = messageIDWord(arguments[0]), let kind = ProductMarking.kind(lowered[1]) else {
                return .problem(EmailCommands.Line.Problem(.problemProduct))
            }
            return .command(.markProduct(messageID: messageID, kind: kind,
                                         note: ProductMarking.cleanNote(rest(of: line, after: 3).map(String.init))))
        case "review":
            guard lowered.count >= 3, lowered[0] == "decide", let decision = ReviewAssessment.Recommendation(rawValue: lowered[1]),
                  let note = rest(of: line, after: 3).flatMap({ ReviewDecision.cleanNote(String($0)) })
            else {
                return .problem(.init(.problemReview))
            }
            return .command(.reviewDecide(decision, note: note))
        case "approve":
            guard arguments.count == 1, let token = token(arguments[0]) else {
                return .problem(.init(.problemApprove))
            }
            return .command(.approve(token: token))
        case "reject":
            guard let first = arguments.first, let token = token(first) else {
                return .problem(.init(.problemReject))
            }
            return .command(.reject(token: token, reason: rest(of: line, after: 2).flatMap(cleanName)))
        default:
            return nil
        }
    }

    private static func setOutcome(_ arguments: [String]) -> EmailCommands.Line.Outcome {
        let usage = EmailCommands.Line.Problem(.problemSetUsage, ["languages": Language.allCases.map(\.rawValue).joined(separator: "|")])
        guard let what = arguments.first else { return .problem(usage) }
        switch what {
        case "delivery":
            guard arguments.count == 2 || arguments.count == 3, let mode = DeliveryMode(rawValue: arguments[1]) else {
                return .problem(usage)
            }
            if arguments.count == 3 {
                guard let subIssue = subIssueWord(arguments[2]) else { return .problem(usage) }
                return .command(.setDelivery(mode, subIssue: subIssue))
            }
            return .command(.setDelivery(mode, subIssue: nil))
        case "language":
            guard arguments.count == 2, let language = Language(word: arguments[1]) else { return .problem(usage) }
            return .command(.setLanguage(language))
        case "digest":
            guard arguments.count == 2, let cadence = EmailCommand.DigestCadence(rawValue: arguments[1]) else {
                return .problem(usage)
            }
            return .command(.setDigest(cadence))
        case "format":
            guard arguments.count == 2, let format = DigestPlan.Format(rawValue: arguments[1]) else {
                return .problem(EmailCommands.Line.Problem(.problemFormatUsage))
            }
            return .command(.setDigestFormat(format))
        case "own-posts":
            guard arguments.count == 2, let wanted = DigestChoiceTexts.onOff[arguments[1]] else {
                return .problem(EmailCommands.Line.Problem(.problemOwnPostsUsage))
            }
            return .command(.setOwnPosts(wanted))
        default:
            return .problem(usage)
        }
    }

    // MARK: Words

    /// `end`, `stop`, `--` and the like end the commands (what follows is a signature or prose).
    private static func isEnd(_ line: Substring) -> Bool {
        let lower = line.lowercased()
        return lower == "end" || lower == "stop" || lower == "quit" || lower == "--" || lower.hasPrefix("-- ")
            || lower == "thanks" || lower == "thanks!" || lower == "thank you" || CommandWords.isEnd(lower)
    }

    /// A token as written, lower-cased (Praxis writes lower-case; Mailman's are hex, either case);
    /// nil unless it is only ASCII letters and digits of a plausible length, so a CR, a NUL or
    /// anything else smuggled into it never reaches a query or a reply as part of a token.
    static func token(_ word: Substring) -> String? {
        guard tokenLengths.contains(word.utf8.count),
              word.utf8.allSatisfy({ ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x41 && $0 <= 0x5A) || ($0 >= 0x61 && $0 <= 0x7A) })
        else { return nil }
        return word.lowercased()
    }

    /// A Message-ID as written, with or without its angle brackets; nil unless it is printable
    /// ASCII without spaces or brackets inside and of a sane length, so nothing odd reaches a query.
    static func messageIDWord(_ word: Substring) -> String? {
        var id = word
        if id.hasPrefix("<"), id.hasSuffix(">"), id.count >= 2 { id = id.dropFirst().dropLast() }
        guard (3...250).contains(id.utf8.count), id.contains("@"),
              id.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7F && $0 != UInt8(ascii: "<") && $0 != UInt8(ascii: ">") })
        else { return nil }
        return String(id)
    }

    /// A sub-issue as written, lower-cased, with a tag's `[ ]` or `#` taken off; nil when it could
    /// not be an id at all (the executor names the valid ones for anything else that is unknown).
    static func subIssueWord(_ word: String) -> String? {
        var id = Substring(word)
        if id.hasPrefix("#") { id = id.dropFirst() }
        if id.hasPrefix("["), id.hasSuffix("]"), id.count >= 2 { id = id.dropFirst().dropLast() }
        guard !id.isEmpty, id.utf8.count <= 64 else { return nil }
        return String(id)
    }

    /// The text of `line` after its first `count` words, as written (case kept), or nil.
    private static func rest(of line: Substring, after count: Int) -> Substring? {
        var rest = line
        for _ in 0..<count {
            rest = rest.drop(while: { $0 == " " || $0 == "\t" })
            rest = rest.drop(while: { $0 != " " && $0 != "\t" })
        }
        let trimmed = trimmedSpace(rest)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// A display name or reason: controls (line breaks included) dropped, at most 100 characters;
    /// nil if nothing is left. Safe to store in a confirmation's payload, one command a line.
    public static func cleanName(_ text: Substring) -> String? {
        let kept = String(String.UnicodeScalarView(text.unicodeScalars.filter { !isControl($0) }.prefix(100)))
        let trimmed = trimmedSpace(Substring(kept))
        return trimmed.isEmpty ? nil : String(trimmed)
    }

    /// `text` made safe to quote back in a reply: controls (CR, NUL, bidi overrides) become "?",
    /// long lines are cut.
    public static func echo(_ text: Substring) -> String {
        var scalars = String.UnicodeScalarView()
        var count = 0
        for scalar in text.unicodeScalars {
            if count == maximumEchoLength {
                scalars.append("…")
                break
            }
            scalars.append(isControl(scalar) ? "?" : scalar)
            count += 1
        }
        return String(scalars)
    }

    private static func isControl(_ scalar: Unicode.Scalar) -> Bool {
        let value = scalar.value
        if value < 0x20 && value != 0x09 { return true }
        if (0x7F...0x9F).contains(value) { return true }
        // Bidirectional overrides and isolates can make a quoted line read as something else.
        if (0x202A...0x202E).contains(value) || (0x2066...0x2069).contains(value) { return true }
        return value == 0xFEFF || value == 0x2028 || value == 0x2029
    }

    private static func trimmedSpace(_ text: Substring) -> Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\r" || $0 == "\u{A0}" }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) })
        else { return text[text.endIndex...] }
        return text[first...last]
    }
}
