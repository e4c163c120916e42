import { describe, expect, it } from "vitest";
import type { EventRecord } from "../../contracts/event.ts";
import type { LinkAction } from "../../contracts/link.ts";
import type { Outcome } from "../../contracts/outcome.ts";
import { linkDonePage, outcomeMessage } from "../../producers/web/link-outcome-pages.ts";
import { newEvent } from "../helpers/factories.ts";
import { guestOf } from "../helpers/guest-fixtures.ts";

/**
 * The page after a waitlisted guest pressed their link's button: they never held a seat, so the page says they
 * left the waitlist (not "Your RSVP is cancelled"), and what comes next fits: the email that confirms it, and
 * registering again while registration is open, without the old place in line. English and German (per du).
 */

/** The keeper's outcome of a cancel by a guest who was `from` (a confirmed guest's seat is released). */
const cancelledFrom = (guest: { guestId: string }, from: "waitlisted" | "confirmed"): Outcome => ({
  kind: "cancelled",
  guestId: guest.guestId,
  from,
  seatReleased: from === "confirmed",
});

type Lang = "en" | "de";

function pageAfterLeaving(action: LinkAction, language: Lang) {
  const base = newEvent({ capacity: 10, confirmed: 10, waitlisted: 1 });
  const event: EventRecord = { ...base, details: { ...base.details, language } };
  const guest = guestOf(event, "cancelled");
  const outcome = cancelledFrom(guest, "waitlisted");
  const result = outcomeMessage(action, outcome, { guest, position: null }, event);
  return String(linkDonePage({ event, result, linkPath: `/l/${action}/tok` }));
}

const words = {
  en: {
    heading: "<h1>You left the waitlist</h1>",
    message: "<p>You gave up your place in line. We won&#39;t email you when a seat frees up.</p>",
    next: "<h2>What happens next</h2>",
    email: "<li>An email confirming this is on its way to you.</li>",
    again:
      "<li>Changed your mind? Register again on the event page while registration is open. Your old place in line is not kept.</li>",
    cancelled: "cancelled",
  },
  de: {
    heading: "<h1>Du hast die Warteliste verlassen</h1>",
    message:
      "<p>Du hast deinen Platz in der Reihe aufgegeben. Wir schreiben dir nicht, wenn ein Platz frei wird.</p>",
    next: "<h2>Wie es weitergeht</h2>",
    email: "<li>Eine E-Mail, die das bestätigt, ist auf dem Weg zu dir.</li>",
    again:
      "<li>Doch umentschieden? Melde dich auf der Seite der Veranstaltung erneut an, solange die Anmeldung offen ist. Deinen alten Platz in der Reihe bekommst du nicht zurück.</li>",
    cancelled: "storniert",
  },
};

describe("after leaving the waitlist by a link", () => {
  for (const language of ["en", "de"] as const) {
    const w = words[language];
    for (const action of ["cancel", "not-coming"] as const) {
      it(`says the guest left the waitlist, not that an RSVP is cancelled (${language}, ${action})`, () => {
        const page = pageAfterLeaving(action, language);
        expect(page).toContain(w.heading);
        expect(page).toContain(w.message);
        expect(page).not.toContain(w.cancelled);
        expect(page).toContain(w.next);
        expect(page).toContain(w.email);
        expect(page).toContain(w.again);
      });
    }
  }

  it("the JSON answer says the same as the page", () => {
    const event = newEvent();
    const guest = guestOf(event, "cancelled");
    const outcome = cancelledFrom(guest, "waitlisted");
    expect(outcomeMessage("cancel", outcome, { guest, position: null }, event)).toMatchObject({
      title: "You left the waitlist",
      next: [
        "An email confirming this is on its way to you.",
        "Changed your mind? Register again on the event page while registration is open. Your old place in line is not kept.",
      ],
    });
  });

  it("a guest who held a seat still reads that their RSVP is cancelled", () => {
    const event = newEvent({ capacity: 10, confirmed: 4, waitlisted: 0 });
    const guest = guestOf(event, "cancelled");
    const outcome = cancelledFrom(guest, "confirmed");
    expect(outcomeMessage("cancel", outcome, { guest, position: null }, event).title).toBe(
      "Your RSVP is cancelled",
    );
  });
});
