import type { GuestStatus } from "../../contracts/guest.ts";
import type { Intent } from "./intents.ts";
import { momentLabel, type Period, periodIn } from "./periods.ts";
import { findGuest, getHeadcount, listChanges, listGuests, type ToolContext } from "./tools.ts";

/**
 * The answers to the intents plain matching finds (intents.ts), written from what the read-only tools return:
 * the words are ours, every figure and name comes from the data.
 */

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
    case "requested":
      return `${who(g)} asked to join and waits for your approval`;
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
  requested: "waiting for your approval",
};

type IntentOf<K extends Intent["kind"]> = Extract<Intent, { kind: K }>;

/**
 * Answers a matched intent from the tools' data. The period of a "who cancelled …" question is read from the
 * question in the event's time zone.
 */
export async function answerIntent(
  intent: Intent,
  question: string,
  ctx: ToolContext,
): Promise<IntentAnswer> {
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
    case "waitlist-count":
      return answerHeadcount(intent, ctx);
    case "waitlist-who":
    case "offers":
    case "status-list":
      return answerStatusList(intent, ctx);
    case "changes":
      return answerChanges(intent, question, ctx);
    case "guest":
      return answerGuest(intent, ctx);
  }
}

/** How many are confirmed, held, open and waiting. */
async function answerHeadcount(
  intent: IntentOf<"headcount" | "seats-left" | "waitlist-count">,
  ctx: ToolContext,
): Promise<IntentAnswer> {
  const { source, data: h } = await getHeadcount.run(ctx, {});
  const held = h.offered > 0 ? `, ${h.offered} held for ${h.offered === 1 ? "an offer" : "offers"}` : "";
  const taken = `${h.confirmed} confirmed${held}`;
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
      `${plural(h.confirmed, "guest is", "guests are")} confirmed for ${plural(h.capacity, "seat")}${held}` +
      ` and ${h.openSeats} open; ${line}. Registration is ${h.registrationOpen ? "open" : "closed"}.`;
  return { answer, sources: [source] };
}

/** Who is in one status (the waitlist in order, the offers with their deadlines). */
async function answerStatusList(
  intent: IntentOf<"waitlist-who" | "offers" | "status-list">,
  ctx: ToolContext,
): Promise<IntentAnswer> {
  const { now } = ctx;
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
    requested: [
      "No request waits for your approval.",
      `${plural(n, "request waits", "requests wait")} for your approval`,
    ],
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

/** Who registered or cancelled, ever or in the period the question names. */
async function answerChanges(
  intent: IntentOf<"changes">,
  question: string,
  ctx: ToolContext,
): Promise<IntentAnswer> {
  const { now } = ctx;
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

/** Where one guest (by address or name) stands, or the guests a name matches. */
async function answerGuest(intent: IntentOf<"guest">, ctx: ToolContext): Promise<IntentAnswer> {
  const { now } = ctx;
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
