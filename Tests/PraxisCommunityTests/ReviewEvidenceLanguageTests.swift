import Foundation
import Testing
@testable import PraxisCommunity

/// The checklist's evidence and reasons in the reader's language (issue 22 §1), while the English
/// sentences stay exactly as `praxis review --format json` has always written them.
@Suite("Review evidence in the reader's language")
struct ReviewEvidenceLanguageTests {
    typealias Base = ReviewChecklistTests

    /// Everything that can go wrong at once: thin sub-issues, an objective without an id, idle
    /// moderators, a silent core group, activity halved, no promotion, most openers unanswered,
    /// no sponsor, an idle protected space; four reds, so the reasons list every kind of sentence.
    static func troubled() -> QuarterFigures {
        var figures = Base.healthy()
        figures.contributors = 3
        figures.previousPosts = 240
        figures.subIssues = [
            .init(id: "general", posts: 5, contributors: 1, innerCircle: 1),
            .init(id: "cycling", posts: 30, contributors: 2, innerCircle: 3, moderators: 2, moderatorsActive: 0),
            .init(id: "procurement", isProtected: true, innerCircle: 2),
        ]
        figures.objectives.append(.init(id: nil, text: "Share tools", subIssues: [], posts: 1))
        figures.coreActive = 0
        figures.promotions = 0
        figures.unanswered = 30
        figures.medianFirstReply = 3 * 86_400 + 2 * 3600
        figures.sponsorNamed = false
        figures.organisationDigestsSent = 1
        return figures
    }

    /// Every sentence of an assessment: item evidence, per sub-issue evidence, reasons.
    static func sentences(_ assessment: ReviewAssessment) -> [String] {
        assessment.items.flatMap { [$0.evidence] + $0.subIssues.map(\.evidence) } + assessment.reasons
    }

    // The JSON contract: these are the sentences the checklist wrote before it had languages.
    static let healthyEnglish = [
        "14 individuals posted in 2004-Q2 (at least 5 wanted).",
        "12 contributors in general (at least 2 wanted).",
        "5 contributors in cycling (at least 2 wanted).",
        "2 contributors in procurement (at least 2 wanted).",
        "1 of 1 objective had at least 3 posts behind it in 2004-Q2.",
        "2 of 2 core group members posted; 3 of 3 sub-issues had an inner circle of at least 2 and active moderators.",
        "general: inner circle of 4 at the quarter's end.",
        "cycling: inner circle of 3 at the quarter's end, 1 of 1 moderator posted.",
        "procurement: inner circle of 2 at the quarter's end.",
        "120 posts and 14 contributors against 110 and 13 in 2004-Q1 (posts +9 %).",
        "2 moves from the outer to the inner circle in 2004-Q2 (at least 1 wanted).",
        "4 of 40 conversations opened got no reply from someone else; the median first reply came after 5 h.",
        "A sponsor is named (organisation.sponsor); the organisation digest went out 12 times.",
        "1 of 1 protected sub-issue had posts in 2004-Q2.",
        "No item is red and every objective has activity behind it.",
    ]

    static let troubledEnglish = [
        "3 individuals posted in 2004-Q2 (at least 5 wanted); 2 of 3 sub-issues had fewer than 2.",
        "1 contributor in general (at least 2 wanted).",
        "2 contributors in cycling (at least 2 wanted).",
        "0 contributors in procurement (at least 2 wanted).",
        "1 of 2 objectives had at least 3 posts behind them in 2004-Q2; without: Share tools (1).",
        "None of the 2 core group members posted; 1 of 3 sub-issues had an inner circle of at least 2 and active moderators.",
        "general: inner circle of 1 at the quarter's end.",
        "cycling: inner circle of 3 at the quarter's end, 0 of 2 moderators posted.",
        "procurement: inner circle of 2 at the quarter's end.",
        "120 posts and 3 contributors against 240 and 13 in 2004-Q1 (posts -50 %).",
        "0 moves from the outer to the inner circle in 2004-Q2 (at least 1 wanted).",
        "30 of 40 conversations opened got no reply from someone else; the median first reply came after 3 days 2 h.",
        "No sponsor is named (organisation.sponsor); the organisation digest went out 1 time.",
        "0 of 1 protected sub-issue had posts in 2004-Q2.",
        "4 of the 8 items are red (3 or more suggest disbanding).",
        "3 individuals posted in 2004-Q2 (at least 5 wanted); 2 of 3 sub-issues had fewer than 2.",
        "None of the 2 core group members posted; 1 of 3 sub-issues had an inner circle of at least 2 and active moderators.",
        "120 posts and 3 contributors against 240 and 13 in 2004-Q1 (posts -50 %).",
        "30 of 40 conversations opened got no reply from someone else; the median first reply came after 3 days 2 h.",
    ]

