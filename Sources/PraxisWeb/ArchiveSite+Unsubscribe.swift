import Foundation
import HTTPTypes
import PraxisCommunity
import PraxisStore

/// One-click unsubscribe (RFC 8058, issue 20): `/u/TOKEN`, the link in every list copy's and
/// digest's `List-Unsubscribe` when `web.base_url` is set.
///
/// `GET` shows a page with a button and changes nothing: mail scanners and link previews follow
/// every link in a message. `POST` with the body `List-Unsubscribe=One-Click` (what mail providers
/// send, and what the page's button sends) unsubscribes at once. It takes no session and no form
/// token, and that is safe: the token is itself the secret, an HMAC only the store can make
/// (`MemberLinkSigner`), mailed only to that member, and all it can do is what the member could
/// do by replying `unsubscribe`, for that member alone; a page elsewhere that does not know it
/// can do nothing. Providers post from their own servers, without cookies or an `Origin` of ours,
/// so a CSRF check would only break the one thing the link is for.
///
/// A malformed, forged, outdated or used token, or one of a member who has left, gets one and
/// the same page, so the link tells nobody whether a token was ever good. Only a writable store
/// can record leaving: `praxis run` answers; `praxis web` alone (read-only) says where to write.
extension ArchiveSite {
    /// The token of `/u/TOKEN` under the base path; nil for any other path. The token is taken as
    /// written (up to 64 characters, no `/`): the store answers a malformed one like a forged one.
    static func unsubscribeToken(rawPath: String, basePath: String) -> String? {
        guard rawPath.hasPrefix(basePath + "u/") else { return nil }
        let token = rawPath.dropFirst(basePath.count + 2)
        guard !token.isEmpty, token.utf8.count <= 64, !token.contains("/") else { return nil }
        return String(token)
    }

    func respondToUnsubscribe(token: String, _ request: SignInRequest) -> ArchiveAnswer {
        guard let commands = settings.memberCommands else { return unsubscribeUnavailable() }
        do {
            if !request.isPost {
                guard let address = try database.unsubscribeAddress(token: token, signer: linkSigner) else { return unusableLink() }
                let view: [String: Any] = ["action": links.unsubscribe(token), "address": address, "lead": say(.webLeaveLead, ["address": address])]
                return Self.response(.ok, type: "text/html; charset=utf-8",
                                     body: page("unsubscribe.html.mustache", title: say(.webLeave), view),
                                     cache: "no-store")
            }
            // RFC 8058 §3.1: the body says it is a one-click request; anything else does nothing.
            guard request.fields["List-Unsubscribe"] == "One-Click" else { return unusableLink() }
            guard let address = try database.unsubscribe(token: token, signer: linkSigner, commands: commands, at: Date()) else {
                return unusableLink()
            }
            logger.notice("member left by one-click unsubscribe", metadata: ["address": "\(address)"])
            let view: [String: Any] = [
                "heading": say(.webLeftHeading), "explanation": say(.webLeftText, ["address": address]),
                "next": links.home, "nextLabel": say(.webGoToArchive),
            ]
            return Self.response(.ok, type: "text/html; charset=utf-8",
                                 body: page("sign-in-done.html.mustache", title: say(.webLeftTitle), view), cache: "no-store")
        } catch {
            logger.error("one-click unsubscribe failed", metadata: ["error": "\(error)"])
            return errorPage(.serviceUnavailable, heading: say(.webLeaveTroubleHeading), explanation: say(.webLeaveTroubleText))
        }
    }

    /// Every token that does nothing gets this: unknown, forged, used, its member gone.
    private func unusableLink() -> ArchiveAnswer {
        errorPage(.notFound, heading: say(.webUnusableLinkHeading), explanation: say(.webUnusableLinkText))
    }

    private func unsubscribeUnavailable() -> ArchiveAnswer {
        errorPage(.serviceUnavailable, heading: say(.webLeaveUnavailableHeading), explanation: say(.webLeaveUnavailableText))
    }
}
