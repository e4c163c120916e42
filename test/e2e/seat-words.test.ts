import { afterEach, describe, expect, it } from "vitest";
import { EventSettings } from "../../contracts/settings.ts";
import { newEvent, register } from "../helpers/factories.ts";
import { type Lifecycle, lifecycleRuntimes } from "../helpers/lifecycle-harness.ts";

/**
 * How a guest's own seats read at an event that lets guests bring others: a guest alone has "1 seat, just for
 * you" (not "1 seat, you included"), a party keeps "3 seats, you included", on the manage page and the party
 * page alike, waiting or confirmed, in English and German. The words do not depend on the store: embedded only.
 */
describe("the seats a guest holds or asks for", () => {
  let life: Lifecycle | undefined;
  afterEach(async () => {
    await life?.stop();
    life = undefined;
  });

  const get = async (link: string) =>
    (
      await life!.fetch(new Request(new URL(link, "http://rsvp.test"), { headers: { accept: "text/html" } }))
    ).text();

  async function pagesOf(email: string): Promise<{ manage: string; party: string }> {
    const link = (await life!.mail(email)).find((m) => m.links.manage)!.links.manage!;
    return { manage: await get(link), party: await get(await life!.stepFrom(link, "party")) };
  }

  async function start(language: "en" | "de") {
    const embedded = lifecycleRuntimes.find((r) => r.name === "embedded")!;
    life = await embedded.start({
      capacity: 4,
      settings: EventSettings.parse({ maxParty: 3 }),
      details: { ...newEvent().details, language },
    });
    await life.send(register(life.eventId, "ana@example.org", "Ana", { party: 1 }));
    await life.send(register(life.eventId, "bo@example.org", "Bo", { party: 3 }));
    await life.send(register(life.eventId, "cy@example.org", "Cy", { party: 1 }));
    await life.send(register(life.eventId, "di@example.org", "Di", { party: 3 }));
    expect(await life.statusOf("cy@example.org")).toBe("waitlisted");
    expect(await life.statusOf("di@example.org")).toBe("waitlisted");
  }

  it("in English: 'just for you' alone, 'you included' for a party", async () => {
    await start("en");
    for (const page of Object.values(await pagesOf("ana@example.org")))
      expect(page).toContain("You have 1 seat, just for you.");
    for (const page of Object.values(await pagesOf("bo@example.org")))
      expect(page).toContain("You have 3 seats, you included.");
    for (const page of Object.values(await pagesOf("cy@example.org"))) {
      expect(page).toContain("You are asking for 1 seat, just for you.");
      expect(page).not.toContain("1 seat, you included");
    }
    for (const page of Object.values(await pagesOf("di@example.org")))
      expect(page).toContain("You are asking for 3 seats, you included.");
  });

  it("in German: 'nur für dich' allein, 'dich eingeschlossen' für eine Gruppe", async () => {
    await start("de");
    for (const page of Object.values(await pagesOf("ana@example.org")))
      expect(page).toContain("Du hast 1 Platz, nur für dich.");
    for (const page of Object.values(await pagesOf("bo@example.org")))
      expect(page).toContain("Du hast 3 Plätze, dich eingeschlossen.");
    for (const page of Object.values(await pagesOf("cy@example.org"))) {
      expect(page).toContain("Du fragst 1 Platz an, nur für dich.");
      expect(page).not.toContain("1 Platz an, dich eingeschlossen");
    }
    for (const page of Object.values(await pagesOf("di@example.org")))
      expect(page).toContain("Du fragst 3 Plätze an, dich eingeschlossen.");
  });
});
