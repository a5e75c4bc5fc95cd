import Foundation
import Testing
@testable import PraxisCommunity

/// What `praxis init` writes, as pure values: quoting that survives any name, ids for objectives,
/// the core group alone in members.csv, the key participants only as people to invite.
@Suite("Initiation files")
struct InitiationFilesTests {
    /// Text that could end a scalar, start a comment, add a key or a line, or vanish on reading.
    @Test(arguments: [
        ("Mobilität: Köln # Süd", #""Mobilität: Köln # Süd""#),
        ("say \"hi\"\\now", #""say \"hi\"\\now""#),
        ("two\nlines: x", #""two\nlines: x""#),
        ("tab\there\r", #""tab\there\r""#),
        ("nul\u{0}bell\u{7}", #""nul\u0000bell\u0007""#),
        ("sep\u{2028}par\u{2029}bom\u{FEFF}nel\u{85}", #""sep\u2028par\u2029bom\uFEFFnel\u0085""#),
        ("- [a, b]: {c}", #""- [a, b]: {c}""#),
    ])
    func quotedScalarsEscapeWhatYAMLWouldRead(text: String, written: String) {
        #expect(QuotedLiteral.of(text) == written)
    }

    @Test func commentsStayOnOneLine() {
        #expect(YAMLText.comment("a\nb\r\nc\u{2028}d\u{0}e") == "a b c d e")
    }

    @Test func objectiveIdsComeFromTheKindOnceEach() {
        var answers = InitiationAnswers(name: "C", listAddress: "c@example.org")
        answers.objectives = [
            .init(text: "A", kind: .exchange), .init(text: "B", kind: .exchange), .init(text: "C"),
            .init(text: "D", kind: .testing, id: "exchange-2"), .init(text: "E", kind: .testing),
        ]
        #expect(answers.identifiedObjectives.map(\.id) == ["exchange", "exchange-3", "objective-3", "exchange-2", "testing"])
    }

    static let answers = InitiationAnswers(
        name: "Netz, \"Süd\"", listAddress: "netz@lists.example.org",
        core: [.init(address: "anna@example.org", name: "Müller, Anna \"Die Erste\"", isModerator: true),
               .init(address: "=cmd@example.org")],
        keyParticipants: [.init(address: "bernd@example.org", name: "Bernd\nInjected: line", why: "runs the depot")])

    /// The core group reads back through the member list parser exactly as given; key
    /// participants are not members.
    @Test func membersAreTheCoreGroupAndReadBackExactly() {
        let list = MemberList(parsing: InitiationFiles(answers: Self.answers).members)
        #expect(list.problems.isEmpty, "\(list.problems)")
        #expect(list.entries.map(\.address) == ["anna@example.org", "=cmd@example.org"])
        #expect(list.entries.map(\.name) == [.value("Müller, Anna \"Die Erste\""), .byDefault])
        #expect(list.entries.allSatisfy { $0.role == .value(.core) })
        #expect(!InitiationFiles(answers: Self.answers).members.contains("bernd"))
    }

    @Test func invitationsListKeyParticipantsOneLineEachAndHowTheyJoin() throws {
        let text = try #require(InitiationFiles(answers: Self.answers).invitations)
        #expect(text.contains("  - Bernd Injected: line <bernd@example.org>: runs the depot\n"))
        #expect(!text.contains("\nInjected"))
        #expect(text.contains("netz-request@lists.example.org with the subject \"subscribe\""))
        #expect(text.contains("nobody is subscribed by someone else"))
        #expect(InitiationFiles(answers: InitiationAnswers(name: "C", listAddress: "c@example.org")).invitations == nil)
    }
}
