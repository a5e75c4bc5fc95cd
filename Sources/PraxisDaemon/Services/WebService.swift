import Foundation
import Logging
import PraxisCommunity
import PraxisStore
import PraxisSystem
import PraxisWeb
import ServiceLifecycle

/// The community's online archive (DESIGN.md §8) on `web.listen`: a service of `praxis run`, or
/// the only one of `praxis web`. Graceful shutdown (SIGTERM) lets requests in flight finish.
///
/// The configuration is the one it started with: a SIGHUP reload does not move the listening
/// socket or change who sees what; restart the service for that.
public struct WebService: Service {
    let site: ArchiveSite
    let listen: Configuration.ListenAddress
    let logger: Logger
    /// Told the port once the socket is bound (the one the system chose for port 0).
    let onListening: @Sendable (Int) async -> Void

    /// The service `configuration` asks for, or nil when `web.listen` is not set. Web template
    /// files that are refused are logged and replaced by the built-in ones.
    public init?(
        configuration: Configuration, database: PraxisDatabase, maildir: Maildir, moderation: ModerationQueue? = nil, logger: Logger,
        onListening: @escaping @Sendable (Int) async -> Void = { _ in }
    ) throws {
        guard let web = configuration.web, let listen = web.listen else { return nil }
        let (templates, problems) = Self.loadTemplates(folder: configuration.paths.templates)
        for problem in problems {
            logger.error("web template refused; using the built-in one", metadata: ["problem": "\(problem)"])
        }
        let settings = ArchiveSettings(
            community: configuration.community, subIssues: configuration.allSubIssues, coreAddresses: configuration.circles.core,
            access: web.access, basePath: web.basePath, baseURL: web.baseURL?.text,
            // A read-only store (`praxis web`) cannot record links or sessions: it reads sessions only.
            signIn: database.pool.configuration.readonly ? nil : web.signIn.policy,
            report: WeeklyReport(configuration: configuration, database: database).settings,
            memberCommands: database.pool.configuration.readonly ? nil : EmailCommandProcessor(configuration: configuration, moderation: nil))
        // Held posts are decided only where the store is writable (`praxis run`).
        site = try ArchiveSite(
            settings: settings, database: database, maildir: maildir, templates: templates,
            moderation: database.pool.configuration.readonly ? nil : moderation, logger: logger)
        self.listen = listen
        self.logger = logger
        self.onListening = onListening
    }

    public func run() async throws {
        let logger = self.logger, listen = self.listen, onListening = self.onListening
        let application = site.application(host: listen.host, port: listen.port) { port in
            logger.notice("archive listening", metadata: ["address": "\(listen.host)", "port": "\(port)"])
            await onListening(port)
        }
        try await application.run()
    }

    /// The web templates in `folder/web/`, each missing file the built-in one; when the files
    /// given do not parse together, the built-in set, with the problems.
    public static func loadTemplates(folder: String?) -> (templates: WebTemplates, problems: [String]) {
        var problems: [String] = []
        let web = TemplateFolder(path: folder).subfolder(WebTemplates.folderName)
        var sources: [String: String] = [:]
        for name in WebTemplates.fileNames {
            sources[name] = web.source(name, builtIn: WebTemplates.builtInSource(name) ?? "", problems: &problems)
        }
        do {
            return (try WebTemplates(sources: sources), problems)
        } catch {
            return (.builtIn, problems + ["\(WebTemplates.folderName)/: \(error.message)"])
        }
    }
}

extension WebService {
    /// `praxis web`: the archive alone, on a store opened read-only (never created or migrated,
    /// so it can serve a replica or run as a separate, less privileged unit). Runs until SIGTERM
    /// or SIGINT; `onListening` is told the bound port.
    public static func serveAlone(
        configuration: Configuration, path: String, logger: Logger, onListening: @escaping @Sendable (Int) async -> Void
    ) async throws {
        guard configuration.web?.listen != nil else {
            throw DaemonError.invalidConfiguration([ConfigurationProblem(
                file: path, line: 1, column: 1, keyPath: "web.listen",
                message: "not set, so there is nothing to serve; add a web: block with listen: 127.0.0.1:8025")], in: path)
        }
        let database = try PraxisDatabase(path: configuration.paths.database, readOnly: true)
        let maildir = Maildir(path: configuration.paths.maildir)
        guard let service = try WebService(
            configuration: configuration, database: database, maildir: maildir, logger: logger, onListening: onListening)
        else { return }
        let group = ServiceGroup(configuration: ServiceGroupConfiguration(
            services: [.init(service: service, serviceName: "web")], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}
