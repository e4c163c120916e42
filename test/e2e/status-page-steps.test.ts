import { describe, expect, it } from "vitest";
import type { Accepted } from "../../contracts/http.ts";
import { EventSettings } from "../../contracts/settings.ts";
import { newEvent } from "../helpers/factories.ts";
import { type Lifecycle, onEachRuntime } from "../helpers/lifecycle-harness.ts";

/**
 * The status page a guest reaches right after registering offers the same steps as the manage page the emails'
 * link opens (both from producers/web/manage-links.ts): "Correct your name" too, a signed page of that guest's
 * where the correction works. A guest who left has no name there to correct. English and German, both runtimes.
 */
onEachRuntime((start) => {
  let life: Lifecycle;
  const at = (path: string) => new URL(path, "http://rsvp.test");
  const get = async (path: string) =>
    (await life.fetch(new Request(at(path), { headers: { accept: "text/html" } }))).text();

  /** Registers by the event page's JSON API and returns the status page's path. */
  async function register(name: string, email: string): Promise<string> {
    const res = await life.fetch(
      new Request(at(`/e/${life.eventId}/rsvp`), {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ name, email }),
      }),
    );
    expect(res.status).toBe(202);
    const path = at(((await res.json()) as Accepted).statusUrl).pathname;
    await life.settle();
    return path;
  }

  /** The page's steps to other pages (`l/cancel`, `name/manage`, …), the data page aside (its paths differ). */
  const stepsOf = (page: string) =>
    [...page.matchAll(/href="\/(l|name)\/([a-z-]+)\/[^"/]+"/g)]
      .map((m) => `${m[1]}/${m[2]}`)
      .filter((s) => s !== "l/data")
      .sort();

  const manageOf = async (email: string) =>
    get((await life.mail(email)).find((m) => m.links.manage)!.links.manage!);

  describe("the status page after registering", () => {
    it("offers the manage page's steps, 'Correct your name' among them, and the correction works", async () => {
      life = await start({ capacity: 1, settings: EventSettings.parse({ maxParty: 3 }) });
      const ana = await register("Ana Lmia", "ana@example.org");
      const ben = await register("Ben", "ben@example.org");
      const anaPage = await get(ana);
      expect(anaPage).toContain(">Correct your name<");
      expect(stepsOf(anaPage)).toEqual(["l/cancel", "l/party", "name/manage"]);
      expect(stepsOf(anaPage)).toEqual(stepsOf(await manageOf("ana@example.org")));
      const benPage = await get(ben);
      expect(stepsOf(benPage)).toEqual(["l/cancel", "l/party", "name/manage"]);
      expect(stepsOf(benPage)).toEqual(stepsOf(await manageOf("ben@example.org")));

      // The button opens Ana's own name page, which corrects her name.
      const namePath = /href="(\/name\/manage\/[^"]+)"/.exec(anaPage)![1]!;
      expect(await get(namePath)).toContain('value="Ana Lmia"');
      const saved = await life.fetch(
        new Request(at(namePath), {
          method: "POST",
          headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
          body: "name=Ana+Lima",
        }),
      );
      expect(saved.status).toBe(303);
      await life.settle();
      expect((await life.guest("ana@example.org")).name).toBe("Ana Lima");
      expect(await get(ana)).toContain("You're in, Ana Lima!");
    });

    it("has no name to correct once the guest left", async () => {
      life = await start({ capacity: 2 });
      const ana = await register("Ana", "ana@example.org");
      expect(await get(ana)).toContain(">Correct your name<");
      await life.follow(await life.stepFrom(ana, "cancel"));
      expect(await life.statusOf("ana@example.org")).toBe("cancelled");
      const after = await get(ana);
      expect(after).not.toContain("Correct your name");
      expect(after).not.toContain("/name/manage/");
    });

    it("in German: 'Deinen Namen korrigieren'", async () => {
      life = await start({ capacity: 2, details: { ...newEvent().details, language: "de" } });
      const page = await get(await register("Ana", "ana@example.org"));
      expect(page).toContain(">Deinen Namen korrigieren<");
      expect(stepsOf(page)).toContain("name/manage");
    });
  });
});
