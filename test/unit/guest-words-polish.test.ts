import { describe, expect, it } from "vitest";
import type { Outcome } from "../../contracts/outcome.ts";
import { translator } from "../../i18n/index.ts";
import { linkDonePage, outcomeMessage } from "../../producers/web/link-outcome-pages.ts";
import { newEvent } from "../helpers/factories.ts";
import { guestOf } from "../helpers/guest-fixtures.ts";

/** Small things a guest reads: what comes after a claimed seat, and the German status page's "du". */
describe("after a claimed seat", () => {
  for (const language of ["en", "de"] as const)
    it(`${language}: says the confirmation email is coming, in one sentence`, () => {
      const base = newEvent();
      const event = { ...base, details: { ...base.details, language } };
      const guest = guestOf(event, "confirmed", {}, { change: { action: "claim" } });
      const outcome: Outcome = { kind: "claimed", guestId: guest.guestId };
      const result = outcomeMessage("claim", outcome, { guest, position: null }, event);
      const page = String(linkDonePage({ event, result, linkPath: "/l/claim/tok" }));
      const email =
        language === "en"
          ? "An email confirming your seat is on its way to you, with the calendar entry."
          : "Eine E-Mail, die deinen Platz bestätigt, ist auf dem Weg zu dir, mit dem Kalendereintrag.";
      expect(page).toContain(`<p>${email}</p>`);
      expect(page).not.toContain("<li>");
    });
});

describe("the online link kept for confirmed guests", () => {
  it("tells the reader when they get it, in their own terms", () => {
    expect(translator("en")("pages.common.onlineForConfirmed")).toBe(
      "Online: you get the link once your seat is confirmed",
    );
    expect(translator("de")("pages.common.onlineForConfirmed")).toBe(
      "Online: Den Link bekommst du, sobald dein Platz bestätigt ist",
    );
  });
});

describe("the German status page", () => {
  it('says "du" in lower case inside a sentence', () => {
    expect(translator("de")("pages.status.registerAgain")).toContain(", du wirst nie doppelt gezählt.");
  });
});

/**
 * A lapsed or expired offer: the page cannot know whether anyone waited when the seat went back, so it says
 * only what happened to the guest, never that the seat went "to the next person in line".
 */
describe("a lapsed or expired offer", () => {
  for (const language of ["en", "de"] as const)
    it(`${language}: says the offer ran out, and promises the seat to nobody`, () => {
      const t = translator(language);
      const said = ["pages.link.statusLapsed", "pages.status.lapsedText", "pages.link.offerExpiredText"].map(
        (key) => t(key),
      );
      for (const text of said) expect(text).not.toMatch(/next person in line|nächste Person in der Reihe/);
      expect(said[0]).toBe(
        language === "en"
          ? "Your offer ran out before you claimed it."
          : "Dein Angebot ist abgelaufen, bevor du es angenommen hast.",
      );
    });
});
