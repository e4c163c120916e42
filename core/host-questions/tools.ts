import { DateTime } from "luxon";
import * as z from "zod";
import type { AuditEntry } from "../../contracts/audit.ts";
import { emailKey, Instant } from "../../contracts/common.ts";
import { headcountOf } from "../../contracts/event.ts";
import { GuestStatus, guestStatusDisplayOrder } from "../../contracts/guest.ts";
import { hasLeft } from "../seat-rules.ts";
import { countAnswersTool } from "./answer-tool.ts";
import { clockLabel, dayLabel, localIso, momentLabel } from "./periods.ts";
import type { HostGuest, HostReadModel } from "./read-model.ts";

/**
 * The read-only tools the host's questions are answered with: by the assistant (a model calls them through
 * Converse tool use) and by the intent matcher (which calls the very same ones). Each has a zod input schema,
 * from which the JSON schema the model sees is derived, and returns JSON data with a `source` that says what
 * it read. Guest-supplied text (names, addresses) only ever travels inside these results, as data.
 */

/** What a tool read, for the answer's "from …": "the headcount at 14:02 (Europe/Berlin)". */
export interface ToolResult {
  source: string;
  data: object;
}

/** What a tool runs with: the read model of one event and the time the question was asked. */
export interface ToolContext {
  read: HostReadModel;
  now: Date;
}

/** One read-only query: its name and description for a model, its input schema, and what it returns. */
export interface HostTool<S extends z.ZodType, D extends object> {
  name: string;
  description: string;
  input: S;
  run(ctx: ToolContext, input: z.output<S>): Promise<{ source: string; data: D }>;
}

type AnyTool = HostTool<z.ZodType, object>;

const tool = <S extends z.ZodType, D extends object>(t: HostTool<S, D>) => t;

/** The most rows one tool result holds; a count says how many more there are. */
const maxToolRows = 200;

const limit = (what: string) =>
  z
    .number()
    .int()
    .min(1)
    .max(maxToolRows)
    .optional()
    .describe(`how many ${what} to return at most (default 50, at most ${maxToolRows})`);

const isoDay = z.iso.date();

/** A UTC instant, or a calendar day (yyyy-MM-dd) read in the event's time zone as its first moment. */
const When = z
  .string()
  .max(40)
  .refine(
    (s) => Instant.safeParse(s).success || isoDay.safeParse(s).success,
    "must be an ISO-8601 instant with offset or a day yyyy-MM-dd",
  );

/** A guest as a tool result shows them: the guest's own words (name, address) are data, nothing more. */
function guestData(g: HostGuest, timeZone: string) {
  return {
    name: g.name,
    email: g.email,
    status: g.status,
    waitlistPosition: g.waitlistPosition,
    offerHeldUntil: g.offerExpiresAt ? localIso(g.offerExpiresAt, timeZone) : null,
    registeredAt: localIso(g.registeredAt, timeZone),
    lastChangedAt: localIso(g.updatedAt, timeZone),
  };
}

/** Waitlisted guests in line order, everyone else by status (who is coming first), then newest change first. */
function hostOrder(a: HostGuest, b: HostGuest): number {
  const byStatus = guestStatusDisplayOrder.indexOf(a.status) - guestStatusDisplayOrder.indexOf(b.status);
  if (byStatus !== 0) return byStatus;
  if (a.waitlistPosition !== null && b.waitlistPosition !== null)
    return a.waitlistPosition - b.waitlistPosition;
  return b.updatedAt.localeCompare(a.updatedAt);
}

/** An instant, or a calendar day's first moment on the event's wall clock. */
function startOf(when: string, timeZone: string): Date {
  if (/^\d{4}-\d{2}-\d{2}$/.test(when)) return DateTime.fromISO(when, { zone: timeZone }).toJSDate();
  return new Date(when);
}

export const getHeadcount = tool({
  name: "get_headcount",
  description:
    "The event's headcount right now: its name, start, time zone, capacity, confirmed guests, seats held for " +
    "offers, waitlisted guests, open seats and whether registration is open.",
  input: z.strictObject({}),
  run: async ({ read, now }) => {
    const event = await read.event();
    const h = headcountOf(event);
    return {
      source: `the headcount at ${clockLabel(now, h.timeZone)} (${h.timeZone})`,
      data: {
        event: { name: h.name, startsAt: localIso(h.startsAt, h.timeZone), timeZone: h.timeZone },
        capacity: h.capacity,
        confirmed: h.confirmed,
        offered: h.offered,
        waitlisted: h.waitlisted,
        openSeats: h.open,
        registrationOpen: h.registrationOpen,
        readAt: localIso(now, h.timeZone),
      },
    };
  },
});

