import Testing
@testable import PraxisCommunity

/// `_dmarc` TXT records as RFC 7489 §6.3 and §6.6.3 read them: hostile and odd ones first.
@Suite("DMARC record")
struct DMARCRecordTests {
    @Test(arguments: [
        ("v=DMARC1; p=reject", DMARCRecord(policy: .reject)),
        ("v=DMARC1;p=Quarantine;sp=none;rua=mailto:d@example.org", DMARCRecord(policy: .quarantine, subdomainPolicy: DMARCPolicy.none)),
        ("  v = DMARC1 ;  p = none ; ", DMARCRecord(policy: .none)),
        ("v=DMARC1; p=reject; sp=bogus", DMARCRecord(policy: .reject)),
        // Not a DMARC record, or no valid policy: no policy at all.
        ("p=reject; v=DMARC1", nil),
        ("v=DMARC2; p=reject", nil),
        ("v=dmarc1; p=reject", nil),
        ("v=DMARC1; p=rejected", nil),
        ("v=DMARC1; rua=mailto:d@example.org", nil),
        ("v=DMARC1; p", nil),
        ("", nil),
        ("v=DMARC1; p=reject\u{0}; sp=none", nil),
    ] as [(String, DMARCRecord?)])
    func recordsAreReadAsTheRFCSays(_ text: String, _ expected: DMARCRecord?) {
        #expect(DMARCRecord(text) == expected)
    }

    @Test func exactlyOneDMARCRecordMustBePublished() {
        #expect(DMARCRecord.single(among: ["spf stuff", "v=DMARC1; p=reject"]) == DMARCRecord(policy: .reject))
        // Two DMARC records: policy discovery ends with none (§6.6.3 step 5).
        #expect(DMARCRecord.single(among: ["v=DMARC1; p=reject", "v=DMARC1; p=none"]) == nil)
        #expect(DMARCRecord.single(among: ["unrelated"]) == nil)
        #expect(DMARCRecord.single(among: []) == nil)
    }

    @Test func theOrganisationalDomainsRecordAppliesItsSubdomainPolicy() {
        let record = DMARCRecord(policy: .none, subdomainPolicy: .reject)
        #expect(record.policy(atOrganisationalDomain: false) == DMARCPolicy.none)
        #expect(record.policy(atOrganisationalDomain: true) == .reject)
        #expect(DMARCRecord(policy: .quarantine).policy(atOrganisationalDomain: true) == .quarantine)
    }

    @Test(arguments: [
        ("lists.mail.example.org", "example.org"), ("mail.example.org", "example.org"), ("Example.ORG", nil), ("org", nil),
        // The known limit: a multi-label public suffix is not known without the Public Suffix List.
        ("mail.example.co.uk", "co.uk"),
    ] as [(String, String?)])
    func theOrganisationalDomainIsTheLastTwoLabels(_ domain: String, _ organisational: String?) {
        #expect(DMARCRecord.organisationalDomain(of: domain) == organisational)
    }
}
