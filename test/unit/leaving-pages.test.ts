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
 * What the cancel, "I can't come", leave and decline pages say about the seats, in every state a guest can open
 * them in, in English and German: before the press, "If you cancel, …" (the page sits under "Your seat is
 * confirmed.", and nothing has happened yet); to the next person in line only while someone waits, else free
 * again; a waitlisted guest's button says "Leave the waitlist"; after a decline, the same rule as after a cancel.
 */

type Lang = "en" | "de";

/** Someone waits in line (the event is full), or nobody does (seats are free). */
const waiting = { capacity: 10, confirmed: 10, waitlisted: 2 };
const nobody = { capacity: 10, confirmed: 4, waitlisted: 0 };

const eventIn = (language: Lang, counters: Partial<EventRecord>): EventRecord => {
  const event = newEvent({ settings: { ...newEvent().settings, maxParty: 4 }, ...counters });
  return { ...event, details: { ...event.details, language } };
};

/** The page a link opens for Bo, at `status`, before anything is pressed. */
function pageBefore(
  action: LinkAction,
  language: Lang,
  status: GuestStatus,
  counters: Partial<EventRecord>,
  party = 1,
) {
  const event = eventIn(language, counters);
  const expiresAt = new Date(baseTime.getTime() + 3_600_000).toISOString();
  const at = baseTime.toISOString();
  const offer = status === "offered" ? { offeredAt: at, deliverAt: at, expiresAt } : null;
  const guest = guestOf(event, status, { party, offer });
  const view = { guest, position: status === "waitlisted" ? 2 : null };
  const choice = linkChoice(action, view, event, baseTime);
  return String(linkPage({ event, view, choice, postPath: `/l/${action}/tok` }));
}

/** The page after Bo pressed `action`'s button and the keeper cancelled his RSVP from `from`. */
function pageAfter(
  action: LinkAction,
  language: Lang,
  from: "confirmed" | "offered",
  counters: Partial<EventRecord>,
) {
  const event = eventIn(language, counters);
  const guest = guestOf(event, "cancelled");
  const outcome: Outcome = { kind: "cancelled", guestId: guest.guestId, from, seatReleased: true };
  const result = outcomeMessage(action, outcome, { guest, position: null }, event);
  return String(linkDonePage({ event, result, linkPath: `/l/${action}/tok` }));
}

const words = {
  en: {
    confirmed: "<p>Your seat is confirmed.</p>",
    goesOn: "If you cancel, your seat goes to the next person in line.",
    free: "If you cancel, your seat is free again for someone else.",
    partyFree: "If you cancel, your 3 seats are free again for others.",
    partyGoesOn: "If you cancel, your 3 seats go to the next guests in line.",
    heldGoesOn: "If you cancel, the seat held for you goes to the next person in line.",
    heldFree: "If you cancel, the seat held for you is free again for someone else.",
    inLine: "next person in line",
    leave: "If you leave, you give up your place in line.",
    leaveButton: '<button type="submit">Leave the waitlist</button>',
    cancelButton: "Cancel my RSVP</button>",
    declineGoesOn: "If you decline, the seat goes to the next person in line.",
    declineFree: "If you decline, the seat is free again for someone else.",
    declinedGoesOn: "<p>The seat goes to the next person in line.</p>",
    declinedFree: "<p>The seat is free again for someone else.</p>",
  },
  de: {
    confirmed: "<p>Dein Platz ist bestätigt.</p>",
    goesOn: "Wenn du stornierst, geht dein Platz an die nächste Person in der Reihe.",
    free: "Wenn du stornierst, ist dein Platz wieder frei für jemand anderen.",
    partyFree: "Wenn du stornierst, sind deine 3 Plätze wieder frei für andere.",
    partyGoesOn: "Wenn du stornierst, gehen deine 3 Plätze an die nächsten Gäste in der Reihe.",
    heldGoesOn: "Wenn du stornierst, geht der für dich reservierte Platz an die nächste Person in der Reihe.",
    heldFree: "Wenn du stornierst, ist der für dich reservierte Platz wieder frei für jemand anderen.",
    inLine: "nächste Person in der Reihe",
    leave: "Wenn du die Warteliste verlässt, gibst du deinen Platz in der Reihe auf.",
    leaveButton: '<button type="submit">Warteliste verlassen</button>',
    cancelButton: "Meine Anmeldung stornieren</button>",
    declineGoesOn: "Wenn du ablehnst, geht der Platz an die nächste Person in der Reihe.",
    declineFree: "Wenn du ablehnst, ist der Platz wieder frei für jemand anderen.",
    declinedGoesOn: "<p>Der Platz geht an die nächste Person in der Reihe.</p>",
    declinedFree: "<p>Der Platz ist wieder frei für jemand anderen.</p>",
  },
};

describe("the pages where a guest gives up a seat", () => {
  for (const language of ["en", "de"] as const) {
    const w = words[language];
    for (const action of ["cancel", "not-coming"] as const) {
      it(`${language}, ${action}, confirmed, nobody waiting: the seat is free again, no "next person in line"`, () => {
        const page = pageBefore(action, language, "confirmed", nobody);
        expect(page).toContain(w.confirmed);
        expect(page).toContain(w.free);
        expect(page).not.toContain(w.inLine);
        expect(page).toContain(w.cancelButton);
        expect(pageBefore(action, language, "confirmed", nobody, 3)).toContain(w.partyFree);
      });

      it(`${language}, ${action}, confirmed, someone waiting: "if you cancel", it goes to the next in line`, () => {
        const page = pageBefore(action, language, "confirmed", waiting);
        expect(page).toContain(w.confirmed);
        expect(page).toContain(w.goesOn);
        expect(pageBefore(action, language, "confirmed", waiting, 3)).toContain(w.partyGoesOn);
      });

      it(`${language}, ${action}, offered a seat: the held seat goes on, or is free again`, () => {
        expect(pageBefore(action, language, "offered", waiting)).toContain(w.heldGoesOn);
        const free = pageBefore(action, language, "offered", nobody);
        expect(free).toContain(w.heldFree);
        expect(free).not.toContain(w.inLine);
      });

      it(`${language}, ${action}, waitlisted: the button says "Leave the waitlist"`, () => {
        const page = pageBefore(action, language, "waitlisted", waiting);
        expect(page).toContain(w.leave);
        expect(page).toContain(w.leaveButton);
        expect(page).not.toContain(w.cancelButton);
      });
    }

    it(`${language}, decline an offered seat: before and after the press, next in line only while someone waits`, () => {
      expect(pageBefore("decline", language, "offered", waiting)).toContain(w.declineGoesOn);
      const free = pageBefore("decline", language, "offered", nobody);
      expect(free).toContain(w.declineFree);
      expect(free).not.toContain(w.inLine);
      expect(pageAfter("decline", language, "offered", { ...waiting, confirmed: 9 })).toContain(
        w.declinedGoesOn,
      );
      const freed = pageAfter("decline", language, "offered", nobody);
      expect(freed).toContain(w.declinedFree);
      expect(freed).not.toContain(w.inLine);
    });
  }
});
