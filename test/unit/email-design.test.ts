import { describe, expect, it } from "vitest";
import type { EventDetails, EventRecord } from "../../contracts/event.ts";
import type { GuestRecord, GuestStatus } from "../../contracts/guest.ts";
import { fromHeader, parseSender } from "../../core/mail-identity.ts";
import type { OutgoingEmail } from "../../core/mail-ports.ts";
import { dailySummaryEmail, hostMessageEmail, thankYouEmail } from "../../mail/host-emails.ts";
import { textWidth, wrapText } from "../../mail/mail-text.ts";
import {
  cancelledEmail,
  confirmedEmail,
  inviteEmail,
  offeredEmail,
  offerLapsedEmail,
  reminderEmail,
  waitlistedEmail,
} from "../../mail/messages.ts";
import { confirmByLinkEmail, unknownEventReply } from "../../producers/email/lane-email.ts";
import { baseTime, fakeClock, newEvent } from "../helpers/factories.ts";
import { guestOf } from "../helpers/guest-fixtures.ts";
import { testKeyring, testLinkMinter } from "../helpers/link-minter.ts";

/**
 * What a guest sees of an email (issue 12 §4 and DESIGN.md's Email section): a designed HTML part that mail
 * clients render, a plain-text part a person can read, who it comes from and where a reply goes, in the
 * event's language, with wording that fits the moment.
 */

const links = testLinkMinter(testKeyring(), fakeClock());

const details = (overrides: Partial<EventDetails> = {}): EventDetails => ({
  description: "",
  location: {
    place: "Café Lima",
    address: "Hauptstraße 1\n10115 Berlin",
    onlineUrl: "https://meet.example.org/winter-party-room-with-a-rather-long-address-for-wrapping",
    onlineUrlConfirmedOnly: true,
  },
  hostName: "Ana Lima",
  language: "en",
  ...overrides,
});

/** Thursday 24 December 2026, 19:00–23:00 in Berlin, with a place, an online link and a host. */
const event: EventRecord = newEvent({
  eventId: "ev-winter",
  name: "Ana's Winter Party",
  startsAt: "2026-12-24T18:00:00.000Z",
  endsAt: "2026-12-24T22:00:00.000Z",
  timeZone: "Europe/Berlin",
  waitlisted: 2,
  details: details(),
  settings: { ...newEvent().settings, hostEmail: "host-settings@example.org" },
});

/** Bo Guest (id g-ana) at `status`, a guest of `e` (the winter party unless told). */
const guest = (
  status: GuestStatus,
  overrides: Partial<GuestRecord> = {},
  e: EventRecord = event,
): GuestRecord => guestOf(e, status, { guestId: "g-ana", ...overrides });

const offer = {
  offeredAt: "2026-12-20T10:00:00.000Z",
  deliverAt: "2026-12-20T10:00:00.000Z",
  expiresAt: "2026-12-20T16:00:00.000Z",
};

const input = (g: GuestRecord, e: EventRecord = event) => ({
  event: e,
  guest: g,
  links,
  key: `${g.guestId}/${g.version}`,
  // The guest's reply address, as signedReplyAddresses mints it (a fixed one here).
  replyTo: () => "rsvp+ev-winter@in.example.org",
});

const message = { subject: "Parking", body: "Park at the back, please." };
const messaged = (e: EventRecord): EventRecord => ({
  ...e,
  lastChange: {
    commandId: "cmd-9",
    lane: "host",
    at: "2026-12-20T09:00:00.000Z",
    action: "message-guests",
    message,
  },
});

/** One email of every kind a guest gets, for the event `e`. */
function everyGuestEmail(e: EventRecord = event): OutgoingEmail[] {
  return [
    confirmedEmail(input(guest("confirmed", {}, e), e)),
    waitlistedEmail({ ...input(guest("waitlisted", {}, e), e), position: 3 }),
    offeredEmail(input(guest("offered", { offer }, e), e)),
    offerLapsedEmail(input(guest("lapsed", {}, e), e)),
    cancelledEmail(input(guest("cancelled", {}, e), e)),
    inviteEmail(input(guest("pending", {}, e), e)),
    reminderEmail({ ...input(guest("confirmed", {}, e), e), kind: "morning" }),
    hostMessageEmail({ ...input(guest("confirmed", {}, e), messaged(e)), message }),
    thankYouEmail({ ...input(guest("confirmed", {}, e), e), body: "Dear {name},\n\nThank you for coming!" }),
  ];
}