export const listGuests = tool({
  name: "list_guests",
  description:
    "The event's guests, optionally only those in the given statuses: confirmed, offered (a seat is held for " +
    "them to claim), waitlisted (in line order, with their place), pending (invited, not answered), lapsed " +
    "(an offer ran out) or cancelled. Returns the total and at most `limit` guests.",
  input: z.strictObject({
    statuses: z.array(GuestStatus).max(6).optional().describe("only guests in these statuses (default all)"),
    limit: limit("guests"),
  }),
  run: async ({ read, now }, input) => {
    const event = await read.event();
    const all = (await read.guests({ statuses: input.statuses ?? [] })).sort(hostOrder);
    const shown = all.slice(0, input.limit ?? 50);
    const which = input.statuses && input.statuses.length > 0 ? ` (${input.statuses.join(", ")})` : "";
    return {
      source: `the guest list${which} at ${clockLabel(now, event.timeZone)} (${event.timeZone})`,
      data: {
        total: all.length,
        shown: shown.length,
        guests: shown.map((g) => guestData(g, event.timeZone)),
      },
    };
  },
});

export const findGuest = tool({
  name: "find_guest",
  description:
    "Look up guests by email address (exact, case-insensitive) or by name (case-insensitive, any part of " +
    "the name). Returns where each match stands: status, place in line, offer hold, last change.",
  input: z
    .strictObject({
      email: z.string().trim().min(1).max(254).optional().describe("the guest's email address"),
      name: z.string().trim().min(1).max(200).optional().describe("the guest's name, or part of it"),
    })
    .refine((v) => v.email !== undefined || v.name !== undefined, "give an email or a name"),
  run: async ({ read, now }, input) => {
    const event = await read.event();
    const byEmail = input.email !== undefined ? await read.guests({ emailKey: emailKey(input.email) }) : [];
    const needle = input.name?.toLowerCase();
    const byName =
      needle !== undefined ? (await read.guests()).filter((g) => nameMatches(g.name, needle)) : [];
    const seen = new Set<string>();
    const matches = [...byEmail, ...byName].filter((g) => !seen.has(g.guestId) && seen.add(g.guestId));
    return {
      source: `the guest list at ${clockLabel(now, event.timeZone)} (${event.timeZone})`,
      data: { matches: matches.slice(0, 20).map((g) => guestData(g, event.timeZone)), total: matches.length },
    };
  },
});

/** A name matches the words asked for: all of them, in any order, ignoring case ("ana guest", "Guest"). */
function nameMatches(name: string, needle: string): boolean {
  const hay = name.toLowerCase();
  const words = needle.toLowerCase().split(/\s+/).filter(Boolean);
  return words.length > 0 && words.every((w) => hay.includes(w));
}

