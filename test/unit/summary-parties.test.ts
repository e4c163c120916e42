import { describe, expect, it } from "vitest";
import { dailySummaryEmail } from "../../mail/host-emails.ts";
import { newEvent } from "../helpers/factories.ts";

/** Issue 14: the host's daily summary names parties beside seats where guests come as parties. */
const summaryOf = (overrides: Parameters<typeof newEvent>[0]) =>
  dailySummaryEmail({
    event: newEvent({
      eventId: "ev-xmas",
      name: "Christmas dinner",
      startsAt: "2026-12-24T18:00:00.000Z",
      timeZone: "Europe/Berlin",
      capacity: 20,
      confirmed: 12,
      offered: 0,
      waitlisted: 3,
      ...overrides,
    }),
    guests: [],
    day: "2026-12-20",
    at: "2026-12-20T07:00:00.000Z",
    to: "host@example.org",
    key: "ev-xmas/summary/2026-12-20",
  });

describe("the daily summary's counts", () => {
  it("says seats and parties where guests come as parties, in the event's language", () => {
    const parties = { confirmed: 9, offered: 0, waitlisted: 1 };
    const settings = { ...newEvent().settings, maxParty: 4 };
    const english = summaryOf({ settings, parties });
    expect(english.text).toContain("Confirmed: 12 seats · 9 parties");
    expect(english.text).toContain("Waitlisted: 3 seats · 1 party");
    expect(english.text).toContain("Capacity: 20 seats");
    expect(english.html).toContain("12 seats · 9 parties");

    const german = summaryOf({ settings, parties, details: { ...newEvent().details, language: "de" } });
    expect(german.text).toContain("12 Plätze · 9 Anmeldungen");
  });

  it("keeps plain numbers when every guest holds one seat", () => {
    const email = summaryOf({ parties: { confirmed: 12, offered: 0, waitlisted: 3 } });
    expect(email.text).toContain("Confirmed: 12");
    expect(email.text).not.toContain("parties");
  });
});
