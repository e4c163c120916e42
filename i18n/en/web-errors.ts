/**
 * What the web says when it refuses a request, in English: the detail sentence under an error page's title,
 * the hint when a route has its own advice, and each invalid field of a host form. Routes name these by key
 * (`said("noEvent")` in producers/web/errors.ts); a page says them in the event's language, a JSON answer keeps
 * the English. Plurals: `key_one` / `key_other` with `{{count}}`; numbers as `{{max, number}}` (Intl).
 */
export const webErrors = {
  nothingHere: "there is nothing at this address",
  // ——— the guest's register page and status link ———
  noEvent: "there is no event at this address; check the link you were given",
  registrationClosed: "registration for this event is closed; the host takes no more guests",
  eventStarted: "this event has already started; registration is closed",
  partyOne: "this event takes one seat per registration; leave party out or send 1",
  partyWhole: "party must be a whole number of seats, 1 or more",
  partyMax: "party must be at most {{max}} for this event (the guest included)",
  queueDown:
    "we cannot take registrations right now, and yours was not recorded; please try again in a minute",
  noStatus: "no registration has this status link; check the link, or register again",
  noCalendar: "there is no calendar entry here: it is offered while your seat is confirmed",
  registrationTooLarge:
    "the body is larger than {{kb}} KB; a registration needs only a name and an email address",
  registrationType: "{{type}} is not accepted; send the registration as {{accepted}}",
  registrationNoType: "the request has no Content-Type; send the registration as {{accepted}}",
  registrationUnreadable: "the form data could not be read; send the fields name and email",
  bodyEmpty: 'the body is empty; send {"name": "…", "email": "…"}',
  bodyNotJson: 'body is not valid JSON; send {"name": "…", "email": "…"}',
  bodyNotObject: 'body must be a JSON object like {"name": "…", "email": "…"}',
  notUtf8Body:
    "the body is not valid UTF-8 text; send it encoded as UTF-8 (a browser does so for a page that declares charset=utf-8)",
  notUtf8Name:
    "a field name is not valid UTF-8 text; send it encoded as UTF-8 (a browser does so for a page that declares charset=utf-8)",
  notUtf8Field:
    "the field {{name}} is not valid UTF-8 text; send it encoded as UTF-8 (a browser does so for a page that declares charset=utf-8)",
  /** A form or body whose fields are wrong: `what` is one of `what.*`, `issues` one line per field. */
  /** A field problem the catalog has no words for: the contract's English line. */
  line: "{{text}}",
  invalid: "{{what}} is not valid: {{issues}}",
  what: { registration: "the registration", form: "the form", question: "the question" },
  tooManyRequests_one: "too many requests from your address; try again in {{count}} second",
  tooManyRequests_other: "too many requests from your address; try again in {{count}} seconds",
  otherSite: "this form was sent from another site; only the pages of this site may send it",
  otherSiteHint: "Open the page on this site again and send the form from there.",
  // ——— email links ———
  link: {
    partyTooLarge: "the body is larger than 8 KB; the party page sends one number",
    noPartyChange: "There is no change of this party at this address.",
    noNameToCorrect: "there is no name to correct from this link",
    formUnreadable: "the form could not be read",
    expired: "This link has expired: the event has already started.",
    expiredClaim:
      "This link has expired: the seat was held for you only for a limited time, or the event has already started.",
    doorExpired: "This door link has expired: the event is over.",
    doorExpiredHint: "Ask the host for a new door link.",
    expiredUnsubscribe:
      "This link has expired: the event is long over. To stop messages, use the link in the most recent one.",
    "wrong-event": "This link belongs to a different event. Open it again from your email.",
    "wrong-action": "This link is for a different step. Use the link in your email for what you want to do.",
    "unknown-key": "This link is no longer valid. Use the link in the most recent email about this event.",
    "bad-signature":
      "This link is not valid: it was changed after it was sent. Open it again from your email.",
    malformed: "This link is incomplete or damaged. Open it again from your email, or copy the whole link.",
    eventGone: "The event this link is for does not exist (any more).",
    guestGone: "This link's guest is not on the guest list of {{event}}.",
    noChange: "Nothing was changed. Check the link you were given.",
    tooLarge: "the body is larger than {{kb}} KB; a link's button sends nothing",
    tooLargeHint: "Open the link from your email again and press its button.",
  },
  // ——— the host page ———
  host: {
    unknownLink: "unknown host link",
    formNotIssued: "this form was not issued by this host page: reload the host page and send the form again",
    formNotIssuedHint: "Open your host link again and send the form from the page.",
    noSuchGuest: "there is no such guest on this event's list",
    noAudit: "the audit trail is not available here",
    importClosed: "registration is closed, so no guests can be added",
    importClosedHint: "Reopen registration on the host page, then import the list again.",
    importStarted: "the event has already started, so no guests can be added",
    importStartedHint: "Guests can only be added before the event starts.",
    formTooLarge: "the form is larger than {{kb}} KB",
    formTooLargeHint: "Shorten the message and send it again.",
    questionTooLong: "the question is too long",
    questionTooLongHint: "Ask a shorter question (at most 500 characters).",
    uploadTooLarge: "the upload is larger than {{mb}} MB",
    uploadTooLargeHint: "Split the guest list into smaller files and import them one after another.",
    fileAndText:
      "the form holds both a file and pasted text; send one of them (clear the text box to upload the file)",
    noList: "there is no guest list in the form: choose a CSV file or paste the list",
    formType:
      "{{type}} is not accepted; host forms are sent as application/x-www-form-urlencoded or multipart/form-data",
    formNoType:
      "a request without a Content-Type is not accepted; host forms are sent as application/x-www-form-urlencoded or multipart/form-data",
    formHint: "Send the form from the host page.",
    formUnreadable: "the form data could not be read",
    questionNotJson: 'the body is not valid JSON; send {"question": "…"}',
    liveTooMany:
      "this host link has as many live headcounts open as it may; the page keeps its numbers up to date by asking every few seconds instead",
    liveBusy:
      "the server holds as many live headcounts as it takes (or is stopping); the page keeps its numbers up to date by asking every few seconds instead",
  },
  // ——— the admin area and the outbox ———
  admin: {
    notSignedIn: "you are not signed in",
    notSignedInHint: "Sign in at /admin first.",
    otherSiteHint: "Open the admin area at its own address and send the form from there.",
    noSuchEvent: "there is no such event",
    formIdInvalid: "formId is missing or invalid: reload the page and send the form again",
    formTooLarge: "the form is too large",
    formType: "{{type}} is not accepted; send the form from the admin area",
    formNoType: "a request without a Content-Type is not accepted; send the form from the admin area",
    formUnreadable: "the form data could not be read",
    noEmail: "no email with this key",
  },
  /**
   * One invalid field of a host form. `byField.<field>.<issue code>` (or `.any`) when the field has its own
   * words; otherwise the sentence for the issue code, naming the field by `fieldNames.<field>`.
   */
  issues: {
    required: "{{field}} is required",
    invalid_type: "{{field}} must be text",
    too_small: "{{field}} must not be empty",
    too_big: "{{field}} must be at most {{maximum, number}} characters",
    custom:
      "{{field}} holds characters that are not allowed (control or text-direction characters); type it again as plain text",
    custom_broken:
      "{{field}} holds a broken character (a lone UTF-16 surrogate); type it again or paste it from another source",
    custom_replacement:
      "{{field}} holds the replacement character \ufffd, which is what is left of text that was not UTF-8; send it as UTF-8",
    custom_bidi:
      "{{field}} must not contain invisible text-direction characters (U+202A–U+202E, U+2066–U+2069); remove them",
    custom_line: "{{field}} must be a single line without control characters",
    custom_text: "{{field}} must be plain text without control characters (tabs and line breaks are fine)",
  },
  fieldNames: {
    subject: "subject",
    body: "message",
    notes: "the notes",
    note: "the note",
    question: "the question",
    name: "name",
    email: "email",
  },
  byField: {
    formId: { any: "formId is missing or invalid: reload the host page and send the form again" },
    capacity: { any: "capacity must be a whole number from 0 to 100,000" },
    mode: { any: "choose when the note goes out: auto, approve or off" },
    note: {
      custom_placeholder: "the only placeholder a note may hold is {name} (the guest's name)",
      too_small: "the note must not be empty",
    },
  },
  /** The guest list's page links and download parts (AWS: producers/web/guest-list-paging.ts). */
  listPaging: {
    badCursor:
      "this page link of the guest list is damaged or out of date; open the guest list from its first page",
    otherEvent:
      "this page link belongs to another event's guest list; open this event's guest list from its first page",
    badPart: "this download link of the guest list is damaged; open the download from the guest list again",
    searchTooLong: "a search of the guest list is at most {{max}} characters; shorten it and search again",
  },
  /** The guest list as one file (AWS: producers/web/guest-list-export.ts). */
  listExport: {
    gone: "this file is no longer there (files are deleted after a day); prepare it again from the download page",
    badFile:
      "this is not a link to a file of this guest list; open the download page and prepare the file again",
  },
};
