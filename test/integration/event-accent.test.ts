import { describe, expect, it } from "vitest";
import { adminEventForm, adminOwners } from "../helpers/admin-session.ts";

/**
 * The event's colour (contracts/accent.ts, DESIGN.md's "one accent colour the host may pick from a small
 * palette"), on the embedded runtime: picked in the admin form, carried by the event's pages (`data-accent`,
 * which the page style turns into the colour), changed by an edit through the keeper.
 */
const owner = adminOwners("event-accent");
const eventIdIn = (page: string) => /href="http:\/\/rsvp\.test\/e\/([a-z0-9]+)"/.exec(page)![1]!;
const accentOf = (page: string) =>
  /<html lang="[a-z]+"(?: data-accent="([a-z]+)")?>/.exec(page)?.[1] ?? "indigo";

describe("the event's colour", () => {
  it("is offered as a choice of seven with indigo ticked, and the picked one colours the event page", async () => {
    const { rt, get, post } = await owner();
    const form = await (await get("/admin/events/new")).text();
    expect(form.match(/type="radio" name="accent"/g)).toHaveLength(7);
    expect(form).toMatch(/name="accent" value="indigo" checked/);
    expect(form).toContain("Buttons, links and the top bar of the event&#39;s pages");

    const created = await post("/admin/events", adminEventForm({ accent: "teal" }));
    expect(created.status).toBe(201);
    const eventId = eventIdIn(await created.text());
    expect((await rt.store.getEvent(eventId))?.details.accent).toBe("teal");
    const eventPage = await (await get(`/e/${eventId}`)).text();
    expect(accentOf(eventPage)).toBe("teal");
    expect(await (await get(`/admin/events/${eventId}`)).text()).toMatch(
      /name="accent" value="teal" checked/,
    );
  });

  it("an edit changes it through the keeper, and the guest's own pages follow", async () => {
    const { rt, get, post } = await owner();
    const eventId = eventIdIn(await (await post("/admin/events", adminEventForm({ accent: "plum" }))).text());
    const registered = await rt.fetch(
      new Request(`http://rsvp.test/e/${eventId}/rsvp`, {
        method: "POST",
        headers: { accept: "text/html", "content-type": "application/x-www-form-urlencoded" },
        body: new URLSearchParams({ name: "Ana Lima", email: "ana@example.org" }).toString(),
        redirect: "manual",
      }),
    );
    expect(registered.status).toBe(303);
    await rt.idle();
    const statusPath = new URL(registered.headers.get("location")!, "http://rsvp.test").pathname;
    expect(accentOf(await (await get(statusPath)).text())).toBe("plum");

    expect((await post(`/admin/events/${eventId}`, adminEventForm({ accent: "rose" }))).status).toBe(303);
    await rt.idle();
    expect((await rt.store.getEvent(eventId))?.details.accent).toBe("rose");
    expect(accentOf(await (await get(`/e/${eventId}`)).text())).toBe("rose");
    expect(accentOf(await (await get(statusPath)).text())).toBe("rose");

    // Back to the default: the page carries no attribute, the style's own colours apply.
    expect((await post(`/admin/events/${eventId}`, adminEventForm({ accent: "indigo" }))).status).toBe(303);
    await rt.idle();
    expect(await (await get(`/e/${eventId}`)).text()).toContain('<html lang="en">');
  });

  it("refuses a colour that is not in the palette with a message, and changes nothing", async () => {
    const { rt, get, post } = await owner();
    const eventId = eventIdIn(
      await (await post("/admin/events", adminEventForm({ accent: "slate" }))).text(),
    );
    const refused = await post(
      `/admin/events/${eventId}`,
      adminEventForm({ accent: "pink", name: "Renamed" }),
    );
    expect(refused.status).toBe(400);
    const page = await refused.text();
    expect(page).toContain("Choose one of the colours shown.");
    expect(page).toContain('aria-describedby="f-accent-hint f-accent-error"');
    await rt.idle();
    const stored = await rt.store.getEvent(eventId);
    expect(stored?.details.accent).toBe("slate");
    expect(stored?.name).toBe("Winter party");
    expect(accentOf(await (await get(`/e/${eventId}`)).text())).toBe("slate");
  });
});
