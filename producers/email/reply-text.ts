/**
 * What a person wrote in a reply, and whether it clearly says they cannot come. Pure text functions: the
 * quoted original and signatures are cut away first, because the original is OUR email (whose links say
 * "No, I can't come") or someone else's words, never the guest's answer.
 */

// ——— HTML ———

const entities: Record<string, string> = {
  nbsp: " ",
  amp: "&",
  lt: "<",
  gt: ">",
  quot: '"',
  apos: "'",
  rsquo: "’",
  lsquo: "‘",
  rdquo: "”",
  ldquo: "“",
  ndash: "–",
  mdash: "—",
  hellip: "…",
  laquo: "«",
  raquo: "»",
  eacute: "é",
  egrave: "è",
  ecirc: "ê",
  agrave: "à",
  acirc: "â",
  ccedil: "ç",
  ocirc: "ô",
  icirc: "î",
  ucirc: "û",
  auml: "ä",
  ouml: "ö",
  uuml: "ü",
  Auml: "Ä",
  Ouml: "Ö",
  Uuml: "Ü",
  szlig: "ß",
  ntilde: "ñ",
  aacute: "á",
  iacute: "í",
  oacute: "ó",
  uacute: "ú",
  iexcl: "¡",
  iquest: "¿",
};

function decodeEntities(text: string): string {
  return text.replace(/&(#\d{1,7}|#x[0-9a-f]{1,6}|[a-z]{2,8});/gi, (whole, body: string) => {
    if (body[0] === "#") {
      const code =
        body[1] === "x" || body[1] === "X" ? Number.parseInt(body.slice(2), 16) : Number(body.slice(1));
      return code > 0 && code <= 0x10ffff && (code < 0xd800 || code > 0xdfff)
        ? String.fromCodePoint(code)
        : " ";
    }
    return entities[body] ?? whole;
  });
}

/**
 * Where clients start the quoted original in HTML: Gmail, Outlook (desktop and web), Yahoo, Zimbra,
 * Thunderbird, Apple Mail. Everything from the first of these on is the original.
 */
