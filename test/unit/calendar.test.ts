import ICAL from "ical.js";
import { describe, expect, it } from "vitest";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import { calendarEntry, fold, productId, text } from "../../mail/calendar.ts";
import { cancelledEmail, confirmedEmail } from "../../mail/messages.ts";
import packageJson from "../../package.json" with { type: "json" };
import { eventIdOfCalendarUid } from "../../producers/email/calendar-reply.ts";
import { baseTime, fakeClock, newEvent } from "../helpers/factories.ts";
import { guestOf } from "../helpers/guest-fixtures.ts";
import { testKeyring, testLinkMinter } from "../helpers/link-minter.ts";

const links = testLinkMinter(testKeyring(), fakeClock(), "https://rsvp.example.org");
const site = { domain: "mail.example.org", sender: "rsvp@mail.example.org" };

const event: EventRecord = newEvent({
  eventId: "ev-xmas",
  name: "Christmas dinner; with friends, family \\ neighbours",
  startsAt: "2026-12-24T18:00:00.000Z",
  endsAt: "2026-12-24T22:30:00.000Z",
  timeZone: "Europe/Berlin",
  calendarSequence: 2,
  details: {
    description: "",
    location: {
      place: "Café Lima",
      address: "Hauptstraße 1\n10115 Berlin",
      onlineUrl: "https://meet.example.org/xmas",
      onlineUrlConfirmedOnly: false,
    },
    hostName: 'Ana Lima, "the host"',
    hostReplyTo: "ana@example.org",
    language: "en",
  },
});

/** Bo Guest, confirmed for the Christmas dinner. */
const guest = (overrides: Partial<GuestRecord> = {}): GuestRecord => guestOf(event, "confirmed", overrides);

/** The file parsed by ical.js: its calendar and its one event. */
function parse(ics: string) {
  const calendar = new ICAL.Component(ICAL.parse(ics));
  const vevent = calendar.getFirstSubcomponent("vevent");
  if (!vevent) throw new Error("no VEVENT");
  return { calendar, vevent, entry: new ICAL.Event(vevent) };
}

/** Every physical line: at most 75 octets, CRLF-terminated, no control character but the line end. */
function expectWellFormedLines(ics: string) {
  expect(ics.endsWith("\r\n")).toBe(true);
  for (const line of ics.slice(0, -2).split("\r\n")) {
    expect(Buffer.byteLength(line, "utf8")).toBeLessThanOrEqual(75);
    // biome-ignore lint/suspicious/noControlCharactersInRegex: asserting there are none
    expect(line).not.toMatch(/[\u0000-\u001f\u007f\u2028\u2029]/);
  }
}

describe("the calendar entry of a confirmed guest", () => {
  const email = confirmedEmail({ event, guest: guest(), links, key: "k", calendar: site });
  const attachment = email.attachments[0]!;
  const { calendar, vevent, entry } = parse(attachment.content);

  it("is an iTIP REQUEST (so calendars update and remove it later) with a product and version", () => {
    expect(attachment.contentType).toBe("text/calendar; charset=utf-8; method=REQUEST");
    expect(calendar.getFirstPropertyValue("method")).toBe("REQUEST");
    expect(calendar.getFirstPropertyValue("version")).toBe("2.0");
    expect(calendar.getFirstPropertyValue("prodid")).toBe(`-//rsvp//rsvp ${packageJson.version}//EN`);
    expect(productId).toContain(packageJson.version);
  });

  it("names the event, its time, place, page and organizer, on the mail domain's UID", () => {
    expect(entry.uid).toBe("ev-xmas.g-bo@mail.example.org");
    expect(eventIdOfCalendarUid(entry.uid)).toBe("ev-xmas");
    expect(entry.sequence).toBe(2);
    expect(entry.summary).toBe(event.name);
    expect(entry.startDate.toJSDate().toISOString()).toBe(event.startsAt);
    expect(entry.endDate.toJSDate().toISOString()).toBe(event.endsAt);
    expect(entry.location).toBe("Café Lima, Hauptstraße 1, 10115 Berlin");
    expect(vevent.getFirstPropertyValue("url")).toBe("https://rsvp.example.org/e/ev-xmas");
    expect(vevent.getFirstPropertyValue("dtstamp")?.toString()).toBe("2026-06-01T12:00:00Z");
    expect(vevent.getFirstPropertyValue("status")).toBe("CONFIRMED");
    const organizer = vevent.getFirstProperty("organizer")!;
    expect(organizer.getFirstValue()).toBe("mailto:ana@example.org");
    expect(organizer.getParameter("cn")).toBe("Ana Lima,  the host");
    const attendee = vevent.getFirstProperty("attendee")!;
    expect(attendee.getFirstValue()).toBe("mailto:bo@example.org");
    expect(attendee.getParameter("partstat")).toBe("ACCEPTED");
    expect(attendee.getParameter("rsvp")).toBe("FALSE");
  });

  it("describes the seat with the manage link and the online link", () => {
    expect(entry.description).toContain("Your seat at Christmas dinner");
    expect(entry.description).toContain(`Manage your RSVP: ${email.links.manage}`);
    expect(entry.description).toContain("Join online: https://meet.example.org/xmas");
  });

  it("folds long lines at 75 octets and keeps every line free of control characters", () => {
    expectWellFormedLines(attachment.content);
  });

  it("is the same file when rendered again from the same change", () => {
    const again = confirmedEmail({ event, guest: guest(), links, key: "k", calendar: site });
    // The manage link is signed at render time; everything else is identical.
    const strip = (ics: string) => ics.replace(/\r\n /g, "").replace(/Manage your RSVP: \S+/, "");
    expect(strip(again.attachments[0]!.content)).toBe(strip(attachment.content));
  });

  it("falls back to the sender as organizer and speaks the event's language", () => {
    const bare: EventRecord = {
      ...event,
      details: { ...event.details, hostName: undefined, hostReplyTo: undefined, language: "de" },
    };
    const ics = confirmedEmail({ event: bare, guest: guest(), links, key: "k", calendar: site })
      .attachments[0]!;
    const parsed = parse(ics.content);
    expect(parsed.vevent.getFirstPropertyValue("organizer")).toBe("mailto:rsvp@mail.example.org");
    expect(parsed.entry.description).toContain("Dein Platz bei");
  });
});

