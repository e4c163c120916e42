import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import pino from "pino";
import { describe, expect, it } from "vitest";
import type { Command } from "../../contracts/command.ts";
import { partiesOf, requestsOf } from "../../contracts/event.ts";
import type { GuestStatus } from "../../contracts/guest.ts";
import { EventSettings } from "../../contracts/settings.ts";
import { auditDifferences, replayAudit } from "../../core/audit-trail.ts";
import { guestIdFor } from "../../core/seat-keeper.ts";
import { startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import {
  cancel,
  closeRegistration,
  commandOf,
  createdEvent,
  fakeClock,
  guestAction,
  register,
  reopenRegistration,
  setCapacity,
} from "../helpers/factories.ts";

/**
 * The reference model: the rules of the keeper and the lifecycle issues written as plainly as possible, with
 * no batching, no store, no SQL, no timers and no change stream. The real runtime must agree with it after
 * every step. Quiet hours are off for this event, so an offer's window is simply 6 h from the offer, cut to
 * end at the start.
 */
class ReferenceModel {
  capacity: number;
  open = true;
  guests = new Map<
    string,
    {
      guestId: string;
      status: GuestStatus;
      seq: number | null;
      expiresAt: number;
      muted: boolean;
      party: number;
    }
  >();
  nextSeq = 1;
  readonly startsAt: number;
  readonly maxParty: number;
  readonly smallerPartiesFirst: boolean;
  /** Approval mode (docs/approval.md): a guest's own registration is a request until the host decides. */
  readonly approval: boolean;

  constructor(
    capacity: number,
    startsAt: number,
    parties: { maxParty: number; smallerPartiesFirst: boolean; approval?: boolean } = {
      maxParty: 1,
      smallerPartiesFirst: false,
    },
  ) {
    this.capacity = capacity;
    this.startsAt = startsAt;
    this.maxParty = parties.maxParty;
    this.smallerPartiesFirst = parties.smallerPartiesFirst;
    this.approval = parties.approval ?? false;
  }

  /** A guest's own registration: a request with approval on (the host's import skips it), else a seat or the line. */
  registerOwn(g: { status: GuestStatus; seq: number | null; party: number }, lane: string) {
    if (this.approval && lane !== "import") g.status = "requested";
    else this.seatOrLine(g);
  }

  /** A seat for the whole party if the seats are free and nobody waits, else the next number in line. */
  seatOrLine(g: { status: GuestStatus; seq: number | null; party: number }) {
    const held = this.count("confirmed") + this.count("offered");
    if (held + g.party <= this.capacity && this.count("waitlisted") === 0) g.status = "confirmed";
    else {
      g.status = "waitlisted";
      g.seq = this.nextSeq++;
    }
  }

  /** Seats in a status: the sum of the parties in it. */
  count(status: GuestStatus) {
    return [...this.guests.values()].filter((g) => g.status === status).reduce((n, g) => n + g.party, 0);
  }

  /** Parties in a status. */
  parties(status: GuestStatus) {
    return [...this.guests.values()].filter((g) => g.status === status).length;
  }

  byId(guestId: string) {
    return [...this.guests.values()].find((x) => x.guestId === guestId);
  }

  apply(c: Command, now: number) {
    switch (c.type) {
      case "register": {
        const key = c.email.trim().toLowerCase();
        const known = this.guests.get(key);
        if (known) {
          // Only the guest's own registration moves them; a host's invitation of a known address is a duplicate,
          // and so is the web form's (anyone may type an address: the owner is only emailed their links).
          if (c.invite || c.lane === "web") return;
          // An invited guest's yes accepts the invitation (as their confirm link would: closed or not), for
          // the party they were invited with.
          if (known.status === "pending" && now < this.startsAt) this.seatOrLine(known);
          // Someone who left comes back like a newcomer, with the same guest id, at the end of the line, for
          // the party they name this time (at most the event's limit).
          if (
            (known.status === "cancelled" || known.status === "lapsed") &&
            this.open &&
            now < this.startsAt
          ) {
            known.party = Math.min(c.party, this.maxParty);
            this.registerOwn(known, c.lane);
          }
          return;
        }
        if (!this.open || now >= this.startsAt) return;
        const guest = {
          guestId: guestIdFor(c.eventId, c.commandId),
          status: "pending" as GuestStatus,
          seq: null,
          expiresAt: 0,
          muted: false,
          party: Math.min(c.party, this.maxParty),
        };
        this.guests.set(key, guest);
        if (!c.invite) this.registerOwn(guest, c.lane);
        return;
      }
      case "cancel": {
        const g = this.byId(c.guestId);
        if (g && g.status !== "cancelled" && g.status !== "lapsed") g.status = "cancelled";
        return;
      }
      case "claim-offer": {
        const g = this.byId(c.guestId);
        if (g?.status === "offered" && now < g.expiresAt) {
          // A partial accept: the party may take fewer seats than it was offered, never more.
          g.party = Math.min(c.party ?? g.party, g.party);
          g.status = "confirmed";
        }
        return;
      }
      case "change-party": {
        const g = this.byId(c.guestId);
        if (!g || c.party === g.party || g.status === "cancelled" || g.status === "lapsed") return;
        if (c.party > this.maxParty) return;
        if (c.party > g.party) {
          if (now >= this.startsAt) return;
          // A party holding seats grows only into seats free right now that nobody in line waits for.
          const holds = g.status === "confirmed" || g.status === "offered";
          const free = this.capacity - this.count("confirmed") - this.count("offered");
          if (holds && (free < c.party - g.party || this.count("waitlisted") > 0)) return;
        }
        // Lowering always works; a waitlisted party keeps its number in line either way.
        g.party = c.party;
        return;
      }
      case "decline": {
        const g = this.byId(c.guestId);
        if (g?.status === "offered" || g?.status === "pending") g.status = "cancelled";
        return;
      }
      case "approve-request": {
        // The host lets a request in: a seat or the line, as a registration (not after the start).
        const g = this.byId(c.guestId);
        if (g?.status === "requested" && now < this.startsAt) this.seatOrLine(g);
        return;
      }
      case "decline-request": {
        const g = this.byId(c.guestId);
        if (g?.status === "requested") g.status = "cancelled";
        return;
      }
      case "mute-messages": {
        // Unsubscribing from the host's messages moves nobody, in any state.
        const g = this.byId(c.guestId);
        if (g) g.muted = true;
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
        return;
      default:
        throw new Error(`the model does not send ${c.type}`);
    }
  }

  #ended = false;

  /**
   * Time passes to `now`: offers whose window ended lapse; at the event's end (two hours after the start, for
   * an event without an end) registration closes for good, so a clock set back cannot reopen it.
   */
  expire(now: number) {
    if (!this.#ended && now >= this.startsAt + 2 * 3_600_000) {
      this.#ended = true;
      this.open = false;
    }
    for (const g of this.guests.values())
      if (g.status === "offered" && g.expiresAt <= now) g.status = "lapsed";
  }

  /**
   * The free seats are offered to whole parties in line order, until the event starts (docs/parties.md): the
   * first party in line gets an offer as soon as its seats are free; nobody behind it goes first, unless
   * smaller parties may, and then the first party behind it that fits does.
   */
  offerRound(now: number) {
    if (now >= this.startsAt) return;
    const line = [...this.guests.values()]
      .filter((g) => g.status === "waitlisted")
      .sort((a, b) => (a.seq ?? 0) - (b.seq ?? 0));
    for (const g of line) {
      const free = this.capacity - this.count("confirmed") - this.count("offered");
      if (free <= 0) break;
      if (g.party > free) {
        if (this.smallerPartiesFirst) continue;
        break;
      }
      g.status = "offered";
      g.expiresAt = Math.min(now + 6 * 3_600_000, this.startsAt);
    }
  }
}

type Step =
  | { kind: "register"; who: number; upper: boolean; web: boolean; party: number }
  | { kind: "invite"; who: number }
  | { kind: "cancel"; who: number }
  | { kind: "claim"; who: number; seats: number | null }
  | { kind: "party"; who: number; to: number }
  | { kind: "decline"; who: number }
  | { kind: "mute"; who: number }
  | { kind: "approve"; who: number }
  | { kind: "declineRequest"; who: number }
  | { kind: "capacity"; to: number }
  | { kind: "close" }
  | { kind: "reopen" }
  | { kind: "replay"; back: number };

const step: fc.Arbitrary<Step> = fc.oneof(
  {
    weight: 6,
    arbitrary: fc.record({
      kind: fc.constant("register" as const),
      who: fc.nat(11),
      upper: fc.boolean(),
      // The web form (anyone may type an address) or the guest's own register-again link.
      web: fc.boolean(),
      party: fc.integer({ min: 1, max: 4 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("invite" as const), who: fc.nat(11) }) },
  { weight: 3, arbitrary: fc.record({ kind: fc.constant("cancel" as const), who: fc.nat(11) }) },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("claim" as const),
      who: fc.nat(11),
      seats: fc.option(fc.integer({ min: 1, max: 4 })),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("party" as const),
      who: fc.nat(11),
      to: fc.integer({ min: 1, max: 5 }),
    }),
  },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("decline" as const), who: fc.nat(11) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("mute" as const), who: fc.nat(11) }) },
  { weight: 2, arbitrary: fc.record({ kind: fc.constant("approve" as const), who: fc.nat(11) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("declineRequest" as const), who: fc.nat(11) }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("capacity" as const), to: fc.nat(9) }) },
  { weight: 1, arbitrary: fc.constant({ kind: "close" as const }) },
  { weight: 1, arbitrary: fc.constant({ kind: "reopen" as const }) },
  { weight: 1, arbitrary: fc.record({ kind: fc.constant("replay" as const), back: fc.nat(10) }) },
);

