import Foundation
import PraxisCommunity

/// The initiation template asked on a terminal, in plain words: each answer is checked as the
/// answers file's would be, and a refused one is asked again with the reason.
public struct InitiationInterview {
    /// Shows a question and returns the line typed, or nil at the end of input.
    public typealias Ask = (_ question: String) -> String?
    /// Shows a line that is not a question (a heading, why an answer was refused).
    public typealias Say = (_ line: String) -> Void

    private let ask: Ask
    private let say: Say

    public init(ask: @escaping Ask, say: @escaping Say) {
        self.ask = ask
        self.say = say
    }

    /// The input ended before the questions did.
    public struct Ended: Error {}

    public func answers() throws(Ended) -> InitiationAnswers {
        say("Setting up a community of practice. Press Enter to take the value in [brackets].")
        let name = try required("The community's name:", rule: .nonEmpty)
        let field = try optional("What it works on, in a sentence (optional):")
        var answers = InitiationAnswers(name: name, listAddress: "", field: field)
        answers.language = try choice("Language it works in (en, de, fr, es)", among: InitiationAnswers.languages, standard: "en")
        answers.timeZone = try timeZone()
        answers.listAddress = try required("The list address members will post to:", rule: .address)
        answers.subIssues = try subIssues()
        answers.objectives = try objectives(subIssues: answers.subIssues.map(\.id))
        say("The core group sustains the community: the organisers and the moderator.")
        answers.core = try people(
            question: "Core group member's address (empty to finish):", moderatorQuestion: true,
            subIssueIDs: answers.subIssues.map(\.id))
        say("Key participants are people to approach because they play a key role; they are invited, never subscribed.")
        answers.keyParticipants = try people(question: "Key participant's address (empty to finish):", moderatorQuestion: false)
        answers.sponsor = try optional("The sponsor in management, an address (optional):", rule: .address)
        return answers
    }

    private func line(_ question: String) throws(Ended) -> String {
        guard let answer = ask(question) else { throw Ended() }
        return answer.trimmingCharacters(in: .whitespaces)
    }

    private func required(_ question: String, rule: TextRule) throws(Ended) -> String {
        while true {
            let answer = try line(question)
            if answer.isEmpty {
                say("An answer is needed here.")
            } else if let problem = ConfigurationReader.problem(with: answer, rule: rule) {
                say(problem)
            } else {
                return answer
            }
        }
    }

    private func optional(_ question: String, rule: TextRule = .nonEmpty) throws(Ended) -> String? {
        while true {
            let answer = try line(question)
            if answer.isEmpty { return nil }
            guard let problem = ConfigurationReader.problem(with: answer, rule: rule) else { return answer }
            say(problem)
        }
    }

    private func choice(_ question: String, among choices: [String], standard: String) throws(Ended) -> String {
        while true {
            let answer = try line("\(question) [\(standard)]:").lowercased()
            if answer.isEmpty { return standard }
            if choices.contains(answer) { return answer }
            say("Answer one of \(choices.joined(separator: ", ")).")
        }
    }

    private func timeZone() throws(Ended) -> TimeZone {
        while true {
            let answer = try line("Time zone, e.g. Europe/Berlin [UTC]:")
            if answer.isEmpty { return Community.standardTimeZone }
            if let zone = TimeZone(identifier: answer) { return zone }
            say("\"\(answer)\" is not a time zone; use a name such as Europe/Berlin.")
        }
    }

    private func subIssues() throws(Ended) -> [SubIssue] {
        say("Sub-issues are the topics the community works on; every post belongs to one.")
        var subIssues: [SubIssue] = []
        while true {
            let id = try line("Sub-issue id, short, lower-case, e.g. cycling (empty to finish):")
            if id.isEmpty { return subIssues }
            if let problem = SubIssue.identifierProblem(id) {
                say(problem)
                continue
            }
            if id == SubIssue.generalID || subIssues.contains(where: { $0.id == id }) {
                say("\"\(id)\" is taken; choose another id.")
                continue
            }
            let name = try optional("Its name [\(id)]:") ?? id
            let keywords = try line("A line of keywords, separated by commas:")
                .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let isProtected = try choice("Is it a closed space for the core group only? (yes, no)", among: ["yes", "no"], standard: "no") == "yes"
            subIssues.append(SubIssue(id: id, name: name, keywords: keywords, isProtected: isProtected))
        }
    }

    private func objectives(subIssues: [String]) throws(Ended) -> [InitiationAnswers.ObjectiveAnswer] {
        say("Objectives say what the community exists for. The four kinds:")
        for kind in InitiationAnswers.ObjectiveKind.allCases { say("  \(kind.rawValue): to \(kind.meaning)") }
        var objectives: [InitiationAnswers.ObjectiveAnswer] = []
        while true {
            guard let text = try optional("An objective, in a sentence (empty to finish):") else { return objectives }
            let kinds = InitiationAnswers.ObjectiveKind.allCases.map(\.rawValue)
            let kind = try choice("Its kind (\(kinds.joined(separator: ", ")))", among: kinds, standard: kinds[0])
            let linked = try subIssueList(
                "Which sub-issues serve it? (\(subIssues.joined(separator: ", ")), separated by commas):", among: subIssues)
            objectives.append(.init(text: text, kind: InitiationAnswers.ObjectiveKind(rawValue: kind), subIssues: linked))
        }
    }

    /// Sub-issue ids separated by commas, each among `ids`; nothing asked when there are none.
    private func subIssueList(_ question: String, among ids: [String]) throws(Ended) -> [String] {
        guard !ids.isEmpty else { return [] }
        while true {
            let listed = try line(question)
                .split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            let unknown = listed.filter { !ids.contains($0) }
            if unknown.isEmpty { return listed }
            say("Not a sub-issue: \(unknown.joined(separator: ", ")).")
        }
    }

    private func people(
        question: String, moderatorQuestion: Bool, subIssueIDs: [String] = []
    ) throws(Ended) -> [InitiationAnswers.Person] {
        var people: [InitiationAnswers.Person] = []
        while true {
            guard let address = try optional(question, rule: .address) else { return people }
            var person = InitiationAnswers.Person(address: address, name: try optional("Their name (optional):"))
            if moderatorQuestion {
                person.isModerator = try choice("Is this the moderator? (yes, no)", among: ["yes", "no"], standard: "no") == "yes"
                person.subIssues = try subIssueList(
                    "Sub-issues they look after alone, separated by commas (empty: the whole community):", among: subIssueIDs)
            } else {
                person.why = try optional("Why they play a key role (optional):")
            }
            people.append(person)
        }
    }
}
