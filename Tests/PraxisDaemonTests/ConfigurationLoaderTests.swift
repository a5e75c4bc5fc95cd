import Foundation
import PraxisSystem
import Testing
@testable import PraxisCommunity
@testable import PraxisDaemon

/// A temporary directory per test, removed afterwards.
final class ScratchDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("praxis-config-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }

    func write(_ text: String, to name: String = "praxis.yaml") throws -> String {
        let file = url.appendingPathComponent(name)
        try Data(text.utf8).write(to: file)
        return file.path
    }
}

/// Six lines every case starts from, so that line numbers in the cases below are easy to count:
/// a case's first own line is line 7.
let minimalConfig = """
    community:
      name: Test CoP
      list_address: list@example.org
    paths:
      maildir: Maildir
      database: praxis.sqlite

    """

@Suite("Configuration loading")
struct ConfigurationLoaderTests {
    static let repositoryRoot = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()

    @Test func sampleConfigurationIsClean() throws {
        let path = Self.repositoryRoot.appendingPathComponent("Config/praxis.yaml").path
        let problems = ConfigurationLoader.validate(path: path, environment: [:])
        #expect(problems.isEmpty, "\(problems.map(\.description).joined(separator: "\n"))")
        let configuration = try ConfigurationLoader.load(path: path, environment: [:])
        #expect(configuration.community.name == "Sustainable Mobility CoP")
        #expect(configuration.community.timeZone.identifier == "Europe/Berlin")
        #expect(configuration.allSubIssues.map(\.id) == ["general", "cycling", "parking", "public-transport", "procurement"])
        #expect(configuration.subIssues.filter(\.isProtected).map(\.id) == ["procurement"])
        #expect(configuration.digests.map(\.name) == ["weekly", "daily"])
        #expect(configuration.paths.maildir == Self.repositoryRoot.appendingPathComponent("demo/Maildir").standardizedFileURL.path)
        #expect(configuration.paths.database == Self.repositoryRoot.appendingPathComponent("demo/praxis.sqlite").standardizedFileURL.path)
        #expect(configuration.smtp.endpoint == .maildir(path: Self.repositoryRoot.appendingPathComponent("demo/outgoing").standardizedFileURL.path))
        #expect(configuration.organisation?.schedule == (try Schedule(parsing: "monthly 1 09:00")))
    }

