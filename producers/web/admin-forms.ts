import { DateTime } from "luxon";
import { defaultAccent } from "../../contracts/accent.ts";
import { EmailAddress } from "../../contracts/common.ts";
import { type EventDetails, EventName, type EventRecord, eventEnd, TimeZone } from "../../contracts/event.ts";
import {
  DEFAULT_REMINDER_OFFSETS,
  defaultSettings,
  EventSettings,
  MAX_PARTY,
  type ReminderKind,
} from "../../contracts/settings.ts";
import { ThankYouMode } from "../../contracts/thank-you.ts";
import { EventInputError, eventEndOf, wallClockToUtc } from "../../core/event-factory.ts";
import { CapacityText } from "../host/host-commands.ts";
import { detailsOf } from "./admin-form-details.ts";
import { questionsJsonOfRows } from "./admin-question-rows.ts";
import { questionsFormValue, readQuestionsField } from "./admin-questions.ts";
import { readReconfirmFields, reconfirmFields, reconfirmFormValues } from "./admin-reconfirm.ts";

/**
 * The admin area's event form: every field as the browser sends it (strings; a ticked checkbox is "on"),
 * read into what an event is made of, with one message key per field that is wrong. The typed values are kept
 * as they were, so a refused form comes back filled in.
 */

export const eventFormFields = [
  "name",
  "description",
  "language",
  "accent",
  "startsAt",
  "endsAt",
  "timeZone",
  "place",
  "address",
  "onlineUrl",
  "onlineUrlConfirmedOnly",
  "capacity",
  "maxParty",
  "smallerPartiesFirst",
  "claimWindowHours",
  "allowNightOffers",
  "hostName",
  "hostEmail",
  "summaryDays",
  "reminderWeek",
  "reminderDay",
  "reminderMorning",
  "thankYou",
  "quietStart",
  "quietEnd",
  "embedOrigins",
  "questions",
  // Approval mode (docs/approval.md).
  "approval",
  "hideLocationUntilApproved",
  // Reconfirm, "still coming?" (docs/reconfirm.md).
  ...reconfirmFields,
] as const;
export type EventFormField = (typeof eventFormFields)[number];

/** The form as typed: one string per field ("" for an empty field or an unticked box). */
export type EventFormValues = Record<EventFormField, string>;

/**
 * What is wrong with the form: per field, the key of its message under `pages.admin.errors` (or a whole
 * catalog key, with dots, for a field added in its own namespace).
 */
export type EventFormErrors = Partial<Record<EventFormField, string>>;

/** A valid form: everything an event is made of besides its identity and counters. */
export interface EventFormData {
  name: string;
  startsAt: Date;
  endsAt: Date;
  /** The wall-clock values as typed, for creating the record through the event factory. */
  startsAtLocal: string;
  endsAtLocal: string | undefined;
  timeZone: string;
  capacity: number;
  settings: EventSettings;
  details: EventDetails;
}

/**
 * The settings the form shows. An edit changes these only: the ones set elsewhere (the door page's
 * `thanksOnlyArrived`, `rsvp event edit`'s retention, address checks and plus tags) stay as they are.
 */
export const formSettings = [
  "claimWindowHours",
  "summaryDays",
  "allowNightOffers",
  "hostEmail",
  "thankYou",
  "quietHours",
  "reminders",
  "embedOrigins",
  "questions",
  "maxParty",
  "smallerPartiesFirst",
  "approval",
  "hideLocationUntilApproved",
  "reconfirm",
] as const satisfies readonly (keyof EventSettings)[];

/** Of a form's settings, those the form shows (see `formSettings`). */
export function shownSettings(settings: EventSettings): Partial<EventSettings> {
  return Object.fromEntries(formSettings.map((key) => [key, settings[key]]));
}

const reminderFields: Record<ReminderKind, EventFormField> = {
  week: "reminderWeek",
  day: "reminderDay",
  morning: "reminderMorning",
};

const on = "on";
const ticked = (value: string) => value !== "";
const local = (at: string, zone: string) => DateTime.fromISO(at, { zone }).toFormat("yyyy-MM-dd'T'HH:mm");

/** The form a new event starts from: the product's defaults, visible, and a start a week from now at 19:00. */
export function newEventFormValues(now: Date, timeZone: string): EventFormValues {
  const start = DateTime.fromJSDate(now, { zone: timeZone }).plus({ days: 7 }).set({ hour: 19, minute: 0 });
  return settingsValues(
    {
      name: "",
      description: "",
      language: "en",
      accent: defaultAccent,
      startsAt: start.toFormat("yyyy-MM-dd'T'HH:mm"),
      endsAt: start.plus({ hours: 2 }).toFormat("yyyy-MM-dd'T'HH:mm"),
      timeZone,
      place: "",
      address: "",
      onlineUrl: "",
      onlineUrlConfirmedOnly: "",
      capacity: "40",
      hostName: "",
    },
    defaultSettings(),
  );
}

