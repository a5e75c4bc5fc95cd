import Foundation

/// Why a benchmark cannot run as asked, as a sentence for its `fail`.
public struct BenchmarkFailure: Error, CustomStringConvertible {
    public var description: String
}

/// The benchmarks' command lines: `--name VALUE` options, `--name` flags and plain arguments.
public struct BenchmarkOptions {
    /// The value of each option given.
    public private(set) var values: [String: String] = [:]
    /// The flags given.
    public private(set) var flags: Set<String> = []
    /// The arguments that are neither options nor flags, in order.
    public private(set) var positional: [String] = []

    /// Reads `arguments` (without the program name); nil when one starts with `--` and is neither
    /// in `valued` nor in `flags`, or an option lacks its value.
    public init?(_ arguments: some Sequence<String>, valued: Set<String>, flags known: Set<String> = []) {
        var iterator = arguments.makeIterator()
        while let argument = iterator.next() {
            if valued.contains(argument) {
                guard let value = iterator.next() else { return nil }
                values[argument] = value
            } else if known.contains(argument) {
                flags.insert(argument)
            } else if argument.hasPrefix("--") {
                return nil
            } else {
                positional.append(argument)
            }
        }
    }

    /// The option `name` as a positive integer, `fallback` when not given; nil when given and not
    /// a positive integer.
    public func positiveInteger(_ name: String, default fallback: Int) -> Int? {
        guard let value = values[name] else { return fallback }
        guard let number = Int(value), number > 0 else { return nil }
        return number
    }
}

/// The `praxis` a benchmark runs: `explicit` (`--praxis PATH`), else the release build of the
/// repository this package sits in (found from this file's path, or from the working directory
/// `Benchmarks/`).
public func praxisBinary(explicit: String?) throws(BenchmarkFailure) -> String {
    if let explicit {
        guard FileManager.default.isExecutableFile(atPath: explicit) else {
            throw BenchmarkFailure(description: "\(explicit) is not an executable")
        }
        return explicit
    }
    let repository = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent()
    let candidates = [repository.appendingPathComponent(".build/release/praxis").path, "../.build/release/praxis"]
    for candidate in candidates where FileManager.default.isExecutableFile(atPath: candidate) {
        return candidate
    }
    throw BenchmarkFailure(description: "no release build of praxis at \(candidates.joined(separator: " or ")); "
        + "run `swift build -c release` in the repository, or pass --praxis PATH")
}
