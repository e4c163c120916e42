import { describe, expect, it } from "vitest";
import type { EventRecord } from "../../contracts/event.ts";
import { offeredEmail } from "../../mail/messages.ts";
import { baseTime, fakeClock, newEvent } from "../helpers/factories.ts";
import { guestOf } from "../helpers/guest-fixtures.ts";
import { testKeyring, testLinkMinter } from "../helpers/link-minter.ts";

/**
 * A party's offer email says what its offer page says: all the seats are held, and the button claims them
 * ("Claim our seats"), not "Claim my seat". A guest alone keeps the single guest's words. English and German.
 */

const links = testLinkMinter(testKeyring(), fakeClock());

function offerEmail(language: "en" | "de", party: number) {
  const base = newEvent({ waitlisted: 2, settings: { ...newEvent().settings, maxParty: 4 } });
  const event: EventRecord = { ...base, details: { ...base.details, language } };
  const at = baseTime.toISOString();
  const offer = {
    offeredAt: at,
    deliverAt: at,
    expiresAt: new Date(baseTime.getTime() + 6 * 3_600_000).toISOString(),
  };
  const guest = guestOf(event, "offered", { party, offer });
  return offeredEmail({ event, guest, links, key: "k", replyTo: () => null });
}

describe("the offer email", () => {
  it("to a party of 3 speaks of the 3 seats and claims them all, in both parts", () => {
    const { subject, html, text } = offerEmail("en", 3);
    expect(subject).toMatch(/^3 seats offered: .+ — claim by /);
    for (const part of [html, text]) {
      expect(part).toMatch(/3 seats at .+ have come free, and they are held for you until/);
      expect(part).toContain("Claim them before then, or they go to the next guests in line.");
      expect(part).toContain("Claim our seats");
      expect(part).toContain("Decline the seats");
      expect(part).toContain("Fewer of you coming? On the page you can claim fewer seats.");
      expect(part).not.toContain("Claim my seat");
    }
    expect(text).toMatch(/Claim our seats:\nhttps?:\/\/\S+\/l\/claim\//);
  });

  it("to a party in German: „Plätze annehmen“, the seats counted", () => {
    const { subject, html } = offerEmail("de", 3);
    expect(subject).toMatch(/^3 Plätze frei: .+ – annehmen bis /);
    expect(html).toContain("sind 3 Plätze frei geworden. Bis ");
    expect(html).toContain("Plätze annehmen</a>");
    expect(html).not.toContain(">Platz annehmen</a>");
  });

  it("to a guest alone keeps the single guest's words", () => {
    const en = offerEmail("en", 1);
    expect(en.subject).toMatch(/^Seat offered: /);
    expect(en.html).toContain("Claim my seat</a>");
    expect(en.html).not.toContain("Fewer of you coming");
    expect(offerEmail("de", 1).html).toContain(">Platz annehmen</a>");
  });
});
