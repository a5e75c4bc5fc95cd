// TEMPORARY, never committed: stand-ins for the helpers' files until integration.
import Foundation
enum AddressParser { static func parseList(_ raw: ArraySlice<UInt8>, defects: inout [MailDefect]) -> [MailAddress] { [] } }
enum MailDateParser { static func parse(_ raw: ArraySlice<UInt8>) -> Date? { nil } }
enum MessageIDParser {
    static func parseList(_ raw: ArraySlice<UInt8>) -> [String] { [] }
    static func parseSingle(_ raw: ArraySlice<UInt8>) -> String? { nil }
}

