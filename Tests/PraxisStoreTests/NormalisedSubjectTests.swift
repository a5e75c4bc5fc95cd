import Testing
@testable import PraxisStore

@Suite("NormalisedSubject")
struct NormalisedSubjectTests {
    @Test(arguments: [
        ("Bike lanes on Main Street", "bike lanes on main street", false),
        ("Re: Bike lanes", "bike lanes", true),
        ("RE: re: Re:Bike lanes", "bike lanes", true),
        ("AW: Parkplätze", "parkplätze", true),
        ("Fwd: Re: [cop] Bike   lanes ", "bike lanes", true),
        ("[cop] Re: [cycling] Bike lanes", "bike lanes", true),
        ("Re[2]: Bike lanes", "bike lanes", true),
        ("Re^3: Bike lanes", "bike lanes", true),
        ("SV: Sykkelveier", "sykkelveier", true),
        ("Antw: vraag", "vraag", true),
        ("Bike lanes (fwd)", "bike lanes", true),
        ("Re : Bike lanes", "bike lanes", true),
        ("Re\u{FF1A}Bike lanes", "bike lanes", true),
        ("Regarding: parking", "regarding: parking", false),
        ("Re: ", "", true),
        ("", "", false),
        ("[unterminated tag", "[unterminated tag", false),
        ("Return of the bikes", "return of the bikes", false),
        ("\tRe:\tfolded\r\n subject", "folded subject", true),
    ])
    func normalises(subject: String, text: String, isReply: Bool) {
        let normalised = NormalisedSubject(subject)
        #expect(normalised.text == text)
        #expect(normalised.isReply == isReply)
    }

    @Test func hostileSubjectsEndQuickly() {
        let prefixes = String(repeating: "Re: ", count: 100_000) + "x"
        #expect(NormalisedSubject(prefixes).text == "x")
        let brackets = String(repeating: "[", count: 200_000)
        #expect(NormalisedSubject(brackets).isReply == false)
        let nul = "Re: a\u{0}b"
        #expect(NormalisedSubject(nul).text == "a\u{0}b")
    }
}
