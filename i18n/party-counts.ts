import type { Translate } from "./index.ts";

/** Seats and the parties holding them, per state (contracts/event.ts `PartyCounts`). */
interface PartyCountsLike {
  confirmed: number;
  offered: number;
  waitlisted: number;
}

/**
 * Whether a host's numbers name parties beside seats: when guests may bring others (`maxParty` above 1), or
 * when some party holds more than one seat (the limit was lowered since).
 */
export function showsParties(maxParty: number, seats: PartyCountsLike, parties: PartyCountsLike): boolean {
  return (
    maxParty > 1 ||
    seats.confirmed !== parties.confirmed ||
    seats.offered !== parties.offered ||
    seats.waitlisted !== parties.waitlisted
  );
}

/** "12 seats · 9 parties" in the reader's language (`parties` null: "12 seats"). */
export function seatsAndParties(t: Translate, seats: number, parties: number | null): string {
  const seatWords = t("hostExtras.counts.seats", { count: seats });
  if (parties === null) return seatWords;
  return t("hostExtras.counts.seatsAndParties", {
    seats: seatWords,
    parties: t("hostExtras.counts.parties", { count: parties }),
  });
}
