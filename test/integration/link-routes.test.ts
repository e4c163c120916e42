import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { cachedKeyring } from "../../adapters/local/keyring-cache.ts";
import { SqliteMailOutbox } from "../../adapters/local/sqlite-mail-outbox.ts";
import { emailKey } from "../../contracts/common.ts";
import type { EventRecord } from "../../contracts/event.ts";
import type { GuestRecord } from "../../contracts/guest.ts";
import type { Keyring, LinkAction } from "../../contracts/link.ts";
import { signedLinkMinter } from "../../core/link-minter.ts";
import { describeLinkFailure, linkExpiry, signLink } from "../../core/link-token.ts";
import type { CommandQueue, GuestReader } from "../../core/ports.ts";
import { formatDateTime } from "../../i18n/index.ts";
import { formatStartsAt } from "../../producers/web/event-time.ts";
import { linkCommandId } from "../../producers/web/link-routes.ts";
import { type EmbeddedRuntime, openStores, startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import { cancel, fakeClock, messageGuests, newEvent, register } from "../helpers/factories.ts";
import { type TestWebApp as App, webAppOver } from "../helpers/web-app.ts";

const silent = pino({ level: "silent" });
const origin = "http://rsvp.test";

let dir: string;
let clock: ReturnType<typeof fakeClock>;
let keyring: () => Keyring;
let runtime: EmbeddedRuntime | null;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "rsvp-links-"));
  clock = fakeClock();
  keyring = cachedKeyring(dir);
  runtime = null;
});

afterEach(async () => {
  await runtime?.stop();
  rmSync(dir, { recursive: true, force: true });
});

/** The whole embedded runtime in-process (keeper, change feed, timers), on the test's fake clock. */
async function start(): Promise<EmbeddedRuntime> {
  runtime = await startEmbedded({ dataDir: dir, http: false, clock, logger: silent });
  return runtime;
}

/** The web app the runtime serves, over some stores, with the data dir's keyring. */
const webApp = (stores: { store: GuestReader; queue: CommandQueue }) =>
  webAppOver(stores, { clock, links: { keyring } });

const minter = () => signedLinkMinter({ keyring, baseUrl: () => origin, clock });

/** The path of a guest's link, as the mailer would mint it (expiring at the start, or the hold's end). */
function linkOf(event: EventRecord, guest: GuestRecord, action: LinkAction): string {
  const hold = action === "claim" && guest.offer ? new Date(guest.offer.expiresAt) : undefined;
  const expiresAt = new Date(linkExpiry(new Date(event.startsAt), hold));
  const url = minter().url({ eventId: event.eventId, guestId: guest.guestId, action, expiresAt });
  expect(url.startsWith(`${origin}/l/${action}/`)).toBe(true);
  return url.slice(origin.length);
}

const tokenOf = (path: string) => path.split("/")[3]!;

const open = (app: App, path: string) => app.request(path, { headers: { accept: "text/html" } });

/** The button press: what a browser sends for `<form method="post">` with no fields. */
const press = (app: App, path: string) =>
  app.request(path, {
    method: "POST",
    headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
    body: "",
  });

/** Presses the button and follows the 303 to the result page. */
async function pressAndRead(app: App, rt: EmbeddedRuntime, path: string): Promise<string> {
  const res = await press(app, path);
  expect(res.status).toBe(303);
  expect(res.headers.get("location")).toBe(`${origin}${path}/done`);
  await rt.idle();
  const done = await open(app, `${path}/done`);
  expect(done.status).toBe(200);
  return done.text();
}

const buttons = (page: string) => page.match(/<button\b/g)?.length ?? 0;

async function createEvent(rt: EmbeddedRuntime, overrides: Partial<EventRecord> = {}): Promise<EventRecord> {
  const event = newEvent(overrides);
  expect(await rt.store.createEvent(event)).toBe(true);
  return event;
}

/** Registers people in order, each applied before the next (`invite: true` makes pending guests). */
async function registerAll(rt: EmbeddedRuntime, eventId: string, emails: string[], invite = false) {
  for (const email of emails)
    await rt.queue.send([register(eventId, email, email.split("@")[0], { invite })]);
  await rt.idle();
}

