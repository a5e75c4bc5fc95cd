import Benchmark
import Foundation
import ParseWorkload

/// Throughput in the units we quote: per-iteration values, so their percentiles read directly.
enum ParseMetrics {
    /// Megabytes (10^6 bytes) of message bytes parsed per second.
    static let megabytesPerSecond = BenchmarkMetric.custom("MB/s", polarity: .prefersLarger, useScalingFactor: false)
    /// Messages parsed (every field read) per second.
    static let messagesPerSecond = BenchmarkMetric.custom("messages/s", polarity: .prefersLarger, useScalingFactor: false)
}

let benchmarks: @Sendable () -> Void = {
    // Split before anything is measured: only parsing and reading fields is timed.
    guard let corpus = MailCorpus.loadOrExplainSkip() else { return }

    let megabytes = Double(corpus.byteCount) / 1_000_000
    let name = "Parse every field, \(corpus.messages.count) messages (\(String(format: "%.1f", megabytes)) MB)"
    Benchmark(
        name,
        configuration: .init(
            metrics: [.wallClock, .throughput, .cpuTotal, .mallocCountTotal, .peakMemoryResident,
                      ParseMetrics.megabytesPerSecond, ParseMetrics.messagesPerSecond],
            timeUnits: .milliseconds,
            warmupIterations: 1,
            maxDuration: .seconds(20),
            maxIterations: 30
        )
    ) { benchmark in
        let clock = ContinuousClock()
        let start = clock.now
        blackHole(corpus.parseEveryField())
        let elapsed = start.duration(to: clock.now)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        guard seconds > 0 else { return }
        benchmark.measurement(ParseMetrics.megabytesPerSecond, Int((megabytes / seconds).rounded()))
        benchmark.measurement(ParseMetrics.messagesPerSecond, Int((Double(corpus.messages.count) / seconds).rounded()))
    }
}