    @Test("English evidence and reasons are today's sentences, word for word")
    func englishIsUnchanged() {
        #expect(Self.sentences(ReviewChecklist.assess(Base.healthy())) == Self.healthyEnglish)
        #expect(Self.sentences(ReviewChecklist.assess(Self.troubled())) == Self.troubledEnglish)
    }

    /// The keys of the review's evidence and the standing reasons: the catalog's last block.
    static let evidenceKeys = Array(MessageKey.allCases.drop { $0 != .reviewReasonFuture })

    /// Words of five letters or more in the English texts of `evidenceKeys` that no text of
    /// `language` uses at all: if one turns up in that language's sentence, English leaked in.
    /// Config names such as `organisation.sponsor` are written alike in every language, so
    /// they are left out by taking only words that `language`'s catalog never has.
    static func englishOnlyWords(against language: Language) -> Set<String> {
        let words = { (text: String) in
            Set(text.lowercased().split { !$0.isLetter && $0 != "-" }.map(String.init).filter { $0.count >= 5 })
        }
        let english = evidenceKeys.compactMap { MessageCatalog.english[$0] }.flatMap(\.forms).map(words).reduce(Set(), { $0.union($1) })
        let translated = language.entries.values.flatMap(\.forms).map(words).reduce(Set(), { $0.union($1) })
        return english.subtracting(translated)
    }

    static let figureSets: [(String, QuarterFigures)] = [
        ("healthy", Base.healthy()), ("troubled", troubled()),
        ("young", {
            var figures = Base.healthy()
            figures.startedAt = Base.interval.start.addingTimeInterval(30 * Base.day)
            figures.previousPosts = 0
            figures.objectives = []
            figures.subIssues = [.init(id: "general", posts: 9, contributors: 1, innerCircle: 0)]
            figures.coreGroup = 1
            figures.coreActive = 0
            figures.openers = 0
            figures.organisationDigest = false
            figures.sponsorNamed = false
            return figures
        }()),
        ("partial", {
            var figures = Base.healthy()
            figures.asOf = Base.interval.start.addingTimeInterval(20 * Base.day)
            return figures
        }()),
        ("future", {
            var figures = Base.healthy()
            figures.asOf = Base.interval.start.addingTimeInterval(-Base.day)
            return figures
        }()),
    ]

    @Test(arguments: [Language.de, .fr, .es], figureSets.map(\.0))
    func everySentenceIsInTheLanguage(_ language: Language, _ name: String) throws {
        let figures = try #require(Self.figureSets.first { $0.0 == name }?.1)
        let english = ReviewChecklist.assess(figures)
        let worded = ReviewChecklist.assess(figures, language: language)
        let leaks = Self.englishOnlyWords(against: language)
        #expect(!leaks.isEmpty, "the check would find nothing")
        for (index, sentence) in Self.sentences(worded).enumerated() {
            let words = Set(sentence.lowercased().split { !$0.isLetter && $0 != "-" }.map(String.init))
            #expect(words.isDisjoint(with: leaks), "\(language) \(name): English \(words.intersection(leaks)) in “\(sentence)”")
            #expect(!sentence.contains("{") && !sentence.contains("}"), "\(language) \(name): “\(sentence)”")
            #expect(sentence != Self.sentences(english)[index], "\(language) \(name): still English “\(sentence)”")
        }
        // The judgement itself does not depend on the language.
        #expect(worded.recommendation == english.recommendation)
        #expect(worded.items.map(\.mark) == english.items.map(\.mark) && worded.items.map(\.value) == english.items.map(\.value))
        #expect(worded.items.flatMap(\.subIssues).map(\.mark) == english.items.flatMap(\.subIssues).map(\.mark))
        #expect(english.worded(in: language) == worded)
    }

    /// A check that finds English must find it: an untranslated sentence trips it.
    @Test func anEnglishSentenceInGermanIsCaught() {
        let leaks = Self.englishOnlyWords(against: .de)
        let words = Set("3 individuals posted in 2004-Q2 (at least 5 wanted).".lowercased().split { !$0.isLetter }.map(String.init))
        #expect(!words.isDisjoint(with: leaks))
    }

