import { beforeAll, describe, expect, it } from "vitest";
import { signDoorToken } from "../../core/check-in-code.ts";
import { doorLinkSite } from "../helpers/door-link-site.ts";
import { formIdIn, postForm } from "../helpers/web-app.ts";

/**
 * A revoked door link answers whoever still holds it in their own language (Accept-Language; the event's when
 * the browser names none rsvp speaks): a check-in form posted without script gets the revoked page, the door
 * page's sync (JSON) a machine-readable code with the words. See docs/door.md.
 */
const site = doorLinkSite("door-revoked", "door-revoked-language");
/** The revoked door link's path. */
let revoked: string;

beforeAll(async () => {
  revoked = await site.mint("Main");
  const linkId = (await site.runtime.store.getEvent(site.eventId))!.doorLinks![0]!.id;
  const listed = (await site.page(site.doorPage)).html;
  const revoke = await postForm(site.app, `${site.doorPage}/revoke`, { formId: formIdIn(listed), linkId });
  expect(revoke.status).toBe(303);
  await site.runtime.idle();
});

const checkInForm = (language?: string) =>
  site.app.request(`${revoked}/check-in`, {
    method: "POST",
    headers: {
      "content-type": "application/x-www-form-urlencoded",
      accept: "text/html",
      ...(language ? { "accept-language": language } : {}),
    },
    body: new URLSearchParams({ code: "ABCD-EFGH" }).toString(),
  });

const checkInJson = (language?: string) =>
  site.app.request(`${revoked}/check-in`, {
    method: "POST",
    headers: {
      "content-type": "application/json",
      accept: "application/json",
      ...(language ? { "accept-language": language } : {}),
    },
    body: JSON.stringify({ code: "ABCD-EFGH" }),
  });

describe("a revoked door link", () => {
  it("answers a check-in form posted without script with the revoked page in the helper's language", async () => {
    const german = await checkInForm("de-DE,de;q=0.9,en;q=0.5");
    expect(german.status).toBe(410);
    const html = await german.text();
    expect(html).toContain('<html lang="de"');
    expect(html).toContain("Dieser Einlass-Link wurde gesperrt");
    expect(html).not.toMatch(/revoked by the host|Ask the host/);

    // A browser that names no language rsvp speaks reads the event's.
    const other = await checkInForm("fr-FR");
    expect(other.status).toBe(410);
    expect(await other.text()).toContain("This door link was revoked");
  });

  it("answers the door page's sync (JSON) with a code to act on and the words in the helper's language", async () => {
    const german = await checkInJson("de");
    expect(german.status).toBe(410);
    const body = (await german.json()) as { code?: string; error: string };
    expect(body.code).toBe("door-link-revoked");
    expect(body.error).toContain("Garden party");
    expect(body.error).toMatch(/Gastgeber/);

    const english = (await (await checkInJson()).json()) as { code?: string; error: string };
    expect(english).toEqual({
      code: "door-link-revoked",
      error: "The host of Garden party turned this door link off. Ask the host for a new door link.",
    });
    // The list the page reads answers the same way.
    const list = await site.app.request(`${revoked}/list`, {
      headers: { accept: "application/json", "accept-language": "de" },
    });
    expect(list.status).toBe(410);
    expect(((await list.json()) as { code?: string }).code).toBe("door-link-revoked");
  });
});

describe("an expired door link", () => {
  it("says so in the helper's language, with what to do", async () => {
    const token = signDoorToken(
      { eventId: site.eventId, expiresAt: "2020-01-01T00:00:00.000Z" },
      site.keyring(),
    );
    const ask = (language: string) =>
      site.app.request(`/door/${token}`, { headers: { accept: "text/html", "accept-language": language } });

    const german = await ask("de-DE,de;q=0.9");
    expect(german.status).toBe(410);
    const html = await german.text();
    expect(html).toContain("Dieser Einlass-Link ist abgelaufen: Die Veranstaltung ist vorbei.");
    expect(html).toContain("Bitte den Gastgeber um einen neuen Einlass-Link.");
    expect(html).not.toContain("has expired");

    const english = await (await ask("en")).text();
    expect(english).toContain("This door link has expired: the event is over.");
    expect(english).toContain("Ask the host for a new door link.");
  });
});
