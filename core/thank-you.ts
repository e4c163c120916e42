import { DateTime } from "luxon";
import { type EventRecord, eventEnd } from "../contracts/event.ts";
import { NAME_PLACEHOLDER, placeholdersIn, type ThankYouMode, ThankYouText } from "../contracts/thank-you.ts";
import type { ThankYouDrafter, ThankYouRequest } from "./ports.ts";

/**
 * The thank-you note's words: what a drafter is told about the event, the template used without a model (or
 * when a model's draft fails the checks), the checks a model's draft must pass, and the merge of each guest's
 * name. A model never sees a guest: names are merged here, by template, after the host has seen the draft.
 */

/** What the drafter is told: the event's details and the host's notes, nothing about any guest. */
export function thankYouRequestOf(event: EventRecord): ThankYouRequest {
  const zone = event.timeZone;
  const start = DateTime.fromISO(event.startsAt, { zone }).setLocale("en-GB");
  const end = DateTime.fromJSDate(eventEnd(event), { zone }).setLocale("en-GB");
  const notes = event.thankYouNotes?.trim() ?? "";
  return {
    eventName: event.name,
    date: start.toFormat("cccc d LLLL yyyy"),
    startTime: start.toFormat("HH:mm"),
    endTime: end.toFormat(end.hasSame(start, "day") ? "HH:mm" : "cccc d LLLL, HH:mm"),
    notes: notes === "" ? null : notes,
  };
}

/** Host-typed text put into the template: braces become parentheses, so it can hold no placeholder. */
const literal = (text: string) => text.replaceAll("{", "(").replaceAll("}", ")");

/** The note without a model: warm, short, and true whatever the event was. */
export function templateThankYou(request: ThankYouRequest): string {
  return [
    `Dear ${NAME_PLACEHOLDER},`,
    `Thank you for coming to ${literal(request.eventName)} on ${request.date}. It was a pleasure to have you with us, and we hope you enjoyed it as much as we did.`,
    ...(request.notes ? [literal(request.notes)] : []),
    "We hope to see you again soon.",
    "Warm regards,\nYour host",
  ].join("\n\n");
}

/** The shortest and longest a model's draft may be: a note, not a word and not an essay. */
const modelDraftLength = { min: 80, max: 2_000 };

/** Links of any kind: a scheme, www., an email address, or a bare domain. */
const linkPatterns: readonly RegExp[] = [
  /\b[a-z][a-z0-9+.-]*:\/\//i,
  /\b(?:mailto|tel|javascript|data):/i,
  /\bwww\./i,
  /[^\s@]+@[^\s@]+\.[a-z]{2,}/i,
  /\b[a-z0-9-]+(?:\.[a-z0-9-]+)*\.(?:com|org|net|io|co|de|uk|eu|us|app|dev|info|biz|me|ly|gl|gg|link|site|online|xyz)\b/i,
];

export type DraftCheck = { ok: true; body: string } | { ok: false; problem: string };

/**
 * Whether a model's draft may become the note: plain text of a note's length, greeting the guest through
 * `{name}` and holding no other placeholder (`{event}`, `[Your name]`), no link or address, no markup, no
 * subject line. Anything else is a malformed draft, and the template is used instead.
 */
export function checkModelDraft(text: string): DraftCheck {
  const parsed = ThankYouText.safeParse(text);
  if (!parsed.success) return { ok: false, problem: parsed.error.issues[0]?.message ?? "not plain text" };
  const body = parsed.data;
  if (body.length < modelDraftLength.min)
    return { ok: false, problem: `shorter than ${modelDraftLength.min} characters` };
  if (body.length > modelDraftLength.max)
    return { ok: false, problem: `longer than ${modelDraftLength.max} characters` };
  const placeholders = placeholdersIn(body);
  if (!placeholders.includes(NAME_PLACEHOLDER))
    return { ok: false, problem: `no ${NAME_PLACEHOLDER} placeholder` };
  const other = placeholders.find((p) => p !== NAME_PLACEHOLDER);
  if (other) return { ok: false, problem: `a placeholder other than ${NAME_PLACEHOLDER}: ${other}` };
  if (/[[\]<>`]/.test(body)) return { ok: false, problem: "brackets, markup or code" };
  if (linkPatterns.some((p) => p.test(body))) return { ok: false, problem: "a link or an address" };
  if (/^\s*subject\s*:/im.test(body)) return { ok: false, problem: "a subject line" };
  return { ok: true, body };
}

/** The note as one guest reads it: every `{name}` replaced by their name (plain text; HTML escapes later). */
export function mergeName(body: string, name: string): string {
  return body.replaceAll(NAME_PLACEHOLDER, name);
}

/** A drafted note and who wrote it. */
export interface ThankYouDraft {
  body: string;
  source: "model" | "template";
}

/**
 * Drafts an event's note: by the drafter (a model) when there is one and its draft passes the checks, else by
 * the template. A drafter that fails (an SDK error, a timeout) or writes a malformed draft never stops the
 * note: `onFallback` hears why, and the template is used.
 */
export async function draftThankYou(
  drafter: ThankYouDrafter | null,
  request: ThankYouRequest,
  onFallback: (reason: string, error?: unknown) => void = () => {},
): Promise<ThankYouDraft> {
  const template: ThankYouDraft = { body: templateThankYou(request), source: "template" };
  if (!drafter) return template;
  let text: string;
  try {
    text = await drafter.draft(request);
  } catch (error) {
    onFallback("the model could not draft the note", error);
    return template;
  }
  const checked = checkModelDraft(text);
  if (!checked.ok) {
    onFallback(`the model's draft was refused: ${checked.problem}`);
    return template;
  }
  return { body: checked.body, source: "model" };
}

/** An event's thank-you setting; an event stored before the setting existed reads as the default. */
export function thankYouModeOf(event: Pick<EventRecord, "settings">): ThankYouMode {
  return (event.settings as Partial<EventRecord["settings"]>).thankYou ?? "auto";
}
