/**
 * What the aws-local measuring scripts (door-search-measure.ts, list-parts-measure.ts, answer-counts-measure.ts)
 * share: the `--guests N` argument, and N registrations sent through the real keeper a batch at a time, one
 * millisecond of the fake clock apart.
 */
import type { Command } from "../../contracts/command.ts";
import { applyCommands } from "../../core/keeper.ts";
import type { GuestStore } from "../../core/ports.ts";
import type { fakeClock } from "../../test/helpers/factories.ts";

/** `--guests 10_000` (underscores allowed); 10,000 when not given. */
export function guestsArgument(): number {
  const at = process.argv.indexOf("--guests");
  return Number((at >= 0 ? process.argv[at + 1] : "10000")?.replaceAll("_", ""));
}

/** Registers `guests` through the keeper, `store.maxBatch` at a time; `commandOf(n)` makes the n-th. */
export async function registerThroughKeeper(
  store: GuestStore & { maxBatch: number },
  eventId: string,
  guests: number,
  clock: ReturnType<typeof fakeClock>,
  commandOf: (n: number) => Command,
): Promise<void> {
  for (let n = 0; n < guests; n += store.maxBatch) {
    const batch = Array.from({ length: Math.min(store.maxBatch, guests - n) }, (_, j) => commandOf(n + j));
    await applyCommands(store, eventId, batch, clock);
    clock.advance(1);
  }
}
