/**
 * The email-reply lane's parser: one raw message in, one decision out — register the sender, cancel them, or
 * drop the message and say why. Both runtimes use it: the embedded SMTP listener and the S3 object SES writes.
 * Pure apart from parsing: no store, no clock (the caller passes `now`), no mail sent; expected outcomes
 * (a bounce, an auto-reply, an unknown event) are values.
 *
 * No model reads the message. A reply to the RSVP address is the intent ("yes"); the body is only scanned for
 * a clear cancellation, and a calendar reply says accept or decline itself. The parts live beside it:
 * `mime-message` (parsing), `not-a-person`, `sender-identity`, `calendar-reply`, `reply-text` (quotes,
 * signatures, cancelling phrases) and `lane-email`.
 *
 * It decides what a message asks for, not whether to believe it: a register or cancel decision carries the
 * per-guest reply token it arrived with (unverified) and the DMARC verdict, and the lane (reply-lane.ts) acts
 * only on a verified token (see docs/email-trust.md).
 */
import { createHash } from "node:crypto";
import {
  eventIdOfMessageId,
  isHostMessageId,
  parseRsvpAddress,
  type RsvpAddressConfig,
} from "../../core/mail-identity.ts";
import type { OutgoingEmail } from "../../core/mail-ports.ts";
import { calendarReply, eventIdOfCalendarUid } from "./calendar-reply.ts";
import { unknownEventReply } from "./lane-email.ts";
import { addressesIn, addressesOf, type MimeMessage, messageIds, readMessage } from "./mime-message.ts";
import { type NotAPersonReason, notAPerson, type SesVerdicts } from "./not-a-person.ts";
import { findPartySize, type PartyStatement } from "./party-text.ts";
import {
  declinedSubject,
  findCancellation,
  htmlToText,
  isReplySubject,
  newText,
  readCancellation,
  saysYes,
} from "./reply-text.ts";
import { type DmarcVerdict, dmarcOfSesHeaders } from "./sender-auth.ts";
import { senderOf } from "./sender-identity.ts";

/** Why a message registers or cancels nobody. */
export type DropReason =
  | NotAPersonReason
  /** No single, valid From address. */
  | "no-sender"
  /** An address the guest list cannot hold: a non-ASCII local part (see sender-identity). */
  | "unsupported-address"
  /** The message names no event, or one that does not exist. */
  | "unknown-event"
  /** A cancellation from an address that is not on the event's guest list. */
  | "not-a-guest"
  /** Not parseable as a message at all, or past the limits on size, parts and time (see parse-pool.ts). */
  | "unreadable"
  /** A reply to the host's message or thank-you note: words for the host, never an RSVP action. */
  | "reply-to-host"
  /** Nothing ties it to a guest (no verified reply address), and no answer may go to its sender. */
  | "unverified-sender";

/** Who a message is from, when it has a usable sender. */
interface Sender {
  email: string;
  name: string;
}

interface DecisionBase {
  /**
   * The message's identity: its Message-ID, or a hash of its bytes when it has none. A redelivered message
   * has the same identity, so the command it becomes has the same id and is applied once.
   */
  messageId: string;
  /** The message's subject (decoded), for logs and the answer to an unknown event. */
  subject: string;
  /** What the decision rests on, for logs and `rsvp mail parse` (the cancelling phrase, the header seen). */
  detail: string | null;
}

/** What a register or cancel decision may be believed on: checked by the lane, never here. */
interface Credentials {
  /** The tag of the per-guest reply address it was sent to (envelope first, then To/Cc), unverified. */
  replyToken: string | null;
  /** The receiving side's DMARC verdict on the From domain. */
  dmarc: DmarcVerdict;
}

/** Register the sender (an invited guest confirms their invitation). */
export interface RegisterDecision extends DecisionBase, Sender, Credentials {
  action: "register";
  eventId: string;
  reason: "reply" | "calendar-accepted";
  /** The party size the reply states ("+1", "we're 3"), or that it is unclear; absent: it states none. */
  party?: PartyStatement;
}

/** Cancel the sender's place (their seat, offer, waitlist place or invitation). */
export interface CancelDecision extends DecisionBase, Sender, Credentials {
  action: "cancel";
  eventId: string;
  reason: "cancellation" | "calendar-declined";
}

/**
 * A reply that says yes and no about the guest ("Yes, we're 3. Sorry, I can't make it"), or a no about someone
 * else without a clear party size ("Yes, but my brother can't come"): no seat action; the lane mails the guest
 * their manage link instead of guessing.
 */
export interface UnclearDecision extends DecisionBase, Sender, Credentials {
  action: "unclear";
  eventId: string;
  reason: "mixed-reply";
}

/** Nothing to apply. `email`/`name` say who it was from when known (for logs); never a guest to act on. */
export interface DropDecision extends DecisionBase {
  action: "drop";
  email: string | null;
  name: string | null;
  eventId: string | null;
  reason: DropReason;
  /**
   * The polite answer to a person whose message named no known event, only when their domain vouches for
   * them (DMARC pass); the caller sends it through the Mailer. Null for everything else: bounces,
   * auto-replies, lists, spam and unauthenticated senders are never answered (an answer to an autoresponder
   * starts a loop, an answer to a forged sender is backscatter).
   */
  autoReply: OutgoingEmail | null;
}

