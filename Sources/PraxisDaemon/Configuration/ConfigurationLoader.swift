import Foundation
import PraxisCommunity
import Yams

/// Reads `praxis.yaml`, checks all of it, and gives a `Configuration` with absolute paths.
public enum ConfigurationLoader {
    /// The default location when neither `--config` nor `$PRAXIS_CONFIG` names one.
    public static let defaultPath = "/etc/praxis/praxis.yaml"

    /// A configuration file is a few kilobytes; anything past this is a mistake, not a config.
    static let maximumFileSize = 1 << 20

    /// Which configuration file to use: `--config`, else `$PRAXIS_CONFIG`, else `defaultPath`.
    public static func resolvePath(option: String?, environment: [String: String]) -> String {
        if let option, !option.isEmpty { return option }
        if let fromEnvironment = environment["PRAXIS_CONFIG"], !fromEnvironment.isEmpty { return fromEnvironment }
        return defaultPath
    }

    /// Loads and validates the file; throws a `DaemonError` listing every problem found.
    ///
    /// Relative paths in the file are resolved against the directory that holds it.
    /// `environment` supplies `CREDENTIALS_DIRECTORY` for the default SMTP password file.
    public static func load(
        path: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) throws -> Configuration {
        try examine(path: path, environment: environment).get()
    }

    /// Every problem in the file, in file order; empty when it loads cleanly.
    public static func validate(
        path: String, environment: [String: String] = ProcessInfo.processInfo.environment
    ) -> [ConfigurationProblem] {
        switch examine(path: path, environment: environment) {
        case .success: []
        case .failure(let error): error.problems
        }
    }

    static func examine(path: String, environment: [String: String]) -> Result<Configuration, DaemonError> {
        let document: (value: Configuration, positions: [String: FilePosition])
        switch readDocument(path: path, as: ConfigurationKeys.root, describing: "configuration file") {
        case .success(let read): document = read
        case .failure(let error): return .failure(error)
        }
        var configuration = document.value
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        resolvePaths(in: &configuration, against: directory, environment: environment)
        var checks = ConsistencyChecks(file: path, positions: document.positions)
        checks.check(configuration)
        guard checks.problems.isEmpty else { return .failure(.invalidConfiguration(sorted(checks.problems), in: path)) }
        return .success(configuration)
    }

    /// Reads the YAML file at `path` as `shape` describes it: size, encoding, NUL bytes, nesting
    /// and syntax checked first, then every key, each problem with its place. The value and where
    /// each key sat, for checks across keys. The configuration and `praxis init`'s answers both
    /// come through here; `what` names the kind of file in messages about the whole of it.
    static func readDocument<Value>(
        path: String, as shape: Shape<Value>, describing what: String
    ) -> Result<(value: Value, positions: [String: FilePosition]), DaemonError> {
        let bytes: [UInt8]
        switch readFile(path, describing: what) {
        case .success(let read): bytes = read
        case .failure(let error): return .failure(error)
        }
        let wholeFile = { (message: String) in
            DaemonError.invalidConfiguration(
                [ConfigurationProblem(file: path, line: 0, column: 0, keyPath: "", message: message)], in: path)
        }
        if bytes.count > maximumFileSize {
            return .failure(wholeFile("the file is larger than \(maximumFileSize / 1024) KiB; it is not a \(what)"))
        }
        guard let text = String(validating: bytes, as: UTF8.self) else {
            let line = firstInvalidUTF8Line(bytes)
            return .failure(.invalidConfiguration([ConfigurationProblem(
                file: path, line: line, column: 0, keyPath: "", message: "the file is not valid UTF-8")], in: path))
        }
        if text.contains("\0") {
            return .failure(wholeFile("the file contains a NUL byte; it is not a text file"))
        }
        if let line = lineNestedTooDeep(bytes) {
            return .failure(.invalidConfiguration([ConfigurationProblem(
                file: path, line: line, column: 0, keyPath: "",
                message: "values are nested more than \(maximumNesting) levels deep")], in: path))
        }
        let root: Node
        do {
            root = try Yams.compose(yaml: text) ?? Node.mapping(Node.Mapping([]))
        } catch {
            return .failure(.invalidConfiguration([syntaxProblem(error, file: path)], in: path))
        }
        var reader = ConfigurationReader(file: path)
        let read = reader.read(root, as: shape, at: "")
        guard reader.problems.isEmpty else { return .failure(.invalidConfiguration(sorted(reader.problems), in: path)) }
        guard let value = read else {
            // Every value refused is reported; reaching here means a shape refused one silently.
            return .failure(wholeFile("the file could not be read, without a reason given; please report this as a bug"))
        }
        return .success((value, reader.positions))
    }