    static let germanTroubled = [
        "3 Personen haben in 2004-Q2 geschrieben (mindestens 5 erwünscht); 2 von 3 Teilthemen mit weniger als 2 Schreibenden.",
        "1 Person hat in general geschrieben (mindestens 2 erwünscht).",
        "Keines der 2 Mitglieder der Kerngruppe hat geschrieben; 1 von 3 Teilthemen mit einem inneren Kreis von mindestens 2 und aktiver Moderation.",
        "120 Beiträge und 3 Schreibende gegenüber 240 und 13 in 2004-Q1 (Beiträge -50\u{202F}%).",
        "30 von 40 begonnenen Diskussionen ohne Antwort von jemand anderem; Median bis zur ersten Antwort: 3 Tage 2 h.",
        "Es ist keine Förderin und kein Förderer benannt (organisation.sponsor); der Überblick für die Organisation ging 1-mal hinaus.",
        "4 der 8 Punkte sind rot (ab 3 roten Punkten empfiehlt sich die Auflösung).",
    ]

    @Test func germanSentencesReadAsWritten() {
        let sentences = Self.sentences(ReviewChecklist.assess(Self.troubled(), language: .de))
        for expected in Self.germanTroubled {
            #expect(sentences.contains(expected), "missing “\(expected)” in \(sentences)")
        }
    }

    /// Numbers follow the language, except English, whose sentences are the JSON's and keep
    /// the digits as they always were.
    @Test func largeFiguresAreGroupedInTheLanguageButNotInTheEnglishContract() throws {
        var figures = Base.healthy()
        figures.posts = 12_345
        figures.previousPosts = 10_000
        let english = try #require(ReviewChecklist.assess(figures).item(.momentum)?.evidence)
        #expect(english.hasPrefix("12345 posts and 14 contributors against 10000 and 13") && english.hasSuffix("(posts +23 %)."))
        let german = try #require(ReviewChecklist.assess(figures, language: .de).item(.momentum)?.evidence)
        #expect(german.hasPrefix("12.345 Beiträge") && german.contains("gegenüber 10.000") && german.hasSuffix("(Beiträge +23\u{202F}%)."))
        let french = try #require(ReviewChecklist.assess(figures, language: .fr).item(.momentum)?.evidence)
        #expect(french.hasPrefix("12\u{202F}345 messages"), "\(french)")
    }

    /// French sets a narrow no-break space before the semicolon between clauses, as before a colon.
    @Test func frenchClausesAreJoinedAsFrenchIsSet() throws {
        let evidence = try #require(ReviewChecklist.assess(Self.troubled(), language: .fr).item(.enoughIndividuals)?.evidence)
        #expect(evidence == "3 personnes ont écrit en 2004-Q2 (au moins 5 souhaitées)\u{202F}; "
            + "sous-thèmes avec moins de 2 personnes : 2 sur 3.")
    }

    /// French counts 0 as singular, German and Spanish do not.
    @Test func pluralsFollowTheLanguage() throws {
        var figures = Base.healthy()
        figures.promotions = 0
        let inward = { (language: Language) in ReviewChecklist.assess(figures, language: language).item(.inwardMovement)?.evidence ?? "" }
        #expect(inward(.fr).hasPrefix("0 passage du cercle extérieur"), "\(inward(.fr))")
        #expect(inward(.es).hasPrefix("0 pasos del círculo exterior"), "\(inward(.es))")
        #expect(inward(.en).hasPrefix("0 moves from the outer"))
    }

    /// The review mail renders the evidence and reasons in its reader's language, text and HTML.
    @Test func theReviewDocumentWordsTheEvidenceForItsReader() {
        let document = ReviewDocument(assessment: ReviewChecklist.assess(Self.troubled()), communityName: "Mobilität",
                                      timeZone: Base.utc, lastDecision: nil)
        let text = document.renderedText(in: .de)
        let html = document.renderedHTML(in: .de)
        for sentence in [Self.germanTroubled[0], Self.germanTroubled[6]] {
            #expect(text.contains(sentence), "\(sentence) missing from:\n\(text)")
        }
        #expect(html.contains("Keines der 2 Mitglieder der Kerngruppe hat geschrieben") && !html.contains("core group members"))
        #expect(document.renderedText(in: .en).contains(Self.troubledEnglish[0]))
        // The document keeps the English assessment: the JSON and the export read it.
        #expect(document.assessment.reasons.first == "4 of the 8 items are red (3 or more suggest disbanding).")
    }
}
