// TEMPORARY, never committed: stand-ins for the helpers' files until integration.
import Foundation
enum Charset {
    static func decode(_ bytes: ArraySlice<UInt8>, label: String?, defects: inout [MailDefect]) -> String { String(decoding: bytes, as: UTF8.self) }
}
enum TransferDecoding {
    static func base64(_ bytes: ArraySlice<UInt8>, defects: inout [MailDefect]) -> [UInt8] { Array(bytes) }
    static func quotedPrintable(_ bytes: ArraySlice<UInt8>, defects: inout [MailDefect]) -> [UInt8] { Array(bytes) }
}
enum EncodedWords {
    static func decode(_ raw: ArraySlice<UInt8>, defects: inout [MailDefect]) -> String { String(decoding: raw, as: UTF8.self) }
}
struct HeaderParameters {
    var value: String
    var parameters: [(name: String, value: String)]
    subscript(_ name: String) -> String? { parameters.first { $0.name == name }?.value }
    static func parse(_ raw: ArraySlice<UInt8>, defects: inout [MailDefect]) -> HeaderParameters {
        let s = String(decoding: raw, as: UTF8.self)
        var items = s.split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }
        let v = items.isEmpty ? "" : items.removeFirst().lowercased()
        var ps: [(name: String, value: String)] = []
        for i in items { if let eq = i.firstIndex(of: "=") { ps.append((String(i[..<eq]).lowercased().trimmingCharacters(in: .whitespaces), String(i[i.index(after: eq)...]).trimmingCharacters(in: CharacterSet(charactersIn: "\" "))))}}
        return HeaderParameters(value: v, parameters: ps)
    }
}
enum AddressParser { static func parseList(_ raw: ArraySlice<UInt8>, defects: inout [MailDefect]) -> [MailAddress] { [] } }
enum MailDateParser { static func parse(_ raw: ArraySlice<UInt8>) -> Date? { nil } }
enum MessageIDParser {
    static func parseList(_ raw: ArraySlice<UInt8>) -> [String] { [] }
    static func parseSingle(_ raw: ArraySlice<UInt8>) -> String? { nil }
}
extension TransferDecoding { static func uudecode(_ bytes: ArraySlice<UInt8>, defects: inout [MailDefect]) -> [UInt8] { [] } }
