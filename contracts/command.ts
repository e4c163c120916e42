import * as z from "zod";
import { EmailAddress, GuestName, Id, Instant, Lane } from "./common.ts";
import { DoorLinkId, DoorLinkLabel } from "./door.ts";
import { EventEdit, HostMessage } from "./event.ts";
import { Notice } from "./guest.ts";
import { Answers } from "./questions.ts";
import { MAX_PARTY } from "./settings.ts";
import { HostThankYouText, ThankYouMode, ThankYouNotes, ThankYouText } from "./thank-you.ts";

/** Every command carries its event (the queue's group), its own identity (the dedup key), when and whence. */
const base = {
  eventId: Id,
  commandId: Id,
  issuedAt: Instant,
  lane: Lane,
};

const forGuest = { ...base, guestId: Id };

/** Ask for a seat (or, with `invite`, add a pending guest who is invited to confirm later). */
export const RegisterCommand = z.object({
  ...base,
  type: z.literal("register"),
  name: GuestName,
  email: EmailAddress,
  invite: z.boolean().default(false),
  /** The seats asked for, the guest included; at most the event's `maxParty` (the keeper checks). */
  party: z.number().int().min(1).max(MAX_PARTY).default(1),
  /** The answers to the event's questions, checked by the lane against `answersSchema` (none: {}). */
  answers: Answers.default({}),
});

/** The guest gives up whatever they hold: a seat, an offer, a waitlist place or an invitation. */
export const CancelCommand = z.object({ ...forGuest, type: z.literal("cancel") });

/** An invited (pending) guest accepts: a seat if one is free for a newcomer, else the waitlist. */
export const ConfirmInviteCommand = z.object({ ...forGuest, type: z.literal("confirm-invite") });

/** A guest turns down an offered seat or an invitation; the seat passes on at once. */
export const DeclineCommand = z.object({ ...forGuest, type: z.literal("decline") });

/** An offered guest takes the held seat, while the offer is still open. */
export const ClaimOfferCommand = z.object({
  ...forGuest,
  type: z.literal("claim-offer"),
  /**
   * The seats taken, when fewer than the offer holds (a party that now comes smaller: docs/parties.md's
   * partial accept); the rest are released at once. Absent: all of them.
   */
  party: z.number().int().min(1).max(MAX_PARTY).optional(),
});

/** A timer: the claim window of an offer has ended; unclaimed, it lapses and the seat passes on. */
export const ExpireOfferCommand = z.object({ ...forGuest, type: z.literal("expire-offer") });

/** Free seats go to the head of the waitlist as offers (sent after a seat is freed or the cap raised). */
export const OfferNextCommand = z.object({ ...base, type: z.literal("offer-next") });

/** A timer or the host: tell a guest something without changing their status (reminder, offer, link). */
export const NotifyCommand = z.object({ ...forGuest, type: z.literal("notify"), notice: Notice });

/** The host changes the cap. Lowering it evicts no one. */
export const SetCapacityCommand = z.object({
  ...base,
  type: z.literal("set-capacity"),
  capacity: z.number().int().min(0).max(100_000),
});

export const CloseRegistrationCommand = z.object({ ...base, type: z.literal("close-registration") });
export const ReopenRegistrationCommand = z.object({ ...base, type: z.literal("reopen-registration") });

/** The host writes to every confirmed guest; the command id makes it one email per guest however often sent. */
export const MessageGuestsCommand = z.object({
  ...base,
  type: z.literal("message-guests"),
  message: HostMessage,
});

/**
 * The guest wants no more of the host's messages (their unsubscribe link, or their mail client's one-click
 * unsubscribe). Their RSVP stands, and the emails about it (confirmations, reminders, offers) still go out.
 */
export const MuteMessagesCommand = z.object({ ...forGuest, type: z.literal("mute-messages") });

/** A timer: the host's daily summary for one event-local day of the run-up. */
export const DailySummaryCommand = z.object({
  ...base,
  type: z.literal("daily-summary"),
  day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
});

/** A timer at the event's end: the thank-you note is now due (drafted next, unless the note is off). */
export const EventEndedCommand = z.object({ ...base, type: z.literal("event-ended") });

