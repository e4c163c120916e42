import * as z from "zod";
import { Accent } from "./accent.ts";
import { EmailAddress, Id, Instant, plainLine, plainText } from "./common.ts";
import { DoorLink } from "./door.ts";
import { defaultLanguage, Language } from "./language.ts";
import { defaultSettings, EventSettings } from "./settings.ts";
import { ThankYouNotes, ThankYouState } from "./thank-you.ts";

const knownZones = new Set<string>();

/** Whether this runtime's time-zone data knows an IANA zone name; remembered, since records are read often. */
function isKnownZone(tz: string): boolean {
  if (knownZones.has(tz)) return true;
  try {
    new Intl.DateTimeFormat("en", { timeZone: tz });
  } catch {
    return false;
  }
  if (!tz.includes("/") && tz !== "UTC") return false;
  knownZones.add(tz);
  return true;
}

/** An IANA time zone name that this runtime knows (Europe/Berlin, America/St_Johns, …). */
export const TimeZone = z.string().refine(isKnownZone, "must be an IANA time zone such as Europe/Berlin");

/** Parties per state: confirmed, holding an offer, waiting in line. */
export const PartyCounts = z.object({
  confirmed: z.number().int().min(0),
  offered: z.number().int().min(0),
  waitlisted: z.number().int().min(0),
});
export type PartyCounts = z.infer<typeof PartyCounts>;

/** The seat counters of one event; the keeper is their only writer. */
export const Counters = z.object({
  capacity: z.number().int().min(0),
  confirmed: z.number().int().min(0),
  /** Seats held for a waitlisted guest who was offered one and has not yet claimed it. */
  offered: z.number().int().min(0),
  waitlisted: z.number().int().min(0),
  /** The sequence number the next waitlisted guest gets; positions are ranks by this number. */
  nextWaitlistSeq: z.number().int().min(1),
});
export type Counters = z.infer<typeof Counters>;

/**
 * The parties per state of an event; rows from before parties hold no `parties`, and then every guest held one
 * seat, so the seat counters tell.
 */
export function partiesOf(c: Counters & { parties?: PartyCounts }): PartyCounts {
  return c.parties ?? { confirmed: c.confirmed, offered: c.offered, waitlisted: c.waitlisted };
}

/**
 * The requests waiting for the host's approval (docs/approval.md): how many, and the seats they ask for. They
 * hold no seat, so they are no part of the counters or the cap.
 */
export const RequestCounts = z.object({
  parties: z.number().int().min(0),
  seats: z.number().int().min(0),
});
export type RequestCounts = z.infer<typeof RequestCounts>;

/** The requests of an event; rows from before approval hold none, and had none. */
export function requestsOf(event: { requested?: RequestCounts }): RequestCounts {
  return event.requested ?? { parties: 0, seats: 0 };
}

/** A message from the host to every confirmed guest. */
export const HostMessage = z.object({
  subject: plainLine("subject", 200, { min: 1 }),
  body: plainText("message", 10_000, { min: 1 }),
});
export type HostMessage = z.infer<typeof HostMessage>;

/**
 * What was done to an event row last: carried on the row so a change stream can audit it and act on it
 * (a host message to send, the day a daily summary is for).
 */
export const EventChange = z.object({
  commandId: z.string(),
  lane: z.string(),
  at: Instant,
  action: z.string(),
  /** As sent; read leniently, so a row written before HostMessage refused control characters still loads. */
  message: z.object({ subject: z.string(), body: z.string() }).optional(),
  /** The event-local day ("yyyy-MM-dd") a daily summary is for. */
  day: z.string().optional(),
  /** A registration waiting for its address to be confirmed: the confirmation email goes out for it. */
  verification: z
    .object({ name: z.string(), email: z.string(), party: z.number().int(), registrationId: z.string() })
    .optional(),
});
export type EventChange = z.infer<typeof EventChange>;

