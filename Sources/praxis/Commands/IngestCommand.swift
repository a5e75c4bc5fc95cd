import ArgumentParser
import Foundation
import PraxisDaemon

/// `praxis ingest --once`: processes what is in the maildir now, then exits.
struct IngestCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "ingest",
        abstract: "Record what is in the maildir now, then exit.",
        discussion: """
            Records every file in new/ and every file in cur/ that the store does not know yet, \
            moves what it recorded from new/ to cur/, and moves what cannot be recorded to the \
            .Quarantine folder with the reason. Nothing is sent.
            """
    )

    @OptionGroup var global: GlobalOptions
    @OptionGroup var output: OutputOptions

    @Flag(name: .long, help: "Process the maildir once and exit (the only mode; `praxis run` watches it).")
    var once = false

    func validate() throws {
        guard once else { throw ValidationError("say --once: `praxis ingest` processes the maildir once; `praxis run` keeps watching it") }
    }

    func run() async throws {
        let instance = try global.openInstance()
        try await instance.loadClassifier()
        let ingestor = instance.makeIngestor()
        let clock = ContinuousClock()
        let start = clock.now
        var tally = try await ingestor.recordUnknownCurrent()
        tally += try await ingestor.drainNew()
        try instance.database.recordScan(at: Date())
        let seconds = (clock.now - start).inSeconds
        let handled = tally.recorded + tally.duplicates + tally.quarantined
        if output.json {
            var writer = JSONWriter()
            writer.object { fields in
                fields.field("recorded", tally.recorded)
                fields.field("duplicates", tally.duplicates)
                fields.field("quarantined", tally.quarantined)
                fields.field("bytes", tally.bytes)
                fields.field("seconds", seconds)
            }
            print(writer.text)
            return
        }
        var line = "recorded \(tally.recorded), duplicates \(tally.duplicates), quarantined \(tally.quarantined)"
        if handled > 0 {
            line += String(format: " in %.2f s (%.0f messages/s, %.1f MB/s)", seconds,
                           Double(handled) / max(seconds, 1e-9), Double(tally.bytes) / 1e6 / max(seconds, 1e-9))
        }
        print(line)
    }
}
