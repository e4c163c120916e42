import type { DeadLetterListing, DeadLetters, ReplayReport } from "../../core/ports.ts";
import type { SqliteCommandQueue } from "./sqlite-command-queue.ts";

/**
 * The embedded queue's dead letters as the operator's port: a table of their own beside the queue, so listing is
 * exact and a replay of ids that name no dead letter replays nothing.
 */
export class SqliteDeadLetters implements DeadLetters {
  readonly #queue: SqliteCommandQueue;

  constructor(queue: SqliteCommandQueue) {
    this.#queue = queue;
  }

  async list(options: { limit?: number } = {}): Promise<DeadLetterListing> {
    const all = this.#queue.listDeadLetters();
    return { letters: all.slice(0, options.limit), approximateTotal: all.length };
  }

  async replay(options: { ids?: readonly string[]; limit?: number } = {}): Promise<ReplayReport> {
    const letters = this.#queue.listDeadLetters();
    const known = new Set(letters.map((d) => d.id));
    const unknown = (options.ids ?? []).filter((id) => !known.has(id));
    const report: ReplayReport = {
      replayed: [],
      unknown,
      unreadable: [],
      failed: [],
      notDeleted: [],
      missing: [],
    };
    if (unknown.length > 0) return report;
    const chosen = letters
      .filter((d) => !options.ids || options.ids.includes(d.id))
      .slice(0, options.limit)
      .map((d) => d.id);
    this.#queue.replayDeadLetters(chosen);
    report.replayed = chosen;
    return report;
  }
}
