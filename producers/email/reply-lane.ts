/**
 * The email-reply lane: a received message becomes at most one command on the event's queue. Like every
 * producer it reads, validates and enqueues; the keeper decides. Used by the embedded SMTP listener and by
 * the S3 handler behind SES receipt.
 */
import { createHash } from "node:crypto";
import { Command } from "../../contracts/command.ts";
import { emailKey, guestEmailKey } from "../../contracts/common.ts";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import type { Keyring, LinkAction } from "../../contracts/link.ts";
import { missingRequired } from "../../contracts/questions.ts";
import { linkExpiry, verifyReplyToken } from "../../core/link-token.ts";
import type { RsvpAddressConfig } from "../../core/mail-identity.ts";
import type { Mailer } from "../../core/mail-ports.ts";
import type { Clock, CommandQueue, GuestReader, LinkMinter } from "../../core/ports.ts";
import { hasLeft } from "../../core/seat-rules.ts";
import {
  type CancelDecision,
  type DropDecision,
  decideReply,
  type InboundMailOptions,
  type RegisterDecision,
  type ReplyDecision,
  type UnclearDecision,
} from "./inbound-mail.ts";
import { type ConfirmStep, confirmByLinkEmail, unclearReplyEmail, unknownEventReply } from "./lane-email.ts";
import { partyPageEmail, type RegisterPlan, registerPlan } from "./party-reply.ts";

export interface ReplyLaneConfig {
  /** The RSVP mailbox (`rsvp@domain`, `rsvp+EVENTID@domain`); null when no inbound domain is configured. */
  rsvp: RsvpAddressConfig | null;
  /** The event of a Message-ID minted elsewhere (see `InboundMailOptions.knownMessageIds`). */
  knownMessageIds?: (messageId: string) => string | null;
}

export interface ReplyLaneDeps {
  reader: GuestReader;
  queue: CommandQueue;
  /** Sends the lane's own emails: a confirmation link, the answer to a message that named no known event. */
  mailer: Mailer;
  clock: Clock;
  config: ReplyLaneConfig;
  /** The signing keys, to verify a per-guest reply address (read on every message: keys rotate). */
  keyring: () => Keyring;
  /** Mints the signed links a confirmation email carries. */
  links: LinkMinter;
  /** The public URL of an event's register page (`${baseUrl}/e/${eventId}`). */
  registerUrl: (eventId: string) => string;
}

/** An RSVP the lane will not act on by itself: the person was sent a link to do it (or no one was). */
export interface ConfirmByLink {
  outcome: "confirm-by-link";
  decision: RegisterDecision | CancelDecision | UnclearDecision;
  /** Why the message does not act (for logs): no signed address, a failed DMARC, another sender. */
  why: string;
  /** Whether a confirmation link went out (to the guest's address on the list, or an authenticated sender). */
  answered: boolean;
}

/** What became of one message: a command queued, a confirmation link instead, or nothing. */
export type InboundMailResult =
  | { outcome: "queued"; decision: RegisterDecision | CancelDecision; command: Command }
  | ConfirmByLink
  | { outcome: "dropped"; decision: DropDecision; answered: boolean };

/**
 * The command id of a message's decision: from the event, the sender, the message's identity (its
 * Message-ID) and the action, so a redelivered message (SMTP retry, S3 event delivered twice) queues the same
 * command, which the queue and the keeper apply once. The sender is part of it so that another sender reusing
 * a Message-ID cannot make a guest's own reply look like a redelivery.
 */
export function mailCommandId(eventId: string, email: string, messageId: string, action: string): string {
  const digest = createHash("sha256")
    .update(`${eventId}\n${emailKey(email)}\n${messageId}\n${action}`)
    .digest("base64url");
  return `mail-${digest.slice(0, 32)}`;
}

/**
 * The event a message names. Event ids are case-sensitive, but a mail system may change the case of an
 * address's local part (some lowercase the envelope recipient, a person may retype it), so after the id as
 * written its lowercase form is tried. That is safe because new event ids are minted in lowercase
 * (cli/new-event.ts): the fallback can only reach an all-lowercase id, tried only when the id as written names
 * no event, and two random ids that differ only in case do not occur. An older mixed-case id whose case was
 * changed in transit names no event: the sender gets the polite "which event?" answer, and nothing changes.
 */
async function namedEvent(reader: GuestReader, eventId: string): Promise<EventRecord | null> {
  const exact = await reader.getEvent(eventId);
  if (exact) return exact;
  const lower = eventId.toLowerCase();
  return lower === eventId ? null : reader.getEvent(lower);
}

/**
 * Who a message may act for: the guest its per-guest reply address names, if the address verifies, names
 * this event, and the message is from that guest's address with no DMARC failure. Otherwise the guest the
 * message is about (the address's, or the sender's on the list) and why it may not act.
 */
