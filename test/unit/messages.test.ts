import { describe, expect, it } from "vitest";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord, GuestStatus } from "../../contracts/guest.ts";
import type { LinkClaims } from "../../contracts/link.ts";
import { verifyLink } from "../../core/link-token.ts";
import type { OutgoingEmail } from "../../core/mail-ports.ts";
import { formatEventTime } from "../../mail/guest-email-parts.ts";
import { dailySummaryEmail, hostMessageEmail } from "../../mail/host-emails.ts";
import { headerText } from "../../mail/mail-text.ts";
import {
  cancelledEmail,
  confirmedEmail,
  inviteEmail,
  offeredEmail,
  offerLapsedEmail,
  reminderEmail,
  resentLinkEmail,
  waitlistedEmail,
} from "../../mail/messages.ts";
import { fakeClock, newEvent } from "../helpers/factories.ts";
import { guestOf } from "../helpers/guest-fixtures.ts";
import { testKeyring, testLinkMinter, tokenOf } from "../helpers/link-minter.ts";

const keyring = testKeyring();
const clock = fakeClock();
const links = testLinkMinter(keyring, clock);

/** Thursday 24 December 2026, 19:00 in Berlin. */
const event: EventRecord = newEvent({
  eventId: "ev-xmas",
  name: "Christmas dinner",
  startsAt: "2026-12-24T18:00:00.000Z",
  timeZone: "Europe/Berlin",
});

/** Ana Guest (ana@example.org, id g-ana) at `status`, a guest of the Christmas dinner. */
const guest = (status: GuestStatus, overrides: Partial<GuestRecord> = {}): GuestRecord =>
  guestOf(event, status, {
    guestId: "g-ana",
    name: "Ana Guest",
    email: "ana@example.org",
    emailKey: "ana@example.org",
    ...overrides,
  });

const change = (g: GuestRecord, patch: Partial<GuestRecord["lastChange"]>): GuestRecord => ({
  ...g,
  lastChange: { ...g.lastChange, ...patch },
});

/** The claims of a link in an email, verified with the test keyring for its action. */
function claimsOf(url: string | undefined, action: LinkClaims["action"]): LinkClaims {
  expect(url).toBeDefined();
  const token = tokenOf(url!);
  const verified = verifyLink(token, keyring, { eventId: event.eventId, action }, clock.now());
  if (!verified.ok) throw new Error(`link did not verify: ${verified.reason}`);
  return verified.claims;
}

const offer = {
  offeredAt: "2026-12-20T10:00:00.000Z",
  deliverAt: "2026-12-20T10:00:00.000Z",
  expiresAt: "2026-12-20T16:00:00.000Z",
};

const input = (g: GuestRecord) => ({ event, guest: g, links, key: `${g.guestId}/${g.version}` });

/** Every kind of email about a guest's own RSVP, for `g`. */
const rsvpEmails = (g: GuestRecord) => [
  confirmedEmail(input(g)),
  waitlistedEmail({ ...input(g), position: 1 }),
  offeredEmail(input({ ...g, offer })),
  offerLapsedEmail(input(g)),
  cancelledEmail(input(g)),
  inviteEmail(input(g)),
  reminderEmail({ ...input(g), kind: "day" }),
];

/** RFC 5545 content lines: unfolded, split on CRLF. */
function icsLines(ics: string): string[] {
  return ics.replace(/\r\n[ \t]/g, "").split("\r\n");
}

const noLineBreaks = (email: OutgoingEmail) => {
  for (const value of [email.to, email.subject, ...Object.entries(email.headers).flat()])
    expect(value).not.toMatch(/[\r\n]/);
};

describe("event times", () => {
  it("read in the event's zone, with the zone named", () => {
    expect(formatEventTime(event.startsAt, event.timeZone)).toBe(
      "Thursday 24 December 2026, 19:00 (Europe/Berlin)",
    );
    expect(formatEventTime("2026-07-01T02:00:00.000Z", "America/St_Johns")).toBe(
      "Tuesday 30 June 2026, 23:30 (America/St_Johns)",
    );
  });
});

