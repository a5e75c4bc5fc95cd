import Foundation
import Testing
@testable import PraxisCommunity

/// Who may mark a product, which products anyone may see, and how the digests show products and
/// retired sub-issues.
@Suite("Products and retired marks")
struct ProductMarkingTests {
    static let subIssues = [
        SubIssue.general, SubIssue(id: "cycling", moderators: ["Cyc@Example.org"]),
        SubIssue(id: "procurement", isProtected: true, moderators: ["pm@example.org"]),
    ]

    /// (sender, sub-issue of the thread, may mark). The nasty ones first: a moderator of another
    /// sub-issue, a display-name disguise, an empty address.
    static let senders: [(String, String, Bool)] = [
        ("cyc@example.org", "procurement", false),
        ("\"chair@example.org\" <mallory@example.org>", "cycling", false),
        ("", "cycling", false),
        ("alice@example.org", "cycling", false),
        ("CHAIR@example.org", "procurement", true),
        ("cyc@example.org", "cycling", true),
        ("pm@example.org", "procurement", true),
    ]

    @Test(arguments: senders)
    func onlyTheCoreGroupAndTheThreadsModeratorsMark(_ sender: String, _ subIssue: String, _ allowed: Bool) {
        #expect(ProductMarking.mayMark(sender, subIssue: subIssue, core: ["chair@example.org"], subIssues: Self.subIssues) == allowed)
    }

    static func product(_ id: String, protected: Bool, at seconds: Double) -> Product {
        Product(messageID: id, threadMessageID: id, kind: .summary, note: "Note of \(id)", markedBy: "chair@example.org",
                markedAt: Date(timeIntervalSince1970: seconds), subject: "Subject of \(id)", subIssue: "cycling", isProtected: protected)
    }

    @Test func protectedProductsAreLeftOutEntirely() {
        let products = [Self.product("a", protected: false, at: 10), Self.product("b", protected: true, at: 20),
                        Self.product("c", protected: false, at: 30), Self.product("d", protected: false, at: 99)]
        #expect(ProductMarking.open(products).map(\.messageID) == ["a", "c", "d"])
        let shown = ProductMarking.open(products, markedFrom: Date(timeIntervalSince1970: 10), to: Date(timeIntervalSince1970: 99))
        #expect(shown.map(\.messageID) == ["c", "a"])
    }

    @Test(arguments: ["Solution", "SUMMARY", "decision"])
    func kindsAreReadInAnyCase(_ word: String) {
        #expect(ProductMarking.kind(word)?.rawValue == word.lowercased())
    }

    @Test func aPoemIsNoKind() {
        #expect(ProductMarking.kind("poem") == nil)
        #expect(ProductMarking.kindProblem("poem") == "\"poem\" is not a kind of product; write solution, summary or decision")
    }

    @Test func theOrganisationDigestFeaturesOpenProductsAndMarksRetiredSubIssues() {
        var content = DigestFixture.select(DigestFixture.mixed, reader: DigestReader(address: "reader@example.org"))
        content.sections = content.sections.map { section in
            var section = section
            if section.subIssue.id == "parking" { section.subIssue.isRetired = true }
            return section
        }
        var document = DigestDocument(
            community: DigestFixture.community, name: "organisation", content: content, recipient: "all@example.org",
            isMemberDigest: false, timeZone: .gmt, archive: ArchiveLinks(baseURL: "https://cop.example.org/"))
        document.products = [Self.product("open@x", protected: false, at: 1), Self.product("hidden@x", protected: true, at: 2)]
        let text = DigestTemplates.builtIn.renderText(document)
        #expect(text.contains("=== Parking (retired) ==="), "\(text)")
        #expect(text.contains("=== What the community produced ===\nSummary: Subject of open@x - Note of open@x\n"
            + "https://cop.example.org/t/open@x/\n"), "\(text)")
        let html = DigestTemplates.builtIn.renderHTML(document)
        #expect(html.contains("What the community produced") && html.contains("Parking (retired)"))
        for rendering in [text, html] { #expect(!rendering.contains("hidden@x")) }
    }
}
