import { mkdtempSync, rmSync } from "node:fs";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { DatabaseSync } from "node:sqlite";
import pino from "pino";
import { SMTPServer } from "smtp-server";
import { afterEach, beforeEach, expect, it } from "vitest";
import { SmtpDelivery } from "../../adapters/local/smtp-delivery.ts";
import { SqliteChangeFeed } from "../../adapters/local/sqlite-change-feed.ts";
import { openDatabase } from "../../adapters/local/sqlite-database.ts";
import { SqliteGuestStore } from "../../adapters/local/sqlite-guest-store.ts";
import { SqliteMailOutbox } from "../../adapters/local/sqlite-mail-outbox.ts";
import { guestIdFor } from "../../core/guest-decisions.ts";
import { erasedAddress } from "../../core/guest-erasure.ts";
import { applyCommands } from "../../core/keeper.ts";
import { MailDeliveryLoop } from "../../runtime/embedded/mail-delivery-loop.ts";
import { messengerHandler } from "../../streams/messenger-handler.ts";
import { eraseGuest, fakeClock, messageGuests, newEvent, register } from "../helpers/factories.ts";
import { testKeyring, testLinkMinter } from "../helpers/link-minter.ts";

/**
 * The embedded runtime's delivery loop and an erase that lands while it sends (real SQLite, a real SMTP server
 * on a loopback port): the loop takes a batch of due emails at once, so the emails after the one on the wire
 * were read before the erase. Nothing more may go to the erased guest all the same.
 */

let dir: string;
let db: DatabaseSync;
let server: SMTPServer;
let port: number;
/** Each delivered message's recipients, in order. */
let delivered: string[][];
/** Runs while the server takes a message, before it answers. */
let onMessage: () => Promise<void>;

beforeEach(async () => {
  dir = mkdtempSync(join(tmpdir(), "rsvp-erased-delivery-"));
  db = openDatabase(join(dir, "rsvp.db"));
  delivered = [];
  onMessage = async () => {};
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ["STARTTLS", "AUTH"],
    logger: false,
    onData(stream, session, callback) {
      stream.resume();
      stream.on("end", () => {
        delivered.push(session.envelope.rcptTo.map((r) => r.address));
        onMessage().then(() => callback(), callback);
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  port = (server.server.address() as AddressInfo).port;
});

afterEach(async () => {
  await new Promise<void>((resolve) => server.close(() => resolve()));
  db.close();
  rmSync(dir, { recursive: true, force: true });
});

it("an erase while the loop sends the emails queued before it: none of hers goes out after it, and her kept emails lose her address", async () => {
  // Every part on one clock, at the time the factories' commands are issued.
  const clock = fakeClock();
  const store = new SqliteGuestStore(db);
  const feed = new SqliteChangeFeed(db);
  const outbox = new SqliteMailOutbox(db, { deliver: true, clock });
  const event = newEvent();
  await store.createEvent(event);
  const e = event.eventId;
  const messenger = messengerHandler({
    reader: store,
    mailer: outbox,
    links: testLinkMinter(testKeyring(), clock),
    clock: clock,
  });
  /** The messenger's turn: the changes since its checkpoint. */
  const handleChanges = async () => {
    const page = feed.read("messenger", 100);
    if (!page) return;
    await messenger(page.changes);
    feed.commit("messenger", page.lastSeq);
  };
  const ana = register(e, "ana@example.org", "Ana Lima");
  await applyCommands(
    store,
    e,
    [register(e, "bob@example.org", "Bob"), ana, messageGuests(e, "Parking", "Use the back entrance.")],
    clock,
  );
  await handleChanges();
  expect(outbox.pending().map((m) => m.to)).toEqual([
    "bob@example.org",
    "ana@example.org",
    "bob@example.org",
    "ana@example.org",
  ]);

  // While the server takes the first email (Bob's), Ana presses her erase button, and the change feed runs.
  const anaId = guestIdFor(e, ana.commandId);
  onMessage = async () => {
    onMessage = async () => {};
    const erase = eraseGuest(e, anaId, { commandId: "erase-ana", issuedAt: clock.now() });
    await applyCommands(store, e, [erase], clock);
    await handleChanges();
  };
  const loop = new MailDeliveryLoop({
    outbox,
    transport: new SmtpDelivery({ url: `smtp://127.0.0.1:${port}`, from: "rsvp <rsvp@example.org>" }),
    guests: store,
    logger: pino({ level: "silent" }),
    clock,
  });
  // One pass: all four were due when it began.
  expect(await loop.deliverDue()).toBe(4);

  expect(delivered).toEqual([["bob@example.org"], ["bob@example.org"]]);
  const kept = await outbox.list({ eventId: e });
  const hers = kept.filter((m) => m.guestId === anaId);
  expect(hers.map((m) => [m.to, m.state])).toEqual([
    [erasedAddress(anaId), "failed"],
    [erasedAddress(anaId), "failed"],
  ]);
  expect(JSON.stringify(kept)).not.toContain("ana@example.org");
  expect(outbox.pending()).toEqual([]);
});
