import { describe, expect, it } from "vitest";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestStatus } from "../../contracts/guest.ts";
import type { LinkAction } from "../../contracts/link.ts";
import type { Outcome } from "../../contracts/outcome.ts";
import { pageStyle } from "../../producers/web/inline-assets.ts";
import { linkChoice, linkPage } from "../../producers/web/link-choice-pages.ts";
import { linkDonePage, outcomeMessage } from "../../producers/web/link-outcome-pages.ts";
import { baseTime, newEvent } from "../helpers/factories.ts";
import { guestOf } from "../helpers/guest-fixtures.ts";

/**
 * What a guest reads on the link pages with nothing left to press and after a cancel: the already-cancelled page
 * says it once, the way back to the event is a button, and a freed seat nobody waits for is said to be free.
 */

type Lang = "en" | "de";

const eventIn = (language: Lang, counters: Partial<EventRecord> = {}): EventRecord => {
  const event = newEvent({ settings: { ...newEvent().settings, maxParty: 4 }, ...counters });
  return { ...event, details: { ...event.details, language } };
};

function choicePage(action: LinkAction, language: Lang, status: GuestStatus): string {
  const event = eventIn(language);
  const view = { guest: guestOf(event, status), position: null };
  const choice = linkChoice(action, view, event, baseTime);
  return String(linkPage({ event, view, choice, postPath: `/l/${action}/tok` }));
}

const cancelled: Outcome = { kind: "cancelled", guestId: "g-bo", from: "confirmed", seatReleased: true };

function afterCancel(language: Lang, counters: Partial<EventRecord>, party = 1) {
  const event = eventIn(language, counters);
  const guest = guestOf(event, "cancelled", { party });
  const result = outcomeMessage("cancel", cancelled, { guest, position: null }, event);
  return { result, page: String(linkDonePage({ event, result, linkPath: "/l/cancel/tok" })) };
}

const words = {
  en: {
    status: "<p>Hi Bo Guest. Your RSVP is cancelled.</p>",
    again:
      "<p><strong>To come after all, register again with the same address while registration is open.</strong></p>",
    says: /is cancelled|already cancelled/gi,
    back: "Back to the event",
    freed: "Your seat is free again for someone else.",
    freedParty: "Your 3 seats are free again for others.",
    goesOn: "Your seat goes to the next person in line.",
  },
  de: {
    status: "<p>Hallo Bo Guest. Deine Anmeldung ist storniert.</p>",
    again:
      "<p><strong>Wenn du doch kommen möchtest, melde dich mit derselben Adresse erneut an, solange die Anmeldung offen ist.</strong></p>",
    says: /ist storniert|bereits storniert/gi,
    back: "Zurück zur Veranstaltung",
    freed: "Dein Platz ist wieder frei für jemand anderen.",
    freedParty: "Deine 3 Plätze sind wieder frei für andere.",
    goesOn: "Dein Platz geht an die nächste Person in der Reihe.",
  },
};

/** The body of a page, without its <title> (which repeats the heading). */
const body = (page: string) => page.slice(page.indexOf("</head>"));

describe("the already-cancelled page", () => {
  for (const language of ["en", "de"] as const)
    for (const action of ["cancel", "not-coming", "still-coming"] as const)
      it(`${language}, ${action} link: says it is cancelled once, then how to come after all`, () => {
        const page = body(choicePage(action, language, "cancelled"));
        expect(page).toContain(
          language === "en" ? "<h1>Already cancelled</h1>" : "<h1>Bereits storniert</h1>",
        );
        expect(page).toContain(words[language].status);
        expect(page).toContain(words[language].again);
        // Under the heading, the status line says it; the bold line does not say it again.
        expect(page.slice(page.indexOf("</h1>")).match(words[language].says)).toHaveLength(1);
        expect(page).not.toContain("<form");
      });
});

describe("the way back to the event on a page with no button", () => {
  const backButton = (language: Lang) =>
    new RegExp(
      `<div class="actions"><a class="button secondary" href="/e/[^"]+">${words[language].back}</a></div>`,
    );

  for (const language of ["en", "de"] as const)
    it(`${language}: is a secondary button on the no-button page and after a press`, () => {
      expect(choicePage("cancel", language, "cancelled")).toMatch(backButton(language));
      expect(choicePage("claim", language, "confirmed")).toMatch(backButton(language));
      expect(afterCancel(language, {}).page).toMatch(backButton(language));
    });

  it("a secondary button is a 44 px tap target, full width on phones", () => {
    expect(pageStyle).toMatch(/\.button \{[^}]*min-height: 44px/);
    expect(pageStyle).toMatch(/\.button\.secondary/);
    expect(pageStyle).toMatch(/\.actions > \* \{ width: 100%; \}/);
  });
});

describe("the page after a cancel", () => {
  for (const language of ["en", "de"] as const) {
    it(`${language}: nobody in line and seats free: the seat is free again for someone else`, () => {
      const { result, page } = afterCancel(language, { capacity: 10, confirmed: 4 });
      expect(result.message).toBe(words[language].freed);
      expect(page).not.toContain(words[language].goesOn);
      expect(afterCancel(language, { capacity: 10, confirmed: 4 }, 3).result.message).toBe(
        words[language].freedParty,
      );
    });

    it(`${language}: someone waits, holds an offer, or the seats were taken since: it goes to the next in line`, () => {
      for (const counters of [
        { capacity: 10, confirmed: 9, waitlisted: 2 },
        { capacity: 10, confirmed: 9, offered: 1 },
        { capacity: 10, confirmed: 10 },
      ])
        expect(afterCancel(language, counters).result.message).toBe(words[language].goesOn);
    });
  }
});
