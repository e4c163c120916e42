import { randomBytes } from "node:crypto";
import { hasControlCharacter } from "../contracts/common.ts";
import type { EventDetails, EventRecord } from "../contracts/event.ts";
import { EventName, TimeZone } from "../contracts/event.ts";
import {
  DEFAULT_REMINDER_OFFSETS,
  EventSettings,
  MAX_PARTY,
  MAX_RETENTION_DAYS,
} from "../contracts/settings.ts";
import { createEventRecord, EventInputError, eventEndOf, wallClockToUtc } from "../core/event-factory.ts";
import { hashHostToken, mintHostToken } from "../core/host-token.ts";
import type { GuestStore } from "../core/ports.ts";
import { CliError } from "./errors.ts";
import { type DetailsOptions, detailsOf } from "./event-details.ts";
import { trustSettingsOf } from "./trust-options.ts";

/** What a host types to create an event, as strings straight from the command line. */
export interface EventInput {
  name: string;
  /** Wall-clock start in the event's zone, e.g. 2026-12-24T19:00. */
  startsAt: string;
  /** Wall-clock end in the event's zone; absent: two hours after the start. */
  endsAt?: string;
  timeZone: string;
  capacity: string;
  /** Optional settings as typed; anything left out takes the product default. */
  hostEmail?: string;
  claimWindowHours?: string;
  /** "21:00-08:00", or "off" for none. */
  quietHours?: string;
  allowNightOffers?: boolean;
  summaryDays?: string;
  /** Which reminders to send: "week,day,morning" (the default), a subset, or "none". */
  reminders?: string;
  /** The thank-you note after the event: "auto" (the default), "approve" or "off". */
  thankYou?: string;
  /** The questions on the form, as read from `--questions FILE` (cli/questions-file.ts). */
  questions?: readonly unknown[];
  /** Where, what, who, which language, and who may embed the form (cli/event-details.ts). */
  details?: DetailsOptions;
  /** The most seats one registration may ask for, the guest included (default 1). */
  maxParty?: string;
  /** Offer freed seats to the first party in line that fits, not only to the first party (default off). */
  smallerPartiesFirst?: boolean;
  /** Approval mode: registrations wait for the host (default off; docs/approval.md). */
  approval?: boolean;
  /** With approval: hide the place until a guest is approved (default on). */
  hideLocationUntilApproved?: boolean;
  /** The privacy settings (cli/trust-options.ts). */
  retentionDays?: string;
  verifyEmail?: boolean;
  ignorePlusTags?: boolean;
  /** Days before the event to ask confirmed guests "still coming?", or "off" (default off). */
  reconfirm?: string;
  /** With `reconfirm`: guests who do not answer in time lose their seats (default: they keep them). */
  reconfirmRelease?: boolean;
  /** With `reconfirm`: the hours guests have to answer (default 24). */
  reconfirmHours?: string;
}

/** A created event with the one-time host token and the paths of its two pages. */
export interface CreatedEvent {
  event: EventRecord;
  hostToken: string;
  registerPath: string;
  hostPath: string;
}

const maxCapacity = 100_000;

/**
 * A short random event id: 72 bits as 14 lowercase letters and digits (base 36). Lowercase because the id is
 * also the tag of the event's reply address (`rsvp+EVENTID@…`), whose case a mail system may change: the
 * email-reply lane then finds the event by the lowercased tag (producers/email/reply-lane.ts). Letters and
 * digits only, so it never starts with "-" and passes as a command-line argument.
 */
function newEventId(): string {
  return BigInt(`0x${randomBytes(9).toString("hex")}`)
    .toString(36)
    .padStart(14, "0");
}