export const listChanges = tool({
  name: "list_changes",
  description:
    "The audit trail: every guest status change (registered, confirmed, waitlisted, offered, claimed, " +
    "cancelled, lapsed) from `since` (and before `until`), oldest first, with the guest's name and address. " +
    "Filter with `to` (the status a change led to, e.g. cancelled) or `registrations` (first registrations, " +
    "invitations, and guests who registered again after cancelling or letting an offer lapse: `again`). Each " +
    "change carries the guest's status now (`statusNow`): a guest who cancelled may have come back since.",
  input: z.strictObject({
    since: When.optional().describe(
      "from when: an ISO-8601 instant with offset, or a day yyyy-MM-dd in the event's time zone (default: the beginning)",
    ),
    until: When.optional().describe("up to when, exclusive, in the same form (default: now)"),
    to: GuestStatus.optional().describe("only changes that led to this status"),
    registrations: z
      .boolean()
      .optional()
      .describe(
        "only registrations: guests' first entries (registrations, invitations) and registrations again after leaving",
      ),
    limit: limit("changes (the latest ones)"),
  }),
  run: async ({ read, now }, input) => {
    const event = await read.event();
    const tz = event.timeZone;
    const since = input.since ? startOf(input.since, tz) : new Date(0);
    const until = input.until ? startOf(input.until, tz) : undefined;
    const entries = await read.auditSince(since, until);
    if (entries === null) throw new ToolRefusal("the audit trail is not kept here");
    const guestsById = new Map((await read.guests()).map((g) => [g.guestId, g]));
    const wanted = entries.filter(
      (e: AuditEntry) =>
        e.entity === "guest" &&
        (input.to === undefined || (e.to === input.to && e.from !== e.to)) &&
        (!input.registrations || e.from === null || isComeback(e)),
    );
    const shown = wanted.slice(-(input.limit ?? 50));
    const span = `${input.since ? ` since ${dayLabel(since, tz, now)}` : ""}${until ? ` up to ${momentLabel(until, tz, now)}` : ""}`;
    return {
      source: span === "" ? "the whole audit trail" : `the audit trail${span} (${tz})`,
      data: {
        total: wanted.length,
        shown: shown.length,
        changes: shown.map((e) => {
          const guest = e.guestId ? guestsById.get(e.guestId) : undefined;
          return {
            at: localIso(e.at, tz),
            name: guest?.name ?? null,
            email: guest?.email ?? e.actor,
            action: e.action,
            from: e.from,
            to: e.to,
            lane: e.lane,
            again: isComeback(e),
            statusNow: guest?.status ?? null,
          };
        }),
      },
    };
  },
});

/**
 * Whether an audit entry is a guest registering again: the keeper's `register` taking a guest who had left
 * (cancelled, or let an offer lapse) back to a seat or the line. An invited guest's registration is no comeback.
 */
export function isComeback(e: AuditEntry): boolean {
  return (
    e.entity === "guest" && e.action === "register" && hasLeft(GuestStatus.safeParse(e.from).data ?? null)
  );
}

/** Every tool there is. None of them writes: there is nothing here to write with. */
const hostTools = [
  getHeadcount,
  listGuests,
  findGuest,
  listChanges,
  countAnswersTool,
] as unknown as readonly AnyTool[];

/** A tool as a model is shown it: name, what it does, and the JSON schema of its input. */
export interface ToolSpec {
  name: string;
  description: string;
  inputSchema: Record<string, unknown>;
}

/** The tools' specs, their input schemas derived from the zod schemas the input is checked against. */
export function toolSpecs(): ToolSpec[] {
  return hostTools.map((t) => {
    const { $schema: _, ...schema } = z.toJSONSchema(t.input, { io: "input", unrepresentable: "any" });
    return { name: t.name, description: t.description, inputSchema: schema };
  });
}

/** A tool that cannot answer as asked: the message goes back to the caller as an error result. */
export class ToolRefusal extends Error {
  override readonly name = "ToolRefusal";
}

/** The outcome of one tool call: its result, or why it was refused (unknown tool, invalid input). */
export type ToolCall = ({ ok: true } & ToolResult) | { ok: false; error: string };

/** The tools, bound to one event's read model and one moment: all a caller can do with the data. */
export interface Toolbox {
  specs: ToolSpec[];
  call(name: string, input: unknown): Promise<ToolCall>;
}

/**
 * The toolbox for one question. An unknown tool (a model asking for `cancel_guest`) or input that does not
 * match the tool's schema is refused with a message, never thrown: the model reads the refusal and goes on.
 */
export function toolbox(ctx: ToolContext): Toolbox {
  const names = hostTools.map((t) => t.name).join(", ");
  return {
    specs: toolSpecs(),
    call: async (name, input) => {
      const t = hostTools.find((candidate) => candidate.name === name);
      if (!t)
        return {
          ok: false,
          error: `there is no tool named "${String(name).slice(0, 100)}"; the only tools are ${names}, and all of them only read`,
        };
      const parsed = t.input.safeParse(input ?? {});
      if (!parsed.success)
        return {
          ok: false,
          error: `invalid input for ${t.name}: ${parsed.error.issues.map((i) => `${i.path.join(".") || "input"}: ${i.message}`).join("; ")}`,
        };
      try {
        return { ok: true, ...(await t.run(ctx, parsed.data)) };
      } catch (error) {
        if (error instanceof ToolRefusal) return { ok: false, error: error.message };
        throw error;
      }
    },
  };
}