/** A link a guest may open: http(s) only, so a host cannot put script or file URLs on a page. */
export const WebUrl = z
  .url({ protocol: /^https?$/, message: "must be a web address starting with https:// or http://" })
  .max(2_000);

/** Where the event happens: a place and/or an online link, each optional. */
export const EventLocation = z.object({
  /** The place's name, e.g. "Café Lima". */
  place: plainLine("the place", 200).optional(),
  /** The street address, one or more lines; shown with a map link. */
  address: plainText("the address", 500).optional(),
  /** The link to join online. */
  onlineUrl: WebUrl.optional(),
  /** Show the online link only to confirmed guests (on their manage page and in their emails). */
  onlineUrlConfirmedOnly: z.boolean().default(false),
});
export type EventLocation = z.infer<typeof EventLocation>;

/** What guests are told about an event besides its name and time. Every field has a default, so old rows read. */
export const EventDetails = z.object({
  /** Plain text: paragraphs split by blank lines, URLs autolinked when shown; never HTML. */
  description: plainText("the description", 10_000).default(""),
  location: EventLocation.default({ onlineUrlConfirmedOnly: false }),
  /** The host's display name ("Ana Lima"); emails come from "<host> via rsvp". */
  hostName: plainLine("the host's name", 100).optional(),
  /** Where guests' replies to host messages and thank-you notes go; absent: the settings' hostEmail. */
  hostReplyTo: EmailAddress.optional(),
  language: Language.default(defaultLanguage),
  /** The colour of the event's pages and emails, from the palette (contracts/accent.ts); absent: indigo. */
  accent: Accent.optional(),
});
export type EventDetails = z.infer<typeof EventDetails>;

/** The details of an event that set none. */
export const defaultDetails = (): EventDetails => EventDetails.parse({});

/** One question's answers among guests of one status (core/answer-tally.ts). */
export const QuestionTally = z.object({
  /** Guests who answered it at all. */
  answered: z.number().int(),
  /** Per answer value (a choice's option; "yes"/"no"), the guests who gave it. */
  values: z.record(z.string(), z.number().int()),
  /** Answers counted without their value (given in words, while the question had no options). */
  unvalued: z.number().int().optional(),
});
export type QuestionTally = z.infer<typeof QuestionTally>;

/** The answers to the event's questions, counted per guest status and question id. */
export const AnswerTally = z.record(z.string(), z.record(z.string(), QuestionTally));
export type AnswerTally = z.infer<typeof AnswerTally>;

/** The reconfirm counts an event row keeps (`EventRecord.reconfirmTally`, core/reconfirm-tally.ts). */
export const ReconfirmTally = z.object({
  asked: z.number().int().min(0),
  reconfirmed: z.number().int().min(0),
});
export type ReconfirmTally = z.infer<typeof ReconfirmTally>;

/**
 * One event and its counters, in seats. Invariant: a party is granted only while confirmed + offered + party
 * <= capacity.
 */
