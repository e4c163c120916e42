import type { GuestStatus } from "../../contracts/guest.ts";

/**
 * The common questions, answered without a model: plain matching of the question's words to one of a few
 * intents, each answered by the same read-only tools the assistant calls (intent-answers.ts). It is the embedded
 * runtime's default and the fallback when the assistant fails. Matching only ever picks which query to run; what
 * the answer says comes from the data, and guest-typed text in the data is only ever quoted.
 */

/** What a question asks for, as far as plain matching can tell. */
export type Intent =
  | { kind: "headcount" }
  | { kind: "seats-left" }
  | { kind: "waitlist-count" }
  | { kind: "waitlist-who" }
  | { kind: "offers" }
  /** Everyone in a status now (confirmed, pending, lapsed). */
  | { kind: "status-list"; status: GuestStatus; count: boolean }
  /** Status changes in a period: cancellations, or new registrations. */
  | { kind: "changes"; what: "cancelled" | "registered"; count: boolean }
  /** One guest, by address or name; `asks` is the status a yes/no question asks about. */
  | { kind: "guest"; email?: string; name?: string; asks: GuestStatus | null }
  /** An order to change something: nothing here can, and the answer says where to do it instead. */
  | { kind: "change-request" };

/** What the intent matcher can answer, for the answer that says a question needs the assistant. */
export const intentCoverage =
  "the headcount and open seats; the waitlist (how many, who, in order); held offers; who cancelled or " +
  "registered (today, yesterday, this week, last week, the last N days, since a weekday or a date); the " +
  "confirmed, pending or lapsed guests; and one guest's status (by email address or name)";

const emailPattern = /[^\s@<>"'(),;:?]+@[^\s@<>"'(),;:?]+\.[a-z]{2,}/i;

/** Words that stand for "somebody", never for a guest's name ("has anyone cancelled?"). */
const nobodyInParticular =
  /^(?:any|anyone|anybody|someone|somebody|everyone|everybody|nobody|no one|people|guests?|any guests?|all guests|they|we|it|there|the event|the party|this event)$/;

/** Straight apostrophes, single spaces, no closing punctuation (case kept: it is a guest's name's). */
function normalise(question: string): string {
  return question
    .replace(/[\u2018\u2019]/g, "'")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/[?!.\s]+$/, "");
}

const countWords = /\b(?:how many|number of|count|how much|total)\b/;
const cancelWords =
  /\b(?:cancel+(?:ed|led|s|ing|ation|ations)?|drop(?:ped)? out|dropped|pulled out|backed out|bailed|withdr[ae]w|withdrawn|declined|decline[sd]?|no longer coming|not coming any ?more)\b/;