/** The settings options, checked against the contract; each problem names its option. */
export function settingsOf(input: EventInput, problems: string[]): EventSettings {
  const raw: Record<string, unknown> = {};
  const number = (text: string | undefined) => (text === undefined ? undefined : Number(text.trim()));
  if (input.hostEmail !== undefined) raw.hostEmail = input.hostEmail;
  if (input.claimWindowHours !== undefined) raw.claimWindowHours = number(input.claimWindowHours);
  if (input.summaryDays !== undefined) raw.summaryDays = number(input.summaryDays);
  if (input.allowNightOffers !== undefined) raw.allowNightOffers = input.allowNightOffers;
  if (input.thankYou !== undefined) raw.thankYou = input.thankYou.trim();
  const origins = input.details?.embedOrigin;
  if (origins !== undefined) raw.embedOrigins = origins.map((o) => o.trim().replace(/\/+$/, ""));
  if (input.maxParty !== undefined) raw.maxParty = number(input.maxParty);
  if (input.smallerPartiesFirst !== undefined) raw.smallerPartiesFirst = input.smallerPartiesFirst;
  if (input.questions !== undefined) raw.questions = input.questions;
  if (input.approval !== undefined) raw.approval = input.approval;
  if (input.hideLocationUntilApproved !== undefined)
    raw.hideLocationUntilApproved = input.hideLocationUntilApproved;
  Object.assign(raw, trustSettingsOf(input));
  reconfirmOf(input, raw, problems);
  if (input.reminders !== undefined) {
    const words = input.reminders
      .split(",")
      .map((w) => w.trim())
      .filter(Boolean);
    const known = new Map(DEFAULT_REMINDER_OFFSETS.map((r) => [r.kind as string, r]));
    const unknown = words.filter((w) => w !== "none" && !known.has(w));
    if (unknown.length > 0)
      problems.push(
        `--reminders takes week, day, morning (comma-separated) or none (got "${input.reminders}")`,
      );
    else raw.reminders = words.includes("none") ? [] : [...new Set(words)].map((w) => known.get(w));
  }
  if (input.quietHours !== undefined) {
    const text = input.quietHours.trim();
    const m = /^(\d{2}:\d{2})-(\d{2}:\d{2})$/.exec(text);
    if (text === "off") raw.quietHours = { start: "00:00", end: "00:00" };
    else if (m) raw.quietHours = { start: m[1], end: m[2] };
    else problems.push(`--quiet-hours must look like 21:00-08:00, or be "off" (got "${input.quietHours}")`);
  }
  const parsed = EventSettings.safeParse(raw);
  if (parsed.success) return parsed.data;
  const flags: Record<string, string> = {
    hostEmail: "--host-email",
    claimWindowHours: "--claim-window (hours, 0.25 to 168)",
    summaryDays: "--summary-days (0 to 30)",
    quietHours: "--quiet-hours",
    thankYou: "--thank-you (auto, approve or off)",
    embedOrigins: "--embed-origin (an origin such as https://ana.example)",
    maxParty: `--max-party (a whole number, 1 to ${MAX_PARTY})`,
    retentionDays: `--retention-days (a whole number of days, 1 to ${MAX_RETENTION_DAYS}, or "off")`,
    questions: "--questions",
    reconfirm: "--reconfirm (days, 1 to 30) / --reconfirm-hours (1 to 168)",
  };
  for (const issue of parsed.error.issues) {
    const key = String(issue.path[0] ?? "");
    problems.push(`${flags[key] ?? key}: ${issue.message}`);
  }
  return EventSettings.parse({});
}

/** The reconfirm options into `raw.reconfirm`: off, or the days, what happens without an answer and by when. */
function reconfirmOf(input: EventInput, raw: Record<string, unknown>, problems: string[]): void {
  const { reconfirm, reconfirmRelease, reconfirmHours } = input;
  if (reconfirm === undefined) {
    if (reconfirmRelease !== undefined || reconfirmHours !== undefined)
      problems.push("--reconfirm-release and --reconfirm-hours need --reconfirm DAYS");
    return;
  }
  if (reconfirm.trim() === "off") {
    raw.reconfirm = null;
    return;
  }
  raw.reconfirm = {
    daysBefore: Number(reconfirm.trim()),
    onNoAnswer: reconfirmRelease ? "release" : "keep",
    ...(reconfirmHours === undefined ? {} : { answerHours: Number(reconfirmHours.trim()) }),
  };
}

