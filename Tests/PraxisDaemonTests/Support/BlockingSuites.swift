import Testing

/// The suites that hold a thread for seconds at a time: a real Postfix, `praxis` children that are
/// killed and restarted, sleeps that prove nothing more arrives. Swift Testing runs a synchronous
/// test on the cooperative pool, which has one thread per core (two in CI); two of these suites at
/// once left none for the async tests that run product code in-process, which then stalled for a
/// minute. Nested here under `.serialized`, they run one at a time and hold at most one thread.
@Suite(.serialized) enum BlockingSuites {}