describe("the confirmation", () => {
  const email = confirmedEmail(input(guest("confirmed")));

  it("goes to the guest with the event's details in its zone and a manage link until the start", () => {
    expect(email.to).toBe("ana@example.org");
    expect(email.key).toBe("g-ana/2");
    expect(email.subject).toBe("You're in: Christmas dinner");
    // Start–end in the event's zone (issue 12 §4: "when (start–end, the event's zone)").
    expect(email.text).toContain("Thursday, 24 December 2026, 19:00–21:00 (Europe/Berlin)");
    expect(email.html).toContain("Thursday, 24 December 2026, 19:00–21:00 (Europe/Berlin)");
    expect(Object.keys(email.links)).toEqual(["manage"]);
    const claims = claimsOf(email.links.manage, "manage");
    expect(claims).toMatchObject({ guestId: "g-ana", expiresAt: event.startsAt });
    expect(email.text).toContain(email.links.manage);
    expect(email.html).toContain(`href="${email.links.manage}"`);
  });

  it("carries a calendar entry starting at the event's UTC start, with a stable UID per guest", () => {
    expect(email.attachments).toHaveLength(1);
    const [ics] = email.attachments;
    expect(ics!.filename).toMatch(/\.ics$/);
    expect(ics!.contentType).toMatch(/^text\/calendar/);
    const lines = icsLines(ics!.content);
    expect(lines[0]).toBe("BEGIN:VCALENDAR");
    expect(lines).toContain("END:VCALENDAR");
    expect(lines).toContain("BEGIN:VEVENT");
    expect(lines).toContain("DTSTART:20261224T180000Z");
    expect(lines).toContain("SUMMARY:Christmas dinner");
    const uid = lines.find((l) => l.startsWith("UID:"));
    // The UID lives on the mail domain (mail/calendar.ts); without one configured, `defaultCalendarSite`.
    expect(uid).toBe("UID:ev-xmas.g-ana@rsvp.invalid");
    // Rendered again (a re-sent link, a later version): the same calendar entry.
    const again = confirmedEmail(
      input(guest("confirmed", { version: 7, updatedAt: "2026-06-02T00:00:00.000Z" })),
    );
    expect(icsLines(again.attachments[0]!.content).find((l) => l.startsWith("UID:"))).toBe(uid);
  });

  it("after a claim says the offered seat is now theirs", () => {
    const claimed = confirmedEmail(input(change(guest("confirmed"), { action: "claim", from: "offered" })));
    expect(claimed.text).toContain("You claimed the seat");
  });
});

describe("the waitlist email", () => {
  it("names the place in line and a link to leave the waitlist", () => {
    const email = waitlistedEmail({ ...input(guest("waitlisted")), position: 4 });
    expect(email.subject).toContain("number 4");
    expect(email.text).toContain("number 4 in line");
    expect(Object.keys(email.links)).toEqual(["manage"]);
    expect(email.text).toContain("Leave the waitlist");
    expect(claimsOf(email.links.manage, "manage").expiresAt).toBe(event.startsAt);
  });
});

describe("the offer", () => {
  const email = offeredEmail(input(guest("offered", { offer })));

  it("has a claim link that expires when the hold ends and a decline link", () => {
    expect(Object.keys(email.links).sort()).toEqual(["claim", "decline"]);
    expect(claimsOf(email.links.claim, "claim").expiresAt).toBe(offer.expiresAt);
    expect(claimsOf(email.links.decline, "decline").expiresAt).toBe(event.startsAt);
  });

  it("says when the hold ends in event-local time, with the zone", () => {
    const until = "Sunday, 20 December 2026, 17:00 (Europe/Berlin)";
    // The subject puts the news first and the deadline short (issue 12 §4); the body names day and zone.
    expect(email.subject).toBe("Seat offered: Christmas dinner — claim by 17:00");
    expect(email.text).toContain(until);
  });

  it("never outlives the event: a hold ending after the start gives a claim link until the start", () => {
    const late = offeredEmail(
      input(guest("offered", { offer: { ...offer, expiresAt: "2026-12-25T00:00:00.000Z" } })),
    );
    expect(claimsOf(late.links.claim, "claim").expiresAt).toBe(event.startsAt);
  });
});

