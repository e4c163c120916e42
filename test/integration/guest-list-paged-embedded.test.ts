import { DatabaseSync } from "node:sqlite";
import pino from "pino";
import { describe, expect, it } from "vitest";
import type { GuestRecord } from "../../contracts/guest.ts";
import { encodeGuestListCursor } from "../../contracts/guest-list-cursor.ts";
import { guestListCsvChunks, guestListRows } from "../../producers/host/guest-list.ts";
import type { EmbeddedRuntime } from "../../runtime/embedded/embedded-runtime.ts";
import { databasePath } from "../../runtime/embedded/stores.ts";
import { fakeClock, hostedEvent, register } from "../helpers/factories.ts";
import { walkGuestListJson } from "../helpers/guest-list-walk.ts";
import { scratchDataDir } from "../helpers/scratch-data-dir.ts";

/**
 * The host's guest list on the embedded runtime (SQLite), shown 500 guests a page as on AWS: page links that walk
 * the whole list both ways with nobody missed or shown twice, bad links refused, a search by name or email that
 * keeps to the event, and the CSV still the whole list in one file.
 */
describe("the guest list in pages on the embedded runtime", () => {
  const data = scratchDataDir("guest-list-paged");

  /** An event of 300 seats and `count` guests ("Guest 1" …), registered 100 a second, and one other event. */
  const start = async (count: number) => {
    const clock = fakeClock(new Date("2026-11-09T09:00:00.000Z"));
    const r = await data.start({ http: false, clock, logger: pino({ level: "silent" }) });
    const { event, hostToken } = hostedEvent({ capacity: 300, now: clock.now() });
    const other = hostedEvent({ capacity: 10, now: clock.now() });
    await r.store.createEvent(event);
    await r.store.createEvent(other.event);
    for (let i = 0; i < count; i += 100) {
      const batch = Array.from({ length: Math.min(100, count - i) }, (_, j) =>
        register(event.eventId, `guest${i + j + 1}@example.org`, `Guest ${i + j + 1}`, {
          issuedAt: clock.now(),
        }),
      );
      await r.queue.send(batch);
      await r.idle();
      clock.set(new Date(clock.now().getTime() + 1_000));
    }
    await r.queue.send([
      register(event.eventId, "zoe@example.org", "Zoë Müller", { issuedAt: clock.now() }),
      register(other.event.eventId, "zoe.other@example.org", "Zoë Müller-Other", { issuedAt: clock.now() }),
    ]);
    await r.idle();
    return { r, eventId: event.eventId, host: `/h/${hostToken}`, otherHost: `/h/${other.hostToken}` };
  };

  const get = (r: EmbeddedRuntime, path: string, accept = "text/html") =>
    r.fetch(new Request(`http://rsvp.test${path}`, { headers: { accept } }));
  const text = async (r: EmbeddedRuntime, path: string) => {
    const res = await get(r, path);
    expect(res.status).toBe(200);
    return res.text();
  };
  /** The page's rows: name, email, status, place in line. */
  const rowsIn = (page: string) =>
    [...page.matchAll(/<tr><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td><td>([^<]*)<\/td>/g)].map(
      (m) => ({ name: m[1]!, email: m[2]!, status: m[3]!, place: m[4]! }),
    );
  const hrefOf = (page: string, rel: "next" | "prev") =>
    new RegExp(`<a class="button secondary" href="([^"]+)" rel="${rel}">`)
      .exec(page)?.[1]
      ?.replaceAll("&amp;", "&");
  /** Registration order: createdAt, then guest id. */
  const inOrder = (guests: GuestRecord[]) =>
    guests.sort((a, b) =>
      a.createdAt === b.createdAt ? (a.guestId < b.guestId ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1,
    );

  it("walks more than 500 guests forward and back, nobody missed or shown twice, each with their place in line", async () => {
    const { r, eventId, host } = await start(1_049);
    const whole = inOrder(await r.store.listGuests(eventId));
    const wholeRows = guestListRows(await r.store.listGuests(eventId));
    const placeOf = new Map(wholeRows.map((row) => [row.email, row.waitlistPosition]));

    const first = await text(r, `${host}/guests`);
    expect(first).toContain("Guests 1–500, in the order they registered.");
    // The counts are the whole event's, not the page's.
    expect(first).toContain("On the list: 300 confirmed, 750 waitlisted.");
    expect(hrefOf(first, "prev")).toBeUndefined();
    const second = await text(r, hrefOf(first, "next")!);
    expect(second).toContain("Guests 501–1,000");
    expect(second).toContain("On the list: 300 confirmed, 750 waitlisted.");
    const third = await text(r, hrefOf(second, "next")!);
    expect(third).toContain("Guests 1,001–1,050");
    expect(hrefOf(third, "next")).toBeUndefined();

    const shown = [first, second, third].flatMap(rowsIn);
    expect(shown.map((row) => row.email)).toEqual(whole.map((g) => g.email));
    expect(new Set(shown.map((row) => row.email)).size).toBe(1_050);
    // Each waitlisted guest's place in line, on whichever page they are.
    for (const row of shown) expect(row.place).toBe(String(placeOf.get(row.email) ?? ""));
    expect(shown.filter((row) => row.place !== "")).toHaveLength(750);
    // The host's actions stay on every row.
    expect(second.match(/>Re-send link</g)).toHaveLength(500);
    expect(second.match(/<details class="hand">/g)).toHaveLength(500);

    const back = await text(r, hrefOf(third, "prev")!);
    expect(rowsIn(back)).toEqual(rowsIn(second));
    const start1 = await text(r, hrefOf(back, "prev")!);
    expect(rowsIn(start1)).toEqual(rowsIn(first));
    expect(start1).toContain("Guests 1–500");
  });

  it("answers JSON a page at a time with Link headers, the rows those of the whole list", async () => {
    const { r, eventId, host } = await start(1_000);
    const byEmail = new Map(guestListRows(await r.store.listGuests(eventId)).map((row) => [row.email, row]));
    const wholeRows = inOrder(await r.store.listGuests(eventId)).map((g) => byEmail.get(g.email));
    const { rows, rels, statuses } = await walkGuestListJson(`${host}/guests`, (path) =>
      get(r, path, "application/json"),
    );
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(rels).toEqual(["next", "prev+next", "prev"]);
    expect(rows).toEqual(wholeRows);
  });

  it("refuses a damaged page link and another event's with a 400 that says so", async () => {
    const { r, host, otherHost } = await start(600);
    const damaged = await get(r, `${host}/guests?after=not-a-cursor`);
    expect(damaged.status).toBe(400);
    expect(await damaged.text()).toContain("damaged or out of date");

    const first = await text(r, `${host}/guests`);
    const next = hrefOf(first, "next")!;
    const cursor = new URL(next, "http://rsvp.test").searchParams.get("after")!;
    const cut = await get(r, `${host}/guests?after=${cursor.slice(0, -2)}`);
    expect(cut.status).toBe(400);

    const foreign = encodeGuestListCursor({
      e: "ev-other",
      d: "after",
      c: "2026-11-09T09:00:00.000Z",
      g: "g-someone",
      n: 500,
    });
    const other = await get(r, `${host}/guests?after=${foreign}`);
    expect(other.status).toBe(400);
    expect(await other.text()).toContain("another event");
    // A page link of this event's list, opened under another event's host link, is refused too.
    const elsewhere = await get(r, `${otherHost}/guests?after=${cursor}`);
    expect(elsewhere.status).toBe(400);
    expect(await elsewhere.text()).toContain("another event");
  });

  it("finds guests by name and by email, case aside, and never another event's", async () => {
    const { r, host, otherHost } = await start(120);
    const byName = await text(r, `${host}/guests?q=${encodeURIComponent("MÜLLER")}`);
    expect(rowsIn(byName).map((row) => row.name)).toEqual(["Zoë Müller"]);
    expect(byName).toContain("1 guest whose name or email contains “MÜLLER”.");
    // The counts stay the whole event's (the other event's guest is not among them).
    expect(byName).toContain("On the list: 121 confirmed.");
    expect(byName).toContain(`href="${host}/guests">Show the whole list</a>`);
    expect(byName).toContain('value="MÜLLER"');

    const byEmail = await text(r, `${host}/guests?q=${encodeURIComponent("GUEST11")}`);
    // Registered in the same second: in the order of their ids, so compared as a set.
    expect(
      rowsIn(byEmail)
        .map((row) => row.email)
        .sort(),
    ).toEqual(
      [
        "guest11@example.org",
        "guest110@example.org",
        "guest111@example.org",
        "guest112@example.org",
        "guest113@example.org",
        "guest114@example.org",
        "guest115@example.org",
        "guest116@example.org",
        "guest117@example.org",
        "guest118@example.org",
        "guest119@example.org",
      ].sort(),
    );

    // "zoë" is in both events' lists: each host sees only their own.
    const mine = await text(r, `${host}/guests?q=zo%C3%AB`);
    expect(rowsIn(mine).map((row) => row.email)).toEqual(["zoe@example.org"]);
    const theirs = await text(r, `${otherHost}/guests?q=zo%C3%AB`);
    expect(rowsIn(theirs).map((row) => row.email)).toEqual(["zoe.other@example.org"]);
    const otherEvent = await text(r, `${host}/guests?q=${encodeURIComponent("zoe.other")}`);
    expect(rowsIn(otherEvent)).toEqual([]);

    const none = await text(r, `${host}/guests?q=${encodeURIComponent("<nobody>")}`);
    expect(none).toContain("No guest matches “&lt;nobody&gt;”.");
    expect(none).not.toContain("<table");
    expect(none).toContain(`href="${host}/guests">Show the whole list</a>`);

    // Words with LIKE's wildcards or JSON's escapes in them are only words.
    for (const words of ["%", "_1", 'a"b', "\\"])
      expect(rowsIn(await text(r, `${host}/guests?q=${encodeURIComponent(words)}`))).toEqual([]);
    expect(rowsIn(await text(r, `${host}/guests?q=ZO`)).map((row) => row.name)).toEqual(["Zoë Müller"]);

    // Blank is no search: the whole list.
    const blank = await text(r, `${host}/guests?q=+`);
    expect(rowsIn(blank)).toHaveLength(121);
    expect(blank).toContain("121 guests:");
  });

  it("pages a search's matches the same way, the search kept in the links", async () => {
    const { r, host } = await start(700);
    const first = await text(r, `${host}/guests?q=guest`);
    expect(first).toContain("Guests 1–500 whose name or email contains “guest”");
    const next = hrefOf(first, "next")!;
    expect(next).toContain("q=guest&after=");
    const second = await text(r, next);
    expect(second).toContain("Guests 501–700 whose name or email contains “guest”");
    const names = [...rowsIn(first), ...rowsIn(second)].map((row) => row.name);
    expect(new Set(names).size).toBe(700);
    expect(names.every((n) => n.startsWith("Guest "))).toBe(true);
    const back = await text(r, hrefOf(second, "prev")!);
    expect(rowsIn(back)).toEqual(rowsIn(first));
  });

  it("refuses a search longer than 100 characters with a 400 that says so", async () => {
    const { r, host } = await start(0);
    expect((await get(r, `${host}/guests?q=${"a".repeat(100)}`)).status).toBe(200);
    const long = await get(r, `${host}/guests?q=${"a".repeat(101)}`);
    expect(long.status).toBe(400);
    expect(await long.text()).toContain("at most 100 characters");
  });

  it("reads guests written before the list's index existed, in order, once it is made at the next start", async () => {
    const { r, eventId, host } = await start(30);
    await r.stop();
    // A data dir from before: its guests table has no guests_roster index.
    const old = new DatabaseSync(databasePath(data.dir()));
    old.exec("DROP INDEX guests_roster");
    old.close();
    const again = await data.start({ http: false, logger: pino({ level: "silent" }) });
    const whole = inOrder(await again.store.listGuests(eventId));
    const page = await text(again, `${host}/guests`);
    expect(rowsIn(page).map((row) => row.email)).toEqual(whole.map((g) => g.email));
    expect(page).toContain("31 guests: 31 confirmed.");
    expect(rowsIn(await text(again, `${host}/guests?q=m%C3%BCller`))).toHaveLength(1);
    const reopened = new DatabaseSync(databasePath(data.dir()), { readOnly: true });
    const index = reopened.prepare("SELECT name FROM sqlite_master WHERE name = 'guests_roster'").get();
    reopened.close();
    expect(index).toEqual({ name: "guests_roster" });
  });

  it("still downloads the whole list as one CSV file, streamed", async () => {
    const { r, eventId, host } = await start(1_050);
    const res = await get(r, `${host}/guests.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toContain(`guests-${eventId}.csv`);
    const csv = Buffer.from(await res.arrayBuffer()).toString("utf8");
    let whole = "";
    const list = await r.store.guestListPages(eventId);
    for await (const chunk of guestListCsvChunks(list, { bom: true, questions: [], reconfirm: false }))
      whole += chunk;
    expect(csv).toBe(whole);
    // The heading and every guest, in one file.
    expect(csv.trimEnd().split("\n")).toHaveLength(1 + 1_051);
  });
});
