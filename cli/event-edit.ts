import { DateTime } from "luxon";
import {
  type EventEdit,
  EventEdit as EventEditSchema,
  type EventRecord,
  eventEnd,
  TimeZone,
} from "../contracts/event.ts";
import type { EventSettings } from "../contracts/settings.ts";
import { applyEventEdit } from "../core/event-edit.ts";
import { EventInputError, eventEndOf, wallClockToUtc } from "../core/event-factory.ts";
import { CapacityText } from "../producers/host/host-commands.ts";
import { CliError } from "./errors.ts";
import { type DetailsOptions, descriptionOf, issueLine } from "./event-details.ts";
import { type EventInput, settingsOf } from "./new-event.ts";
import { readQuestionsFile } from "./questions-file.ts";
import type { TrustOptions } from "./trust-options.ts";

/** What `rsvp event edit` takes, as typed (`rsvp event create` takes the same, some of it required). */
export interface EditOptions extends DetailsOptions, TrustOptions {
  name?: string;
  startsAt?: string;
  ends?: string;
  tz?: string;
  capacity?: string;
  hostEmail?: string;
  claimWindow?: string;
  quietHours?: string;
  nightOffers?: boolean;
  summaryDays?: string;
  reminders?: string;
  thankYou?: string;
  /** The path of a JSON file of the form's questions (docs/questions.md); "none" for none. */
  questions?: string;
  /** Approval mode (docs/approval.md): --approval / --no-approval. */
  approval?: boolean;
  /** With approval: keep the place from guests until approved (--hide-location / --no-hide-location). */
  hideLocation?: boolean;
  /** Days before the event to ask "still coming?", or "off". */
  reconfirm?: string;
  /** Release the seats of guests who do not answer (default: they keep them). */
  reconfirmRelease?: boolean;
  /** Hours a guest has to answer before the seat is released (default 24). */
  reconfirmHours?: string;
}

/** The edit to enqueue, the capacity (its own command), and what the edit would do to the event as it is now. */
export interface PlannedEdit {
  changes: EventEdit;
  capacity: number | null;
  changed: string[];
  moved: boolean;
}

/** "" on the command line clears an optional field. */
const clearable = (value: string | undefined) =>
  value === undefined ? undefined : value.trim() === "" ? null : value;

/** An instant's wall-clock time in a zone, as typed on the command line: 2026-12-24T19:00. */
const wallClock = (iso: string, zone: string) =>
  DateTime.fromISO(iso).setZone(zone).toFormat("yyyy-MM-dd'T'HH:mm");

/** The new start and end, UTC: typed in --tz (or the event's zone); a new --tz alone keeps the wall-clock times. */
function timesOf(
  event: EventRecord,
  o: EditOptions,
  problems: string[],
  now: Date,
): Pick<EventEdit, "startsAt" | "endsAt" | "timeZone"> {
  if (o.startsAt === undefined && o.ends === undefined && o.tz === undefined) return {};
  const zone = o.tz ?? event.timeZone;
  if (!TimeZone.safeParse(zone).success) {
    problems.push(`--tz must be an IANA time zone such as Europe/Berlin (got "${zone}")`);
    return {};
  }
  const startLocal = o.startsAt ?? wallClock(event.startsAt, event.timeZone);
  const endLocal =
    o.ends ??
    (o.tz !== undefined && o.startsAt === undefined
      ? wallClock(eventEnd(event).toISOString(), event.timeZone)
      : undefined);
  try {
    const start = wallClockToUtc(startLocal, zone);
    if (o.startsAt !== undefined && start.getTime() <= now.getTime())
      problems.push(`--starts-at ${o.startsAt} in ${zone} is in the past (now is ${now.toISOString()})`);
    const out: Pick<EventEdit, "startsAt" | "endsAt" | "timeZone"> = { startsAt: start.toISOString() };
    if (o.tz !== undefined) out.timeZone = zone;
    // Without a new end, a moved start keeps the event's length (the keeper's rule, core/event-edit.ts).
    if (endLocal !== undefined) out.endsAt = eventEndOf(start, endLocal, zone).toISOString();
    return out;
  } catch (error) {
    if (!(error instanceof EventInputError)) throw error;
    problems.push(
      `${o.ends !== undefined && error.message.includes("end") ? "--ends" : "--starts-at"}: ${error.message}`,
    );
    return {};
  }
}

