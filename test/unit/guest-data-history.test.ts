import { describe, expect, it } from "vitest";
import { translator } from "../../i18n/index.ts";
import { happened } from "../../producers/web/guest-data-pages.ts";

/** A line of the data page's "What happened", in the guest's words, by where their status went. */
describe("what happened, in the guest's words", () => {
  const t = translator("en");
  const line = (action: string, from: string | null, to: string, lane = "web") =>
    happened({ at: "2026-12-07T10:00:00.000Z", action, from, to, lane }, t);

  it("names the status reached, a check-in, and a change that kept the status", () => {
    expect(line("register", "pending", "confirmed")).toBe("Seat confirmed");
    expect(line("register", null, "waitlisted")).toBe("On the waitlist");
    expect(line("check-in", "confirmed", "confirmed", "door")).toBe("Checked in at the door");
    expect(line("set-party", "confirmed", "confirmed")).toBe("Details changed");
  });

  it("says the guest left the waitlist only for their own cancel, not a host's", () => {
    expect(line("cancel", "waitlisted", "cancelled", "link")).toBe("Left the waitlist");
    expect(line("cancel", "waitlisted", "cancelled", "host")).toBe("RSVP cancelled");
    expect(line("remove-guest", "waitlisted", "cancelled", "host")).toBe("RSVP cancelled");
    expect(line("cancel", "confirmed", "cancelled", "link")).toBe("RSVP cancelled");
  });

  it("speaks German", () => {
    expect(
      happened(
        { at: "", action: "cancel", from: "waitlisted", to: "cancelled", lane: "link" },
        translator("de"),
      ),
    ).toBe("Warteliste verlassen");
  });
});
