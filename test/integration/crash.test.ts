import { describe, expect, it } from "vitest";
import { emailKey } from "../../contracts/common.ts";
import { auditConsumer, openStores } from "../../runtime/embedded/embedded-runtime.ts";
import { createEventCli, register, runCli, settleStatuses } from "./cli-harness.ts";
import { useServers } from "./server-fixture.ts";

/** What became of one registration POST, as the client saw it. */
type Fate =
  | { kind: "accepted"; statusUrl: string }
  /** No answer: the connection was refused or cut. The server may or may not have queued it. */
  | { kind: "unanswered" }
  | { kind: "refused"; status: number };

const { tempDataDir, start } = useServers("rsvp-crash-");

/**
 * Registers `total` distinct guests, `concurrency` at a time. After each accepted one, `afterAccept(count)`
 * may interrupt the server and return true: then no further request starts, and the ones in flight finish or
 * fail on their own.
 */
async function rush(
  url: string,
  eventId: string,
  total: number,
  concurrency: number,
  afterAccept: (accepted: number) => boolean,
): Promise<Map<string, Fate>> {
  const fates = new Map<string, Fate>();
  let next = 0;
  let accepted = 0;
  let interrupted = false;
  const worker = async () => {
    while (!interrupted && next < total) {
      const i = next++;
      const email = `Guest.${i}@Example.org`;
      const reply = await register(url, eventId, { name: `Guest ${i}`, email });
      if (reply.status === 202 && reply.statusUrl) {
        fates.set(email, { kind: "accepted", statusUrl: reply.statusUrl });
        accepted += 1;
        if (!interrupted && afterAccept(accepted)) interrupted = true;
      } else if (reply.status === null) fates.set(email, { kind: "unanswered" });
      else fates.set(email, { kind: "refused", status: reply.status });
    }
  };
  await Promise.all(Array.from({ length: concurrency }, worker));
  return fates;
}

const acceptedLinks = (fates: Map<string, Fate>) =>
  [...fates.values()].flatMap((f) => (f.kind === "accepted" ? [f.statusUrl] : []));

/**
 * Checks the data dir of a stopped server against what the clients saw: every 202 is a guest exactly once,
 * nobody else is a guest unless their request was cut off (then at most once), the counters equal a recount
 * of the rows, and nothing is left queued or set aside.
 */
async function expectEverythingAccounted(
  dataDir: string,
  eventId: string,
  capacity: number,
  fates: Map<string, Fate>,
) {
  const { db, store, queue, feed } = openStores(dataDir);
  try {
    const event = (await store.getEvent(eventId))!;
    const guests = await store.listGuests(eventId);
    const perAddress = new Map<string, number>();
    for (const g of guests) perAddress.set(g.emailKey, (perAddress.get(g.emailKey) ?? 0) + 1);

    for (const [email, fate] of fates) {
      const count = perAddress.get(emailKey(email)) ?? 0;
      if (fate.kind === "accepted") expect(count, `${email} got a 202`).toBe(1);
      if (fate.kind === "refused") expect(count, `${email} was refused`).toBe(0);
      if (fate.kind === "unanswered") expect(count, `${email} was cut off`).toBeLessThanOrEqual(1);
    }
    const known = new Set([...fates.keys()].map(emailKey));
    expect(guests.filter((g) => !known.has(g.emailKey)).map((g) => g.email)).toEqual([]);

    const recount = (status: string) => guests.filter((g) => g.status === status).length;
    expect(event.confirmed).toBe(recount("confirmed"));
    expect(event.offered).toBe(recount("offered"));
    expect(event.waitlisted).toBe(recount("waitlisted"));
    expect(event.confirmed).toBe(Math.min(capacity, guests.length));
    expect(event.confirmed + event.waitlisted).toBe(guests.length);
    const seqs = guests
      .filter((g) => g.status === "waitlisted")
      .map((g) => g.waitlistSeq)
      .sort((a, b) => a! - b!);
    expect(seqs).toEqual(Array.from({ length: seqs.length }, (_, i) => i + 1));

    expect(queue.depth()).toBe(0);
    expect(queue.listDeadLetters()).toEqual([]);
    expect(feed.lag(auditConsumer)).toBe(0);
    expect(feed.behind(auditConsumer)).toBe(false);
  } finally {
    db.close();
  }
}

/**
 * Starts rsvp again on the data dir, waits until every accepted registration's status link shows a seat or a
 * place in line, stops it, and checks the data dir and `rsvp audit verify` against what the clients saw.
 */
async function expectRestartFindsEverything(
  dataDir: string,
  eventId: string,
  capacity: number,
  fates: Map<string, Fate>,
) {
  const server = await start(dataDir);
  const links = acceptedLinks(fates);
  const states = await settleStatuses(server.url, links);
  expect(links.filter((l) => !["confirmed", "waitlisted"].includes(states.get(l) ?? ""))).toEqual([]);
  expect(await server.stop()).toEqual({ code: 0, signal: null });

  await expectEverythingAccounted(dataDir, eventId, capacity, fates);
  const verify = await runCli(["audit", "verify", eventId, "--data", dataDir]);
  expect(verify.stderr).toBe("");
  expect(verify.stdout).toContain("audit matches live counters");
  expect(verify.code).toBe(0);
}

describe("the embedded runtime as a child process", () => {
  it("a SIGKILL with registrations in flight loses no accepted registration and duplicates none", async () => {
    const dataDir = tempDataDir();
    const capacity = 50;
    const { eventId } = await createEventCli(dataDir, { capacity });
    const first = await start(dataDir);

    const fates = await rush(first.url, eventId, 600, 40, (accepted) => {
      if (accepted < 150) return false;
      first.child.kill("SIGKILL");
      return true;
    });
    expect((await first.exited).signal).toBe("SIGKILL");
    const cutOff = [...fates.values()].filter((f) => f.kind === "unanswered").length;
    expect(cutOff, "some registrations were in flight at the kill").toBeGreaterThan(0);
    expect([...fates.values()].filter((f) => f.kind === "refused")).toEqual([]);

    await expectRestartFindsEverything(dataDir, eventId, capacity, fates);
  });

  it("a SIGTERM with work queued drains it, exits 0, and a restart finds nothing lost", async () => {
    const dataDir = tempDataDir();
    const capacity = 30;
    const { eventId } = await createEventCli(dataDir, { capacity });
    const server = await start(dataDir);

    const fates = await rush(server.url, eventId, 400, 40, (accepted) => {
      if (accepted < 120) return false;
      server.child.kill("SIGTERM");
      return true;
    });
    expect(await server.exited).toEqual({ code: 0, signal: null });
    // Drained before exiting: no restart is needed for the accepted registrations to be guests.
    await expectEverythingAccounted(dataDir, eventId, capacity, fates);

    await expectRestartFindsEverything(dataDir, eventId, capacity, fates);
  });
});
