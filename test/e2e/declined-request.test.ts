import { describe, expect, it } from "vitest";
import { EventSettings } from "../../contracts/settings.ts";
import { commandOf } from "../helpers/factories.ts";
import { type Lifecycle, onEachRuntime } from "../helpers/lifecycle-harness.ts";

/**
 * A request the host declined (approval mode, docs/approval.md) is not a dead end: the guest's manage page says
 * where they stand and, while registration is open, offers to ask again (the event's form, which emails them
 * a link that makes a new request);
 * the decline email has the way back too. With registration closed, the page says there is no way to ask again.
 */
onEachRuntime((start) => {
  let life: Lifecycle;

  const get = async (path: string) => {
    const res = await life.fetch(
      new Request(`http://localhost${path}`, { headers: { accept: "text/html" } }),
    );
    expect(res.status, path).toBe(200);
    return res.text();
  };
  const ask = async () => {
    const res = await life.fetch(
      new Request(`http://localhost/e/${life.eventId}/rsvp`, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
        body: new URLSearchParams({ name: "Ana", email: "ana@example.org" }),
      }),
    );
    expect(res.status).toBe(303);
    await life.settle();
    return new URL(res.headers.get("location")!, "http://localhost").pathname;
  };
  const host = (type: "close-registration" | "reopen-registration") =>
    commandOf(life.eventId, { type }, { lane: "host" });

  describe("a declined request", () => {
    it("shows the decline on the manage page with a way to ask again while registration is open", async () => {
      life = await start({ capacity: 4, settings: EventSettings.parse({ approval: true }) });
      const manage = await ask();
      const ana = await life.guest("ana@example.org");
      await life.send(
        commandOf(life.eventId, { type: "decline-request", guestId: ana.guestId }, { lane: "host" }),
      );
      expect(await life.statusOf("ana@example.org")).toBe("cancelled");

      const declined = await get(manage);
      expect(declined).toContain("Not approved");
      expect(declined).toContain("The host could not approve your request");
      expect(declined).toContain("If your plans have changed, you can ask the host again:");
      expect(declined).toMatch(
        new RegExp(`<a class="button secondary" href="/e/${life.eventId}">Ask again</a>`),
      );

      const mail = (await life.mail("ana@example.org")).at(-1)!;
      expect(mail.subject).toBe("Your request for Summer party");
      expect(mail.text.replace(/\s+/g, " ")).toContain("you can ask again from the event's page");
      expect(mail.text).toContain(`/e/${life.eventId}`);

      // Registration closed: the page says so, and offers nothing.
      await life.send(host("close-registration"));
      const closed = await get(manage);
      expect(closed).toContain("Registration is closed, so you cannot ask again.");
      expect(closed).not.toContain(">Ask again</a>");

      // Reopened: the form (anyone can type an address) emails Ana a link; following it is a new request.
      await life.send(host("reopen-registration"));
      await ask();
      const rejoin = (await life.mail("ana@example.org")).at(-1)!;
      expect(rejoin.links.rejoin).toBeDefined();
      await life.follow(rejoin.links.rejoin!);
      expect(await life.statusOf("ana@example.org")).toBe("requested");
    });
  });
});
