import type { ReconfirmTally } from "../contracts/event.ts";
import { type GuestRecord, roundOf } from "../contracts/guest.ts";

/**
 * "Still coming?" counted on the event row by the keeper as guest rows change (like the answers, see
 * core/answer-tally.ts), so the host page's "8 of 12 reconfirmed" tile, and the live headcount that carries
 * it (contracts/event.ts `headcountOf`), read no guest list. It counts the confirmed guests who were asked in
 * the round they are in (a guest confirmed after the ask went out is not asked: they have just said yes)
 * and, of those, who answered yes since the ask.
 */

/** Whether a guest was asked "still coming?" in the round they are in (see `GuestRecord.reconfirmAsked`). */
export const askedThisRound = (g: Pick<GuestRecord, "reconfirmAsked" | "round">) =>
  g.reconfirmAsked !== undefined && g.reconfirmAsked.round === roundOf(g);

/** What one guest row adds to the tally: asked and confirmed, and whether they said yes since the ask. */
function countOf(g: GuestRecord): ReconfirmTally {
  if (g.status !== "confirmed" || !askedThisRound(g)) return { asked: 0, reconfirmed: 0 };
  const yes = g.reconfirmedAt !== undefined && g.reconfirmedAt >= g.reconfirmAsked!.at;
  return { asked: 1, reconfirmed: yes ? 1 : 0 };
}

/**
 * The tally after one guest-row write (`old` null: a new guest): the old row's part leaves, the new row's
 * joins. The same tally object when nothing counted changed.
 */
export function tallyReconfirmWrite(
  tally: ReconfirmTally,
  old: GuestRecord | null,
  next: GuestRecord,
): ReconfirmTally {
  const before = old ? countOf(old) : { asked: 0, reconfirmed: 0 };
  const after = countOf(next);
  if (before.asked === after.asked && before.reconfirmed === after.reconfirmed) return tally;
  return {
    asked: Math.max(0, tally.asked - before.asked + after.asked),
    reconfirmed: Math.max(0, tally.reconfirmed - before.reconfirmed + after.reconfirmed),
  };
}
