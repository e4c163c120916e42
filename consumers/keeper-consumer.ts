import type { Command } from "../contracts/command.ts";
import type { CommandResult } from "../contracts/outcome.ts";
import { applyCommands, type KeeperOptions } from "../core/keeper.ts";
import type { Clock, GuestStore } from "../core/ports.ts";

/** Consecutive commands of one event: the unit the keeper applies together. */
export interface EventRun {
  eventId: string;
  commands: Command[];
}

/**
 * Splits delivered commands into runs of consecutive commands of the same event, keeping delivery order.
 * Order across events does not matter; order within one event does (the queue's message group).
 */
export function runsByEvent(commands: readonly Command[]): EventRun[] {
  const runs: EventRun[] = [];
  for (const c of commands) {
    const last = runs[runs.length - 1];
    if (last && last.eventId === c.eventId) last.commands.push(c);
    else runs.push({ eventId: c.eventId, commands: [c] });
  }
  return runs;
}

/**
 * The keeper consumer for a queue that delivers batches (SQS FIFO): applies each event's run through the
 * keeper so several seat requests of one event share one conditional write. Throws on infrastructure
 * failure; the caller reports the failed run's messages so only that event is held back.
 */
export async function consumeRun(
  store: GuestStore,
  run: EventRun,
  clock: Clock,
  options?: KeeperOptions,
): Promise<CommandResult[]> {
  return applyCommands(store, run.eventId, run.commands, clock, options);
}
