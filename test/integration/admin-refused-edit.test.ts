import { describe, expect, it } from "vitest";
import { adminEventForm, adminOwners, inDays } from "../helpers/admin-session.ts";
import { fakeClock } from "../helpers/factories.ts";

/**
 * An admin edit the keeper refuses (here: a new end after the event has started) is said at once on the
 * "Saving…" step's next look, with the keeper's reason, instead of 30 s of "Saving…" and then "taking longer".
 */
const owner = adminOwners("admin-refused");

/** The admin form of a party three days out, in UTC. */
const eventForm = (overrides: Record<string, string> = {}) =>
  adminEventForm({ startsAt: inDays(3), endsAt: inDays(3, "23:00"), timeZone: "UTC", ...overrides });

describe("a refused admin edit", () => {
  it("shows the keeper's refusal on the next look, not Saving… for 30 s", async () => {
    const clock = fakeClock(new Date());
    const { rt: runtime, get, post } = await owner("en", { clock });
    const created = await (await post("/admin/events", eventForm())).text();
    const eventId = /href="http:\/\/rsvp\.test\/e\/([a-z0-9]+)"/.exec(created)![1]!;

    // The party has begun; the owner moves its end. The form takes it (the start is kept); the keeper refuses.
    clock.advance(4 * 86_400_000);
    const saved = await post(`/admin/events/${eventId}`, eventForm({ endsAt: inDays(3, "23:30") }));
    expect(saved.status).toBe(303);
    await runtime.idle();
    const page = await (await get(saved.headers.get("location")!)).text();
    expect(page).not.toContain("<h1>Saving…</h1>");
    expect(page).not.toContain("taking longer than usual");
    expect(page).toContain("Not done: the event has already started.");
    expect(page).toMatch(/name="endsAt"[^>]*value="[^"]*T23:00"/);
  });
});