/** The form filled in with an event as it stands, for editing it. */
export function eventFormValues(event: EventRecord): EventFormValues {
  const d = event.details;
  return settingsValues(
    {
      name: event.name,
      description: d.description,
      language: d.language,
      accent: d.accent ?? defaultAccent,
      startsAt: local(event.startsAt, event.timeZone),
      endsAt: local(eventEnd(event).toISOString(), event.timeZone),
      timeZone: event.timeZone,
      place: d.location.place ?? "",
      address: d.location.address ?? "",
      onlineUrl: d.location.onlineUrl ?? "",
      onlineUrlConfirmedOnly: d.location.onlineUrlConfirmedOnly ? on : "",
      capacity: String(event.capacity),
      hostName: d.hostName ?? "",
    },
    event.settings,
  );
}

function settingsValues(
  base: Omit<EventFormValues, keyof ReturnType<typeof settingsPart>>,
  s: EventSettings,
): EventFormValues {
  return { ...base, ...settingsPart(s) };
}

function settingsPart(s: EventSettings) {
  const kinds = new Set(s.reminders.map((r) => r.kind));
  const quiet = s.quietHours.start !== s.quietHours.end;
  return {
    claimWindowHours: String(s.claimWindowHours),
    maxParty: String(s.maxParty),
    smallerPartiesFirst: s.smallerPartiesFirst ? on : "",
    allowNightOffers: s.allowNightOffers ? on : "",
    hostEmail: s.hostEmail ?? "",
    summaryDays: String(s.summaryDays),
    reminderWeek: kinds.has("week") ? on : "",
    reminderDay: kinds.has("day") ? on : "",
    reminderMorning: kinds.has("morning") ? on : "",
    thankYou: s.thankYou,
    quietStart: quiet ? s.quietHours.start : "",
    quietEnd: quiet ? s.quietHours.end : "",
    embedOrigins: s.embedOrigins.join("\n"),
    questions: questionsFormValue(s.questions),
    approval: s.approval ? on : "",
    hideLocationUntilApproved: s.hideLocationUntilApproved ? on : "",
    ...reconfirmFormValues(s.reconfirm),
  };
}

/** The posted fields, each a string ("" when absent or not text); the question rows as one JSON field. */
export function formValuesOf(body: Record<string, unknown>): EventFormValues {
  const values = {} as EventFormValues;
  for (const field of eventFormFields) {
    const value = body[field];
    values[field] = typeof value === "string" ? value : "";
  }
  // The form's question rows (admin-question-rows.ts), as the questions' JSON the form reads.
  values.questions = questionsJsonOfRows(body) ?? values.questions;
  return values;
}

const hourMinute = /^([01]\d|2[0-3]):[0-5]\d$/;
const wallClock = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/;

/**
 * Reads the form. `earliestStart`: a start before it is refused (now, for a new event or a changed start;
 * null when an existing event keeps its start).
 */
export function readEventForm(
  v: EventFormValues,
  earliestStart: (startsAt: Date) => boolean,
): { ok: true; data: EventFormData } | { ok: false; errors: EventFormErrors } {
  const errors: EventFormErrors = {};
  const name = v.name.trim();
  if (!EventName.safeParse(v.name).success) errors.name = "name";

  const zoneOk = TimeZone.safeParse(v.timeZone.trim()).success;
  const timeZone = v.timeZone.trim();
  if (!zoneOk) errors.timeZone = "timeZone";
  let startsAt: Date | null = null;
  let endsAt: Date | null = null;
  if (!wallClock.test(v.startsAt)) errors.startsAt = "startsAt";
  else if (zoneOk) {
    try {
      startsAt = wallClockToUtc(v.startsAt, timeZone);
      if (!earliestStart(startsAt)) errors.startsAt = "startsAtPast";
    } catch (error) {
      if (!(error instanceof EventInputError)) throw error;
      errors.startsAt = "startsAt";
    }
  }
  const endsAtLocal = v.endsAt.trim() === "" ? undefined : v.endsAt.trim();
  if (endsAtLocal !== undefined && !wallClock.test(endsAtLocal)) errors.endsAt = "endsAt";
  else if (startsAt) {
    try {
      endsAt = eventEndOf(startsAt, endsAtLocal, timeZone);
    } catch (error) {
      if (!(error instanceof EventInputError)) throw error;
      errors.endsAt = "endsAt";
    }
  }

  const capacity = CapacityText.safeParse(v.capacity);
  if (!capacity.success) errors.capacity = "capacity";

  const settings = settingsOf(v, errors);
  const details = detailsOf(v, errors);
  if (Object.keys(errors).length > 0 || !startsAt || !endsAt || !capacity.success || !settings || !details)
    return { ok: false, errors };
  return {
    ok: true,
    data: {
      name,
      startsAt,
      endsAt,
      startsAtLocal: v.startsAt,
      endsAtLocal,
      timeZone,
      capacity: capacity.data,
      settings,
      details,
    },
  };
}