describe("the keeper against a reference model", () => {
  it("agrees on random lifecycles: register (parties of 1 to 4), invite, duplicate, cancel, register again, claim (all or fewer seats), change a party, decline, unsubscribe, cap change, close, replay, time passing, approve and decline requests; in strict line order or smaller parties first, with approval on or off", async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 0, max: 9 }),
        fc.record({
          maxParty: fc.constantFrom(1, 2, 3, 4, 4),
          smallerPartiesFirst: fc.boolean(),
          approval: fc.boolean(),
        }),
        // Steps arrive in chunks: a chunk is enqueued at once, so the keeper applies it as one batch; then
        // time passes (0 to 18 h) and whatever timers fell due fire.
        fc.array(
          fc.record({
            steps: fc.array(step, { minLength: 1, maxLength: 6 }),
            hours: fc.oneof(fc.constant(0), fc.integer({ min: 1, max: 18 })),
          }),
          { minLength: 1, maxLength: 8 },
        ),
        lifecycleAgrees,
      ),
      { numRuns: 80 },
    );
  });

  it("agrees on lifecycles crowded with parties: small events, parties of up to 4, registrations, leaving, partial accepts and changed parties", async () => {
    // The lifecycles above touch parties now and then; these make a waiting big party with a smaller one
    // behind it common, which is where a rule that lets someone jump the line would show.
    const partyStep: fc.Arbitrary<Step> = fc.oneof(
      {
        weight: 5,
        arbitrary: fc.record({
          kind: fc.constant("register" as const),
          who: fc.nat(7),
          upper: fc.constant(false),
          // The guest's own register-again link: a guest who left comes back with the party they name now.
          web: fc.constant(false),
          party: fc.integer({ min: 1, max: 4 }),
        }),
      },
      { weight: 3, arbitrary: fc.record({ kind: fc.constant("cancel" as const), who: fc.nat(7) }) },
      {
        // Often, so that a claim meets an open offer, and often for fewer seats (a partial accept).
        weight: 4,
        arbitrary: fc.record({
          kind: fc.constant("claim" as const),
          who: fc.nat(7),
          seats: fc.option(fc.integer({ min: 1, max: 4 })),
        }),
      },
      {
        weight: 2,
        arbitrary: fc.record({
          kind: fc.constant("party" as const),
          who: fc.nat(7),
          to: fc.integer({ min: 1, max: 4 }),
        }),
      },
    );
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 3, max: 6 }),
        fc.record({ maxParty: fc.constant(4), smallerPartiesFirst: fc.boolean() }),
        fc.array(
          fc.record({
            steps: fc.array(partyStep, { minLength: 1, maxLength: 4 }),
            hours: fc.oneof(fc.constant(0), fc.constant(7)),
          }),
          { minLength: 2, maxLength: 8 },
        ),
        lifecycleAgrees,
      ),
      { numRuns: 40 },
    );
  });
});