    @Test func minimalConfigurationTakesDocumentedDefaults() throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write(minimalConfig)
        let configuration = try ConfigurationLoader.load(path: path, environment: [:])
        #expect(configuration.community.requestAddress == "list-request@example.org")
        #expect(configuration.community.bounceAddress == "list-bounces@example.org")
        #expect(configuration.community.timeZone == Community.standardTimeZone)
        #expect(configuration.paths.maildir == scratch.url.appendingPathComponent("Maildir").standardizedFileURL.path)
        #expect(configuration.smtp == Configuration.SMTPSettings())
        #expect(configuration.smtp.endpoint == .smtp(host: "127.0.0.1", port: 25))
        #expect(configuration.smtp.connections == 4 && configuration.smtp.verify && configuration.smtp.tls == .starttlsIfOffered)
        #expect(configuration.allSubIssues == [SubIssue.general])
        #expect(configuration.circles == CirclesPolicy())
        #expect(configuration.digests.map { "\($0.name): \($0.schedule) to \($0.audience)" } == ["weekly: weekly mon 07:00 to outer"])
        #expect(configuration.reports.moderators.schedule.description == "weekly mon 08:00")
        #expect(configuration.organisation == nil && configuration.metrics == nil)
        #expect(configuration.logLevel == .info)
        #expect(configuration.moderation == ModerationPolicy(expireDays: 14, noticesPerHour: 10))
        #expect(configuration.limits.messageBytes == 64 << 20)
    }

    @Test func objectivesTakeBothForms() throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write("""
            community:
              name: C
              list_address: list@example.org
              objectives:
                - Exchange practice on cycling infrastructure
                - {id: cheaper, text: "Buy buses together: cheaper # not a comment", sub_issues: [procurement, general]}
                - id: quiet
                  text: Nothing linked yet
            paths: {maildir: M, database: d}
            sub_issues:
              - {id: procurement, protected: true, members: [a@example.org]}
            """)
        let problems = ConfigurationLoader.validate(path: path, environment: [:])
        #expect(problems.isEmpty, "\(problems.map(\.description))")
        let objectives = try ConfigurationLoader.load(path: path, environment: [:]).community.objectives
        #expect(objectives == [
            Objective(text: "Exchange practice on cycling infrastructure"),
            Objective(text: "Buy buses together: cheaper # not a comment", id: "cheaper", subIssues: ["procurement", "general"]),
            Objective(text: "Nothing linked yet", id: "quiet"),
        ])
    }

    @Test func messageLimitIsDecoded() throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write(minimalConfig + "limits: {message_bytes: 1048576}\n")
        #expect(try ConfigurationLoader.load(path: path, environment: [:]).limits.messageBytes == 1 << 20)
    }

    @Test func passwordFileDefaultsToSystemdCredential() throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write(minimalConfig + "smtp: {url: \"smtps://mail.example.org\", username: praxis}\n")
        let credentials = scratch.url.appendingPathComponent("credentials")
        try FileManager.default.createDirectory(at: credentials, withIntermediateDirectories: true)
        let environment = ["CREDENTIALS_DIRECTORY": credentials.path]
        let missing = ConfigurationLoader.validate(path: path, environment: environment)
        #expect(missing.map(\.keyPath) == ["smtp.username"])
        #expect(missing.first?.message.contains("smtp-password does not exist") == true)
        try Data("s3cret-password\n".utf8).write(to: credentials.appendingPathComponent("smtp-password"))
        let configuration = try ConfigurationLoader.load(path: path, environment: environment)
        #expect(configuration.smtp.passwordFile == credentials.appendingPathComponent("smtp-password").path)
        #expect(configuration.smtp.endpoint == .smtps(host: "mail.example.org", port: 465))
    }

    @Test func relativePasswordFileResolvesAgainstConfigDirectory() throws {
        let scratch = try ScratchDirectory()
        _ = try scratch.write("hunter2\n", to: "password")
        let path = try scratch.write(minimalConfig + "smtp: {username: praxis, password_file: password}\n")
        let configuration = try ConfigurationLoader.load(path: path, environment: [:])
        #expect(configuration.smtp.passwordFile == scratch.url.appendingPathComponent("password").standardizedFileURL.path)
    }

    /// (what is appended to the minimal config, the key path, the line, a piece of the message)
    static let brokenCases: [(String, String, Int, String)] = [
        // YAML syntax
        ("smtp: {url: \"smtp://x\"\n", "", 8, "YAML syntax error"),
        ("sub_issues:\n  - id: a\n   name: b\n", "", 9, "YAML syntax error"),
        ("smtp:\n\tconnections: 4\n", "", 8, "YAML syntax error"),
        ("log_level: info\nlog_level: debug\n", "", 7, "appears more than once"),
        // unknown keys, with and without a suggestion
        ("sub_isues: []\n", "sub_isues", 7, "unknown key; did you mean \"sub_issues\"?"),
        ("circles:\n  inner:\n    window-days: 30\n", "circles.inner.window-days", 9, "did you mean \"window_days\"?"),
        ("smtp:\n  passwordFile: x\n", "smtp.passwordFile", 8, "did you mean \"password_file\"?"),
        ("colour: blue\n", "colour", 7, "unknown key"),
        // wrong types
        ("circles:\n  inner: {posts: three}\n", "circles.inner.posts", 8, "expected a whole number, found \"three\""),
        ("circles:\n  inner: {posts: 2.5}\n", "circles.inner.posts", 8, "expected a whole number"),
        ("sub_issues: cycling\n", "sub_issues", 7, "expected a list"),
        ("circles: [a, b]\n", "circles", 7, "expected a mapping"),
        ("smtp: {verify: maybe}\n", "smtp.verify", 7, "expected true or false"),
        ("sub_issues:\n  - {id: [a, b]}\n", "sub_issues[0].id", 8, "expected text, found a list"),
        ("circles:\n  demotion: {hysteresis: lots}\n", "circles.demotion.hysteresis", 8, "expected a number"),
        // missing required keys
        ("sub_issues:\n  - {name: Cycling}\n", "sub_issues[0].id", 8, "required key is missing"),
        ("digests:\n  - name: weekly\n", "digests[0].schedule", 8, "required key is missing"),
        ("organisation: {address: all@example.org}\n", "organisation.schedule", 7, "required key is missing"),
        ("metrics: {}\n", "metrics.textfile", 7, "required key is missing"),
        ("sub_issues:\n  - id:\n", "sub_issues[0].id", 8, "a value is required"),
        ("sub_issues:\n  -\n", "sub_issues[0]", 8, "an empty entry"),
        // addresses
        ("circles:\n  core: [moderator@example.org, \"Mod <mod@example.org>\"]\n", "circles.core[1]", 8, "space"),
        ("organisation: {address: everyone, schedule: daily 09:00}\n", "organisation.address", 7, "no \"@\""),
        ("sub_issues:\n  - id: p\n    protected: true\n    members:\n      - a@@example.org\n", "sub_issues[0].members[0]", 11, "more than one \"@\""),
        // sub-issue ids and aliases
        ("sub_issues:\n  - {id: Cycling}\n", "sub_issues[0].id", 8, "is not a valid id"),
        ("sub_issues:\n  - {id: bike_lanes}\n", "sub_issues[0].id", 8, "is not a valid id"),
        ("sub_issues:\n  - {id: cycling}\n  - {id: parking}\n  - {id: cycling}\n", "sub_issues[2].id", 10, "\"cycling\" is already the id of sub_issues[0] (line 8)"),
        ("sub_issues:\n  - {id: cycling, aliases: [bikes]}\n  - {id: parking, aliases: [cycling]}\n", "sub_issues[1].aliases[0]", 9, "\"cycling\" is already the id of sub_issues[0]"),
        ("sub_issues:\n  - {id: cycling, aliases: [bikes]}\n  - {id: roads, aliases: [bikes]}\n", "sub_issues[1].aliases[0]", 9, "already an alias of sub_issues[0]"),
        ("sub_issues:\n  - {id: cycling, aliases: [parking]}\n  - {id: parking}\n", "sub_issues[1].id", 9, "already an alias of sub_issues[0]"),
        ("sub_issues:\n  - {id: cycling, aliases: [general]}\n", "sub_issues[0].aliases[0]", 8, "built-in sub-issue"),
        ("sub_issues:\n  - {id: cycling, aliases: [Bikes]}\n", "sub_issues[0].aliases[0]", 8, "is not a valid id"),
        ("sub_issues:\n  - id: general\n    protected: true\n", "sub_issues[0].protected", 9, "cannot be protected"),
        ("sub_issues:\n  - {id: cycling}\n  - {id: deals, protected: true}\n", "sub_issues[1].protected", 9, "nobody is admitted to it"),
        ("sub_issues:\n  - {id: cycling, moderators: [\"Mod <mod@example.org>\"]}\n", "sub_issues[0].moderators[0]", 8, "space"),
        ("sub_issues:\n  - {id: cycling, moderators: mod@example.org}\n", "sub_issues[0].moderators", 8, "expected a list"),
        // schedules
        ("digests:\n  - {name: weekly, schedule: \"weekly mo 07:00\"}\n", "digests[0].schedule", 8, "\"mo\" is not a day of the week"),
        ("reports:\n  moderators:\n    schedule: daily 25:00\n", "reports.moderators.schedule", 9, "\"25:00\" is not a time"),
        ("organisation: {address: all@example.org, schedule: \"monthly 31 09:00\"}\n", "organisation.schedule", 7, "use 1 to 28"),
        ("digests:\n  - {name: a, schedule: daily 09:00}\n  - {name: a, schedule: daily 10:00}\n", "digests[1].name", 9, "already the name of digests[0]"),
        // time zone
        ("community2: x\n", "community2", 7, "did you mean \"community\"?"),
        // numbers and choices
        ("smtp: {connections: 0}\n", "smtp.connections", 7, "0 is out of range; use 1 to 64"),
        ("smtp:\n  connections: 65\n", "smtp.connections", 8, "65 is out of range; use 1 to 64"),
        ("circles: {promotion: automatc}\n", "circles.promotion", 7, "did you mean \"automatic\"?"),
        ("circles: {promotion: voting}\n", "circles.promotion", 7, "\"voting\" is not one of automatic, moderated"),
        ("circles:\n  demotion: {hysteresis: 1.5}\n", "circles.demotion.hysteresis", 8, "out of range"),
        ("circles:\n  demotion: {hysteresis: 0}\n", "circles.demotion.hysteresis", 8, "out of range"),
        ("circles:\n  inner: {posts: 2, threads: 3}\n", "circles.inner.threads", 8, "cannot be reached with 2 posts"),
        ("delivery: {outer: weekly}\n", "delivery.outer", 7, "is not one of immediate, digest, none"),
        ("smtp: {tls: required}\n", "smtp.tls", 7, "is not one of starttls-required, starttls-if-offered, off"),
        ("log_level: verbose\n", "log_level", 7, "is not one of debug"),
        ("moderation:\n  notices_per_hour: -1\n", "moderation.notices_per_hour", 8, "-1 is out of range; use 0 to 10000"),
        ("moderation: {notices_per_hour: ten}\n", "moderation.notices_per_hour", 7, "whole number"),
        ("moderation:\n  command_replies_per_hour: 10001\n", "moderation.command_replies_per_hour", 8, "use 0 to 10000"),
        ("moderation:\n  hold_on_dmarc_fail: true\n", "moderation.hold_on_dmarc_fail", 8, "moderation.authserv_ids is empty"),
        ("moderation:\n  authserv_ids: [mx.example.org, \"mx.example.org; dmarc=pass\"]\n", "moderation.authserv_ids[1]", 8, "is not an authserv-id"),
        ("moderation:\n  authserv_ids: mx.example.org\n", "moderation.authserv_ids", 8, "expected a list"),
        ("moderation:\n  hold_on_dmarc_fail: sometimes\n", "moderation.hold_on_dmarc_fail", 8, "expected true or false"),
        ("digests: []\n", "delivery.outer", 1, "no digests are declared"),
        ("list:\n  dmarc_resolver: dns.example.org\n", "list.dmarc_resolver", 8, "is not a numeric address"),
        ("list:\n  from_rewrite: sometimes\n", "list.from_rewrite", 8, "is not one of never, always, dmarc"),
        // SMTP
        ("smtp: {url: \"smtp://praxis:hunter2@mail.example.org\"}\n", "smtp.url", 7, "must not contain a password"),
        ("smtp: {url: \"http://mail.example.org\"}\n", "smtp.url", 7, "is not a mail URL"),
        ("smtp: {url: \"smtps://mail.example.org\", tls: \"off\"}\n", "smtp.tls", 7, "always uses TLS"),
        ("smtp:\n  username: praxis\n", "smtp.username", 8, "no password file"),
        ("smtp:\n  username: praxis\n  password_file: /nonexistent/smtp-password\n", "smtp.password_file", 9, "/nonexistent/smtp-password does not exist"),
        ("smtp:\n  password_file: /etc/hostname\n", "smtp.password_file", 8, "smtp.username is not"),
        ("smtp:\n  ca_file: no-such-ca.pem\n", "smtp.ca_file", 8, "does not exist"),
        ("smtp:\n  url: \"smtp://mail.example.org\"\n  tls: \"off\"\n  username: praxis\n  password_file: /etc/hostname\n",
         "smtp.tls", 9, "would send the password in clear to mail.example.org"),
        ("smtp:\n  url: \"smtp://mail.example.org:587\"\n  username: praxis\n  password_file: /etc/hostname\n",
         "smtp.username", 9, "tls: starttls-if-offered would send the password in clear"),
        ("smtp: {url: \"maildir:Maildir\"}\n", "smtp.url", 7, "read again as incoming mail"),
        // paths
        ("metrics: {textfile: /etc/hostname/x.prom}\n", "metrics.textfile", 7, "cannot be created"),
        // community addresses
        ("organisation: {address: all@example.org, schedule: daily 09:00, format: pdf}\n", "organisation.format", 7, "is not one of text, html, mime"),
    ]

    @Test(arguments: brokenCases)
    func namesKeyAndLine(appended: String, keyPath: String, line: Int, message: String) throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write(minimalConfig + appended)
        let problems = ConfigurationLoader.validate(path: path, environment: [:])
        let match = problems.first { $0.keyPath == keyPath && $0.message.contains(message) }
        #expect(match != nil, "got: \(problems.map(\.description))")
        #expect(match?.line == line, "got: \(problems.map(\.description))")
        #expect(match?.file == path)
        #expect(problems.allSatisfy { !$0.description.contains("hunter2") })
    }

    /// Problems in `community` and `paths` need their own documents, since the minimal config sets them.
    static let brokenHeads: [(String, String, Int, String)] = [
        ("community:\n  name: C\npaths: {maildir: M, database: d}\n", "community.list_address", 1, "required key is missing"),
        ("paths: {maildir: M, database: d}\n", "community", 1, "required key is missing"),
        ("community:\n  name: C\n  list_address: list@example.org\n", "paths", 1, "required key is missing"),
        ("community:\n  name: C\n  list_address: list@example.org\n  lsit_address: x\npaths: {maildir: M, database: d}\n",
         "community.lsit_address", 4, "did you mean \"list_address\"?"),
        ("community:\n  name: C\n  list_address: \"list@example.org>\"\npaths: {maildir: M, database: d}\n",
         "community.list_address", 3, "angle brackets"),
        ("community:\n  name: C\n  list_address: list+x@example.org\npaths: {maildir: M, database: d}\n",
         "community.list_address", 3, "contains \"+\""),
        ("community:\n  name: C\n  list_address: list@example.org\n  owner_address: LIST@example.org\npaths: {maildir: M, database: d}\n",
         "community.owner_address", 4, "is also community.list_address"),
        ("community:\n  name: C\n  list_address: list@example.org\n  timezone: Europe/Berln\npaths: {maildir: M, database: d}\n",
         "community.timezone", 4, "unknown time zone \"Europe/Berln\"; did you mean \"Europe/Berlin\"?"),
        ("community:\n  name: C\n  list_address: list@example.org\n  timezone: Mars/Olympus\npaths: {maildir: M, database: d}\n",
         "community.timezone", 4, "unknown time zone"),
        ("community:\n  name: \"  \"\n  list_address: list@example.org\npaths: {maildir: M, database: d}\n",
         "community.name", 2, "must not be empty"),
        ("community: {name: C, list_address: list@example.org}\npaths:\n  maildir: /etc/hostname\n  database: d\n",
         "paths.maildir", 3, "is not a directory"),
        ("community: {name: C, list_address: list@example.org}\npaths:\n  maildir: M\n  database: /etc/hostname/db.sqlite\n",
         "paths.database", 4, "cannot be created"),
        ("community: {name: C, list_address: list@example.org}\npaths:\n  maildir: M\n  database: /tmp\n",
         "paths.database", 4, "is a directory, not a file"),
        ("community: {name: C, list_address: list@example.org}\npaths:\n  maildir: \"\"\n  database: d\n",
         "paths.maildir", 3, "must not be empty"),
        // objectives (DESIGN.md §9): ids, the sub-issues they name
        ("community:\n  name: C\n  list_address: list@example.org\n  objectives:\n    - {id: a, text: A}\n    - {id: b, text: B}\n    - {id: a, text: C}\npaths: {maildir: M, database: d}\nsub_issues:\n  - {id: cycling, aliases: [bikes]}\n",
         "community.objectives[2].id", 7, "\"a\" is already the id of community.objectives[0]"),
        ("community:\n  name: C\n  list_address: list@example.org\n  objectives:\n    - {id: a, text: A, sub_issues: [cycling, parking]}\npaths: {maildir: M, database: d}\nsub_issues:\n  - {id: cycling, aliases: [bikes]}\n",
         "community.objectives[0].sub_issues[1]", 5, "\"parking\" is not a sub-issue id; declare it under sub_issues"),
        ("community:\n  name: C\n  list_address: list@example.org\n  objectives:\n    - {id: a, text: A, sub_issues: [cyclng]}\npaths: {maildir: M, database: d}\nsub_issues:\n  - {id: cycling, aliases: [bikes]}\n",
         "community.objectives[0].sub_issues[0]", 5, "did you mean \"cycling\"?"),
        ("community:\n  name: C\n  list_address: list@example.org\n  objectives:\n    - {id: a, text: A, sub_issues: [bikes]}\npaths: {maildir: M, database: d}\nsub_issues:\n  - {id: cycling, aliases: [bikes]}\n",
         "community.objectives[0].sub_issues[0]", 5, "it is an alias of \"cycling\", name that id"),
        ("community:\n  name: C\n  list_address: list@example.org\n  objectives:\n    - {id: Safer_Streets, text: A}\npaths: {maildir: M, database: d}\nsub_issues:\n  - {id: cycling, aliases: [bikes]}\n",
         "community.objectives[0].id", 5, "is not a valid id"),
        ("community:\n  name: C\n  list_address: list@example.org\n  objectives:\n    - {text: A, sub_issues: [cycling]}\npaths: {maildir: M, database: d}\nsub_issues:\n  - {id: cycling, aliases: [bikes]}\n",
         "community.objectives[0].id", 5, "required key is missing"),
        ("community:\n  name: C\n  list_address: list@example.org\n  objectives:\n    - {id: a}\npaths: {maildir: M, database: d}\nsub_issues:\n  - {id: cycling, aliases: [bikes]}\n",
         "community.objectives[0].text", 5, "required key is missing"),
        ("community:\n  name: C\n  list_address: list@example.org\n  objectives:\n    - {id: a, text: A, subissues: [cycling]}\npaths: {maildir: M, database: d}\nsub_issues:\n  - {id: cycling, aliases: [bikes]}\n",
         "community.objectives[0].subissues", 5, "did you mean \"sub_issues\"?"),
        ("community:\n  name: C\n  list_address: list@example.org\n  objectives:\n    - \"  \"\npaths: {maildir: M, database: d}\nsub_issues:\n  - {id: cycling, aliases: [bikes]}\n",
         "community.objectives[0]", 5, "must not be empty"),
        ("community:\n  name: C\n  list_address: list@example.org\n  objectives:\n    - [a, b]\npaths: {maildir: M, database: d}\nsub_issues:\n  - {id: cycling, aliases: [bikes]}\n",
         "community.objectives[0]", 5, "expected text, found a list"),
        ("community:\n  name: C\n  list_address: list@example.org\n  objectives:\n    - {id: a, text: A, sub_issues: cycling}\npaths: {maildir: M, database: d}\nsub_issues:\n  - {id: cycling, aliases: [bikes]}\n",
         "community.objectives[0].sub_issues", 5, "expected a list"),
        ("", "community", 1, "required key is missing"),
        ("- a\n- b\n", "", 1, "expected a mapping"),
    ]

    @Test(arguments: brokenHeads)
    func namesKeyAndLineInHead(text: String, keyPath: String, line: Int, message: String) throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write(text)
        let problems = ConfigurationLoader.validate(path: path, environment: [:])
        let match = problems.first { $0.keyPath == keyPath && $0.message.contains(message) }
        #expect(match != nil, "got: \(problems.map(\.description))")
        #expect(match?.line == line, "got: \(problems.map(\.description))")
    }

    @Test func collectsEveryProblemAtOnceInFileOrder() throws {
        let scratch = try ScratchDirectory()
        let path = try scratch.write(minimalConfig + """
            smtp: {connections: 100}
            circles: {promotion: sometimes}
            digests:
              - {name: Weekly, schedule: "fortnightly mon 07:00"}

            """)
        let problems = ConfigurationLoader.validate(path: path, environment: [:])
        #expect(problems.map(\.keyPath) == ["smtp.connections", "circles.promotion", "digests[0].name", "digests[0].schedule"])
        #expect(problems.map(\.line) == [7, 8, 10, 10])
        #expect(problems.first?.description == "\(path):7: smtp.connections: 100 is out of range; use 1 to 64")
    }

    @Test func unreadableFileIsItsOwnKindOfError() throws {
        let scratch = try ScratchDirectory()
        for path in [scratch.url.appendingPathComponent("absent.yaml").path, scratch.url.path] {
            do {
                _ = try ConfigurationLoader.load(path: path, environment: [:])
                Issue.record("loaded \(path)")
            } catch let error as DaemonError {
                #expect(error.isFileUnreadable)
                #expect(error.problems.count == 1)
                #expect(error.problems.first?.description.hasPrefix("\(path): cannot read the configuration file") == true)
            }
        }
        let path = try scratch.write("log_level: [\n")
        do {
            _ = try ConfigurationLoader.load(path: path, environment: [:])
        } catch let error as DaemonError {
            #expect(!error.isFileUnreadable)
        }
    }

    @Test func hostileFilesYieldProblemsNotCrashes() throws {
        let scratch = try ScratchDirectory()
        var cases: [(String, String)] = []
        // Not UTF-8 on line 8.
        let latin1 = scratch.url.appendingPathComponent("latin1.yaml")
        try Data(Array(minimalConfig.utf8) + Array("log_level: info\nx: caf".utf8) + [0xE9, 0x0A]).write(to: latin1)
        cases.append((latin1.path, "not valid UTF-8"))
        cases.append((try scratch.write(minimalConfig + "x: \"a\u{0}b\"\n", to: "nul.yaml"), "NUL"))
        cases.append((try scratch.write(String(repeating: "# padding\n", count: 120_000), to: "huge.yaml"), "larger than"))
        cases.append((try scratch.write(String(repeating: "[", count: 100_000), to: "deep.yaml"), "nested more than"))
        cases.append((try scratch.write(String(repeating: "- ", count: 100) + "x\n", to: "deep2.yaml"), "nested more than"))
        // Aliases multiply: 1,000 sub-issues sharing one list of 1,000 members is a million values
        // from a 20 KB file; the walk must give up rather than plough through them.
        let members = Array(repeating: "a@example.org", count: 1_000).joined(separator: ", ")
        let subIssues = (0..<1_000).map { "  - {id: s\($0), protected: true, members: *m}\n" }.joined()
        cases.append((try scratch.write(minimalConfig + "x-anchors: &m [\(members)]\nsub_issues:\n" + subIssues,
                                        to: "laughs.yaml"), "too large"))
        // Lists of lists, doubling per level, are refused by shape before they are walked.
        var laughs = "x-anchors:\n  a0: &a0 [x, x]\n"
        for level in 1...40 { laughs += "  a\(level): &a\(level) [*a\(level - 1), *a\(level - 1)]\n" }
        cases.append((try scratch.write(minimalConfig + laughs + "sub_issues:\n  - {id: x, keywords: *a40}\n",
                                        to: "laughs2.yaml"), "expected text, found a list"))
        cases.append((try scratch.write("key: *undefined\n", to: "alias.yaml"), "YAML syntax error"))
        cases.append((try scratch.write(minimalConfig + "sub_issues:\n  - {id: \(String(repeating: "a", count: 100_000))}\n", to: "long.yaml"), "at most 64"))
        for (path, message) in cases {
            let problems = ConfigurationLoader.validate(path: path, environment: [:])
            #expect(!problems.isEmpty, "\(path)")
            #expect(problems.contains { $0.message.contains(message) }, "\(path): \(problems.prefix(3).map(\.description))")
            #expect(problems.allSatisfy { $0.description.utf8.count < 1_000 }, "\(path)")
        }
        #expect(ConfigurationLoader.validate(path: latin1.path, environment: [:]).first?.line == 8)
    }

    @Test func configPathResolution() {
        #expect(ConfigurationLoader.resolvePath(option: "a.yaml", environment: ["PRAXIS_CONFIG": "b.yaml"]) == "a.yaml")
        #expect(ConfigurationLoader.resolvePath(option: nil, environment: ["PRAXIS_CONFIG": "b.yaml"]) == "b.yaml")
        #expect(ConfigurationLoader.resolvePath(option: nil, environment: ["PRAXIS_CONFIG": ""]) == "/etc/praxis/praxis.yaml")
        #expect(ConfigurationLoader.resolvePath(option: nil, environment: [:]) == "/etc/praxis/praxis.yaml")
    }

    @Test func createsMissingDirectories() throws {
        let scratch = try ScratchDirectory()
        let paths = Configuration.Paths(
            maildir: scratch.url.appendingPathComponent("demo/Maildir").path,
            database: scratch.url.appendingPathComponent("state/praxis.sqlite").path)
        try paths.createMissingDirectories()
        try paths.createMissingDirectories()
        for folder in ["demo/Maildir/new", "demo/Maildir/cur", "demo/Maildir/tmp", "state"] {
            var isDirectory: ObjCBool = false
            #expect(FileManager.default.fileExists(atPath: scratch.url.appendingPathComponent(folder).path, isDirectory: &isDirectory))
            #expect(isDirectory.boolValue)
        }
    }
}
