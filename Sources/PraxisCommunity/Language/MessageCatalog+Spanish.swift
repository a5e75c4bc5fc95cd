extension MessageCatalog {
    static let spanishCalendar = CalendarNames(
        months: ["enero", "febrero", "marzo", "abril", "mayo", "junio", "julio", "agosto", "septiembre", "octubre",
                 "noviembre", "diciembre"],
        weekdays: ["lunes", "martes", "miércoles", "jueves", "viernes", "sábado", "domingo"],
        dayPattern: "{day} de {month} de {year}", dayMonthPattern: "{day} de {month}", dateTimePattern: "{weekday} {date}, {time}")

    static let spanish: [MessageKey: Phrase] = [
        .languageName: "español",
        .nameEnglish: "inglés",
        .nameGerman: "alemán",
        .nameFrench: "francés",
        .nameSpanish: "español",

        .replySubject: "Sus comandos a {community}",
        .replyNoCommands: "No hemos encontrado ningún comando en su mensaje; a continuación le indicamos lo que puede enviar.",
        .replyIntro: "Esto es lo que ha ocurrido con los comandos de su mensaje:",
        .replyStoppedAt: "Dejamos de leer en «{line}»: no es un comando.",
        .replyCut: .plural(one: "Solo hemos leído el primer comando; le rogamos que envíe los demás en otro mensaje.",
                           other: "Solo hemos leído los primeros {count} comandos; le rogamos que envíe los demás en otro mensaje."),
        .replyConfirm: """
            Para confirmar, responda a este mensaje sin cambiar el asunto, o envíe
            esta línea a {requestAddress} desde {address}:

                confirm {token}

            El código sirve una sola vez, solo desde {address}, hasta el {until}.
            Si usted no lo ha solicitado, ignore este mensaje: no cambiará nada.
            """,
        .replyLimit: .plural(
            one: "Respondemos como máximo a un mensaje por hora de una misma dirección, y esta es la última respuesta a {address} hasta el {until}: lo que envíe hasta entonces queda registrado, pero no se ejecuta ni se responde.",
            other: "Respondemos como máximo a {count} mensajes por hora de una misma dirección, y esta es la última respuesta a {address} hasta el {until}: lo que envíe hasta entonces queda registrado, pero no se ejecuta ni se responde."),
        .replyHelpHint: "Envíe «ayuda» a {requestAddress} para recibir la lista de comandos.",
        .notUnderstood: "No entendido: {problem}",
        .helpAtEnd: "Encontrará la lista de comandos al final de este mensaje.",
        .alreadyMember: "Usted ya es miembro de {community}: no hay nada que hacer.",
        .waitingToJoin: "Pendiente de su confirmación: se unirá a {community}.",
        .nothingToLeave: "Usted no es miembro de {community}, así que no hay nada que dejar.",
        .waitingToLeave: "Pendiente de su confirmación: dejará {community}.",
        .waitingForChange: "Pendiente de su confirmación: {change}.",
        .onlyMembersChangeSettings: "Solo los miembros pueden cambiar sus ajustes. Envíe primero «alta» para unirse a {community}.",
        .unknownSubIssue: "No existe el subtema «{word}». Los subtemas son: {list}.",
        .changeDeliveryAll: "recibirá las publicaciones de todos los subtemas {mode}",
        .changeDeliverySubIssue: "recibirá las publicaciones de «{subIssue}» {mode}",
        .changeDigestDaily: "su resumen llegará cada día",
        .changeDigestWeekly: "su resumen llegará una vez por semana",
        .changeFollow: "recibirá siempre las publicaciones de «{subIssue}»",
        .changeMute: "dejará de recibir las publicaciones de «{subIssue}»",
        .changeClassify: "la publicación <{messageID}> pasa a «{subIssue}»",
        .changeReviewDecision: "queda registrada la decisión del grupo central tras la revisión: {decision} («{note}»)",
        .changeLanguage: "le escribiremos en {language}",
        .modeImmediate: "una a una, en cuanto lleguen",
        .modeDigest: "agrupadas en un resumen",
        .modeNone: "no por correo",

        .whoamiIntro: "Usted es {member}, miembro de {community} desde el {date}.",
        .whoamiDeliveryOwn: "Envío: {mode}, salvo que haya elegido otra cosa para algún subtema.",
        .whoamiDeliveryCircle: "Envío: según su círculo (círculo interior {inner}, círculo exterior {outer}).",
        .whoamiDigest: "Resúmenes: {cadence}.",
        .whoamiLanguage: "Idioma: {language}.",
        .whoamiSubIssues: "Sus subtemas:",
        .whoamiNotMember: "Usted ({address}) no es miembro de {community}. Envíe «alta» para unirse.",
        .standingCore: "grupo central",
        .standingInner: "círculo interior",
        .standingOuter: "círculo exterior",
        .standingDeliveryOverride: "envío {mode}",
        .standingFollowed: "seguido",
        .standingMuted: "silenciado",
        .closedGroup: "grupo cerrado",
        .cadenceDaily: "diarios",
        .cadenceWeekly: "semanales",

        .tokenRefused: "Ese código es desconocido, ya se ha usado, ha caducado o no se envió a {address}. No se ha cambiado nada.",
        .closedNoJoining: "{community} ha cerrado: ya nadie puede unirse, así que este código no se ha usado.",
        .confirmedDone: "Confirmado. Hecho:",
        .confirmedNothingWaiting: "no había nada pendiente de ese código.",
        .wasAlreadyMember: "usted ya era miembro.",
        .welcomeBack: "nos alegra tenerle de vuelta: vuelve a ser miembro de {community}.",
        .welcome: "le damos la bienvenida: ya es miembro de {community}. Los miembros nuevos empiezan en el círculo exterior de cada subtema, donde las publicaciones llegan {mode}.",
        .leftCommunity: "ha dejado {community}. Envíe «alta» cuando quiera volver.",
        .notDoneNotMember: "no realizado ({command}): usted no es miembro.",
        .notDoneCoreClassify: "no realizado ({command}): solo el grupo central puede corregir el subtema de una publicación.",
        .notDoneCoreReview: "no realizado ({command}): solo el grupo central registra las decisiones tras una revisión.",
        .notDone: "no realizado ({command}).",
        .notDoneBecause: "no realizado. {reason}",
        .reclassified: .plural(
            one: "{change} ({count} publicación cambiada, respuestas incluidas; el modelo aprende de ello).",
            other: "{change} ({count} publicaciones cambiadas, respuestas incluidas; el modelo aprende de ello)."),
        .reviewRecorded: "registrado: {decision} tras la revisión de {quarter}.",

        .moderationCoreOnly: "Solo el grupo central puede aprobar o rechazar publicaciones retenidas.",
        .moderationNotSetUp: "La moderación por correo no está configurada en esta lista; escriba, por favor, a {ownerAddress}.",
        .reviewNotCore: "Gracias por interesarse por el rumbo de la comunidad. Solo el grupo central registra la decisión tras una revisión; coménteselo a alguno de sus miembros o escriba a {ownerAddress}.",
        .classifyNotCore: "Solo el grupo central puede corregir el subtema de una publicación.",
        .classifyNoPost: "Ninguna publicación tiene el Message-ID <{messageID}>.",

        .helpIntro: """
            Puede gestionar su participación en {community} escribiendo a
            {requestAddress}. Escriba un comando por línea al principio de su
            mensaje (la línea del asunto también cuenta). Da igual usar mayúsculas o
            minúsculas; la lectura se detiene en la primera línea que no sea un
            comando, o en «fin», de modo que se ignoran su firma y lo que cite.
            """,
        .helpJoining: "Unirse y darse de baja",
        .helpSubscribe: "unirse a la comunidad con la dirección desde la que escribe",
        .helpUnsubscribe: "dejar la comunidad",
        .helpConfirm: "llevar a cabo lo que le pedimos confirmar",
        .helpDeliveryHeading: "Cómo le llegan las publicaciones",
        .helpDeliveryImmediate: "cada publicación en cuanto llega",
        .helpDeliveryDigest: "las publicaciones agrupadas en un resumen",
        .helpDeliveryNone: "ninguna publicación por correo",
        .helpDeliverySubIssue: "lo mismo solo para un subtema",
        .helpDigestDaily: "su resumen cada día",
        .helpDigestWeekly: "su resumen una vez por semana",
        .helpFollow: "recibir siempre las publicaciones de este subtema",
        .helpMute: "no recibir nunca las publicaciones de este subtema",
        .helpFormat: "sus resúmenes como text, html, mime o rfc1153",
        .helpOwnPosts: "no recibir sus propios mensajes (on: volver a recibirlos)",
        .problemFormatUsage: "«set format» admite text, html, mime o rfc1153, por ejemplo «set format text».",
        .problemOwnPostsUsage: "«set own-posts» admite on u off, por ejemplo «set own-posts off».",
        .changeDigestFormat: "sus resúmenes llegarán en formato {format} ({label})",
        .changeOwnPostsOn: "sus propios mensajes estarán en sus resúmenes (y en sus copias de la lista si la lista envía a los autores los suyos)",
        .changeOwnPostsOff: "sus propios mensajes no se incluirán ni en sus copias de la lista ni en sus resúmenes",
        .whoamiDigestFormat: "Formato de los resúmenes: {format}.",
        .whoamiDigestFormatDefault: "Formato de los resúmenes: el configurado para la comunidad.",
        .whoamiOwnPostsIncluded: "Sus propios mensajes: incluidos.",
        .whoamiOwnPostsLeftOut: "Sus propios mensajes: excluidos.",
        .formatLabelText: "Texto sin formato",
        .formatLabelHtml: "HTML con una parte de texto",
        .formatLabelMime: "Resumen MIME: cada mensaje tal como se envió",
        .formatLabelRfc1153: "RFC 1153: texto sin formato, un mensaje tras otro",
        .settingsOwnPosts: "Enviarme mis propios mensajes (en los resúmenes y como copias de la lista si la lista envía a los autores los suyos)",
        .digestReplyInstruction: "Para responder, escriba a {list} con el asunto: {subject}",
        .digestAttachments: "Adjuntos:",
        .problemProduct: "«product» se escribe «product MESSAGE-ID solution|summary|decision [NOTA]», por ejemplo «product <abc@example.org> solution Pintar los carriles de verde».",
        .changeMarkProduct: "la conversación de <{messageID}> queda marcada como resultado de la comunidad ({kind})",
        .helpLanguage: "el idioma de lo que le enviamos (en, de, fr, es)",
        .helpFindingOut: "Consultar",
        .helpWhoami: "sus ajustes y su círculo en cada subtema",
        .helpHelp: "este texto",
        .helpOtherLanguages: "En lugar de las palabras de comando en inglés, también puede escribir:",
        .helpWhyConfirm: """
            Por qué le pedimos que confirme
            Cualquiera puede enviar un mensaje que aparente venir de su dirección.
            Por eso, el alta, la baja y cualquier cambio de sus ajustes solo se
            aplican cuando usted los confirma: enviamos un código a su dirección y
            usted responde a ese mensaje (o envía «confirm CÓDIGO») desde la misma
            dirección. Una confirmación cubre todos los cambios de un mensaje. Un
            código sirve una sola vez y solo durante {days}. Si no lo ha solicitado,
            ignórelo: no cambiará nada.
            """,
        .helpSubIssuesHeading: "Los subtemas",
        .helpNoSubIssues: "(ninguno todavía, aparte de «general»)",
        .helpCoreGroup: """
            Los miembros del grupo central responden a las solicitudes de moderación
            con «approve CÓDIGO» o «reject CÓDIGO [MOTIVO]», usando el código de la
            solicitud recibida, y corrigen el subtema de una publicación con
            «classify MESSAGE-ID SUBTEMA» (se confirma como un cambio de ajustes;
            las respuestas a la publicación la acompañan y el clasificador aprende de
            la corrección). Tras la revisión trimestral registran lo acordado con
            «review decide continue|refocus|disband NOTA», confirmado del mismo modo.
            Ellos (y los moderadores de un subtema, para sus conversaciones) marcan
            una conversación como resultado de la comunidad con «product MESSAGE-ID
            solution|summary|decision [NOTA]», confirmado del mismo modo.
            """,
        .helpQuestions: "Las preguntas, a los responsables de la lista: {ownerAddress}",
        .days: .plural(one: "{count} día", other: "{count} días"),

        .digestTitleDaily: "Resumen diario",
        .digestTitleWeekly: "Resumen semanal",
        .digestTitleOrganisation: "Resumen para la organización",
        .digestTitleOther: "Resumen",
        .digestSubject: "[{community}] {title}, {date}: {posts} en {threads}",
        .digestPosts: .plural(one: "{count} publicación", other: "{count} publicaciones"),
        .digestThreads: .plural(one: "{count} conversación", other: "{count} conversaciones"),
        .digestNewPosts: .plural(one: "{count} publicación nueva", other: "{count} publicaciones nuevas"),
        .digestSummary: "{posts} en {threads}",
        .digestWith: "; con",
        .digestEarlierPosts: .plural(one: "No se muestra {count} publicación anterior de esta conversación.",
                                     other: "No se muestran {count} publicaciones anteriores de esta conversación."),
        .digestMorePosts: .plural(one: "{count} publicación más", other: "{count} publicaciones más"),
        .digestMoreThreads: .plural(one: " ({count} conversación más)", other: " ({count} conversaciones más)"),
        .digestLeftOut: "{posts}{threads} no cabían en este resumen; las conversaciones más activas van primero.",
        .digestNoSubject: "(sin asunto)",
        .digestCut: .plural(
            one: "Aquí no se muestra {count} carácter más; responda para pedirlo o lea la publicación completa en el archivo.",
            other: "Aquí no se muestran {count} caracteres más; responda para pedirlos o lea la publicación completa en el archivo."),
        .digestOnTheWeb: "En la web",
        .digestPermalink: "Enlace permanente",
        .digestReplyToThread: "Responder a esta conversación",
        .digestNewThread: "Para iniciar una conversación nueva, escriba a",
        .digestArchive: "El archivo",
        .digestSend: "envíe «{command}» a {requestAddress}",
        .digestMuteHint: "Para dejar de recibir un subtema, envíe «mute SUBTEMA» a {requestAddress}.",
        .digestUnsubscribe: "Darse de baja",
        .digestQuestions: "Preguntas sobre la lista",
        .digestCommandsIntro: "Para cambiar cómo recibe la lista (cada enlace escribe el comando a {requestAddress} por usted):",
        .digestCommandImmediate: "Cada publicación al momento",
        .digestCommandDaily: "Resumen diario",
        .digestCommandWeekly: "Resumen semanal",
        .digestCommandNone: "Sin correos por ahora",
        .digestCommandWhoami: "Su círculo y sus ajustes",
        .periodDaily: "desde el último resumen",
        .periodWeekly: "esta semana",
        .periodMonthly: "este mes",
        .periodQuarterly: "este trimestre",
        .participationNone: "No ha publicado nada {period}.",
        .participationPosts: .plural(one: "Ha escrito {count} publicación {period}: muchas gracias.",
                                     other: "Ha escrito {count} publicaciones {period}: muchas gracias."),
        .participationMorePosts: .plural(one: "{count} publicación más", other: "{count} publicaciones más"),
        .participationMoreThreads: .plural(one: "{count} conversación más", other: "{count} conversaciones más"),
        .participationProgress: .plural(one: "En {subIssue} ha escrito {posts} de las {bar} publicaciones en {count} día",
                                        other: "En {subIssue} ha escrito {posts} de las {bar} publicaciones en {count} días"),
        .participationAtBar: "{progress}: alcanza el umbral de su círculo interior, que recibe cada publicación al momento.",
        .participationNeeds: "{progress} que dan acceso a su círculo interior; con {needed} ya forma parte.",
        .participationInner: "Usted forma parte del círculo interior de {subIssue}.",
        .participationInvitation: "Todas las conversaciones de abajo están abiertas para usted: responda y su experiencia se sumará al debate.",
        .participationIn: "en",
        .noticeRejected: "La moderación no ha aceptado su publicación «{subject}» en {community} ({listAddress}).",
        .noticeRejectedReason: "Motivo: {reason}",
        .noticeRejectedSubject: "No aceptada: {subject}",
        .noticeMistake: "Si cree que se trata de un error, escriba a {ownerAddress}.",
        .noticeExpired: "Su publicación «{subject}» en {community} ({listAddress}) ha esperado a la moderación durante {days} y ha caducado sin enviarse a la lista.",
        .noticeExpiredMembers: "Los miembros publican sin moderación: envíe «alta» a {requestAddress} para hacerse miembro, o escriba a {ownerAddress}.",
        .noticeExpiredSubject: "Caducada: {subject}",
        .moderationRequestIntro: "Una publicación en {community} está retenida para moderación: {reason}.",
        .moderationRequestDetails: """
            De:       {sender}
            Asunto:   {subject}
            Retenida: {held}
            Caduca:   {expires} (entonces se comunicará al remitente que no fue aceptada)
            """,
        .moderationRequestExcerpt: "El comienzo de su texto:",
        .moderationNoText: "(sin texto)",
        .moderationNoSender: "(sin dirección de remitente utilizable)",
        .moderationNoSubject: "(ninguno)",
        .moderationRequestApprove: "Para enviarla a la lista, responda con esta línea:",
        .moderationRequestReject: "Para rechazarla, responda con esta línea (el motivo, opcional, se envía al remitente):",
        .moderationReasonWord: "MOTIVO",
        .moderationRequestTokenOwner: "El código solo sirve en un correo de {moderator}, la dirección a la que se envió.",
        .moderationRequestServer: """
            En el servidor: praxis moderation approve {number}
                       o    praxis moderation reject {number} --reason TEXTO
            """,
        .moderationRequestSubject: "Retenida para moderación: {subject}",
        .moderationPost: "«{subject}» de {sender}",
        .moderationPostGone: "la publicación retenida (su registro ya no existe)",
        .moderationUnknownSender: "un remitente desconocido",
        .moderationApproved: "Aprobada: {post}.",
        .moderationRejected: "Rechazada: {post}.",
        .moderationRejectedTold: "Rechazada: {post}; se informa al remitente.",
        .moderationAlreadyApproved: "{post} ya fue aprobada.",
        .moderationAlreadyApprovedBy: "{post} ya fue aprobada por {moderator}.",
        .moderationAlreadyRejected: "{post} ya fue rechazada.",
        .moderationAlreadyRejectedBy: "{post} ya fue rechazada por {moderator}.",
        .moderationHasExpired: "{post} ha caducado.",
        .moderationUnknownHeld: "No hay ninguna publicación retenida con el número {number}.",
        .moderationUnusableToken: "Ninguna publicación retenida espera ese código de {moderator}. Compruebe que copió la línea entera y que escribió desde la dirección a la que se envió la solicitud de moderación.",
        .moderationNotCore: "{moderator} ya no pertenece al grupo central, por lo que sus códigos de moderación no son válidos.",
        .inviteIntro: "Le invitamos a unirse a {community}, una comunidad de práctica.",
        .inviteObjectives: "Para qué existe:",
        .inviteWord: "Unas palabras de sus responsables:",
        .inviteAccept: "Para aceptar, basta con responder a este mensaje (conservando el asunto «confirm {token}»), o escribir a {requestAddress} con ese asunto. Se unirá como lector y recibirá un resumen de las publicaciones; puede cambiarlo, o darse de baja, cuando quiera.",
        .inviteDecline: "Si no desea unirse, no haga nada: no se le dará de alta, y nadie puede darle de alta en su lugar. Esta invitación es válida durante {days}.",
        .closedThanks: "Gracias por escribir a {community}.",
        .closedKeptCommands: "Su mensaje se ha guardado, pero los comandos que contenía no se han ejecutado.",
        .closedKeptPost: "Su mensaje se ha guardado en los registros de la comunidad, pero no se ha enviado a nadie.",
        .closedUnsubscribe: "Si es miembro y no desea recibir ningún correo más de nuestra parte, envíe «baja» a {requestAddress}.",
        .closedAutomatic: "Esta es una respuesta automática; recibirá como máximo una al día de {community}.",
        .closedSubjectNone: "{community} ha cerrado",
        .closedSubject: "Cerrada: {subject}",
        .closedPlain: "La comunidad ha cerrado.",
        .closedWithSuccessor: "La comunidad ha cerrado; la conversación continúa aquí: {successor}",
        .closedArchive: "Todo lo que escribió la comunidad sigue pudiendo leerse en su archivo: {link}",
        .farewellThanks: "{community} ha cerrado. Gracias por todo lo que ha compartido en ella.",
        .farewellLastDigest: "El último resumen salió justo antes de este mensaje. A partir de ahora la lista no envía nada; el correo que reciba obtiene una respuesta automática al día indicando dónde sigue la conversación.",
        .farewellNothingDeleted: "No se ha borrado nada. Para salir de la lista por completo, envíe «baja» a {requestAddress}.",
        .farewellSubject: "{community}: despedida",
        .problemUnsubscribe: "«baja» no lleva nada detrás: siempre se refiere a la dirección desde la que escribe.",
        .problemConfirm: "«confirmar» necesita el código del mensaje que le enviamos, por ejemplo «confirm 7hq3…».",
        .problemNeedsSubIssue: "«{verb}» necesita el identificador de un subtema, por ejemplo «{verb} cycling».",
        .problemWhoami: "«ajustes» no lleva nada detrás.",
        .problemClassify: "«classify» necesita un Message-ID y el identificador de un subtema, por ejemplo «classify <abc@example.org> cycling».",
        .problemReview: "«review» se escribe «review decide continue|refocus|disband NOTA»: la decisión y, después, lo acordado.",
        .problemApprove: "«approve» necesita el código de la solicitud de moderación, por ejemplo «approve 7hq3…».",
        .problemReject: "«reject» necesita el código de la solicitud de moderación y, si quiere, un motivo.",
        .problemSetUsage: "«set» se escribe «set delivery immediate|digest|none [SUBTEMA]», «set digest daily|weekly», «set format text|html|mime|rfc1153», «set own-posts on|off» o «set language {languages}».",
    ]
}