/** One random lifecycle, run on the embedded runtime and the model side by side, compared after every chunk. */
async function lifecycleAgrees(
  capacity: number,
  parties: { maxParty: number; smallerPartiesFirst: boolean; approval?: boolean },
  chunks: { steps: Step[]; hours: number }[],
): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), "rsvp-model-"));
  const clock = fakeClock();
  const runtime = await startEmbedded({
    dataDir: dir,
    http: false,
    clock,
    logger: pino({ level: "silent" }),
  });
  try {
    const event = createdEvent({
      capacity,
      // Two days out, so the runs reach reminders, lapsed offers and the start itself.
      startsAt: new Date(clock.now().getTime() + 48 * 3_600_000).toISOString(),
      settings: EventSettings.parse({ quietHours: { start: "00:00", end: "00:00" }, ...parties }),
    });
    await runtime.store.createEvent(event);
    const model = new ReferenceModel(capacity, Date.parse(event.startsAt), parties);
    const sent: Command[] = [];
    const guestIdOf = new Map<number, string>();

    for (const chunk of chunks) {
      const commands: Command[] = [];
      for (const s of chunk.steps) {
        const command = toCommand(s, event.eventId, sent, guestIdOf);
        if (command) commands.push(command);
      }
      const now = clock.now().getTime();
      for (const c of commands) {
        if (!sent.some((x) => x.commandId === c.commandId)) {
          model.apply(c, now);
          sent.push(c);
        }
      }
      model.offerRound(now);
      await runtime.queue.send(commands);
      await runtime.idle();
      if (chunk.hours > 0) {
        clock.advance(chunk.hours * 3_600_000);
        model.expire(clock.now().getTime());
        model.offerRound(clock.now().getTime());
        await runtime.tick();
      }

      const live = (await runtime.store.getEvent(event.eventId))!;
      const guests = await runtime.store.listGuests(event.eventId);
      // never oversold: every party was granted (confirmed or offered) while
      // confirmed + offered + party <= capacity
      const trail = await runtime.audit.list(event.eventId);
      for (const e of trail) {
        const held = (status: string | null) => status === "confirmed" || status === "offered";
        if (e.entity !== "guest" || !held(e.to)) continue;
        // The seats the change granted: a whole party joining the held seats, or the seats a held party grew by.
        const seats = e.seats ?? 1;
        const granted = held(e.from) ? seats - (e.seatsBefore ?? seats) : seats;
        if (granted <= 0) continue;
        const b = e.countersBefore!;
        expect(b.confirmed + b.offered + granted, `${e.action} of ${e.guestId}`).toBeLessThanOrEqual(
          b.capacity,
        );
      }
      expect(live.capacity).toBe(model.capacity);
      expect(live.registrationOpen).toBe(model.open);
      for (const status of ["confirmed", "offered", "waitlisted"] as const) {
        expect(live[status], status).toBe(model.count(status));
        const seats = guests.filter((g) => g.status === status).reduce((n, g) => n + g.party, 0);
        expect(seats).toBe(live[status]);
        expect(partiesOf(live)[status], `${status} parties`).toBe(model.parties(status));
      }
      // no reminder waits for anyone who is not confirmed, no expiry for anyone not holding an offer, and
      // none is left from a round before the guest's current one
      for (const t of runtime.timers.list(event.eventId)) {
        const [, kind, guestId, round] = /^(remind-\w+|expire)-([\w-]{22})(?:-r(\d+))?$/.exec(t.name) ?? [];
        if (!guestId) continue;
        const g = guests.find((x) => x.guestId === guestId);
        expect(g?.status, t.name).toBe(kind === "expire" ? "offered" : "confirmed");
        expect(Number(round ?? 1), t.name).toBe(g?.round ?? 1);
      }
      for (const [key, g] of model.guests) {
        const real = guests.find((x) => x.emailKey === key);
        expect(real?.status, key).toBe(g.status);
        expect(real?.hostMessages, key).toBe(!g.muted);
        expect(real?.party, key).toBe(g.party);
      }
      expect(guests.length).toBe(model.guests.size);
      // Requests hold no seat: counted apart, as many and as large as the model's.
      expect(requestsOf(live)).toEqual({
        parties: model.parties("requested"),
        seats: model.count("requested"),
      });
      expect(auditDifferences(replayAudit(trail), live)).toEqual([]);
    }
  } finally {
    await runtime.stop();
    rmSync(dir, { recursive: true, force: true });
  }
}

