import PraxisMail
import Testing
@testable import PraxisCommunity

@Suite("PostClassifier: explicit and learned stages")
struct PostClassifierTests {
    static let subIssues = [
        SubIssue(id: "general", name: "General", description: "Anything that fits no other sub-issue."),
        SubIssue(id: "cycling", name: "Cycling infrastructure", description: "Bike lanes, cycle paths, junction design, bike parking.",
                 keywords: ["bike lane", "cycle path", "protected intersection", "bicycle", "cycling"], aliases: ["bikes"]),
        SubIssue(id: "parking", name: "Parking and kerbside", keywords: ["parking", "kerbside", "loading zone", "residents' permit"]),
        SubIssue(id: "public-transport", name: "Public transport", keywords: ["bus lane", "tram", "timetable", "park and ride"],
                 aliases: ["transit"]),
        SubIssue(id: "procurement", name: "Joint procurement", keywords: ["tender", "procurement", "framework agreement"],
                 isProtected: true),
    ]
    static let classifier = PostClassifier(subIssues: subIssues)

    @Test(arguments: [
        ("[cycling] New lane on Main Street", "cycling"),
        ("Re: [CYCLING] New lane", "cycling"),
        ("[Mobility CoP] [bikes] counts", "cycling"),
        ("[Cycling  Infrastructure] survey", "cycling"),
        ("Counts from #transit, Tuesday", "public-transport"),
        ("#public-transport: night buses", "public-transport"),
        ("Tuesday #parking-", "parking"),
        ("AW: [Public transport] Fahrplan für Äpfelstraße", "public-transport"),
        ("[procurement] prices", "procurement"),
        ("[general] hello", "general"),
    ])
    func subjectTagsNameSubIssues(subject: String, expected: String) {
        #expect(Self.classifier.subjectTag(subject) == expected)
    }

    @Test(arguments: ["[PATCH] cycling lanes", "C# and #1 issue #12", "issue#cycling", "no tags at all", "[cycling", "#", "[]"])
    func subjectsWithoutATagNameNone(subject: String) {
        #expect(Self.classifier.subjectTag(subject) == nil)
    }

    @Test func listPlusTagAddressIsExplicit() {
        #expect(Self.classifier.explicitSubIssue(subject: "x", recipient: .list(tag: "Parking"), header: nil, senderIsCore: false) == "parking")
        #expect(Self.classifier.explicitSubIssue(subject: "x", recipient: .list(tag: "transit"), header: nil, senderIsCore: false) == "public-transport")
        #expect(Self.classifier.explicitSubIssue(subject: "x", recipient: .list(tag: "unknown"), header: nil, senderIsCore: false) == nil)
        #expect(Self.classifier.explicitSubIssue(subject: "x", recipient: .list(tag: nil), header: nil, senderIsCore: false) == nil)
        // The subject's tag comes before the address's.
        #expect(Self.classifier.explicitSubIssue(subject: "[cycling] x", recipient: .list(tag: "parking"), header: nil, senderIsCore: false) == "cycling")
    }

    @Test func headerCountsOnlyFromTheCoreGroup() {
        #expect(Self.classifier.explicitSubIssue(subject: "[cycling] x", recipient: nil, header: " Parking ", senderIsCore: true) == "parking")
        #expect(Self.classifier.explicitSubIssue(subject: "x", recipient: nil, header: "parking", senderIsCore: false) == nil)
        #expect(Self.classifier.explicitSubIssue(subject: "[cycling] x", recipient: nil, header: "parking", senderIsCore: false) == "cycling")
    }

    @Test func explicitTagIntoAProtectedSubIssueProtects() {
        let decision = Self.classifier.classify(
            subject: "[procurement] prices", recipient: nil, header: nil, senderIsCore: false,
            features: { TextFeatures(subject: "", text: "", senderAddress: nil) }, model: nil)
        #expect(decision == SubIssueDecision(subIssue: "procurement", stage: .explicit, isProtected: true))
    }

    @Test func withoutAModelEverythingUntaggedIsGeneral() {
        let decision = Self.classifier.classify(
            subject: "bike lane", recipient: nil, header: nil, senderIsCore: false,
            features: { TextFeatures(subject: "bike lane", text: "cycle path", senderAddress: nil) }, model: nil)
        #expect(decision == SubIssueDecision(subIssue: "general", stage: .general))
    }

    /// Day one: a model trained only on the configuration finds the sub-issues by their keywords
    /// and leaves unrelated posts to `general`; it never chooses a protected sub-issue.
    @Test func seededModelWorksOnDayOne() async {
        let seeds = Self.classifier.seedExamples()
        #expect(!seeds.contains { $0.label == "procurement" })
        let model = await TextClassifier.train(seeds)
        #expect(model.labels == ["cycling", "general", "parking", "public-transport"])
        func decide(_ subject: String, _ text: String) -> SubIssueDecision {
            Self.classifier.predicted(TextFeatures(subject: subject, text: text, senderAddress: "a@city.example.org"), model: model)
        }
        let cycling = decide("Question about the new bike lane",
                             "Has anyone built a protected intersection where the cycle path meets a bus stop?")
        #expect(cycling.subIssue == "cycling" && cycling.stage == .model, "\(cycling)")
        let parking = decide("Residents' permit prices", "How do you price the residents' permit for kerbside parking?")
        #expect(parking.subIssue == "parking" && parking.stage == .model, "\(parking)")
        let unrelated = decide("Minutes of Tuesday", "Thanks to everyone who came; the minutes are attached.")
        #expect(unrelated.subIssue == "general", "\(unrelated)")
        let tender = decide("Tender", "The framework agreement and the procurement of tender documents")
        #expect(tender.subIssue != "procurement")
    }

    @Test func belowTheThresholdIsGeneralWithItsConfidence() async {
        let strict = PostClassifier(subIssues: Self.subIssues, settings: ClassificationSettings(threshold: 1))
        let model = await TextClassifier.train(strict.seedExamples())
        let decision = strict.predicted(TextFeatures(subject: "bike lane", text: "bicycle cycle path", senderAddress: nil), model: model)
        #expect(decision.subIssue == "general" && decision.stage == .general)
        #expect((decision.confidence ?? 0) > 0)
    }

    @Test func explainNamesTheFeaturesThatWeighedMost() async {
        let model = await TextClassifier.train(Self.classifier.seedExamples())
        let subject = "bike lane", text = "we need a cycle path and the minutes"
        let features = TextFeatures(subject: subject, text: text, senderAddress: "a@city.example.org")
        let top = model.topContributions(features, toward: "cycling", limit: 5)
        let names = TextFeatures.featureNames(subject: subject, text: text, senderAddress: "a@city.example.org")
        #expect(top.count == 5)
        #expect(zip(top, top.dropFirst()).allSatisfy { abs($0.weight) >= abs($1.weight) })
        let named = top.compactMap { names[$0.index] }
        #expect(named.count == top.count)
        #expect(named.contains("bike lane") || named.contains("cycle path"), "\(named)")
        #expect(model.topContributions(features, toward: "nonexistent").isEmpty)
    }
}
