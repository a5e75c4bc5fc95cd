import PraxisStore
import PraxisSystem
import Testing

/// The store keys a message by the unique part of its maildir file name (`MaildirName.unique`), and
/// the maildir finds a file by the same part (`Maildir.uniquePart`). DESIGN.md §3 keeps PraxisStore
/// and PraxisSystem from importing each other, so each holds the two-line rule; this test keeps the
/// two the same rule, so a name the store knows is always the name the maildir finds.
struct MaildirNameAgreementTests {
    @Test(arguments: [
        "", ":", "::", ":2,S", "a:b:c", "1733472000.M123P456Q7.host", "1733472000.M123P456Q7.host:2,",
        "1733472000.M123P456Q7.host:2,FRS", "host\\072name:2,S", "é.ü:2,T", "nul\u{0}:2,S", "new/../x:2,S",
    ])
    func storeAndMaildirAgreeOnTheUniquePart(_ fileName: String) {
        #expect(MaildirName.unique(fileName) == Maildir.uniquePart(of: fileName))
    }
}
