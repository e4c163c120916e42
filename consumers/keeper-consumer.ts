import type { Command } from "../contracts/command.ts";

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