function toCommand(
  s: Step,
  eventId: string,
  sent: readonly Command[],
  guestIdOf: Map<number, string>,
): Command | null {
  switch (s.kind) {
    case "register":
    case "invite": {
      const email = `guest${s.who}@example.org`;
      const c =
        s.kind === "invite"
          ? register(eventId, email, `Guest ${s.who}`, { lane: "import", invite: true })
          : register(eventId, s.upper ? email.toUpperCase() : email, `Guest ${s.who}`, {
              lane: s.web ? "web" : "link",
              party: s.party,
            });
      // The first registration of an address names its guest for good: registering again reuses the row.
      if (!guestIdOf.has(s.who)) guestIdOf.set(s.who, guestIdFor(eventId, c.commandId));
      return c;
    }
    case "cancel": {
      const guestId = guestIdOf.get(s.who);
      return guestId ? cancel(eventId, guestId) : null;
    }
    case "claim": {
      const guestId = guestIdOf.get(s.who);
      if (!guestId) return null;
      if (s.seats === null) return guestAction("claim-offer", eventId, guestId);
      return commandOf(eventId, { type: "claim-offer", guestId, party: s.seats }, { lane: "link" });
    }
    case "party": {
      const guestId = guestIdOf.get(s.who);
      return guestId
        ? commandOf(eventId, { type: "change-party", guestId, party: s.to }, { lane: "link" })
        : null;
    }
    case "decline": {
      const guestId = guestIdOf.get(s.who);
      return guestId ? guestAction("decline", eventId, guestId) : null;
    }
    case "mute": {
      const guestId = guestIdOf.get(s.who);
      return guestId ? guestAction("mute-messages", eventId, guestId) : null;
    }
    case "approve":
    case "declineRequest": {
      const guestId = guestIdOf.get(s.who);
      const type = s.kind === "approve" ? "approve-request" : "decline-request";
      return guestId ? commandOf(eventId, { type, guestId }, { lane: "host" }) : null;
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
