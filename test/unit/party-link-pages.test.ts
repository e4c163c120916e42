import { describe, expect, it } from "vitest";
import { linkChoice, linkPage } from "../../producers/web/link-choice-pages.ts";
import { baseTime, newEvent } from "../helpers/factories.ts";
import { guestOf } from "../helpers/guest-fixtures.ts";

/** A party's offer page speaks of all its seats, a single guest's of one: in English and German. */
function claimPage(language: "en" | "de", party: number): string {
  const base = newEvent({ settings: { ...newEvent().settings, maxParty: 4 } });
  const event = { ...base, details: { ...base.details, language } };
  const expiresAt = new Date(baseTime.getTime() + 3_600_000).toISOString();
  const offer = { offeredAt: baseTime.toISOString(), deliverAt: baseTime.toISOString(), expiresAt };
  const guest = guestOf(event, "offered", { party, offer });
  const view = { guest, position: null };
  const choice = linkChoice("claim", view, event, baseTime);
  return String(linkPage({ event, view, choice, postPath: "/l/claim/tok" }));
}

describe("the offer page of a party", () => {
  it("says how many seats wait and are held, and the button claims them all", () => {
    const en = claimPage("en", 3);
    expect(en).toContain("3 seats are waiting for you, Bo Guest");
    expect(en).toMatch(/3 seats are held for you until/);
    expect(en).toMatch(/Claim our seats \(held until/);
    const de = claimPage("de", 3);
    expect(de).toContain("3 Plätze warten auf dich, Bo Guest");
    expect(de).toMatch(/Plätze annehmen \(reserviert bis/);
  });

  it("speaks of one seat for a guest alone", () => {
    const en = claimPage("en", 1);
    expect(en).toContain("A seat is waiting for you, Bo Guest");
    expect(en).toMatch(/Claim my seat \(held until/);
  });
});
