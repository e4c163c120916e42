import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, describe, expect, inject, it } from "vitest";
import { adminTokenVerifier } from "../../adapters/local/admin-token.ts";
import { SqliteMailOutbox } from "../../adapters/local/sqlite-mail-outbox.ts";
import type { AuditLog, EventDirectory, GuestStore } from "../../core/ports.ts";
import { systemClock } from "../../core/ports.ts";
import { storeAdminService } from "../../producers/web/admin-service.ts";
import { openStores, startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import { startAwsLocal } from "../../tools/aws-local/aws-local-runtime.ts";
import { dynamoLocalClient, uniqueTableName } from "../helpers/dynamo-local.ts";
import { webAppOver } from "../helpers/web-app.ts";

/**
 * The owner's admin area through the whole web app, on both runtimes: the embedded one on SQLite, and the AWS
 * web function in-process (tools/aws-local) on DynamoDB Local. A browser is played by hand: the session cookie
 * it was given is sent back, and every form post carries the Origin a browser would send.
 */
const base = "http://rsvp.test";
const silent = pino({ level: "silent" });

interface SentMail {
  to: string;
  kind: string | undefined;
  subject: string;
}

interface Runtime {
  fetch(request: Request): Promise<Response>;
  idle(): Promise<void>;
  store: GuestStore & EventDirectory;
  audit: Pick<AuditLog, "list">;
  adminToken: string;
  /** Every email sent so far, in order: to whom, of which kind (X-Rsvp-Kind), and its subject. */
  mails(): Promise<SentMail[]>;
  stop(): Promise<void>;
}

async function embedded(): Promise<Runtime> {
  const dir = mkdtempSync(join(tmpdir(), "rsvp-admin-"));
  const rt = await startEmbedded({ dataDir: dir, http: false, baseUrl: base, logger: silent });
  return {
    fetch: rt.fetch,
    idle: rt.idle,
    store: rt.store,
    audit: rt.audit,
    adminToken: rt.adminToken,
    mails: async () =>
      (await new SqliteMailOutbox(rt.db).list({ limit: 1_000 }))
        .reverse()
        .map((m) => ({ to: m.to, kind: m.headers["X-Rsvp-Kind"], subject: m.subject })),
    stop: async () => {
      await rt.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

const dynamoEndpoint = inject("dynamoEndpoint");

async function aws(): Promise<Runtime> {
  const endpoint = dynamoEndpoint!;
  const dynamo = dynamoLocalClient(endpoint);
  const adminToken = randomBytes(32).toString("base64url");
  const rt = await startAwsLocal({
    dynamo,
    streams: { endpoint },
    tables: {
      guest: uniqueTableName("admin-guests"),
      audit: uniqueTableName("admin-audit"),
      mail: uniqueTableName("admin-mail"),
    },
    baseUrl: base,
    adminToken,
    logger: silent,
  });
  return {
    fetch: (r) => rt.fetch(r),
    idle: () => rt.idle(),
    store: rt.store,
    audit: rt.audit,
    adminToken,
    mails: async () =>
      rt.ses.sent.map((m) => ({ to: m.to[0]!, kind: m.headers["X-Rsvp-Kind"], subject: m.subject })),
    stop: async () => {
      await rt.stop();
      dynamo.destroy();
    },
  };
}

/** A browser of one person: keeps the admin cookie it is given and sends it back. */
class Browser {
  cookie = "";
  readonly rt: Runtime;
  constructor(rt: Runtime) {
    this.rt = rt;
  }

  async get(path: string): Promise<Response> {
    return this.rt.fetch(
      new Request(`${base}${path}`, {
        headers: { accept: "text/html", cookie: this.cookie },
        redirect: "manual",
      }),
    );
  }

  async post(path: string, fields: Record<string, string>, origin: string | null = base): Promise<Response> {
    const headers: Record<string, string> = {
      accept: "text/html",
      "content-type": "application/x-www-form-urlencoded",
      cookie: this.cookie,
    };
    if (origin !== null) headers.origin = origin;
    const res = await this.rt.fetch(
      new Request(`${base}${path}`, {
        method: "POST",
        headers,
        body: new URLSearchParams(fields).toString(),
        redirect: "manual",
      }),
    );
    const set = res.headers.get("set-cookie");
    if (set) this.cookie = set.split(";")[0]!;
    return res;
  }

  async signIn(): Promise<void> {
    const res = await this.post("/admin/sign-in", { token: this.rt.adminToken });
    expect(res.status).toBe(303);
  }
}

const inDays = (days: number, time = "19:00") =>
  `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T${time}`;

/** The new-event form as an owner fills it in. */
const eventForm = (overrides: Record<string, string> = {}): Record<string, string> => ({
  formId: `form-${randomBytes(6).toString("hex")}`,
  name: "Winter party",
  description: "Mulled wine.\n\nBring a friend: https://example.org/plan",
  language: "de",
  startsAt: inDays(30),
  endsAt: inDays(30, "23:00"),
  timeZone: "Europe/Berlin",
  place: "Café Lima",
  address: "Hauptstraße 1, Berlin",
  onlineUrl: "",
  capacity: "40",
  claimWindowHours: "6",
  hostName: "Ana Lima",
  hostEmail: "ana@example.org",
  summaryDays: "7",
  reminderWeek: "on",
  reminderDay: "on",
  reminderMorning: "on",
  thankYou: "auto",
  quietStart: "21:00",
  quietEnd: "08:00",
  embedOrigins: "https://ana.example",
  ...overrides,
});

const hostPathIn = (page: string) => /href="http:\/\/rsvp\.test(\/h\/[A-Za-z0-9_-]+)"/.exec(page)?.[1];
const eventIdIn = (page: string) => /href="http:\/\/rsvp\.test\/e\/([a-z0-9]+)"/.exec(page)?.[1];

const runtimes = [
  { name: "embedded", available: true, start: embedded },
  { name: "aws", available: dynamoEndpoint !== null, start: aws },
] as const;

describe.each(runtimes)("the admin area ($name runtime)", ({ available, start }) => {
  let rt: Runtime | null = null;
  afterEach(async () => {
    await rt?.stop();
    rt = null;
  });

  const open = async () => {
    rt = await start();
    return new Browser(rt);
  };

  it.skipIf(!available)(
    "signing in with the admin token sets an HttpOnly, SameSite=Strict cookie for /admin and shows the events",
    async () => {
      const owner = await open();
      const signIn = await owner.get("/admin");
      expect(signIn.status).toBe(200);
      expect(await signIn.text()).toContain('action="/admin/sign-in"');

      const wrong = await owner.post("/admin/sign-in", { token: "not-the-token" });
      expect(wrong.status).toBe(403);
      expect(wrong.headers.get("set-cookie")).toBeNull();

      const res = await owner.post("/admin/sign-in", { token: owner.rt.adminToken });
      expect(res.status).toBe(303);
      expect(res.headers.get("location")).toBe("/admin");
      const cookie = res.headers.get("set-cookie") ?? "";
      expect(cookie).toMatch(/HttpOnly/i);
      expect(cookie).toMatch(/SameSite=Strict/i);
      expect(cookie).toMatch(/Path=\/admin/);
      expect(cookie).not.toMatch(/Secure/i); // the base URL is http
      const list = await owner.get("/admin");
      expect(list.status).toBe(200);
      expect(list.headers.get("cache-control")).toBe("no-store");
      expect(await list.text()).toContain("Your events");

      const out = await owner.post("/admin/sign-out", {});
      expect(out.status).toBe(303);
      expect(out.headers.get("set-cookie")).toMatch(/^rsvp_admin=;/);
      const signedOut = await owner.get(out.headers.get("location")!);
      expect(await signedOut.text()).toContain("You are signed out");
      expect(await (await owner.get("/admin")).text()).toContain('action="/admin/sign-in"');
    },
  );

  it.skipIf(!available)(
    "refuses a form sent from another site, or without an Origin, before acting",
    async () => {
      const owner = await open();
      expect((await owner.post("/admin/sign-in", { token: owner.rt.adminToken }, null)).status).toBe(403);
      const forged = await owner.post(
        "/admin/sign-in",
        { token: owner.rt.adminToken },
        "https://evil.example",
      );
      expect(forged.status).toBe(403);
      expect(forged.headers.get("set-cookie")).toBeNull();

      await owner.signIn();
      const crossSite = await owner.post("/admin/events", eventForm(), "https://evil.example");
      expect(crossSite.status).toBe(403);
      expect(await crossSite.text()).toContain("sent from another site");
      const nobody = new Browser(owner.rt);
      expect((await nobody.post("/admin/events", eventForm())).status).toBe(403);
      expect((await nobody.get("/admin/events/new")).status).toBe(303);
      expect(await (await owner.get("/admin")).text()).toContain("No events yet");
    },
  );

  it.skipIf(!available)(
    "creates an event with every setting and detail, shows its host link once, and lists it as a card",
    async () => {
      const owner = await open();
      await owner.signIn();
      const form = await owner.get("/admin/events/new");
      const formPage = await form.text();
      for (const section of ["Basics", "When", "Where", "Capacity and waitlist", "Messages", "Advanced"])
        expect(formPage).toContain(`<legend>${section}</legend>`);
      expect(formPage).toContain('name="claimWindowHours"');
      expect(formPage).toMatch(/name="claimWindowHours"[^>]*value="6"/);
      expect(formPage).toMatch(/name="quietStart"[^>]*value="21:00"/);

      const fields = eventForm();
      const created = await owner.post("/admin/events", fields);
      expect(created.status).toBe(201);
      const page = await created.text();
      expect(page).toContain("Created Winter party");
      const hostPath = hostPathIn(page);
      const eventId = eventIdIn(page);
      expect(hostPath).toBeDefined();
      const event = await owner.rt.store.getEvent(eventId!);
      expect(event).toMatchObject({
        name: "Winter party",
        capacity: 40,
        timeZone: "Europe/Berlin",
        details: {
          description: "Mulled wine.\n\nBring a friend: https://example.org/plan",
          location: { place: "Café Lima", address: "Hauptstraße 1, Berlin", onlineUrlConfirmedOnly: false },
          hostName: "Ana Lima",
          language: "de",
        },
        settings: {
          hostEmail: "ana@example.org",
          claimWindowHours: 6,
          embedOrigins: ["https://ana.example"],
          quietHours: { start: "21:00", end: "08:00" },
        },
      });
      expect(event!.startsAt).toBe(new Date(`${fields.startsAt}:00+01:00`).toISOString());
      expect((await owner.rt.fetch(new Request(`${base}${hostPath}`))).status).toBe(200);

      // The same form sent again (a double click, a reload) creates nothing more.
      const again = await owner.post("/admin/events", fields);
      expect(again.status).toBe(303);
      expect(again.headers.get("location")).toBe(`/admin/events/${eventId}?done=exists`);

      const list = await (await owner.get("/admin")).text();
      expect(list.match(/<li>/g)).toHaveLength(1);
      expect(list).toContain("Winter party");
      expect(list).toContain("0 of 40 seats taken");
      expect(list).toContain("Open");
      expect(list).not.toContain(hostPath!);
    },
  );

  it.skipIf(!available)(
    "refuses a wrong form with 400, a message beside each field and a summary, and keeps what was typed",
    async () => {
      const owner = await open();
      await owner.signIn();
      const res = await owner.post(
        "/admin/events",
        eventForm({
          name: "",
          capacity: "lots",
          startsAt: "2020-01-01T19:00",
          endsAt: "",
          onlineUrl: "javascript:alert(1)",
          hostEmail: "ana at example",
          embedOrigins: "not an origin",
          description: "Keep <this> text",
        }),
      );
      expect(res.status).toBe(400);
      const page = await res.text();
      expect(page).toContain("There are 6 problems");
      for (const message of [
        "Enter a name of 1 to 200 characters on one line.",
        "Enter a whole number of seats from 0 to 100,000.",
        "Choose a start in the future.",
        "Enter a web address starting with https:// or http://.",
        "Enter an email address like ana@example.org.",
        "Enter up to 10 origins such as https://example.org, one per line.",
      ])
        expect(page).toContain(message);
      expect(page).toMatch(
        /id="f-capacity" name="capacity" aria-describedby="f-capacity-hint f-capacity-error" aria-invalid="true"[^>]*value="lots"/,
      );
      expect(page).toContain('href="#f-name"');
      expect(page).toContain("Keep &lt;this&gt; text</textarea>");
      expect(page).toContain('value="javascript:alert(1)"');
      expect(await owner.rt.store.listEvents()).toEqual([]);
    },
  );

  it.skipIf(!available)(
    "edits details and settings, applies a new capacity through the keeper, and closes and reopens registration",
    async () => {
      const owner = await open();
      await owner.signIn();
      const fields = eventForm();
      const eventId = eventIdIn(await (await owner.post("/admin/events", fields)).text())!;
      const editPage = await (await owner.get(`/admin/events/${eventId}`)).text();
      expect(editPage).toMatch(/name="name"[^>]*value="Winter party"/);
      expect(editPage).toMatch(/name="address"[^>]*>Hauptstraße 1, Berlin<\/textarea>/);

      const saved = await owner.post(`/admin/events/${eventId}`, {
        ...fields,
        name: "Winter party 2026",
        description: "Now with a band.",
        capacity: "50",
        thankYou: "approve",
        reminderWeek: "",
      });
      expect(saved.status).toBe(303);
      // After the edit, the page waits for the keeper (polish: the "Saving…" step), so the address says on what.
      expect(saved.headers.get("location")).toMatch(
        new RegExp(`^/admin/events/${eventId}\\?done=saved&after=`),
      );
      await owner.rt.idle();
      const edited = await owner.rt.store.getEvent(eventId);
      expect(edited).toMatchObject({
        name: "Winter party 2026",
        capacity: 50,
        details: { description: "Now with a band." },
        settings: { thankYou: "approve" },
        calendarSequence: 0,
      });
      expect(edited!.settings.reminders.map((r) => r.kind)).toEqual(["day", "morning"]);
      expect(await (await owner.get(`/admin/events/${eventId}?done=saved`)).text()).toContain("Saved.");

      const closed = await owner.post(`/admin/events/${eventId}/close`, { formId: "close-1" });
      expect(closed.status).toBe(303);
      await owner.rt.idle();
      expect((await owner.rt.store.getEvent(eventId))!.registrationOpen).toBe(false);
      expect(await (await owner.get("/admin")).text()).toContain("Closed");
      await owner.post(`/admin/events/${eventId}/reopen`, { formId: "reopen-1" });
      await owner.rt.idle();
      expect((await owner.rt.store.getEvent(eventId))!.registrationOpen).toBe(true);
    },
  );

  it.skipIf(!available)(
    "asks before moving an event with guests, saying how many will be told, then saves the move",
    async () => {
      const owner = await open();
      await owner.signIn();
      const fields = eventForm();
      const eventId = eventIdIn(await (await owner.post("/admin/events", fields)).text())!;
      for (const [name, email] of [
        ["Bo", "bo@example.org"],
        ["Cy", "cy@example.org"],
      ])
        await owner.rt.fetch(
          new Request(`${base}/e/${eventId}/rsvp`, {
            method: "POST",
            headers: { "content-type": "application/x-www-form-urlencoded", origin: base },
            body: new URLSearchParams({ name: name!, email: email! }).toString(),
          }),
        );
      await owner.rt.idle();
      expect((await owner.rt.store.getEvent(eventId))!.confirmed).toBe(2);

      const moved = { ...fields, startsAt: inDays(31), endsAt: inDays(31, "23:00"), place: "Bar Mar" };
      const ask = await owner.post(`/admin/events/${eventId}`, moved);
      expect(ask.status).toBe(200);
      const askPage = await ask.text();
      expect(askPage).toContain("2 guests (confirmed, offered a seat or waiting) will be emailed");
      expect((await owner.rt.store.getEvent(eventId))!.details.location.place).toBe("Café Lima");

      const back = await owner.post(`/admin/events/${eventId}`, { ...moved, review: "yes" });
      expect(await back.text()).toMatch(/name="place"[^>]*value="Bar Mar"/);

      const confirmed = await owner.post(`/admin/events/${eventId}`, { ...moved, confirmed: "yes" });
      expect(confirmed.status).toBe(303);
      expect(confirmed.headers.get("location")).toMatch(
        new RegExp(`^/admin/events/${eventId}\\?done=moved&after=`),
      );
      expect(await (await owner.get(`/admin/events/${eventId}?done=moved`)).text()).toContain(
        "the guests are emailed the new date, time or place",
      );
      await owner.rt.idle();
      const after = await owner.rt.store.getEvent(eventId);
      expect(after!.details.location.place).toBe("Bar Mar");
      expect(after!.startsAt).toBe(new Date(`${moved.startsAt}:00+01:00`).toISOString());
      expect(after!.calendarSequence).toBe(1);
      // Through the keeper: audited, and each confirmed guest is emailed the change by the messenger.
      expect(after!.lastChange).toMatchObject({ action: "edit-event", lane: "host" });
      const told = (await owner.rt.mails()).filter((m) => m.kind === "event-changed");
      expect(told.map((m) => m.to).sort()).toEqual(["bo@example.org", "cy@example.org"]);
      // The event is in German (the form says language "de"), and so are its emails.
      expect(told[0]!.subject).toMatch(/^Neue Zeit und neuer Ort: Winter party/);
    },
  );

  it.skipIf(!available)(
    "a form sent twice is one change: one edit-event and one set-capacity command, audited once",
    async () => {
      const owner = await open();
      await owner.signIn();
      const fields = eventForm();
      const eventId = eventIdIn(await (await owner.post("/admin/events", fields)).text())!;
      await owner.rt.idle();
      const edit = { ...fields, formId: "edit-twice", name: "Winter party, again", capacity: "45" };
      const first = await owner.post(`/admin/events/${eventId}`, edit);
      const second = await owner.post(`/admin/events/${eventId}`, edit);
      expect([first.status, second.status]).toEqual([303, 303]);
      await owner.rt.idle();
      expect(await owner.rt.store.getEvent(eventId)).toMatchObject({
        name: "Winter party, again",
        capacity: 45,
      });
      const audited = (await owner.rt.audit.list(eventId)).filter((a) =>
        ["edit-event", "set-capacity"].includes(a.action),
      );
      expect(audited.map((a) => a.action).sort()).toEqual(["edit-event", "set-capacity"]);
      // Sending it once more after it took effect changes nothing.
      await owner.post(`/admin/events/${eventId}`, edit);
      await owner.rt.idle();
      expect(
        (await owner.rt.audit.list(eventId)).filter((a) => ["edit-event", "set-capacity"].includes(a.action)),
      ).toHaveLength(2);
    },
  );

  it.skipIf(!available)(
    "mints a new host link: the new one opens the host page, the old one is gone",
    async () => {
      const owner = await open();
      await owner.signIn();
      const oldHost = hostPathIn(await (await owner.post("/admin/events", eventForm())).text())!;
      const eventId = (await owner.rt.store.listEvents())[0]!.eventId;
      const rotated = await owner.post(`/admin/events/${eventId}/host-link`, {});
      expect(rotated.status).toBe(200);
      const newHost = hostPathIn(await rotated.text())!;
      expect(newHost).not.toBe(oldHost);
      expect((await owner.rt.fetch(new Request(`${base}${newHost}`))).status).toBe(200);
      expect((await owner.rt.fetch(new Request(`${base}${oldHost}`))).status).toBe(404);
      expect((await owner.rt.fetch(new Request(`${base}${oldHost}/headcount`))).status).toBe(404);
      await owner.rt.idle();
      expect((await owner.rt.audit.list(eventId)).map((a) => a.action)).toContain("new-host-link");
    },
  );
});

describe("the admin cookie behind https", () => {
  it("is Secure when the base URL is https", async () => {
    const dir = mkdtempSync(join(tmpdir(), "rsvp-admin-https-"));
    const stores = openStores(dir);
    try {
      const token = randomBytes(32).toString("base64url");
      const app = webAppOver(stores, {
        baseUrl: () => "https://rsvp.example.org",
        admin: {
          service: storeAdminService({ store: stores.store, queue: stores.queue, clock: systemClock }),
          verifyAdminToken: adminTokenVerifier(token),
        },
      });
      const res = await app.request("https://rsvp.example.org/admin/sign-in", {
        method: "POST",
        headers: {
          "content-type": "application/x-www-form-urlencoded",
          origin: "https://rsvp.example.org",
        },
        body: new URLSearchParams({ token }).toString(),
      });
      expect(res.status).toBe(303);
      expect(res.headers.get("set-cookie")).toMatch(/; Secure/);
    } finally {
      stores.db.close();
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
