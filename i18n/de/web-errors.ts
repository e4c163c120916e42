import type { CatalogShape } from "../catalog.ts";
import type { webErrors as english } from "../en/web-errors.ts";

/** Was das Web sagt, wenn es eine Anfrage ablehnt, auf Deutsch (siehe die englische Datei). */
export const webErrors: CatalogShape<typeof english> = {
  nothingHere: "unter dieser Adresse gibt es nichts",
  // ——— Anmeldeseite und Statuslink der Gäste ———
  noEvent: "Unter dieser Adresse gibt es keine Veranstaltung. Prüfe den Link, den du bekommen hast.",
  registrationClosed:
    "Die Anmeldung für diese Veranstaltung ist geschlossen; es werden keine Gäste mehr aufgenommen.",
  eventStarted: "Diese Veranstaltung hat schon begonnen; die Anmeldung ist geschlossen.",
  partyOne: "Diese Veranstaltung vergibt einen Platz pro Anmeldung; lass die Personenzahl weg oder sende 1.",
  partyWhole: "Die Zahl der Plätze muss eine ganze Zahl ab 1 sein.",
  partyMax: "Pro Anmeldung sind höchstens {{max}} Plätze möglich (dich eingeschlossen).",
  queueDown:
    "Wir können gerade keine Anmeldungen annehmen, und deine wurde nicht gespeichert. Bitte versuch es in einer Minute noch einmal.",
  noStatus: "Zu diesem Statuslink gibt es keine Anmeldung. Prüfe den Link oder melde dich neu an.",
  noCalendar: "Hier gibt es keinen Kalendereintrag: Er steht bereit, solange dein Platz bestätigt ist.",
  registrationTooLarge:
    "Die Anfrage ist größer als {{kb}} KB; eine Anmeldung braucht nur einen Namen und eine E-Mail-Adresse.",
  registrationType: "{{type}} wird nicht angenommen; sende die Anmeldung als {{accepted}}.",
  registrationNoType: "Die Anfrage hat keinen Content-Type; sende die Anmeldung als {{accepted}}.",
  registrationUnreadable: "Die Formulardaten konnten nicht gelesen werden; sende die Felder name und email.",
  bodyEmpty: 'Die Anfrage ist leer; sende {"name": "…", "email": "…"}.',
  bodyNotJson: 'Die Anfrage ist kein gültiges JSON; sende {"name": "…", "email": "…"}.',
  bodyNotObject: 'Die Anfrage muss ein JSON-Objekt sein, etwa {"name": "…", "email": "…"}.',
  notUtf8Body:
    "Die Anfrage ist kein gültiger UTF-8-Text; sende sie als UTF-8 (ein Browser tut das bei einer Seite mit charset=utf-8).",
  notUtf8Name:
    "Ein Feldname ist kein gültiger UTF-8-Text; sende ihn als UTF-8 (ein Browser tut das bei einer Seite mit charset=utf-8).",
  notUtf8Field:
    "Das Feld {{name}} ist kein gültiger UTF-8-Text; sende es als UTF-8 (ein Browser tut das bei einer Seite mit charset=utf-8).",
  /** A field problem the catalog has no words for: the contract's English line. */
  line: "{{text}}",
  invalid: "{{what}} ist nicht gültig: {{issues}}",
  what: { registration: "Die Anmeldung", form: "Das Formular", question: "Die Frage" },
  tooManyRequests_one: "Zu viele Anfragen von deiner Adresse; versuch es in {{count}} Sekunde noch einmal.",
  tooManyRequests_other:
    "Zu viele Anfragen von deiner Adresse; versuch es in {{count}} Sekunden noch einmal.",
  otherSite:
    "Dieses Formular wurde von einer anderen Website gesendet; nur die Seiten dieser Website dürfen es senden.",
  otherSiteHint: "Öffne die Seite auf dieser Website erneut und sende das Formular von dort.",
  // ——— Links in E-Mails ———
  link: {
    partyTooLarge: "Die Anfrage ist größer als 8 KB; die Seite für die Gruppengröße sendet nur eine Zahl.",
    noPartyChange: "Unter dieser Adresse gibt es keine Änderung dieser Gruppe.",
    noNameToCorrect: "Über diesen Link lässt sich kein Name korrigieren.",
    formUnreadable: "Das Formular konnte nicht gelesen werden.",
    expired: "Dieser Link ist abgelaufen: Die Veranstaltung hat schon begonnen.",
    expiredClaim:
      "Dieser Link ist abgelaufen: Der Platz war nur für begrenzte Zeit für dich reserviert, oder die Veranstaltung hat schon begonnen.",
    doorExpired: "Dieser Einlass-Link ist abgelaufen: Die Veranstaltung ist vorbei.",
    doorExpiredHint: "Bitte den Gastgeber um einen neuen Einlass-Link.",
    expiredUnsubscribe:
      "Dieser Link ist abgelaufen: Die Veranstaltung ist lange vorbei. Um keine Nachrichten mehr zu bekommen, nutze den Link in der neuesten.",
    "wrong-event": "Dieser Link gehört zu einer anderen Veranstaltung. Öffne ihn erneut aus deiner E-Mail.",
    "wrong-action":
      "Dieser Link ist für einen anderen Schritt. Nutze den Link in deiner E-Mail für das, was du tun möchtest.",
    "unknown-key":
      "Dieser Link gilt nicht mehr. Nutze den Link in der neuesten E-Mail zu dieser Veranstaltung.",
    "bad-signature":
      "Dieser Link ist ungültig: Er wurde nach dem Versand verändert. Öffne ihn erneut aus deiner E-Mail.",
    malformed:
      "Dieser Link ist unvollständig oder beschädigt. Öffne ihn erneut aus deiner E-Mail oder kopiere den ganzen Link.",
    eventGone: "Die Veranstaltung zu diesem Link gibt es nicht (mehr).",
    guestGone: "Der Gast dieses Links steht nicht auf der Gästeliste von {{event}}.",
    noChange: "Es wurde nichts geändert. Prüfe den Link, den du bekommen hast.",
    tooLarge: "Die Anfrage ist größer als {{kb}} KB; die Schaltfläche eines Links sendet nichts.",
    tooLargeHint: "Öffne den Link aus deiner E-Mail erneut und drück die Schaltfläche.",
  },
  // ——— die Gastgeberseite ———
  host: {
    unknownLink: "Unbekannter Gastgeberlink.",
    formNotIssued:
      "Dieses Formular stammt nicht von dieser Gastgeberseite: Lade die Gastgeberseite neu und sende das Formular noch einmal.",
    formNotIssuedHint: "Öffne deinen Gastgeberlink erneut und sende das Formular von der Seite.",
    noSuchGuest: "Diesen Gast gibt es auf der Liste dieser Veranstaltung nicht.",
    noAudit: "Das Änderungsprotokoll ist hier nicht verfügbar.",
    importClosed: "Die Anmeldung ist geschlossen, deshalb können keine Gäste hinzugefügt werden.",
    importClosedHint: "Öffne die Anmeldung auf der Gastgeberseite wieder und importiere die Liste erneut.",
    importStarted: "Die Veranstaltung hat schon begonnen, deshalb können keine Gäste hinzugefügt werden.",
    importStartedHint: "Gäste können nur vor Beginn der Veranstaltung hinzugefügt werden.",
    formTooLarge: "Das Formular ist größer als {{kb}} KB.",
    formTooLargeHint: "Kürze die Nachricht und sende sie erneut.",
    questionTooLong: "Die Frage ist zu lang.",
    questionTooLongHint: "Stell eine kürzere Frage (höchstens 500 Zeichen).",
    uploadTooLarge: "Die Datei ist größer als {{mb}} MB.",
    uploadTooLargeHint: "Teil die Gästeliste in kleinere Dateien und importiere sie nacheinander.",
    fileAndText:
      "Das Formular enthält eine Datei und eingefügten Text; sende nur eins davon (leere das Textfeld, um die Datei hochzuladen).",
    noList: "Das Formular enthält keine Gästeliste: Wähle eine CSV-Datei oder füge die Liste ein.",
    formType:
      "{{type}} wird nicht angenommen; Gastgeberformulare werden als application/x-www-form-urlencoded oder multipart/form-data gesendet.",
    formNoType:
      "Eine Anfrage ohne Content-Type wird nicht angenommen; Gastgeberformulare werden als application/x-www-form-urlencoded oder multipart/form-data gesendet.",
    formHint: "Sende das Formular von der Gastgeberseite.",
    formUnreadable: "Die Formulardaten konnten nicht gelesen werden.",
    questionNotJson: 'Die Anfrage ist kein gültiges JSON; sende {"question": "…"}.',
    liveTooMany:
      "Dieser Gastgeberlink hat so viele Live-Zählungen offen, wie er darf; die Seite hält ihre Zahlen stattdessen aktuell, indem sie alle paar Sekunden nachfragt.",
    liveBusy:
      "Der Server hält so viele Live-Zählungen offen, wie er kann (oder wird gerade beendet); die Seite hält ihre Zahlen stattdessen aktuell, indem sie alle paar Sekunden nachfragt.",
  },
  // ——— Admin-Bereich und Postausgang ———
  admin: {
    notSignedIn: "Du bist nicht angemeldet.",
    notSignedInHint: "Melde dich zuerst unter /admin an.",
    otherSiteHint: "Öffne den Admin-Bereich unter seiner eigenen Adresse und sende das Formular von dort.",
    noSuchEvent: "Diese Veranstaltung gibt es nicht.",
    formIdInvalid:
      "Die Formular-ID fehlt oder ist ungültig: Lade die Seite neu und sende das Formular erneut.",
    formTooLarge: "Das Formular ist zu groß.",
    formType: "{{type}} wird nicht angenommen; sende das Formular aus dem Admin-Bereich.",
    formNoType:
      "Eine Anfrage ohne Content-Type wird nicht angenommen; sende das Formular aus dem Admin-Bereich.",
    formUnreadable: "Die Formulardaten konnten nicht gelesen werden.",
    noEmail: "Keine E-Mail mit diesem Schlüssel.",
  },
  issues: {
    required: "{{field}} fehlt",
    invalid_type: "{{field}} muss Text sein",
    too_small: "{{field}} darf nicht leer sein",
    too_big: "{{field}} darf höchstens {{maximum, number}} Zeichen lang sein",
    custom:
      "{{field}} enthält unerlaubte Zeichen (Steuer- oder Textrichtungszeichen); gib den Text erneut ein",
    custom_broken:
      "{{field}} enthält ein beschädigtes Zeichen (ein einzelnes UTF-16-Surrogat); tippe den Text neu oder füge ihn aus einer anderen Quelle ein",
    custom_replacement:
      "{{field}} enthält das Ersatzzeichen \ufffd, das von Text übrig bleibt, der kein UTF-8 war; sende ihn als UTF-8",
    custom_bidi:
      "{{field}} darf keine unsichtbaren Textrichtungszeichen enthalten (U+202A–U+202E, U+2066–U+2069); entferne sie",
    custom_line: "{{field}} muss eine einzelne Zeile ohne Steuerzeichen sein",
    custom_text:
      "{{field}} muss einfacher Text ohne Steuerzeichen sein (Tabulatoren und Zeilenumbrüche sind erlaubt)",
  },
  fieldNames: {
    subject: "Der Betreff",
    body: "Die Nachricht",
    notes: "Die Notizen",
    note: "Die Notiz",
    question: "Die Frage",
    name: "Der Name",
    email: "Die E-Mail-Adresse",
  },
  byField: {
    formId: {
      any: "Die Formular-ID fehlt oder ist ungültig: Lade die Gastgeberseite neu und sende das Formular erneut",
    },
    capacity: { any: "Die Kapazität muss eine ganze Zahl von 0 bis 100.000 sein" },
    mode: { any: "Wähle, wann die Notiz verschickt wird: auto, approve oder off" },
    note: {
      custom_placeholder:
        "Der einzige Platzhalter, den eine Notiz enthalten darf, ist {name} (der Name des Gastes)",
      too_small: "Die Notiz darf nicht leer sein",
    },
  },
  listPaging: {
    badCursor:
      "Dieser Seitenlink der Gästeliste ist beschädigt oder veraltet; öffne die Gästeliste von ihrer ersten Seite",
    otherEvent:
      "Dieser Seitenlink gehört zur Gästeliste einer anderen Veranstaltung; öffne die Gästeliste dieser Veranstaltung von ihrer ersten Seite",
    badPart:
      "Dieser Download-Link der Gästeliste ist beschädigt; öffne den Download erneut über die Gästeliste",
    searchTooLong:
      "Eine Suche in der Gästeliste hat höchstens {{max}} Zeichen; kürze sie und suche noch einmal",
  },
  listExport: {
    gone: "Diese Datei gibt es nicht mehr (Dateien werden nach einem Tag gelöscht); bereite sie auf der Download-Seite neu vor",
    badFile:
      "Das ist kein Link zu einer Datei dieser Gästeliste; öffne die Download-Seite und bereite die Datei neu vor",
  },
};
