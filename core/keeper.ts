import type { Command } from "../contracts/command.ts";
import type { CommandResult } from "../contracts/outcome.ts";
import type { Clock, GuestStore } from "./ports.ts";
import { decideBatch } from "./seat-keeper.ts";

export interface KeeperOptions {
  /** How often to re-read and decide again after a refused write before giving up. */
  maxConflicts?: number;
  /** Waits between retries; injected so tests need not sleep. */
  pause?: (attempt: number) => Promise<void>;
}

const jitteredPause = (attempt: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));

/**
 * Apply commands of one event, in order, through a store whose writes are optimistic: read, decide, commit,
 * and on a refused write read again and decide again. A seat request refused by the cap check is decided
 * again against the fresh counters, which waitlists it. Returns one result per command that was decided now
 * (redelivered commands that were applied before are skipped).
 */
export async function applyCommands(
  store: GuestStore,
  eventId: string,
  commands: readonly Command[],
  clock: Clock,
  options: KeeperOptions = {},
): Promise<CommandResult[]> {
  const maxConflicts = options.maxConflicts ?? 200;
  const pause = options.pause ?? jitteredPause;
  const results: CommandResult[] = [];
  let rest = commands;
  let conflicts = 0;
  while (rest.length > 0) {
    const chunk = rest.slice(0, store.maxBatch);
    const view = await store.loadView(eventId, chunk);
    if (!view) {
      for (const c of rest)
        results.push({ commandId: c.commandId, outcome: { kind: "refused", reason: "event-not-found" } });
      return results;
    }
    const decision = decideBatch(view, chunk, clock.now());
    const committed = await store.commit(decision);
    if (!committed.ok) {
      conflicts += 1;
      if (conflicts > maxConflicts)
        throw new Error(`gave up after ${maxConflicts} conflicting writes (${committed.conflict})`);
      await pause(conflicts);
      continue;
    }
    results.push(...decision.results);
    rest = rest.slice(decision.consumed);
  }
  return results;
}
