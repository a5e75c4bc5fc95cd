import Foundation
import PraxisCommunity

/// The keys of `praxis init --answers FILE` (DESIGN.md §9), described once with the same building
/// blocks as `praxis.yaml`: every problem is reported as `FILE:LINE: KEY: message`, and a key left
/// out takes its default where one exists.
public enum InitiationQuestions {
    /// Reads the answers file; throws a `DaemonError` listing every problem found.
    public static func load(path: String) throws(DaemonError) -> InitiationAnswers {
        let (answers, positions) = try ConfigurationLoader.readDocument(path: path, as: root, describing: "answers file").get()
        // The sub-issues an objective or a core member names must be among those given.
        let ids = Set(answers.subIssues.map(\.id)).union([SubIssue.generalID])
        var problems: [ConfigurationProblem] = []
        let named = answers.objectives.enumerated().map { ("objectives[\($0.offset)]", $0.element.subIssues) }
            + answers.core.enumerated().map { ("core[\($0.offset)]", $0.element.subIssues) }
        for (place, subIssues) in named {
            for (index, id) in subIssues.enumerated() where !ids.contains(id) {
                let key = "\(place).sub_issues[\(index)]"
                let position = positions[key] ?? FilePosition(line: 1, column: 1)
                problems.append(ConfigurationProblem(
                    file: path, line: position.line, column: position.column, keyPath: key,
                    message: "\"\(id)\" is not the id of one of the answers' sub_issues"))
            }
        }
        guard problems.isEmpty else { throw .invalidConfiguration(problems, in: path) }
        return answers
    }

    static var root: Shape<InitiationAnswers> {
        .record(InitiationAnswers(name: "", listAddress: ""), [
            .required("name", \.name, .text(.nonEmpty), "The community's name as members will know it."),
            .optional("field", \.field, .text(.nonEmpty), "What it works on, in a sentence.", whenAbsent: "none"),
            .optional("language", \.language, language, "The language it works in."),
            .optional("timezone", \.timeZone, .timeZone, "Its time zone.", standard: "`UTC`"),
            .required("list_address", \.listAddress, .text(.address),
                      "The address members post to; request, owner and bounce addresses derive from it."),
            .optional("objectives", \.objectives, .list(of: objective, maxCount: 100), "What it exists for."),
            .optional("sub_issues", \.subIssues, .list(of: subIssue, maxCount: 1_000), "The topics it works on."),
            .optional("core", \.core, .list(of: person(moderator: true), maxCount: 1_000),
                      "The core group; `moderator: true` marks the moderator."),
            .optional("key_participants", \.keyParticipants, .list(of: person(moderator: false), maxCount: 10_000),
                      "Whom to approach because they play a key role; they are invited, never subscribed."),
            .optional("sponsor", \.sponsor, .text(.address), "The backing in management.", whenAbsent: "none"),
        ])
    }

    private static var language: Shape<String> {
        let listed = InitiationAnswers.languages.joined(separator: ", ")
        return .parsed(kind: "one of \(listed)", written: { $0 }, { InitiationAnswers.languages.contains($0) ? $0 : nil },
                       problem: { "\"\(ConfigurationReader.clipped($0))\" is not one of \(listed)" })
    }

    private static var objective: Shape<InitiationAnswers.ObjectiveAnswer> {
        .record(InitiationAnswers.ObjectiveAnswer(text: ""), [
            .required("text", \.text, .text(.nonEmpty), "The objective in a sentence."),
            .optional("kind", \.kind, .choice, "Which of the four kinds it is.", whenAbsent: "none"),
            .optional("id", \.id, .text(.identifier), "Its id.", whenAbsent: "the kind, else `objective-N`"),
            .optional("sub_issues", \.subIssues, .list(of: .text(.identifier), maxCount: 1_000),
                      "The sub-issues that serve it."),
        ])
    }

    private static var subIssue: Shape<SubIssue> {
        .record(SubIssue(id: ""), [
            .required("id", \.id, .text(.identifier), "Short and stable."),
            .optional("name", \.name, .text(.nonEmpty), "Its name.", standard: "the id"),
            .optional("keywords", \.keywords, ConfigurationKeys.words, "A line of keywords."),
            .optional("protected", \.isProtected, .flag, "A closed space for the core group."),
        ]) { subIssue, given in
            if !given.contains("name") { subIssue.name = subIssue.id }
        }
    }

    private static func person(moderator: Bool) -> Shape<InitiationAnswers.Person> {
        var fields: [Field<InitiationAnswers.Person>] = [
            .required("address", \.address, .text(.address), "Their mail address."),
            .optional("name", \.name, .text(.nonEmpty), "Their name.", whenAbsent: "none"),
        ]
        if moderator {
            fields.append(.optional("moderator", \.isModerator, .flag, "Whether they moderate."))
            fields.append(.optional("sub_issues", \.subIssues, .list(of: .text(.identifier), maxCount: 1_000),
                                    "The sub-issues they look after alone; empty: the whole community."))
        } else {
            fields.append(.optional("why", \.why, .text(.nonEmpty), "Why they play a key role.", whenAbsent: "not said"))
        }
        return .record(InitiationAnswers.Person(address: ""), fields)
    }
}
