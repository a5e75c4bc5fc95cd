// Prints parse throughput without the benchmark harness: quick to build, one line of output.
//
//   swift run -c release parse-throughput [MBOX] [--runs N]
//
// Single-threaded; the best of N runs (default 5) after one warm-up run, because the best run is
// the one least disturbed by the other work on a shared machine.
import BenchmarkSupport
import Foundation
import ParseWorkload

guard let options = BenchmarkOptions(CommandLine.arguments.dropFirst(), valued: ["--runs"]),
      options.positional.count <= 1, let runs = options.positiveInteger("--runs", default: 5)
else {
    FileHandle.standardError.write(Data("usage: parse-throughput [MBOX] [--runs N]\n".utf8))
    exit(2)
}
let arguments = options.positional
if let path = arguments.first, !FileManager.default.isReadableFile(atPath: path) {
    FileHandle.standardError.write(Data("parse-throughput: cannot read \(path)\n".utf8))
    exit(2)
}
guard let corpus = MailCorpus.loadOrExplainSkip(explicitPath: arguments.first) else { exit(0) }

let clock = ContinuousClock()
var checksum = corpus.parseEveryField()  // warm-up: page in the corpus, fill caches
var best = Duration.seconds(Int64.max)
for _ in 0..<runs {
    let start = clock.now
    checksum &+= corpus.parseEveryField()
    best = min(best, start.duration(to: clock.now))
}

let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) / 1e18
let megabytes = Double(corpus.byteCount) / 1_000_000
print(String(format: "%d messages, %.2f MB, %.1f MB/s, %.0f messages/s",
             corpus.messages.count, megabytes, megabytes / seconds, Double(corpus.messages.count) / seconds))
print("(\(corpus.path); best of \(runs) runs, \(String(format: "%.3f", seconds)) s; checksum \(checksum))")
