import Foundation
import Testing
@testable import PraxisCommunity

@Suite("Member lists to import")
struct MemberListTests {
    @Test func csvWithQuotedFieldsAndOptionalPinned() {
        // Raw: the doubled quotes of CSV would end an ordinary multi-line literal.
        let list = MemberList(parsing: #"""
            address,name,role,delivery
            "Carol@X.org","Smith, Carol ""CJ""",inner,immediate
            d@x.org,,,
            "e@x.org","Two
            lines",core,none
            """#)
        #expect(list.format == .csv)
        #expect(list.problems.isEmpty, "\(list.problems)")
        #expect(list.entries.map(\.address) == ["carol@x.org", "d@x.org", "e@x.org"])
        #expect(list.entries.first?.name == .value("Smith, Carol \"CJ\""))
        #expect(list.entries.map(\.role) == [.value(.inner), .byDefault, .value(.core)])
        #expect(list.entries.map(\.delivery) == [.value(.immediate), .byDefault, .value(.none)])
        // No pinned column: the list says nothing of pinning.
        #expect(list.entries.allSatisfy { $0.isPinned == .unsaid })
        #expect(list.entries.map(\.line) == [2, 3, 4])
        // A line break inside a quoted name is no control character in the name.
        #expect(list.entries.last?.name == .value("Two lines"))
    }

    @Test func csvBadLinesNamedByNumber() {
        let list = MemberList(parsing: "\u{FEFF}address,name,role,delivery,pinned\r\nok@x.org,,inner,,yes\r\nbad,,,,\r\n\r\nx@y.org,,boss,,\r\nok@x.org,,,,\r\nq@x.org,a\"b,,,\r\n")
        #expect(list.format == .csv)
        #expect(list.problems.map(\.line) == [3, 5, 6, 7])
        #expect(list.problems[0].message.contains("no \"@\""))
        #expect(list.problems[1].message.contains("role \"boss\""))
        #expect(list.problems[2].message.contains("already on line 2"))
        #expect(list.problems[3].message.contains("double quote"))
    }

    /// What `praxis export` writes imports as it is: `default` delivery is the circle's, the
    /// digest frequency is read, those who had left are counted and left out (never subscribed
    /// again), `joined_at` is read (`left_at` is not); a status or frequency it cannot mean is
    /// a bad line, and a member who had left still counts for "already on line N".
    @Test func anExportsMembersFileImportsAndLeavesOutThoseWhoLeft() {
        let list = MemberList(parsing: """
            address,name,role,delivery,digest_frequency,status,joined_at,left_at,digest_format,own_posts,language
            a@x.org,Anna,inner,default,daily,active,2026-01-02T03:04:05Z,,html,no,de
            gone@x.org,Gone,outer,digest,weekly,unsubscribed,2026-01-02T03:04:05Z,2026-03-01T00:00:00Z,,yes,
            bounced@x.org,,outer,default,weekly,DISABLED,2026-01-02T03:04:05Z,,,yes,
            b@x.org,,core,none,,,,,,,

            """)
        #expect(list.problems.isEmpty, "\(list.problems)")
        #expect(list.entries.map(\.address) == ["a@x.org", "b@x.org"])
        #expect(list.leftOut == [3, 4])
        #expect(list.entries.map(\.delivery) == [.byDefault, .value(.none)])
        #expect(list.entries.map(\.digestFrequency) == [.value(.daily), .byDefault])
        #expect(list.entries.map(\.language) == [.value(.de), .byDefault])
        #expect(list.entries.map(\.digestFormat) == [.value(.html), .byDefault])
        #expect(list.entries.map(\.ownPosts) == [.value(false), .byDefault])
        #expect(list.entries.map(\.joinedAt) == [Date(timeIntervalSince1970: 1_767_323_045), nil])

        let bad = MemberList(parsing: """
            address,status,digest_frequency,delivery
            c@x.org,banned,,
            d@x.org,,hourly,
            e@x.org,unsubscribed,,sometimes
            e@x.org,,,

            """)
        #expect(bad.problems.map(\.line) == [2, 3, 4])
        #expect(bad.problems.map(\.message).joined(separator: "|").contains("status \"banned\" is not one of active, unsubscribed, disabled"))
        #expect(bad.problems[1].message.contains("digest_frequency \"hourly\" is neither daily nor weekly"))
        #expect(bad.problems[2].message.contains("delivery \"sometimes\""))
        #expect(bad.entries.map(\.address) == ["e@x.org"])
    }

    @Test func csvHeaderMustNameTheColumns() {
        let list = MemberList(parsing: "address,nickname,role,delivery\na@x.org,,,\n")
        #expect(list.problems.map(\.description) == [
            "line 1: unknown column \"nickname\"; the columns are address,name,role,delivery,pinned,language,digest_format,own_posts,digest_frequency,status,joined_at,left_at",
        ])
        #expect(MemberList(parsing: "name,role\nA,inner\n").problems.map(\.description) == [
            "line 1: the header lacks the column \"address\"",
        ])
        #expect(MemberList(parsing: "address,name,role,delivery\na@x.org,,\n").problems.first?.message
                == "expected 4 fields as in the header, found 3")
    }

    /// DESIGN.md §4: only `address` is required; the other columns take their defaults.
    @Test func csvWithTheAddressColumnAlone() {
        let list = MemberList(parsing: "address\nAnne@Example.org\nbart@example.org\n")
        #expect(list.format == .csv)
        #expect(list.problems.isEmpty)
        #expect(list.entries.map(\.address) == ["anne@example.org", "bart@example.org"])
        #expect(list.entries.allSatisfy {
            $0.role == .unsaid && $0.delivery == .unsaid && $0.name == .unsaid && $0.isPinned == .unsaid && $0.language == .unsaid
        })
        let reordered = MemberList(parsing: "role,address\ninner,c@example.org\n")
        #expect(reordered.problems.isEmpty)
        #expect(reordered.entries.map(\.role) == [.value(.inner)])
    }

    /// The one rule for every optional column: absent keeps, empty is the default, a value is the value.
    @Test(arguments: [
        (ListedSetting<String>.unsaid, "stored"),
        (.byDefault, "standard"),
        (.value("given"), "given"),
    ])
    func aSettingAppliesByOneRule(_ setting: ListedSetting<String>, _ expected: String) {
        #expect(setting.applied(to: "stored", standard: "standard") == expected)
    }

    /// Every optional column reads by that rule: absent from the header is unsaid, an empty cell
    /// is the default, whatever the column.
    @Test(arguments: optionalColumns)
    func everyOptionalColumnIsUnsaidWhenAbsentAndDefaultWhenEmpty(_ column: String) {
        let absent = MemberList(parsing: "address\na@x.org\n").entries.first
        let empty = MemberList(parsing: "address,\(column)\na@x.org,\n").entries.first
        #expect(absent.map(Self.settings) == Self.optionalColumns.map { _ in "unsaid" })
        #expect(empty.map(Self.settings) == Self.optionalColumns.map { $0 == column ? "default" : "unsaid" })
    }

    static let optionalColumns = ["name", "role", "delivery", "pinned", "language", "digest_format", "own_posts", "digest_frequency"]

    /// Each setting of `entry` as "unsaid", "default" or "value", in `optionalColumns`' order.
    static func settings(_ entry: MemberListEntry) -> [String] {
        func word<Value>(_ setting: ListedSetting<Value>) -> String {
            switch setting {
            case .unsaid: "unsaid"
            case .byDefault: "default"
            case .value: "value"
            }
        }
        return [word(entry.name), word(entry.role), word(entry.delivery), word(entry.isPinned), word(entry.language),
                word(entry.digestFormat), word(entry.ownPosts), word(entry.digestFrequency)]
    }

    @Test func mailmanMembersOutput() {
        let list = MemberList(parsing: """
            Anne Person <anne@example.com>
            bart@example.com
            "Doe, Jane" <Jane@Example.com>

            not an address
            <>
            """)
        #expect(list.format == .mailman)
        #expect(list.entries.map(\.address) == ["anne@example.com", "bart@example.com", "jane@example.com"])
        #expect(list.entries.map(\.name) == [.value("Anne Person"), .unsaid, .value("Doe, Jane")])
        #expect(list.entries.allSatisfy { $0.role == .unsaid && $0.delivery == .unsaid })
        #expect(list.problems.map(\.line) == [5, 6])
    }

    @Test func excerptIsPlainAndShort() {
        let hostile = "approve abc\u{202E}gnp.exe\r\n\u{1B}[31mred\u{07}\n" + (1...40).map { "line \($0)" }.joined(separator: "\n")
        let excerpt = ModerationNotices.excerpt(of: hostile)
        #expect(excerpt.count == ModerationNotices.excerptLines + 1)
        #expect(excerpt[0] == "approve abcgnp.exe")
        #expect(excerpt[1] == "[31mred")
        #expect(excerpt.last == "[…]")
        #expect(ModerationNotices.plain(String(repeating: "x", count: 500), width: 10).count == 10)
    }

    @Test func plainCollapsesASCIIAndUnicodeSpaces() {
        #expect(ModerationNotices.plain(" a \t b\u{00A0}\u{2003}c\u{3000} ", width: 80) == "a b c")
        #expect(ModerationNotices.excerpt(of: "\n\n first\n\n\n\nsecond\n\n") == ["first", "", "second"])
    }

    @Test func requestShowsTimesInUTC() {
        let post = ModerationNotices.HeldPost(
            id: 7, authorName: "Eve", authorAddress: "eve@example.org", subject: "Hello", reason: "not a member",
            text: "hi", heldAt: Date(timeIntervalSince1970: 1_084_000_000), expiresAt: Date(timeIntervalSince1970: 1_084_604_800))
        let community = Community(name: "CoP", listAddress: "cop@lists.example.org")
        let notice = ModerationNotices.request(for: post, token: "t", to: "mod@example.org", community: community, language: .en)
        #expect(notice.text.contains("Held:     2004-05-08T07:06:40Z"))
        #expect(notice.text.contains("Expires:  2004-05-15T07:06:40Z"))
    }
}
