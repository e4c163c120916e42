import type { Command } from "../contracts/command.ts";
import type { CommandResult } from "../contracts/outcome.ts";
import { EventTurns } from "./event-turns.ts";
import type {
  BatchDecision,
  Clock,
  CommitConflict,
  CommitResult,
  GuestStore,
  KeeperView,
  SyncGuestStore,
} from "./ports.ts";
import { decideBatch } from "./seat-keeper.ts";

export interface KeeperOptions {
  /** How often to re-read and decide again after a refused write before giving up. */
  maxConflicts?: number;
  /** Waits between retries; injected so tests need not sleep. */
  pause?: (attempt: number) => Promise<void>;
}

const jitteredPause = (attempt: number) =>
  new Promise<void>((resolve) => setTimeout(resolve, Math.random() * Math.min(50, 2 ** attempt)));

/** What the keeper loop asks of its store next; the driver (sync or async) does it and hands back the answer. */
type KeeperStep =
  | { kind: "load"; commands: readonly Command[] }
  | { kind: "commit"; decision: BatchDecision }
  | { kind: "retry"; attempt: number; conflict: CommitConflict };
type StepAnswer = KeeperView | null | CommitResult | undefined;

/**
 * THE keeper loop, for every store: read, decide, commit, and on a refused write read again and decide again.
 * A seat request refused by the cap check is decided again against the fresh counters, which waitlists it.
 * Written as a generator of store steps so one loop drives both a synchronous store (inside the embedded
 * runtime's transaction) and an asynchronous one (DynamoDB, or SQLite behind the async port).
 */
function* keeperLoop(
  commands: readonly Command[],
  maxBatch: number,
  now: () => Date,
): Generator<KeeperStep, CommandResult[], StepAnswer> {
  const results: CommandResult[] = [];
  let rest = commands;
  let conflicts = 0;
  while (rest.length > 0) {
    const chunk = rest.slice(0, maxBatch);
    const view = (yield { kind: "load", commands: chunk }) as KeeperView | null;
    if (!view) {
      for (const c of rest)
        results.push({ commandId: c.commandId, outcome: { kind: "refused", reason: "event-not-found" } });
      return results;
    }
    const decision = decideBatch(view, chunk, now());
    const committed = (yield { kind: "commit", decision }) as CommitResult;
    if (!committed.ok) {
      conflicts += 1;
      yield { kind: "retry", attempt: conflicts, conflict: committed.conflict };
      continue;
    }
    results.push(...decision.results);
    rest = rest.slice(decision.consumed);
  }
  return results;
}

/** Each store's turns per event (see `EventTurns`): one keeper at a time per event in this process. */
const turnsOf = new WeakMap<GuestStore, EventTurns>();

/**
 * Apply commands of one event, in order, through a store whose writes are optimistic (see `GuestStore`).
 * Returns one result per command that was decided now (redelivered commands that were applied before are
 * skipped). Calls of this process for the same event and store take turns, and the calls waiting for a turn
 * share it (see `EventTurns`): only writers of other processes make a commit conflict.
 */
export function applyCommands(
  store: GuestStore,
  eventId: string,
  commands: readonly Command[],
  clock: Clock,
  options: KeeperOptions = {},
): Promise<CommandResult[]> {
  let turns = turnsOf.get(store);
  if (!turns) {
    turns = new EventTurns();
    turnsOf.set(store, turns);
  }
  return turns.take(eventId, commands, [clock, options.maxConflicts, options.pause], (all) =>
    runLoop(store, eventId, all, clock, options),
  );
}

async function runLoop(
  store: GuestStore,
  eventId: string,
  commands: readonly Command[],
  clock: Clock,
  options: KeeperOptions,
): Promise<CommandResult[]> {
  const maxConflicts = options.maxConflicts ?? 200;
  const pause = options.pause ?? jitteredPause;
  const loop = keeperLoop(commands, store.maxBatch, () => clock.now());
  let step = loop.next();
  while (!step.done) {
    const s = step.value;
    if (s.kind === "load") step = loop.next(await store.loadView(eventId, s.commands));
    else if (s.kind === "commit") step = loop.next(await store.commit(s.decision));
    else {
      if (s.attempt > maxConflicts)
        throw new Error(`gave up after ${maxConflicts} conflicting writes (${s.conflict})`);
      await pause(s.attempt);
      step = loop.next();
    }
  }
  return step.value;
}

/**
 * The same loop on a synchronous store, inside the caller's transaction, at one instant. A conflict cannot
 * happen there (that transaction is the only writer), so one is a bug and throws, rolling the whole batch back.
 */
export function applyCommandsSync(
  store: SyncGuestStore,
  eventId: string,
  commands: readonly Command[],
  now: Date,
): CommandResult[] {
  const loop = keeperLoop(commands, store.maxBatch, () => now);
  let step = loop.next();
  while (!step.done) {
    const s = step.value;
    if (s.kind === "load") step = loop.next(store.loadViewSync(eventId, s.commands));
    else if (s.kind === "commit") step = loop.next(store.commitSync(s.decision));
    else throw new Error(`keeper write refused inside its own transaction: ${s.conflict}`);
  }
  return step.value;
}