describe("the calendar cancellation", () => {
  const cancelled = guest({
    status: "cancelled",
    version: 3,
    updatedAt: "2026-06-03T09:00:00.000Z",
    lastChange: { ...guest().lastChange, action: "cancel", from: "confirmed", to: "cancelled" },
  });

  it("removes the confirmed guest's entry: METHOD:CANCEL, the same UID, a higher SEQUENCE", () => {
    const email = cancelledEmail({ event, guest: cancelled, links, key: "k", calendar: site });
    expect(email.attachments).toHaveLength(1);
    const attachment = email.attachments[0]!;
    expect(attachment.contentType).toBe("text/calendar; charset=utf-8; method=CANCEL");
    const { calendar, vevent, entry } = parse(attachment.content);
    expect(calendar.getFirstPropertyValue("method")).toBe("CANCEL");
    expect(entry.uid).toBe("ev-xmas.g-bo@mail.example.org");
    expect(entry.sequence).toBe(3);
    expect(vevent.getFirstPropertyValue("status")).toBe("CANCELLED");
    expectWellFormedLines(attachment.content);
  });

  it("is not sent to a guest who never held a seat (no entry to remove)", () => {
    const left = { ...cancelled, lastChange: { ...cancelled.lastChange, from: "waitlisted" as const } };
    expect(cancelledEmail({ event, guest: left, links, key: "k", calendar: site }).attachments).toEqual([]);
  });

  it("a guest who comes back gets an entry with a UID of their new round", () => {
    const back = confirmedEmail({ event, guest: guest({ round: 2 }), links, key: "k", calendar: site });
    expect(parse(back.attachments[0]!.content).entry.uid).toBe("ev-xmas.g-bo-r2@mail.example.org");
  });
});

describe("iCalendar text encoding", () => {
  it("escapes TEXT specials and turns every kind of line break into \\n", () => {
    expect(text("a;b,c\\d")).toBe("a\\;b\\,c\\\\d");
    expect(text("one\r\ntwo\nthree\u2028four\u2029five")).toBe("one\\ntwo\\nthree\\nfour\\nfive");
    expect(text("bell\u0007tab\tdel\u007f")).toBe("bell tab del ");
  });

  it("folds at 75 octets without splitting a multi-byte character", () => {
    const line = `SUMMARY:${"ü".repeat(60)}🎉${"é".repeat(40)}`;
    const folded = fold(line);
    for (const part of folded.split("\r\n")) expect(Buffer.byteLength(part, "utf8")).toBeLessThanOrEqual(75);
    expect(folded.replace(/\r\n /g, "")).toBe(line);
  });

  it("a hostile name and description parse back exactly as typed", () => {
    const hostile: EventRecord = {
      ...event,
      name: "Party\r\nATTENDEE:mailto:evil@example.org\u2028; ok, fine",
    };
    const ics = calendarEntry({
      event: hostile,
      guest: guest({ name: 'Eve "quote"\r\nX-INJECT:1' }),
      method: "REQUEST",
      site,
      eventUrl: null,
      manageUrl: null,
      stamp: baseTime.toISOString(),
    });
    expectWellFormedLines(ics);
    const { vevent, entry } = parse(ics);
    expect(entry.summary).toBe("Party\nATTENDEE:mailto:evil@example.org\n; ok, fine");
    expect(vevent.getAllProperties("attendee")).toHaveLength(1);
    expect(vevent.getFirstPropertyValue("x-inject")).toBeNull();
  });
});
