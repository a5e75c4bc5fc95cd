import Foundation
import Testing

/// Issue 18: a community that writes in several languages. With only the configuration's names,
/// descriptions and keywords (no labelled post yet), the seeded model must put German, French and
/// Spanish posts into the right sub-issue, and `praxis classify FILE --explain` (the real binary)
/// must name the features behind every prediction.
@Suite("Multilingual posts and the seeded model")
struct MultilingualClassificationTests {
    /// Keywords as a European cities' network would write them: one line per language, with the
    /// forms its members use (a list of words, not a grammar).
    static let configuration = CommunityFixture.configuration(extra: """
        sub_issues:
          - id: cycling
            name: Cycling infrastructure
            description: Bike lanes, cycle paths and junctions. Radverkehr, pistes cyclables, carriles bici.
            keywords: [bike lane, cycle path, bicycle, Radweg, Radwege, Fahrrad, Fahrradstraße, piste cyclable, pistes cyclables, vélo, carril bici, carriles bici, bicicleta, ciclovía]
          - id: parking
            name: Parking and kerbside
            description: Parking management, residents' permits, loading zones. Parkraum, stationnement, aparcamiento.
            keywords: [parking, residents' permit, loading zone, Parkplatz, Parkplätze, Anwohnerparken, Parkgebühren, stationnement, places de stationnement, zone de livraison, aparcamiento, plazas de aparcamiento, zona de carga]
          - id: public-transport
            name: Public transport
            description: Buses, trams and timetables. ÖPNV, transports en commun, transporte público.
            keywords: [bus lane, tram, timetable, Straßenbahn, Busspur, Fahrplan, ÖPNV, tramway, voie de bus, horaires, transports en commun, tranvía, carril bus, horarios, transporte público]
        classification: {threshold: 0.5}
        """)

    /// Real-looking posts: quoted-printable or 8-bit UTF-8 bodies, encoded-word subjects, greetings
    /// and signatures, inflected words that are not all in the keywords.
    static let posts: [(name: String, expected: String, message: String)] = [
        ("de-cycling", "cycling", """
            From: =?utf-8?q?J=C3=BCrgen_M=C3=BCller?= <j.mueller@stadt-freiburg.example.de>
            Subject: =?utf-8?q?Erfahrungen_mit_gesch=C3=BCtzten_Radwegen_an_Kreuzungen?=
            Date: Tue, 4 Mar 2025 09:12:00 +0100
            Message-ID: <de-cycling@stadt-freiburg.example.de>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            Liebe Kolleginnen und Kollegen,

            wir planen gerade eine neue Fahrradstra=C3=9Fe und breitere Radwege entlang =
            der Hauptstra=C3=9Fe. Wie habt ihr die Kreuzungen gestaltet, damit das Fahrrad =
            dort sicher bleibt? Gibt es Erfahrungen mit aufgeweiteten Radaufstellfl=C3=A4chen?

            Viele Gr=C3=BC=C3=9Fe
            J=C3=BCrgen
            """),
        ("fr-parking", "parking", """
            From: =?utf-8?q?H=C3=A9l=C3=A8ne_Dupr=C3=A9?= <helene.dupre@ville-lyon.example.fr>
            Subject: =?utf-8?q?Tarification_du_stationnement_r=C3=A9sidentiel?=
            Date: Wed, 5 Mar 2025 14:30:00 +0100
            Message-ID: <fr-parking@ville-lyon.example.fr>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: 8bit

            Bonjour à tous,

            Notre conseil municipal veut revoir le stationnement payant dans le centre.
            Combien de places de stationnement réservez-vous aux résidents, et avez-vous
            créé des zones de livraison pour les commerçants ? Toute expérience est bienvenue.

            Cordialement,
            Hélène
            """),
        ("es-transport", "public-transport", """
            From: =?utf-8?q?Mar=C3=ADa_Garc=C3=ADa?= <mgarcia@ayto-valencia.example.es>
            Subject: =?utf-8?q?Nuevos_horarios_del_tranv=C3=ADa?=
            Date: Thu, 6 Mar 2025 11:05:00 +0100
            Message-ID: <es-transport@ayto-valencia.example.es>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: quoted-printable

            Hola a todos:

            Estamos revisando los horarios del tranv=C3=ADa y queremos a=C3=B1adir un carril =
            bus en la avenida principal. =C2=BFC=C3=B3mo coordin=C3=A1is el transporte p=C3=BAblico =
            cuando hay obras?

            Un saludo,
            Mar=C3=ADa
            """),
        ("de-parking", "parking", """
            From: Petra Schmidt <p.schmidt@stadt-kassel.example.de>
            Subject: Anwohnerparken und Parkgebühren
            Date: Fri, 7 Mar 2025 08:45:00 +0100
            Message-ID: <de-parking@stadt-kassel.example.de>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: 8bit

            Hallo zusammen,

            bei uns wird das Anwohnerparken neu geregelt. Wie hoch sind bei euch die
            Parkgebühren, und wie viele Parkplätze habt ihr in Lieferzonen umgewandelt?

            Danke und Gruß
            Petra
            """),
        ("fr-cycling", "cycling", """
            From: Luc Martin <luc.martin@nantes.example.fr>
            Subject: =?utf-8?q?Pistes_cyclables_s=C3=A9par=C3=A9es?=
            Date: Fri, 7 Mar 2025 16:20:00 +0100
            Message-ID: <fr-cycling@nantes.example.fr>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: 8bit

            Bonjour,

            Nous voulons prolonger nos pistes cyclables jusqu'à la gare. Avez-vous des
            retours sur les bordures qui séparent les vélos des voitures ?

            Merci,
            Luc
            """),
        ("es-cycling", "cycling", """
            From: Javier Ruiz <jruiz@ayto-sevilla.example.es>
            Subject: Ampliar la red de carriles bici
            Date: Mon, 10 Mar 2025 10:00:00 +0100
            Message-ID: <es-cycling@ayto-sevilla.example.es>
            MIME-Version: 1.0
            Content-Type: text/plain; charset=utf-8
            Content-Transfer-Encoding: 8bit

            Buenos días:

            Queremos ampliar la red de carriles bici y conectar la ciclovía del río con
            el centro. ¿Qué anchura mínima usáis para la bicicleta en doble sentido?

            Saludos,
            Javier
            """),
    ]

