import type { GuestRecord } from "../contracts/guest.ts";
import type { OutgoingEmail } from "./mail-ports.ts";

/**
 * Whether a queued email may still go out, asked right before each send on both runtimes (the embedded delivery
 * loop, the AWS Send function). An email about no guest (the host's summaries, an address check) always may.
 * One about a guest may only while the guest's row exists and their data is not erased (`erasedAt`, see
 * core/guest-erasure.ts): once an erase is committed, whatever was queued for them before it (a confirmation,
 * a host message trickling out, a job put back after a throttle, redelivered, or replayed from the dead
 * letters) is never sent. Only a send already under way when the erase commits can still go.
 *
 * `guestOf` reads the guest's row as it stands now (null: there is none); only `erasedAt` is looked at.
 */
export async function mayStillSend(
  email: Pick<OutgoingEmail, "eventId" | "guestId">,
  guestOf: (eventId: string, guestId: string) => Promise<Pick<GuestRecord, "erasedAt"> | null>,
): Promise<boolean> {
  if (email.guestId === null) return true;
  const guest = await guestOf(email.eventId, email.guestId);
  return guest !== null && guest.erasedAt === undefined;
}
