/**
 * Which column of a guest list's header line is which: the email address, and the full name or its parts.
 * Files come from spreadsheets and other tools' exports (Eventbrite, Luma, Google Contacts, Outlook,
 * Thunderbird) in several languages, so a header is recognised by its words rather than matched exactly.
 * Pure: header cells in, column indexes out.
 */

/** Which columns hold the address and the parts of the name (column indexes; null when absent). */
export interface GuestListLayout {
  email: number;
  fullName: number | null;
  firstName: number | null;
  middleName: number | null;
  lastName: number | null;
  /** The party size column (seats, the guest included) or the plus-ones one; absent when the file has none. */
  party?: number;
  /** Whether the `party` column counts the guest's companions only ("Plus ones", "+1"): the party is one more. */
  partyFromPlusOnes?: boolean;
}

/**
 * Recognises the columns of a header line. Names are compared without case, accents, punctuation or
 * leading qualifiers ("Guest name", "E-Mail-Adresse", "first_name", "Prénom" all count); null when no column
 * holds an email address.
 */
export function recognizeLayout(header: readonly string[]): GuestListLayout | null {
  let email: { index: number; rank: number } | null = null;
  const named = { full: [] as number[], first: [] as number[], middle: [] as number[], last: [] as number[] };
  const nameOrLast: number[] = [];
  const nameOrFirst: number[] = [];
  let party: { index: number; plusOnes: boolean } | null = null;
  for (const [index, cell] of header.entries()) {
    const kind = partyColumnKind(cell);
    if (kind !== null) {
      party ??= { index, plusOnes: kind === "plus-ones" };
      continue;
    }
    const words = headerWords(cell);
    const rank = emailRank(words);
    if (rank !== null) {
      if (!email || rank < email.rank) email = { index, rank };
      continue;
    }
    const phrase = stripQualifiers(words).join(" ");
    if (fullNameHeaders.has(phrase)) named.full.push(index);
    else if (firstNameHeaders.has(phrase)) named.first.push(index);
    else if (middleNameHeaders.has(phrase)) named.middle.push(index);
    else if (lastNameHeaders.has(phrase)) named.last.push(index);
    else if (nameOrLastHeaders.has(phrase)) nameOrLast.push(index);
    else if (nameOrFirstHeaders.has(phrase)) nameOrFirst.push(index);
  }
  if (!email) return null;

  let firstName = named.first[0] ?? null;
  let lastName = named.last[0] ?? null;
  const fullName = [...named.full];
  // "Name" beside "Vorname" (or "Nom" beside "Prénom") is the family name; beside both a first and a last
  // name column (Luma) or alone it is the whole name. Likewise "Nombre" beside "Apellidos" is the first name.
  for (const index of nameOrLast) {
    if (firstName !== null && lastName === null) lastName = index;
    else fullName.push(index);
  }
  for (const index of nameOrFirst) {
    if (lastName !== null && firstName === null) firstName = index;
    else fullName.push(index);
  }
  return {
    email: email.index,
    fullName: fullName.length > 0 ? Math.min(...fullName) : null,
    firstName,
    middleName: named.middle[0] ?? null,
    lastName,
    ...(party ? { party: party.index, partyFromPlusOnes: party.plusOnes } : {}),
  };
}

/**
 * Which headers hold the party size: `Party`, `Party size`, `Guests`, `Seats` (and "Number of guests",
 * "Anzahl Personen", "Personen", "Plätze", "Tickets"), the guest included; `Plus ones`, `Plus one`, `+1`,
 * `Begleitung` count the companions only, so the party is one more.
 */
function partyColumnKind(cell: string): "party" | "plus-ones" | null {
  const raw = cell.trim().toLowerCase();
  if (raw === "+1" || raw === "+ 1" || raw === "+1s") return "plus-ones";
  const phrase = headerWords(cell).join(" ");
  if (plusOnesHeaders.has(phrase)) return "plus-ones";
  if (partyHeaders.has(phrase)) return "party";
  return null;
}

const partyHeaders = new Set([
  "party",
  "party size",
  "guests",
  "number of guests",
  "seats",
  "number of seats",
  "tickets",
  "personen",
  "anzahl personen",
  "anzahl gaste",
  "platze",
  "anzahl platze",
]);
const plusOnesHeaders = new Set([
  "plus ones",
  "plus one",
  "plus 1",
  "plusones",
  "plusone",
  "begleitung",
  "begleitpersonen",
]);

// ——— header names ———