    @Test(arguments: posts.indices)
    func seededModelPutsThePostIntoItsSubIssue(index: Int) throws {
        let post = Self.posts[index]
        let community = try CommunityFixture()
        try community.writeConfiguration(Self.configuration)
        let file = community.url.appendingPathComponent(post.name + ".eml")
        // CRLF as on the wire.
        try Data(post.message.replacingOccurrences(of: "\n", with: "\r\n").utf8).write(to: file)
        guard let outcome = try PraxisChild.run(
            ["classify", file.path, "--explain", "--json", "--config", community.configPath], in: community.url)
        else {
            Issue.record("the praxis executable was not found beside the test bundle")
            return
        }
        #expect(outcome.0 == 0, "\(outcome.2)")
        let object = try JSONSerialization.jsonObject(with: Data(outcome.1.utf8)) as? [String: Any]
        #expect(object?["sub_issue"] as? String == post.expected, "\(post.name): \(outcome.1)")
        #expect(object?["stage"] as? String == "model", "\(post.name): \(outcome.1)")
        // Every prediction is explained by named features, none of them a bare hash.
        let features = (object?["features"] as? [[String: Any]] ?? []).compactMap { $0["feature"] as? String }
        #expect(!features.isEmpty, "\(post.name): \(outcome.1)")
        #expect(features.allSatisfy { !$0.hasPrefix("#") }, "\(features)")
    }

    /// A post none of whose words the seeded model knows still gets an explanation, never a bare
    /// heading with nothing under it.
    @Test func explainSaysSoWhenTheModelKnowsNoWord() throws {
        let community = try CommunityFixture()
        try community.writeConfiguration(Self.configuration)
        let file = community.url.appendingPathComponent("fi.eml")
        try Data("From: Aino <aino@kunta.example.fi>\r\nSubject: Kokouksen muistio\r\nMessage-ID: <fi@kunta.example.fi>\r\n\r\nKiitos kaikille osallistujille, muistio on liitteenä.\r\n".utf8)
            .write(to: file)
        guard let outcome = try PraxisChild.run(["classify", file.path, "--explain", "--config", community.configPath], in: community.url)
        else {
            Issue.record("the praxis executable was not found beside the test bundle")
            return
        }
        #expect(outcome.0 == 0, "\(outcome.2)")
        #expect(outcome.1.contains("sub-issue   general\n"), "\(outcome.1)")
        let explanation = outcome.1.components(separatedBy: "features that weighed most for ").last ?? ""
        let lines = explanation.split(separator: "\n").dropFirst()
        #expect(!lines.isEmpty, "\(outcome.1)")
    }
}