describe("other guest emails", () => {
  it("a lapsed offer: no links", () => {
    const email = offerLapsedEmail(
      input(change(guest("lapsed", { offer }), { action: "expire-offer", from: "offered" })),
    );
    expect(email.subject).toBe("Your offer for Christmas dinner has lapsed");
    expect(email.links).toEqual({});
  });

  it("a cancellation is acknowledged in the words of what was given up", () => {
    const cases = [
      [{ action: "cancel", from: "confirmed" }, "Cancelled: your seat at Christmas dinner"],
      [{ action: "cancel", from: "waitlisted" }, "You left the waitlist for Christmas dinner"],
      [{ action: "decline", from: "offered" }, "You declined the seat at Christmas dinner"],
      [{ action: "decline", from: "pending" }, "You declined the invitation to Christmas dinner"],
    ] as const;
    for (const [patch, subject] of cases) {
      const email = cancelledEmail(input(change(guest("cancelled"), { ...patch, to: "cancelled" })));
      expect(email.subject).toBe(subject);
      expect(email.links).toEqual({});
    }
  });

  it("an invitation has confirm and decline links", () => {
    const email = inviteEmail(input(change(guest("pending"), { action: "invite" })));
    expect(email.subject).toBe("You're invited: Christmas dinner");
    expect(claimsOf(email.links.confirm, "confirm").guestId).toBe("g-ana");
    expect(claimsOf(email.links.decline, "decline").guestId).toBe("g-ana");
  });

  it("reminders count the days on the event's calendar and carry a cancel link", () => {
    const at = (iso: string) => change(guest("confirmed"), { action: "notify", at: iso });
    const week = reminderEmail({ ...input(at("2026-12-17T18:00:00.000Z")), kind: "week" });
    expect(week.subject).toBe("Reminder: Christmas dinner is in 7 days");
    const day = reminderEmail({ ...input(at("2026-12-23T18:00:00.000Z")), kind: "day" });
    expect(day.subject).toBe("Reminder: Christmas dinner is tomorrow");
    // 23:30 UTC on the 23rd is already the 24th in Berlin.
    const morning = reminderEmail({ ...input(at("2026-12-23T23:30:00.000Z")), kind: "morning" });
    expect(morning.subject).toBe("Reminder: Christmas dinner is today");
    for (const email of [week, day, morning]) {
      expect(email.text).toContain("(Europe/Berlin)");
      expect(claimsOf(email.links.manage, "manage").guestId).toBe("g-ana");
    }
  });

  it("a re-sent link is the current status email again, and nothing for a guest who left", () => {
    const resend = (g: GuestRecord) => resentLinkEmail({ ...input(g), position: 2 });
    expect(resend(guest("confirmed"))?.attachments).toHaveLength(1);
    expect(Object.keys(resend(guest("waitlisted"))?.links ?? {})).toEqual(["manage"]);
    expect(Object.keys(resend(guest("offered", { offer }))?.links ?? {}).sort()).toEqual([
      "claim",
      "decline",
    ]);
    expect(Object.keys(resend(guest("pending"))?.links ?? {}).sort()).toEqual(["confirm", "decline"]);
    expect(resend(guest("cancelled"))).toBeNull();
    expect(resend(guest("lapsed"))).toBeNull();
  });
});

describe("escaping and header safety", () => {
  it("a name like <script> is escaped in HTML", () => {
    const g = guest("confirmed", { name: `<script>alert("x")</script>` });
    const email = confirmedEmail(input(g));
    expect(email.html).not.toContain("<script>");
    expect(email.html).toContain("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;");
    expect(email.text).toContain(`Hello <script>alert("x")</script>,`);
  });

  it("an event name with markup is escaped too", () => {
    const email = confirmedEmail({
      ...input(guest("confirmed")),
      event: { ...event, name: `<img src=x onerror=alert(1)>` },
    });
    expect(email.html).not.toContain("<img");
  });

  it("a host message is the host's text, escaped in HTML, with line breaks kept", () => {
    const email = hostMessageEmail({
      ...input(guest("confirmed")),
      key: "cmd-9/g-ana",
      message: { subject: "Parking", body: "Park at the back.\n<b>Not</b> in front & please be on time." },
    });
    expect(email.subject).toBe("Christmas dinner: Parking");
    expect(email.text).toContain("Park at the back.\n<b>Not</b> in front & please be on time.");
    expect(email.html).toContain(
      "Park at the back.<br>\n&lt;b&gt;Not&lt;/b&gt; in front &amp; please be on time.",
    );
    expect(email.key).toBe("cmd-9/g-ana");
  });

  it("a CR/LF-bearing subject cannot add headers", () => {
    const email = hostMessageEmail({
      ...input(guest("confirmed")),
      event: { ...event, name: "Party\r\nBcc: everyone@example.org" },
      message: { subject: "Hi\r\nBcc: victim@example.org\r\n\r\nbody", body: "text" },
    });
    noLineBreaks(email);
    expect(email.subject).toBe("Party Bcc: everyone@example.org: Hi Bcc: victim@example.org body");
    expect(headerText("a\u2028b\u0000c\td")).toBe("a b c d");
  });

  it("no email of any kind has a line break in a header", () => {
    const g = guest("confirmed", { name: "Eve\r\nBcc: x@example.org" });
    for (const email of rsvpEmails(g)) noLineBreaks(email);
  });
});