/**
 * The thank-you handler's draft (by the model, or the template when there is none or its draft failed the
 * checks). Its id is fixed per event, so a draft written twice is recorded once.
 */
export const ThanksDraftedCommand = z.object({
  ...base,
  type: z.literal("thanks-drafted"),
  body: ThankYouText,
  source: z.enum(["model", "template"]),
});

/** The host sets what happens after the event and what the note should mention, before it is drafted. */
export const SetThankYouCommand = z
  .object({
    ...base,
    type: z.literal("set-thank-you"),
    mode: ThankYouMode.optional(),
    notes: ThankYouNotes.optional(),
  })
  .refine((c) => c.mode !== undefined || c.notes !== undefined, "give the mode, the notes or both");

/** The host approves the drafted note, as it is or with `body` as edited; a second approval changes nothing. */
export const ApproveThanksCommand = z.object({
  ...base,
  type: z.literal("approve-thanks"),
  body: HostThankYouText.optional(),
});

/**
 * The host changes an event's details or settings (name, time, place, description, host, language, …). A change
 * of date, time or place raises the event's calendar sequence, and the guests are told (streams/).
 */
export const EditEventCommand = z.object({ ...base, type: z.literal("edit-event"), changes: EventEdit });

/**
 * A guest changes their answers to the event's questions (the manage page's answers link). The lane checks them
 * against the event's questions; the keeper stores them whole, replacing the earlier ones.
 */
export const SetAnswersCommand = z.object({ ...forGuest, type: z.literal("set-answers"), answers: Answers });

/**
 * The host approves a guest's request (approval mode, docs/approval.md): the guest asks for their seats as a
 * registration would — confirmed while seats last and nobody waits, else a place at the end of the line.
 */
export const ApproveRequestCommand = z.object({ ...forGuest, type: z.literal("approve-request") });

/** The host declines a guest's request; the guest is told, politely. */
export const DeclineRequestCommand = z.object({ ...forGuest, type: z.literal("decline-request") });

/**
 * The host takes a guest off the list (issue 14 §3): whatever they hold — a seat, an offer, a place in line, an
 * invitation — is given up as by their own cancel, so freed seats are offered to the next in line. `notify`: the
 * guest gets an email saying the host removed them; false: nothing is sent. Recorded as `cancelled` by the host.
 */
export const RemoveGuestCommand = z.object({
  ...forGuest,
  type: z.literal("remove-guest"),
  notify: z.boolean().default(true),
});

/**
 * The host seats a guest who is waiting (on the waitlist, invited, or holding an offer) now, ahead of the line,
 * when their whole party fits in the free seats: the cap is checked inside the one conditional write.
 */
export const AdmitGuestCommand = z.object({ ...forGuest, type: z.literal("admit-guest") });

/**
 * A guest's name and/or party size changes. The host (lane `host`) may change both: a smaller party frees
 * seats to the line, a larger one is granted only while the extra seats are free. A guest (their signed manage
 * link, lane `link`) may correct their own name only.
 */
export const EditGuestCommand = z
  .object({
    ...forGuest,
    type: z.literal("edit-guest"),
    name: GuestName.optional(),
    party: z.number().int().min(1).max(MAX_PARTY).optional(),
  })
  .refine((c) => c.name !== undefined || c.party !== undefined, "give the name, the party size or both");

/**
 * The host adds a guest by hand: seated if the party fits and nobody waits (as a newcomer), else in line; with
 * `waitlist`, in line whatever is free. Works while registration is closed (the host's own hand), not after
 * the start. An address on the list already is a duplicate, unless its guest left (then they come back).
 */
export const AddGuestCommand = z.object({
  ...base,
  type: z.literal("add-guest"),
  name: GuestName,
  email: EmailAddress,
  party: z.number().int().min(1).max(MAX_PARTY).default(1),
  waitlist: z.boolean().default(false),
});

/**
 * The guest changes their party size from the manage page (or an email reply): lowering frees seats at once (as
 * a cancel does), raising is granted only if the extra seats are free now; a waitlisted guest changes what they
 * ask for and keeps their place (core/party-changes.ts).
 */
export const ChangePartyCommand = z.object({
  ...forGuest,
  type: z.literal("change-party"),
  party: z.number().int().min(1).max(MAX_PARTY),
});