async function guest(reader: GuestReader, eventId: string, email: string): Promise<GuestRecord> {
  const found = await reader.findGuestByEmail(eventId, emailKey(email));
  if (!found) throw new Error(`no guest ${email}`);
  return found;
}

/** An event of 2 seats: ana and ben confirmed, then cleo and dan in line. */
async function fullEvent(rt: EmbeddedRuntime) {
  const event = await createEvent(rt, { capacity: 2 });
  await registerAll(rt, event.eventId, ["ana@x.org", "ben@x.org", "cleo@x.org", "dan@x.org"]);
  return event;
}

/** The full event after ana left: cleo, at the head of the line, is offered her seat; dan still waits. */
async function offeredToCleo(rt: EmbeddedRuntime) {
  const event = await fullEvent(rt);
  await rt.queue.send([cancel(event.eventId, (await guest(rt.store, event.eventId, "ana@x.org")).guestId)]);
  await rt.idle();
  return { event, cleo: await guest(rt.store, event.eventId, "cleo@x.org") };
}

/** Everything a link could change: the event row (counters, version) and every guest row. */
async function snapshot(reader: GuestReader, eventId: string) {
  return { event: await reader.getEvent(eventId), guests: await reader.listGuests(eventId) };
}

describe("opening a link", () => {
  it("shows the event, the guest and one button for every action, and changes nothing (mail scanners prefetch)", async () => {
    const rt = await start();
    const event = await fullEvent(rt);
    await registerAll(rt, event.eventId, ["eve@x.org"], true);
    // Ben leaves: cleo, at the head of the line, is offered his seat.
    await rt.queue.send([cancel(event.eventId, (await guest(rt.store, event.eventId, "ben@x.org")).guestId)]);
    await rt.idle();
    const g = async (email: string) => guest(rt.store, event.eventId, email);
    const cleo = await g("cleo@x.org");
    expect(cleo.status).toBe("offered");
    const links = [
      { path: linkOf(event, await g("ana@x.org"), "cancel"), button: "Cancel my RSVP" },
      // Dan waits in line: his button names what it does (DESIGN.md), as his manage page's link does.
      { path: linkOf(event, await g("dan@x.org"), "cancel"), button: "Leave the waitlist" },
      {
        path: linkOf(event, cleo, "claim"),
        // The deadline short on the button, as the manage page's badge says it; the status line says it in full.
        button: `Claim my seat (held until ${formatDateTime("en", new Date(cleo.offer!.expiresAt), event.timeZone)})`,
      },
      { path: linkOf(event, cleo, "decline"), button: "Decline the offer" },
      { path: linkOf(event, await g("eve@x.org"), "confirm"), button: "Confirm I&#39;m coming" },
      { path: linkOf(event, await g("eve@x.org"), "decline"), button: "Decline the invitation" },
    ];
    await rt.stop();

    // No keeper now: whatever a GET enqueued would still sit in the queue.
    const offline = openStores(dir);
    try {
      const app = webApp(offline);
      const before = await snapshot(offline.store, event.eventId);
      for (const { path, button } of links) {
        for (const method of ["GET", "HEAD"]) {
          const res = await app.request(path, { method, headers: { accept: "text/html" } });
          expect(res.status).toBe(200);
          expect(res.headers.get("cache-control")).toBe("no-store");
          if (method === "HEAD") continue;
          const page = await res.text();
          expect(page).toContain(event.name);
          expect(page).toContain(formatStartsAt(event.startsAt, event.timeZone));
          expect(buttons(page)).toBe(1);
          expect(page).toContain(
            `<form method="post" action="${path}"><button type="submit">${button}</button>`,
          );
          expect(page).toContain("Nothing changes until you press the button.");
        }
      }
      const dan = await open(app, links[1]!.path);
      expect(await dan.text()).toContain("<p>You are number 1 on the waitlist.</p>");
      expect(offline.queue.depth()).toBe(0);
      expect(await snapshot(offline.store, event.eventId)).toEqual(before);
    } finally {
      offline.db.close();
    }
  });

  it("of a step that no longer applies says so plainly, with no button", async () => {
    const rt = await start();
    const event = await fullEvent(rt);
    const app = webApp(rt);
    const ana = await guest(rt.store, event.eventId, "ana@x.org");
    await rt.queue.send([cancel(event.eventId, ana.guestId)]);
    await rt.idle();

    const cancelled = await (await open(app, linkOf(event, ana, "cancel"))).text();
    expect(cancelled).toContain("<h1>Already cancelled</h1>");
    expect(cancelled).toContain("Your RSVP is cancelled.");
    expect(buttons(cancelled)).toBe(0);

    // Dan never got an offer: his claim link (say, from a forwarded email) has nothing to claim.
    const dan = await guest(rt.store, event.eventId, "dan@x.org");
    const noOffer = await (await open(app, linkOf(event, dan, "claim"))).text();
    expect(noOffer).toContain("There is no seat on offer for you right now.");
    expect(buttons(noOffer)).toBe(0);
  });
});

