import * as z from "zod";
import { Id, Instant, plainLine } from "./common.ts";
import { MAX_PARTY } from "./settings.ts";

/**
 * What a door page holds of a guest: only what the door needs (name, party, whether they hold a seat, who of
 * them arrived, the short code printed in their email). No address, no history. Cached on the door helper's
 * phone so the door works through a flaky connection.
 */
export const DoorGuest = z.object({
  guestId: Id,
  name: z.string(),
  party: z.number().int().min(1),
  /** `coming`: a confirmed seat; `cancelled`: they cancelled (or let an offer lapse); `no-seat`: in line, invited. */
  state: z.enum(["coming", "cancelled", "no-seat"]),
  /** Seats of the party checked in so far, and when the last of them was. */
  arrived: z.number().int().min(0),
  at: Instant.nullable(),
  /** The short check-in code (`K7QM-2XPA`), so a typed code is found offline too. */
  code: z.string(),
});
export type DoorGuest = z.infer<typeof DoorGuest>;

/** The door's copy of the guest list (`GET /door/TOKEN/list`). */
export const DoorList = z.object({
  eventId: Id,
  name: z.string(),
  /** When the server made this copy. */
  at: Instant,
  arrived: z.number().int(),
  expected: z.number().int(),
  guests: z.array(DoorGuest),
});
export type DoorList = z.infer<typeof DoorList>;

/**
 * A check-in sent from the door: a scanned or typed code, or a guest picked by name; `seats` is how many of
 * the party are here IN ALL (default: the whole party).
 */
export const DoorCheckInRequest = z
  .object({
    code: z.string().trim().max(200, "a check-in code is at most 200 characters").optional(),
    guestId: Id.optional(),
    seats: z.coerce
      .number()
      .int("seats must be a whole number")
      .min(1, "at least one seat")
      .max(MAX_PARTY, `at most ${MAX_PARTY} seats`)
      .optional(),
  })
  .refine(
    (r) => (r.code !== undefined && r.code !== "") || r.guestId !== undefined,
    "give a code or a guest",
  );
export type DoorCheckInRequest = z.infer<typeof DoorCheckInRequest>;

/**
 * What the door says about a check-in: it was recorded (`checked-in`; the keeper applies it within a second),
 * or why not. The door shows each loudly.
 */
export const DoorResult = z.object({
  result: z.enum(["checked-in", "already", "other-event", "not-on-list", "not-attending", "invalid"]),
  guest: DoorGuest.optional(),
});
export type DoorResult = z.infer<typeof DoorResult>;

/** A door link's id: short, random, in the link's token (never starting with "-": it is typed on command lines) (`<kid>.<event>.<id>.<expires>.<mac>`). */
export const DoorLinkId = z
  .string()
  .regex(
    /^[A-Za-z0-9][A-Za-z0-9_-]{7,23}$/,
    "a door link id is 8 to 24 letters, digits, - or _, starting with a letter or digit",
  );

/** What the host calls a door link ("Main door", "Anna's phone"): optional, one short line. */
export const DoorLinkLabel = plainLine("label", 60);

/** The most door links an event keeps (revoked ones count): plenty for any door. */
export const MAX_DOOR_LINKS = 50;

/**
 * A door link the host minted, as the event keeps it: the host's door page lists them, and a revoked one
 * answers 410 from then on. The token itself is never stored (it is signed, and shown once when minted).
 */
export const DoorLink = z.object({
  id: DoorLinkId,
  label: z.string().max(60).default(""),
  mintedAt: Instant,
  /** When the host revoked it; null while it works. */
  revokedAt: Instant.nullable().default(null),
});
export type DoorLink = z.infer<typeof DoorLink>;