/**
 * A door helper, the host or `rsvp checkin` records that `seats` of a confirmed guest's party have arrived, in
 * all (not more of them): two helpers checking in the same party count it once, and a late offline sync never
 * counts a seat twice. The id is derived from the guest and the seats (see core/check-in-decisions.ts).
 */
export const CheckInCommand = z.object({
  ...forGuest,
  type: z.literal("check-in"),
  seats: z.number().int().min(1).max(MAX_PARTY),
});

/**
 * A guest's personal data is erased: whatever they hold (seat, offer, place in line, invitation) is given up as
 * a cancel would, then their name and address are replaced by a placeholder. Sent by the guest (their data
 * page's button), or for each guest when the event's retention period ends (`retention-due`). Once is enough.
 */
export const EraseGuestCommand = z.object({
  ...forGuest,
  type: z.literal("erase-guest"),
  reason: z.enum(["guest", "retention"]).default("guest"),
});

/**
 * A timer, `settings.retentionDays` after the event's end: the guests' personal data is now due for erasure.
 * The keeper records it on the event (audited); a stream handler then sends one `erase-guest` per guest.
 */
export const RetentionDueCommand = z.object({ ...base, type: z.literal("retention-due") });

/**
 * A web registration for an event that confirms addresses first (`settings.verifyEmail`): nothing is asked for
 * yet; the address is emailed a signed link that sends the registration (`registrationId` its command id).
 */
export const VerifyAddressCommand = z.object({
  ...base,
  type: z.literal("verify-address"),
  name: GuestName,
  email: EmailAddress,
  party: z.number().int().min(1).max(MAX_PARTY).default(1),
  registrationId: Id,
});

/** A guest answers "still coming?" with yes (their signed link): the answer is recorded, the seat kept. */
export const ReconfirmCommand = z.object({ ...forGuest, type: z.literal("reconfirm") });

/**
 * A timer at the answer deadline of a "still coming?" asked at `askedAt` (host chose `release`): a guest still
 * confirmed who has not answered since gives up their seats, as a cancel does; the line gets them as offers.
 */
export const ReleaseUnansweredCommand = z.object({
  ...forGuest,
  type: z.literal("release-unanswered"),
  askedAt: Instant,
  deadline: Instant,
});

/**
 * The host minted a door link (`linkId` is in its signed token): the event keeps it, so the host's door page
 * can list it and revoke it. Once per id.
 */
export const MintDoorLinkCommand = z.object({
  ...base,
  type: z.literal("mint-door-link"),
  linkId: DoorLinkId,
  label: DoorLinkLabel.default(""),
});

/** The host revoked a door link: from then on it opens nothing (410). Revoking it again changes nothing. */
export const RevokeDoorLinkCommand = z.object({
  ...base,
  type: z.literal("revoke-door-link"),
  linkId: DoorLinkId,
});

/** Everything the keeper applies. Producers build these; only the keeper acts on them. */
export const Command = z.discriminatedUnion("type", [
  RegisterCommand,
  CancelCommand,
  ConfirmInviteCommand,
  DeclineCommand,
  ClaimOfferCommand,
  ExpireOfferCommand,
  OfferNextCommand,
  NotifyCommand,
  SetCapacityCommand,
  CloseRegistrationCommand,
  ReopenRegistrationCommand,
  MessageGuestsCommand,
  MuteMessagesCommand,
  DailySummaryCommand,
  EventEndedCommand,
  ThanksDraftedCommand,
  SetThankYouCommand,
  ApproveThanksCommand,
  EditEventCommand,
  SetAnswersCommand,
  ApproveRequestCommand,
  DeclineRequestCommand,
  RemoveGuestCommand,
  AdmitGuestCommand,
  EditGuestCommand,
  AddGuestCommand,
  ChangePartyCommand,
  CheckInCommand,
  EraseGuestCommand,
  RetentionDueCommand,
  VerifyAddressCommand,
  ReconfirmCommand,
  ReleaseUnansweredCommand,
  MintDoorLinkCommand,
  RevokeDoorLinkCommand,
]);
export type Command = z.infer<typeof Command>;
/** A command as a producer builds it: `invite` may be left out. */
export type CommandInput = z.input<typeof Command>;
