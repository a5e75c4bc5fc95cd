import Foundation
import PraxisCommunity
import PraxisDaemon
import Testing

/// The questions `praxis init` asks on a terminal, answered from a script: refused answers are
/// asked again with the reason, Enter takes the default, and the input ending early writes nothing.
@Suite("Initiation interview")
struct InitiationInterviewTests {
    final class Script: @unchecked Sendable {
        var answers: [String]
        var questions: [String] = []
        var said: [String] = []
        init(_ answers: [String]) { self.answers = answers }

        func ask(_ question: String) -> String? {
            questions.append(question)
            return answers.isEmpty ? nil : answers.removeFirst()
        }
    }

    @Test func refusedAnswersAreAskedAgainAndDefaultsTaken() throws {
        let script = Script([
            "", "Mobilität Köln: Süd",      // name: empty is refused, then given
            "Verkehrsplanung",              // field
            "klingon", "de",                // language: refused, then given
            "Europe/Koeln", "Europe/Berlin", // time zone: refused, then given
            "not an address", "mobil@lists.example.org",
            "Radverkehr", "radverkehr", "", "Radweg, Lastenrad ,", "no", // sub-issue: bad id, then id, name default, keywords, open
            "general", "beschaffung", "Beschaffung", "", "yes",        // general is taken; a protected one
            "",                              // no more sub-issues
            "Radwege austauschen", "", "radverkehr, nirgends", "radverkehr", // objective: kind default, unknown sub-issue refused
            "",                              // no more objectives
            "anna@example.org", "Anna", "yes", "",          // core: the moderator, whole community
            "bernd@example.org", "", "no", "beschaffung",   // core: looks after beschaffung alone
            "",
            "carla@example.org", "Carla", "runs the depot", "",
            "",                              // no sponsor
        ])
        let interview = InitiationInterview(ask: script.ask, say: { script.said.append($0) })
        let answers = try interview.answers()
        #expect(answers.name == "Mobilität Köln: Süd")
        #expect(answers.field == "Verkehrsplanung")
        #expect(answers.language == "de")
        #expect(answers.timeZone.identifier == "Europe/Berlin")
        #expect(answers.listAddress == "mobil@lists.example.org")
        #expect(answers.subIssues == [
            SubIssue(id: "radverkehr", keywords: ["Radweg", "Lastenrad"]),
            SubIssue(id: "beschaffung", name: "Beschaffung", isProtected: true),
        ])
        #expect(answers.objectives == [.init(text: "Radwege austauschen", kind: .exchange, subIssues: ["radverkehr"])])
        #expect(answers.core == [
            .init(address: "anna@example.org", name: "Anna", isModerator: true),
            .init(address: "bernd@example.org", subIssues: ["beschaffung"]),
        ])
        #expect(answers.keyParticipants == [.init(address: "carla@example.org", name: "Carla", why: "runs the depot")])
        #expect(answers.sponsor == nil)
        #expect(script.answers.isEmpty)
        #expect(script.said.contains("An answer is needed here."))
        #expect(script.said.contains("Answer one of en, de, fr, es."))
        #expect(script.said.contains { $0.contains("is not a valid id") })
        #expect(script.said.contains("\"general\" is taken; choose another id."))
        #expect(script.said.contains("Not a sub-issue: nirgends."))
    }

    @Test func inputEndingEarlyWritesNothing() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("praxis-interview-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let script = Script(["Name only"])
        let written = try InitiationWriter.writeInterviewed(ask: script.ask, say: { _ in }, to: folder.path, force: false)
        #expect(written == nil)
        #expect(!FileManager.default.fileExists(atPath: folder.path))
    }
}
