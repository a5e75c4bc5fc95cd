extension MessageCatalog {
    static let frenchCalendar = CalendarNames(
        months: ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
                 "novembre", "décembre"],
        weekdays: ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"],
        dayPattern: "{day} {month} {year}", dayMonthPattern: "{day} {month}", dateTimePattern: "{weekday} {date}, {time}")

    static let french: [MessageKey: Phrase] = [
        .languageName: "français",
        .nameEnglish: "anglais",
        .nameGerman: "allemand",
        .nameFrench: "français",
        .nameSpanish: "espagnol",

        .replySubject: "Vos commandes à {community}",
        .replyNoCommands: "Nous n’avons trouvé aucune commande dans votre message ; voici ce que vous pouvez envoyer.",
        .replyIntro: "Voici ce qu’il est advenu des commandes de votre message :",
        .replyStoppedAt: "Nous avons arrêté la lecture à « {line} » : ce n’est pas une commande.",
        .replyCut: .plural(one: "Nous n’avons lu que la première commande ; merci d’envoyer les autres dans un autre message.",
                           other: "Nous n’avons lu que les {count} premières commandes ; merci d’envoyer les autres dans un autre message."),
        .replyConfirm: """
            Pour confirmer, répondez à ce message sans en modifier l’objet, ou envoyez
            cette ligne à {requestAddress} depuis {address} :

                confirm {token}

            Ce code ne sert qu’une fois, uniquement depuis {address}, jusqu’au {until}.
            Si vous n’avez rien demandé, ignorez ce message : rien ne changera.
            """,
        .replyLimit: .plural(
            one: "Nous ne répondons qu’à un message par heure depuis une même adresse, et ceci est la dernière réponse à {address} jusqu’au {until} : ce que vous enverrez d’ici là sera enregistré, mais ni exécuté ni suivi d’une réponse.",
            other: "Nous ne répondons qu’à {count} messages par heure au plus depuis une même adresse, et ceci est la dernière réponse à {address} jusqu’au {until} : ce que vous enverrez d’ici là sera enregistré, mais ni exécuté ni suivi d’une réponse."),
        .replyHelpHint: "Envoyez « aide » à {requestAddress} pour recevoir la liste des commandes.",
        .notUnderstood: "Non compris : {problem}",
        .helpAtEnd: "Vous trouverez la liste des commandes à la fin de ce message.",
        .alreadyMember: "Vous êtes déjà membre de {community} : il n’y a rien à faire.",
        .waitingToJoin: "En attente de votre confirmation : vous rejoindrez {community}.",
        .nothingToLeave: "Vous n’êtes pas membre de {community} : il n’y a donc rien à quitter.",
        .waitingToLeave: "En attente de votre confirmation : vous quitterez {community}.",
        .waitingForChange: "En attente de votre confirmation : {change}.",
        .onlyMembersChangeSettings: "Seuls les membres peuvent modifier leurs réglages. Envoyez d’abord « abonner » pour rejoindre {community}.",
        .unknownSubIssue: "Il n’existe pas de sous-thème « {word} ». Les sous-thèmes sont : {list}.",
        .changeDeliveryAll: "vous recevrez les messages de tous les sous-thèmes {mode}",
        .changeDeliverySubIssue: "vous recevrez les messages de « {subIssue} » {mode}",
        .changeDigestDaily: "votre résumé arrivera chaque jour",
        .changeDigestWeekly: "votre résumé arrivera une fois par semaine",
        .changeFollow: "vous recevrez toujours les messages de « {subIssue} »",
        .changeMute: "vous ne recevrez plus les messages de « {subIssue} »",
        .changeClassify: "le message <{messageID}> passe dans « {subIssue} »",
        .changeReviewDecision: "la décision du groupe central après le bilan est enregistrée : {decision} (« {note} »)",
        .changeLanguage: "nous vous écrirons désormais en {language}",
        .modeImmediate: "un par un, dès leur arrivée",
        .modeDigest: "regroupés dans un résumé",
        .modeNone: "plus du tout par courriel",

        .whoamiIntro: "Vous êtes {member}, membre de {community} depuis le {date}.",
        .whoamiDeliveryOwn: "Distribution : {mode}, sauf choix différent pour un sous-thème.",
        .whoamiDeliveryCircle: "Distribution : selon votre cercle (cercle intérieur {inner}, cercle extérieur {outer}).",
        .whoamiDigest: "Résumés : {cadence}.",
        .whoamiLanguage: "Langue : {language}.",
        .whoamiSubIssues: "Vos sous-thèmes :",
        .whoamiNotMember: "Vous ({address}) n’êtes pas membre de {community}. Envoyez « abonner » pour nous rejoindre.",
        .standingCore: "groupe central",
        .standingInner: "cercle intérieur",
        .standingOuter: "cercle extérieur",
        .standingDeliveryOverride: "distribution {mode}",
        .standingFollowed: "suivi",
        .standingMuted: "ignoré",
        .closedGroup: "groupe fermé",
        .cadenceDaily: "quotidiens",
        .cadenceWeekly: "hebdomadaires",

        .tokenRefused: "Ce code est inconnu, déjà utilisé, expiré, ou n’a pas été envoyé à {address}. Rien n’a été modifié.",
        .closedNoJoining: "{community} a fermé ses portes : plus personne ne peut y adhérer, ce code n’a donc pas été utilisé.",
        .confirmedDone: "Confirmé. C’est fait :",
        .confirmedNothingWaiting: "rien n’attendait ce code.",
        .wasAlreadyMember: "vous étiez déjà membre.",
        .welcomeBack: "bon retour parmi nous : vous êtes de nouveau membre de {community}.",
        .welcome: "bienvenue : vous êtes désormais membre de {community}. Les nouveaux membres commencent dans le cercle extérieur de chaque sous-thème, où les messages arrivent {mode}.",
        .leftCommunity: "vous avez quitté {community}. Envoyez « abonner » quand vous voulez pour revenir.",
        .notDoneNotMember: "non effectué ({command}) : vous n’êtes pas membre.",
        .notDoneCoreClassify: "non effectué ({command}) : seul le groupe central peut corriger le sous-thème d’un message.",
        .notDoneCoreReview: "non effectué ({command}) : seul le groupe central enregistre les décisions après un bilan.",
        .notDone: "non effectué ({command}).",
        .notDoneBecause: "non effectué. {reason}",
        .reclassified: .plural(
            one: "{change} ({count} message modifié, réponses comprises ; le modèle en tient compte).",
            other: "{change} ({count} messages modifiés, réponses comprises ; le modèle en tient compte)."),
        .reviewRecorded: "enregistré : {decision} après le bilan de {quarter}.",

        .moderationCoreOnly: "Seul le groupe central peut accepter ou refuser les messages en attente.",
        .moderationNotSetUp: "La modération par courriel n’est pas activée pour cette liste ; merci d’écrire à {ownerAddress}.",
        .reviewNotCore: "Merci de vous soucier de l’avenir de la communauté. Seul le groupe central enregistre la décision après un bilan ; parlez-en à l’un de ses membres, ou écrivez à {ownerAddress}.",
        .classifyNotCore: "Seul le groupe central peut corriger le sous-thème d’un message.",
        .classifyNoPost: "Aucun message ne porte le Message-ID <{messageID}>.",

        .helpIntro: """
            Vous gérez votre adhésion à {community} en écrivant à
            {requestAddress}. Placez une commande par ligne en haut de votre
            message (la ligne d’objet compte aussi). Majuscules et minuscules sont
            indifférentes ; la lecture s’arrête à la première ligne qui n’est pas une
            commande, ou à « fin » : votre signature et les citations sont ignorées.
            """,
        .helpJoining: "Rejoindre et quitter",
        .helpSubscribe: "rejoindre la communauté avec l’adresse d’envoi",
        .helpUnsubscribe: "quitter la communauté",
        .helpConfirm: "exécuter ce que nous vous avons demandé de confirmer",
        .helpDeliveryHeading: "Comment les messages vous parviennent",
        .helpDeliveryImmediate: "chaque message dès son arrivée",
        .helpDeliveryDigest: "les messages regroupés en un résumé",
        .helpDeliveryNone: "aucun message par courriel",
        .helpDeliverySubIssue: "la même chose pour un seul sous-thème",
        .helpDigestDaily: "votre résumé chaque jour",
        .helpDigestWeekly: "votre résumé une fois par semaine",
        .helpFollow: "toujours recevoir ce sous-thème",
        .helpMute: "ne jamais recevoir ce sous-thème",
        .helpFormat: "vos résumés en text, html, mime ou rfc1153",
        .helpOwnPosts: "ne plus recevoir vos propres messages (on : les recevoir à nouveau)",
        .problemFormatUsage: "« set format » attend text, html, mime ou rfc1153, par exemple « set format text ».",
        .problemOwnPostsUsage: "« set own-posts » attend on ou off, par exemple « set own-posts off ».",
        .changeDigestFormat: "vos résumés arriveront au format {format} ({label})",
        .changeOwnPostsOn: "vos propres messages figureront dans vos résumés (et dans vos copies de la liste si elle renvoie leurs messages aux auteurs)",
        .changeOwnPostsOff: "vos propres messages ne figureront plus ni dans vos copies de la liste ni dans vos résumés",
        .whoamiDigestFormat: "Format des résumés : {format}.",
        .whoamiDigestFormatDefault: "Format des résumés : celui configuré pour la communauté.",
        .whoamiOwnPostsIncluded: "Vos propres messages : inclus.",
        .whoamiOwnPostsLeftOut: "Vos propres messages : exclus.",
        .formatLabelText: "Texte brut",
        .formatLabelHtml: "HTML avec une partie texte",
        .formatLabelMime: "Résumé MIME : chaque message tel qu’il a été envoyé",
        .formatLabelRfc1153: "RFC 1153 : texte brut, un message après l’autre",
        .settingsOwnPosts: "M’envoyer mes propres messages (dans les résumés, et en copie de la liste si elle renvoie leurs messages aux auteurs)",
        .digestReplyInstruction: "Pour répondre, écrivez à {list} avec l’objet : {subject}",
        .digestAttachments: "Pièces jointes :",
        .problemProduct: "« product » s’écrit « product MESSAGE-ID solution|summary|decision [NOTE] », par exemple « product <abc@example.org> solution Peindre les pistes en vert ».",
        .changeMarkProduct: "la discussion de <{messageID}> est marquée comme réalisation de la communauté ({kind})",
        .productNotMarker: "Merci d’avoir signalé une réalisation de la communauté. Seuls le groupe central et les modérateurs du sous-thème de la discussion marquent les réalisations ; parlez-en à l’un d’eux, ou écrivez à {ownerAddress}.",
        .productNoPost: "Aucun message des archives ne porte ce Message-ID ; rien n’a été marqué.",
        .productMarked: "la discussion « {subject} » est marquée comme réalisation de la communauté ({kind}).",
        .notDoneProductNotMarker: "non effectué ({command}) : seuls le groupe central et les modérateurs de la discussion marquent les réalisations.",
        .notDoneNoPost: "non effectué ({command}) : aucun message des archives ne porte ce Message-ID.",
        .helpLanguage: "la langue de nos messages (en, de, fr, es)",
        .helpFindingOut: "Se renseigner",
        .helpWhoami: "vos réglages et votre cercle dans chaque sous-thème",
        .helpHelp: "ce texte",
        .helpOtherLanguages: "Au lieu des mots de commande anglais, vous pouvez aussi écrire :",
        .helpWhyConfirm: """
            Pourquoi nous vous demandons de confirmer
            N’importe qui peut envoyer un message qui semble venir de votre adresse.
            C’est pourquoi une inscription, un départ ou un changement de réglages
            n’a lieu qu’après votre confirmation : nous envoyons un code à votre
            adresse, et vous répondez à ce message (ou envoyez « confirm CODE »)
            depuis la même adresse. Une confirmation vaut pour toutes les
            modifications d’un même message. Un code ne sert qu’une fois, et pendant
            {days} seulement. Si vous n’avez rien demandé, ignorez-le : rien ne change.
            """,
        .helpSubIssuesHeading: "Les sous-thèmes",
        .helpNoSubIssues: "(aucun pour l’instant, hormis « general »)",
        .helpCoreGroup: """
            Les membres du groupe central répondent aux demandes de modération par
            « approve CODE » ou « reject CODE [MOTIF] », avec le code reçu dans la
            demande, et corrigent le sous-thème d’un message par « classify
            MESSAGE-ID SOUS-THÈME » (à confirmer comme un changement de réglages ;
            les réponses suivent le message, et le classement apprend de la
            correction). Après le bilan trimestriel, ils enregistrent ce qu’ils ont
            décidé par « review decide continue|refocus|disband NOTE », confirmé de
            la même façon.
            Eux (et les modérateurs d’un sous-thème, pour ses discussions) marquent
            une discussion comme réalisation de la communauté par « product
            MESSAGE-ID solution|summary|decision [NOTE] », confirmé de la même façon.
            """,
        .helpQuestions: "Pour toute question, écrivez aux responsables de la liste : {ownerAddress}",
        .days: .plural(one: "{count} jour", other: "{count} jours"),

        .digestTitleDaily: "Résumé du jour",
        .digestTitleWeekly: "Résumé de la semaine",
        .digestTitleOrganisation: "Résumé pour l’organisation",
        .digestTitleOther: "Résumé",
        .digestSubject: "[{community}] {title}, {date} : {posts} dans {threads}",
        .digestPosts: .plural(one: "{count} message", other: "{count} messages"),
        .digestThreads: .plural(one: "{count} discussion", other: "{count} discussions"),
        .digestNewPosts: .plural(one: "{count} nouveau message", other: "{count} nouveaux messages"),
        .digestSummary: "{posts} dans {threads}",
        .digestWith: "\u{202F}; avec",
        .digestEarlierPosts: .plural(one: "{count} message précédent de cette discussion n’est pas affiché.",
                                     other: "{count} messages précédents de cette discussion ne sont pas affichés."),
        .digestMorePosts: .plural(one: "{count} autre message", other: "{count} autres messages"),
        .digestMoreThreads: .plural(one: " ({count} autre discussion)", other: " ({count} autres discussions)"),
        .digestLeftOut: "{posts}{threads} n’ont pas trouvé place dans ce résumé ; les discussions les plus actives viennent en premier.",
        .digestNoSubject: "(sans objet)",
        .digestCut: .plural(
            one: "{count} caractère de plus n’est pas affiché ici ; répondez pour le demander, ou lisez le message en entier dans les archives.",
            other: "{count} caractères de plus ne sont pas affichés ici ; répondez pour les demander, ou lisez le message en entier dans les archives."),
        .digestOnTheWeb: "Sur le web",
        .digestPermalink: "Lien permanent",
        .digestReplyToThread: "Répondre à cette discussion",
        .digestNewThread: "Pour lancer une nouvelle discussion, écrivez à",
        .digestArchive: "Les archives",
        .digestSend: "envoyez « {command} » à {requestAddress}",
        .digestMuteHint: "Pour ne plus rien recevoir d’un sous-thème, envoyez « mute SOUS-THÈME » à {requestAddress}.",
        .digestUnsubscribe: "Se désabonner",
        .digestQuestions: "Questions sur la liste",
        .digestCommandsIntro: "Pour changer la façon dont vous recevez la liste (chaque lien écrit la commande à {requestAddress} pour vous) :",
        .digestCommandImmediate: "Chaque message aussitôt",
        .digestCommandDaily: "Résumé quotidien",
        .digestCommandWeekly: "Résumé hebdomadaire",
        .digestCommandNone: "Plus de courriels pour l’instant",
        .digestCommandWhoami: "Votre cercle et vos réglages",
        .periodDaily: "depuis le dernier résumé",
        .periodWeekly: "cette semaine",
        .periodMonthly: "ce mois-ci",
        .periodQuarterly: "ce trimestre",
        .participationNone: "Vous n’avez rien publié {period}.",
        .participationPosts: .plural(one: "Vous avez écrit {count} message {period} — merci.",
                                     other: "Vous avez écrit {count} messages {period} — merci."),
        .participationMorePosts: .plural(one: "{count} message de plus", other: "{count} messages de plus"),
        .participationMoreThreads: .plural(one: "{count} discussion de plus", other: "{count} discussions de plus"),
        .participationProgress: .plural(one: "Dans {subIssue}, vous avez écrit {posts} des {bar} messages en {count} jour",
                                        other: "Dans {subIssue}, vous avez écrit {posts} des {bar} messages en {count} jours"),
        .participationAtBar: "{progress} : vous atteignez le seuil de son cercle intérieur, qui reçoit chaque message aussitôt.",
        .participationNeeds: "{progress} qui ouvrent son cercle intérieur ; encore {needed} et vous y êtes.",
        .participationInner: "Vous faites partie du cercle intérieur de {subIssue}.",
        .participationInvitation: "Toutes les discussions ci-dessous vous sont ouvertes : répondez, et votre expérience enrichira l’échange.",
        .participationIn: "dans",
        .noticeRejected: "Votre message « {subject} » à {community} ({listAddress}) n’a pas été accepté par la modération.",
        .noticeRejectedReason: "Motif : {reason}",
        .noticeRejectedSubject: "Non accepté : {subject}",
        .noticeMistake: "Si vous pensez qu’il s’agit d’une erreur, écrivez à {ownerAddress}.",
        .noticeExpired: "Votre message « {subject} » à {community} ({listAddress}) a attendu la modération pendant {days} et a expiré sans être diffusé sur la liste.",
        .noticeExpiredMembers: "Les membres écrivent sans modération : envoyez « abonner » à {requestAddress} pour le devenir, ou écrivez à {ownerAddress}.",
        .noticeExpiredSubject: "Expiré : {subject}",
        .moderationRequestIntro: "Un message à {community} est en attente de modération : {reason}.",
        .moderationRequestDetails: """
            De :      {sender}
            Objet :   {subject}
            Retenu :  {held}
            Expire :  {expires} (l’expéditeur apprendra alors qu’il n’a pas été accepté)
            """,
        .moderationRequestExcerpt: "Le début de son texte :",
        .moderationNoText: "(pas de texte)",
        .moderationNoSender: "(pas d’adresse d’expéditeur utilisable)",
        .moderationNoSubject: "(aucun)",
        .moderationRequestApprove: "Pour le diffuser sur la liste, répondez avec cette ligne :",
        .moderationRequestReject: "Pour le refuser, répondez avec cette ligne (le motif, facultatif, est transmis à l’expéditeur) :",
        .moderationReasonWord: "MOTIF",
        .moderationRequestTokenOwner: "Ce code ne fonctionne que dans un courriel de {moderator}, l’adresse à laquelle il a été envoyé.",
        .moderationRequestServer: """
            Par commande : praxis moderation approve {number}
                       ou  praxis moderation reject {number} --reason TEXTE
            """,
        .moderationRequestSubject: "En attente de modération : {subject}",
        .moderationPost: "« {subject} » de {sender}",
        .moderationPostGone: "le message retenu (son enregistrement a disparu)",
        .moderationUnknownSender: "un expéditeur inconnu",
        .moderationApproved: "Accepté : {post}.",
        .moderationRejected: "Refusé : {post}.",
        .moderationRejectedTold: "Refusé : {post} ; l’expéditeur en est informé.",
        .moderationAlreadyApproved: "{post} a déjà été accepté.",
        .moderationAlreadyApprovedBy: "{post} a déjà été accepté par {moderator}.",
        .moderationAlreadyRejected: "{post} a déjà été refusé.",
        .moderationAlreadyRejectedBy: "{post} a déjà été refusé par {moderator}.",
        .moderationHasExpired: "{post} a expiré.",
        .moderationUnknownHeld: "Aucun message retenu ne porte le numéro {number}.",
        .moderationUnusableToken: "Aucun message retenu n’attend ce code de {moderator}. Vérifiez que la ligne a été copiée en entier et que vous avez écrit depuis l’adresse à laquelle la demande de modération a été envoyée.",
        .moderationNotCore: "{moderator} ne fait plus partie du groupe central : ses codes de modération ne sont plus valables.",
        .inviteIntro: "Vous êtes invité(e) à rejoindre {community}, une communauté de pratique.",
        .inviteObjectives: "Sa raison d’être :",
        .inviteWord: "Un mot de ses responsables :",
        .inviteAccept: "Pour accepter, répondez simplement à ce message (en gardant l’objet « confirm {token} »), ou écrivez à {requestAddress} avec cet objet. Vous rejoindrez la communauté comme lecteur ou lectrice et recevrez un résumé des messages ; vous pourrez le modifier, ou partir, à tout moment.",
        .inviteDecline: "Si vous ne souhaitez pas nous rejoindre, ne faites rien : vous ne serez pas inscrit(e), et personne ne peut vous inscrire à votre place. Cette invitation est valable {days}.",
        .closedThanks: "Merci d’avoir écrit à {community}.",
        .closedKeptCommands: "Votre message a été conservé, mais les commandes qu’il contient n’ont pas été exécutées.",
        .closedKeptPost: "Votre message a été conservé dans les archives de la communauté, mais il n’a été transmis à personne.",
        .closedUnsubscribe: "Si vous êtes membre et ne souhaitez plus recevoir aucun courriel de notre part, envoyez « désabonner » à {requestAddress}.",
        .closedAutomatic: "Ceci est une réponse automatique ; vous en recevez au plus une par jour de {community}.",
        .closedSubjectNone: "{community} a fermé ses portes",
        .closedSubject: "Fermée : {subject}",
        .closedPlain: "La communauté a fermé ses portes.",
        .closedWithSuccessor: "La communauté a fermé ses portes ; la conversation continue ici : {successor}",
        .closedArchive: "Tout ce que la communauté a écrit reste consultable dans ses archives : {link}",
        .farewellThanks: "{community} a fermé ses portes. Merci pour tout ce que vous y avez partagé.",
        .farewellLastDigest: "Le dernier résumé est parti juste avant ce message. Désormais, la liste n’envoie plus rien ; tout courriel qui lui est adressé reçoit une réponse automatique par jour indiquant où la conversation se poursuit.",
        .farewellNothingDeleted: "Rien n’a été supprimé. Pour être retiré(e) complètement de la liste, envoyez « désabonner » à {requestAddress}.",
        .farewellSubject: "{community} : au revoir",
        .problemUnsubscribe: "« désabonner » ne prend rien après lui : il vaut toujours pour l’adresse d’où vous écrivez.",
        .problemConfirm: "« confirmer » demande le code du message que nous vous avons envoyé, par exemple « confirm 7hq3… ».",
        .problemNeedsSubIssue: "« {verb} » demande l’identifiant d’un sous-thème, par exemple « {verb} cycling ».",
        .problemWhoami: "« réglages » ne prend rien après lui.",
        .problemClassify: "« classify » demande un Message-ID et l’identifiant d’un sous-thème, par exemple « classify <abc@example.org> cycling ».",
        .problemReview: "« review » s’écrit « review decide continue|refocus|disband NOTE » : la décision, puis ce qui a été convenu.",
        .problemApprove: "« approve » demande le code de la demande de modération, par exemple « approve 7hq3… ».",
        .problemReject: "« reject » demande le code de la demande de modération, puis un motif facultatif.",
        .problemSetUsage: "« set » s’écrit « set delivery immediate|digest|none [SOUS-THÈME] », « set digest daily|weekly », « set format text|html|mime|rfc1153 », « set own-posts on|off » ou « set language {languages} ».",
    ]
}
