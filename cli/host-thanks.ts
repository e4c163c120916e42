import type { Command } from "commander";
import type * as z from "zod";
import { type EventRecord, eventEnd } from "../contracts/event.ts";
import { HostThankYouText, NAME_PLACEHOLDER, ThankYouMode, ThankYouNotes } from "../contracts/thank-you.ts";
import { thankYouModeOf } from "../core/thank-you.ts";
import { requireEvent, withStores } from "./data-dir.ts";
import { CliError } from "./errors.ts";
import type { Enqueue } from "./host-hand.ts";
import { dataOption, jsonOption } from "./options.ts";
import { eventStart, printJson, printLines } from "./output.ts";
import { readText } from "./text-input.ts";

/** `rsvp host thanks`: the thank-you note after the event, shown, approved (edited or not), or set up before. */
export function registerThanksCommand(host: Command, enqueue: Enqueue): void {
  host
    .command("thanks")
    .description(
      "show the thank-you note after the event, approve it (edited or not), or set it up beforehand",
    )
    .argument("<event>", "event id")
    .addOption(dataOption())
    .option("--approve", "approve the drafted note: it goes to every guest who holds a seat (once)")
    .option("--text <path>", "with --approve: the note as you edited it, from a file (- for standard input)")
    .option("--mode <mode>", "before the event ends: auto (sent as drafted), approve (you approve it) or off")
    .option("--notes <text>", 'before the event ends: what the note should mention ("" for nothing)')
    .addOption(jsonOption())
    .addHelpText(
      "after",
      `
Without options it shows where the note stands and its text. In the text, ${NAME_PLACEHOLDER} becomes each
guest's name when it is sent.

Examples:
  rsvp host thanks EVENT --notes "the photos will be online next week"
  rsvp host thanks EVENT --approve
  rsvp host thanks EVENT --approve --text note.txt`,
    )
    .action((eventId: string, o: ThanksOptions) => thanks(enqueue, eventId, o));
}

type ThanksOptions = {
  data: string;
  approve?: boolean;
  text?: string;
  mode?: string;
  notes?: string;
  json?: boolean;
};

/** Approves the draft, sets the note up, or shows where it stands: each checked before anything is queued. */
async function thanks(enqueue: Enqueue, eventId: string, o: ThanksOptions): Promise<void> {
  const setting = o.mode !== undefined || o.notes !== undefined;
  if (o.text !== undefined && !o.approve)
    throw new CliError("--text approves the note with that text: add --approve");
  if (o.approve && setting)
    throw new CliError("--mode and --notes set the note up before the event; give them without --approve");
  if (o.approve) {
    const body = o.text === undefined ? undefined : thanksText(o.text);
    await enqueue(o.data, eventId, (event) => {
      const t = event.thankYou;
      if (t?.status === "approved")
        throw new CliError(`the note for "${event.name}" was already approved; nothing to do`, 0);
      if (t?.status !== "drafted")
        throw new CliError(
          t?.status === "drafting"
            ? "the note is still being drafted; try again in a moment"
            : `there is no draft to approve yet: it is drafted when the event ends (${eventStart({ startsAt: eventEnd(event).toISOString(), timeZone: event.timeZone })})`,
          1,
        );
      return {
        action: { type: "approve-thanks", ...(body === undefined ? {} : { body }) },
        what: `approve the thank-you note${body === undefined ? "" : " as edited"} for the ${event.confirmed} guests holding a seat at "${event.name}"`,
      };
    });
    return;
  }
  if (setting) {
    const mode =
      o.mode === undefined
        ? undefined
        : parsed(ThankYouMode, o.mode.trim(), "--mode takes auto, approve or off");
    const notes = o.notes === undefined ? undefined : parsed(ThankYouNotes, o.notes, "--notes");
    await enqueue(o.data, eventId, (event) => {
      if (event.thankYou)
        throw new CliError("the note is already drafted, so --mode and --notes no longer change it", 1);
      return {
        action: {
          type: "set-thank-you",
          ...(mode === undefined ? {} : { mode }),
          ...(notes === undefined ? {} : { notes }),
        },
        what: `thank-you note settings for "${event.name}"`,
      };
    });
    return;
  }
  await withStores(o.data, async (stores) => {
    const event = await requireEvent(stores, eventId, o.data);
    if (o.json) {
      printJson({
        eventId: event.eventId,
        mode: thankYouModeOf(event),
        endsAt: eventEnd(event).toISOString(),
        notes: event.thankYouNotes ?? "",
        thankYou: event.thankYou ?? null,
      });
      return;
    }
    printLines(...thanksLines(event));
  });
}

/** A value checked against a contract schema; its first problem as the CLI error otherwise. */
function parsed<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  throw new CliError(`${what}: ${result.error.issues[0]?.message ?? "invalid"}`);
}

/** The edited note from --text: a file, or - for standard input, checked like the host page checks it. */
function thanksText(path: string): string {
  return parsed(HostThankYouText, readText(path, "--text"), `--text ${path}`);
}

const modeWords = {
  auto: "auto (sent as soon as it is drafted)",
  approve: "approve (waits for your approval)",
  off: "off (no note is sent)",
} as const;

/** Where an event's note stands, its text, and what to do next, for `rsvp host thanks EVENT`. */
function thanksLines(event: EventRecord): string[] {
  const t = event.thankYou;
  const end = eventStart({ startsAt: eventEnd(event).toISOString(), timeZone: event.timeZone });
  const by = { model: "the assistant", template: "the template", host: "you" } as const;
  const status = !t
    ? "not drafted yet: it is drafted when the event ends"
    : t.status === "drafting"
      ? "being drafted"
      : t.status === "drafted"
        ? `drafted by ${by[t.source ?? "template"]}, waiting for your approval`
        : `sent ${t.approvedBy === "auto" ? "automatically" : "with your approval"} (${t.approvedAt ?? ""}), written by ${by[t.source ?? "template"]}`;
  const lines = [
    `Thank-you note for "${event.name}" (event ${event.eventId})`,
    `  after the event: ${modeWords[thankYouModeOf(event)]}`,
    `  event ends:      ${end}`,
    `  notes:           ${event.thankYouNotes ? event.thankYouNotes : "(none)"}`,
    `  status:          ${status}`,
  ];
  if (t?.body) lines.push("", t.body, "");
  if (t?.status === "drafted")
    lines.push(
      `Approve it as it is:       rsvp host thanks ${event.eventId} --approve`,
      `Approve an edited text:    rsvp host thanks ${event.eventId} --approve --text note.txt`,
      `(${NAME_PLACEHOLDER} becomes each guest's name; the note goes to the ${event.confirmed} guests holding a seat.)`,
    );
  else if (!t)
    lines.push(
      "",
      `Change what happens after the event:  rsvp host thanks ${event.eventId} --mode approve`,
      `Tell the drafter what to mention:     rsvp host thanks ${event.eventId} --notes "…"`,
    );
  return lines;
}