async function authority(
  decision: RegisterDecision | CancelDecision | UnclearDecision,
  event: EventRecord,
  deps: ReplyLaneDeps,
): Promise<{ acts: true; guest: GuestRecord } | { acts: false; guest: GuestRecord | null; why: string }> {
  const byFrom = () =>
    deps.reader.findGuestByEmail(event.eventId, guestEmailKey(decision.email, event.settings));
  if (!decision.replyToken) return { acts: false, guest: await byFrom(), why: "no signed reply address" };
  const verified = verifyReplyToken(decision.replyToken, deps.keyring());
  if (!verified.ok) return { acts: false, guest: await byFrom(), why: `reply address ${verified.reason}` };
  const { claims } = verified;
  // Only for that guest and that event: an address of another event is no authority here.
  if (claims.eventId !== event.eventId || claims.purpose !== "rsvp")
    return { acts: false, guest: await byFrom(), why: "reply address of another event" };
  const guest = await deps.reader.getGuest(event.eventId, claims.guestId);
  if (!guest) return { acts: false, guest: await byFrom(), why: "reply address of no guest" };
  // A signed address can be passed on (a forward, a reply-all by a friend): the sender must be the guest.
  if (guestEmailKey(guest.email, event.settings) !== guestEmailKey(decision.email, event.settings))
    return { acts: false, guest, why: "reply address of another guest than the sender" };
  if (decision.dmarc === "fail") return { acts: false, guest, why: "DMARC fail" };
  return { acts: true, guest };
}

/** The step a confirmation link offers for what the message asked, given the guest's status; null: none. */
function confirmStep(action: "register" | "cancel", guest: GuestRecord | null): ConfirmStep | null {
  if (action === "cancel") {
    if (!guest) return null;
    if (guest.status === "pending") return "decline";
    // A request (approval mode) is withdrawn like a seat is given up.
    return guest.status === "confirmed" ||
      guest.status === "offered" ||
      guest.status === "waitlisted" ||
      guest.status === "requested"
      ? "cancel"
      : null;
  }
  if (!guest || guest.status === "cancelled" || guest.status === "lapsed") return "register";
  if (guest.status === "pending") return "confirm";
  if (guest.status === "offered") return "claim";
  return null; // confirmed, waitlisted, requested: nothing to do
}

/**
 * Instead of acting, email a link that does it (GET shows a page with one button, POST acts). It goes to
 * the guest's address on the list, who may ignore it; to someone not on the list only when their domain
 * vouches for them (DMARC pass), so a forged sender gets no mail from us.
 */
async function confirmByLink(
  decision: RegisterDecision | CancelDecision,
  event: EventRecord,
  guest: GuestRecord | null,
  why: string,
  deps: ReplyLaneDeps,
): Promise<InboundMailResult> {
  const step = confirmStep(decision.action, guest);
  const to = guest ? guest.email : decision.dmarc === "pass" ? decision.email : null;
  if (!guest && decision.action === "cancel") return notAGuest(decision, deps);
  if (!to)
    return dropped(deps, {
      ...decision,
      action: "drop",
      reason: "unverified-sender",
      detail: `${why}; not on the list and not authenticated (DMARC ${decision.dmarc}): no answer`,
      autoReply: null,
    });
  if (!step)
    return { outcome: "confirm-by-link", decision, why: `${why}; nothing to confirm`, answered: false };
  const url =
    step === "register" || !guest
      ? deps.registerUrl(event.eventId)
      : deps.links.url({
          eventId: event.eventId,
          guestId: guest.guestId,
          action: step satisfies LinkAction,
          expiresAt: new Date(
            linkExpiry(
              new Date(event.startsAt),
              step === "claim" && guest.offer ? new Date(guest.offer.expiresAt) : undefined,
            ),
          ),
        });
  const answered = await deps.mailer.send(
    confirmByLinkEmail({
      to,
      eventId: event.eventId,
      eventName: event.name,
      guestId: guest?.guestId ?? null,
      language: event.details.language,
      step,
      url,
      now: deps.clock.now(),
    }),
  );
  return { outcome: "confirm-by-link", decision, why, answered };
}

/**
 * A reply the lane would not read either way (a yes and a no): no seat action. The guest's manage link goes to
 * their address on the list (whoever sent it: the link acts only there), where they change their seats or
 * cancel themselves. Someone not on the list gets no answer.
 */
async function unclearReply(
  decision: UnclearDecision,
  event: EventRecord,
  guest: GuestRecord | null,
  deps: ReplyLaneDeps,
): Promise<InboundMailResult> {
  if (!guest) return notAGuest(decision, deps);
  const url = guestLink(deps, event, guest, "manage");
  const answered = await deps.mailer.send(unclearReplyEmail({ event, guest, url, now: deps.clock.now() }));
  return { outcome: "confirm-by-link", decision, why: `unclear reply: ${decision.detail}`, answered };
}

/** A message about someone not on the list: dropped, unanswered (the sender may be forged). */
function notAGuest(
  decision: CancelDecision | UnclearDecision,
  deps: ReplyLaneDeps,
): Promise<InboundMailResult> {
  return dropped(deps, {
    ...decision,
    action: "drop",
    reason: "not-a-guest",
    detail: `${decision.email} is not on the guest list (${decision.detail ?? decision.reason})`,
    autoReply: null,
  });
}

