import type { Command } from "../contracts/command.ts";
import { emailKeysOf } from "../contracts/common.ts";
import { type Counters, partiesOf } from "../contracts/event.ts";
import { freeSeats } from "./seat-rules.ts";

/**
 * What a store reads for a batch (`GuestStore.loadView`): the rows its commands name, and whether it needs the
 * head of the line. Part of the store's contract, not of the keeper's decisions, so adapters import this file
 * and never the keeper itself.
 */

/**
 * How much of the waitlist an offer round reads, at most what one commit holds. In strict line order one party
 * per free seat is enough (each party takes one seat at least, and the round stops at the first that does not
 * fit); when smaller parties may go first, the round looks past parties too big for the seats, so it reads as
 * far as one commit reaches.
 */
export function headLength(
  event: Counters & { settings?: { smallerPartiesFirst?: boolean } },
  maxBatch: number,
): number {
  const waiting = partiesOf(event).waitlisted;
  const reach = event.settings?.smallerPartiesFirst ? waiting : Math.min(freeSeats(event), waiting);
  return Math.max(0, Math.min(reach, maxBatch - 2));
}

/** The emails and guest ids a batch of commands needs to read, and whether it needs the head of the line. */
export function keysOf(commands: readonly Command[]): {
  emailKeys: string[];
  guestIds: string[];
  waitlistHead: boolean;
} {
  const emailKeys = new Set<string>();
  const guestIds = new Set<string>();
  let waitlistHead = false;
  for (const c of commands) {
    if (c.type === "register" || c.type === "add-guest") {
      // Both keys: the store reads before it knows the event, and with `ignorePlusTags` the +tag is left out.
      for (const key of emailKeysOf(c.email)) emailKeys.add(key);
    } else if ("guestId" in c) guestIds.add(c.guestId);
    else if (c.type === "offer-next") waitlistHead = true;
  }
  return { emailKeys: [...emailKeys], guestIds: [...guestIds], waitlistHead };
}
