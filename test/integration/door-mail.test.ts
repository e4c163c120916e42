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
import { eventEnd } from "../../contracts/event.ts";
import { defaultSettings } from "../../contracts/settings.ts";
import { shortCheckInCode } from "../../core/check-in-code.ts";
import { applyCommands } from "../../core/keeper.ts";
import { signedLinkMinter } from "../../core/link-minter.ts";
import type { ChangeHandler } from "../../core/ports.ts";
import { guestIdFor } from "../../core/seat-keeper.ts";
import { messengerHandler } from "../../streams/messenger-handler.ts";
import { commandOf, fakeClock, newEvent, register } from "../helpers/factories.ts";
import { testKeyring } from "../helpers/link-minter.ts";

/**
 * The door's emails through the real keeper, change feed and messenger: the check-in code in the confirmation,
 * the thank-you note only to those who came when the host says so, and the summary after the event that names
 * the no-shows.
 */
let dir: string;
let db: DatabaseSync;
let store: SqliteGuestStore;
let feed: SqliteChangeFeed;
let outbox: SqliteMailOutbox;
let handle: ChangeHandler;
const clock = fakeClock();
const keyring = testKeyring();

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "rsvp-door-mail-"));
  db = openDatabase(join(dir, "rsvp.db"));
  store = new SqliteGuestStore(db);
  feed = new SqliteChangeFeed(db);
  outbox = new SqliteMailOutbox(db, { clock });
  // The runtimes' minter: links and check-in codes.
  const links = signedLinkMinter({
    keyring: () => keyring,
    baseUrl: () => "http://rsvp.test",
    clock,
    checkInCodes: true,
  });
  handle = messengerHandler({ reader: store, mailer: outbox, links, clock });
});
afterEach(() => {
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

const run = (eventId: string, ...commands: Command[]) =>
  applyCommands(store, eventId, commands, clock, { pause: async () => {} });

async function deliver(): Promise<void> {
  for (;;) {
    const page = feed.read("messenger", 100);
    if (!page) return;
    await handle(page.changes);
    feed.commit("messenger", page.lastSeq);
  }
}

const mails = async (eventId: string) => (await outbox.list({ eventId, limit: 1000 })).reverse();

describe("the door's emails", () => {
  it("a confirmation carries the check-in code: an inline QR and the short code as text", async () => {
    const event = newEvent();
    await store.createEvent(event);
    const ana = register(event.eventId, "ana@example.org", "Ana Lima", { issuedAt: clock.now() });
    await run(event.eventId, ana);
    await deliver();
    const [mail] = await mails(event.eventId);
    const short = shortCheckInCode(
      { eventId: event.eventId, guestId: guestIdFor(event.eventId, ana.commandId) },
      keyring,
    );
    expect(mail?.text).toContain(`Check-in code: ${short}`);
    expect(mail?.html).toContain('src="cid:checkin@rsvp"');
    expect(mail?.html).toContain(short);
    const png = mail?.attachments.find((a) => a.cid === "checkin@rsvp");
    expect(png?.contentType).toBe("image/png");
    expect(
      Buffer.from(png?.content ?? "", "base64")
        .subarray(1, 4)
        .toString(),
    ).toBe("PNG");
  });

  it("with thanksOnlyArrived, the note goes only to guests who came; the host hears who did not", async () => {
    const event = newEvent({
      settings: { ...defaultSettings(), thanksOnlyArrived: true, hostEmail: "host@example.org" },
    });
    await store.createEvent(event);
    const ana = register(event.eventId, "ana@example.org", "Ana Lima", { issuedAt: clock.now() });
    const ben = register(event.eventId, "ben@example.org", "Ben Okafor", { issuedAt: clock.now() });
    await run(event.eventId, ana, ben);
    const anaId = guestIdFor(event.eventId, ana.commandId);
    await run(
      event.eventId,
      commandOf(event.eventId, { type: "check-in", guestId: anaId, seats: 1 }, { lane: "door" }),
    );
    await deliver();
    const before = (await mails(event.eventId)).length;

    clock.set(new Date(eventEnd(event).getTime() + 60_000));
    await run(event.eventId, commandOf(event.eventId, { type: "event-ended" }, { issuedAt: clock.now() }));
    await run(
      event.eventId,
      commandOf(
        event.eventId,
        {
          type: "thanks-drafted",
          body: "Dear {name},\n\nThank you for coming to our summer party. It was lovely.",
          source: "template",
        },
        { issuedAt: clock.now() },
      ),
    );
    await deliver();
    const after = (await mails(event.eventId)).slice(before);
    const summary = after.find((m) => m.to === "host@example.org");
    expect(summary?.subject).toBe("After Summer party: 1 of 2 arrived");
    expect(summary?.text).toContain("1 guest with a seat did not come: Ben Okafor.");
    const thanks = after.filter((m) => m.headers["X-Rsvp-Kind"] === "thank-you").map((m) => m.to);
    expect(thanks).toEqual(["ana@example.org"]);
  });
});
