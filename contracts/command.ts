import { z } from "zod";
import { EmailAddress, GuestName, Id, Instant, Lane } from "./common.ts";

/** Every command carries its event (the queue's group), its own identity (the dedup key), when and whence. */
const base = {
  eventId: Id,
  commandId: Id,
  issuedAt: Instant,
  lane: Lane,
};

/** Ask for a seat (or, with `invite`, add a pending guest who is invited to confirm later). */
export const RegisterCommand = z.object({
  ...base,
  type: z.literal("register"),
  name: GuestName,
  email: EmailAddress,
  invite: z.boolean().default(false),
});

/** The guest gives up whatever they hold: a seat, an offer, a waitlist place or an invitation. */
export const CancelCommand = z.object({ ...base, type: z.literal("cancel"), guestId: Id });

/** The host changes the cap. Lowering it evicts no one. */
export const SetCapacityCommand = z.object({
  ...base,
  type: z.literal("set-capacity"),
  capacity: z.number().int().min(0).max(100_000),
});

export const CloseRegistrationCommand = z.object({ ...base, type: z.literal("close-registration") });
export const ReopenRegistrationCommand = z.object({ ...base, type: z.literal("reopen-registration") });

/** Everything the keeper applies. Producers build these; only the keeper acts on them. */
export const Command = z.discriminatedUnion("type", [
  RegisterCommand,
  CancelCommand,
  SetCapacityCommand,
  CloseRegistrationCommand,
  ReopenRegistrationCommand,
]);
export type Command = z.infer<typeof Command>;
