/**
 * The email-reply lane: a received message becomes at most one command on the event's queue. Like every
 * producer it reads, validates and enqueues; the keeper decides. Used by the embedded SMTP listener and by
 * the S3 handler behind SES receipt.
 */
import { createHash } from "node:crypto";
import { Command } from "../../contracts/command.ts";
import { emailKey } from "../../contracts/common.ts";
import type { EventRecord } from "../../contracts/event.ts";
import type { RsvpAddressConfig } from "../../core/mail-identity.ts";
import type { Clock, CommandQueue, GuestReader, Mailer } from "../../core/ports.ts";
import {
  type CancelDecision,
  type DropDecision,
  decideReply,
  type InboundMailOptions,
  type RegisterDecision,
  type ReplyDecision,
} from "./inbound-mail.ts";
import { unknownEventReply } from "./unknown-event-reply.ts";

export interface ReplyLaneConfig {
  /** The RSVP mailbox (`rsvp@domain`, `rsvp+EVENTID@domain`); null when no inbound domain is configured. */
  rsvp: RsvpAddressConfig | null;
  /** The event of a Message-ID minted elsewhere (see `InboundMailOptions.knownMessageIds`). */
  knownMessageIds?: (messageId: string) => string | null;
}

export interface ReplyLaneDeps {
  reader: GuestReader;
  queue: CommandQueue;
  /** Sends the answer to a person whose message named no known event. */
  mailer: Mailer;
  clock: Clock;
  config: ReplyLaneConfig;
}

/** What became of one message: a command queued, or nothing (and whether an answer was queued). */
export type InboundMailResult =
  | { outcome: "queued"; decision: RegisterDecision | CancelDecision; command: Command }
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
 * Decides what a received message means and queues its command: a registration (an invited guest's yes
 * confirms the invitation and an offered guest's yes claims the held seat instead, since a second registration
 * of their address would only be a duplicate; a guest who cancelled or let an offer lapse registers again,
 * which the keeper treats as a comeback), or a cancellation of the sender's place. A message naming no
 * known event is answered politely through the Mailer, once per sender and day; a bounce, auto-reply, list or
 * spam message is only dropped.
 *
 * Throws only when a port fails (the store, the queue): the caller lets the message be delivered again, and
 * the command id makes the retry harmless.
 */
export async function handleInboundMail(
  raw: Buffer | string,
  deps: ReplyLaneDeps,
  received: Pick<InboundMailOptions, "envelope" | "sesVerdicts"> = {},
): Promise<InboundMailResult> {
  const now = deps.clock.now();
  const parsed: ReplyDecision = await decideReply(raw, {
    rsvp: deps.config.rsvp,
    knownMessageIds: deps.config.knownMessageIds,
    envelope: received.envelope,
    sesVerdicts: received.sesVerdicts,
    now,
  });
  const dropped = async (d: DropDecision): Promise<InboundMailResult> => {
    const answered = d.autoReply ? await deps.mailer.send(d.autoReply) : false;
    return { outcome: "dropped", decision: d, answered };
  };
  if (parsed.action === "drop") return dropped(parsed);

  const event = await namedEvent(deps.reader, parsed.eventId);
  if (!event) {
    const { email, name, eventId, messageId, subject } = parsed;
    return dropped({
      action: "drop",
      email,
      name,
      eventId,
      messageId,
      subject,
      reason: "unknown-event",
      detail: `no event "${eventId}"`,
      autoReply: unknownEventReply({
        to: email,
        name,
        subject,
        inReplyTo: messageId.startsWith("<") ? messageId : null,
        claimedEventId: eventId,
        identity: messageId,
        now,
      }),
    });
  }

  // The event as stored: the message may have named it in another case.
  const decision = { ...parsed, eventId: event.eventId };
  const guest = await deps.reader.findGuestByEmail(event.eventId, emailKey(decision.email));
  const base = {
    eventId: event.eventId,
    commandId: mailCommandId(event.eventId, decision.email, decision.messageId, decision.action),
    issuedAt: now.toISOString(),
    lane: "email" as const,
  };
  let command: Command;
  if (decision.action === "cancel") {
    if (!guest)
      return dropped({
        ...decision,
        action: "drop",
        reason: "not-a-guest",
        detail: `${decision.email} is not on the guest list (${decision.detail ?? decision.reason})`,
        autoReply: null,
      });
    command = Command.parse({ ...base, type: "cancel", guestId: guest.guestId });
  } else if (guest?.status === "pending") {
    command = Command.parse({ ...base, type: "confirm-invite", guestId: guest.guestId });
  } else if (guest?.status === "offered") {
    // "Yes" to a held seat takes it (while the hold lasts: the keeper checks the window).
    command = Command.parse({ ...base, type: "claim-offer", guestId: guest.guestId });
  } else {
    command = Command.parse({
      ...base,
      type: "register",
      name: decision.name,
      email: decision.email,
      invite: false,
    });
  }
  await deps.queue.send([command]);
  return { outcome: "queued", decision, command };
}