/** A guest's signed link of `action`, working until the event starts. */
function guestLink(deps: ReplyLaneDeps, event: EventRecord, guest: GuestRecord, action: LinkAction): string {
  return deps.links.url({
    eventId: event.eventId,
    guestId: guest.guestId,
    action,
    expiresAt: new Date(linkExpiry(new Date(event.startsAt))),
  });
}

/** A drop, with its answer sent when it has one. */
async function dropped(deps: ReplyLaneDeps, d: DropDecision): Promise<InboundMailResult> {
  const answered = d.autoReply ? await deps.mailer.send(d.autoReply) : false;
  return { outcome: "dropped", decision: d, answered };
}

/**
 * Decides what a received message means and acts on it only when a signed per-guest reply address ties it
 * to the guest who sent it (see `authority`): a registration (an invited guest's yes confirms the invitation
 * and an offered guest's yes claims the held seat; a guest who cancelled or let an offer lapse registers
 * again, which the keeper treats as a comeback), or a cancellation. Anything else acts on nobody: the guest
 * (or an authenticated stranger) is emailed a link that does it. A message naming no known event is answered
 * only when its sender is authenticated, once per sender and day; a bounce, auto-reply, list or spam
 * message, or a reply to the host's message, is only dropped.
 *
 * Throws only when a port fails (the store, the queue): the caller lets the message be delivered again, and
 * the command id makes the retry harmless.
 */
export async function handleInboundMail(
  raw: Buffer | string,
  deps: ReplyLaneDeps,
  received: Pick<InboundMailOptions, "envelope" | "sesVerdicts" | "dmarc" | "sesHeaders"> = {},
  decide: (raw: Buffer | string, options: InboundMailOptions) => Promise<ReplyDecision> = decideReply,
): Promise<InboundMailResult> {
  const now = deps.clock.now();
  const parsed: ReplyDecision = await decide(raw, {
    rsvp: deps.config.rsvp,
    knownMessageIds: deps.config.knownMessageIds,
    ...received,
    now,
  });
  if (parsed.action === "drop") return dropped(deps, parsed);

  const event = await namedEvent(deps.reader, parsed.eventId);
  if (!event) {
    const { email, name, eventId, messageId, subject, dmarc } = parsed;
    return dropped(deps, {
      action: "drop",
      email,
      name,
      eventId,
      messageId,
      subject,
      reason: "unknown-event",
      detail: `no event "${eventId}"`,
      autoReply:
        dmarc === "pass"
          ? unknownEventReply({ to: email, inReplyTo: messageId.startsWith("<") ? messageId : null, now })
          : null,
    });
  }

  // The event as stored: the message may have named it in another case.
  const decision = { ...parsed, eventId: event.eventId };
  const allowed = await authority(decision, event, deps);
  if (decision.action === "unclear") return unclearReply(decision, event, allowed.guest, deps);
  if (!allowed.acts) return confirmByLink(decision, event, allowed.guest, allowed.why, deps);
  const { guest } = allowed;
  const base = {
    eventId: event.eventId,
    commandId: mailCommandId(event.eventId, decision.email, decision.messageId, decision.action),
    issuedAt: now.toISOString(),
    lane: "email" as const,
  };
  if (decision.action === "cancel") {
    const command = Command.parse({ ...base, type: "cancel", guestId: guest.guestId });
    await deps.queue.send([command]);
    return { outcome: "queued", decision, command };
  }
  if (hasLeft(guest.status) && missingRequired(event.settings.questions, guest.answers ?? {}).length > 0) {
    // A comeback must answer the event's required questions, which a reply cannot: the form link instead.
    return confirmByLink(decision, event, guest, "a required question is unanswered", deps);
  }
  // A yes: for the party size it states, if any (producers/email/party-reply.ts).
  const id = (step: string) => mailCommandId(event.eventId, decision.email, decision.messageId, step);
  const plan = registerPlan(decision, guest, event, { ...base, lane: "email" }, id);
  if (plan.commands.length > 0) await deps.queue.send(plan.commands);
  const answered = plan.ask
    ? await deps.mailer.send(partyPageEmailFor(decision, guest, event, plan, deps))
    : false;
  const command = plan.commands.at(-1);
  if (!command) return { outcome: "confirm-by-link", decision, why: `party size ${plan.ask}`, answered };
  return { outcome: "queued", decision, command };
}

/** The email with a guest's party page, for a reply whose party size the lane would not guess. */
function partyPageEmailFor(
  decision: RegisterDecision,
  guest: GuestRecord,
  event: EventRecord,
  plan: RegisterPlan,
  deps: ReplyLaneDeps,
) {
  const url = guestLink(deps, event, guest, "party");
  return partyPageEmail({
    event,
    guest,
    messageId: decision.messageId,
    ask: plan.ask!,
    seats: plan.seats,
    url,
  });
}