describe("unsubscribing from the host's messages", () => {
  const sentAt = "2026-12-20T09:00:00.000Z";
  const messaged: EventRecord = {
    ...event,
    lastChange: {
      commandId: "cmd-9",
      lane: "host",
      at: sentAt,
      action: "message-guests",
      message: { subject: "Parking", body: "Park at the back." },
    },
  };
  const hostMessage = (e: EventRecord = messaged, minter = links) =>
    hostMessageEmail({
      ...input(guest("confirmed")),
      event: e,
      links: minter,
      key: "cmd-9/g-ana",
      message: { subject: "Parking", body: "Park at the back." },
    });

  it("a host message offers it in its footer and as one-click List-Unsubscribe (RFC 8058)", () => {
    const email = hostMessage();
    const url = email.links.unsubscribe!;
    expect(email.headers["List-Unsubscribe"]).toBe(`<${url}>`);
    expect(email.headers["List-Unsubscribe-Post"]).toBe("List-Unsubscribe=One-Click");
    expect(url).toMatch(/^http:\/\/rsvp\.test\/l\/unsubscribe\//);
    expect(claimsOf(url, "unsubscribe")).toMatchObject({ eventId: event.eventId, guestId: "g-ana" });
    // Visible too, for a reader whose mail client shows no button; it says the RSVP stays.
    expect(email.text).toContain(`your RSVP stays as it is):\n${url}`);
    expect(email.html).toContain(`<a href="${url}">Unsubscribe from the host&#39;s messages</a>`);
    noLineBreaks(email);
  });

  it("the link works for 30 days after the later of the start and the message, not only until the start", () => {
    const before = claimsOf(hostMessage().links.unsubscribe, "unsubscribe");
    expect(before.expiresAt).toBe("2027-01-23T18:00:00.000Z");
    const after = hostMessage({
      ...messaged,
      lastChange: { ...messaged.lastChange!, at: "2026-12-26T10:00:00.000Z" },
    }).links.unsubscribe;
    expect(claimsOf(after, "unsubscribe").expiresAt).toBe("2027-01-25T10:00:00.000Z");
  });

  it("emails about the guest's own RSVP carry no List-Unsubscribe and no unsubscribe link", () => {
    const g = guest("confirmed");
    for (const email of rsvpEmails(g)) {
      expect(
        Object.keys(email.headers).filter((h) => h.startsWith("List-")),
        email.subject,
      ).toEqual([]);
      expect(email.links.unsubscribe).toBeUndefined();
      expect(email.text).not.toMatch(/unsubscribe/i);
    }
  });

  it("without a public base URL the link stays in the body but no header names a bare path", () => {
    const email = hostMessage(messaged, testLinkMinter(keyring, clock, ""));
    expect(email.links.unsubscribe).toMatch(/^\/l\/unsubscribe\//);
    expect(email.headers["List-Unsubscribe"]).toBeUndefined();
    expect(email.headers["List-Unsubscribe-Post"]).toBeUndefined();
  });
});

describe("the daily summary", () => {
  it("goes to the host with the counters and the last 24 hours' changes by status", () => {
    const at = "2026-12-20T07:00:00.000Z";
    const recent = "2026-12-19T20:00:00.000Z";
    const old = "2026-12-18T20:00:00.000Z";
    const summaryEvent = { ...event, capacity: 10, confirmed: 6, offered: 1, waitlisted: 2 };
    const guests = [
      guest("confirmed", { guestId: "a", updatedAt: recent }),
      guest("confirmed", { guestId: "b", updatedAt: recent }),
      guest("confirmed", { guestId: "c", updatedAt: old }),
      guest("cancelled", { guestId: "d", updatedAt: recent }),
      guest("waitlisted", { guestId: "e", updatedAt: recent }),
    ];
    const email = dailySummaryEmail({
      event: summaryEvent,
      guests,
      day: "2026-12-20",
      at,
      to: "host@example.org",
      key: "ev-xmas/summary/2026-12-20",
    });
    expect(email.to).toBe("host@example.org");
    expect(email.guestId).toBeNull();
    expect(email.key).toBe("ev-xmas/summary/2026-12-20");
    expect(email.subject).toBe("Christmas dinner: 6 confirmed, 2 waiting (summary for 2026-12-20)");
    expect(email.text).toContain("Confirmed: 6");
    expect(email.text).toContain("Offered (held seats): 1");
    expect(email.text).toContain("Waitlisted: 2");
    expect(email.text).toContain("Open seats: 3");
    expect(email.text).toContain("2 confirmed, 1 waitlisted, 1 cancelled");
  });
});