    private static func readFile(_ path: String, describing what: String) -> Result<[UInt8], DaemonError> {
        let unreadable = { (reason: String) in
            DaemonError.unreadableConfiguration(ConfigurationProblem(
                file: path, line: 0, column: 0, keyPath: "", message: "cannot read the \(what): \(reason)"))
        }
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory) else {
            return .failure(unreadable("no such file"))
        }
        if isDirectory.boolValue { return .failure(unreadable("it is a directory")) }
        guard let handle = FileHandle(forReadingAtPath: path) else {
            return .failure(unreadable("permission denied"))
        }
        defer { try? handle.close() }
        do {
            // One byte past the limit is enough to know it is too large, even for /dev/zero.
            let data = try handle.read(upToCount: maximumFileSize + 1) ?? Data()
            return .success([UInt8](data))
        } catch {
            return .failure(unreadable(error.localizedDescription))
        }
    }

    /// Deeper than any real configuration, shallow enough that recursive composing and walking
    /// never come near the end of a thread's stack.
    static let maximumNesting = 64

    /// A conservative estimate of flow (`[`, `{`), block-sequence (`- - -`) and indentation nesting, skipping
    /// quoted text and comments; the line where it first exceeds `maximumNesting`, if it does.
    private static func lineNestedTooDeep(_ bytes: [UInt8]) -> Int? {
        var line = 1
        var flowDepth = 0
        var quote: UInt8? = nil
        var inComment = false
        var dashesOnLine = 0
        var indentation = 0
        var atLineStart = true
        var previous: UInt8 = 0x0A
        for byte in bytes {
            if byte == 0x0A {
                line += 1
                inComment = false
                dashesOnLine = 0
                indentation = 0
                atLineStart = true
                previous = byte
                continue
            }
            defer { previous = byte }
            if inComment { continue }
            if let open = quote {
                if byte == open && previous != UInt8(ascii: "\\") { quote = nil }
                continue
            }
            switch byte {
            case let mark where (mark == UInt8(ascii: "\"") || mark == UInt8(ascii: "'"))
                && [0x20, 0x09, 0x0A, UInt8(ascii: "["), UInt8(ascii: "{"), UInt8(ascii: ","), UInt8(ascii: ":")]
                    .contains(previous):
                // Only where a scalar can begin: an apostrophe inside "residents' permit" is text.
                quote = byte
                atLineStart = false
            case UInt8(ascii: "#") where previous == 0x20 || previous == 0x09 || previous == 0x0A:
                inComment = true
            case UInt8(ascii: "["), UInt8(ascii: "{"):
                flowDepth += 1
                atLineStart = false
            case UInt8(ascii: "]"), UInt8(ascii: "}"):
                flowDepth = max(0, flowDepth - 1)
                atLineStart = false
            case UInt8(ascii: "-") where atLineStart:
                dashesOnLine += 1
            case 0x20, 0x09:
                if atLineStart { indentation += 1 }
            default:
                atLineStart = false
            }
            // Block nesting shows as indentation; four columns a level is generous.
            if flowDepth + dashesOnLine > maximumNesting || indentation > 4 * maximumNesting { return line }
        }
        return nil
    }

    private static func firstInvalidUTF8Line(_ bytes: [UInt8]) -> Int {
        var line = 1
        for chunk in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            if String(validating: chunk, as: UTF8.self) == nil { return line }
            line += 1
        }
        return 0
    }

    private static func syntaxProblem(_ error: any Error, file: String) -> ConfigurationProblem {
        let problem = { (line: Int, column: Int, message: String) in
            ConfigurationProblem(file: file, line: line, column: column, keyPath: "", message: message)
        }
        guard let yamlError = error as? YamlError else { return problem(0, 0, "the YAML could not be read: \(error)") }
        switch yamlError {
        case .scanner(let context, let message, let mark, _), .parser(let context, let message, let mark, _),
             .composer(let context, let message, let mark, _):
            let detail = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
            return problem(mark.line, mark.column, "YAML syntax error: \(message)\(detail)")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let keys = duplicates.map { "\"\(ConfigurationReader.clipped($0))\"" }.joined(separator: ", ")
            return problem(context.mark.line, context.mark.column, "the key \(keys) appears more than once in the same mapping")
        case .reader(let message, _, _, _):
            return problem(0, 0, "YAML syntax error: \(message)")
        default:
            return problem(0, 0, "the YAML could not be read: \(yamlError)")
        }
    }

    private static func sorted(_ problems: [ConfigurationProblem]) -> [ConfigurationProblem] {
        problems.enumerated()
            .sorted { ($0.element.line, $0.element.column, $0.offset) < ($1.element.line, $1.element.column, $1.offset) }
            .map(\.element)
    }

    private static func resolvePaths(
        in configuration: inout Configuration, against directory: URL, environment: [String: String]
    ) {
        let absolute = { (path: String) in
            URL(fileURLWithPath: path, relativeTo: directory).standardizedFileURL.path
        }
        configuration.paths.maildir = absolute(configuration.paths.maildir)
        configuration.paths.database = absolute(configuration.paths.database)
        configuration.paths.templates = configuration.paths.templates.map(absolute)
        if case .maildir(let path) = configuration.smtp.endpoint {
            configuration.smtp.url = "maildir:" + absolute(path)
        }
        if let file = configuration.smtp.passwordFile {
            configuration.smtp.passwordFile = absolute(file)
        } else if configuration.smtp.username != nil,
                  let credentials = environment["CREDENTIALS_DIRECTORY"], !credentials.isEmpty {
            configuration.smtp.passwordFile = URL(fileURLWithPath: credentials)
                .appendingPathComponent("smtp-password").standardizedFileURL.path
        }
        configuration.smtp.caFile = configuration.smtp.caFile.map(absolute)
        if let metrics = configuration.metrics {
            configuration.metrics = Configuration.MetricsSettings(textfile: absolute(metrics.textfile))
        }
    }
}
