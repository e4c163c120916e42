import type { Command } from "../contracts/command.ts";
import type { CommandResult } from "../contracts/outcome.ts";

/** One call waiting for its event's turn. */
interface Waiting {
  commands: readonly Command[];
  /** Calls share a round only when they share this (the clock and options they were given). */
  sameRound: readonly unknown[];
  /** Applies the commands of a round (this call's way: its clock and options). */
  apply: (commands: readonly Command[]) => Promise<CommandResult[]>;
  resolve(results: CommandResult[]): void;
  reject(error: unknown): void;
}

/**
 * Turns per event within one process: the calls that apply commands to the same event through the same store
 * take turns instead of racing each other's optimistic writes, and the calls that arrive while a turn is under
 * way share the next one (their commands decided together, in arrival order, as one run). Between processes
 * the store's concurrency promise still decides; within one, nothing is decided from a read another call of
 * this process is about to make stale. A turn that fails fails every call that shared it.
 */
export class EventTurns {
  readonly #waiting = new Map<string, Waiting[]>();

  /** Runs `apply` over this call's commands and those of the calls it shares a turn with; resolves with its own results. */
  take(
    eventId: string,
    commands: readonly Command[],
    sameRound: readonly unknown[],
    apply: (commands: readonly Command[]) => Promise<CommandResult[]>,
  ): Promise<CommandResult[]> {
    return new Promise((resolve, reject) => {
      const entry = { commands, sameRound, apply, resolve, reject };
      const queue = this.#waiting.get(eventId);
      if (queue) {
        queue.push(entry);
        return;
      }
      this.#waiting.set(eventId, [entry]);
      void this.#drain(eventId);
    });
  }

  async #drain(eventId: string) {
    for (;;) {
      const queue = this.#waiting.get(eventId) ?? [];
      if (queue.length === 0) {
        this.#waiting.delete(eventId);
        return;
      }
      const first = queue[0] as Waiting;
      const same = (w: Waiting) => w.sameRound.every((x, i) => x === first.sameRound[i]);
      const end = queue.findIndex((w) => !same(w));
      const round = queue.splice(0, end === -1 ? queue.length : end);
      try {
        share(round, await first.apply(round.flatMap((w) => w.commands)));
      } catch (error) {
        for (const w of round) w.reject(error);
      }
    }
  }
}

/** Hands each call the results of its own commands, in its order; a command id given twice is answered once. */
function share(round: readonly Waiting[], results: readonly CommandResult[]) {
  const byId = new Map(results.map((r) => [r.commandId, r]));
  for (const w of round) {
    const own: CommandResult[] = [];
    for (const c of w.commands) {
      const result = byId.get(c.commandId);
      if (!result) continue;
      own.push(result);
      byId.delete(c.commandId);
    }
    w.resolve(own);
  }
}