export type ReplyDecision = RegisterDecision | CancelDecision | UnclearDecision | DropDecision;

export interface InboundMailOptions {
  /** The RSVP mailbox: `rsvp@domain` and `rsvp+EVENTID@domain`. Null: no address names an event. */
  rsvp?: RsvpAddressConfig | null;
  /**
   * The event of a Message-ID we sent, for In-Reply-To/References. rsvp's own Message-IDs name their event
   * (see core/mail-identity) and are read without it; this is for ids minted elsewhere (SES assigns its own).
   */
  knownMessageIds?: (messageId: string) => string | null;
  /** The event to assume when the message names none (`rsvp mail parse --event`). */
  defaultEventId?: string;
  sesVerdicts?: SesVerdicts;
  /**
   * The receiving side's DMARC verdict: SES receipt's, or the SMTP listener's (mailauth). Absent: read the
   * topmost Authentication-Results header when `sesHeaders` (a message SES stored), else none.
   */
  dmarc?: DmarcVerdict;
  /** The message was stored by SES receipt, whose headers on top are its own. */
  sesHeaders?: boolean;
  /** The SMTP envelope, when the message came over SMTP: RCPT TO names the event most reliably. */
  envelope?: { mailFrom?: string | null; rcptTo?: readonly string[] };
  /** Now, for the auto-reply's key (one answer per sender and day). */
  now?: Date;
  /** The most MIME parts a message may have before it is not parsed (mime-message's `maxParts`). */
  maxParts?: number;
}

/**
 * The event a message is about, most reliable first: the RSVP address it was delivered to (SMTP envelope),
 * the RSVP address in To/Cc/Delivered-To (a reply to the invite goes to its Reply-To, `rsvp+EVENTID@…`), a
 * Message-ID of ours in In-Reply-To/References, a calendar reply's UID, then the default. The id is as the
 * message wrote it; the lane looks it up (see reply-lane: a mail system may have changed its case).
 */
function eventOf(
  message: MimeMessage,
  calendarUid: string | null,
  options: InboundMailOptions,
): { eventId: string; via: string } | null {
  const rsvp = options.rsvp;
  if (rsvp) {
    const headerAddresses = [
      ...addressesOf(message.to),
      ...addressesOf(message.cc),
      ...["delivered-to", "x-original-to", "envelope-to"].flatMap((h) =>
        message.header(h).flatMap(addressesIn),
      ),
    ];
    for (const [via, list] of [
      ["envelope", options.envelope?.rcptTo ?? []],
      ["address", headerAddresses],
    ] as const) {
      for (const address of list) {
        const eventId = parseRsvpAddress(address, rsvp)?.eventId;
        if (eventId) return { eventId, via: `${via} ${address}` };
      }
    }
  }
  const references = [
    ...message.header("in-reply-to").flatMap(messageIds),
    ...message.header("references").flatMap(messageIds).reverse(),
  ];
  for (const id of references) {
    const eventId = options.knownMessageIds?.(id) ?? eventIdOfMessageId(id);
    if (eventId) return { eventId, via: `reply to ${id}` };
  }
  const uidEvent = calendarUid ? eventIdOfCalendarUid(calendarUid) : null;
  if (uidEvent) return { eventId: uidEvent, via: `calendar UID ${calendarUid}` };
  if (options.defaultEventId) return { eventId: options.defaultEventId, via: "default event" };
  return null;
}

/**
 * The per-guest reply token among the RSVP addresses the message was sent to: the envelope first (where it
 * was delivered), then To, Cc and the delivery headers. Unverified: anyone can write any address.
 */
function replyTokenOf(message: MimeMessage, options: InboundMailOptions): string | null {
  const rsvp = options.rsvp;
  if (!rsvp) return null;
  const addresses = [
    ...(options.envelope?.rcptTo ?? []),
    ...addressesOf(message.to),
    ...addressesOf(message.cc),
    ...["delivered-to", "x-original-to", "envelope-to"].flatMap((h) =>
      message.header(h).flatMap(addressesIn),
    ),
  ];
  for (const address of addresses) {
    const token = parseRsvpAddress(address, rsvp)?.replyToken;
    if (token) return token;
  }
  return null;
}

/**
 * Whether the message answers the host's own words: it quotes a host message's Message-ID, or it came to a
 * reply address made for one. (Its token is not verified here: dropping is always safe.)
 */
function repliesToHost(message: MimeMessage, replyToken: string | null): string | null {
  const ids = [...message.header("in-reply-to"), ...message.header("references")].flatMap(messageIds);
  const hostId = ids.find(isHostMessageId);
  if (hostId) return `a reply to the host's message ${hostId}`;
  if (replyToken?.split(".")[2]?.startsWith("h")) return "sent to the reply address of a host's message";
  return null;
}