export const EventRecord = Counters.extend({
  eventId: Id,
  name: z.string().min(1).max(200),
  /** When the event starts, UTC. */
  startsAt: Instant,
  /** When it ends, UTC; events from before ends were kept end `defaultEventHours` after the start. */
  endsAt: Instant.optional(),
  timeZone: TimeZone,
  registrationOpen: z.boolean(),
  /**
   * How many parties (registrations) hold the confirmed, offered and waitlisted seats; the keeper moves them
   * with the seats. Absent on rows from before parties (see `partiesOf`).
   */
  parties: PartyCounts.optional(),
  /** The requests waiting for the host (approval mode); absent until the first one. */
  requested: RequestCounts.optional(),
  settings: EventSettings.default(defaultSettings),
  details: EventDetails.default(defaultDetails),
  /**
   * The calendar entry's SEQUENCE (RFC 5545): raised whenever the date, time or place changes, so a guest's
   * calendar replaces the entry it holds (same UID).
   */
  calendarSequence: z.number().int().min(0).default(0),
  /** Incremented on every committed change of the event or any of its guests. */
  version: z.number().int().min(0),
  /** SHA-256 (hex) of the host token; the token itself is shown once, at creation. */
  hostTokenHash: z.string().regex(/^[0-9a-f]{64}$/),
  createdAt: Instant,
  updatedAt: Instant,
  lastChange: EventChange.nullable(),
  /**
   * The answers to the questions, counted by the keeper with every guest change (core/answer-tally.ts), so the
   * host page reads no guest list for them. Absent on rows from before it: those count from the list.
   */
  answerTally: AnswerTally.optional(),
  /** Seats checked in at the door so far (the keeper moves it with each check-in); absent: none yet. */
  arrived: z.number().int().min(0).optional(),
  /** What the host wants the thank-you note to mention (absent: nothing). */
  thankYouNotes: ThankYouNotes.optional(),
  /** The thank-you note, once the event has ended (absent before, and for an event with the note off). */
  thankYou: ThankYouState.optional(),
  /** The door links the host minted (docs/door.md), oldest first; absent: none (or only links made before). */
  doorLinks: z.array(DoorLink).optional(),
  /**
   * "Still coming?" counted by the keeper with every guest change (core/reconfirm-tally.ts): the confirmed
   * guests asked in their round, and how many of them said yes since. Absent on rows from before it: the host
   * page then counts from the guest list.
   */
  reconfirmTally: ReconfirmTally.optional(),
  /**
   * How many guest rows the event holds: every guest ever written (whatever their status now; rows are never
   * deleted), counted by the keeper as it writes each new one. The AWS store numbers its guests by it to mark
   * the download's parts (docs/aws-guest-list.md). Absent on rows from before it: nothing is counted then.
   */
  rosterSize: z.number().int().min(0).optional(),
});
export type EventRecord = z.infer<typeof EventRecord>;

/** An event's name: one line, 1 to 200 characters. */
export const EventName = plainLine("the name", 200, { min: 1 });

const s = EventSettings.shape;

/**
 * What a host changes of an event (`rsvp event edit`, the admin's form): each field given replaces the stored
 * one, `null` clears an optional one, a field left out stays as it is. Capacity and registration are not here:
 * they keep their own commands (`set-capacity`, `close-registration`), which the audit replays.
 */
export const EventEdit = z
  .object({
    name: EventName.optional(),
    /** New start and end, UTC (the caller turns the host's wall-clock time in the zone into instants). */
    startsAt: Instant.optional(),
    endsAt: Instant.optional(),
    timeZone: TimeZone.optional(),
    description: EventDetails.shape.description.unwrap().optional(),
    place: EventLocation.shape.place.unwrap().nullable().optional(),
    address: EventLocation.shape.address.unwrap().nullable().optional(),
    onlineUrl: WebUrl.nullable().optional(),
    onlineUrlConfirmedOnly: z.boolean().optional(),
    hostName: EventDetails.shape.hostName.unwrap().nullable().optional(),
    hostReplyTo: EmailAddress.nullable().optional(),
    language: Language.optional(),
    accent: Accent.optional(),
    settings: z
      .object({
        claimWindowHours: s.claimWindowHours.unwrap().optional(),
        quietHours: s.quietHours.unwrap().optional(),
        allowNightOffers: s.allowNightOffers.unwrap().optional(),
        reminders: s.reminders.unwrap().optional(),
        hostEmail: s.hostEmail.unwrap().optional(),
        summaryDays: s.summaryDays.unwrap().optional(),
        thankYou: s.thankYou.unwrap().optional(),
        thanksOnlyArrived: s.thanksOnlyArrived.unwrap().optional(),
        embedOrigins: s.embedOrigins.unwrap().optional(),
        questions: s.questions.unwrap().optional(),
        /** A lower limit holds for new registrations only: a party that holds its seats keeps them. */
        maxParty: s.maxParty.unwrap().optional(),
        smallerPartiesFirst: s.smallerPartiesFirst.unwrap().optional(),
        approval: s.approval.unwrap().optional(),
        hideLocationUntilApproved: s.hideLocationUntilApproved.unwrap().optional(),
        retentionDays: s.retentionDays.unwrap().optional(),
        verifyEmail: s.verifyEmail.unwrap().optional(),
        ignorePlusTags: s.ignorePlusTags.unwrap().optional(),
        reconfirm: s.reconfirm.unwrap().optional(),
      })
      .optional(),
  })
  .refine(
    (e) =>
      e.startsAt === undefined || e.endsAt === undefined || Date.parse(e.endsAt) > Date.parse(e.startsAt),
    "the end must be after the start",
  );