/** Lower case, accents and punctuation dropped, split into words: "E-Mail-Adresse" → ["email", "adresse"]. */
function headerWords(cell: string): string[] {
  const words = cell
    .normalize("NFKD")
    .replace(/\p{M}/gu, "")
    .toLowerCase()
    .replace(/ß/g, "ss")
    .replace(/[^\p{L}\p{N}]+/gu, " ")
    .trim()
    .split(" ")
    .filter((w) => w !== "");
  // "E-mail", "e-post", "e-posta" split at the hyphen; join them back (but not the Italian "e", "and").
  const joined: string[] = [];
  for (let i = 0; i < words.length; i++) {
    const word = words[i]!;
    const next = words[i + 1];
    if (word === "e" && next !== undefined && /^(mail|post)/.test(next)) {
      joined.push(`e${next}`);
      i++;
    } else joined.push(word);
  }
  return joined;
}

/** Leading words that say whose column it is and not what it holds: "Guest name", "Attendee first name". */
const qualifiers = new Set(["guest", "guests", "attendee", "participant", "contact", "your", "member"]);

/** Words that make an address column the primary one. */
const primaryWords = new Set(["primary", "principal", "main", "preferred"]);

/** Words that make a column the email address. */
const emailWords = new Set([
  "email",
  "mail",
  "emailaddress",
  "mailaddress",
  "emailadresse",
  "mailadresse",
  "emailadres",
  "mailadres",
  "emailadress",
  "epost",
  "epostadress",
  "epostadresse",
  "eposta",
  "courriel",
  "correo",
  "sahkoposti",
  "почта",
]);

/** Two-word names of the address, read as the word "email". */
const emailPhrases = ["posta elettronica", "adresse electronique", "электронная почта"];

/** Words an email column's name may carry besides the email word; anything else ("label", "type", "display
 * name", "2", "secondary", "opt-in") makes it some other column. */
const emailCompanions = new Set([
  "address",
  "adresse",
  "adres",
  "adress",
  "addr",
  "indirizzo",
  "direccion",
  "endereco",
  "adresa",
  "value",
  "1",
  "electronique",
  "electronico",
  "electronica",
  "elettronica",
  "eletronico",
  "electronic",
  "de",
  "di",
  "do",
  "da",
  "del",
  "du",
  "home",
  "work",
  "business",
  "personal",
  "private",
  "privat",
  "privee",
  ...primaryWords,
  ...qualifiers,
]);

/** 0 for a primary address column, 1 for another address column, null when the column is no address. */
function emailRank(words: readonly string[]): number | null {
  let text = ` ${words.join(" ")} `;
  for (const phrase of emailPhrases) text = text.replace(` ${phrase} `, " email ");
  const rest = text.trim().split(" ");
  const emailCount = rest.filter((w) => emailWords.has(w)).length;
  if (emailCount !== 1) return null;
  if (!rest.every((w) => emailWords.has(w) || emailCompanions.has(w))) return null;
  return rest.some((w) => primaryWords.has(w)) ? 0 : 1;
}

function stripQualifiers(words: readonly string[]): string[] {
  let i = 0;
  while (i < words.length - 1 && qualifiers.has(words[i]!)) i++;
  return words.slice(i);
}

const fullNameHeaders = new Set([
  "full name",
  "fullname",
  "display name",
  "displayname",
  "complete name",
  "name and surname",
  "first and last name",
  "vollstandiger name",
  "voller name",
  "nom complet",
  "nom et prenom",
  "prenom et nom",
  "nombre completo",
  "nombre y apellidos",
  "nombre y apellido",
  "nome completo",
  "nome e cognome",
  "volledige naam",
  "fullstandigt namn",
  "imie i nazwisko",
  "полное имя",
  "фио",
]);
/** Alone, or beside first and last name columns, the whole name; beside only a first name, the family name. */
const nameOrLastHeaders = new Set(["name", "nom", "naam", "namn", "navn"]);
/** Alone the whole name; beside a family-name column, the first name (Spanish, Italian, Russian). */
const nameOrFirstHeaders = new Set(["nombre", "nome", "имя"]);
const firstNameHeaders = new Set([
  "first name",
  "firstname",
  "first",
  "given name",
  "givenname",
  "forename",
  "vorname",
  "prenom",
  "voornaam",
  "fornamn",
  "fornavn",
  "etunimi",
  "imie",
  "primeiro nome",
  "nombre de pila",
]);
const middleNameHeaders = new Set(["middle name", "middlename", "middle", "middle initial", "second name"]);
const lastNameHeaders = new Set([
  "last name",
  "lastname",
  "last",
  "surname",
  "family name",
  "familyname",
  "nachname",
  "familienname",
  "nom de famille",
  "apellido",
  "apellidos",
  "cognome",
  "achternaam",
  "efternamn",
  "etternavn",
  "sukunimi",
  "nazwisko",
  "sobrenome",
  "фамилия",
]);
