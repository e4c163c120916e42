import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { SqliteCommandQueue } from "../../adapters/local/sqlite-command-queue.ts";
import { openDatabase } from "../../adapters/local/sqlite-database.ts";
import { register } from "../helpers/factories.ts";

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

/** Two connections to one WAL file: the request thread's (the queue's) and the keeper's. */
function twoConnections() {
  const dir = mkdtempSync(join(tmpdir(), "rsvp-queue-lock-"));
  dirs.push(dir);
  const path = join(dir, "rsvp.db");
  const requests = openDatabase(path);
  const keeper = openDatabase(path);
  return { requests, keeper, queue: new SqliteCommandQueue(requests) };
}

describe("the queue's group commit while another connection holds the write lock", () => {
  it("keeps the thread free, lets later sends join the group, and commits them once the lock is free", async () => {
    const { requests, keeper, queue } = twoConnections();
    keeper.exec("BEGIN IMMEDIATE"); // the keeper's batch, in progress
    const first = register("event-1", "a@example.org");
    const second = register("event-1", "b@example.org");
    let settled = 0;
    const sent = queue.send([first]).then(() => (settled += 1));

    // The thread goes on: timers fire, and a send made meanwhile joins the waiting group.
    await new Promise((resolve) => setTimeout(resolve, 5));
    const sentLater = queue.send([second]).then(() => (settled += 1));
    await new Promise((resolve) => setTimeout(resolve, 5));
    expect(settled).toBe(0);
    expect(queue.depth()).toBe(0);

    keeper.exec("COMMIT");
    await Promise.all([sent, sentLater]);
    expect(settled).toBe(2);
    expect(queue.depth("event-1")).toBe(2);
    expect(queue.nextGroupBatch(10)?.messages.map((m) => m.command.commandId)).toEqual([
      first.commandId,
      second.commandId,
    ]);
    requests.close();
    keeper.close();
  });

  it("commits at once when the lock is free, and leaves the connection's own lock wait as it was", async () => {
    const { requests, keeper, queue } = twoConnections();
    requests.exec("PRAGMA busy_timeout = 60000"); // as the CLI sets it beside a busy server
    for (const email of ["a@example.org", "b@example.org", "c@example.org"])
      await queue.send([register("event-1", email)]);
    expect(queue.depth("event-1")).toBe(3);
    expect(requests.prepare("PRAGMA busy_timeout").get()).toEqual({ timeout: 60000 });
    requests.close();
    keeper.close();
  });
});