describe("the HTML part", () => {
  const emails = everyGuestEmail();

  it("is one column of at most 600 px in tables, with a viewport meta tag and the event's language", () => {
    for (const email of emails) {
      expect(email.html, email.subject).toContain(
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
      );
      expect(email.html).toContain('<html lang="en">');
      expect(email.html).toContain("max-width:600px");
      expect(email.html).toContain('role="presentation"');
      expect(email.html).toContain('<meta name="color-scheme" content="light dark">');
      // The event's name heads every email.
      expect(email.html).toMatch(/<h1[^>]*>Ana&#39;s Winter Party<\/h1>/);
    }
  });

  it("draws the main action as a bulletproof button and the rest as plain links", () => {
    const offerEmail = offeredEmail(input(guest("offered", { offer })));
    const button =
      /<td align="center" bgcolor="#3b42c4"[^>]*>\s*<a href="([^"]+)"[^>]*>Claim my seat<\/a>/.exec(
        offerEmail.html,
      );
    expect(button?.[1]).toBe(offerEmail.links.claim);
    expect(offerEmail.html).toMatch(
      new RegExp(`<p[^>]*><a href="${offerEmail.links.decline}"[^>]*>Decline the seat</a></p>`),
    );
    const confirmation = confirmedEmail(input(guest("confirmed")));
    expect(confirmation.html).toMatch(/bgcolor="#3b42c4"[^>]*>\s*<a href="[^"]+"[^>]*>Manage your RSVP<\/a>/);
    // A host's message is about its words: no button, the manage link is a plain link.
    const hostMessage = hostMessageEmail({ ...input(guest("confirmed"), messaged(event)), message });
    expect(hostMessage.html).not.toContain("bgcolor=");
    expect(hostMessage.html).toContain(`href="${hostMessage.links.manage}"`);
  });

  it("leads a guest who left back to the event page, which is no action link", () => {
    const lapsed = offerLapsedEmail(input(guest("lapsed", { offer })));
    expect(lapsed.html).toMatch(
      /bgcolor="#3b42c4"[^>]*>\s*<a href="http:\/\/rsvp\.test\/e\/ev-winter"[^>]*>Open the event page<\/a>/,
    );
    expect(lapsed.links).toEqual({});
    const cancelled = cancelledEmail(input(guest("cancelled")));
    expect(cancelled.text).toContain("Open the event page:\nhttp://rsvp.test/e/ev-winter\n");
    expect(cancelled.html).not.toContain("bgcolor=");
    expect(cancelled.links).toEqual({});
  });

  it("keeps dark mode readable: light colours inline, dark ones in a prefers-color-scheme block", () => {
    const html = emails[0]!.html;
    expect(html).toContain("@media (prefers-color-scheme: dark)");
    expect(html).toMatch(/class="rs-card" style="[^"]*background:#ffffff/);
  });

  it("escapes everything a guest or host typed", () => {
    const evil = `<script>alert("x")</script><img src=x onerror=alert(1)>`;
    const e = newEvent({
      ...event,
      name: `Party ${evil}`,
      details: details({
        hostName: `Ana ${evil}`,
        location: { place: evil, address: evil, onlineUrlConfirmedOnly: false },
      }),
    });
    const emails = [
      ...everyGuestEmail(e).map((email) => email.html),
      confirmedEmail(input(guest("confirmed", { name: evil }, e), e)).html,
      hostMessageEmail({
        ...input(guest("confirmed", {}, e), messaged(e)),
        message: { subject: evil, body: evil },
      }).html,
    ];
    for (const html of emails) {
      expect(html).not.toContain("<script>");
      expect(html).not.toContain("<img");
      expect(html).not.toMatch(/<[^>]+onerror=/);
    }
  });
});

