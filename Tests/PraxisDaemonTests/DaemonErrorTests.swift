import Testing
@testable import PraxisDaemon

@Suite("DaemonError")
struct DaemonErrorTests {
    static let missing = ConfigurationProblem(
        file: "a.yaml", line: 0, column: 0, keyPath: "", message: "cannot read the configuration file: no such file")
    static let wanting = [
        ConfigurationProblem(file: "b.yaml", line: 3, column: 5, keyPath: "community.name", message: "required key is missing"),
        ConfigurationProblem(file: "b.yaml", line: 7, column: 1, keyPath: "", message: "the file is not valid UTF-8"),
    ]

    /// Each code: the file it names, whether that file could not be read at all (which decides exit
    /// status 2 for a configuration), and the text the operator reads.
    @Test(arguments: [
        (DaemonError.unreadableConfiguration(missing), DaemonError.Code.unreadableConfiguration, "a.yaml", true,
         "a.yaml: cannot read the configuration file: no such file"),
        (DaemonError.invalidConfiguration(wanting, in: "b.yaml"), .invalidConfiguration, "b.yaml", false,
         "b.yaml:3: community.name: required key is missing\nb.yaml:7: the file is not valid UTF-8"),
        (DaemonError.unreadableArchive("c.mbox", reason: "no such file"), .unreadableArchive, "c.mbox", true,
         "cannot import c.mbox: no such file"),
        (DaemonError.invalidOption("--role", value: "boss", choices: ["core", "inner", "outer"]), .invalidOption, "", false,
         "--role \"boss\" is not one of core, inner, outer"),
    ])
    func codePathAndText(error: DaemonError, code: DaemonError.Code, path: String, unreadable: Bool, text: String) {
        #expect(error.code == code)
        #expect(error.path == path)
        #expect(error.isFileUnreadable == unreadable)
        #expect(!error.isTransient)
        #expect(error.description == text)
    }

    @Test func aConfigurationKeepsEveryProblemAndAnArchiveNone() {
        #expect(DaemonError.invalidConfiguration(Self.wanting, in: "b.yaml").problems == Self.wanting)
        #expect(DaemonError.unreadableConfiguration(Self.missing).problems == [Self.missing])
        #expect(DaemonError.unreadableArchive("c.mbox", reason: "no such file").problems.isEmpty)
    }
}
