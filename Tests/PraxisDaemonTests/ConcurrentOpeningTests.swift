import Foundation
import Testing

/// Several processes opening one store at once, as when `praxis run` starts while an operator or a
/// timer runs another command: on a new store, or after an upgrade, each one would set WAL mode and
/// migrate the schema, and without taking turns some failed ("database is locked", "table threads
/// already exists").
@Suite("Opening one store from several processes")
struct ConcurrentOpeningTests {
    @Test func processesOpeningANewStoreAtOnceAllSucceed() throws {
        for round in 0..<5 {
            let community = try CommunityFixture()
            var children: [PraxisChild] = []
            for _ in 0..<4 {
                guard let child = try PraxisChild(["status", "--config", community.configPath], in: community.url, label: "status")
                else { return }
                children.append(child)
            }
            for child in children {
                #expect(child.wait(timeout: .seconds(60)), "round \(round): still running")
                #expect(child.exitStatus == 0, "round \(round): \(child.standardError)")
            }
            #expect(try community.count("SELECT count(*) FROM grdb_migrations") > 0)
        }
    }
}
