// Prints the throughput of the two text steps ingest runs on every post, without the harness:
//
//   swift run -c release trim-throughput [--runs N]
//
// NewText.trimmed over the body text of every message of the standard mbox, and
// HTMLText.toPlainText over every HTML document found in the shared MIME and notmuch corpora.
// The inputs are prepared before anything is timed; MB/s counts input bytes. Single-threaded, the
// best of N runs (default 5) after one warm-up run, as parse-throughput does.
import Foundation
import ParseWorkload
import PraxisMail

var arguments = Array(CommandLine.arguments.dropFirst())
var runs = 5
if let flag = arguments.firstIndex(of: "--runs") {
    guard flag + 1 < arguments.count, let value = Int(arguments[flag + 1]), value > 0 else {
        FileHandle.standardError.write(Data("usage: trim-throughput [--runs N]\n".utf8))
        exit(2)
    }
    runs = value
    arguments.removeSubrange(flag...(flag + 1))
}

/// The best time of `runs` runs of `work` over `inputs`, after a warm-up run.
func measure(_ name: String, _ inputs: [String], runs: Int, _ work: (String) -> String) {
    let bytes = inputs.reduce(0) { $0 + $1.utf8.count }
    guard bytes > 0 else {
        print("\(name): SKIPPED, no input")
        return
    }
    let clock = ContinuousClock()
    var checksum = 0
    for input in inputs { checksum &+= work(input).utf8.count }
    var best = Duration.seconds(Int64.max)
    for _ in 0..<runs {
        let start = clock.now
        for input in inputs { checksum &+= work(input).utf8.count }
        best = min(best, start.duration(to: clock.now))
    }
    let seconds = Double(best.components.seconds) + Double(best.components.attoseconds) / 1e18
    let megabytes = Double(bytes) / 1_000_000
    print(name + String(format: ": %d texts, %.2f MB, %.1f MB/s (best of %d, %.4f s; checksum %d)",
                        inputs.count, megabytes, megabytes / seconds, runs, seconds, checksum))
}

// MARK: NewText over list posts

if let corpus = MailCorpus.loadOrExplainSkip() {
    let texts = corpus.messages.map { MailMessage($0).text }
    measure("NewText.trimmed", texts, runs: runs, NewText.trimmed)
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
