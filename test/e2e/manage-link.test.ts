import { describe, expect, it } from "vitest";
import { EventSettings } from "../../contracts/settings.ts";
import { newEvent, register } from "../helpers/factories.ts";
import { type Lifecycle, onEachRuntime } from "../helpers/lifecycle-harness.ts";

/**
 * The emails' "Manage your RSVP" link (`/l/manage/<token>`): it opens the guest's manage page, which shows the
 * event, where they stand and their party, and offers each step as a button to that step's own page. It acts
 * on nothing: opening it any number of times leaves the guest, the event and the outbox as they were. A link
 * that does not verify is refused as every link is, and a page never shows another guest. On both runtimes.
 */
onEachRuntime((start) => {
  let life: Lifecycle;

  const html = { accept: "text/html" };
  const json = { accept: "application/json" };
  const at = (link: string) => new URL(link, "http://rsvp.test");
  const get = (link: string, headers: Record<string, string> = html) =>
    life.fetch(new Request(at(link), { headers }));
  const place = { place: "Café Lima", address: "Hauptstraße 1\n10115 Berlin", onlineUrlConfirmedOnly: false };
  const details = (language: "en" | "de" = "en") => ({
    ...newEvent().details,
    language,
    location: place,
  });

  /** The manage link of the guest's latest email that has one. */
  async function manageLinkOf(email: string): Promise<string> {
    const mail = (await life.mail(email)).filter((m) => m.links.manage);
    const link = mail.at(-1)?.links.manage;
    if (!link) throw new Error(`no manage link in ${email}'s emails`);
    return link;
  }

  /** The page's buttons to other link pages, by action (`cancel`, `claim`, …). */
  const buttonsOf = (page: string) =>
    [...page.matchAll(/href="\/(l|name)\/([a-z-]+)\/[^"/]+"/g)].map((m) => `${m[1]}/${m[2]}`).sort();

  describe("the manage link of a guest's emails", () => {
    it("opens a confirmed guest's manage page: the event, the seat, the party and a cancel button", async () => {
      life = await start({ capacity: 2, details: details(), settings: EventSettings.parse({ maxParty: 3 }) });
      await life.send(register(life.eventId, "ana@example.org", "Ana", { party: 2 }));
      const mail = (await life.mail("ana@example.org"))[0]!;
      expect(mail.text).toContain(`Manage your RSVP:\n${mail.links.manage}`);
      expect(at(mail.links.manage!).pathname).toMatch(/^\/l\/manage\/[^/]+$/);

      const res = await get(mail.links.manage!);
      expect(res.status).toBe(200);
      expect(res.headers.get("cache-control")).toBe("no-store");
      const page = await res.text();
      expect(page).toContain("You're in, Ana!");
      expect(page).toContain("Confirmed");
      expect(page).toContain("Summer party");
      expect(page).toContain("Café Lima");
      expect(page).toContain("You have 2 seats, you included.");
      expect(page).not.toContain("Cancel your RSVP, Ana?");
      expect(buttonsOf(page)).toEqual(["l/cancel", "l/data", "l/party", "name/manage"]);
      expect(page).toContain(">Cancel my seat<");
      expect(page).toContain(
        `href="/l/manage/${at(mail.links.manage!).pathname.split("/")[3]}/calendar.ics"`,
      );

      // Each button leads to its page, which shows (GET) and waits for its own button.
      const cancel = await life.stepFrom(mail.links.manage!, "cancel");
      const cancelPage = await (await get(cancel)).text();
      expect(cancelPage).toContain("Cancel your RSVP, Ana?");
      const name = await get(`/name/manage/${at(mail.links.manage!).pathname.split("/")[3]}`);
      expect(name.status).toBe(200);
      expect(await name.text()).toContain(`href="${at(mail.links.manage!).pathname}"`);
      const ics = await get(`${at(mail.links.manage!).pathname}/calendar.ics`);
      expect(ics.headers.get("content-type")).toContain("text/calendar");
      expect(await ics.text()).toContain("BEGIN:VEVENT");
    });

    it("changes nothing however often it is opened, as HTML or JSON, and takes no POST", async () => {
      life = await start({ capacity: 1, details: details() });
      await life.registerAll(["ana@example.org", "ben@example.org"]);
      const link = await manageLinkOf("ana@example.org");
      const before = await life.current();
      const mails = (await life.mail()).length;
      for (let i = 0; i < 3; i += 1) {
        expect((await get(link)).status).toBe(200);
        expect((await get(link, json)).status).toBe(200);
      }
      const post = await life.fetch(
        new Request(at(link), {
          method: "POST",
          headers: { ...html, "content-type": "application/x-www-form-urlencoded" },
          body: "",
        }),
      );
      expect(post.status).toBe(404);
      await life.settle();
      expect(await life.statusOf("ana@example.org")).toBe("confirmed");
      expect(await life.statusOf("ben@example.org")).toBe("waitlisted");
      expect((await life.current()).version).toBe(before.version);
      expect((await life.mail()).length).toBe(mails);
    });

    it("shows a waitlisted guest their place in line and the way to leave the line", async () => {
      life = await start({ capacity: 1, details: details() });
      await life.registerAll(["ana@example.org", "ben@example.org", "cy@example.org"]);
      const page = await (await get(await manageLinkOf("cy@example.org"))).text();
      expect(page).toContain("You're on the waitlist, cy");
      expect(page).toContain("On the waitlist (#2)");
      expect(page).toContain("number <strong>2</strong> in line");
      expect(page).toContain(">Leave the waitlist<");
      expect(buttonsOf(page)).toEqual(["l/cancel", "l/data", "name/manage"]);
      // The place is only for confirmed guests' calendars: no .ics while waiting.
      expect(page).not.toContain("calendar.ics");
      const body = await (await get(await manageLinkOf("cy@example.org"), json)).json();
      expect(body).toMatchObject({ action: "manage", state: "waitlisted", position: 2, party: 1 });
    });

    it("offers an offered guest claim and decline, with the hold's deadline", async () => {
      life = await start({ capacity: 1, details: details() });
      await life.registerAll(["ana@example.org", "ben@example.org"]);
      await life.follow(await life.stepFrom(await manageLinkOf("ana@example.org"), "cancel"));
      expect(await life.statusOf("ben@example.org")).toBe("offered");
      // Ben's manage link is the one of his waitlist email: it shows him as he stands now.
      const link = (await life.mail("ben@example.org")).find((m) => m.links.manage)!.links.manage!;
      const page = await (await get(link)).text();
      expect(page).toContain("A seat is waiting for you, ben");
      expect(page).toContain("Seat offered — claim by");
      expect(buttonsOf(page)).toEqual(["l/claim", "l/data", "l/decline", "name/manage"]);
      const body = await (await get(link, json)).json();
      const ben = await life.guest("ben@example.org");
      expect(body).toMatchObject({ state: "offered", offerExpiresAt: ben.offer!.expiresAt });
      // The claim button's page claims; the manage page then says so.
      await life.follow(await life.stepFrom(link, "claim"));
      expect(await life.statusOf("ben@example.org")).toBe("confirmed");
      expect(await (await get(link)).text()).toContain("You're in, ben!");
    });

    it("a cancelled guest's manage page says so and offers nothing to press but their data", async () => {
      life = await start({ capacity: 2, details: details() });
      await life.registerAll(["ana@example.org"]);
      const link = await manageLinkOf("ana@example.org");
      await life.follow(await life.stepFrom(link, "cancel"));
      const page = await (await get(link)).text();
      expect(page).toContain("Registration cancelled");
      expect(buttonsOf(page)).toEqual(["l/data"]);
    });

    it("speaks the event's language: German, with du", async () => {
      life = await start({ capacity: 1, details: details("de") });
      await life.registerAll(["ana@example.org", "ben@example.org"]);
      const mail = (await life.mail("ana@example.org"))[0]!;
      expect(mail.text).toContain(`Deine Anmeldung verwalten:\n${mail.links.manage}`);
      const page = await (await get(mail.links.manage!)).text();
      expect(page).toContain('lang="de"');
      expect(page).toContain("Du bist dabei, ana!");
      expect(page).toContain("Deinen Namen korrigieren");
      const waiting = await (await get(await manageLinkOf("ben@example.org"))).text();
      expect(waiting).toContain("Du bist auf der Warteliste, ben");
      expect(waiting).toContain(">Warteliste verlassen<");
    });

    it("refuses a tampered, expired or misplaced link as every link, and never shows another guest", async () => {
      life = await start({ capacity: 1, details: details() });
      await life.registerAll(["ana@example.org", "ben@example.org"]);
      const link = await manageLinkOf("ana@example.org");
      const token = at(link).pathname.split("/")[3]!;
      const fields = token.split(".");
      const benId = (await life.guest("ben@example.org")).guestId;

      // Another guest's id in Ana's token: the MAC no longer fits.
      const forged = [fields[0], fields[1], benId, ...fields.slice(3)].join(".");
      const refused = await get(`/l/manage/${forged}`);
      expect(refused.status).toBe(400);
      const said = await refused.text();
      expect(said).toContain("it was changed after it was sent");
      expect(said).not.toContain("ben");
      expect(said).not.toContain("Ana");
      // One character changed in the MAC.
      const mac = fields[6]!;
      const flipped = [...fields.slice(0, 6), `${mac.slice(0, -1)}${mac.endsWith("A") ? "B" : "A"}`].join(
        ".",
      );
      expect((await get(`/l/manage/${flipped}`)).status).toBe(400);
      expect((await get("/l/manage/not-a-token")).status).toBe(400);
      // A manage token on the cancel page, and a cancel token on the manage page: another step's link.
      expect((await get(`/l/cancel/${token}`)).status).toBe(400);
      const cancel = at(await life.stepFrom(link, "cancel")).pathname.split("/")[3]!;
      const wrong = await get(`/l/manage/${cancel}`, json);
      expect(wrong.status).toBe(400);
      expect(((await wrong.json()) as { error: string }).error).toContain("different step");

      // Ana's page names Ana only.
      const page = await (await get(link)).text();
      expect(page).not.toContain("ben@example.org");
      expect(page).not.toContain(">ben<");
      const body = (await (await get(link, json)).json()) as { guestId: string };
      expect(body.guestId).toBe((await life.guest("ana@example.org")).guestId);
      expect(JSON.stringify(body)).not.toContain(benId);

      // The event started: the link has expired (410), as the other links do.
      await life.advance(
        Date.parse(life.event.startsAt) - life.clock.now().getTime() + 60_000,
        6 * 3_600_000,
      );
      const expired = await get(link);
      expect(expired.status).toBe(410);
      expect(await expired.text()).toContain("the event has already started");
      expect(await life.statusOf("ana@example.org")).toBe("confirmed");
    });
  });
});
