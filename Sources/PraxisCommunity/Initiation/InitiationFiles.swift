/// The files `praxis init` writes from the initiation answers: a commented `praxis.yaml`, the
/// core group as `members.csv`, and the key participants to approach as `invite.txt`.
///
/// Key participants are not members: participation is voluntary and cannot be delegated, so
/// nobody is subscribed by someone else (issue 21). They join by confirming their own request.
///
/// Every value from the answers is written as a double-quoted YAML scalar with escapes
/// (`QuotedLiteral`), so a name holding `: `, `#`, quotes or a line break reads back as exactly
/// that name and can never add a key.
public struct InitiationFiles: Sendable, Hashable {
    public let answers: InitiationAnswers

    public init(answers: InitiationAnswers) {
        self.answers = answers
    }

    public static let configurationName = "praxis.yaml"
    public static let membersName = "members.csv"
    public static let invitationsName = "invite.txt"

    private var community: Community {
        Community(name: answers.name, listAddress: answers.listAddress)
    }

    /// `praxis.yaml`: each section says what it is for.
    public var configuration: String {
        [header, communitySection, pathsSection, subIssuesSection, circlesSection, organisationSection]
            .joined(separator: "\n")
    }

    private var header: String {
        var lines = [
            "# praxis.yaml for \(YAMLText.comment(answers.name)), written by `praxis init`.",
        ]
        if let field = answers.field { lines.append("# What it works on: \(YAMLText.comment(field))") }
        lines += [
            "#",
            "# Check it with `praxis check-config --config praxis.yaml`. Config/KEYS.md describes every key;",
            "# keys left out take their defaults. Secrets never live here.",
        ]
        return lines.joined(separator: "\n") + "\n"
    }

