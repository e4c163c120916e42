import { afterAll, beforeAll, describe, expect, inject, it } from "vitest";
import { encodeGuestListCursor } from "../../contracts/guest-list-cursor.ts";
import { EventSettings } from "../../contracts/settings.ts";
import { guestListCsvChunks, guestListRows } from "../../producers/host/guest-list.ts";
import { dynamoLocalClient } from "../helpers/dynamo-local.ts";
import { walkGuestListJson } from "../helpers/guest-list-walk.ts";
import { sampleQuestions } from "../helpers/questions.ts";
import { type SeededLists, seedLists } from "../helpers/roster-seed.ts";
import { type TestWebApp, webAppOver } from "../helpers/web-app.ts";

/**
 * The host's guest list and CSV download on the AWS runtime's store (DynamoDB Local), where one answer holds at
 * most 6 MB: 1,050 guests shown 500 a page with working page links, bad links refused with a 400, and the
 * download, whole or in parts, holding exactly the rows the embedded runtime's download holds for the same
 * guests (decided by the keeper on SQLite, then written to DynamoDB as the store writes them).
 */
const endpoint = inject("dynamoEndpoint");
describe.skipIf(endpoint === null)("the guest list in pages on the AWS store", () => {
  const client = dynamoLocalClient(endpoint ?? "http://unused");
  let seeded: SeededLists;
  let app: TestWebApp;
  let embeddedCsv: string;
  const settings = EventSettings.parse({ questions: sampleQuestions });
  beforeAll(async () => {
    seeded = await seedLists(client, {
      guests: 1_050,
      capacity: 300,
      settings,
      answers: (i) => ({
        diet: ["None", "Vegetarian", "Vegan"][i % 3],
        photos: i % 2 === 0,
        ...(i % 5 === 0 ? { allergies: i % 10 === 0 ? "=cmd|' /C calc'!A0" : 'nuts, "pollen"' } : {}),
      }),
    });
    app = webAppOver({ store: seeded.dynamo, queue: { send: async () => {} } });
    const list = await seeded.sqlite.guestListPages(seeded.event.eventId);
    const options = { bom: true, questions: seeded.event.settings.questions, reconfirm: false };
    let csv = "";
    for await (const chunk of guestListCsvChunks(list, options)) csv += chunk;
    embeddedCsv = csv;
  }, 180_000);
  afterAll(() => client.destroy());

  const host = () => `/h/${seeded.hostToken}`;
  // The bytes as sent: Response.text() would drop the byte order mark.
  const bytesOf = async (res: Response) => Buffer.from(await res.arrayBuffer()).toString("utf8");
  const get = (path: string) => Promise.resolve(app.request(path, { headers: { accept: "text/html" } }));
  const namesIn = (page: string) => [...page.matchAll(/<tr><td>(Guest \d+)<\/td>/g)].map((m) => m[1]);
  const hrefOf = (page: string, rel: "next" | "prev") =>
    new RegExp(`<a class="button secondary" href="([^"]+)" rel="${rel}">`)
      .exec(page)?.[1]
      ?.replaceAll("&amp;", "&");

  it("shows 500 guests a page in registration order, and the page links walk the list forward and back", async () => {
    const whole = (await seeded.sqlite.listGuests(seeded.event.eventId)).map((g) => g.name);
    const first = await (await get(`${host()}/guests`)).text();
    expect(first).toContain("Guests 1–500, in the order they registered.");
    expect(first).toContain("On the list: ");
    expect(hrefOf(first, "prev")).toBeUndefined();
    expect(first).toContain("Next 500 →");
    const secondPath = hrefOf(first, "next")!;
    const second = await (await get(secondPath)).text();
    expect(second).toContain("Guests 501–1,000");
    const third = await (await get(hrefOf(second, "next")!)).text();
    expect(third).toContain("Guests 1,001–1,050");
    expect(hrefOf(third, "next")).toBeUndefined();

    const shown = [...namesIn(first), ...namesIn(second), ...namesIn(third)];
    expect(shown).toEqual(whole);
    // Back from the last page: the middle page again, and from it the first.
    const back = await (await get(hrefOf(third, "prev")!)).text();
    expect(namesIn(back)).toEqual(namesIn(second));
    const start = await (await get(hrefOf(back, "prev")!)).text();
    expect(namesIn(start)).toEqual(namesIn(first));
    expect(start).toContain("Guests 1–500");
  });

  it("answers JSON a page of rows at a time, the pages beside it in a Link header, rows as the whole list's", async () => {
    const json = (path: string) =>
      Promise.resolve(app.request(path, { headers: { accept: "application/json" } }));
    const wholeRows = guestListRows(await seeded.sqlite.listGuests(seeded.event.eventId));
    const { rows, rels, statuses } = await walkGuestListJson(`${host()}/guests`, json);
    expect(statuses.every((status) => status === 200)).toBe(true);
    expect(rels).toEqual(["next", "prev+next", "prev"]);
    expect(rows).toEqual(wholeRows);
  });

  it("refuses a damaged page link, one of another event's list, and one turned around, each with a 400 that says so", async () => {
    const damaged = await get(`${host()}/guests?after=not-a-cursor`);
    expect(damaged.status).toBe(400);
    expect(await damaged.text()).toContain("damaged or out of date");

    const cursor = { d: "after" as const, c: seeded.event.createdAt, g: "g-someone", n: 500 };
    const foreign = await get(
      `${host()}/guests?after=${encodeGuestListCursor({ ...cursor, e: "ev-other" })}`,
    );
    expect(foreign.status).toBe(400);
    expect(await foreign.text()).toContain("another event");

    const own = encodeGuestListCursor({ ...cursor, e: seeded.event.eventId });
    expect((await get(`${host()}/guests?before=${own}`)).status).toBe(400);
    expect((await get(`${host()}/guests.csv?part=2&after=${own}x`)).status).toBe(400);
    expect((await get(`${host()}/guests.csv?per=3`)).status).toBe(400);
  });

  it("downloads the whole list as one CSV, the embedded runtime's file for the same guests", async () => {
    const res = await get(`${host()}/guests.csv`);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toContain(`guests-${seeded.event.eventId}.csv`);
    const csv = await bytesOf(res);
    expect(csv).toBe(embeddedCsv);
    expect(csv).toContain("'=cmd|");
  });

  it("offers a long list in parts whose rows, joined, are the embedded file's", async () => {
    const res = await get(`${host()}/guests.csv?per=500`);
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page).toContain("The list has 1,050 guests, too many for one file here: download it in 3 parts.");
    const links = [...page.matchAll(/<a class="button secondary" href="([^"]+)" download>([^<]+)<\/a>/g)];
    expect(links.map((m) => m[2])).toEqual([
      "Part 1: guests 1–500",
      "Part 2: guests 501–1,000",
      "Part 3: guests 1,001–1,050",
    ]);
    const parts: string[] = [];
    for (const [, href] of links) {
      const part = await get(href!.replaceAll("&amp;", "&"));
      expect(part.status).toBe(200);
      expect(part.headers.get("content-disposition")).toContain(`-part-${parts.length + 1}.csv`);
      parts.push(await bytesOf(part));
    }
    const [heading] = embeddedCsv.split("\n");
    expect(heading?.startsWith("\ufeffname,email")).toBe(true);
    // Each part opens with the headings (a spreadsheet reads each alone); the rows follow, in order.
    for (const part of parts) expect(part.split("\n")[0]).toBe(heading);
    const rows = parts.map((part) => part.slice(part.indexOf("\n") + 1)).join("");
    expect(`${heading}\n${rows}`).toBe(embeddedCsv);
  });
});
