import { describe, expect, it } from "vitest";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestStatus } from "../../contracts/guest.ts";
import { linkChoice, linkPage } from "../../producers/web/link-choice-pages.ts";
import { linkDonePage, outcomeMessage } from "../../producers/web/link-outcome-pages.ts";
import { baseTime, newEvent } from "../helpers/factories.ts";
import { guestOf } from "../helpers/guest-fixtures.ts";

/**
 * The page a guest's "I can't come" link opens (the "still coming?" email's no) and the cancel link's page:
 * opening either changes nothing, so the page asks and offers the button; only the page after the press says
 * the RSVP is cancelled. Every state a guest can be in when they open it, in English and German.
 */

type Lang = "en" | "de";

const eventIn = (language: Lang, counters: Partial<EventRecord> = {}): EventRecord => {
  const event = newEvent({ settings: { ...newEvent().settings, maxParty: 4 }, ...counters });
  return { ...event, details: { ...event.details, language } };
};

/** Words that say the RSVP is already cancelled: never on a page before the press. */
const saysCancelled: Record<Lang, RegExp> = {
  en: /is cancelled|you&#39;re cancelled|been cancelled/i,
  de: /wird storniert|ist storniert|abgemeldet/i,
};

const words = {
  en: { ask: "Can&#39;t make it, Bo Guest?", button: "Cancel my RSVP</button>" },
  de: { ask: "Du kannst nicht kommen, Bo Guest?", button: "Meine Anmeldung stornieren</button>" },
};

function pageOf(
  action: "cancel" | "not-coming",
  language: Lang,
  status: GuestStatus,
  party = 1,
  counters: Partial<EventRecord> = {},
) {
  const event = eventIn(language, counters);
  const at = baseTime.toISOString();
  const expiresAt = new Date(baseTime.getTime() + 3_600_000).toISOString();
  const offer = status === "offered" ? { offeredAt: at, deliverAt: at, expiresAt } : null;
  const guest = guestOf(event, status, { party, offer });
  const view = { guest, position: status === "waitlisted" ? 2 : null };
  const choice = linkChoice(action, view, event, baseTime);
  return String(linkPage({ event, view, choice, postPath: `/l/${action}/tok` }));
}

describe('the "I can\'t come" page asks before it cancels', () => {
  for (const language of ["en", "de"] as const) {
    const asking = ["confirmed", "waitlisted", "offered", "pending", "requested"] as const;
    for (const status of asking)
      it(`${language}, ${status}: asks, offers one button, and says nothing is cancelled yet`, () => {
        const page = pageOf("not-coming", language, status);
        expect(page).toContain(words[language].ask);
        expect(page).toContain('<form method="post" action="/l/not-coming/tok">');
        expect(page).not.toMatch(saysCancelled[language]);
      });

    it(`${language}, a party of 3: the page says all three seats go on, and nothing is cancelled yet`, () => {
      // Someone waits in line, so the seats would go on to them (with nobody waiting they are free again:
      // leaving-pages.test.ts).
      const waiting = { capacity: 10, confirmed: 10, waitlisted: 2 };
      const page = pageOf("not-coming", language, "confirmed", 3, waiting);
      expect(page).toContain(
        language === "en"
          ? "your 3 seats go to the next guests in line."
          : "gehen deine 3 Plätze an die nächsten Gäste",
      );
      expect(page).toContain(words[language].button);
      expect(page).not.toMatch(saysCancelled[language]);
      // Where the party stands: all three seats, not "your seat".
      expect(page).toContain(
        language === "en" ? "Your 3 seats are confirmed." : "Deine 3 Plätze sind bestätigt.",
      );
      expect(pageOf("not-coming", language, "confirmed", 1)).toContain(
        language === "en" ? "Your seat is confirmed." : "Dein Platz ist bestätigt.",
      );
      // The cancel link's page says the same of the party's seats.
      expect(pageOf("cancel", language, "confirmed", 3, waiting)).toContain(
        language === "en" ? "your 3 seats go" : "gehen deine 3 Plätze",
      );
    });

    it(`${language}, already cancelled: no button, and the page says it is already cancelled`, () => {
      const page = pageOf("not-coming", language, "cancelled");
      expect(page).not.toContain("<form");
      expect(page).toContain(language === "en" ? "Already cancelled" : "Bereits storniert");
    });

    it(`${language}: the cancel link's page asks the same way in every state`, () => {
      for (const status of asking) {
        const page = pageOf("cancel", language, status);
        expect(page).toContain('<form method="post" action="/l/cancel/tok">');
        expect(page).not.toMatch(saysCancelled[language]);
      }
    });

    it(`${language}: only the page after the press says it is cancelled`, () => {
      // Someone waits in line, so the freed seats go on to them.
      const event = { ...eventIn(language), waitlisted: 3 };
      const guest = guestOf(event, "cancelled");
      const outcome = {
        kind: "cancelled",
        guestId: guest.guestId,
        from: "confirmed",
        seatReleased: true,
      } as const;
      const result = outcomeMessage("not-coming", outcome, { guest, position: null }, event);
      const done = String(linkDonePage({ event, result, linkPath: "/l/not-coming/tok" }));
      expect(done).toMatch(saysCancelled[language]);
      expect(done).not.toContain("<form");
      // A party's cancel gives up every seat it held, and says so.
      const party = guestOf(event, "cancelled", { party: 3 });
      const partyDone = outcomeMessage("not-coming", outcome, { guest: party, position: null }, event);
      expect(partyDone.message).toBe(
        language === "en"
          ? "Your 3 seats go to the next guests in line."
          : "Deine 3 Plätze gehen an die nächsten Gäste in der Reihe.",
      );
    });
  }
});