export type EventEdit = z.infer<typeof EventEdit>;

/** How long an event lasts when it was given no end. */
export const defaultEventHours = 2;

/** When an event ends: its `endsAt`, or `defaultEventHours` after the start. */
export function eventEnd(event: Pick<EventRecord, "startsAt" | "endsAt">): Date {
  return event.endsAt
    ? new Date(event.endsAt)
    : new Date(Date.parse(event.startsAt) + defaultEventHours * 3_600_000);
}

/** The headcount a host watches (`GET /h/:hostToken/headcount`). */
export const Headcount = z.object({
  eventId: Id,
  name: z.string(),
  startsAt: Instant,
  timeZone: z.string(),
  capacity: z.number().int(),
  confirmed: z.number().int(),
  offered: z.number().int(),
  waitlisted: z.number().int(),
  /** How many parties hold the confirmed, offered and waitlisted seats (all 1-seat parties: the same numbers). */
  parties: PartyCounts,
  /** Requests waiting for the host's approval (docs/approval.md): how many, and the seats they ask for. */
  requested: RequestCounts,
  /** Seats still free: capacity − confirmed − offered, never below zero. */
  open: z.number().int(),
  registrationOpen: z.boolean(),
  version: z.number().int(),
  /** Seats checked in at the door, of `expected` (the confirmed seats): the door's "arrived / expected". */
  arrived: z.number().int(),
  expected: z.number().int(),
  /**
   * "8 of 12 reconfirmed" (docs/reconfirm.md): of the confirmed guests asked "still coming?", how many said
   * yes; null before the ask or without reconfirm. Absent for an event row from before the count was kept
   * (the host page then counts from the guest list on load).
   */
  reconfirmed: z.object({ count: z.number().int(), total: z.number().int() }).nullable().optional(),
});
export type Headcount = z.infer<typeof Headcount>;

/** The headcount view of an event record. */
export function headcountOf(event: EventRecord): Headcount {
  return {
    eventId: event.eventId,
    name: event.name,
    startsAt: event.startsAt,
    timeZone: event.timeZone,
    capacity: event.capacity,
    confirmed: event.confirmed,
    offered: event.offered,
    waitlisted: event.waitlisted,
    parties: partiesOf(event),
    requested: requestsOf(event),
    open: Math.max(0, event.capacity - event.confirmed - event.offered),
    registrationOpen: event.registrationOpen,
    version: event.version,
    arrived: event.arrived ?? 0,
    expected: event.confirmed,
    ...(event.reconfirmTally ? { reconfirmed: reconfirmedOf(event) } : {}),
  };
}

/**
 * "8 of 12" from the row's reconfirm tally (core/reconfirm-tally.ts keeps it): for an event that asks, once
 * a confirmed guest was asked; null otherwise.
 */
function reconfirmedOf(event: EventRecord): { count: number; total: number } | null {
  const tally = event.reconfirmTally;
  if (!tally || !event.settings.reconfirm || tally.asked === 0) return null;
  return { count: tally.reconfirmed, total: tally.asked };
}

/** The counters part of an event record. */
export function countersOf(event: Counters): Counters {
  return {
    capacity: event.capacity,
    confirmed: event.confirmed,
    offered: event.offered,
    waitlisted: event.waitlisted,
    nextWaitlistSeq: event.nextWaitlistSeq,
  };
}
