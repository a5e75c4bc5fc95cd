/// The words each email command is understood by, in every language Praxis writes (issue 22 §1):
/// a German member may write `hilfe`, a French one `réglages` or `reglages`, whatever language
/// their replies come in. Accents are optional: words are compared with their accents taken off.
///
/// Only the first word of a command is translated; what follows (`set delivery digest`,
/// tokens, sub-issue ids) is the same in every language, as the help says.
public enum CommandWords {
    /// The English verb each other word stands for, and the language it comes from (for the help).
    /// Words people actually type, in the forms mail clients leave them (lower case, often without
    /// accents); a word here must not be an English verb of another command.
    static let translations: [(verb: String, words: [Language: [String]])] = [
        ("help", [.de: ["hilfe"], .fr: ["aide"], .es: ["ayuda"]]),
        ("whoami", [.de: ["einstellungen"], .fr: ["réglages", "paramètres"], .es: ["ajustes", "configuración"]]),
        ("subscribe", [.de: ["anmelden", "abonnieren"], .fr: ["abonner", "inscrire"], .es: ["alta", "suscribir"]]),
        ("unsubscribe", [.de: ["abmelden", "abbestellen"], .fr: ["désabonner", "désinscrire"], .es: ["baja", "desuscribir"]]),
        ("confirm", [.de: ["bestätigen"], .fr: ["confirmer"], .es: ["confirmar"]]),
        ("follow", [.de: ["folgen"], .fr: ["suivre"], .es: ["seguir"]]),
        ("mute", [.de: ["ausblenden"], .fr: ["ignorer"], .es: ["silenciar"]]),
        ("language", [.en: ["language"], .de: ["sprache"], .fr: ["langue"], .es: ["idioma"]]),
    ]

    /// Words that end the commands, as `end` does: a signature or a thank-you follows.
    static let endWords: Set<String> = ["ende", "danke", "fin", "merci", "gracias"]

    /// Every accepted word, accents taken off, to the English verb.
    private static let verbs: [String: String] = {
        var verbs: [String: String] = [:]
        for (verb, words) in translations {
            for word in words.values.joined() {
                verbs[folded(word)] = verb
                // German writers without an ä key write "ae".
                verbs[folded(word.replacingOccurrences(of: "ä", with: "ae"))] = verb
            }
        }
        return verbs
    }()

    /// The English verb `word` (lower case) stands for; `word` itself when it is no translation.
    static func verb(_ word: String) -> String {
        verbs[folded(word)] ?? word
    }

    static func isEnd(_ word: String) -> Bool { endWords.contains(folded(word)) }

    /// The words of `language` for the help, "hilfe (help), einstellungen (whoami), …"; empty for English.
    public static func listed(in language: Language) -> String {
        translations.compactMap { verb, words in
            guard let own = words[language], verb != "language" || language != .en else { return nil }
            return own.joined(separator: ", ") + " (\(verb == "language" ? "set language" : verb))"
        }.joined(separator: ", ")
    }

    /// `word` with the accents of these four languages taken off ("réglages" → "reglages").
    static func folded(_ word: String) -> String {
        guard !word.utf8.allSatisfy({ $0 < 0x80 }) else { return word }
        var out = String.UnicodeScalarView()
        for scalar in word.unicodeScalars {
            switch scalar {
            case "à", "á", "â", "ä": out.append("a")
            case "ç": out.append("c")
            case "è", "é", "ê", "ë": out.append("e")
            case "ì", "í", "î", "ï": out.append("i")
            case "ñ": out.append("n")
            case "ò", "ó", "ô", "ö": out.append("o")
            case "ù", "ú", "û", "ü": out.append("u")
            default: out.append(scalar)
            }
        }
        return String(out)
    }
}
