import type { GuestStatus } from "../../contracts/guest.ts";
import { momentLabel, type Period, periodIn } from "./periods.ts";
import { findGuest, getHeadcount, listChanges, listGuests, type ToolContext } from "./tools.ts";

/**
 * The common questions, answered without a model: plain matching of the question's words to one of a few
 * intents, each answered by the same read-only tools the assistant calls. It is the embedded runtime's default
 * and the fallback when the assistant fails. Matching only ever picks which query to run; what the answer says
 * comes from the data, and guest-typed text in the data is only ever quoted.
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

/** Words that name a time: a question with one that names no period periodIn can read is not about "ever". */
const timeCue =
  /\b(?:since|after|before|until|till|between|ago|during|on the|in (?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*)\b|\d/;

/** An answer from the intent matcher: the text and what it was read from. */
export interface IntentAnswer {
  answer: string;
  sources: string[];
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** "1st", "2nd", "3rd", "11th", "22nd". */
function ordinal(n: number): string {
  const tens = n % 100;
  const suffix = tens >= 11 && tens <= 13 ? "th" : (["th", "st", "nd", "rd"][n % 10] ?? "th");
  return `${n}${suffix}`;
}

/** Up to `max` items, then "and N more". */
function listed(items: readonly string[], max = 20): string {
  const shown = items.slice(0, max).join("; ");
  return items.length > max ? `${shown}; and ${items.length - max} more` : shown;
}

interface GuestView {
  name: string;
  email: string;
  status: GuestStatus;
  waitlistPosition: number | null;
  offerHeldUntil: string | null;
  lastChangedAt: string;
}

const who = (g: { name: string | null; email: string }) => (g.name ? `${g.name} <${g.email}>` : g.email);

/** Where one guest stands, in a sentence without a full stop. */
function standing(g: GuestView, timeZone: string, now: Date): string {
  const when = (at: string) => momentLabel(at, timeZone, now);
  switch (g.status) {
    case "confirmed":
      return `${who(g)} is confirmed (since ${when(g.lastChangedAt)})`;
    case "waitlisted":
      return g.waitlistPosition === null
        ? `${who(g)} is on the waitlist`
        : `${who(g)} is on the waitlist, ${ordinal(g.waitlistPosition)} in line`;
    case "offered":
      return g.offerHeldUntil
        ? `${who(g)} has been offered a seat, held until ${when(g.offerHeldUntil)}`
        : `${who(g)} has been offered a seat`;
    case "pending":
      return `${who(g)} was invited and has not answered yet`;
    case "lapsed":
      return `${who(g)} was offered a seat but did not claim it in time (${when(g.lastChangedAt)})`;
    case "cancelled":
      return `${who(g)} cancelled (${when(g.lastChangedAt)})`;
  }
}

/** Where a guest who came back stands now, after "now". */
const statusNowLabel: Record<GuestStatus, string> = {
  confirmed: "confirmed",
  waitlisted: "on the waitlist",
  offered: "offered a seat",
  lapsed: "let an offer lapse",
  pending: "invited",
  cancelled: "cancelled",
};

/**
 * Answers a matched intent from the tools' data. The period of a "who cancelled …" question is read from the
 * question in the event's time zone.
 */
export async function answerIntent(
  intent: Intent,
  question: string,
  ctx: ToolContext,
): Promise<IntentAnswer> {
  const { now } = ctx;
  switch (intent.kind) {
    case "change-request":
      return {
        answer:
          "I can only look things up: nothing I do changes the guest list or the event. To change something, " +
          "use the host page's controls (capacity, registration, messages, re-sent links) or `rsvp host`.",
        sources: [],
      };

    case "headcount":
    case "seats-left":
    case "waitlist-count": {
      const { source, data: h } = await getHeadcount.run(ctx, {});
      const taken = `${h.confirmed} confirmed${h.offered > 0 ? `, ${h.offered} held for ${h.offered === 1 ? "an offer" : "offers"}` : ""}`;
      const line =
        h.waitlisted === 0 ? "nobody is on the waitlist" : `${plural(h.waitlisted, "guest")} on the waitlist`;
      let answer: string;
      if (intent.kind === "waitlist-count")
        answer =
          h.waitlisted === 0
            ? "Nobody is on the waitlist."
            : `${plural(h.waitlisted, "guest is", "guests are")} on the waitlist.`;
      else if (intent.kind === "seats-left")
        answer =
          h.openSeats > 0
            ? `${h.openSeats} of ${plural(h.capacity, "seat")} ${h.openSeats === 1 ? "is" : "are"} open (${taken}); ${line}.`
            : `No seats are open: the event is full at ${plural(h.capacity, "seat")} (${taken}); ${line}.`;
      else
        answer =
          `${plural(h.confirmed, "guest is", "guests are")} confirmed for ${plural(h.capacity, "seat")}` +
          `${h.offered > 0 ? `, ${h.offered} held for ${h.offered === 1 ? "an offer" : "offers"}` : ""}` +
          ` and ${h.openSeats} open; ${line}. Registration is ${h.registrationOpen ? "open" : "closed"}.`;
      return { answer, sources: [source] };
    }

    case "waitlist-who":
    case "offers":
    case "status-list": {
      const status: GuestStatus =
        intent.kind === "waitlist-who" ? "waitlisted" : intent.kind === "offers" ? "offered" : intent.status;
      const { source, data } = await listGuests.run(ctx, { statuses: [status], limit: 200 });
      const tz = (await ctx.read.event()).timeZone;
      const n = data.total;
      const items = data.guests.map((g) =>
        status === "waitlisted" && g.waitlistPosition !== null
          ? `${g.waitlistPosition}. ${who(g)}`
          : status === "offered" && g.offerHeldUntil
            ? `${who(g)} (held until ${momentLabel(g.offerHeldUntil, tz, now)})`
            : who(g),
      );
      const more = n > items.length ? `; and ${n - items.length} more` : "";
      const heads: Record<GuestStatus, [string, string]> = {
        waitlisted: [
          "Nobody is on the waitlist.",
          `${plural(n, "guest is", "guests are")} on the waitlist, in order`,
        ],
        offered: [
          "No seat is held for an offer right now.",
          `${plural(n, "seat is", "seats are")} held for ${n === 1 ? "an offer" : "offers"}`,
        ],
        confirmed: ["Nobody is confirmed yet.", `${plural(n, "guest is", "guests are")} confirmed`],
        pending: [
          "Every invited guest has answered.",
          `${plural(n, "invited guest has", "invited guests have")} not answered yet`,
        ],
        lapsed: ["No offer has lapsed.", `${plural(n, "guest", "guests")} let an offer lapse`],
        cancelled: ["Nobody has cancelled.", `${plural(n, "guest has", "guests have")} cancelled`],
      };
      const [none, some] = heads[status];
      const answer =
        n === 0
          ? none
          : intent.kind === "status-list" && intent.count
            ? `${some}.`
            : `${some}: ${listed(items)}${more}.`;
      return { answer, sources: [source] };
    }

    case "changes": {
      const tz = (await ctx.read.event()).timeZone;
      const period: Period | null = periodIn(question, tz, now);
      // A time the host named but periodIn cannot read must not silently widen to "ever".
      if (!period && timeCue.test(question.toLowerCase()))
        return {
          answer:
            "I could not tell which time that means. I understand today, yesterday, this week, last week, " +
            "this month, the last N days, since Monday, since 16 Nov and since 2026-11-16.",
          sources: [],
        };
      const { source, data } = await listChanges.run(ctx, {
        ...(period ? { since: period.since.toISOString() } : {}),
        ...(period?.until ? { until: period.until.toISOString() } : {}),
        ...(intent.what === "cancelled" ? { to: "cancelled" as const } : { registrations: true }),
        limit: 200,
      });
      const when = period ? ` ${period.label}` : "";
      const n = data.total;
      const verb = intent.what === "cancelled" ? "cancelled" : "registered";
      if (n === 0) return { answer: `Nobody ${verb}${when}.`, sources: [source] };
      const items = data.changes.map((c) => {
        const at = momentLabel(c.at, tz, now);
        if (c.again) return `${who(c)} registered again on ${at}`;
        // Only registering again leads out of cancelled: a cancellation whose guest is no longer cancelled
        // was followed by a comeback, which the host asking who cancelled should not be left to guess.
        if (intent.what === "cancelled" && c.statusNow !== null && c.statusNow !== "cancelled")
          return `${who(c)} on ${at} (registered again since: now ${statusNowLabel[c.statusNow]})`;
        return `${who(c)} on ${at}`;
      });
      // A guest who registered, left and came back in the period is one guest with two entries.
      const guests = new Set(data.changes.map((c) => c.email)).size + (n - data.changes.length);
      const head = `${plural(guests, "guest", "guests")} ${verb}${when}`;
      const more = n > items.length ? `; and ${n - items.length} earlier` : "";
      return { answer: intent.count ? `${head}.` : `${head}: ${listed(items)}${more}.`, sources: [source] };
    }

    case "guest": {
      const { source, data } = await findGuest.run(ctx, {
        ...(intent.email ? { email: intent.email } : {}),
        ...(intent.name ? { name: intent.name } : {}),
      });
      const tz = (await ctx.read.event()).timeZone;
      const asked = intent.email ? `with the address ${intent.email}` : `named "${intent.name}"`;
      if (data.total === 0) return { answer: `No guest ${asked} is on the list.`, sources: [source] };
      if (data.total > 1) {
        const items = data.matches.map((g) => standing(g, tz, now));
        return {
          answer: `${data.total} guests match "${intent.name}": ${listed(items, 10)}.`,
          sources: [source],
        };
      }
      const g = data.matches[0]!;
      const yesNo = intent.asks === null ? "" : g.status === intent.asks ? "Yes: " : "No: ";
      return { answer: `${yesNo}${standing(g, tz, now)}.`, sources: [source] };
    }
  }
}
