import { DateTime } from "luxon";
import { describe, expect, it } from "vitest";
import { createEventRecord } from "../../core/event-factory.ts";
import { hashHostToken, mintHostToken } from "../../core/host-token.ts";
import {
  axeViolations,
  browserScenario,
  overflowsSideways,
  photograph,
} from "../helpers/browser-scenario.ts";
import { chromiumAvailable } from "../helpers/chromium.ts";

/**
 * Approval mode (docs/approval.md) in a real chromium against the embedded runtime on loopback: a guest asks to
 * join on a phone and sees their request, the host approves it from the guest list, and the guest's page turns
 * into their seat by itself. axe-core finds no violation on the pages approval changed, light or dark. With
 * RSVP_SCREENSHOTS=<dir>, each is photographed at 390 and 1280 px, light and dark.
 */
describe.skipIf(!chromiumAvailable())("approval mode in the browser", () => {
  const site = browserScenario("approval");

  it("a guest asks to join, the host approves from the guest list, and the guest's page shows the seat", async () => {
    const runtime = site.runtime();
    const hostToken = mintHostToken();
    const start = DateTime.now().setZone("Europe/Berlin").plus({ days: 30 }).set({ hour: 19, minute: 0 });
    const event = createEventRecord(
      {
        eventId: `supper-${Date.now()}`,
        name: "Supper Club",
        startsAtLocal: start.toFormat("yyyy-MM-dd'T'HH:mm"),
        endsAtLocal: start.plus({ hours: 3 }).toFormat("yyyy-MM-dd'T'HH:mm"),
        timeZone: "Europe/Berlin",
        capacity: 8,
        hostTokenHash: hashHostToken(hostToken),
        settings: { approval: true, maxParty: 2, quietHours: { start: "00:00", end: "00:00" } },
        details: {
          description: "Six courses at a long table. The host picks the guests.",
          location: {
            place: "Café Lima",
            address: "Torstraße 1, 10119 Berlin",
            onlineUrlConfirmedOnly: false,
          },
          hostName: "Ana Lima",
        },
      },
      new Date(),
    );
    await runtime.store.createEvent(event);
    const at = (path: string) => `${runtime.url}${path}`;

    // The event page keeps the place back and says the host decides.
    const ben = await site.phone();
    await ben.goto(at(`/e/${event.eventId}`));
    await ben.getByText("The host approves each registration.", { exact: false }).waitFor();
    await ben.getByText("Where: shared once the host approves your request").waitFor();
    expect(await ben.getByText("Café Lima").count()).toBe(0);
    expect(await axeViolations(ben)).toEqual([]);
    await photograph(ben, "approval-register");

    await ben.getByLabel("Your name").fill("Ben Okafor");
    await ben.getByLabel("Email", { exact: true }).fill("ben@example.org");
    await ben.getByRole("button", { name: "Ask to join" }).click();
    await ben.getByRole("heading", { name: "Your request is with the host, Ben Okafor" }).waitFor();
    await ben.getByRole("status").filter({ hasText: "Requested · waiting for the host" }).waitFor();
    await ben.getByRole("link", { name: "Withdraw my request" }).waitFor();
    expect(await ben.getByText("Café Lima").count()).toBe(0);
    expect(await overflowsSideways(ben)).toBe(false);
    expect(await axeViolations(ben)).toEqual([]);
    await photograph(ben, "approval-requested");

    // Two more ask; the host sees the requests on the guest list, ticks two and approves them.
    for (const [name, email] of [
      ["Cleo Park", "cleo@example.org"],
      ["Dev Rao", "dev@example.org"],
    ]) {
      const res = await fetch(at(`/e/${event.eventId}/rsvp`), {
        method: "POST",
        headers: { "content-type": "application/json", accept: "application/json" },
        body: JSON.stringify({ name, email }),
      });
      expect(res.status).toBe(202);
    }
    await runtime.idle();
    const host = await site.phone();
    await host.goto(at(`/h/${hostToken}`));
    await host.locator('[data-field="requested"]').filter({ hasText: "3" }).waitFor();
    await host.goto(at(`/h/${hostToken}/guests`));
    await host.getByRole("heading", { name: "Requests waiting for you" }).waitFor();
    expect(await overflowsSideways(host)).toBe(false);
    // The guest table's last column (the re-send buttons) has no header text yet: the table's, not this section's.
    expect(await axeViolations(host)).toEqual([]);
    await photograph(host, "approval-guest-list");

    await host.getByLabel("Select Ben Okafor").check();
    await host.getByLabel("Select Cleo Park").check();
    await host.getByRole("button", { name: "Approve selected" }).click();
    await host.getByText(/Approved: Cleo Park <cleo@example.org> is confirmed/).waitFor();
    expect(await host.getByLabel("Select Dev Rao").count()).toBe(1);
    expect(await host.getByLabel("Select Ben Okafor").count()).toBe(0);
    expect(await axeViolations(host)).toEqual([]);
    await photograph(host, "approval-guest-list-after");

    // Ben's page turns into his seat by itself, now with the place.
    await ben.getByRole("heading", { name: "You're in, Ben Okafor!" }).waitFor({ timeout: 20_000 });
    await ben.getByText("Café Lima", { exact: false }).first().waitFor();
    expect(await axeViolations(ben)).toEqual([]);
  });
});