function settingsOf(v: EventFormValues, errors: EventFormErrors): EventSettings | null {
  const claim = Number(v.claimWindowHours.trim());
  if (v.claimWindowHours.trim() === "" || !(claim >= 0.25 && claim <= 168))
    errors.claimWindowHours = "claimWindowHours";
  const summary = v.summaryDays.trim();
  if (!/^\d{1,2}$/.test(summary) || Number(summary) > 30) errors.summaryDays = "summaryDays";
  // Empty (a form from before the field existed): one seat per registration, the default.
  const maxParty = v.maxParty.trim() || "1";
  if (!/^\d{1,3}$/.test(maxParty) || Number(maxParty) < 1 || Number(maxParty) > MAX_PARTY)
    errors.maxParty = "hostExtras.form.maxPartyError";
  const hostEmail = v.hostEmail.trim() === "" ? null : EmailAddress.safeParse(v.hostEmail);
  if (hostEmail && !hostEmail.success) errors.hostEmail = "hostEmail";
  const thankYou = ThankYouMode.safeParse(v.thankYou);
  if (!thankYou.success) errors.thankYou = "thankYou";
  const [qs, qe] = [v.quietStart.trim(), v.quietEnd.trim()];
  const quietOff = qs === "" && qe === "";
  if (!quietOff && !hourMinute.test(qs)) errors.quietStart = "quietHours";
  if (!quietOff && !hourMinute.test(qe)) errors.quietEnd = "quietHours";
  const origins = v.embedOrigins
    .split(/[\s,]+/)
    .map((o) => o.trim().replace(/\/+$/, ""))
    .filter(Boolean);
  // Checked here first: the contract's origin check reads the URL even when it is not one, and throws.
  if (origins.some((o) => !URL.canParse(o))) errors.embedOrigins = "embedOrigins";
  const questions = readQuestionsField(v.questions);
  if (!questions.ok) errors.questions = "questions";
  const reconfirm = readReconfirmFields(v);
  if (!reconfirm.ok) Object.assign(errors, reconfirm.errors);
  if (errors.embedOrigins || !questions.ok || !reconfirm.ok) return null;
  const parsed = EventSettings.safeParse({
    claimWindowHours: claim,
    summaryDays: Number(summary),
    allowNightOffers: ticked(v.allowNightOffers),
    hostEmail: hostEmail?.success ? hostEmail.data : null,
    thankYou: thankYou.success ? thankYou.data : "auto",
    quietHours:
      quietOff || errors.quietStart || errors.quietEnd
        ? { start: "00:00", end: "00:00" }
        : { start: qs, end: qe },
    reminders: DEFAULT_REMINDER_OFFSETS.filter((r) => ticked(v[reminderFields[r.kind]])),
    embedOrigins: [...new Set(origins)],
    questions: questions.questions,
    maxParty: errors.maxParty ? 1 : Number(maxParty),
    smallerPartiesFirst: ticked(v.smallerPartiesFirst),
    approval: ticked(v.approval),
    hideLocationUntilApproved: ticked(v.hideLocationUntilApproved),
    reconfirm: reconfirm.setting,
  });
  if (!parsed.success) {
    for (const issue of parsed.error.issues)
      if (issue.path[0] === "embedOrigins") errors.embedOrigins = "embedOrigins";
    if (!errors.embedOrigins && Object.keys(errors).length === 0) throw parsed.error;
    return null;
  }
  return parsed.data;
}

/** Whether an edit moves the event in time or space: its guests are then told, after a confirmation. */
export function movesEvent(event: EventRecord, data: EventFormData): boolean {
  const loc = event.details.location;
  const next = data.details.location;
  return (
    Date.parse(event.startsAt) !== data.startsAt.getTime() ||
    eventEnd(event).getTime() !== data.endsAt.getTime() ||
    event.timeZone !== data.timeZone ||
    (loc.place ?? "") !== (next.place ?? "") ||
    (loc.address ?? "") !== (next.address ?? "") ||
    (loc.onlineUrl ?? "") !== (next.onlineUrl ?? "")
  );
}