/** Checks every field and reports all problems at once, each saying what to change (exit 2). */
export function validateEventInput(
  input: EventInput,
  now: Date,
): { name: string; capacity: number; settings: EventSettings; details: EventDetails } {
  const problems: string[] = [];
  const name = input.name.trim();
  if (hasControlCharacter(input.name)) problems.push("--name must be a single line of text");
  else if (name.length < 1 || name.length > 200)
    problems.push(`--name must be 1 to 200 characters (got ${name.length})`);
  else {
    const checked = EventName.safeParse(input.name);
    if (!checked.success) problems.push(`--name: ${checked.error.issues[0]?.message}`);
  }

  const capacityText = input.capacity.trim();
  const capacity = Number(capacityText);
  if (!/^\d+$/.test(capacityText) || capacity > maxCapacity)
    problems.push(`--capacity must be a whole number from 0 to ${maxCapacity} (got "${input.capacity}")`);

  const zoneOk = TimeZone.safeParse(input.timeZone).success;
  if (!zoneOk)
    problems.push(`--tz must be an IANA time zone such as Europe/Berlin (got "${input.timeZone}")`);
  else {
    try {
      const startsAt = wallClockToUtc(input.startsAt, input.timeZone);
      if (startsAt.getTime() <= now.getTime())
        problems.push(
          `--starts-at ${input.startsAt} in ${input.timeZone} is in the past (now is ${now.toISOString()})`,
        );
      try {
        eventEndOf(startsAt, input.endsAt, input.timeZone);
      } catch (error) {
        if (!(error instanceof EventInputError)) throw error;
        const hint = error.message.includes("not a valid date-time") ? "; use the form 2026-12-24T23:00" : "";
        problems.push(`--ends: ${error.message}${hint}`);
      }
    } catch (error) {
      if (!(error instanceof EventInputError)) throw error;
      const hint = error.message.includes("not a valid date-time") ? "; use the form 2026-12-24T19:00" : "";
      problems.push(`--starts-at: ${error.message}${hint}`);
    }
  }
  const settings = settingsOf(input, problems);
  const details = detailsOf(input.details ?? {}, problems);
  if (problems.length === 1) throw new CliError(problems[0]!);
  if (problems.length > 1)
    throw new CliError(["cannot create the event:", ...problems.map((p) => `  - ${p}`)].join("\n"));
  return { name, capacity, settings, details };
}

/** Validates the input and mints the event's identity and host token, without storing anything. */
function prepareEvent(input: EventInput, now: Date): CreatedEvent {
  const { name, capacity, settings, details } = validateEventInput(input, now);
  const hostToken = mintHostToken();
  const event = createEventRecord(
    {
      eventId: newEventId(),
      name,
      startsAtLocal: input.startsAt,
      endsAtLocal: input.endsAt,
      timeZone: input.timeZone,
      capacity,
      hostTokenHash: hashHostToken(hostToken),
      settings,
      details,
    },
    now,
  );
  return { event, hostToken, registerPath: `/e/${event.eventId}`, hostPath: `/h/${hostToken}` };
}

/**
 * Validates the input and stores a new event; the host token exists only in the result, the store keeps its
 * hash. `beforeStore` sees each minted event before it is stored: a caller that must keep the token somewhere
 * (the demo's links file) can do so before the event exists.
 */
export async function createEvent(
  store: GuestStore,
  input: EventInput,
  now: Date,
  beforeStore?: (created: CreatedEvent) => void,
): Promise<CreatedEvent> {
  // 72 random bits make an id collision practically impossible; the retry makes it harmless anyway.
  for (let attempt = 0; attempt < 5; attempt += 1) {
    const created = prepareEvent(input, now);
    beforeStore?.(created);
    if (await store.createEvent(created.event)) return created;
  }
  throw new Error("could not find a free event id after 5 attempts");
}
