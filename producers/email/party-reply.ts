/**
 * What the email lane makes of a party size in a guest's yes (docs/parties.md, "Email replies"): the commands
 * that register it, and, when the size is unclear or above the event's limit, an email with the guest's party
 * page instead of a guess. Never more seats than the reply clearly states: an unclear reply acts with the seats
 * the guest already has (1 for a guest coming back).
 */
import { createHash } from "node:crypto";
import { Command } from "../../contracts/command.ts";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import type { OutgoingEmail } from "../../core/mail-ports.ts";
import { seatsOf } from "../../core/seat-rules.ts";
import { translator } from "../../i18n/index.ts";
import { compose } from "../../mail/email-layout.ts";
import type { RegisterDecision } from "./inbound-mail.ts";

/** Why the guest is sent their party page: the size was unclear, or above the event's limit. */
export type PartyAsk = "unclear" | "too-large";

export interface RegisterPlan {
  /** What to queue, in order (a party change before the yes it goes with). */
  commands: Command[];
  /** Whether to send the party page, and why. */
  ask: PartyAsk | null;
  /** The seats the reply counts for, as far as the lane can tell. */
  seats: number;
}

/**
 * The commands for a verified guest's yes: an invited guest confirms (for the stated size), an offered one claims
 * (fewer seats if they say so: a partial accept), one who left registers again, and one on the list with another
 * size asks for it (`change-party`: a raise only into free seats). `id(step)` names each command by the message.
 */
export function registerPlan(
  decision: RegisterDecision,
  guest: GuestRecord,
  event: EventRecord,
  base: { eventId: string; issuedAt: string; lane: "email" },
  id: (step: string) => string,
): RegisterPlan {
  const stated = decision.party;
  const max = event.settings.maxParty;
  const party = stated?.kind === "size" && stated.party <= max ? stated.party : null;
  const ask: PartyAsk | null =
    !stated || party !== null ? null : stated.kind === "unclear" ? "unclear" : "too-large";
  const current = seatsOf(guest);
  const of = (fields: Record<string, unknown>, step: string) =>
    Command.parse({ ...base, guestId: guest.guestId, commandId: id(step), ...fields });
  const change = party !== null && party !== current ? [of({ type: "change-party", party }, "party")] : [];
  switch (guest.status) {
    case "pending":
      return {
        commands: [...change, of({ type: "confirm-invite" }, "register")],
        ask,
        seats: party ?? current,
      };
    case "offered":
      // "Yes" to a held seat takes it, all of it unless they name fewer (the keeper checks the window).
      return {
        commands: [
          of({ type: "claim-offer", ...(party !== null && party < current ? { party } : {}) }, "register"),
        ],
        ask,
        seats: Math.min(party ?? current, current),
      };
    case "cancelled":
    case "lapsed":
      return {
        commands: [
          Command.parse({
            ...base,
            commandId: id("register"),
            type: "register",
            name: guest.name,
            email: guest.email,
            invite: false,
            party: party ?? 1,
          }),
        ],
        ask,
        seats: party ?? 1,
      };
    default:
      // On the list already: a new size is a party change; a plain yes is a duplicate the keeper ignores.
      if (change.length > 0) return { commands: change, ask, seats: party ?? current };
      return {
        commands: ask
          ? []
          : [
              Command.parse({
                ...base,
                commandId: id("register"),
                type: "register",
                name: guest.name,
                email: guest.email,
                invite: false,
              }),
            ],
        ask,
        seats: current,
      };
  }
}

const hash = (s: string) => createHash("sha256").update(s).digest("base64url").slice(0, 22);

/** The email with the guest's party page, for a reply whose size the lane would not guess. One per message. */
export function partyPageEmail(input: {
  event: EventRecord;
  guest: GuestRecord;
  messageId: string;
  ask: PartyAsk;
  seats: number;
  url: string;
}): OutgoingEmail {
  const { event, guest } = input;
  const t = translator(event.details.language);
  const seats = t("party.seats", { count: input.seats });
  const max = t("party.seats", { count: event.settings.maxParty });
  const why =
    input.ask === "unclear"
      ? t("party.mail.unclear", { event: event.name, seats })
      : t("party.mail.tooLarge", { event: event.name, seats, max });
  const open = { action: "party", label: t("party.mail.button"), url: input.url };
  const email = compose({
    kind: "reply-confirm",
    key: `reply-party/${event.eventId}/${guest.guestId}/${hash(input.messageId)}`,
    event,
    guestId: guest.guestId,
    to: guest.email,
    subject: t("party.mail.subject", { event: event.name }),
    greeting: t("lane.hello"),
    paragraphs: [why, t("party.mail.choose")],
    facts: [],
    actions: [open],
    primary: open,
    footer: t("lane.footer"),
  });
  // An answer to a message: no responder answers it (RFC 3834), as every answer of the lane.
  return {
    ...email,
    headers: { ...email.headers, "Auto-Submitted": "auto-replied", "X-Auto-Response-Suppress": "All" },
  };
}
