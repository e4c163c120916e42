import { describe, expect, it } from "vitest";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord, GuestStatus } from "../../contracts/guest.ts";
import { removedEmail } from "../../mail/removed-email.ts";
import { fakeClock, newEvent } from "../helpers/factories.ts";
import { guestOf } from "../helpers/guest-fixtures.ts";
import { testKeyring, testLinkMinter } from "../helpers/link-minter.ts";

// The email to a guest the host removed and chose to tell (issue 14 §3), in English and German.
const links = testLinkMinter(testKeyring(), fakeClock());

const eventIn = (language: "en" | "de", hostName?: string): EventRecord => {
  const base = newEvent({
    eventId: "ev-xmas",
    name: "Christmas dinner",
    startsAt: "2026-12-24T18:00:00.000Z",
  });
  return { ...base, details: { ...base.details, language, ...(hostName ? { hostName } : {}) } };
};

const removedFrom = (event: EventRecord, from: GuestStatus): GuestRecord => {
  const g = guestOf(event, "cancelled", { guestId: "g-ana", name: "Ana Guest", email: "ana@example.org" });
  return { ...g, lastChange: { ...g.lastChange, action: "remove", from, to: "cancelled" } };
};

const emailOf = (event: EventRecord, from: GuestStatus) =>
  removedEmail({ event, guest: removedFrom(event, from), links, key: "g-ana/2" });

describe("the email to a guest the host removed", () => {
  it("says what the host took back, whom to ask, and cancels the calendar entry of a seat", () => {
    const seat = emailOf(eventIn("en", "Maria"), "confirmed");
    expect(seat.subject).toBe("Your seat at Christmas dinner was cancelled by the host");
    expect(seat.text).toContain("The host has cancelled your RSVP: your seat is no longer held for you.");
    expect(seat.text).toContain("please get in touch with Maria.");
    expect(seat.attachments?.length ?? 0).toBe(1);
    expect(seat.html).toContain("Christmas dinner");

    const line = emailOf(eventIn("en"), "waitlisted");
    expect(line.subject).toBe("The host took you off the waitlist for Christmas dinner");
    expect(line.text).toContain("please get in touch with the host.");
    expect(line.attachments?.length ?? 0).toBe(0);
  });

  it("speaks German for a German event", () => {
    const email = emailOf(eventIn("de"), "offered");
    expect(email.subject).toBe(
      "Der Gastgeber hat den dir angebotenen Platz bei Christmas dinner zurückgezogen",
    );
    expect(email.text).toContain("Falls das ein Irrtum ist, melde dich bitte beim Gastgeber.");
  });
});
