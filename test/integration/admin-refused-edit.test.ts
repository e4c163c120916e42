import { randomBytes } from "node:crypto";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pino from "pino";
import { afterEach, describe, expect, it } from "vitest";
import { type EmbeddedRuntime, startEmbedded } from "../../runtime/embedded/embedded-runtime.ts";
import { fakeClock } from "../helpers/factories.ts";

/**
 * An admin edit the keeper refuses (here: a new end after the event has started) is said at once on the
 * "Saving…" step's next look, with the keeper's reason, instead of 30 s of "Saving…" and then "taking longer".
 */
const base = "http://rsvp.test";
let rt: EmbeddedRuntime | null = null;
let dir = "";

afterEach(async () => {
  await rt?.stop();
  rt = null;
  rmSync(dir, { recursive: true, force: true });
});

const inDays = (days: number, time = "19:00") =>
  `${new Date(Date.now() + days * 86_400_000).toISOString().slice(0, 10)}T${time}`;

const eventForm = (overrides: Record<string, string> = {}): Record<string, string> => ({
  formId: `form-${randomBytes(6).toString("hex")}`,
  name: "Winter party",
  description: "",
  language: "en",
  startsAt: inDays(3),
  endsAt: inDays(3, "23:00"),
  timeZone: "UTC",
  place: "",
  address: "",
  onlineUrl: "",
  capacity: "40",
  maxParty: "1",
  claimWindowHours: "6",
  hostName: "",
  hostEmail: "",
  summaryDays: "7",
  reminderWeek: "on",
  thankYou: "auto",
  quietStart: "21:00",
  quietEnd: "08:00",
  embedOrigins: "",
  ...overrides,
});

describe("a refused admin edit", () => {
  it("shows the keeper's refusal on the next look, not Saving… for 30 s", async () => {
    dir = mkdtempSync(join(tmpdir(), "rsvp-admin-refused-"));
    const clock = fakeClock(new Date());
    rt = await startEmbedded({
      dataDir: dir,
      http: false,
      baseUrl: base,
      clock,
      logger: pino({ level: "silent" }),
    });
    const runtime = rt;
    let cookie = "";
    const headers = () => ({ accept: "text/html", cookie });
    const get = (path: string) =>
      runtime.fetch(new Request(`${base}${path}`, { headers: headers(), redirect: "manual" }));
    const post = async (path: string, fields: Record<string, string>) => {
      const res = await runtime.fetch(
        new Request(`${base}${path}`, {
          method: "POST",
          headers: { ...headers(), "content-type": "application/x-www-form-urlencoded", origin: base },
          body: new URLSearchParams(fields).toString(),
          redirect: "manual",
        }),
      );
      const set = res.headers.get("set-cookie");
      if (set) cookie = set.split(";")[0]!;
      return res;
    };
    expect((await post("/admin/sign-in", { token: runtime.adminToken })).status).toBe(303);
    const created = await (await post("/admin/events", eventForm())).text();
    const eventId = /href="http:\/\/rsvp\.test\/e\/([a-z0-9]+)"/.exec(created)![1]!;

    // The party has begun; the owner moves its end. The form takes it (the start is kept); the keeper refuses.
    clock.advance(4 * 86_400_000);
    const saved = await post(`/admin/events/${eventId}`, eventForm({ endsAt: inDays(3, "23:30") }));
    expect(saved.status).toBe(303);
    await runtime.idle();
    const page = await (await get(saved.headers.get("location")!)).text();
    expect(page).not.toContain("<h1>Saving…</h1>");
    expect(page).not.toContain("taking longer than usual");
    expect(page).toContain("Not done: the event has already started.");
    expect(page).toMatch(/name="endsAt"[^>]*value="[^"]*T23:00"/);
  });
});
