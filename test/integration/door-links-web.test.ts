import { describe, expect, it } from "vitest";
import { doorLinkSite } from "../helpers/door-link-site.ts";
import { formIdIn, postForm } from "../helpers/web-app.ts";

/**
 * Door links revoked from the host's door page (docs/door.md), over the embedded runtime: the page lists the
 * links it made (label, when), Revoke is a POST of a form the page issued and refused from another site; the
 * revoked link then opens a page saying so (410), its list and check-in answer 410 too, revoking again changes
 * nothing, another link still works, and the audit trail has both.
 */
const site = doorLinkSite("door-links", "door-links-party");
const { eventId, doorPage, page, mint } = site;

describe("revoking a door link", () => {
  it("lists the links, revokes one (410 from then on, idempotent, audited), and leaves the other working", async () => {
    const main = await mint("Main door");
    const side = await mint("Side door");
    expect((await page(main)).status).toBe(200);

    const listed = (await page(doorPage)).html;
    expect(listed).toContain('<h2 id="door-links-heading">Door links</h2>');
    expect(listed).toContain("Main door");
    expect(listed).toContain("Side door");
    expect(listed).toMatch(/Made \w{3} \d{1,2} \w{3}, \d\d:\d\d/);

    const event = await site.runtime.store.getEvent(eventId);
    const mainLink = event?.doorLinks?.find((l) => l.label === "Main door");
    expect(mainLink).toMatchObject({ revokedAt: null });

    // Another site's page cannot revoke it.
    const forged = await site.app.request(`${doorPage}/revoke`, {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", origin: "https://evil.example" },
      body: new URLSearchParams({ formId: formIdIn(listed), linkId: mainLink!.id }).toString(),
    });
    expect(forged.status).toBe(403);

    const revoked = await postForm(site.app, `${doorPage}/revoke`, {
      formId: formIdIn(listed),
      linkId: mainLink!.id,
    });
    expect(revoked.status).toBe(303);
    expect(revoked.headers.get("location")).toBe(`${doorPage}?revoked=${mainLink!.id}`);
    await site.runtime.idle();

    const gone = await page(main);
    expect(gone.status).toBe(410);
    expect(gone.html).toContain("This door link was revoked");
    expect(gone.html).toContain("Ask the host for a new door link.");
    const list = await site.app.request(`${main}/list`, { headers: { accept: "application/json" } });
    expect(list.status).toBe(410);
    const checkIn = await site.app.request(`${main}/check-in`, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ code: "ABCD-EFGH" }),
    });
    expect(checkIn.status).toBe(410);
    expect((await page(side)).status).toBe(200);

    // The host page says it is revoked and offers no second Revoke; revoking again changes nothing.
    const after = (await page(`${doorPage}?revoked=${mainLink!.id}`)).html;
    expect(after).toContain("The door link Main door is revoked.");
    expect(after).toMatch(/Revoked .*: it opens nothing\./);
    expect(after).toContain('aria-label="Revoke the door link Side door"');
    expect(after).not.toContain('aria-label="Revoke the door link Main door"');
    const revokedAt = async () =>
      (await site.runtime.store.getEvent(eventId))?.doorLinks?.find((l) => l.id === mainLink!.id)?.revokedAt;
    const first = await revokedAt();
    expect(first).toEqual(expect.any(String));
    const again = await postForm(site.app, `${doorPage}/revoke`, {
      formId: formIdIn(after),
      linkId: mainLink!.id,
    });
    expect(again.status).toBe(303);
    await site.runtime.idle();
    expect(await revokedAt()).toBe(first);

    // An unknown link id is a clear 404.
    expect(
      (await postForm(site.app, `${doorPage}/revoke`, { formId: formIdIn(after), linkId: "nolinkhere" }))
        .status,
    ).toBe(404);

    const trail = await site.runtime.audit.list(eventId);
    const actions = trail.filter((e) => e.entity === "event").map((e) => [e.action, e.to]);
    expect(actions).toContainEqual(["mint-door-link", `door link ${mainLink!.id}: Main door (minted)`]);
    expect(actions).toContainEqual(["revoke-door-link", `door link ${mainLink!.id}: Main door (revoked)`]);
    expect(actions.filter(([a]) => a === "revoke-door-link")).toHaveLength(1);
  });
});