const htmlQuoteStarts = [
  /<div[^>]*class=["']?gmail_quote/i,
  /<div[^>]*id=["']?divRplyFwdMsg/i,
  /<div[^>]*id=["']?appendonsend/i,
  /<div[^>]*class=["']?yahoo_quoted/i,
  /<hr[^>]*id=["']?zwchr/i,
  /<div[^>]*class=["']?moz-cite-prefix/i,
  /<div[^>]*id=["']?mail-editor-reference-message-container/i,
];

/**
 * The text of an HTML body, for messages without a text/plain part: quoted blocks (`<blockquote>`) and
 * everything after a client's quote marker are left out; block elements become line breaks.
 */
export function htmlToText(html: string): string {
  let s = html.replace(/<!--[\s\S]*?-->/g, "").replace(/<(head|style|script|title)\b[\s\S]*?<\/\1\s*>/gi, "");
  for (const start of htmlQuoteStarts) {
    const at = s.search(start);
    if (at >= 0) s = s.slice(0, at);
  }
  // Innermost first, until none is left: nested quotes go with their parent.
  for (let i = 0; i < 50; i++) {
    const next = s.replace(/<blockquote\b(?:(?!<blockquote\b)[\s\S])*?<\/blockquote\s*>/gi, "\n");
    if (next === s) break;
    s = next;
  }
  s = s
    .replace(/<(br|hr)\b[^>]*>/gi, "\n")
    .replace(/<\/(p|div|tr|li|h[1-6]|table|ul|ol)\s*>/gi, "\n")
    .replace(/<[^>]*>/g, "");
  return decodeEntities(s)
    .split("\n")
    .map((line) => line.replace(/[ \t\u00a0]+/g, " ").trim())
    .join("\n");
}

// ——— quotes and signatures ———

/** "-----Original Message-----" and its translations, and forward markers: the rest is someone else's. */
const originalMarkers = [
  /^-{2,}\s*(original message|ursprüngliche nachricht|originalnachricht|message d'origine|mensaje original|messaggio originale|oorspronkelijk bericht|mensagem original|originalmeddelande)\s*-{2,}$/i,
  /^-{2,}\s*(forwarded message|weitergeleitete nachricht|message transféré|mensaje reenviado|messaggio inoltrato|doorgestuurd bericht|mensagem encaminhada)\s*-{2,}$/i,
  /^(begin forwarded message|anfang der weitergeleiteten nachricht|début du message réexpédié|inicio del mensaje reenviado|inizio messaggio inoltrato)\s*:$/i,
  // Outlook's separator line above its From:/Sent: block.
  /^_{10,}$/,
];

/** The first line of an Outlook-style header block of the original (no ">" quoting): From: … */
const outlookFrom = /^\*?(from|von|de|van|da|från|fra|od)\s*:\*?\s*\S/i;
/** …followed within a few lines by Sent:/Date:/To:/Subject: (in the client's language). */
const outlookField =
  /^\*?(sent|gesendet|envoyé|enviado|enviada|inviato|verzonden|date|datum|fecha|data|to|an|à|para|a|aan|subject|betreff|objet|asunto|oggetto|onderwerp|assunto|cc)\s*:/i;

/** The verbs of an attribution line: "On Mon, … Megan One <…> wrote:", "Am … schrieb …:", "Le … a écrit :". */
const attribution =
  /(^|[\s,])(wrote|writes|schrieb|a écrit|a ecrit|escribió|escribio|ha scritto|schreef|escreveu|skrev|kirjoitti|napisał)(\s[^:]{0,200})?\s*:\s*$/iu;

/** Lines mobile clients add below the text: not the guest's words, and no part of an answer. */
const clientSignature =
  /^(sent from my |sent from |sent with |get outlook for |von meinem .{1,40} gesendet|envoyé de mon |envoyé depuis |enviado desde mi |enviado do meu |inviato da |verzonden met )/i;

/** The labels of rsvp's own links ("No, I can't come:") quoted without ">" by a careless client. */
const ownLinkLabels =
  /^(yes, i'll come|no, i can't come|can't come after all\? cancel your seat|leave the waitlist|claim your seat|decline the seat|cancel your seat)\s*:?$/i;

function isAttribution(line: string): boolean {
  return line.length <= 400 && attribution.test(line);
}

function startsOutlookBlock(lines: readonly string[], i: number): boolean {
  if (!outlookFrom.test(lines[i]!.trim())) return false;
  for (let j = i + 1; j < Math.min(lines.length, i + 5); j++) {
    if (outlookField.test(lines[j]!.trim())) return true;
  }
  return false;
}

/**
 * The new text of a reply: the quoted original (">" lines, an "On … wrote:" attribution, "-----Original
 * Message-----", forward markers, an Outlook From:/Sent: block) and the signature ("-- ") are cut away.
 * A ">"-quoted block is removed where it is, so a bottom-posted answer below the quote is kept; the
 * unquoted originals (Outlook, "Original Message", forwards) sit below the answer, so everything from their
 * first line on goes.
 */
export function newText(text: string): string {
  const lines = text.replace(/\r\n?/g, "\n").split("\n");
  const kept: string[] = [];
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const t = line.trim();
    if (/^--\s*$/.test(line)) break;
    if (originalMarkers.some((m) => m.test(t)) || startsOutlookBlock(lines, i)) break;
    if (t.startsWith(">")) continue;
    // An attribution, possibly wrapped over two lines by the client.
    const next = lines[i + 1]?.trim() ?? "";
    if (isAttribution(t)) continue;
    if (next !== "" && !next.startsWith(">") && isAttribution(`${t} ${next}`)) {
      i += 1;
      continue;
    }
    if (clientSignature.test(t) || ownLinkLabels.test(t)) continue;
    kept.push(line);
  }
  return kept.join("\n").trim();
}

// ——— cancellations ———

/** A phrase that clearly says "I cannot come"; `positive` ones are verbs a preceding "not" would reverse. */
interface Phrase {
  re: RegExp;
  positive?: boolean;
}

// Letter boundaries that work for accented letters too (\b is ASCII-only).
const B = "(?<!\\p{L})";
const E = "(?!\\p{L})";
const p = (source: string, positive = false): Phrase => ({
  re: new RegExp(`${B}(?:${source})${E}`, "u"),
  positive,
});

/** What must not follow "can't come" / "can't make it" for it to be a no: it is about arriving late. */
const notLate = "(?!\\s+(?:until|till|before|by|on time|in time|early|earlier|soon|fast|quick|at\\s+\\d))";

const phrases: readonly Phrase[] = [
  // English
  p(
    `(?:can't|cant|cannot|can not|won't|wont|will not|couldn't|could not|can no longer|unable to|not able to|shan't)\\s+(?:be able to\\s+)?(?:come|make it|attend|join(?: you| us)?|be there|participate|go(?!\\s+(?:wrong|without)))${notLate}`,
  ),
  p(
    "(?:won't|wont|will not|i am not|i'm not|im not|we are not|we're not|not going to|no longer)\\s+(?:be\\s+)?(?:coming|attending|joining)",
  ),
  p("(?:won't|wont|will not)\\s+make it"),
  p(
    "please cancel|cancel my (?:seat|spot|place|registration|rsvp|reservation|attendance|booking|ticket)",
    true,
  ),
  p("(?:have|need|want|must|i'd like|we'd like|would like|got) to cancel|i(?: am|'m) cancel(?:l)?ing", true),
  p(
    "(?:have to|need to|must|regretfully|sadly|unfortunately|i) decline|i'll have to pass|i will have to pass",
    true,
  ),
  p("count me out|take me off the (?:guest )?list|remove me from the (?:guest )?list"),
  // German
  p("absagen|absage|sage (?:ich )?(?:leider )?ab", true),
  p(
    "(?:kann|könnte|kannst|konnte|werde|werden|können|schaffe|schaffen|komme|kommen)(?:\\s+\\p{L}+){0,3}?\\s+nicht\\s+(?:kommen|teilnehmen|dabei sein|da sein|erscheinen|hingehen|mitkommen|vorbeikommen)",
  ),
  p(
    "(?:schaffe|schaffen) es(?:\\s+\\p{L}+){0,2}?\\s+nicht|komme (?:leider |doch )?nicht|nehme (?:leider )?nicht teil",
  ),
  p("bin (?:leider |da |dann )?verhindert|sind (?:leider )?verhindert"),
  p("stornieren|storniere|abmelden|melde (?:mich|uns) (?:leider )?ab", true),
  // French
  p(
    "ne (?:pourrai|pourrons) pas|ne viendr(?:ai|ons) pas|ne (?:serai|serons) pas (?:là|la|présente?s?|disponibles?)",
  ),
  p(
    "ne (?:peux|pouvons|peut|pourra) pas (?:venir|être|assister|participer|y être|y aller|me libérer|me joindre|nous joindre)",
  ),
  p("impossible de venir|empêchée?s?|je me désiste|me désister|désinscri(?:re|s|ption)"),
  p("annuler|j'annule|annule (?:ma|mon|notre)", true),
  // Spanish
  p("no (?:podré|podre|podremos|puedo ir|puedo asistir|puedo venir|puedo acudir|asistiré|asistire|iré|ire)"),
  p("no (?:voy|vamos) a poder"),
  p("cancelar|cancelo|anular|anulo|me doy de baja|darme de baja", true),
  // Italian, Dutch, Portuguese: the common ones.
  p("non (?:posso|potrò|potro|riesco a) (?:venire|partecipare|esserci)|non potrò|disdire|disdico", true),
  p("kan (?:helaas )?niet komen|ben (?:helaas )?verhinderd|afmelden|meld (?:me|mij) af|annuleren", true),
  p("não (?:poderei|posso ir|posso comparecer|vou poder)"),
];

/** Words that, just before a `positive` phrase ("cancel", "absagen", "annuler"), reverse it. */
const negation =
  /(?<!\p{L})(not|don't|dont|do not|never|won't|wont|nicht|kein|keine|ne|pas|no|nunca|jamais|niet)(?!\p{L})[\s,]*(\p{L}+[\s,]+){0,2}$/u;

/** The reply and forward prefixes clients put before a subject, in several languages. */
const replyPrefix = /^\s*(re|aw|antw|sv|vs|r|rif|fw|fwd|wg|tr|rv|enc|odp|回复|答复|返信)\s*(\[\d+\])?\s*:/i;

/** True when a subject is a reply's or a forward's ("Re: …", "AW: …", "Fwd: …"): its words are not the sender's. */
export function isReplySubject(subject: string): boolean {
  return replyPrefix.test(subject);
}

/** Localised Outlook/Exchange meeting-response subjects that decline ("Declined: …", "Abgelehnt: …"). */
const declineSubject =
  /^\s*(declined|abgelehnt|refusé|refuse|rechazado|rechazada|rifiutato|geweigerd|recusado)\s*:/i;

/** The phrase a subject starts with when it declines a meeting, else null. */
export function declinedSubject(subject: string): string | null {
  return declineSubject.exec(subject)?.[1] ?? null;
}

/**
 * Who a "can't come" is about when the words just before it name someone else: "my brother", "meine Frau",
 * "she". Then it is no cancellation of the guest's own RSVP ("Yes! We're 2 now, my brother can't come").
 * A word after the possessive that is the writer ("my apologies, I can't") is not someone else.
 */
const notMe = "(?!(?:i|we|ich|wir|je|nous|yo)(?!\\p{L}))\\p{L}+";
const someoneElse = new RegExp(
  `${B}(?:(?:my|our|his|her|their|mein(?:e[mnrs]?)?|unser(?:e[mnrs]?)?|sein(?:e[mnrs]?)?|ihre?[mnrs]?|mon|ma|mes|notre|nos|mi|mis|nuestr[oa]s?)(?:\\s+${notMe}){1,2}|he|she|they|er|sie|il|elle|ils|elles|él|ella|ellos)` +
    "(?:\\s+(?:unfortunately|sadly|also|probably|just|still|leider|auch|wohl|doch|dann))*\\s*$",
  "u",
);

/** What a person's new text says about not coming: their own cancellation, and a "can't come" about others. */
export interface CancellationReading {
  /** The first clear cancellation of the writer's own RSVP, or null. */
  own: string | null;
  /** The first "can't come" about someone else ("my brother can't come"), or null. */
  others: string | null;
}

/**
 * The first clear cancellation in a person's new text ("sorry, I can't make it", "ich muss leider absagen",
 * "je ne pourrai pas venir", "no podré ir"), and apart from it a "can't come" whose subject is someone else.
 * Questions are skipped ("can I still cancel later?" asks, it does not cancel), and so is a cancel verb right
 * after a negation ("I don't want to cancel"). When in doubt this says null: a wrong "yes" costs the guest one
 * click on the cancel link in the confirmation, a wrong "no" takes their seat away.
 */
export function readCancellation(text: string): CancellationReading {
  const normal = text
    .toLowerCase()
    .replace(/[’‘ʼ´`]/g, "'")
    .replace(/\s+/g, " ");
  let others: string | null = null;
  for (const sentence of normal.split(/(?<=[.!?;])\s+|\s*[¡¿]/)) {
    if (sentence.trimEnd().endsWith("?")) continue;
    for (const phrase of phrases) {
      for (const match of sentence.matchAll(new RegExp(phrase.re.source, "gu"))) {
        const before = sentence.slice(0, match.index);
        if (phrase.positive && negation.test(before)) continue;
        if (someoneElse.test(before)) {
          others ??= match[0];
          continue;
        }
        return { own: match[0], others };
      }
    }
  }
  return { own: null, others };
}

/** The first clear cancellation of the writer's own RSVP in their new text, or null (see readCancellation). */
export function findCancellation(text: string): string | null {
  return readCancellation(text).own;
}

/** A plain yes in a person's new text ("Yes!", "count me in", "ja, gerne", "oui"), outside questions. */
const yesWord = /(?<!\p{L})(?:yes|yeah|yep|yup|count (?:me|us) in|ja|gerne|oui|sí|claro|sì)(?!\p{L})/u;

/** Whether the new text says yes somewhere (a question's "yes?" does not count). */
export function saysYes(text: string): boolean {
  const normal = text.toLowerCase().replace(/\s+/g, " ");
  return normal
    .split(/(?<=[.!?;])\s+/)
    .some((sentence) => !sentence.trimEnd().endsWith("?") && yesWord.test(sentence));
}
