import { describe, expect, it } from "vitest";
import { findPartySize } from "../../producers/email/party-text.ts";

const size = (text: string) => {
  const found = findPartySize(text);
  return found?.kind === "size" ? found.party : (found?.kind ?? null);
};

describe("the party size a reply states", () => {
  it("reads the usual ways of saying it, the guest included", () => {
    expect(size("Yes! +1")).toBe(2);
    expect(size("Count me in, +2 if that's ok")).toBe(3);
    expect(size("Yes, we're 3.")).toBe(3);
    expect(size("We’ll be four")).toBe(4);
    expect(size("Sounds great, 2 of us will come")).toBe(2);
    expect(size("Yes please, plus one")).toBe(2);
    expect(size("Yes, me and my wife")).toBe(2);
    expect(size("My husband and I would love to come")).toBe(2);
    expect(size("Party of 3, thanks")).toBe(3);
    expect(size("Just me this time")).toBe(1);
    expect(size("Gerne, wir sind zu dritt!")).toBe(3);
    expect(size("Ja, wir kommen zu zweit")).toBe(2);
    expect(size("Zusage +1")).toBe(2);
    expect(size("Ich komme mit meiner Frau")).toBe(2);
    expect(size("Wir sind 4 Personen")).toBe(4);
    expect(size("Ich komme mit Begleitung")).toBe(2);
  });

  it("says nothing for a plain yes, a phone number, a time or a date", () => {
    expect(size("Yes, I'll be there!")).toBeNull();
    expect(size("Yes\nTel. +49 30 1234567")).toBeNull();
    expect(size("Call me on +1 555 0100")).toBeNull();
    expect(size("We're 10 minutes away from the venue, see you")).toBeNull();
    expect(size("Ja, gerne.")).toBeNull();
  });

  it("is unclear rather than guessing: questions, vague companions, ranges, two different sizes", () => {
    expect(size("Can I bring a plus one?")).toBe("unclear");
    expect(size("Yes, I'll come with the kids")).toBe("unclear");
    expect(size("We'll be 2 or 3")).toBe("unclear");
    expect(size("Wir kommen mit den Kindern")).toBe("unclear");
    expect(size("We're 3. Actually, +1 only")).toBe("unclear");
    expect(size("Yes, and bringing some friends")).toBe("unclear");
  });
});