/** The settings options as typed, under the names an EventInput gives them. */
export const settingsInputOf = (o: EditOptions) => ({
  hostEmail: o.hostEmail,
  claimWindowHours: o.claimWindow,
  quietHours: o.quietHours,
  allowNightOffers: o.nightOffers,
  summaryDays: o.summaryDays,
  reminders: o.reminders,
  thankYou: o.thankYou,
  questions: o.questions === undefined ? undefined : readQuestionsFile(o.questions),
  approval: o.approval,
  hideLocationUntilApproved: o.hideLocation,
  retentionDays: o.retentionDays,
  verifyEmail: o.verifyEmail,
  ignorePlusTags: o.ignorePlusTags,
  reconfirm: o.reconfirm,
  reconfirmRelease: o.reconfirmRelease,
  reconfirmHours: o.reconfirmHours,
});

/** The settings given on the command line, as a patch: only what was typed changes. */
function settingsPatchOf(o: EditOptions, problems: string[]): EventEdit["settings"] {
  const input: EventInput = {
    name: "",
    startsAt: "",
    timeZone: "UTC",
    capacity: "0",
    ...settingsInputOf(o),
    hostEmail: o.hostEmail?.trim() === "" ? undefined : o.hostEmail,
    details: { embedOrigin: o.embedOrigin?.filter((origin) => origin.trim() !== "none") },
  };
  const full = settingsOf(input, problems);
  const { reconfirmRelease, reconfirmHours, ...typed } = settingsInputOf(o);
  const given: Partial<Record<keyof EventSettings, unknown>> = {
    ...typed,
    embedOrigins: o.embedOrigin,
    reconfirm: o.reconfirm ?? reconfirmRelease ?? reconfirmHours,
  };
  const patch = Object.fromEntries(
    (Object.keys(given) as (keyof EventSettings)[])
      .filter((k) => given[k] !== undefined)
      .map((k) => [k, full[k]]),
  ) as NonNullable<EventEdit["settings"]>;
  if (o.hostEmail?.trim() === "") patch.hostEmail = null;
  return Object.keys(patch).length > 0 ? patch : undefined;
}

/**
 * The edit the options ask for, checked against the contract and against the event as it stands (so the CLI
 * can say what will change and whether guests will be emailed before anything is queued). All problems at once.
 */
export function planEdit(event: EventRecord, o: EditOptions, now: Date): PlannedEdit {
  const problems: string[] = [];
  let capacity: number | null = null;
  if (o.capacity !== undefined) {
    const parsed = CapacityText.safeParse(o.capacity);
    if (parsed.success) capacity = parsed.data === event.capacity ? null : parsed.data;
    else problems.push(`--capacity: ${parsed.error.issues[0]?.message ?? "invalid"}`);
  }
  const raw: Record<string, unknown> = {
    name: o.name,
    ...timesOf(event, o, problems, now),
    description: descriptionOf(o),
    place: clearable(o.location),
    address: clearable(o.address),
    onlineUrl: clearable(o.onlineUrl),
    onlineUrlConfirmedOnly: o.onlineUrlConfirmedOnly,
    hostName: clearable(o.hostName),
    hostReplyTo: clearable(o.replyTo),
    language: o.language?.trim(),
    accent: o.accent?.trim(),
    settings: settingsPatchOf(o, problems),
  };
  const parsed = EventEditSchema.safeParse(
    Object.fromEntries(Object.entries(raw).filter(([, v]) => v !== undefined)),
  );
  if (!parsed.success)
    for (const issue of parsed.error.issues) problems.push(issueLine(issue.path, issue.message));
  if (problems.length === 1) throw new CliError(problems[0]!);
  if (problems.length > 1)
    throw new CliError(["cannot edit the event:", ...problems.map((p) => `  - ${p}`)].join("\n"));
  const changes = parsed.data!;
  const { changed, moved } = applyEventEdit(event, changes);
  return { changes, capacity, changed, moved };
}
