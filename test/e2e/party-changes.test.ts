import { describe, expect, it } from "vitest";
import { EventSettings } from "../../contracts/settings.ts";
import { cancel, register } from "../helpers/factories.ts";
import { type Lifecycle, onEachRuntime } from "../helpers/lifecycle-harness.ts";

const html = { accept: "text/html" };
const form = { ...html, "content-type": "application/x-www-form-urlencoded" };

onEachRuntime((start) => {
  let life: Lifecycle;
  /** Each guest's registration command id: their manage page is `/e/<event>/s/<command id>`. */
  const registrations = new Map<string, string>();

  async function eventWith(capacity: number, parties: [string, number][]) {
    life = await start({ capacity, settings: EventSettings.parse({ maxParty: 4 }) });
    for (const [email, party] of parties) {
      const command = register(life.eventId, email, email.split("@")[0], { party });
      registrations.set(email, command.commandId);
      await life.send(command);
    }
  }

  /** GETs a page and returns its HTML (throws on anything but 200). */
  async function page(path: string): Promise<string> {
    const res = await life.fetch(new Request(new URL(path, "http://rsvp.test"), { headers: html }));
    const body = await res.text();
    if (res.status !== 200) throw new Error(`GET ${path} → ${res.status}: ${body}`);
    return body;
  }

  /** Posts a form to a link page as its button does, settles, and returns the result page. */
  async function press(path: string, fields: Record<string, string>): Promise<string> {
    const url = new URL(path, "http://rsvp.test");
    const post = await life.fetch(
      new Request(url, { method: "POST", headers: form, body: new URLSearchParams(fields) }),
    );
    expect(post.status).toBe(303);
    await life.settle();
    return page(post.headers.get("location")!);
  }

  /** The party link on a guest's manage page. */
  async function partyLinkOf(email: string): Promise<string> {
    const manage = await page(`/e/${life.eventId}/s/${registrations.get(email)}`);
    const link = /href="(\/l\/party\/[^"]+)"/.exec(manage)?.[1];
    if (!link) throw new Error(`no party link on ${email}'s manage page`);
    expect(manage).toContain("Change the number of seats");
    return link;
  }

  describe("a guest changes their party", () => {
    it("lowering from the manage page frees seats, which are offered to the next in line", async () => {
      await eventWith(4, [
        ["four@example.org", 4],
        ["pair@example.org", 2],
      ]);
      const link = await partyLinkOf("four@example.org");
      const form = await page(link);
      expect(form).toContain("You have 4 seats, you included.");
      expect(form).toContain('<option value="4" selected>4</option>');
      // Opening the page changes nothing (mail scanners fetch links).
      expect(await life.current()).toMatchObject({ confirmed: 4, waitlisted: 2 });

      const done = await press(link, { party: "2" });
      expect(done).toContain("Your party is now 2 seats");
      expect(done).toContain("You gave up 2 seats; they go to the next guests in line.");
      expect(await life.guest("four@example.org")).toMatchObject({ status: "confirmed", party: 2 });
      expect(await life.guest("pair@example.org")).toMatchObject({ status: "offered", party: 2 });
      expect(await life.current()).toMatchObject({ confirmed: 2, offered: 2, waitlisted: 0 });
    });

    it("a raise without free seats changes nothing and says so; with free seats it is granted", async () => {
      await eventWith(5, [
        ["pair@example.org", 2],
        ["three@example.org", 3],
      ]);
      const link = await partyLinkOf("pair@example.org");
      const kept = await press(link, { party: "4" });
      expect(kept).toContain("Nothing changed: you keep your 2 seats");
      expect(await life.guest("pair@example.org")).toMatchObject({ status: "confirmed", party: 2 });

      await life.send(cancel(life.eventId, (await life.guest("three@example.org")).guestId));
      const raised = await press(link, { party: "4" });
      expect(raised).toContain("Your party is now 4 seats");
      expect(await life.guest("pair@example.org")).toMatchObject({ status: "confirmed", party: 4 });
      expect(await life.current()).toMatchObject({ confirmed: 4, offered: 0 });

      const tooMany = await life.fetch(
        new Request(new URL(link, "http://rsvp.test"), {
          method: "POST",
          headers: form,
          body: new URLSearchParams({ party: "9" }),
        }),
      );
      expect(tooMany.status).toBe(400);
    });

    it("a waitlisted party lowers its request, keeps its place, and is offered once it fits", async () => {
      await eventWith(3, [
        ["pair@example.org", 2],
        ["four@example.org", 4],
        ["solo@example.org", 1],
      ]);
      const seq = (await life.guest("four@example.org")).waitlistSeq;
      const done = await press(await partyLinkOf("four@example.org"), { party: "1" });
      expect(done).toContain("Your party is now 1 seat");
      expect(await life.guest("four@example.org")).toMatchObject({
        status: "offered",
        party: 1,
        waitlistSeq: seq,
      });
      expect(await life.statusOf("solo@example.org")).toBe("waitlisted");
    });
  });

  describe("a partial accept", () => {
    it("the first party in line takes fewer seats than it asked for; the rest go to the next in line", async () => {
      await eventWith(4, [
        ["three@example.org", 3],
        ["one@example.org", 1],
        ["next3@example.org", 3],
        ["solo@example.org", 1],
      ]);
      await life.send(cancel(life.eventId, (await life.guest("three@example.org")).guestId));
      expect(await life.guest("next3@example.org")).toMatchObject({ status: "offered", party: 3 });
      expect(await life.statusOf("solo@example.org")).toBe("waitlisted");

      const offer = (await life.mail("next3@example.org")).find((m) => m.links.claim);
      const claimPage = await page(offer!.links.claim!);
      expect(claimPage).toContain("Seats to take, you included");
      expect(claimPage).toContain('<option value="3" selected>3</option>');
      const done = await press(offer!.links.claim!, { party: "2" });
      expect(done).toContain("2 seats confirmed");

      expect(await life.guest("next3@example.org")).toMatchObject({ status: "confirmed", party: 2 });
      // The seat they left is offered at once to the next in line.
      expect(await life.guest("solo@example.org")).toMatchObject({ status: "offered", party: 1 });
      expect(await life.current()).toMatchObject({ confirmed: 3, offered: 1, waitlisted: 0 });
    });
  });
});
