/**
 * The party size a person states in a reply ("+1", "we're 3", "2 of us", "wir sind zu dritt"), themselves
 * included. Pure text: the caller passes the reply's new text (quotes and signatures cut away). When in doubt
 * this says `unclear`, never a number: a wrong number takes seats from the next guests in line, while "unclear"
 * only sends the guest a page where they choose (docs/parties.md, "Email replies").
 */

import { numberWords } from "../../core/number-words.ts";

export type PartyStatement =
  | { kind: "size"; party: number; phrase: string }
  | { kind: "unclear"; phrase: string };

/** German "zu zweit", "zu dritt", …: how many, all told. */
const zuForms: Record<string, number> = {
  zweit: 2,
  dritt: 3,
  viert: 4,
  fünft: 5,
  sechst: 6,
  siebt: 7,
  acht: 8,
  neunt: 9,
  zehnt: 10,
};

const N = `(\\d{1,2}|${Object.keys(numberWords).join("|")})`;
// Letter boundaries that work for umlauts too (\b is ASCII-only).
const B = "(?<![\\p{L}\\d])";
const E = "(?![\\p{L}\\d])";
const re = (source: string) => new RegExp(`${B}(?:${source})${E}`, "u");

const toNumber = (word: string) => (/^\d+$/.test(word) ? Number(word) : (numberWords[word] ?? Number.NaN));

/** One companion, named in the singular: "my wife", "meinem Mann", "a friend". */
const companion =
  "(?:my|a) (?:wife|husband|partner|girlfriend|boyfriend|fiancée?|spouse|friend|colleague|date|plus[- ]one|son|daughter|mother|father|mum|mom|dad|sister|brother)";
const begleiter =
  "(?:meine[mr]?|einer?|einem) (?:frau|mann|partner(?:in)?|freund(?:in)?|kollegen|kollegin|begleitung|sohn|tochter|mutter|vater|schwester|bruder)";

/** A phrase that names a size, and how to read it: `total` is the whole party, `extra` the companions only. */
const sizes: readonly { re: RegExp; read: (m: RegExpExecArray) => number }[] = [
  // "+1", "+ 2": companions. Not a phone number ("+49 30 …", "+1 555 …"): one digit, no digits after.
  { re: /(?<![\w+])\+ ?([1-9])(?![\d.,]?\d)(?! ?\(?\d)/u, read: (m) => 1 + Number(m[1]) },
  { re: re(`plus ${N}`), read: (m) => 1 + toNumber(m[1]!) },
  // "we're 3", "we are three", "we'll be 4", "there will be 3 of us", "wir sind 3", "wir sind zu dritt".
  {
    re: re(
      `(?:we're|we are|we'll be|we will be|there will be|there'll be|wir sind|wir kommen|wir werden) ${N}(?! (?:hours?|minutes?|mins?|days?|weeks?|stunden|minuten|tage|uhr|o'clock|pm|am))`,
    ),
    read: (m) => toNumber(m[1]!),
  },
  { re: re(`(?:all |the )?${N} of us`), read: (m) => toNumber(m[1]!) },
  { re: re("both of us|the two of us|us two|wir beide|wir zwei"), read: () => 2 },
  { re: re(`(?:party|table|group|gruppe) (?:of|von|für) ${N}`), read: (m) => toNumber(m[1]!) },
  {
    re: re(`${N} (?:people|persons|guests|adults|seats|spots|places|personen|gäste|plätze|erwachsene)`),
    read: (m) => toNumber(m[1]!),
  },
  { re: re(`zu (${Object.keys(zuForms).join("|")})`), read: (m) => zuForms[m[1]!] ?? Number.NaN },
  // One named companion: "me and my wife", "my husband and I", "bringing a friend", "mit meiner Frau".
  {
    re: re(
      `(?:me and|bringing|bring|with|along with) ${companion}|${companion} and (?:i|me)|mit ${begleiter}|mit begleitung|ich und ${begleiter}|${begleiter} und ich`,
    ),
    read: () => 2,
  },
  { re: re("just me|only me|on my own|by myself|alone|nur ich|allein|alleine"), read: () => 1 },
];

/** Phrases about bringing others without saying how many: the guest chooses on a page. */
const vague = re(
  "(?:bring|bringing|with|plus) (?:my |the |our |some |a few |a couple of )?(?:kids|children|family|friends|guests|partners|colleagues|others|people)" +
    "|a few of us|several of us|some of us|(?:a |one or )?(?:couple|few) (?:more|extra)|plus[- ]ones" +
    "|mit (?:den |meinen |unseren )?(?:kindern|familie|freunden|kollegen|gästen)|ein paar|mehrere|noch jemand|jemanden mit" +
    `|${N} (?:or|oder|to|bis|-|–) ${N}|${N}[-–]${N}`,
);

/**
 * The party size a reply states, or null when it says nothing about one (a plain "yes": the party stays as it
 * is). Questions are not statements ("can I bring a plus one?" asks) and, like two different sizes or a vague
 * "with the kids", read as `unclear`.
 */
export function findPartySize(text: string): PartyStatement | null {
  const normal = text
    .toLowerCase()
    .replace(/[’‘ʼ´`]/g, "'")
    .replace(/\s+/g, " ");
  const found = new Map<number, string>();
  let unclear: string | null = null;
  for (const sentence of normal.split(/(?<=[.!?;])\s+|\n/)) {
    const question = sentence.trimEnd().endsWith("?");
    const vagueMatch = vague.exec(sentence);
    if (vagueMatch) unclear ??= vagueMatch[0];
    for (const size of sizes) {
      const m = size.re.exec(sentence);
      if (!m) continue;
      const party = size.read(m);
      if (question || !Number.isInteger(party) || party < 1) unclear ??= m[0];
      else if (!found.has(party)) found.set(party, m[0].trim());
      break;
    }
  }
  const [only] = [...found];
  if (found.size === 1 && only && unclear === null) return { kind: "size", party: only[0], phrase: only[1] };
  if (found.size > 1) return { kind: "unclear", phrase: [...found.values()].join(" / ") };
  return unclear === null ? null : { kind: "unclear", phrase: unclear };
}
