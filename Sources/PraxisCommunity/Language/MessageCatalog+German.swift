extension MessageCatalog {
    static let germanCalendar = CalendarNames(
        months: ["Januar", "Februar", "März", "April", "Mai", "Juni", "Juli", "August", "September", "Oktober",
                 "November", "Dezember"],
        weekdays: ["Montag", "Dienstag", "Mittwoch", "Donnerstag", "Freitag", "Samstag", "Sonntag"],
        dayPattern: "{day}. {month} {year}", dayMonthPattern: "{day}. {month}", dateTimePattern: "{weekday}, {date}, {time} Uhr")

    static let german: [MessageKey: Phrase] = [
        .languageName: "Deutsch",
        .nameEnglish: "Englisch",
        .nameGerman: "Deutsch",
        .nameFrench: "Französisch",
        .nameSpanish: "Spanisch",

        .replySubject: "Ihre Befehle an {community}",
        .replyNoCommands: "In Ihrer Nachricht haben wir keine Befehle gefunden. Hier sehen Sie, was Sie senden können.",
        .replyIntro: "Das ist aus den Befehlen in Ihrer Nachricht geworden:",
        .replyStoppedAt: "Bei „{line}“ haben wir aufgehört zu lesen: Das ist kein Befehl.",
        .replyCut: .plural(one: "Wir haben nur den ersten Befehl gelesen; bitte senden Sie die übrigen in einer weiteren Nachricht.",
                           other: "Wir haben nur die ersten {count} Befehle gelesen; bitte senden Sie die übrigen in einer weiteren Nachricht."),
        .replyConfirm: """
            Zur Bestätigung antworten Sie bitte auf diese Nachricht, ohne den Betreff zu
            ändern, oder senden Sie diese Zeile von {address} an {requestAddress}:

                confirm {token}

            Der Code gilt einmal, nur von {address} aus und bis {until}.
            Falls Sie das nicht angefordert haben, ignorieren Sie diese Nachricht einfach: Es ändert sich nichts.
            """,
        .replyLimit: .plural(
            one: "Wir beantworten höchstens eine Nachricht pro Stunde von derselben Adresse, und dies ist bis {until} die letzte Antwort an {address}: Was Sie bis dahin senden, wird festgehalten, aber weder ausgeführt noch beantwortet.",
            other: "Wir beantworten höchstens {count} Nachrichten pro Stunde von derselben Adresse, und dies ist bis {until} die letzte Antwort an {address}: Was Sie bis dahin senden, wird festgehalten, aber weder ausgeführt noch beantwortet."),
        .replyHelpHint: "Eine Übersicht der Befehle erhalten Sie, wenn Sie „hilfe“ an {requestAddress} senden.",
        .notUnderstood: "Nicht verstanden: {problem}",
        .helpAtEnd: "Die Übersicht der Befehle finden Sie am Ende dieser Nachricht.",
        .alreadyMember: "Sie sind bereits Mitglied von {community}: Es ist nichts zu tun.",
        .waitingToJoin: "Wartet auf Ihre Bestätigung: Sie werden Mitglied von {community}.",
        .nothingToLeave: "Sie sind kein Mitglied von {community}, daher gibt es nichts abzumelden.",
        .waitingToLeave: "Wartet auf Ihre Bestätigung: Sie verlassen {community}.",
        .waitingForChange: "Wartet auf Ihre Bestätigung: {change}.",
        .onlyMembersChangeSettings: "Einstellungen können nur Mitglieder ändern. Senden Sie zuerst „anmelden“, um {community} beizutreten.",
        .unknownSubIssue: "Ein Teilthema „{word}“ gibt es nicht. Die Teilthemen sind: {list}.",
        .changeDeliveryAll: "Beiträge aller Teilthemen erhalten Sie {mode}",
        .changeDeliverySubIssue: "Beiträge zu „{subIssue}“ erhalten Sie {mode}",
        .changeDigestDaily: "Ihre Zusammenfassung kommt täglich",
        .changeDigestWeekly: "Ihre Zusammenfassung kommt einmal pro Woche",
        .changeFollow: "Sie erhalten die Beiträge zu „{subIssue}“ immer",
        .changeMute: "Sie erhalten keine Beiträge zu „{subIssue}“ mehr",
        .changeClassify: "der Beitrag <{messageID}> gehört zu „{subIssue}“",
        .changeReviewDecision: "die Entscheidung der Kerngruppe nach der Überprüfung wird festgehalten: {decision} („{note}“)",
        .changeLanguage: "was wir Ihnen senden, ist künftig auf {language}",
        .modeImmediate: "einzeln, sobald sie eintreffen",
        .modeDigest: "gesammelt in einer Zusammenfassung",
        .modeNone: "gar nicht per E-Mail",

        .whoamiIntro: "Sie sind {member}, Mitglied von {community} seit dem {date}.",
        .whoamiDeliveryOwn: "Zustellung: {mode}, sofern Sie für ein Teilthema nichts anderes gewählt haben.",
        .whoamiDeliveryCircle: "Zustellung: wie in Ihrem Kreis üblich (innerer Kreis {inner}, äußerer Kreis {outer}).",
        .whoamiDigest: "Zusammenfassungen: {cadence}.",
        .whoamiLanguage: "Sprache: {language}.",
        .whoamiSubIssues: "Ihre Teilthemen:",
        .whoamiNotMember: "Sie ({address}) sind kein Mitglied von {community}. Senden Sie „anmelden“, um beizutreten.",
        .standingCore: "Kerngruppe",
        .standingInner: "innerer Kreis",
        .standingOuter: "äußerer Kreis",
        .standingDeliveryOverride: "Zustellung {mode}",
        .standingFollowed: "abonniert",
        .standingMuted: "ausgeblendet",
        .closedGroup: "geschlossene Gruppe",
        .cadenceDaily: "täglich",
        .cadenceWeekly: "wöchentlich",

        .tokenRefused: "Dieser Code ist unbekannt, schon verwendet, abgelaufen oder wurde nicht an {address} geschickt. Es wurde nichts geändert.",
        .closedNoJoining: "{community} ist geschlossen: Niemand kann mehr beitreten, daher wurde dieser Code nicht verwendet.",
        .confirmedDone: "Bestätigt. Erledigt:",
        .confirmedNothingWaiting: "Für diesen Code stand nichts aus.",
        .wasAlreadyMember: "Sie waren bereits Mitglied.",
        .welcomeBack: "Willkommen zurück: Sie sind wieder Mitglied von {community}.",
        .welcome: "Willkommen: Sie sind jetzt Mitglied von {community}. Neue Mitglieder beginnen in jedem Teilthema im äußeren Kreis; dort erhalten Sie Beiträge {mode}.",
        .leftCommunity: "Sie haben {community} verlassen. Mit „anmelden“ können Sie jederzeit zurückkommen.",
        .notDoneNotMember: "Nicht ausgeführt ({command}): Sie sind kein Mitglied.",
        .notDoneCoreClassify: "Nicht ausgeführt ({command}): Nur die Kerngruppe kann das Teilthema eines Beitrags korrigieren.",
        .notDoneCoreReview: "Nicht ausgeführt ({command}): Nur die Kerngruppe hält Entscheidungen nach einer Überprüfung fest.",
        .notDone: "Nicht ausgeführt ({command}).",
        .notDoneBecause: "Nicht ausgeführt. {reason}",
        .reclassified: .plural(
            one: "{change} ({count} Beitrag geändert, einschließlich der Antworten darauf; das Modell lernt daraus).",
            other: "{change} ({count} Beiträge geändert, einschließlich der Antworten darauf; das Modell lernt daraus)."),
        .reviewRecorded: "Festgehalten: {decision} nach der Überprüfung von {quarter}.",

        .moderationCoreOnly: "Nur die Kerngruppe kann zurückgehaltene Beiträge freigeben oder ablehnen.",
        .moderationNotSetUp: "Moderation per E-Mail ist für diese Liste nicht eingerichtet; bitte schreiben Sie an {ownerAddress}.",
        .reviewNotCore: "Danke, dass Ihnen die Richtung der Gemeinschaft am Herzen liegt. Die Entscheidung nach einer Überprüfung hält nur die Kerngruppe fest; bitte sprechen Sie jemanden daraus an oder schreiben Sie an {ownerAddress}.",
        .classifyNotCore: "Nur die Kerngruppe kann das Teilthema eines Beitrags korrigieren.",
        .classifyNoPost: "Es gibt keinen Beitrag mit der Message-ID <{messageID}>.",

        .helpIntro: """
            Ihre Mitgliedschaft in {community} verwalten Sie, indem Sie an
            {requestAddress} schreiben. Schreiben Sie oben in Ihre Nachricht
            einen Befehl pro Zeile (die Betreffzeile zählt mit). Groß- und
            Kleinschreibung spielt keine Rolle; wir lesen bis zur ersten Zeile, die
            kein Befehl ist, oder bis „ende“. Ihre Signatur und zitierter Text
            werden also nicht beachtet.
            """,
        .helpJoining: "Beitreten und austreten",
        .helpSubscribe: "mit der Absenderadresse beitreten",
        .helpUnsubscribe: "die Gemeinschaft verlassen",
        .helpConfirm: "ausführen, was wir Sie zu bestätigen gebeten haben",
        .helpDeliveryHeading: "Wie Beiträge Sie erreichen",
        .helpDeliveryImmediate: "jeden Beitrag sofort",
        .helpDeliveryDigest: "Beiträge gesammelt als Zusammenfassung",
        .helpDeliveryNone: "keine Beiträge per E-Mail",
        .helpDeliverySubIssue: "dasselbe nur für ein Teilthema",
        .helpDigestDaily: "Zusammenfassung jeden Tag",
        .helpDigestWeekly: "Zusammenfassung einmal pro Woche",
        .helpFollow: "Beiträge dieses Teilthemas immer erhalten",
        .helpMute: "Beiträge dieses Teilthemas nie erhalten",
        .helpFormat: "Ihre Zusammenfassungen als text, html, mime oder rfc1153",
        .helpOwnPosts: "Ihre eigenen Beiträge nicht zurückschicken (on: wieder zuschicken)",
        .problemFormatUsage: "„set format“ erwartet text, html, mime oder rfc1153, zum Beispiel „set format text“.",
        .problemOwnPostsUsage: "„set own-posts“ erwartet on oder off, zum Beispiel „set own-posts off“.",
        .changeDigestFormat: "Ihre Zusammenfassungen kommen als {format} ({label})",
        .changeOwnPostsOn: "Ihre eigenen Beiträge sind in Ihren Zusammenfassungen (und in Ihren Listenkopien, wenn die Liste Autoren ihre eigenen schickt)",
        .changeOwnPostsOff: "Ihre eigenen Beiträge werden Ihnen weder als Listenkopie noch in Zusammenfassungen geschickt",
        .whoamiDigestFormat: "Format der Zusammenfassung: {format}.",
        .whoamiDigestFormatDefault: "Format der Zusammenfassung: wie für die Gemeinschaft eingestellt.",
        .whoamiOwnPostsIncluded: "Ihre eigenen Beiträge: werden mitgeschickt.",
        .whoamiOwnPostsLeftOut: "Ihre eigenen Beiträge: werden weggelassen.",
        .formatLabelText: "Reiner Text",
        .formatLabelHtml: "HTML mit einem Textteil",
        .formatLabelMime: "MIME-Zusammenfassung: jeder Beitrag als die ursprüngliche Nachricht",
        .formatLabelRfc1153: "RFC 1153: reiner Text, ein Beitrag nach dem anderen",
        .settingsOwnPosts: "Meine eigenen Beiträge mitschicken (in Zusammenfassungen und als Listenkopie, wenn die Liste Autoren ihre eigenen schickt)",
        .digestReplyInstruction: "Zum Antworten schreiben Sie an {list} mit dem Betreff: {subject}",
        .digestAttachments: "Anhänge:",
        .problemProduct: "„product“ lautet „product MESSAGE-ID solution|summary|decision [NOTIZ]“, z. B. „product <abc@example.org> solution Radwege grün markieren“.",
        .changeMarkProduct: "die Diskussion von <{messageID}> ist als Ergebnis der Gemeinschaft markiert ({kind})",
        .productNotMarker: "Danke für den Hinweis auf ein Ergebnis der Gemeinschaft. Ergebnisse markieren nur die Kerngruppe und die Moderatoren des Teilthemas der Diskussion; bitte sagen Sie einem von ihnen Bescheid oder schreiben Sie an {ownerAddress}.",
        .productNoPost: "Im Archiv gibt es keinen Beitrag mit dieser Message-ID; es wurde nichts markiert.",
        .productMarked: "Die Diskussion „{subject}“ ist als Ergebnis der Gemeinschaft markiert ({kind}).",
        .notDoneProductNotMarker: "Nicht ausgeführt ({command}): Ergebnisse markieren nur die Kerngruppe und die Moderatoren der Diskussion.",
        .notDoneNoPost: "Nicht ausgeführt ({command}): Im Archiv gibt es keinen Beitrag mit dieser Message-ID.",
        .helpLanguage: "Sprache unserer Nachrichten (en, de, fr, es)",
        .helpFindingOut: "Auskunft",
        .helpWhoami: "Ihre Einstellungen und Ihr Kreis in jedem Teilthema",
        .helpHelp: "dieser Text",
        .helpOtherLanguages: "Statt der englischen Befehlswörter können Sie auch diese schreiben:",
        .helpWhyConfirm: """
            Warum wir um Bestätigung bitten
            Jede und jeder kann eine Nachricht senden, die vorgibt, von Ihrer Adresse
            zu kommen. Deshalb werden Beitritt, Austritt und jede Änderung Ihrer
            Einstellungen erst wirksam, wenn Sie sie bestätigen: Wir senden einen Code
            an Ihre Adresse, und Sie antworten von derselben Adresse auf diese
            Nachricht (oder senden „confirm CODE“). Eine Bestätigung gilt für alle
            Änderungen einer Nachricht. Ein Code funktioniert nur einmal und nur
            {days} lang. Haben Sie nichts angefordert, ignorieren Sie ihn einfach:
            Es ändert sich nichts.
            """,
        .helpSubIssuesHeading: "Die Teilthemen",
        .helpNoSubIssues: "(außer „general“ noch keine)",
        .helpCoreGroup: """
            Mitglieder der Kerngruppe beantworten Moderationsanfragen mit
            „approve CODE“ oder „reject CODE [BEGRÜNDUNG]“, mit dem Code aus der
            erhaltenen Anfrage, und korrigieren das Teilthema eines Beitrags mit
            „classify MESSAGE-ID TEILTHEMA“ (bestätigt wie eine Änderung der
            Einstellungen; Antworten auf den Beitrag wandern mit, und die Einordnung
            lernt aus der Korrektur). Nach der vierteljährlichen Überprüfung halten
            sie ihre Entscheidung mit „review decide continue|refocus|disband NOTIZ“
            fest, ebenso bestätigt.
            Diese (und die Moderierenden eines Teilthemas für dessen Diskussionen)
            markieren eine Diskussion als Ergebnis der Gemeinschaft mit „product
            MESSAGE-ID solution|summary|decision [NOTIZ]“, ebenso bestätigt.
            """,
        .helpQuestions: "Fragen beantworten die Verantwortlichen der Liste: {ownerAddress}",
        .days: .plural(one: "{count} Tag", other: "{count} Tage"),

        .digestTitleDaily: "Tägliche Zusammenfassung",
        .digestTitleWeekly: "Wöchentliche Zusammenfassung",
        .digestTitleOrganisation: "Zusammenfassung für die Organisation",
        .digestTitleOther: "Zusammenfassung",
        .digestSubject: "[{community}] {title}, {date}: {posts} in {threads}",
        .digestPosts: .plural(one: "{count} Beitrag", other: "{count} Beiträge"),
        .digestThreads: .plural(one: "{count} Diskussion", other: "{count} Diskussionen"),
        .digestNewPosts: .plural(one: "{count} neuer Beitrag", other: "{count} neue Beiträge"),
        .digestSummary: "{posts} in {threads}",
        .digestWith: "; mit",
        .digestEarlierPosts: .plural(one: "{count} früherer Beitrag dieser Diskussion wird nicht gezeigt.",
                                     other: "{count} frühere Beiträge dieser Diskussion werden nicht gezeigt."),
        .digestMorePosts: .plural(one: "{count} weiterer Beitrag", other: "{count} weitere Beiträge"),
        .digestMoreThreads: .plural(one: " ({count} weitere Diskussion)", other: " ({count} weitere Diskussionen)"),
        .digestLeftOut: "{posts}{threads} passten nicht mehr in diese Zusammenfassung; die lebhaftesten Diskussionen stehen vorn.",
        .digestNoSubject: "(ohne Betreff)",
        .digestCut: .plural(
            one: "{count} weiteres Zeichen wird hier nicht gezeigt; antworten Sie, um nachzufragen, oder lesen Sie den ganzen Beitrag im Archiv.",
            other: "{count} weitere Zeichen werden hier nicht gezeigt; antworten Sie, um nachzufragen, oder lesen Sie den ganzen Beitrag im Archiv."),
        .digestOnTheWeb: "Im Web",
        .digestPermalink: "Dauerhafter Link",
        .digestReplyToThread: "Auf diese Diskussion antworten",
        .digestNewThread: "Eine neue Diskussion beginnen Sie mit einer E-Mail an",
        .digestArchive: "Das Archiv",
        .digestSend: "„{command}“ an {requestAddress} senden",
        .digestMuteHint: "Wenn Sie zu einem Teilthema nichts mehr erhalten möchten, senden Sie „mute TEILTHEMA“ an {requestAddress}.",
        .digestUnsubscribe: "Abmelden",
        .digestQuestions: "Fragen zur Liste",
        .digestCommandsIntro: "So ändern Sie, wie Sie die Liste erhalten (jeder Link schreibt den Befehl für Sie an {requestAddress}):",
        .digestCommandImmediate: "Jeden Beitrag sofort",
        .digestCommandDaily: "Tägliche Zusammenfassung",
        .digestCommandWeekly: "Wöchentliche Zusammenfassung",
        .digestCommandNone: "Vorerst keine E-Mails",
        .digestCommandWhoami: "Ihr Kreis und Ihre Einstellungen",
        .periodDaily: "seit der letzten Zusammenfassung",
        .periodWeekly: "in dieser Woche",
        .periodMonthly: "in diesem Monat",
        .periodQuarterly: "in diesem Quartal",
        .participationNone: "Sie haben {period} nichts geschrieben.",
        .participationPosts: .plural(one: "Sie haben {period} {count} Beitrag geschrieben – vielen Dank.",
                                     other: "Sie haben {period} {count} Beiträge geschrieben – vielen Dank."),
        .participationMorePosts: .plural(one: "{count} weiterer Beitrag", other: "{count} weitere Beiträge"),
        .participationMoreThreads: .plural(one: "{count} weitere Diskussion", other: "{count} weitere Diskussionen"),
        .participationProgress: .plural(one: "In {subIssue} haben Sie {posts} der {bar} Beiträge in {count} Tag geschrieben",
                                        other: "In {subIssue} haben Sie {posts} der {bar} Beiträge in {count} Tagen geschrieben"),
        .participationAtBar: "{progress}: Damit erfüllen Sie die Schwelle zum inneren Kreis, der jeden Beitrag sofort erhält.",
        .participationNeeds: "{progress}, die den inneren Kreis ausmachen; mit {needed} sind Sie dabei.",
        .participationInner: "Sie gehören zum inneren Kreis von {subIssue}.",
        .participationInvitation: "Jede Diskussion unten steht Ihnen offen: Antworten Sie, und Ihre Erfahrung fließt ein.",
        .participationIn: "in",
        .noticeRejected: "Ihr Beitrag „{subject}“ an {community} ({listAddress}) wurde von der Moderation nicht angenommen.",
        .noticeRejectedReason: "Begründung: {reason}",
        .noticeRejectedSubject: "Nicht angenommen: {subject}",
        .noticeMistake: "Falls Sie das für einen Irrtum halten, schreiben Sie bitte an {ownerAddress}.",
        .noticeExpired: "Ihr Beitrag „{subject}“ an {community} ({listAddress}) hat {days} auf die Moderation gewartet und ist abgelaufen, ohne an die Liste zu gehen.",
        .noticeExpiredMembers: "Mitglieder schreiben ohne Moderation: Senden Sie „anmelden“ an {requestAddress}, um Mitglied zu werden, oder schreiben Sie an {ownerAddress}.",
        .noticeExpiredSubject: "Abgelaufen: {subject}",
        .moderationRequestIntro: "Ein Beitrag an {community} wartet auf Moderation: {reason}.",
        .moderationRequestDetails: """
            Von:      {sender}
            Betreff:  {subject}
            Seit:     {held}
            Frist:    {expires} (danach erfährt der Absender, dass er nicht angenommen wurde)
            """,
        .moderationRequestExcerpt: "Der Anfang seines Textes:",
        .moderationNoText: "(kein Text)",
        .moderationNoSender: "(keine verwendbare Absenderadresse)",
        .moderationNoSubject: "(keiner)",
        .moderationRequestApprove: "Um ihn an die Liste weiterzuleiten, antworten Sie mit dieser Zeile:",
        .moderationRequestReject: "Um ihn abzulehnen, antworten Sie mit dieser Zeile (die Begründung ist freiwillig und geht an den Absender):",
        .moderationReasonWord: "GRUND",
        .moderationRequestTokenOwner: "Der Code gilt nur in einer E-Mail von {moderator}, der Adresse, an die er ging.",
        .moderationRequestServer: """
            Auf dem Server: praxis moderation approve {number}
                      oder  praxis moderation reject {number} --reason TEXT
            """,
        .moderationRequestSubject: "Wartet auf Moderation: {subject}",
        .moderationPost: "„{subject}“ von {sender}",
        .moderationPostGone: "der zurückgehaltene Beitrag (sein Eintrag fehlt)",
        .moderationUnknownSender: "einem unbekannten Absender",
        .moderationApproved: "Freigegeben: {post}.",
        .moderationRejected: "Abgelehnt: {post}.",
        .moderationRejectedTold: "Abgelehnt: {post}; der Absender wird benachrichtigt.",
        .moderationAlreadyApproved: "{post} wurde bereits freigegeben.",
        .moderationAlreadyApprovedBy: "{post} wurde bereits von {moderator} freigegeben.",
        .moderationAlreadyRejected: "{post} wurde bereits abgelehnt.",
        .moderationAlreadyRejectedBy: "{post} wurde bereits von {moderator} abgelehnt.",
        .moderationHasExpired: "{post} ist abgelaufen.",
        .moderationUnknownHeld: "Es gibt keinen zurückgehaltenen Beitrag mit der Nummer {number}.",
        .moderationUnusableToken: "Für diesen Code von {moderator} wartet kein zurückgehaltener Beitrag. Bitte prüfen Sie, ob die Zeile vollständig kopiert wurde und ob Sie von der Adresse geschrieben haben, an die die Moderationsanfrage ging.",
        .moderationNotCore: "{moderator} gehört nicht mehr zur Kerngruppe; die Moderationscodes dieser Adresse sind daher ungültig.",
        .summaryIntro: .plural(one: "{count} Beitrag an {community} wartet auf Moderation, und Sie haben dazu keine Anfrage erhalten: Sie bekommen höchstens {perHour} Moderationsnachrichten pro Stunde (moderation.notices_per_hour), daher steht der Rest hier, der älteste zuerst.", other: "{count} Beiträge an {community} warten auf Moderation, und Sie haben dazu keine Anfrage erhalten: Sie bekommen höchstens {perHour} Moderationsnachrichten pro Stunde (moderation.notices_per_hour), daher steht der Rest hier, der älteste zuerst."),
        .summaryHowTo: "Zum Entscheiden antworten Sie mit den Zeilen Ihrer Wahl, je eine pro Zeile, so wie sie dastehen;\nstatt {reasonWord} schreiben Sie die Begründung für den Absender oder nichts. Die Codes gelten nur in E-Mails von {moderator}.",
        .summaryHeldPost: "Zurückgehaltener Beitrag {number}",
        .summaryDetails: "Von:      {sender}\nBetreff:  {subject}\nGrund:    {reason}\nSeit:     {held}, Frist {expires}",
        .summaryMore: .plural(one: "{count} weiterer Beitrag wartet auf die nächste Übersicht.", other: "{count} weitere Beiträge warten auf die nächste Übersicht."),
        .summaryServer: "Auf dem Server zeigt `praxis moderation list` alle zurückgehaltenen Beiträge, und\n`praxis moderation approve|reject NUMMER` entscheidet über einen Beitrag nach seiner Nummer.",
        .summarySubject: .plural(one: "Wartet auf Moderation: {count} Beitrag ({community})", other: "Wartet auf Moderation: {count} Beiträge ({community})"),
        .inviteIntro: "Sie sind eingeladen, {community} beizutreten, einer Gemeinschaft, in der Fachleute ihre Praxis austauschen.",
        .inviteObjectives: "Wofür sie da ist:",
        .inviteWord: "Ein Wort von den Verantwortlichen:",
        .inviteAccept: "Um die Einladung anzunehmen, antworten Sie einfach auf diese Nachricht (den Betreff „confirm {token}“ bitte beibehalten) oder schreiben Sie mit diesem Betreff an {requestAddress}. Sie treten als Lesende bei und erhalten eine Zusammenfassung der Beiträge; das können Sie jederzeit ändern, und Sie können jederzeit wieder austreten.",
        .inviteDecline: "Wenn Sie nicht beitreten möchten, tun Sie einfach nichts: Sie werden nicht aufgenommen, und niemand kann Sie an Ihrer Stelle anmelden. Diese Einladung gilt {days} lang.",
        .closedThanks: "Danke für Ihre Nachricht an {community}.",
        .closedKeptCommands: "Ihre Nachricht wurde aufbewahrt, die Befehle darin wurden aber nicht ausgeführt.",
        .closedKeptPost: "Ihre Nachricht wurde in den Unterlagen der Gemeinschaft aufbewahrt, aber an niemanden weitergeleitet.",
        .closedUnsubscribe: "Wenn Sie Mitglied sind und gar keine E-Mails mehr von uns erhalten möchten, senden Sie „abmelden“ an {requestAddress}.",
        .closedAutomatic: "Dies ist eine automatische Antwort; Sie erhalten von {community} höchstens eine pro Tag.",
        .closedSubjectNone: "{community} ist geschlossen",
        .closedSubject: "Geschlossen: {subject}",
        .closedPlain: "Die Gemeinschaft ist geschlossen.",
        .closedWithSuccessor: "Die Gemeinschaft ist geschlossen; das Gespräch geht hier weiter: {successor}",
        .closedArchive: "Alles, was in der Gemeinschaft geschrieben wurde, bleibt im Archiv lesbar: {link}",
        .farewellThanks: "{community} ist geschlossen. Danke für alles, was Sie darin geteilt haben.",
        .farewellLastDigest: "Die letzte Zusammenfassung ging kurz vor dieser Nachricht hinaus. Von nun an verschickt die Liste nichts mehr; wer an sie schreibt, erhält einmal am Tag eine automatische Antwort, wo das Gespräch weitergeht.",
        .farewellNothingDeleted: "Gelöscht wurde nichts. Um ganz von der Liste genommen zu werden, senden Sie „abmelden“ an {requestAddress}.",
        .farewellSubject: "{community}: Abschied",
        .problemUnsubscribe: "Nach „abmelden“ folgt nichts: Es gilt immer für die Adresse, von der Sie schreiben.",
        .problemConfirm: "„bestätigen“ braucht den Code aus unserer Nachricht, z. B. „confirm 7hq3…“.",
        .problemNeedsSubIssue: "„{verb}“ braucht die Kennung eines Teilthemas, z. B. „{verb} cycling“.",
        .problemWhoami: "Nach „einstellungen“ folgt nichts.",
        .problemClassify: "„classify“ braucht eine Message-ID und die Kennung eines Teilthemas, z. B. „classify <abc@example.org> cycling“.",
        .problemReview: "„review“ lautet „review decide continue|refocus|disband NOTIZ“: erst die Entscheidung, dann was vereinbart wurde.",
        .problemApprove: "„approve“ braucht den Code aus der Moderationsanfrage, z. B. „approve 7hq3…“.",
        .problemReject: "„reject“ braucht den Code aus der Moderationsanfrage, danach wahlweise eine Begründung.",
        .problemSetUsage: "„set“ lautet „set delivery immediate|digest|none [TEILTHEMA]“, „set digest daily|weekly“, „set format text|html|mime|rfc1153“, „set own-posts on|off“ oder „set language {languages}“.",
    ]
}
