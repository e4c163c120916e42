import pino from "pino";
import { describe, expect, it } from "vitest";
import { EventSettings } from "../../contracts/settings.ts";
import { noticeApplies } from "../../core/seat-keeper.ts";
import { guestListRows } from "../../producers/host/guest-list.ts";
import { requestsSectionOf } from "../../producers/web/approval-routes.ts";
import { guestListPage } from "../../producers/web/guest-list-pages.ts";
import { cancel, fakeClock, hostedEvent, register } from "../helpers/factories.ts";
import { sampleQuestions } from "../helpers/questions.ts";
import { scratchDataDir } from "../helpers/scratch-data-dir.ts";

/** The form id each rendering mints, the one thing two renderings of the same list may differ in. */
const sameFormIds = (page: string) => {
  const formId = /name="formId" value="([^"]+)"/.exec(page)?.[1];
  return formId ? page.replaceAll(formId, "FORM-ID") : page;
};

/**
 * The host's guest-list page is read a page of guests at a time (500): a list of one page must read as the whole
 * page did, with the search box above it.
 */
describe("the guest-list page, a page at a time", () => {
  const data = scratchDataDir("guest-list-page-stream");

  it("is the page rendered from the whole list: counts, requests, places in line, answers, actions", async () => {
    const clock = fakeClock(new Date("2026-11-09T09:00:00.000Z"));
    const r = await data.start({ clock, logger: pino({ level: "silent" }) });
    const { event, hostToken } = hostedEvent({
      capacity: 2,
      now: clock.now(),
      settings: EventSettings.parse({ questions: sampleQuestions, approval: true }),
    });
    await r.store.createEvent(event);
    const names = ["Ana", "Bob", "<Carla>", "Dan", "Eve"];
    await r.queue.send(
      // The host's imports skip approval; the others ask, and wait as requests above the list.
      names.map((n, i) =>
        register(event.eventId, `${i}@example.org`, n, {
          answers: { diet: "Vegan", photos: true },
          ...(i < 3 ? { lane: "import" as const } : {}),
        }),
      ),
    );
    await r.idle();
    const bob = (await r.store.listGuests(event.eventId)).find((g) => g.name === "Bob")!;
    await r.queue.send([cancel(event.eventId, bob.guestId)]);
    await r.idle();

    const res = await r.fetch(new Request(`http://rsvp.test/h/${hostToken}/guests`));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    const streamed = await res.text();

    const stored = (await r.store.getEvent(event.eventId))!;
    // A page of the list shows guests in registration order: their createdAt, then their id (the clock stood).
    const guests = (await r.store.listGuests(event.eventId)).sort((a, b) =>
      a.createdAt === b.createdAt ? (a.guestId < b.guestId ? -1 : 1) : a.createdAt < b.createdAt ? -1 : 1,
    );
    const rows = guestListRows(guests);
    const base = `/h/${encodeURIComponent(hostToken)}`;
    const formId = /name="formId" value="([^"]+)"/.exec(streamed)![1]!;
    const whole = String(
      await guestListPage({
        eventName: stored.name,
        language: stored.details.language,
        base,
        notice: null,
        timeZone: stored.timeZone,
        guests: rows.map((row, i) => ({ ...row, resendable: noticeApplies("resend-link", guests[i]!) })),
        questions: stored.settings.questions,
        formId,
        requests: requestsSectionOf(stored, rows, { base, formId }),
        hand: { maxParty: stored.settings.maxParty, problem: null },
        search: { words: null },
      }),
    );
    expect(sameFormIds(streamed)).toBe(sameFormIds(whole));
    expect(streamed).toContain("&lt;Carla&gt;");
    expect(guests.filter((g) => g.status === "requested")).toHaveLength(2);
  });

  it("is the whole page once when nobody is on the list yet", async () => {
    const clock = fakeClock(new Date("2026-11-09T09:00:00.000Z"));
    const r = await data.start({ clock, logger: pino({ level: "silent" }) });
    const { event, hostToken } = hostedEvent({ capacity: 2, now: clock.now() });
    await r.store.createEvent(event);

    const res = await r.fetch(new Request(`http://rsvp.test/h/${hostToken}/guests`));
    expect(res.status).toBe(200);
    const page = await res.text();
    expect(page.match(/<h1>/g)).toHaveLength(1);
    expect(page.match(/<\/html>/g)).toHaveLength(1);
    expect(page).not.toContain("<table");
  });
});