describe("the plain-text part", () => {
  it("wraps at 78 columns, and only a URL may be longer, on a line of its own", () => {
    const long = "A rather long party name that goes on and on about the winter and the snow";
    const e = newEvent({ ...event, name: long });
    for (const email of [...everyGuestEmail(), ...everyGuestEmail(e)]) {
      for (const line of email.text.split("\n")) {
        if (line.length > textWidth) expect(line, email.subject).toMatch(/^https?:\/\/\S+$/);
      }
      for (const url of Object.values(email.links)) expect(email.text.split("\n")).toContain(url);
    }
  });

  it("says what, when, where and who, and carries the manage link", () => {
    const email = confirmedEmail(input(guest("confirmed")));
    expect(email.text).toContain("When: Thursday, 24 December 2026, 19:00–23:00 (Europe/Berlin)");
    expect(email.text).toContain("Where: Café Lima\n  Hauptstraße 1\n  10115 Berlin");
    expect(email.text).toContain(`Online:\n${event.details.location.onlineUrl}`);
    expect(email.text).toContain("Host: Ana Lima");
    expect(email.text).toContain(`Manage your RSVP:\n${email.links.manage}\n`);
    expect(email.text).toContain(
      "https://www.openstreetmap.org/search?query=Caf%C3%A9%20Lima%2C%20Hauptstra",
    );
  });

  it("keeps the online link for confirmed guests when the host asks so", () => {
    const url = event.details.location.onlineUrl!;
    expect(confirmedEmail(input(guest("confirmed"))).text).toContain(url);
    for (const email of [
      waitlistedEmail({ ...input(guest("waitlisted")), position: 3 }),
      offeredEmail(input(guest("offered", { offer }))),
      inviteEmail(input(guest("pending"))),
    ]) {
      expect(email.text).not.toContain(url);
      expect(email.html).not.toContain(url);
      expect(email.text).toContain("The online link is sent once your seat is confirmed.");
    }
    const open = newEvent({
      ...event,
      details: details({ location: { ...event.details.location, onlineUrlConfirmedOnly: false } }),
    });
    expect(waitlistedEmail({ ...input(guest("waitlisted", {}, open), open), position: 3 }).text).toContain(
      url,
    );
  });

  it("wraps words, keeps line breaks and gives a long URL its own line", () => {
    const url = `https://rsvp.example.org/l/cancel/${"x".repeat(90)}`;
    expect(wrapText(`short\n${"word ".repeat(30).trim()} ${url} end`)).toBe(
      `short\n${"word ".repeat(15).trim()}\n${"word ".repeat(15).trim()}\n${url}\nend`,
    );
    expect(wrapText("-- \nfooter")).toBe("-- \nfooter");
  });
});

describe("who an email is from and where a reply goes", () => {
  const hostMessage = (e: EventRecord) =>
    hostMessageEmail({ ...input(guest("confirmed", {}, e), messaged(e)), message });

  it("the From name names the event, and the host for the host's own words", () => {
    expect(confirmedEmail(input(guest("confirmed"))).fromName).toBe("Ana's Winter Party via rsvp");
    expect(hostMessage(event).fromName).toBe("Ana Lima via rsvp");
    const anonymous = newEvent({ ...event, details: details({ hostName: undefined }) });
    expect(hostMessage(anonymous).fromName).toBe("Ana's Winter Party via rsvp");
  });

  it("system emails reply to the RSVP mailbox; the host's words to the host, never to the mailbox", () => {
    for (const email of everyGuestEmail()) {
      const kind = email.headers["X-Rsvp-Kind"];
      const expected =
        kind === "host-message" || kind === "thank-you"
          ? "host-settings@example.org"
          : "rsvp+ev-winter@in.example.org";
      expect(email.headers["Reply-To"], kind).toBe(expected);
    }
    const withReplyTo = newEvent({ ...event, details: details({ hostReplyTo: "ana@example.org" }) });
    expect(hostMessage(withReplyTo).headers["Reply-To"]).toBe("ana@example.org");
    const nobody = newEvent({ ...event, settings: { ...event.settings, hostEmail: null } });
    expect(hostMessage(nobody).headers["Reply-To"]).toBeUndefined();
    const summary = dailySummaryEmail({
      event,
      guests: [],
      day: "2026-12-20",
      at: "2026-12-20T07:00:00.000Z",
      to: "host-settings@example.org",
      key: "s",
    });
    expect(summary.headers["Reply-To"]).toBeUndefined();
  });

  it("the From header quotes an ASCII name and encodes any other, on the configured address", () => {
    expect(parseSender("rsvp <noreply@example.org>")).toEqual({
      name: "rsvp",
      address: "noreply@example.org",
    });
    expect(fromHeader("rsvp <noreply@example.org>", `Ana "AL" Lima via rsvp`)).toBe(
      `"Ana \\"AL\\" Lima via rsvp" <noreply@example.org>`,
    );
    expect(fromHeader("noreply@example.org", undefined)).toBe("noreply@example.org");
    const encoded = fromHeader("rsvp <noreply@example.org>", `Ünïcödé ${"Straße ".repeat(10)}über rsvp`);
    expect(encoded).toMatch(/^(=\?UTF-8\?B\?[A-Za-z0-9+/=]+\?= )+<noreply@example\.org>$/);
    for (const word of encoded.split(" ").slice(0, -1)) expect(word.length).toBeLessThanOrEqual(75);
  });
});

