import Foundation
import PraxisDelivery
import PraxisMail
import PraxisStore
import ServiceLifecycle

extension Configuration.SMTPSettings {
    /// What `SMTPTransport` needs from `smtp:`; EHLO names the list's domain.
    public func transportSettings(heloDomain: String?) -> SMTPTransport.Settings {
        let starttls: SMTPTransport.Settings.STARTTLS
        switch tls {
        case .starttlsRequired: starttls = .required
        case .starttlsIfOffered: starttls = .ifOffered
        case .off: starttls = .off
        }
        return SMTPTransport.Settings(
            url: url, starttls: starttls, username: username, passwordFile: passwordFile, caFile: caFile,
            verify: verify, connectTimeout: connectTimeout, timeout: timeout, connections: connections,
            heloDomain: heloDomain)
    }
}

extension CommunityInstance {
    /// The transport `smtp.url` names: SMTP through libcurl, or the `maildir:PATH` writer. Reads
    /// the SMTP password file, so it fails (with the file named) when that is unreadable.
    public func makeTransport() throws(DeliveryError) -> any MailTransport {
        let smtp = configuration.smtp
        switch smtp.endpoint {
        case .maildir(let path):
            return try MaildirTransport(path: path)
        case .smtp, .smtps:
            let domain = MailAddress(address: configuration.community.listAddress).normalized
                .split(separator: "@").last.map(String.init)
            return try SMTPTransport(settings: smtp.transportSettings(heloDomain: domain))
        case nil:
            throw DeliveryError(code: .invalidSettings, operation: "setting up delivery",
                                message: "smtp.url \(smtp.url) is not smtp://, smtps:// or maildir:")
        }
    }

    /// A worker delivering this community's outbox through `makeTransport()`, retrying for
    /// `smtp.retry_days`. `sink` hears of permanent failures (bounce scoring).
    ///
    /// One window more in flight than there are sessions: while the results of one are recorded
    /// and the next claimed, every session still has a window to send (with two, two sessions
    /// sometimes waited for the commit).
    public func makeDeliveryWorker(sink: (any PermanentFailureSink)? = nil) throws(DeliveryError) -> DeliveryWorker {
        DeliveryWorker(
            database: database, transport: try makeTransport(), retry: .days(configuration.smtp.retryDays),
            sink: sink, logger: logger, batchesInFlight: max(2, configuration.smtp.connections + 1))
    }
}

/// The outbox worker as a service of `praxis run`: delivers until graceful shutdown, then lets the
/// batches in flight finish and be recorded.
struct DeliveryService: Service {
    let worker: DeliveryWorker

    func run() async throws {
        try await cancelWhenGracefulShutdown {
            try await worker.run()
        }
    }
}
