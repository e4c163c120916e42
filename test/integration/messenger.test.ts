import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { SqliteChangeFeed } from "../../adapters/local/sqlite-change-feed.ts";
import { openDatabase } from "../../adapters/local/sqlite-database.ts";
import { SqliteGuestStore } from "../../adapters/local/sqlite-guest-store.ts";
import { SqliteMailOutbox } from "../../adapters/local/sqlite-mail-outbox.ts";
import type { Command } from "../../contracts/command.ts";
import type { EventRecord } from "../../contracts/event.ts";
import type { LinkClaims } from "../../contracts/link.ts";
import { defaultSettings } from "../../contracts/settings.ts";
import { applyCommands } from "../../core/keeper.ts";
import { verifyLink } from "../../core/link-token.ts";
import type { StoredEmail } from "../../core/mail-ports.ts";
import type { ChangeHandler } from "../../core/ports.ts";
import { guestIdFor } from "../../core/seat-keeper.ts";
import { messengerHandler } from "../../streams/messenger-handler.ts";
import { cancel, commandOf, fakeClock, newEvent, register } from "../helpers/factories.ts";
import { testKeyring, testLinkMinter, tokenOf } from "../helpers/link-minter.ts";

/**
 * The messenger against the real pieces: the keeper commits guest changes to SQLite, the transactional
 * outbox delivers them as `{old, new}` changes, and the messenger queues emails in the SQLite mail outbox.
 */

let dir: string;
let db: DatabaseSync;
let store: SqliteGuestStore;
let feed: SqliteChangeFeed;
let outbox: SqliteMailOutbox;
let clock: ReturnType<typeof fakeClock>;
const keyring = testKeyring();
let handle: ChangeHandler;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "rsvp-messenger-"));
  db = openDatabase(join(dir, "rsvp.db"));
  store = new SqliteGuestStore(db);
  feed = new SqliteChangeFeed(db);
  clock = fakeClock();
  outbox = new SqliteMailOutbox(db, { clock });
  handle = messengerHandler({ reader: store, mailer: outbox, links: testLinkMinter(keyring, clock), clock });
});

afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const noPause = async () => {};

async function createEvent(overrides: Partial<EventRecord> = {}): Promise<EventRecord> {
  const event = newEvent(overrides);
  expect(await store.createEvent(event)).toBe(true);
  return event;
}

/** Runs commands through the real keeper at the fake clock's time. */
async function run(eventId: string, ...commands: Command[]) {
  return applyCommands(store, eventId, commands, clock, { pause: noPause });
}

/** A command with no factory of its own, issued at the fake clock's time (lane `system` unless it says). */
const command = (eventId: string, fields: Parameters<typeof commandOf>[1]) =>
  commandOf(eventId, fields, { issuedAt: clock.now() });

/** Delivers every change after the messenger's checkpoint, as the change-feed loop does; returns how many. */
async function deliver(): Promise<number> {
  let count = 0;
  for (;;) {
    const page = feed.read("messenger", 100);
    if (!page) return count;
    await handle(page.changes);
    feed.commit("messenger", page.lastSeq);
    count += page.changes.length;
  }
}

/** Delivers the whole change history again from the start: an at-least-once redelivery of everything. */
async function redeliverEverything(): Promise<number> {
  feed.commit("messenger", 0);
  return deliver();
}

/** Every email in the outbox, oldest first. */
async function emails(eventId?: string): Promise<StoredEmail[]> {
  return (await outbox.list(eventId ? { eventId, limit: 10_000 } : { limit: 10_000 })).reverse();
}

const kinds = (list: readonly StoredEmail[]) => list.map((e) => `${e.to} ${e.headers["X-Rsvp-Kind"]}`);

function claimsOf(email: StoredEmail, action: LinkClaims["action"]): LinkClaims {
  const url = email.links[action];
  if (!url) throw new Error(`no ${action} link in "${email.subject}"`);
  const token = tokenOf(url);
  const verified = verifyLink(token, keyring, { eventId: email.eventId, action }, clock.now());
  if (!verified.ok) throw new Error(`${action} link did not verify: ${verified.reason}`);
  return verified.claims;
}

const guestOf = (eventId: string, c: Command) => guestIdFor(eventId, c.commandId);

