import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import pino from "pino";
import { describe, expect, it } from "vitest";
import type { Command } from "../../contracts/command.ts";
import type { GuestStatus } from "../../contracts/guest.ts";
import { auditDifferences, replayAudit } from "../../core/audit-trail.ts";
import { guestIdFor } from "../../core/seat-keeper.ts";
import { startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import {
  cancel,
  closeRegistration,
  fakeClock,
  newEvent,
  register,
  reopenRegistration,
  setCapacity,
} from "../helpers/factories.ts";

/**
 * The reference model: the rules of issue "the keeper" written as plainly as possible, with no batching,
 * no store and no SQL. The real runtime must agree with it after every step.
 */
class ReferenceModel {
  capacity: number;
  open = true;
  guests = new Map<string, { guestId: string; status: GuestStatus; seq: number | null }>();
  nextSeq = 1;

  constructor(capacity: number) {
    this.capacity = capacity;
  }

  count(status: GuestStatus) {
    return [...this.guests.values()].filter((g) => g.status === status).length;
  }

  apply(c: Command) {
    switch (c.type) {
      case "register": {
        const key = c.email.trim().toLowerCase();
        if (this.guests.has(key) || !this.open) return;
        const guestId = guestIdFor(c.eventId, c.commandId);
        const seatFree = this.count("confirmed") < this.capacity && this.count("waitlisted") === 0;
        this.guests.set(
          key,
          seatFree
            ? { guestId, status: "confirmed", seq: null }
            : { guestId, status: "waitlisted", seq: this.nextSeq++ },
        );
        return;
      }
      case "cancel": {
        const g = [...this.guests.values()].find((x) => x.guestId === c.guestId);
        if (g && g.status !== "cancelled") g.status = "cancelled";
        return;
      }
      case "set-capacity":
        this.capacity = c.capacity;
        return;
      case "close-registration":
        this.open = false;
        return;
      case "reopen-registration":
        this.open = true;
    }
  }
}

type Step =
  | { kind: "register"; who: number; upper: boolean }
  | { kind: "cancel"; who: number }
  | { kind: "capacity"; to: number }
  | { kind: "close" }
  | { kind: "reopen" }
  | { kind: "replay"; back: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({ kind: fc.constant("register" as const), who: fc.nat(14), upper: fc.boolean() }),
  },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("cancel" as const), who: fc.nat(14) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("capacity" as const), to: fc.nat(8) }) },
  { weight: 1, arbitrary: fc.constant({ kind: "close" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "reopen" as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("replay" as const), back: fc.nat(10) }) },
);

describe("the keeper against a reference model", () => {
  it("agrees on every random sequence of register, duplicate, cancel, cap change, close and replay", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 6 }),
        // Steps arrive in chunks: a chunk is enqueued at once, so the keeper applies it as one batch.
        fc.array(fc.array(step, { minLength: 1, maxLength: 6 }), { minLength: 1, maxLength: 8 }),
        async (capacity, chunks) => {
          const dir = mkdtempSync(join(tmpdir(), "rsvp-model-"));
          const clock = fakeClock();
          const runtime = await startEmbedded({
            dataDir: dir,
            http: false,
            clock,
            logger: pino({ level: "silent" }),
          });
          try {
            const event = newEvent({
              capacity,
              lastChange: {
                commandId: "create",
                lane: "host",
                at: clock.now().toISOString(),
                action: "create-event",
              },
            });
            await runtime.store.createEvent(event);
            const model = new ReferenceModel(capacity);
            const sent: Command[] = [];
            const guestIdOf = new Map<number, string>();

            for (const chunk of chunks) {
              const commands: Command[] = [];
              for (const s of chunk) {
                const command = toCommand(s, event.eventId, sent, guestIdOf);
                if (command) commands.push(command);
              }
              for (const c of commands) {
                if (!sent.some((x) => x.commandId === c.commandId)) {
                  model.apply(c);
                  sent.push(c);
                }
              }
              await runtime.queue.send(commands);
              await runtime.idle();

              const live = (await runtime.store.getEvent(event.eventId))!;
              const guests = await runtime.store.listGuests(event.eventId);
              // never oversold: a seat is granted only while confirmed + offered < capacity
              expect(live.confirmed + live.offered).toBeLessThanOrEqual(
                Math.max(live.capacity, model.count("confirmed")),
              );
              expect(live.capacity).toBe(model.capacity);
              expect(live.registrationOpen).toBe(model.open);
              expect(live.confirmed).toBe(model.count("confirmed"));
              expect(live.waitlisted).toBe(model.count("waitlisted"));
              expect(guests.filter((g) => g.status === "confirmed").length).toBe(live.confirmed);
              expect(guests.filter((g) => g.status === "waitlisted").length).toBe(live.waitlisted);
              for (const [key, g] of model.guests) {
                const real = guests.find((x) => x.emailKey === key);
                expect(real?.status, key).toBe(g.status);
              }
              expect(guests.length).toBe(model.guests.size);
              expect(auditDifferences(replayAudit(await runtime.audit.list(event.eventId)), live)).toEqual(
                [],
              );
            }
          } finally {
            await runtime.stop();
            rmSync(dir, { recursive: true, force: true });
          }
        },
      ),
      { numRuns: 40 },
    );
  });
});

function toCommand(
  s: Step,
  eventId: string,
  sent: readonly Command[],
  guestIdOf: Map<number, string>,
): Command | null {
  switch (s.kind) {
    case "register": {
      const email = `guest${s.who}@example.org`;
      const c = register(eventId, s.upper ? email.toUpperCase() : email, `Guest ${s.who}`);
      if (!guestIdOf.has(s.who)) guestIdOf.set(s.who, guestIdFor(eventId, c.commandId));
      return c;
    }
    case "cancel": {
      const guestId = guestIdOf.get(s.who);
      return guestId ? cancel(eventId, guestId) : null;
    }
    case "capacity":
      return setCapacity(eventId, s.to);
    case "close":
      return closeRegistration(eventId);
    case "reopen":
      return reopenRegistration(eventId);
    case "replay":
      return sent.length > 0 ? sent[Math.max(0, sent.length - 1 - s.back)]! : null;
  }
}
