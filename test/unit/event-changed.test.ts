import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord, GuestStatus } from "../../contracts/guest.ts";
import { eventChangedEmail } from "../../mail/event-changed.ts";
import { fakeClock, newEvent } from "../helpers/factories.ts";
import { guestOf } from "../helpers/guest-fixtures.ts";
import { testKeyring, testLinkMinter } from "../helpers/link-minter.ts";

const links = testLinkMinter(testKeyring(), fakeClock(), "https://rsvp.example.org");
const before: EventRecord = newEvent({
  eventId: "ev-xmas",
  name: "Ana's Winter Party",
  startsAt: "2026-12-24T18:00:00.000Z",
  endsAt: "2026-12-24T22:00:00.000Z",
  details: {
    description: "",
    location: { place: "Café Lima", onlineUrlConfirmedOnly: false },
    hostName: "Ana Lima",
    language: "en",
  },
});
const moved = (over: Partial<EventRecord> = {}): EventRecord => ({
  ...before,
  startsAt: "2026-12-26T18:00:00.000Z",
  endsAt: "2026-12-26T22:00:00.000Z",
  calendarSequence: 1,
  ...over,
});

/** Bo Guest at `status` before the move (second in line when waitlisted). */
const guest = (status: GuestStatus): GuestRecord =>
  guestOf(
    before,
    status,
    { waitlistSeq: status === "waitlisted" ? 2 : null },
    { change: { commandId: "c" } },
  );

const render = (status: GuestStatus, event = moved()) =>
  eventChangedEmail({
    event,
    before,
    guest: guest(status),
    links,
    key: "k",
    calendar: { domain: "rsvp.example.org" },
  });

describe("the email about a moved event", () => {
  it("puts the news first in a short subject and shows the new and the old time", () => {
    const email = render("confirmed");
    expect(email.subject).toBe("New time: Ana's Winter Party is now Sat 26 Dec, 19:00");
    expect(email.subject.length).toBeLessThanOrEqual(60);
    expect(email.text).toContain("When: Sat, 26 Dec 2026, 19:00 – 23:00 CET");
    expect(email.text).toContain("Was: Thu, 24 Dec 2026, 19:00 – 23:00 CET");
    expect(email.headers["X-Rsvp-Kind"]).toBe("event-changed");
    expect(Object.keys(email.links)).toEqual(["cancel"]);
  });

  it("gives a confirmed guest the updated entry; a waitlisted guest the news and their way out, no entry", () => {
    const entry = new ICAL.Event(
      new ICAL.Component(ICAL.parse(render("confirmed").attachments[0]!.content)).getFirstSubcomponent(
        "vevent",
      )!,
    );
    expect(entry.sequence).toBe(1);
    expect(entry.startDate.toJSDate().toISOString()).toBe("2026-12-26T18:00:00.000Z");
    const waitlisted = render("waitlisted");
    expect(waitlisted.attachments).toEqual([]);
    expect(waitlisted.text).toContain("You are still on the waitlist");
    expect(waitlisted.links.cancel).toBeDefined();
  });

  it("speaks the event's language and names a new place", () => {
    const email = render(
      "confirmed",
      moved({
        startsAt: before.startsAt,
        endsAt: before.endsAt,
        details: {
          ...before.details,
          language: "de",
          location: { place: "Park", onlineUrlConfirmedOnly: false },
        },
      }),
    );
    expect(email.subject).toBe("Neuer Ort: Ana's Winter Party");
    expect(email.text).toContain("Wo: Park");
    expect(email.text).toContain("Vorher: Café Lima");
    expect(email.text).toContain("Wann: Do., 24. Dez. 2026");
    expect(email.text).not.toContain("Vorher: Do."); // the time did not change: no old time shown
  });
});