/**
 * What the person wrote. The text/plain part when it has any text: it is what the client says the message
 * is (Outlook's Word HTML may even say something else). The HTML, made text, only when there is no plain text.
 */
function writtenText(message: MimeMessage): string {
  if (message.text.trim() !== "") return newText(message.text);
  return message.html === null ? "" : newText(htmlToText(message.html));
}

const hash = (bytes: Buffer) => createHash("sha256").update(bytes).digest("base64url");

/** The decision for a message that could not be read: dropped, answered by nobody, `detail` saying why. */
export function unreadableDrop(messageId: string, detail: string): ReplyDecision {
  return {
    action: "drop",
    email: null,
    name: null,
    eventId: null,
    reason: "unreadable",
    messageId,
    subject: "",
    detail,
    autoReply: null,
  };
}

/**
 * Decides what one raw message means: register or cancel its sender for an event, or drop it with a reason.
 * Never throws for any input: a message that cannot be read is dropped as `unreadable`.
 */
export async function decideReply(
  raw: Buffer | string,
  options: InboundMailOptions = {},
): Promise<ReplyDecision> {
  const bytes = typeof raw === "string" ? Buffer.from(raw, "utf8") : raw;
  let message: MimeMessage;
  try {
    message = await readMessage(bytes, options.maxParts);
  } catch (error) {
    return unreadableDrop(`sha256:${hash(bytes)}`, String((error as Error)?.message ?? error).slice(0, 200));
  }
  const ownId = messageIds(message.header("message-id")[0] ?? "")[0];
  const messageId = ownId ?? `sha256:${hash(bytes)}`;
  const subject = message.subject;
  const sender = senderOf(message, bytes);
  const fromAddress = sender.ok ? sender.email : sender.address;
  const calendar = calendarReply(message.calendars, fromAddress);
  // Which event, also for drops: `rsvp mail parse` and the logs say which event a bounce was about.
  const event = eventOf(message, calendar?.uid ?? null, options);
  const drop = (reason: DropReason, detail: string): DropDecision => ({
    action: "drop",
    email: fromAddress,
    name: sender.name,
    eventId: event?.eventId ?? null,
    reason,
    messageId,
    subject,
    detail,
    autoReply: null,
  });

  // Not a person first, before anything the message says is believed.
  const machine = notAPerson(message, fromAddress, options);
  if (machine) return drop(machine.reason, machine.detail);
  if (!sender.ok) return drop(sender.unsupported ? "unsupported-address" : "no-sender", sender.detail);
  if (options.rsvp && parseRsvpAddress(sender.email, options.rsvp))
    return drop("loop", `sent from the RSVP address ${sender.email}`);

  const replyToken = replyTokenOf(message, options);
  const toHost = repliesToHost(message, replyToken);
  if (toHost) return drop("reply-to-host", toHost);
  const dmarc = options.dmarc ?? (options.sesHeaders ? dmarcOfSesHeaders(message) : "none");

  if (!event) {
    return {
      ...drop("unknown-event", "the message names no event"),
      // Only a sender whose domain vouches for them is answered: anything else may be forged.
      autoReply:
        dmarc === "pass"
          ? unknownEventReply({ to: sender.email, inReplyTo: ownId ?? null, now: options.now ?? new Date() })
          : null,
    };
  }

  const who = {
    email: sender.email,
    name: sender.name,
    eventId: event.eventId,
    messageId,
    subject,
    replyToken,
    dmarc,
  };
  if (calendar && calendar.partstat === "DECLINED")
    return {
      action: "cancel",
      ...who,
      reason: "calendar-declined",
      detail: `PARTSTAT=DECLINED (${event.via})`,
    };
  if (calendar && (calendar.partstat === "ACCEPTED" || calendar.partstat === "TENTATIVE"))
    return {
      action: "register",
      ...who,
      reason: "calendar-accepted",
      detail: `PARTSTAT=${calendar.partstat} (${event.via})`,
    };

  const declined = declinedSubject(subject);
  if (declined) return { action: "cancel", ...who, reason: "cancellation", detail: `subject "${declined}:"` };
  // A subject the person wrote themselves may say it ("Can't make it"); a reply's subject is ours.
  const text = writtenText(message);
  const ownSubject = !isReplySubject(subject);
  const reading = readCancellation(text);
  const phrase = reading.own ?? (ownSubject ? findCancellation(subject) : null);
  const party = findPartySize(text) ?? (ownSubject ? findPartySize(subject) : null);
  // A yes and a no in one reply, or a no about someone else with no clear size: neither is acted on.
  const mixed = phrase && (party || saysYes(text)) ? `"${phrase}" with a yes` : null;
  const others =
    !phrase && reading.others && party?.kind !== "size" ? `"${reading.others}" of another` : null;
  if (mixed || others)
    return { action: "unclear", ...who, reason: "mixed-reply", detail: `${mixed ?? others} (${event.via})` };
  if (phrase)
    return { action: "cancel", ...who, reason: "cancellation", detail: `"${phrase}" (${event.via})` };
  return { action: "register", ...who, reason: "reply", detail: event.via, ...(party ? { party } : {}) };
}
