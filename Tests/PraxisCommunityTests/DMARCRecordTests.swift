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

    @Test func aParentDomainsRecordAppliesItsSubdomainPolicy() {
        let record = DMARCRecord(policy: .none, subdomainPolicy: .reject)
        #expect(record.policy(atParentDomain: false) == DMARCPolicy.none)
        #expect(record.policy(atParentDomain: true) == .reject)
        #expect(DMARCRecord(policy: .quarantine).policy(atParentDomain: true) == .quarantine)
    }

    /// The DNS tree walk's names, nearest first: no public suffix list needed, so a multi-label
    /// suffix (`co.uk`) is asked last, after the organisation's own domain.
    @Test(arguments: [
        ("lists.mail.example.org", ["mail.example.org", "example.org"]), ("mail.example.org", ["example.org"]),
        ("Example.ORG", []), ("org", []),
        ("mail.example.co.uk", ["example.co.uk", "co.uk"]),
        ("dept.city.gov.uk", ["city.gov.uk", "gov.uk"]),
        // Eight labels or more: on to the last seven at once, as the walk does.
        ("a.b.c.d.e.f.g.h.i", ["c.d.e.f.g.h.i", "d.e.f.g.h.i", "e.f.g.h.i", "f.g.h.i", "g.h.i", "h.i"]),
        ("b.c.d.e.f.g.h.i", ["c.d.e.f.g.h.i", "d.e.f.g.h.i", "e.f.g.h.i", "f.g.h.i", "g.h.i", "h.i"]),
    ] as [(String, [String])])
    func theParentDomainsAreAskedNearestFirst(_ domain: String, _ parents: [String]) {
        #expect(DMARCRecord.parentDomains(of: domain) == parents)
    }
}
