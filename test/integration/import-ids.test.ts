import { createHash } from "node:crypto";
import { describe, expect, it } from "vitest";
import { Command } from "../../contracts/command.ts";
import {
  importCommandId,
  importGuestListCsv,
  legacyImportCommandId,
} from "../../producers/import/guest-import.ts";
import { baseTime, fakeClock, newEvent } from "../helpers/factories.ts";
import { scratchDataDir } from "../helpers/scratch-data-dir.ts";

const data = scratchDataDir("import-ids");

const file = Buffer.from("Name,Email\r\nAna,ana@example.org\r\nBo,bo@example.org\r\nCy,cy@example.org\r\n");
const fileHash = createHash("sha256").update(file).digest("hex");
const lines = [2, 3, 4];
const issuedAt = baseTime;

describe("import command ids in file order, beside files imported with the older random ids", () => {
  it("a file imported by an older rsvp (random ids) is recognised as imported: nothing is queued again", async () => {
    const rt = await data.start({ clock: fakeClock(baseTime) });
    const event = newEvent({ capacity: 2 });
    await rt.store.createEvent(event);
    // What an rsvp from before ordered ids queued for this file: the same rows, under their old ids.
    const names = ["Ana", "Bo", "Cy"];
    await rt.queue.send(
      lines.map((line, i) =>
        Command.parse({
          type: "register",
          eventId: event.eventId,
          commandId: legacyImportCommandId(event.eventId, fileHash, line),
          issuedAt: issuedAt.toISOString(),
          lane: "import",
          name: names[i],
          email: `${names[i]!.toLowerCase()}@example.org`,
          party: 1,
          answers: {},
          invite: false,
        }),
      ),
    );
    await rt.idle();

    const again = await importGuestListCsv(
      { queue: rt.queue, reader: rt.store },
      { eventId: event.eventId, file, preConfirmed: true, issuedAt },
    );
    expect(again).toMatchObject({ queued: 0, alreadyImported: 3 });
    await rt.idle();
    const guests = await rt.store.listGuests(event.eventId);
    expect(guests.map((g) => [g.email, g.status])).toEqual([
      ["ana@example.org", "confirmed"],
      ["bo@example.org", "confirmed"],
      ["cy@example.org", "waitlisted"],
    ]);
  });

  it("a new import uses ordered ids, and importing it again queues nothing and adds nobody", async () => {
    const rt = await data.start({ clock: fakeClock(baseTime) });
    const event = newEvent({ capacity: 2 });
    await rt.store.createEvent(event);
    const first = await importGuestListCsv(
      { queue: rt.queue, reader: rt.store },
      { eventId: event.eventId, file, preConfirmed: true, issuedAt },
    );
    expect(first).toMatchObject({ queued: 3, alreadyImported: 0 });
    await rt.idle();
    for (const line of lines)
      expect(
        await rt.store.getCommandResult(event.eventId, importCommandId(event.eventId, fileHash, line)),
      ).not.toBeNull();
    const guests = await rt.store.listGuests(event.eventId);
    // Their guest ids sort in the file's order.
    expect(guests.map((g) => g.email)).toEqual(["ana@example.org", "bo@example.org", "cy@example.org"]);
    expect(guests.map((g) => g.guestId)).toEqual(guests.map((g) => g.guestId).sort());

    const again = await importGuestListCsv(
      { queue: rt.queue, reader: rt.store },
      { eventId: event.eventId, file, preConfirmed: true, issuedAt },
    );
    expect(again).toMatchObject({ queued: 0, alreadyImported: 3 });
    await rt.idle();
    expect(await rt.store.listGuests(event.eventId)).toHaveLength(3);
  });
});
