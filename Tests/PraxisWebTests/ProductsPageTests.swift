import Foundation
import PraxisCommunity
import PraxisStore
import Testing
@testable import PraxisWeb

/// The archive's home page features the products (issue 21 item 8), linked to their threads; a
/// protected thread marked as a product is left out entirely for every viewer not admitted to it.
@Suite("Products on the home page")
struct ProductsPageTests {
    static func marked() throws -> ArchiveFixture {
        let fixture = try ArchivePagesTests.populated()
        let time = Date(timeIntervalSince1970: 1_100_000_000)
        for (id, kind, note) in [("evil@example.org", Product.Kind.solution, "Green <b>lanes</b>"),
                                 ("secret@example.org", .decision, "Confidential ceiling")] {
            guard case .marked = try fixture.database.markProduct(
                messageID: id, kind: kind, note: note, by: "boss@example.org", at: time, protectedSubIssues: ["hr"])
            else { throw CancellationError() }
        }
        return fixture
    }

    @Test(arguments: ArchivePagesTests.outsiders)
    func outsidersSeeOnlyOpenProducts(_ viewer: ArchiveViewer) async throws {
        let fixture = try Self.marked()
        let home = ArchivePagesTests.get(try fixture.site(audience: .public), "/", viewer: viewer)
        #expect(home.status == .ok)
        #expect(home.text.contains("<h2>What the community produced</h2>"))
        // Named by a reply, linked to the thread's first post; the note escaped.
        #expect(home.text.contains("Solution: <a href=\"/t/root%2F1@example.org/\">Bike lanes on Main Street</a>"), "\(home.text)")
        #expect(home.text.contains("Green &lt;b&gt;lanes&lt;/b&gt;"))
        for secret in ["Layoffs", "Confidential", "Boss", "secret@example.org", "Decision", "Staffing"] {
            #expect(!home.text.contains(secret), "\(secret) leaked to \(viewer)")
        }
    }

    @Test func anAdmittedMemberSeesBoth() async throws {
        let fixture = try Self.marked()
        let viewer = ArchiveViewer.member(address: "boss@example.org", isCore: true, admittedTo: ["hr"])
        let home = ArchivePagesTests.get(try fixture.site(audience: .public), "/", viewer: viewer)
        #expect(home.text.contains("Decision: <a href=\"/t/secret@example.org/\">Layoffs in cycling team</a>"), "\(home.text)")
        #expect(home.text.contains("Bike lanes on Main Street</a>"))
    }

    @Test func noProductsNoSection() async throws {
        let fixture = try ArchivePagesTests.populated()
        let home = ArchivePagesTests.get(try fixture.site(audience: .public), "/")
        #expect(home.status == .ok && !home.text.contains("What the community produced"))
    }
}