describe("pressing the button", () => {
  it("cancels; a double click and a replayed post release one seat and make one offer", async () => {
    const rt = await start();
    const event = await fullEvent(rt);
    const app = webApp(rt);
    const ana = await guest(rt.store, event.eventId, "ana@x.org");
    const path = linkOf(event, ana, "cancel");

    const [first, second] = await Promise.all([press(app, path), press(app, path)]);
    expect(first.status).toBe(303);
    expect(second.status).toBe(303);
    await rt.idle();
    // A replay of the same post after it was applied: the keeper knows the command id.
    expect((await press(app, path)).status).toBe(303);
    await rt.idle();

    expect(await rt.store.getEvent(event.eventId)).toMatchObject({ confirmed: 1, offered: 1, waitlisted: 1 });
    expect((await guest(rt.store, event.eventId, "ana@x.org")).status).toBe("cancelled");
    expect((await guest(rt.store, event.eventId, "cleo@x.org")).status).toBe("offered");
    expect((await guest(rt.store, event.eventId, "dan@x.org")).status).toBe("waitlisted");
    const cancels = (await rt.audit.list(event.eventId)).filter((e) => e.action === "cancel");
    expect(cancels).toHaveLength(1);
    expect(cancels[0]!.commandId).toBe(linkCommandId(tokenOf(path)));
    expect(cancels[0]!.lane).toBe("link");

    const done = await (await open(app, `${path}/done`)).text();
    expect(done).toContain("<h1>Your RSVP is cancelled</h1>");
    expect(done).toContain("Your seat goes to the next person in line.");
    expect(done).not.toContain("http-equiv");
  });

  it("claims an offered seat while it is held", async () => {
    const rt = await start();
    const { event, cleo } = await offeredToCleo(rt);
    const app = webApp(rt);

    const done = await pressAndRead(app, rt, linkOf(event, cleo, "claim"));
    expect(done).toContain("<h1>Seat claimed</h1>");
    expect(done).toContain("You&#39;re in, cleo: your seat is confirmed.");
    expect((await guest(rt.store, event.eventId, "cleo@x.org")).status).toBe("confirmed");
    expect(await rt.store.getEvent(event.eventId)).toMatchObject({ confirmed: 2, offered: 0, waitlisted: 1 });
  });

  it("declines an offered seat, which passes to the next in line", async () => {
    const rt = await start();
    const { event, cleo } = await offeredToCleo(rt);
    const app = webApp(rt);

    const done = await pressAndRead(app, rt, linkOf(event, cleo, "decline"));
    expect(done).toContain("<h1>Offer declined</h1>");
    expect((await guest(rt.store, event.eventId, "cleo@x.org")).status).toBe("cancelled");
    expect((await guest(rt.store, event.eventId, "dan@x.org")).status).toBe("offered");
  });

  it("confirms an invited guest", async () => {
    const rt = await start();
    const event = await createEvent(rt);
    await registerAll(rt, event.eventId, ["eve@x.org"], true);
    const app = webApp(rt);
    const eve = await guest(rt.store, event.eventId, "eve@x.org");
    expect(eve.status).toBe("pending");

    const done = await pressAndRead(app, rt, linkOf(event, eve, "confirm"));
    expect(done).toContain("<h1>You&#39;re in</h1>");
    expect((await guest(rt.store, event.eventId, "eve@x.org")).status).toBe("confirmed");

    // The same link again: already answered, no button.
    const again = await (await open(app, linkOf(event, eve, "confirm"))).text();
    expect(again).toContain("<h1>Already confirmed</h1>");
    expect(buttons(again)).toBe(0);
  });

  it("a claim pressed in the hold's last second but applied after it ends says the offer expired", async () => {
    const rt = await start();
    const { event, cleo } = await offeredToCleo(rt);
    const path = linkOf(event, cleo, "claim");
    const holdEnds = Date.parse(cleo.offer!.expiresAt);
    await rt.stop();

    // The press is accepted while the keeper is down, a second before the hold ends…
    const offline = openStores(dir);
    clock.set(new Date(holdEnds - 1_000));
    const before = webApp(offline);
    expect((await press(before, path)).status).toBe(303);
    const processing = await (await open(before, `${path}/done`)).text();
    expect(processing).toContain("<h1>Processing…</h1>");
    expect(processing).toContain('<meta http-equiv="refresh" content="2">');
    offline.db.close();

    // …and applied only after it ended. The link itself has expired by now, its result page has not.
    clock.set(new Date(holdEnds + 60_000));
    const after = await start();
    await after.tick();
    const app = webApp(after);
    const done = await (await open(app, `${path}/done`)).text();
    expect(done).toContain("<h1>This offer has expired</h1>");
    expect((await guest(after.store, event.eventId, "cleo@x.org")).status).toBe("lapsed");
    const json = await app.request(`${path}/done`, { headers: { accept: "application/json" } });
    expect(await json.json()).toMatchObject({ state: "done", title: "This offer has expired" });
    expect((await open(app, path)).status).toBe(410);
  });

  it("answers a program that asks for JSON with 202 and the result link", async () => {
    const rt = await start();
    const event = await fullEvent(rt);
    const app = webApp(rt);
    const path = linkOf(event, await guest(rt.store, event.eventId, "ana@x.org"), "cancel");
    const res = await app.request(path, { method: "POST", headers: { accept: "application/json" } });
    expect(res.status).toBe(202);
    const accepted = await res.json();
    expect(accepted).toEqual({
      status: "accepted",
      commandId: linkCommandId(tokenOf(path)),
      statusUrl: `${origin}${path}/done`,
    });
    await rt.idle();
    const done = await app.request(`${path}/done`, { headers: { accept: "application/json" } });
    expect(await done.json()).toMatchObject({
      state: "done",
      outcome: { kind: "cancelled", from: "confirmed", seatReleased: true },
    });
  });
});

