import Testing
@testable import PraxisMail

/// `Authentication-Results` (RFC 8601) as the MTAs in front of a list write it, and as the RFC's
/// own examples do, plus the malformed ones a sender may write.
@Suite("Authentication-Results")
struct AuthenticationResultsTests {
    typealias Result = AuthenticationResults.MethodResult

    static let cases: [(String, AuthenticationResults?)] = [
        // RFC 8601 appendix B.2: nothing was checked.
        ("example.org 1; none", AuthenticationResults(authservID: "example.org", results: [])),
        // B.3, SPF with a comment.
        ("example.com; spf=pass smtp.mailfrom=example.net",
         AuthenticationResults(authservID: "example.com", results: [Result(method: "spf", result: "pass", properties: ["smtp.mailfrom": "example.net"])])),
        // B.4, several methods, versions and comments.
        ("example.com;\r\n  auth=pass (cram-md5) smtp.auth=sender@example.net;\r\n  spf=pass smtp.mailfrom=example.net",
         AuthenticationResults(authservID: "example.com", results: [
            Result(method: "auth", result: "pass", properties: ["smtp.auth": "sender@example.net"]),
            Result(method: "spf", result: "pass", properties: ["smtp.mailfrom": "example.net"]),
         ])),
        // OpenDMARC.
        ("mx.example.org; dmarc=fail (p=reject dis=none) header.from=example.com",
         AuthenticationResults(authservID: "mx.example.org", results: [Result(method: "dmarc", result: "fail", properties: ["header.from": "example.com"])])),
        // rspamd: a quoted reason with a ";" in it, a comment with "=" and ";" in it.
        (#"MX.Example.ORG; dkim=none; dmarc=fail reason="No valid SPF; no DKIM" header.from=example.com (policy=reject; x=y); spf=softfail smtp.mailfrom=a@example.com"#,
         AuthenticationResults(authservID: "mx.example.org", results: [
            Result(method: "dkim", result: "none"),
            Result(method: "dmarc", result: "fail", properties: ["header.from": "example.com"]),
            Result(method: "spf", result: "softfail", properties: ["smtp.mailfrom": "a@example.com"]),
         ])),
        // White space around "=", a method version, upper case, nested comments.
        ("mx.example.org (a (nested) comment); DMARC/1 = FAIL header.from = Example.com",
         AuthenticationResults(authservID: "mx.example.org", results: [Result(method: "dmarc", result: "fail", properties: ["header.from": "Example.com"])])),
        // Garbage pieces are skipped, the rest is read.
        ("mx.example.org; ;;; what is this; dmarc=pass header.from=example.com; =fail",
         AuthenticationResults(authservID: "mx.example.org", results: [Result(method: "dmarc", result: "pass", properties: ["header.from": "example.com"])])),
        // Not a field at all.
        ("", nil),
        ("; dmarc=fail", nil),
        ("(only a comment)", nil),
        // An unterminated comment or quote ends the field, without a crash.
        ("mx.example.org; dmarc=fail (p=reject header.from=example.com",
         AuthenticationResults(authservID: "mx.example.org", results: [Result(method: "dmarc", result: "fail")])),
        ("mx.example.org; dmarc=fail reason=\"open",
         AuthenticationResults(authservID: "mx.example.org", results: [Result(method: "dmarc", result: "fail")])),
    ]

    @Test(arguments: cases)
    func parses(_ value: String, _ expected: AuthenticationResults?) {
        #expect(AuthenticationResults(parsing: Array(value.utf8)) == expected)
    }

    @Test func aMessageGivesItsFieldsTopmostFirstAsWritten() {
        let message = MailMessage(Array("""
            Authentication-Results: mx.example.org; dmarc=fail header.from=example.com\r
            Received: from somewhere\r
            Authentication-Results: =?utf-8?q?mx.example.org=3B_dmarc=3Dpass?=\r
            authentication-results: mx.example.org;\r
            \tdmarc=pass header.from=example.com\r
            From: a@example.com\r
            \r
            Body\r

            """.utf8))
        let fields = message.authenticationResults
        // The encoded word is not decoded into "mx.example.org; dmarc=pass": that field is no field.
        #expect(fields.map(\.authservID) == ["mx.example.org", "mx.example.org"])
        #expect(fields.map { $0.results.map(\.result) } == [["fail"], ["pass"]])
    }
}