describe("German emails", () => {
  const german = newEvent({ ...event, name: "Anas Winterfest", details: details({ language: "de" }) });

  it("speak German throughout, with German dates", () => {
    const email = confirmedEmail(input(guest("confirmed", {}, german), german));
    expect(email.subject).toBe("Du bist dabei: Anas Winterfest");
    expect(email.fromName).toBe("Anas Winterfest über rsvp");
    expect(email.text).toContain("Hallo Bo Guest,");
    expect(email.text).toContain("Wann: Donnerstag, 24. Dezember 2026, 19:00–23:00 Uhr (Europe/Berlin)");
    expect(email.text).toContain("Wo: Café Lima");
    expect(email.text).toContain("Deine Anmeldung verwalten:");
    expect(email.html).toContain('<html lang="de">');
  });

  it("every kind has German words only", () => {
    const english = /\b(Hello|When|Where|You're|your|the waitlist|Manage|Reminder|seat)\b/;
    for (const email of everyGuestEmail(german)) {
      expect(email.subject, email.subject).not.toMatch(english);
      expect(email.text.replace(/https?:\/\/\S+/g, ""), email.subject).not.toMatch(english);
    }
    expect(offeredEmail(input(guest("offered", { offer }, german), german)).subject).toBe(
      "Platz frei: Anas Winterfest – annehmen bis 17:00",
    );
    expect(
      reminderEmail({
        ...input(
          guest(
            "confirmed",
            { lastChange: { ...guest("confirmed").lastChange, at: "2026-12-17T18:00:00.000Z" } },
            german,
          ),
          german,
        ),
        kind: "week",
      }).subject,
    ).toBe("Erinnerung: Anas Winterfest ist in 7 Tagen");
  });
});

describe("wording that fits the moment", () => {
  it("a confirmation 20 minutes before the start promises no reminder", () => {
    const soon = guest("confirmed", {
      lastChange: { ...guest("confirmed").lastChange, at: "2026-12-24T17:40:00.000Z" },
    });
    expect(confirmedEmail(input(soon)).text).not.toMatch(/remind/i);
    expect(confirmedEmail(input(guest("confirmed"))).text).toContain("We will remind you before the event.");
  });

  it("nobody on the waitlist: no waitlist in the reminder, the confirmation or the offer", () => {
    const empty = newEvent({ ...event, waitlisted: 0 });
    const reminder = reminderEmail({ ...input(guest("confirmed", {}, empty), empty), kind: "day" });
    expect(reminder.text).not.toMatch(/waitlist/i);
    expect(reminder.text).toContain("please cancel, so the host knows");
    expect(confirmedEmail(input(guest("confirmed", {}, empty), empty)).text).not.toMatch(/waitlist/i);
    const offerEmail = offeredEmail(input(guest("offered", { offer }, empty), empty));
    expect(offerEmail.text).not.toMatch(/next person|in line/i);
    // With people waiting, they are named.
    const withWaitlist = reminderEmail({ ...input(guest("confirmed")), kind: "day" });
    expect(withWaitlist.text.replace(/\s+/g, " ")).toContain("so someone on the waitlist gets your seat");
  });

  it("a lapsed offer says the seat went to the next person only when someone was waiting", () => {
    const lapsed = (waitlisted: number) => {
      const g = guest("lapsed", { offer });
      return offerLapsedEmail(
        input({
          ...g,
          lastChange: {
            ...g.lastChange,
            action: "expire-offer",
            from: "offered",
            countersAfter: { ...g.lastChange.countersAfter, waitlisted },
          },
        }),
      ).text.replace(/\s+/g, " ");
    };
    expect(lapsed(0)).not.toContain("next person in line");
    expect(lapsed(0)).toContain("so it was released");
    expect(lapsed(2)).toContain("so it has gone to the next person in line");
  });

  it("a guest without a name is greeted without one", () => {
    for (const name of ["", "   "]) {
      const email = confirmedEmail(input(guest("confirmed", { name })));
      expect(email.text).toMatch(/^Hello,\n/);
      expect(email.html).toContain("<p>Hello,</p>");
    }
  });

  it("an offer's subject puts the news first and stays under 60 characters, deadline intact", () => {
    const long = newEvent({
      ...event,
      name: "The Grand Annual Winter Gala of the Friends of the Municipal Botanical Garden",
    });
    const email = offeredEmail(input(guest("offered", { offer }, long), long));
    expect(email.subject).toMatch(/^Seat offered: The Grand Annual Winter… — claim by 17:00$/);
    expect(email.subject.length).toBeLessThanOrEqual(60);
    // A hold that ends on a later day names the weekday.
    const overnight = offeredEmail(
      input(guest("offered", { offer: { ...offer, expiresAt: "2026-12-21T09:00:00.000Z" } })),
    );
    expect(overnight.subject).toBe("Seat offered: Ana's Winter Party — claim by Mon 10:00");
  });
});

describe("the email lane's own emails", () => {
  const long = "A rather long party name that goes on and on about the winter and the snow";
  const laneEmails = () => [
    ...(["cancel", "register"] as const).map((step) =>
      confirmByLinkEmail({
        to: "ana@example.org",
        eventId: "ev-1",
        eventName: long,
        guestId: step === "register" ? null : "g-1",
        language: "en",
        step,
        url: `https://rsvp.example.org/l/${step}/${"x".repeat(90)}`,
        now: new Date(baseTime),
      }),
    ),
    unknownEventReply({ to: "ana@example.org", inReplyTo: "<m-1@example.org>", now: new Date(baseTime) }),
  ];

  it("are laid out like every other email, with a plain-text part wrapped at 78 columns", () => {
    for (const email of laneEmails()) {
      expect(email.html, email.subject).toContain("max-width:600px");
      expect(email.html).toContain('<meta name="color-scheme" content="light dark">');
      for (const line of email.text.split("\n")) {
        if (line.length > textWidth) expect(line, email.subject).toMatch(/^https?:\/\/\S+$/);
      }
      expect(email.headers["Auto-Submitted"]).toBe("auto-replied");
    }
    const [cancel, register, unknown] = laneEmails();
    // One button: the signed link (one of the email's links), or the register page (not one of them).
    expect(cancel!.html).toContain(">Open the page</a>");
    expect(cancel!.links).toEqual({ cancel: cancel!.text.split("\n").find((l) => l.startsWith("https://")) });
    expect(register!.links).toEqual({});
    expect(register!.text).toContain("https://rsvp.example.org/l/register/");
    expect(unknown!.eventId).toBe("");
    expect(unknown!.html).toMatch(/<h1[^>]*>Your message to rsvp<\/h1>/);
    expect(unknown!.headers["In-Reply-To"]).toBe("<m-1@example.org>");
  });

  it("speak the event's language", () => {
    const email = confirmByLinkEmail({
      to: "ana@example.org",
      eventId: "ev-1",
      eventName: "Sommerfest",
      guestId: "g-1",
      language: "de",
      step: "cancel",
      url: "https://rsvp.example.org/l/cancel/abc",
      now: new Date(baseTime),
    });
    expect(email.html).toContain('<html lang="de">');
    expect(email.text).not.toContain("Open the page");
  });
});
