import Testing
@testable import PraxisCommunity

/// Which sub-issues count towards an objective in a review: the configured mapping when the
/// objective has an id, words in its text only for a plain-string objective, and labelled so.
@Suite("Objectives")
struct ObjectiveTests {
    static let subIssues = [
        SubIssue(id: "cycling", name: "Cycling infrastructure", keywords: ["bike lane"], aliases: ["bikes"]),
        SubIssue(id: "procurement", name: "Joint procurement", isProtected: true, members: ["a@example.org"]),
        SubIssue(id: "parking"),
    ]

    @Test(arguments: [
        // An objective with an id counts exactly what it names, even when its words name others
        // (the nasty case: text matching would add cycling and parking here).
        (Objective(text: "Cycling and parking for all", id: "streets", subIssues: ["procurement"]),
         ["procurement"], Objective.Link.configured),
        // An id with nothing linked counts nothing; its words are not consulted.
        (Objective(text: "Better bike lane design", id: "design"), [], .configured),
        // A plain string: sub-issues whose id, name, keyword or alias its text mentions, in the
        // configuration's order, case-insensitively.
        (Objective(text: "Share JOINT PROCUREMENT and cycling tips"), ["cycling", "procurement"], .textMatch),
        (Objective(text: "More bikes, fewer cars"), ["cycling"], .textMatch),
        (Objective(text: "Paint a bike lane"), ["cycling"], .textMatch),
        (Objective(text: "Something else entirely"), [], .textMatch),
    ])
    func linksFromTheMappingAndWordsOnlyForPlainText(objective: Objective, ids: [String], link: Objective.Link) {
        let linked = objective.linkedSubIssues(among: Self.subIssues)
        #expect(linked.ids == ids)
        #expect(linked.link == link)
    }

    @Test func aStringLiteralIsThePlainForm() {
        let objective: Objective = "Safer streets"
        #expect(objective == Objective(text: "Safer streets"))
        #expect(objective.id == nil && objective.subIssues.isEmpty)
    }
}
