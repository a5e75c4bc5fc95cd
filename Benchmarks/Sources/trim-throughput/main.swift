// Prints the throughput of the two text steps ingest runs on every post, without the harness:
//
//   swift run -c release trim-throughput [--runs N]
//
// NewText.trimmed over the body text of every message of the standard mbox, TextFeatures over
// those posts' subjects, trimmed texts and senders (what classification adds to ingest), and
// HTMLText.toPlainText over every HTML document found in the shared MIME and notmuch corpora.
// The inputs are prepared before anything is timed; MB/s counts input bytes. Single-threaded, the
// best of N runs (default 5) after one warm-up run, as parse-throughput does; the CPU time of this
// thread is printed beside the wall time, since the machine is shared.
import BenchmarkSupport
import Foundation
import ParseWorkload
import PraxisCommunity
import PraxisMail

guard let options = BenchmarkOptions(CommandLine.arguments.dropFirst(), valued: ["--runs"]),
      options.positional.isEmpty, let runs = options.positiveInteger("--runs", default: 5)
else {
    FileHandle.standardError.write(Data("usage: trim-throughput [--runs N]\n".utf8))
    exit(2)
}

/// The best time of `runs` runs of `work` over `inputs`, after a warm-up run.
func measure(_ name: String, _ inputs: [String], runs: Int, _ work: (String) -> String) {
    measure(name, inputs, bytes: inputs.reduce(0) { $0 + $1.utf8.count }, runs: runs) { work($0).utf8.count }
}

/// CPU seconds of the calling thread: other processes on a shared machine do not count in it.
func threadCPUSeconds() -> Double {
    var spec = timespec()
    clock_gettime(CLOCK_THREAD_CPUTIME_ID, &spec)
    return Double(spec.tv_sec) + Double(spec.tv_nsec) / 1e9
}

/// The best wall and CPU times of `runs` runs of `work` over `inputs` (`bytes` long in all), after a
/// warm-up run; `work` returns a number summed into a printed checksum so it cannot be skipped.
func measure<Input>(_ name: String, _ inputs: [Input], bytes: Int, runs: Int, _ work: (Input) -> Int) {
    guard bytes > 0 else {
        print("\(name): SKIPPED, no input")
        return
    }
    let clock = ContinuousClock()
    var checksum = 0
    for input in inputs { checksum &+= work(input) }
    var best = Duration.seconds(Int64.max)
    var bestCPU = Double.infinity
    for _ in 0..<runs {
        let start = clock.now
        let cpuStart = threadCPUSeconds()
        for input in inputs { checksum &+= work(input) }
        bestCPU = min(bestCPU, threadCPUSeconds() - cpuStart)
        best = min(best, start.duration(to: clock.now))
    }
    let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) / 1e18
    let megabytes = Double(bytes) / 1_000_000
    print(name + String(format: ": %d texts, %.2f MB, %.1f MB/s (best of %d, %.4f s; CPU %.4f s, %.2f µs a text; checksum %d)",
                        inputs.count, megabytes, megabytes / seconds, runs, seconds, bestCPU,
                        bestCPU * 1e6 / Double(max(inputs.count, 1)), checksum))
}

// MARK: NewText over list posts

if let corpus = MailCorpus.loadOrExplainSkip() {
    let texts = corpus.messages.map { MailMessage($0).text }
    measure("NewText.trimmed", texts, runs: runs, NewText.trimmed)

    // What the classifier reads of each post, as ingest gives it: subject, trimmed text, sender.
    let posts = corpus.messages.map { bytes -> (subject: String, text: String, sender: String?) in
        let message = MailMessage(bytes)
        return (message.subject ?? "", NewText.trimmed(message.body.readerText), message.from.first?.address)
    }
    let postBytes = posts.reduce(0) { $0 + min($1.text.utf8.count, 12 * 1024) + $1.subject.utf8.count }
    measure("TextFeatures", posts, bytes: postBytes, runs: runs) { post in
        let features = TextFeatures(subject: post.subject, text: post.text, senderAddress: post.sender)
        return features.indices.count &+ Int(features.indices.last ?? 0)
    }
}

// MARK: HTMLText over HTML documents

/// The HTML documents in the raw files under `roots`: each "<html" … "</html>" span that is sent
/// unencoded (quoted-printable and base64 bodies would need the MIME layer, which is not measured).
func htmlDocuments(under roots: [String]) -> [String] {
    let open = Array("<html".utf8)
    let close = Array("</html>".utf8)
    func find(_ needle: [UInt8], in bytes: [UInt8], from start: Int) -> Int? {
        guard bytes.count >= needle.count, start <= bytes.count - needle.count else { return nil }
        outer: for i in start...(bytes.count - needle.count) {
            for k in 0..<needle.count where bytes[i + k] | 0x20 != needle[k] | 0x20 { continue outer }
            return i
        }
        return nil
    }
    var documents: [String] = []
    for root in roots {
        guard let walker = FileManager.default.enumerator(atPath: root) else { continue }
        while let relative = walker.nextObject() as? String {
            guard let data = FileManager.default.contents(atPath: root + "/" + relative) else { continue }
            let bytes = [UInt8](data)
            var from = 0
            while let start = find(open, in: bytes, from: from),
                let end = find(close, in: bytes, from: start + open.count)
            {
                let document = bytes[start..<(end + close.count)]
                from = end + close.count
                if find(Array("=3D".utf8), in: Array(document), from: 0) != nil { continue }
                documents.append(String(decoding: document, as: UTF8.self))
            }
        }
    }
    return documents
}

let corpora = MailCorpus.corporaCandidates().first {
    FileManager.default.fileExists(atPath: $0 + "/mime")
}
if let corpora {
    let documents = htmlDocuments(under: [corpora + "/mime", corpora + "/notmuch-maildirs"])
    measure("HTMLText.toPlainText", documents, runs: runs, HTMLText.toPlainText)
} else {
    FileHandle.standardError.write(Data("SKIPPED: HTML corpora not found\n".utf8))
}
