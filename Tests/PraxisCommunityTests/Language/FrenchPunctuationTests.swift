@testable import PraxisCommunity
import Testing

/// French sets `:` `;` `!` `?` apart from the word before it with a space that does not break,
/// the narrow no-break space (U+202F) that `Language.colon` and the guillemets already use, so no
/// reader's mail program or browser wraps a line in front of the sign; and it writes the
/// typographic apostrophe. The catalog mixed both forms (118 colons after an ordinary space, 50
/// straight apostrophes): one rule for every French sentence.
@Suite("French punctuation")
struct FrenchPunctuationTests {
    @Test func noFrenchSentenceCanBreakBeforeItsSign() {
        var checked = 0
        for key in MessageKey.allCases {
            guard let phrase = Language.fr.entries[key] else { continue }
            for text in phrase.forms {
                checked += 1
                let scalars = Array(text.unicodeScalars)
                for index in scalars.indices.dropFirst() where ":;!?".unicodeScalars.contains(scalars[index]) {
                    let before = scalars[index - 1]
                    #expect(before != " " && before != "\u{A0}" && before != "\t",
                            "fr \(key): a space that breaks (or a wide one) before “\(scalars[index])”: \(text)")
                }
            }
        }
        #expect(checked > 300, "the French catalog has \(checked) sentences")
    }

    @Test func everyFrenchApostropheIsTypographic() {
        for key in MessageKey.allCases {
            guard let phrase = Language.fr.entries[key] else { continue }
            for text in phrase.forms {
                let characters = Array(text)
                for index in characters.indices.dropFirst().dropLast() where characters[index] == "'" {
                    #expect(!(characters[index - 1].isLetter && characters[index + 1].isLetter),
                            "fr \(key): a straight apostrophe: \(text)")
                }
            }
        }
    }
}
