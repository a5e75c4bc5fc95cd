import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import Glibc
import PraxisTestSupport
import Testing

/// A headless Chromium driven through Debian's `chromedriver` (W3C WebDriver over HTTP): the few
/// commands the browser tests use. `start` returns nil when chromedriver or chromium is missing,
/// so the caller can say that it skipped.
final class WebDriverSession: @unchecked Sendable {
    static let driverPath = "/usr/bin/chromedriver"
    static let browserPath = ["/usr/bin/chromium", "/usr/bin/chromium-browser"].first { FileManager.default.isExecutableFile(atPath: $0) }

    private let driver: Process
    private let endpoint: String
    private let session: String
    /// For every Chromium a test starts: the pages are all on 127.0.0.1, and Chromium's own
    /// lookups (updates, accounts, search engines) would ask the machine's nameserver, which
    /// tests leave alone.
    static let offlineArguments = [
        "--disable-background-networking", "--disable-component-update", "--disable-sync",
        "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
    ]
    private static let elementKey = "element-6066-11e4-a52e-4f735466cecf"

    struct Failure: Error, CustomStringConvertible { var description: String }

    static func start(profile: URL) async throws -> WebDriverSession? {
        guard FileManager.default.isExecutableFile(atPath: driverPath), let browser = browserPath else { return nil }
        let port = try freePort()
        let driver = Process()
        driver.executableURL = URL(fileURLWithPath: driverPath)
        let log = profile.deletingLastPathComponent().appendingPathComponent("chromedriver.log")
        driver.arguments = ["--port=\(port)", "--log-path=\(log.path)"]
        driver.standardOutput = FileHandle.nullDevice
        driver.standardError = FileHandle.nullDevice
        try driver.run()
        let endpoint = "http://127.0.0.1:\(port)"
        let deadline = ContinuousClock.now + .seconds(30)
        var lastError: (any Error)?
        while true {
            do {
                _ = try await call(endpoint, "GET", "/status")
                break
            } catch {
                lastError = error
            }
            guard ContinuousClock.now < deadline, driver.isRunning else {
                Self.stop(driver)
                let said = (try? String(contentsOf: log, encoding: .utf8)) ?? ""
                throw Failure(description: "chromedriver did not answer on port \(port) (running: \(driver.isRunning), \(String(describing: lastError))): \(said.suffix(2_000))")
            }
            try await Task.sleep(for: .milliseconds(100))
        }
        let capabilities: [String: Any] = ["capabilities": ["alwaysMatch": [
            "browserName": "chrome",
            "goog:chromeOptions": ["binary": browser, "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--no-first-run", "--window-size=1280,900",
                "--user-data-dir=\(profile.path)",
            ] + Self.offlineArguments],
        ]]]
        do {
            let answer = try await call(endpoint, "POST", "/session", capabilities)
            guard let value = answer["value"] as? [String: Any], let id = value["sessionId"] as? String else {
                throw Failure(description: "no session: \(answer)")
            }
            return WebDriverSession(driver: driver, endpoint: endpoint, session: id)
        } catch {
            Self.stop(driver)
            throw error
        }
    }

    private init(driver: Process, endpoint: String, session: String) {
        self.driver = driver
        self.endpoint = endpoint
        self.session = session
    }

    func open(_ url: String) async throws { _ = try await command("POST", "/url", ["url": url]) }

    var source: String { get async throws { try await command("GET", "/source")["value"] as? String ?? "" } }

    /// Whether the page comes to hold `text` within `timeout`. A click that submits a form returns
    /// before the next page has loaded, so the page read right after it may still be the old one.
    func showsSoon(_ text: String, timeout: Duration = .seconds(10)) async throws -> Bool {
        let deadline = ContinuousClock.now + timeout
        while ContinuousClock.now < deadline {
            if try await source.contains(text) { return true }
            try await Task.sleep(for: .milliseconds(50))
        }
        return try await source.contains(text)
    }

    /// Types `text` into the element `selector` names.
    func type(_ text: String, into selector: String) async throws {
        _ = try await command("POST", "/element/\(try await element(selector))/value", ["text": text])
    }

    func click(_ selector: String) async throws {
        _ = try await command("POST", "/element/\(try await element(selector))/click", [:])
    }

    /// The viewport `width` CSS pixels wide, as a phone of that width shows pages.
    func viewport(width: Int, height: Int) async throws {
        _ = try await command("POST", "/goog/cdp/execute", ["cmd": "Emulation.setDeviceMetricsOverride", "params": [
            "width": width, "height": height, "deviceScaleFactor": 1, "mobile": width < 600,
        ]])
    }

    /// A PNG of the viewport.
    func screenshot() async throws -> Data {
        guard let text = try await command("GET", "/screenshot")["value"] as? String, let png = Data(base64Encoded: text) else {
            throw Failure(description: "no screenshot")
        }
        return png
    }

    /// Ends the browser, then chromedriver, which ignores SIGTERM.
    func end() async {
        _ = try? await command("DELETE", "", nil)
        Self.stop(driver)
    }

    private static func stop(_ driver: Process) {
        kill(driver.processIdentifier, SIGKILL)
        driver.waitUntilExit()
    }

    private func element(_ selector: String) async throws -> String {
        let answer = try await command("POST", "/element", ["using": "css selector", "value": selector])
        guard let value = answer["value"] as? [String: Any], let id = value[Self.elementKey] as? String else {
            throw Failure(description: "no element \(selector): \(answer)")
        }
        return id
    }

    private func command(_ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> [String: Any] {
        try await Self.call(endpoint, method, "/session/\(session)" + path, body)
    }

    /// One HTTP/1.1 exchange with chromedriver on a socket of its own. Not URLSession:
    /// chromedriver writes header fields without a space after the colon, which
    /// FoundationNetworking refuses ("Failed writing header").
    private static func call(_ endpoint: String, _ method: String, _ path: String, _ body: [String: Any]? = nil) async throws -> [String: Any] {
        guard let port = Int(endpoint.split(separator: ":").last ?? "") else { throw Failure(description: "bad endpoint \(endpoint)") }
        let payload = try body.map { try JSONSerialization.data(withJSONObject: $0) } ?? Data()
        var request = "\(method) \(path) HTTP/1.1\r\nHost: 127.0.0.1:\(port)\r\nConnection: close\r\n"
        if body != nil { request += "Content-Type: application/json\r\n" }
        request += "Content-Length: \(payload.count)\r\n\r\n"
        let answer = try exchange(port: port, Array(request.utf8) + Array(payload))
        guard let split = answer.firstRange(of: Data("\r\n\r\n".utf8)) else { throw Failure(description: "\(method) \(path): no answer") }
        let head = String(decoding: answer[..<split.lowerBound], as: UTF8.self)
        let object = (try? JSONSerialization.jsonObject(with: answer[split.upperBound...])) as? [String: Any] ?? [:]
        guard head.hasPrefix("HTTP/1.1 200") else { throw Failure(description: "\(method) \(path): \(head.prefix(40)) \(object)") }
        return object
    }

    /// Sends `request` to 127.0.0.1:`port` and reads until the server closes.
    private static func exchange(port: Int, _ request: [UInt8]) throws -> Data {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue) | Int32(SOCK_CLOEXEC.rawValue), 0)
        guard descriptor >= 0 else { throw POSIXError(.init(rawValue: errno) ?? .EIO) }
        defer { close(descriptor) }
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        address.sin_port = in_port_t(UInt16(port).bigEndian)
        let connected = withUnsafePointer(to: &address) { pointer in
            pointer.withMemoryRebound(to: sockaddr.self, capacity: 1) { connect(descriptor, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) == 0 }
        }
        guard connected else { throw POSIXError(.init(rawValue: errno) ?? .ECONNREFUSED) }
        // A browser command that never answers fails the test instead of hanging it.
        var timeout = timeval(tv_sec: 60, tv_usec: 0)
        setsockopt(descriptor, SOL_SOCKET, SO_RCVTIMEO, &timeout, socklen_t(MemoryLayout<timeval>.size))
        var sent = 0
        while sent < request.count {
            let written = request[sent...].withUnsafeBytes { send(descriptor, $0.baseAddress, $0.count, Int32(MSG_NOSIGNAL)) }
            guard written > 0 else { throw POSIXError(.init(rawValue: errno) ?? .EPIPE) }
            sent += written
        }
        var answer = Data()
        var buffer = [UInt8](repeating: 0, count: 65_536)
        while true {
            let count = recv(descriptor, &buffer, buffer.count, 0)
            if count < 0 && errno == EINTR { continue }
            guard count > 0 else { break }
            answer.append(contentsOf: buffer[0..<count])
            // chromedriver keeps the connection open: the answer is complete at its Content-Length.
            if let split = answer.firstRange(of: Data("\r\n\r\n".utf8)),
               let length = contentLength(String(decoding: answer[..<split.lowerBound], as: UTF8.self)),
               answer.count - split.upperBound >= length {
                break
            }
        }
        return answer
    }

    private static func contentLength(_ head: String) -> Int? {
        for line in head.split(separator: "\r\n") {
            let parts = line.split(separator: ":", maxSplits: 1)
            if parts.count == 2, parts[0].lowercased() == "content-length" { return Int(parts[1].trimmingCharacters(in: .whitespaces)) }
        }
        return nil
    }
}

extension WebDriverSession {
    /// A browser test's frame: starts chromium (SKIPPED, said so, when it or chromedriver is not
    /// installed) and `praxis run` on `fixture`, waits until `base` answers, runs `walk`, then
    /// ends both and expects the daemon to stop cleanly. A failure in `walk` is recorded with the
    /// daemon's stderr.
    static func walkAgainstDaemon(
        _ fixture: CommunityFixture, base: String, test: String,
        _ walk: (WebDriverSession) async throws -> Void
    ) async throws {
        guard let browser = try await WebDriverSession.start(profile: fixture.url.appendingPathComponent("chromium")) else {
            print("SKIPPED: chromedriver or chromium is not installed (scripts/setup-debian.sh installs both); \(test) did not run")
            return
        }
        guard let daemon = try PraxisChild(["run", "--config", fixture.configPath], in: fixture.url) else {
            await browser.end()
            return
        }
        do {
            try await BlockingSuites.SignInCommandTests.waitForServer(base, daemon)
            try await walk(browser)
        } catch {
            Issue.record("\(error)\n\(daemon.standardError)")
        }
        await browser.end()
        daemon.signal(SIGTERM)
        #expect(daemon.wait(timeout: .seconds(60)) && daemon.exitStatus == 0)
    }
}