    private var communitySection: String {
        let q = QuotedLiteral.of
        var lines = [
            "# Who the community is and where its mail goes.",
            "community:",
            "  name: \(q(answers.name))",
            "  # Members post here. The request (email commands), owner (the people running the list) and",
            "  # bounce (envelope sender) addresses derive from it; the MTA delivers all four to the maildir.",
            "  list_address: \(q(community.listAddress))",
            "  request_address: \(q(community.requestAddress))",
            "  owner_address: \(q(community.ownerAddress))",
            "  bounce_address: \(q(community.bounceAddress))",
            "  # The language of what members receive unless they choose their own (en, de, fr, es).",
            "  language: \(q(answers.language))",
            "  # The time zone schedules are read in and report weeks are cut in.",
            "  timezone: \(q(answers.timeZone.identifier))",
        ]
        let objectives = answers.identifiedObjectives
        if objectives.isEmpty {
            lines += ["  # What the community exists for: none agreed yet. Add {id, text, sub_issues} entries.", "  objectives: []"]
        } else {
            lines += [
                "  # What the community exists for, as agreed by its initiators. Each names the sub-issues",
                "  # that serve it: the weekly report's review counts their activity as the objective's.",
                "  objectives:",
            ]
            for (objective, answer) in zip(objectives, answers.objectives) {
                if let kind = answer.kind { lines.append("    # To \(kind.meaning).") }
                lines.append("    - id: \(q(objective.id ?? ""))")
                lines.append("      text: \(q(objective.text))")
                if objective.subIssues.isEmpty {
                    lines.append("      # No sub-issue serves it yet: name them here, or the review shows no activity for it.")
                }
                lines.append("      sub_issues: \(YAMLText.list(objective.subIssues))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private var pathsSection: String {
        """
        # Where Praxis keeps its state, relative to this file's folder. Under the systemd unit
        # praxis@NAME, use /var/lib/praxis/NAME/Maildir and /var/lib/praxis/NAME/praxis.sqlite.
        paths:
          maildir: Maildir
          database: praxis.sqlite

        # How outgoing mail leaves: the MTA on this machine. `maildir:PATH` writes it into a
        # maildir instead, to see what would be sent before any mail goes out.
        smtp:
          url: "smtp://127.0.0.1:25"

        """
    }

    private var subIssuesSection: String {
        let q = QuotedLiteral.of
        guard !answers.subIssues.isEmpty else {
            return "# The topics the community works on: none yet, so every post is in `general`.\nsub_issues: []\n"
        }
        var lines = [
            "# The topics the community works on; every post belongs to one, `general` when none fits.",
            "# The keywords seed the classifier; `list+ID@` addresses and `[ID]` in subjects tag a post.",
            "sub_issues:",
        ]
        for subIssue in answers.subIssues {
            lines.append("  - id: \(q(subIssue.id))")
            lines.append("    name: \(q(subIssue.name))")
            if !subIssue.keywords.isEmpty { lines.append("    keywords: \(YAMLText.list(subIssue.keywords))") }
            if subIssue.isProtected {
                lines.append("    # A closed space: its posts reach only the core group and the members listed here.")
                lines.append("    protected: true")
            }
            let moderators = answers.core.filter { $0.subIssues.contains(subIssue.id) }.map(\.address)
            if !moderators.isEmpty {
                lines.append("    # Its own core group, beside circles.core: core here, and told of its held posts.")
                lines.append("    moderators: \(YAMLText.list(moderators))")
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private var circlesSection: String {
        var lines = [
            "# The roles. The core group sustains the community's momentum: it is the core of every",
            "# sub-issue, receives the weekly report and decides on held posts. Members move between the",
            "# outer and the inner circle of each sub-issue by their own activity.",
            "circles:",
        ]
        if answers.core.isEmpty { lines.append("  # Nobody yet: name the organisers and the moderator here.") }
        let moderators = answers.core.filter(\.isModerator)
        if !moderators.isEmpty {
            lines.append("  # Moderator: \(moderators.map { YAMLText.comment(Self.named($0)) }.joined(separator: ", ")).")
        }
        lines.append("  core: \(YAMLText.list(answers.core.filter(\.subIssues.isEmpty).map(\.address)))")
        return lines.joined(separator: "\n") + "\n"
    }

    private var organisationSection: String {
        guard let sponsor = answers.sponsor else {
            return "# The backing of management: no sponsor named. Add organisation.sponsor when there is one.\n"
        }
        return """
            # The backing of management: the sponsor receives the quarterly management summary.
            organisation:
              sponsor: \(QuotedLiteral.of(sponsor))

            """
    }

    /// `members.csv` for `praxis members import` (its columns, DESIGN.md §4): the core group. The
    /// community-wide part with the core role; those who look after some sub-issues only are core
    /// there through the configuration, so they join as members with every post as it arrives.
    public var members: String {
        let rows = answers.core.map { person in
            let role: MemberListEntry.Role = person.subIssues.isEmpty ? .core : .outer
            let delivery = person.subIssues.isEmpty ? "" : DeliveryMode.immediate.rawValue
            // The header of DESIGN.md §4 and an empty language: the community's, which the answers set.
            return [person.address, person.name ?? "", role.rawValue, delivery, "no", ""]
                .map(CSVRecords.field).joined(separator: ",")
        }
        return ([(MemberList.headerColumns + ["language"]).joined(separator: ",")] + rows).joined(separator: "\n") + "\n"
    }

    /// `invite.txt`: whom to approach and how they join; nil when the answers name nobody.
    public var invitations: String? {
        guard !answers.keyParticipants.isEmpty else { return nil }
        let subscribe = "mailto:\(community.requestAddress)?subject=subscribe"
        var lines = [
            "Key participants to approach for \(YAMLText.comment(answers.name))",
            "",
            "Participation is voluntary and cannot be delegated: nobody is subscribed by someone else,",
            "so these people are not in members.csv. Write to each of them, say what the community is for",
            "and why you thought of them, and ask them to join themselves: a message to",
            "\(community.requestAddress) with the subject \"subscribe\" (\(subscribe)),",
            "which they confirm with one reply.",
            "",
        ]
        if !answers.objectives.isEmpty {
            lines.append("What the community is for:")
            lines += answers.objectives.map { "  - " + YAMLText.comment($0.text) }
            lines.append("")
        }
        lines.append("Whom to approach:")
        for person in answers.keyParticipants {
            lines.append("  - " + YAMLText.comment(Self.named(person) + (person.why.map { ": \($0)" } ?? "")))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private static func named(_ person: InitiationAnswers.Person) -> String {
        person.name.map { "\($0) <\(person.address)>" } ?? person.address
    }

    /// What to do next, printed once the files are written.
    public func nextSteps(folder: String) -> String {
        let listLocal = AddressSyntax.split(answers.listAddress)?.0 ?? "community"
        var lines = [
            "Next steps:",
            "  1. Check the configuration:   praxis check-config --config \(folder)/praxis.yaml",
            "  2. Import the core group:     praxis members import \(folder)/members.csv --config \(folder)/praxis.yaml",
            "  3. Have the MTA deliver \(answers.listAddress) and its -request, -owner and -bounces addresses",
            "     (with recipient_delimiter = +) into the maildir; the README shows the Postfix side.",
            "  4. Install it as /etc/praxis/\(listLocal).yaml and start the unit: systemctl enable --now praxis@\(listLocal)",
        ]
        if invitations != nil {
            lines.append("  5. Approach the key participants listed in \(folder)/invite.txt; they join by confirming.")
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

/// Text written into YAML by Praxis itself.
public enum YAMLText {
    /// A flow list of quoted scalars.
    public static func list(_ items: [String]) -> String {
        "[" + items.map(QuotedLiteral.of).joined(separator: ", ") + "]"
    }

    /// Text inside a `#` comment: one line, whatever it held.
    public static func comment(_ text: String) -> String {
        String(text.map { character -> Character in
            character.isNewline || character.unicodeScalars.contains(where: QuotedLiteral.breaksOrVanishes) ? " " : character
        })
    }
}