const registerWords =
  /\b(?:register(?:ed)?|registrations|sign(?:ed)? ?ups?|sign(?:ed)? up|joined|rsvp'?(?:e?d|s)|new guests?)\b/;
const waitlistWords = /\b(?:wait ?-?list(?:ed)?|waiting list|waiting|in line|queue[d]?)\b/;
const offerWords =
  /\b(?:offers?|offered|held seats?|seats? (?:held|on hold)|holding|holds? a seat|unclaimed|to claim|claims?)\b/;
const seatsWords =
  /\b(?:(?:seats?|spots?|places?|tickets?|room|space)\b.*\b(?:left|free|open|available|remain(?:ing)?|empty|unfilled)|(?:left|free|open|available|remaining|empty) (?:seats?|spots?|places?|tickets?)|full|sold out|booked (?:out|up)|at capacity|room for|any room|space for|fit (?:in|more))\b/;
const changeVerbs =
  /^(?:please |can you |could you |would you |go and |now )?(?:cancel|uncancel|remove|delete|erase|add|register|move|put|bump|promote|send|e-?mail|message|notify|remind|change|set|increase|decrease|raise|lower|close|reopen|open up|invite|kick|ban|block|approve|decline|reject|accept|seat|give|offer|import|forget|ignore|disregard|update|edit|rename|mark)\b/;

/** Which intent a question matches, or null when plain matching cannot tell. Pure: no data, no clock. */
export function matchIntent(question: string): Intent | null {
  const asked = normalise(question);
  const q = asked.toLowerCase();
  if (q === "") return null;
  const email = asked.match(emailPattern)?.[0];

  if (
    changeVerbs.test(q) &&
    !/^(?:can you |could you |would you )?(?:tell|show|list|give me|check)\b/.test(q)
  )
    return { kind: "change-request" };

  if (email) return { kind: "guest", email, asks: asksAbout(q) };

  const named = guestNamed(asked);
  if (named) return { kind: "guest", name: named, asks: asksAbout(q) };

  const count = countWords.test(q);
  if (cancelWords.test(q)) return { kind: "changes", what: "cancelled", count };
  if (
    registerWords.test(q) &&
    !/\b(?:are|is|am) (?:now |currently |already )?(?:registered|signed up)\b/.test(q)
  )
    return { kind: "changes", what: "registered", count };
  const status = statusNamed(q);
  if (status === "pending" || status === "lapsed") return { kind: "status-list", status, count };
  if (waitlistWords.test(q)) {
    if (count || /\b(?:how long|how big|size|length)\b/.test(q)) return { kind: "waitlist-count" };
    return { kind: "waitlist-who" };
  }
  if (offerWords.test(q)) return { kind: "offers" };
  if (seatsWords.test(q)) return { kind: "seats-left" };

  if (status) return { kind: "status-list", status, count };
  if (
    count ||
    /\b(?:head ?count|numbers|attendance|turnout|capacity|overview|summary|stats|statistics|how (?:is|are) (?:it|we|things|registration|the event) (?:going|looking|doing)|where (?:are we|do we stand)|status of the event|event status|registration (?:still )?(?:open|closed))\b/.test(
      q,
    )
  )
    return { kind: "headcount" };
  if (/\bwho\b.*\b(?:coming|attending|going|confirmed|on the (?:guest )?list)\b/.test(q))
    return { kind: "status-list", status: "confirmed", count: false };
  return null;
}

/** The status a yes/no question about a guest asks about ("has … confirmed?" asks about confirmed). */
function asksAbout(q: string): GuestStatus | null {
  if (cancelWords.test(q)) return "cancelled";
  if (waitlistWords.test(q)) return "waitlisted";
  if (/\b(?:offer(?:ed)?|claim(?:ed)?)\b/.test(q)) return "offered";
  if (
    /\b(?:confirm(?:ed)?|coming|attending|going|accepted|in|registered|signed up|rsvp'?(?:e?d)?|got a seat|have a seat|has a seat|seated)\b/.test(
      q,
    ) &&
    /^(?:has|have|did|is|was|will|does|do|are)\b/.test(q)
  )
    return "confirmed";
  return null;
}

/** Statuses a "who is …" question can name. */
function statusNamed(q: string): GuestStatus | null {
  if (
    /\b(?:pending|not (?:yet )?(?:responded|answered|replied|confirmed)|(?:haven'?t|hasn'?t|have not|has not|didn'?t|did not) (?:yet )?(?:respond|answer|repl|confirm)\w*|no (?:response|answer|reply)|(?:still )?invited|unanswered|undecided)\b/.test(
      q,
    )
  )
    return "pending";
  if (
    /\b(?:lapsed|expired|missed (?:their|the|an?) offers?|let (?:their|the) offers? (?:lapse|expire))\b/.test(
      q,
    )
  )
    return "lapsed";
  if (/\b(?:confirmed|coming|attending|going)\b/.test(q) && /\b(?:who|which|list|show|names?)\b/.test(q))
    return "confirmed";
  return null;
}

/**
 * The guest a question names, if it names one: "has Ana Guest confirmed?", "status of Bob", "is Carla coming?".
 * The name keeps the case it was asked in.
 */
function guestNamed(q: string): string | null {
  const patterns = [
    /^(?:has|have|did|does)\s+(.+?)\s+(?:already\s+|yet\s+|actually\s+|ever\s+)?(?:confirm|rsvp|register|sign|accept|claim|respond|repl|answer|cancel|decline|drop|pull|back|withdr|get|got|come|join)/i,
    /^(?:is|was|will)\s+(.+?)\s+(?:still\s+|already\s+|now\s+|actually\s+)?(?:be\s+)?(?:coming|confirmed|attending|going|registered|signed up|on (?:the )?(?:wait ?-?list|waiting list|list|guest list)|waitlisted|waiting|in line|invited|cancell?ed|offered|there|in)\b/i,
    /^(?:what(?:'s| is) the |what(?:'s| is) |show |check |look up |find |lookup )?(?:status|rsvp|state) (?:of|for) (.+)$/i,
    /^(?:what about|how about|what's up with|what is up with|where is|where's|check on|look up|lookup|find|find guest|show me|tell me about)\s+(.+)$/i,
    /^(.+?)'s (?:status|rsvp)$/i,
  ];
  for (const pattern of patterns) {
    const raw = q.match(pattern)?.[1]?.trim();
    if (!raw) continue;
    const name = raw
      .replace(/^(?:the )?guest (?:named |called )?/i, "")
      .replace(/^(?:mr|mrs|ms|dr)\.? /i, "");
    const lower = name.toLowerCase();
    if (name === "" || name.length > 100 || nobodyInParticular.test(lower)) continue;
    // "what about the waitlist?" names a list, not a guest.
    if (
      /\b(?:wait ?-?list|waiting|seats?|offers?|headcount|guests|cancell?ations?|registration|event|party)\b/.test(
        lower,
      )
    )
      continue;
    return name;
  }
  return null;
}
