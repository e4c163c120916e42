import { Id } from "../../contracts/common.ts";
import type { Outcome } from "../../contracts/outcome.ts";
import type { DeadLetterLookup, GuestReader } from "../../core/ports.ts";
import type { HostNotice } from "./host-pages.ts";

const refusals: Record<Extract<Outcome, { kind: "refused" }>["reason"], string> = {
  "registration-closed": "registration is closed",
  "event-started": "the event has already started",
  "guest-not-found": "there is no such guest",
  "event-not-found": "the event could not be found",
  "offer-expired": "the offer has expired",
  "no-offer": "the guest holds no offer",
  "not-invited": "the guest was not invited",
  "not-applicable": "the guest has cancelled or their offer lapsed, so there is no link to send",
  "thanks-not-drafted": "there is no draft to approve yet: the note is drafted when the event ends",
  "thanks-already-drafted":
    "the note is already drafted, so the setting and the notes no longer change it; edit the draft instead",
  "edit-invalid": "the new time is not valid: the start must be in the future and the end after it",
};

/** What the host is told about an action the keeper failed on until the queue set it aside. */
const setAsideNotice: HostNotice = {
  tone: "problem",
  text:
    "Not done yet: this action failed every time it was tried, so it was set aside with the dead letters " +
    "and has not taken effect. The command rsvp dlq replay retries it (once whatever made it fail is " +
    "fixed); this page then shows what became of it.",
};

/**
 * What became of the host's last action, for the page a form post redirected to (`?done=<command id>`).
 * The text is made from the recorded outcome, never from the query string, so a crafted link can show
 * nothing but "queued". An action with no outcome that the queue set aside as a dead letter (embedded: the
 * queue can tell) says so, instead of a page that refreshes forever. Null when there is nothing to report.
 */
export async function hostNoticeOf(
  reader: GuestReader,
  eventId: string,
  done: string | undefined,
  deadLetters?: DeadLetterLookup | undefined,
): Promise<HostNotice | null> {
  if (!done || !Id.safeParse(done).success) return null;
  const result = await reader.getCommandResult(eventId, done);
  if (!result) {
    if (await deadLetters?.findDeadLetter(eventId, done)) return setAsideNotice;
    return {
      tone: "pending",
      text: "Received: it takes effect in a moment (this page refreshes until it has).",
    };
  }
  const outcome = result.outcome;
  switch (outcome.kind) {
    case "capacity-set":
      return { tone: "done", text: `Capacity changed from ${outcome.from} to ${outcome.to}.` };
    case "registration-closed":
      return { tone: "done", text: "Registration is closed: nobody new can register." };
    case "registration-reopened":
      return { tone: "done", text: "Registration is open again." };
    case "message-recorded":
      return { tone: "done", text: "Your message is on its way to every confirmed guest." };
    case "notified": {
      const guest = await reader.getGuest(eventId, outcome.guestId);
      return {
        tone: "done",
        text: `The link is on its way to ${guest ? `${guest.name} <${guest.email}>` : "the guest"}.`,
      };
    }
    case "thank-you":
      return outcome.status === "approved"
        ? { tone: "done", text: "Approved: the thank-you note is on its way to every guest who held a seat." }
        : { tone: "done", text: `The thank-you note is ${outcome.status}.` };
    case "thank-you-set":
      return { tone: "done", text: "Saved: the thank-you note will be written with these settings." };
    case "unchanged":
      return { tone: "done", text: "Nothing to change: it was already so." };
    case "refused":
      return { tone: "problem", text: `Not done: ${refusals[outcome.reason]}.` };
    default:
      return null;
  }
}
