import { Id } from "../../contracts/common.ts";
import type { EventRecord } from "../../contracts/event.ts";
import type { Language } from "../../contracts/language.ts";
import type { Outcome } from "../../contracts/outcome.ts";
import type { DeadLetterLookup, GuestReader } from "../../core/ports.ts";
import { pages } from "../../i18n/en/pages.ts";
import { translator } from "../../i18n/index.ts";
import type { HostNotice } from "./host-frame.ts";
import { hostHandNoticeOf } from "./host-hand-notice.ts";

/** Every reason the keeper can refuse a host action has words in the catalog (a new reason fails to typecheck). */
export const refusalWords: Record<Extract<Outcome, { kind: "refused" }>["reason"], string> =
  pages.host.refusal;

/** The notice's words, in the event's language. */
const noticeText = (language: Language) => {
  const t = translator(language);
  return (key: string, options: Record<string, unknown> = {}) => t(`pages.host.notice.${key}`, options);
};

/**
 * What became of the host's last action, for the page a form post redirected to (`?done=<command id>`).
 * The text is made from the recorded outcome, never from the query string, so a crafted link can show
 * nothing but "queued". An action with no outcome that the queue set aside as a dead letter (embedded: the
 * queue can tell) says so, instead of a page that refreshes forever. Null when there is nothing to report.
 */
export async function hostNoticeOf(
  reader: GuestReader,
  event: Pick<EventRecord, "eventId" | "details">,
  done: string | undefined,
  deadLetters?: DeadLetterLookup | undefined,
): Promise<HostNotice | null> {
  if (!done || !Id.safeParse(done).success) return null;
  const { eventId } = event;
  const say = noticeText(event.details.language);
  const result = await reader.getCommandResult(eventId, done);
  if (!result) {
    if (await deadLetters?.findDeadLetter(eventId, done)) return { tone: "problem", text: say("setAside") };
    return {
      tone: "pending",
      text: say("pending"),
    };
  }
  const outcome = result.outcome;
  // An approval's outcomes are a registration's kinds, as an add's are: the guest's last change tells them apart.
  const approval = await approvalNoticeOf(reader, event, result.commandId, outcome);
  if (approval) return approval;
  const hand = await hostHandNoticeOf(reader, event, outcome);
  if (hand) return hand;
  switch (outcome.kind) {
    case "capacity-set":
      return { tone: "done", text: say("capacitySet", { from: outcome.from, to: outcome.to }) };
    case "registration-closed":
      return { tone: "done", text: say("closed") };
    case "registration-reopened":
      return { tone: "done", text: say("reopened") };
    case "message-recorded":
      return { tone: "done", text: say("message") };
    case "notified": {
      const guest = await reader.getGuest(eventId, outcome.guestId);
      return {
        tone: "done",
        text: say("notified", { who: guest ? `${guest.name} <${guest.email}>` : say("theGuest") }),
      };
    }
    case "thank-you":
      return outcome.status === "approved"
        ? { tone: "done", text: say("thanksApproved") }
        : { tone: "done", text: say("thanksStatus", { status: say(`thanksState.${outcome.status}`) }) };
    case "thank-you-set":
      return { tone: "done", text: say("thanksSet") };
    case "unchanged":
      return { tone: "done", text: say("unchanged") };
    case "refused":
      return {
        tone: "problem",
        text: say("refused", {
          reason: translator(event.details.language)(`pages.host.refusal.${outcome.reason}`),
        }),
      };
    default:
      return null;
  }
}

/**
 * What an approval or a decline came to (approval mode): the guest and where they stand now. Only for the
 * host's own approve and decline commands (their outcomes are a registration's kinds).
 */
async function approvalNoticeOf(
  reader: GuestReader,
  event: Pick<EventRecord, "eventId" | "details">,
  commandId: string,
  outcome: Outcome,
): Promise<HostNotice | null> {
  if (outcome.kind !== "confirmed" && outcome.kind !== "waitlisted" && outcome.kind !== "cancelled")
    return null;
  const guest = await reader.getGuest(event.eventId, outcome.guestId);
  const action = guest?.lastChange.commandId === commandId ? guest.lastChange.action : null;
  if (action !== "approve" && action !== "decline-request") return null;
  const t = translator(event.details.language);
  const who = guest ? `${guest.name} <${guest.email}>` : "";
  return { tone: "done", text: t(`approval.host.notice.${outcome.kind}`, { who }) };
}