describe("a link that does not work", () => {
  /** Opens and presses a bad link; expects the same refusal both times and nothing applied. */
  async function refused(rt: EmbeddedRuntime, app: App, eventId: string, path: string, status: number) {
    const before = await snapshot(rt.store, eventId);
    const page = await open(app, path);
    expect(page.status).toBe(status);
    const text = await page.text();
    expect(buttons(text)).toBe(0);
    expect(text).toContain("Nothing was changed.");
    expect((await press(app, path)).status).toBe(status);
    await rt.idle();
    expect(await snapshot(rt.store, eventId)).toEqual(before);
    expect(await rt.store.getCommandResult(eventId, linkCommandId(tokenOf(path)))).toBeNull();
    return text;
  }

  it("edited by one character is refused with 400", async () => {
    const rt = await start();
    const event = await fullEvent(rt);
    const app = webApp(rt);
    const path = linkOf(event, await guest(rt.store, event.eventId, "ana@x.org"), "cancel");
    // One character in the middle of the MAC…
    const i = path.length - 10;
    const flipped = `${path.slice(0, i)}${path[i] === "A" ? "B" : "A"}${path.slice(i + 1)}`;
    const page = await refused(rt, app, event.eventId, flipped, 400);
    expect(page).toContain(describeLinkFailure("bad-signature").replace(/'/g, "&#39;"));
    // …in the guest id (pointing the link at someone else), or a link cut short.
    const ben = await guest(rt.store, event.eventId, "ben@x.org");
    const other = path.replace(
      `.${(await guest(rt.store, event.eventId, "ana@x.org")).guestId}.`,
      `.${ben.guestId}.`,
    );
    expect(other).not.toBe(path);
    await refused(rt, app, event.eventId, other, 400);
    await refused(rt, app, event.eventId, path.slice(0, -3), 400);
  });

  it("opened after the event started is refused with 410", async () => {
    const rt = await start();
    const event = await fullEvent(rt);
    const app = webApp(rt);
    const path = linkOf(event, await guest(rt.store, event.eventId, "ana@x.org"), "cancel");
    clock.set(new Date(Date.parse(event.startsAt) + 60_000));
    const page = await refused(rt, app, event.eventId, path, 410);
    expect(page).toContain("This link has expired: the event has already started.");
  });

  it("opened on another step's address is refused, and an unknown step is not found", async () => {
    const rt = await start();
    const event = await fullEvent(rt);
    const app = webApp(rt);
    const path = linkOf(event, await guest(rt.store, event.eventId, "ana@x.org"), "cancel");
    const asClaim = path.replace("/l/cancel/", "/l/claim/");
    const page = await refused(rt, app, event.eventId, asClaim, 400);
    expect(page).toContain("This link is for a different step.");
    expect((await open(app, path.replace("/l/cancel/", "/l/delete/"))).status).toBe(404);
  });

  it("for an event or a guest that does not exist is not found (404)", async () => {
    const rt = await start();
    const event = await fullEvent(rt);
    const app = webApp(rt);
    const sign = (eventId: string, guestId: string) =>
      `/l/cancel/${signLink(
        {
          eventId,
          guestId,
          action: "cancel",
          expiresAt: event.startsAt,
          issuedAt: clock.now().toISOString(),
        },
        keyring(),
      )}`;
    const ana = await guest(rt.store, event.eventId, "ana@x.org");
    const noEvent = await refused(rt, app, event.eventId, sign("ev-gone", ana.guestId), 404);
    expect(noEvent).toContain("The event this link is for does not exist");
    const noGuest = await refused(rt, app, event.eventId, sign(event.eventId, "nobody"), 404);
    expect(noGuest).toContain("not on the guest list");
    const json = await app.request(sign(event.eventId, "nobody"), {
      headers: { accept: "application/json" },
    });
    expect(json.status).toBe(404);
    expect(await json.json()).toEqual({ error: expect.stringContaining("not on the guest list") });
  });
});

describe("unsubscribing from the host's messages", () => {
  /** What a mail client's unsubscribe button sends (RFC 8058 §3.1): a form POST, no page, no cookies. */
  const oneClick = (app: App, path: string, multipart = false) => {
    if (!multipart)
      return app.request(path, {
        method: "POST",
        headers: { "content-type": "application/x-www-form-urlencoded" },
        body: "List-Unsubscribe=One-Click",
      });
    const body = new FormData();
    body.set("List-Unsubscribe", "One-Click");
    return app.request(path, { method: "POST", body });
  };

  it("asks first, then stops the host's messages and nothing else; the page says so", async () => {
    const rt = await start();
    const event = await fullEvent(rt);
    const app = webApp(rt);
    const ana = await guest(rt.store, event.eventId, "ana@x.org");
    const path = linkOf(event, ana, "unsubscribe");
    const before = await snapshot(rt.store, event.eventId);

    const page = await (await open(app, path)).text();
    expect(page).toContain("Stop the host&#39;s messages, ana?");
    expect(page).toContain("Your RSVP stays as it is");
    expect(buttons(page)).toBe(1);
    await rt.idle();
    expect(await snapshot(rt.store, event.eventId)).toEqual(before);

    const done = await pressAndRead(app, rt, path);
    expect(done).toContain("<h1>You&#39;re unsubscribed</h1>");
    expect(done).toContain("Your RSVP is unchanged.");
    expect(await guest(rt.store, event.eventId, "ana@x.org")).toMatchObject({
      status: "confirmed",
      hostMessages: false,
    });
    expect(await rt.store.getEvent(event.eventId)).toMatchObject({ confirmed: 2, offered: 0, waitlisted: 2 });

    const again = await (await open(app, path)).text();
    expect(again).toContain("Already unsubscribed");
    expect(buttons(again)).toBe(0);
  });

  it("takes a mail client's one-click POST at once with 200, form-encoded or multipart", async () => {
    const rt = await start();
    const event = await fullEvent(rt);
    const app = webApp(rt);
    const ana = await guest(rt.store, event.eventId, "ana@x.org");
    const ben = await guest(rt.store, event.eventId, "ben@x.org");

    const [urlencoded, multipart] = await Promise.all([
      oneClick(app, linkOf(event, ana, "unsubscribe")),
      oneClick(app, linkOf(event, ben, "unsubscribe"), true),
    ]);
    for (const res of [urlencoded, multipart]) {
      expect(res.status).toBe(200);
      expect(res.headers.get("location")).toBeNull();
      expect(await res.text()).toContain("Unsubscribed");
    }
    await rt.idle();
    for (const email of ["ana@x.org", "ben@x.org"])
      expect((await guest(rt.store, event.eventId, email)).hostMessages).toBe(false);

    // Anything else posted to an unsubscribe link is the page's button: redirected to the result.
    const cleo = await guest(rt.store, event.eventId, "cleo@x.org");
    expect((await press(app, linkOf(event, cleo, "unsubscribe"))).status).toBe(303);
    // The one-click body on another step's link is no unsubscribe: that link's button, as before.
    const cancelled = await oneClick(app, linkOf(event, cleo, "cancel"));
    expect(cancelled.status).toBe(303);
    // A body no button sends is refused before it is read.
    const huge = await app.request(linkOf(event, ana, "unsubscribe"), {
      method: "POST",
      headers: { "content-type": "application/x-www-form-urlencoded", accept: "text/html" },
      body: `List-Unsubscribe=One-Click&pad=${"x".repeat(20_000)}`,
    });
    expect(huge.status).toBe(413);
  });

  it("a guest who unsubscribes twice gets no more host messages, keeps the seat and still gets the reminders", async () => {
    runtime = await startEmbedded({ dataDir: dir, http: false, clock, logger: silent, baseUrl: origin });
    const rt = runtime;
    const event = await createEvent(rt, { capacity: 5 });
    const e = event.eventId;
    await registerAll(rt, e, ["ana@x.org", "ben@x.org"]);
    const app = webApp(rt);
    const outbox = new SqliteMailOutbox(rt.db);
    const mail = async (kind: string) =>
      (await outbox.list({ eventId: e, limit: 1_000 })).filter((m) => m.headers["X-Rsvp-Kind"] === kind);

    await rt.queue.send([messageGuests(e, "Parking", "Use the back entrance.")]);
    await rt.idle();
    const first = (await mail("host-message")).find((m) => m.to === "ana@x.org")!;
    // The address in the header is the link in the body.
    const url = /^<(.+)>$/.exec(first.headers["List-Unsubscribe"] ?? "")![1]!;
    expect(url).toBe(first.links.unsubscribe);
    const path = url.slice(origin.length);

    // The mail client's button, sent twice (a retry), then the link in the body pressed as well.
    expect((await oneClick(app, path)).status).toBe(200);
    expect((await oneClick(app, path)).status).toBe(200);
    await rt.idle();
    expect(await pressAndRead(app, rt, path)).toContain("You&#39;re unsubscribed");
    // A fresh link of another message is another command: the keeper answers it "unchanged".
    const fresh = linkOf(event, await guest(rt.store, e, "ana@x.org"), "unsubscribe");
    expect(await pressAndRead(app, rt, fresh)).toContain("Already unsubscribed");
    const mutes = (await rt.audit.list(e)).filter((a) => a.action === "mute-messages");
    expect(mutes.map((a) => a.guestId)).toEqual([first.guestId]);

    await rt.queue.send([messageGuests(e, "Dinner", "Starts at eight.")]);
    await rt.idle();
    const dinner = (await mail("host-message")).filter((m) => m.subject.endsWith("Dinner"));
    expect(dinner.map((m) => m.to)).toEqual(["ben@x.org"]);

    // The RSVP's own emails still go out: the reminders, once the clock reaches them.
    clock.set(new Date(Date.parse(event.startsAt) - 2 * 3_600_000));
    await rt.tick();
    const reminders = (await mail("reminder")).map((m) => m.to);
    expect(reminders.filter((to) => to === "ana@x.org").length).toBeGreaterThan(0);
    expect((await guest(rt.store, e, "ana@x.org")).status).toBe("confirmed");
    expect(await rt.store.getEvent(e)).toMatchObject({ confirmed: 2 });
  });
});