describe("the messenger", () => {
  it("sends one email per transition, with links that verify", async () => {
    const event = await createEvent({ capacity: 1 });
    const e = event.eventId;
    const ana = register(e, "ana@example.org", "Ana");
    const bo = register(e, "bo@example.org", "Bo");
    await run(e, ana, bo);
    await deliver();
    await run(e, cancel(e, guestOf(e, ana)));
    await deliver();
    await run(e, command(e, { type: "offer-next" }));
    await deliver();
    await run(e, command(e, { type: "claim-offer", guestId: guestOf(e, bo) }));
    await deliver();

    const list = await emails();
    expect(kinds(list)).toEqual([
      "ana@example.org confirmed",
      "bo@example.org waitlisted",
      "ana@example.org cancelled",
      "bo@example.org offered",
      "bo@example.org confirmed",
    ]);
    const [anaIn, boWaits, , boOffered, boIn] = list as [StoredEmail, ...StoredEmail[]];
    expect(claimsOf(anaIn, "manage")).toMatchObject({ guestId: guestOf(e, ana), expiresAt: event.startsAt });
    expect(anaIn.attachments[0]?.content).toContain("BEGIN:VCALENDAR");
    expect(boWaits!.subject).toContain("number 1");
    expect(claimsOf(boWaits!, "manage").guestId).toBe(guestOf(e, bo));
    const offered = await store.getGuest(e, guestOf(e, bo));
    expect(claimsOf(boOffered!, "claim").expiresAt).toBe(offered?.offer?.expiresAt);
    expect(claimsOf(boOffered!, "decline").expiresAt).toBe(event.startsAt);
    expect(boOffered!.key).toBe(`${guestOf(e, bo)}/offer`);
    expect(boIn!.text).toContain("You claimed the seat");
  });

  it("sends nothing more when the same changes are delivered again", async () => {
    const { eventId: e } = await createEvent({ capacity: 1 });
    const ana = register(e, "ana@example.org");
    await run(e, ana, register(e, "bo@example.org"), register(e, "cy@example.org"));
    await run(e, cancel(e, guestOf(e, ana)), command(e, { type: "offer-next" }));
    await deliver();
    const first = await emails();
    expect(first).toHaveLength(5);

    expect(await redeliverEverything()).toBeGreaterThan(0);
    await redeliverEverything();
    expect(await emails()).toEqual(first);
  });

  it("holds an offer made in quiet hours until the timer's notify, then sends it once", async () => {
    const { eventId: e } = await createEvent({ capacity: 1 });
    const ana = register(e, "ana@example.org");
    const bo = register(e, "bo@example.org");
    await run(e, ana, bo);
    await deliver();
    // 23:00 in Berlin: quiet hours (21:00–08:00). The seat is held now; the email waits for 08:00.
    clock.set(new Date("2026-06-01T21:00:00.000Z"));
    await run(e, cancel(e, guestOf(e, ana)), command(e, { type: "offer-next" }));
    await deliver();
    const held = await store.getGuest(e, guestOf(e, bo));
    expect(held?.status).toBe("offered");
    expect(held?.offer?.deliverAt).toBe("2026-06-02T06:00:00.000Z");
    expect(kinds(await emails())).not.toContain("bo@example.org offered");

    clock.set(new Date("2026-06-02T06:00:00.000Z"));
    await run(e, command(e, { type: "notify", guestId: guestOf(e, bo), notice: "offer", lane: "timer" }));
    await deliver();
    await redeliverEverything();
    const offers = (await emails()).filter((m) => m.headers["X-Rsvp-Kind"] === "offered");
    expect(offers).toHaveLength(1);
    expect(offers[0]!.to).toBe("bo@example.org");
    expect(claimsOf(offers[0]!, "claim").expiresAt).toBe(held?.offer?.expiresAt);
    expect(offers[0]!.text).toContain("(Europe/Berlin)");
  });

  it("never sends an offer twice, even if a notify follows an offer that went out at once", async () => {
    const { eventId: e } = await createEvent({ capacity: 1 });
    const ana = register(e, "ana@example.org");
    const bo = register(e, "bo@example.org");
    await run(e, ana, bo, cancel(e, guestOf(e, ana)), command(e, { type: "offer-next" }));
    await run(e, command(e, { type: "notify", guestId: guestOf(e, bo), notice: "offer" }));
    await deliver();
    expect((await emails()).filter((m) => m.headers["X-Rsvp-Kind"] === "offered")).toHaveLength(1);
  });

  it("tells a guest whose offer ran out", async () => {
    const { eventId: e } = await createEvent({ capacity: 1 });
    const ana = register(e, "ana@example.org");
    const bo = register(e, "bo@example.org");
    await run(e, ana, bo, cancel(e, guestOf(e, ana)), command(e, { type: "offer-next" }));
    const offer = (await store.getGuest(e, guestOf(e, bo)))?.offer;
    clock.set(new Date(offer!.expiresAt));
    await run(e, command(e, { type: "expire-offer", guestId: guestOf(e, bo), lane: "timer" }));
    await deliver();
    expect(kinds(await emails()).slice(-2)).toEqual([
      "bo@example.org offered",
      "bo@example.org offer-lapsed",
    ]);
  });

  it("invites an imported guest, confirms them, and acknowledges a declined invitation", async () => {
    const { eventId: e } = await createEvent();
    const ana = register(e, "ana@example.org", "Ana", { invite: true, lane: "import" });
    const bo = register(e, "bo@example.org", "Bo", { invite: true, lane: "import" });
    await run(e, ana, bo);
    await deliver();
    const invites = await emails();
    expect(kinds(invites)).toEqual(["ana@example.org invite", "bo@example.org invite"]);
    expect(claimsOf(invites[0]!, "confirm").guestId).toBe(guestOf(e, ana));
    expect(claimsOf(invites[0]!, "decline").guestId).toBe(guestOf(e, ana));

    await run(
      e,
      command(e, { type: "confirm-invite", guestId: guestOf(e, ana) }),
      command(e, { type: "decline", guestId: guestOf(e, bo) }),
    );
    await deliver();
    const after = (await emails()).slice(2);
    expect(kinds(after)).toEqual(["ana@example.org confirmed", "bo@example.org cancelled"]);
    expect(after[1]!.subject).toContain("declined the invitation");
  });

  it("reminds confirmed guests only, and re-sends a guest's current links", async () => {
    const { eventId: e } = await createEvent();
    const ana = register(e, "ana@example.org");
    const bo = register(e, "bo@example.org");
    await run(e, ana, bo);
    await run(e, cancel(e, guestOf(e, bo)));
    await deliver();
    const before = (await emails()).length;

    const remind = (guestId: string) =>
      command(e, { type: "notify", guestId, notice: "reminder-day", lane: "timer" });
    await run(e, remind(guestOf(e, ana)), remind(guestOf(e, bo)));
    await run(
      e,
      command(e, { type: "notify", guestId: guestOf(e, ana), notice: "resend-link", lane: "web" }),
    );
    await deliver();
    const sent = (await emails()).slice(before);
    expect(kinds(sent)).toEqual(["ana@example.org reminder", "ana@example.org confirmed"]);
    expect(claimsOf(sent[0]!, "manage").guestId).toBe(guestOf(e, ana));
    const firstConfirmation = (await emails())[0]!;
    expect(sent[1]!.key).not.toBe(firstConfirmation.key);
  });

  it("delivers a host message to every confirmed guest once, even when redelivered", async () => {
    const { eventId: e } = await createEvent({ capacity: 3 });
    const regs = ["a", "b", "c", "d", "e"].map((n) => register(e, `${n}@example.org`, n.toUpperCase()));
    await run(e, ...regs);
    await run(e, cancel(e, guestOf(e, regs[1]!)));
    const message = command(e, {
      type: "message-guests",
      lane: "host",
      message: { subject: "Parking", body: "Use the back entrance." },
    });
    await run(e, message);
    // Later guest changes rewrite the event row but carry the same last message: no second round.
    await run(e, register(e, "late@example.org"));
    await deliver();
    await redeliverEverything();
    await run(e, message); // the host's double click: the same command id
    await deliver();

    const messages = (await emails()).filter((m) => m.headers["X-Rsvp-Kind"] === "host-message");
    // b cancelled, d and e wait (a freed seat is offered, not given): a and c are the confirmed list.
    expect(messages.map((m) => m.to).sort()).toEqual(["a@example.org", "c@example.org"]);
    expect(new Set(messages.map((m) => m.key)).size).toBe(2);
    for (const m of messages) {
      expect(m.key).toBe(`${message.commandId}/${m.guestId}`);
      expect(m.subject).toContain("Parking");
      expect(m.text).toContain("Use the back entrance.");
    }
  });

  it("sends the daily summary to the host address once per day, and to nobody without one", async () => {
    const withHost = await createEvent({ settings: { ...defaultSettings(), hostEmail: "host@example.org" } });
    const without = await createEvent();
    for (const { eventId: e } of [withHost, without]) {
      await run(e, register(e, "ana@example.org"));
      const summary = command(e, { type: "daily-summary", day: "2026-06-02", lane: "timer" });
      await run(e, summary);
      await run(e, summary);
    }
    await deliver();
    await redeliverEverything();
    const summaries = (await emails()).filter((m) => m.headers["X-Rsvp-Kind"] === "daily-summary");
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatchObject({
      to: "host@example.org",
      key: `${withHost.eventId}/summary/2026-06-02`,
      guestId: null,
    });
    expect(summaries[0]!.text).toContain("Confirmed: 1");
    expect(summaries[0]!.text).toContain("1 confirmed");
  });

  it("queues emails as `outbox` without a mail server and as `pending` with one", async () => {
    const { eventId: e } = await createEvent();
    await run(e, register(e, "ana@example.org"));
    await deliver();
    expect((await emails()).map((m) => m.state)).toEqual(["outbox"]);
    const delivering = new SqliteMailOutbox(db, { clock, deliver: true });
    const again = messengerHandler({
      reader: store,
      mailer: delivering,
      links: testLinkMinter(keyring, clock),
      clock,
    });
    await run(e, register(e, "bo@example.org"));
    const page = feed.read("messenger", 100);
    await again(page!.changes);
    expect((await emails()).map((m) => m.state)).toEqual(["outbox", "pending"]);
    expect(delivering.pending(clock.now()).map((m) => m.to)).toEqual(["bo@example.org"]);
  });
});
