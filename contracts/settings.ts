import * as z from "zod";
import { EmailAddress } from "./common.ts";
import { Questions } from "./questions.ts";
import { ThankYouMode } from "./thank-you.ts";

const HourMinute = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, "must be a time like 21:00");

/**
 * Local wall times ("HH:mm", in the event's zone) between which no reminder or offer is delivered. `start` is
 * inclusive, `end` exclusive; a window may cross midnight; `start === end` means no quiet hours.
 */
export const QuietHours = z.object({ start: HourMinute, end: HourMinute });
export type QuietHours = z.infer<typeof QuietHours>;

/** Which reminder a timer is for; with the guest it names the timer, so booking twice is a no-op. */
export const ReminderKind = z.enum(["week", "day", "morning"]);
export type ReminderKind = z.infer<typeof ReminderKind>;

/**
 * When one reminder falls due, before quiet hours have their say.
 * - `days-before`: the start's local wall time that many calendar days earlier in the event's zone;
 * - `morning-of`: `at` local on the event's day, or `earlyStartHours` before an event that starts earlier.
 */
export const ReminderOffset = z.discriminatedUnion("rule", [
  z.object({ kind: ReminderKind, rule: z.literal("days-before"), days: z.number().int().min(1).max(60) }),
  z.object({
    kind: ReminderKind,
    rule: z.literal("morning-of"),
    at: HourMinute,
    earlyStartHours: z.number().min(0).max(24),
  }),
]);
export type ReminderOffset = z.infer<typeof ReminderOffset>;

/** The largest party any event may allow (one registration, the guest and up to 19 others). */
export const MAX_PARTY = 20;

/** The longest retention period a host may set: ten years. */
export const MAX_RETENTION_DAYS = 3650;

/** The product defaults: quiet 21:00–08:00 local. */
export const DEFAULT_QUIET_HOURS: QuietHours = { start: "21:00", end: "08:00" };

/** A week out, a day out and the morning of. */
export const DEFAULT_REMINDER_OFFSETS: readonly ReminderOffset[] = [
  { kind: "week", rule: "days-before", days: 7 },
  { kind: "day", rule: "days-before", days: 1 },
  { kind: "morning", rule: "morning-of", at: "08:00", earlyStartHours: 2 },
];

/**
 * Asking confirmed guests "still coming?" before the event (docs/reconfirm.md): `daysBefore` the start (its
 * local wall time that many days earlier, moved out of quiet hours), every confirmed guest is emailed two links.
 * A guest who answers "no" gives up their seats, which go to the line as offers. One who has not answered
 * `answerHours` after the ask keeps the seat (`keep`) or loses it (`release`), as the email says.
 */
export const ReconfirmSettings = z.object({
  daysBefore: z.number().int().min(1).max(30),
  onNoAnswer: z.enum(["keep", "release"]).default("keep"),
  answerHours: z.number().min(1).max(168).default(24),
});
export type ReconfirmSettings = z.infer<typeof ReconfirmSettings>;

/** What a host sets per event beyond name, time and cap. Every field has a default, so old rows still read. */
export const EventSettings = z.object({
  /** How long an offered seat is held for the guest to claim it, counted from delivery. */
  claimWindowHours: z.number().min(0.25).max(168).default(6),
  quietHours: QuietHours.default(DEFAULT_QUIET_HOURS),
  /** Let a time-critical offer through at night when waiting would cost its claim window. */
  allowNightOffers: z.boolean().default(false),
  reminders: z
    .array(ReminderOffset)
    .max(3)
    .refine((list) => new Set(list.map((r) => r.kind)).size === list.length, "each reminder kind once")
    .default([...DEFAULT_REMINDER_OFFSETS]),
  /**
   * The most seats one registration may ask for, the guest included (1: everyone comes alone). See
   * docs/parties.md.
   */
  maxParty: z.number().int().min(1).max(MAX_PARTY).default(1),
  /**
   * When a freed block of seats is too small for the first party in line, offer it to the first party behind
   * it that fits (off: strict line order, nobody jumps ahead).
   */
  smallerPartiesFirst: z.boolean().default(false),
  /**
   * Approval mode: a registration (web form, JSON, email reply) becomes a request that holds no seat until
   * the host approves it. Guests the host imports or invites skip it. See docs/approval.md.
   */
  approval: z.boolean().default(false),
  /**
   * With approval on: the place, address and online link are shown only to guests the host approved (and
   * to those the host invited), not on the register page, the request email or before approval.
   */
  hideLocationUntilApproved: z.boolean().default(true),
  /** Where the daily summary goes in the run-up; none when null. */
  hostEmail: EmailAddress.nullable().default(null),
  /** How many days before the event the daily summary starts (0: never). */
  summaryDays: z.number().int().min(0).max(30).default(7),
  /** The thank-you note after the event: sent as drafted, held for the host's approval, or none. */
  thankYou: ThankYouMode.default("auto"),
  /**
   * The thank-you note goes only to guests who were checked in at the door (off: to every guest holding a
   * seat). Turn it on only when the door checks guests in. See docs/door.md.
   */
  thanksOnlyArrived: z.boolean().default(false),
  /**
   * Sites allowed to show the register form in an iframe (`frame-ancestors`), as origins such as
   * https://ana.example; none: the form may not be framed.
   */
  embedOrigins: z
    .array(
      z
        .url({ protocol: /^https?$/ })
        .refine(
          (u) => URL.canParse(u) && new URL(u).origin === u.replace(/\/$/, ""),
          "must be an origin such as https://example.org",
        ),
    )
    .max(10)
    .default([]),
  /**
   * Days after the event's end when the guests' personal data (names, addresses) is erased automatically, each
   * guest by the same `erase-guest` command a guest's own erase button sends; null: kept until a guest erases it
   * (see docs/privacy.md).
   */
  retentionDays: z.number().int().min(1).max(MAX_RETENTION_DAYS).nullable().default(null),
  /**
   * A web or JSON registration is held until the address's owner presses the link of a "confirm your address"
   * email; only then is the seat asked for (see docs/privacy.md).
   */
  verifyEmail: z.boolean().default(false),
  /**
   * `ana+party@example.org` is the same guest as `ana@example.org`: the +tag of an address is left out of its
   * key, so one mailbox cannot take many seats by tagging its address (see docs/privacy.md).
   */
  ignorePlusTags: z.boolean().default(false),
  /** The questions on the register form, in order (none: the form asks name and email only). See docs/questions.md. */
  questions: Questions.default([]),
  /** Ask confirmed guests "still coming?" before the event; null (the default): never ask. */
  reconfirm: ReconfirmSettings.nullable().default(null),
});
export type EventSettings = z.infer<typeof EventSettings>;

/** The settings of an event that set none. */
export const defaultSettings = (): EventSettings => EventSettings.parse({});
