import { describe, expect, it } from "vitest";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestStatus } from "../../contracts/guest.ts";
import type { LinkAction } from "../../contracts/link.ts";
import type { Outcome } from "../../contracts/outcome.ts";
import { linkChoice, linkPage } from "../../producers/web/link-choice-pages.ts";
import { linkDonePage, outcomeMessage } from "../../producers/web/link-outcome-pages.ts";
import { baseTime, newEvent } from "../helpers/factories.ts";
import { guestOf } from "../helpers/guest-fixtures.ts";

/**
 * What a guest reads on a link page, in a person's voice: the line under the heading greets them by name
 * (never "Bo Guest: …"), and the page after a cancel says what happens next. English and German.
 */

type Lang = "en" | "de";

const eventIn = (language: Lang): EventRecord => {
  const event = newEvent({ settings: { ...newEvent().settings, maxParty: 4 } });
  return { ...event, details: { ...event.details, language } };
};

function page(action: LinkAction, language: Lang, status: GuestStatus): string {
  const event = eventIn(language);
  const view = { guest: guestOf(event, status), position: null };
  const choice = linkChoice(action, view, event, baseTime);
  return String(linkPage({ event, view, choice, postPath: `/l/${action}/tok` }));
}

function donePage(action: LinkAction, language: Lang, outcome: Outcome, status: GuestStatus = "cancelled") {
  const event = eventIn(language);
  const guest = guestOf(event, status);
  const result = outcomeMessage(action, outcome, { guest, position: null }, event);
  return String(linkDonePage({ event, result, linkPath: `/l/${action}/tok` }));
}

const cancelled = (from: GuestStatus, seatReleased: boolean): Outcome => ({
  kind: "cancelled",
  guestId: "g-bo",
  from,
  seatReleased,
});

describe("the line under a link page's heading", () => {
  it("is a greeting, not a 'Name: status' label, where the heading does not name the guest", () => {
    expect(page("cancel", "en", "cancelled")).toContain("<p>Hi Bo Guest. Your RSVP is cancelled.</p>");
    expect(page("cancel", "de", "cancelled")).toContain(
      "<p>Hallo Bo Guest. Deine Anmeldung ist storniert.</p>",
    );
  });

  it("is the status alone under a heading that already addresses the guest by name", () => {
    const en = page("cancel", "en", "confirmed");
    expect(en).toContain("Cancel your RSVP, Bo Guest?");
    expect(en).toContain("<p>Your seat is confirmed.</p>");
    const de = page("cancel", "de", "confirmed");
    expect(de).toContain("<p>Dein Platz ist bestätigt.</p>");
    for (const html of [en, de]) expect(html).not.toContain("Bo Guest:");
  });

  it("says a request waiting for the host in a sentence", () => {
    expect(page("confirm", "en", "requested")).toContain(
      "<p>Hi Bo Guest. Your request is with the host.</p>",
    );
    expect(page("confirm", "de", "requested")).toContain(
      "<p>Hallo Bo Guest. Deine Anfrage liegt beim Gastgeber.</p>",
    );
  });
});

describe("the page after a cancel", () => {
  it("says what happens next: the email confirming it, registering again, and the way back", () => {
    const en = donePage("cancel", "en", cancelled("confirmed", true));
    expect(en).toContain("Your RSVP is cancelled");
    expect(en).toContain("<h2>What happens next</h2>");
    expect(en).toContain("<li>An email confirming this is on its way to you.</li>");
    expect(en).toContain("Register again on the event page while registration is open.");
    expect(en).toMatch(/<a class="button secondary" href="\/e\/[^"]+">Back to the event<\/a>/);
    const de = donePage("not-coming", "de", cancelled("confirmed", true));
    expect(de).toContain("<h2>Wie es weitergeht</h2>");
    expect(de).toContain("<li>Eine E-Mail, die das bestätigt, ist auf dem Weg zu dir.</li>");
    expect(de).toMatch(/<a class="button secondary" href="\/e\/[^"]+">Zurück zur Veranstaltung<\/a>/);
  });

  it("says the same after leaving the waitlist and after declining an offer", () => {
    expect(donePage("cancel", "en", cancelled("waitlisted", false))).toContain(
      "An email confirming this is on its way to you.",
    );
    expect(donePage("decline", "en", cancelled("offered", true))).toContain("What happens next");
  });

  it("is not shown after other presses (a claim)", () => {
    const claimed: Outcome = { kind: "claimed", guestId: "g-bo" };
    expect(donePage("claim", "en", claimed, "confirmed")).not.toContain("What happens next");
  });
});
