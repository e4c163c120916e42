import { describe, expect, it } from "vitest";
import { headcountOf } from "../../contracts/event.ts";
import { headcountTagOf } from "../../producers/web/headcount-cache.ts";
import { hostPage } from "../../producers/web/host-pages.ts";
import { newEvent } from "../helpers/factories.ts";

/**
 * The host page's details section says one thing: a link to the editor where the instance has the admin area,
 * else who can change the details. Never both (the note under the link read as if the link did not work).
 */
function page(language: "en" | "de", adminArea: boolean | undefined): string {
  const event = newEvent();
  return String(
    hostPage({
      eventName: event.name,
      language,
      base: "/h/tok",
      headcount: headcountOf(event),
      etag: headcountTagOf(event),
      headcountPath: "/h/tok/headcount",
      registerUrl: `http://localhost/e/${event.eventId}`,
      formId: "f1",
      auditAvailable: false,
      ...(adminArea === undefined ? {} : { adminArea }),
    }),
  );
}

describe("the host page's details section", () => {
  it("with the admin area: the edit link only, no note that someone else edits", () => {
    for (const html of [page("en", true), page("en", undefined)]) {
      expect(html).toMatch(/<a href="\/admin\/events\/[^"]+">Edit details and settings<\/a>/);
      expect(html).not.toContain("instance&#39;s owner");
      expect(html).not.toContain("instance's owner");
    }
    expect(page("de", true)).toContain("Details und Einstellungen bearbeiten</a>");
    expect(page("de", true)).not.toContain("Betreiberin der Instanz");
  });

  it("without the admin area: who can change the details, and no link that would lead nowhere", () => {
    const en = page("en", false);
    expect(en).not.toContain("/admin/events/");
    expect(en).toContain("change the details, with the rsvp command line (rsvp event edit).");
    const de = page("de", false);
    expect(de).not.toContain("/admin/events/");
    expect(de).toContain("Nur die Betreiberin der Instanz kann die Details ändern");
  });
});
