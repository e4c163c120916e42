import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { headcountOf } from "../../contracts/event.ts";
import type { Accepted, RsvpStatus } from "../../contracts/http.ts";
import { auditDifferences, replayAudit } from "../../core/audit-trail.ts";
import { type EmbeddedRuntime, startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import { hostedEvent } from "../helpers/factories.ts";

const seats = 100;
const people = 2_000;
const inFlight = 100;

let dir: string;
let runtime: EmbeddedRuntime;
let eventId: string;
let hostToken: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "rsvp-rush-http-"));
  runtime = await startEmbedded({ dataDir: dir, port: 0, logger: pino({ level: "silent" }) });
  const hosted = hostedEvent({
    eventId: "launch-party",
    name: "Launch party",
    timeZone: "Europe/Lisbon",
    capacity: seats,
  });
  ({ hostToken } = hosted);
  eventId = hosted.event.eventId;
  await runtime.store.createEvent(hosted.event);
});

afterAll(async () => {
  await runtime?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** Runs `task` for every item, at most `limit` at a time, over the real socket. */
async function inWaves<T, R>(
  items: readonly T[],
  limit: number,
  task: (item: T) => Promise<R>,
): Promise<R[]> {
  const results: R[] = [];
  for (let i = 0; i < items.length; i += limit) {
    results.push(...(await Promise.all(items.slice(i, i + limit).map(task))));
  }
  return results;
}

describe("a rush of registrations over real HTTP", () => {
  it(`${people} people racing for ${seats} seats: ${seats} get one, the rest queue up in order, nobody is lost`, async () => {
    const emails = Array.from({ length: people }, (_, i) => `guest${i}@example.org`);

    const answers = await inWaves([...emails.entries()], inFlight, async ([i, email]) => {
      const res = await fetch(`${runtime.url}/e/${eventId}/rsvp`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ name: `Guest ${i}`, email }),
      });
      return { status: res.status, body: (await res.json()) as Accepted };
    });
    expect(answers.filter((a) => a.status !== 202)).toEqual([]);
    expect(new Set(answers.map((a) => a.body.commandId)).size).toBe(people);

    await runtime.idle();

    // The host's headcount and the guest list agree.
    const headcount = await (await fetch(`${runtime.url}/h/${hostToken}/headcount`)).json();
    const event = (await runtime.store.getEvent(eventId))!;
    expect(headcount).toEqual(headcountOf(event));
    expect(headcount).toMatchObject({
      capacity: seats,
      confirmed: seats,
      waitlisted: people - seats,
      open: 0,
    });
    const guests = await runtime.store.listGuests(eventId);
    expect(guests.filter((g) => g.status === "confirmed")).toHaveLength(seats);
    expect(guests.filter((g) => g.status === "waitlisted")).toHaveLength(people - seats);
    expect(guests.map((g) => g.email).sort()).toEqual([...emails].sort());

    // The line is exactly 1..1,900, no gaps, no shared places.
    const waitlisted = guests.filter((g) => g.status === "waitlisted");
    const positions = await Promise.all(
      waitlisted.map((g) => runtime.store.waitlistPosition(eventId, g.guestId)),
    );
    expect(positions.map(Number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: people - seats }, (_, i) => i + 1),
    );

    // Every status link tells its guest where they stand; none is still processing.
    const statuses = await inWaves(answers, inFlight, async ({ body }) => {
      const res = await fetch(body.statusUrl, { headers: { accept: "application/json" } });
      expect(res.status).toBe(200);
      return (await res.json()) as RsvpStatus;
    });
    expect(statuses.filter((s) => s.state === "confirmed")).toHaveLength(seats);
    const places = statuses.flatMap((s) => (s.state === "waitlisted" ? [s.position] : []));
    expect(places.map(Number).sort((a, b) => a - b)).toEqual(
      Array.from({ length: people - seats }, (_, i) => i + 1),
    );

    // The audit trail alone rebuilds the same counters.
    expect(auditDifferences(replayAudit(await runtime.audit.list(eventId)), event)).toEqual([]);
  });
});
