import { describe, expect, it } from "vitest";
import type { EventRecord } from "../../contracts/event.ts";
import { EventSettings } from "../../contracts/settings.ts";
import { linkChoice, linkPage } from "../../producers/web/link-choice-pages.ts";
import { baseTime, newEvent } from "../helpers/factories.ts";
import { guestOf } from "../helpers/guest-fixtures.ts";

/**
 * A link page opened from an email names the event it is about: its name, when and where (the place where
 * the public may see it; an approval-mode event that keeps its place for approved guests shows none).
 */
function cancelPage(event: EventRecord): string {
  const view = { guest: guestOf(event, "confirmed"), position: null };
  return String(
    linkPage({ event, view, choice: linkChoice("cancel", view, event, baseTime), postPath: "/l/x" }),
  );
}

const located = (settings: Partial<EventSettings> = {}): EventRecord => {
  const event = newEvent({ name: "Winter Party", settings: EventSettings.parse(settings) });
  return {
    ...event,
    details: {
      ...event.details,
      location: { place: "Café Lima", address: "Torstraße 1, Berlin", onlineUrlConfirmedOnly: false },
    },
  };
};

describe("the event above a link page", () => {
  it("names the event, when it starts and where", () => {
    const page = cancelPage(located());
    expect(page).toContain('<p class="event-line-name">Winter Party</p>');
    expect(page).toMatch(/<span class="sr-only">When: <\/span>\w+day, \d+ \w+ \d{4} at \d\d:\d\d/);
    expect(page).toContain('<span class="sr-only">Where: </span>Café Lima, Torstraße 1, Berlin</p>');
  });

  it("keeps the place of an event that shows it only to approved guests", () => {
    const page = cancelPage(located({ approval: true, hideLocationUntilApproved: true }));
    expect(page).toContain('<p class="event-line-name">Winter Party</p>');
    expect(page).not.toContain("Café Lima");
  });
});
