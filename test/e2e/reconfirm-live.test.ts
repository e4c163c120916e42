import { describe, expect, it } from "vitest";
import { Headcount } from "../../contracts/event.ts";
import { mintHostToken } from "../../core/host-token.ts";
import { commandOf } from "../helpers/factories.ts";
import { type Lifecycle, onEachRuntime } from "../helpers/lifecycle-harness.ts";
import { pastTheAsk, startTallyEvent } from "../helpers/reconfirm-tally-event.ts";

/**
 * The "8 of 12 reconfirmed" tile from the count on the event row (core/reconfirm-tally.ts), on both runtimes:
 * it counts only the guests who were asked, and the live headcount JSON carries it, so a poller holding the
 * ETag is told of a yes like of any other change.
 */
const headcount = async (res: Response) => Headcount.parse(await res.json());

onEachRuntime((start) => {
  let life: Lifecycle;
  const hostToken = mintHostToken();
  const get = (path: string, headers: Record<string, string> = {}) =>
    life.fetch(new Request(`http://rsvp.test/h/${hostToken}${path}`, { headers }));
  const tile = async () =>
    /<th scope="row">Reconfirmed<\/th><td data-field="reconfirmed">([^<]*)<\/td>/.exec(
      await (await get("", { accept: "text/html" })).text(),
    )?.[1];

  describe("the reconfirmed count kept on the event row", () => {
    it("counts the asked guests only, and the headcount poll tells of each yes", async () => {
      life = await startTallyEvent(start, hostToken, {
        reconfirm: true,
        guests: ["ana@example.org", "ben@example.org"],
      });
      // Before the ask: no tile, and the headcount says so; the tile's words ride along for the live update.
      expect(await tile()).toBeUndefined();
      const page = await (await get("", { accept: "text/html" })).text();
      expect(page).toContain('data-reconfirmed-label="Reconfirmed"');
      expect(page).toContain('data-reconfirmed-words="{{count}} of {{total}} asked"');
      expect((await headcount(await get("/headcount"))).reconfirmed).toBeNull();

      await pastTheAsk(life);
      expect(await tile()).toBe("0 of 2 asked");
      // Cy registers after the ask went out: confirmed, never asked, not counted.
      await life.registerAll(["cy@example.org"]);
      expect(await life.statusOf("cy@example.org")).toBe("confirmed");
      expect(await tile()).toBe("0 of 2 asked");

      const polled = await get("/headcount");
      const etag = polled.headers.get("etag")!;
      expect(await polled.json()).toMatchObject({ confirmed: 3, reconfirmed: { count: 0, total: 2 } });
      expect((await get("/headcount", { "if-none-match": etag })).status).toBe(304);

      const ben = await life.guest("ben@example.org");
      await life.send(commandOf(life.eventId, { type: "reconfirm", guestId: ben.guestId }, { lane: "link" }));
      const told = await get("/headcount", { "if-none-match": etag });
      expect(told.status).toBe(200);
      expect((await headcount(told)).reconfirmed).toEqual({ count: 1, total: 2 });
      expect(await tile()).toBe("1 of 2 asked");
    });

    it("an event without reconfirm carries no count and no tile words", async () => {
      life = await startTallyEvent(start, hostToken, { reconfirm: false, guests: ["ana@example.org"] });
      await pastTheAsk(life);
      expect((await headcount(await get("/headcount"))).reconfirmed).toBeNull();
      expect(await (await get("", { accept: "text/html" })).text()).not.toContain("Reconfirmed");
    });
  });
});
